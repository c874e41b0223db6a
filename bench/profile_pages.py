"""CPU per cold render of the reader pages, in-process: a quick before/after for template work.

Run against a database prepared like ``make bench`` does (``seed_demo`` then
``bench/djtasks.py prepare``), with production settings and the page cache off:

    DJANGO_DEBUG=0 DJANGO_SECRET_KEY=... DJANGO_ALLOWED_HOSTS=testserver NEWSROOM_PAGE_CACHE=0 \\
    DATABASE_URL=... .venv/bin/python bench/profile_pages.py [--requests 200] [--profile PAGE]

Each page is requested through Django's test Client (the full middleware stack,
the cached template loader since DEBUG is off); the report is the median
process CPU per request over ``--requests`` requests and the queries of one.
``--dump DIR`` writes each page's HTML there, to diff the markup before and after
a change; ``--profile NAME`` prints the cProfile of that page instead.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pages() -> dict[str, str]:
    from articles.models import Article, Section

    pages = {"home": "/"}
    for target in (0, 50, 100, 500):
        article = (
            Article.objects.published()
            .filter(slug__startswith=f"bench-{target}-comments-")
            .order_by("-pk")
            .first()
        )
        if article:
            pages[f"article {target}"] = article.get_absolute_url()
    section = Section.objects.filter(articles__isnull=False).first()
    if section:
        pages["section"] = section.get_absolute_url()
    pages["latest"] = "/latest/"
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", help="comma list of page names")
    parser.add_argument("--profile", help="page name to run under cProfile")
    parser.add_argument("--dump", help="directory to write each page's HTML into")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    pages = _pages()
    if args.only:
        pages = {name: pages[name] for name in args.only.split(",")}

    if args.profile:
        path = pages[args.profile]
        client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        return

    print(f"{'page':<14} {'path':<42} {'CPU ms':>7} {'queries':>7}")
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if args.dump:
            Path(args.dump).mkdir(parents=True, exist_ok=True)
            Path(args.dump, name.replace(" ", "_") + ".html").write_bytes(response.content)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = len(captured.captured_queries)
        times = []
        for _ in range(args.requests):
            start = time.process_time()
            client.get(path)
            times.append((time.process_time() - start) * 1000)
        print(f"{name:<14} {path:<42} {statistics.median(times):7.2f} {queries:7d}")


if __name__ == "__main__":
    main()
