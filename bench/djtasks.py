"""The benchmark's in-process half: data, query counts, the moderation queue, row counts.

Run by bench/run.py with the venv's Python, one subcommand per call, against
the database named by DATABASE_URL. Each call prints one JSON line prefixed
with ``BENCHJSON:`` (the app logs to stdout too). Anything the app does not
provide yet is reported as ``{"unavailable": "<why>"}`` instead of failing.
"""

import argparse
import contextlib
import cProfile
import inspect
import io
import json
import os
import pstats
import secrets
import statistics
import sys
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODERATOR = "bench-moderator"


def emit(data) -> None:
    print("BENCHJSON:" + json.dumps(data, default=str), flush=True)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


# --- PostgreSQL scratch database ---------------------------------------------


def recreate_pg(url: str) -> dict:
    """Drop and create the database named in ``url`` (connecting to ``postgres``)."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = conn.execute("SHOW server_version").fetchone()[0]
    return {"database": name, "server_version": version}


# --- Machine and versions ----------------------------------------------------


def info() -> dict:
    import django
    from django.db import connection

    extra = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db_version = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            db_version = cursor.fetchone()[0]
            # The posters need WAL and a busy timeout: writers wait instead of failing.
            cursor.execute("PRAGMA journal_mode")
            extra["sqlite_journal_mode"] = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            extra["sqlite_busy_timeout_ms"] = cursor.fetchone()[0]
    return {
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "database": f"{connection.vendor} {db_version}",
        **extra,
    }


# --- Data ------------------------------------------------------------------


def _comment_model():
    try:
        from comments.models import Comment
    except ImportError as exc:
        return None, f"comments.models.Comment is missing ({exc})"
    for method in ("approved", "pending"):
        if not hasattr(Comment.objects, method):
            return None, f"Comment.objects.{method}() is missing"
    return Comment, None


def _text_field(model) -> str:
    from django.db import models

    names = {f.name: f for f in model._meta.concrete_fields}
    for candidate in ("body", "text", "comment", "content"):
        if isinstance(names.get(candidate), models.TextField):
            return candidate
    for field in model._meta.concrete_fields:
        if isinstance(field, models.TextField):
            return field.name
    raise LookupError(f"{model.__name__} has no text field")


def _bulk(articles, *, approved: int, pending: int) -> str | None:
    """Call comments.demo.bulk_comments; returns why it could not, or None."""
    try:
        from comments.demo import bulk_comments
    except ImportError as exc:
        return f"comments.demo.bulk_comments is missing ({exc})"
    params = inspect.signature(bulk_comments).parameters
    kwargs = {"per_article": approved}
    if pending:
        if "pending" not in params:
            return "comments.demo.bulk_comments() takes no pending= argument"
        kwargs["pending"] = pending
    if "stdout" in params:
        kwargs["stdout"] = io.StringIO()
    bulk_comments(articles, **kwargs)
    return None


def _clone_article(template, *, slug: str, headline: str):
    """A fresh published article like ``template`` (same section, tags, byline)."""
    from django.utils import timezone

    from articles.models import Article

    tags = list(template.tags.all())
    bylines = list(template.bylines.all()) if hasattr(template, "bylines") else []
    article = Article.objects.get(pk=template.pk)
    article.pk = None
    article.id = None
    article._state.adding = True
    article.slug, article.headline = slug, headline
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() - timedelta(minutes=5)
    article.comments_open, article.comments_close_at = True, None
    article.save()
    article.tags.set(tags)
    for byline in bylines:
        byline.pk = None
        byline.id = None
        byline._state.adding = True
        byline.article = article
        byline.save()
    return article


def prepare(targets: list[int], pending: int, run_id: str) -> dict:
    """Articles with exactly ``targets`` approved comments, one to post on, a pending queue."""
    from django.contrib.auth import get_user_model

    from articles.models import Article

    out: dict = {"articles": {}, "notes": []}
    password = secrets.token_urlsafe(24)
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username=MODERATOR, defaults={"email": "bench@example.com"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    out["moderator"] = {"username": MODERATOR, "password": password}

    template = Article.objects.published().order_by("-published_at", "-pk").first()
    if template is None:
        out["notes"].append("no published article after seed_demo: nothing to clone")
        return out
    out["published_articles"] = Article.objects.published().count()
    comment, why = _comment_model()
    for target in targets:
        article = _clone_article(
            template, slug=f"bench-{target}-comments-{run_id}", headline=f"Bench: {target} comments"
        )
        entry = {"slug": article.slug, "path": article.get_absolute_url(), "wanted": target}
        if target and comment is None:
            entry["unavailable"] = why
        elif target:
            problem = _bulk([article], approved=target, pending=0)
            if problem:
                entry["unavailable"] = problem
        if comment is not None:
            entry["approved"] = comment.objects.approved().filter(article=article).count()
            if "unavailable" not in entry and entry["approved"] != target:
                entry["unavailable"] = (
                    f"bulk_comments left {entry['approved']} approved comments, wanted {target}"
                )
        out["articles"][str(target)] = entry
    post = _clone_article(template, slug=f"bench-post-{run_id}", headline="Bench: post here")
    out["post_article"] = {"slug": post.slug, "path": post.get_absolute_url()}
    queue = _clone_article(template, slug=f"bench-queue-{run_id}", headline="Bench: queue")
    out["queue_article"] = {"slug": queue.slug}
    if comment is None:
        out["queue"] = {"unavailable": why}
    else:
        out["queue"] = add_pending(queue.slug, pending)
    _analyze()
    return out


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum would in production.

    Without this, PostgreSQL plans the replies query (``parent_id IN (...)``)
    from the empty table it saw before the load and spends ~30 ms on it.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def add_pending(slug: str, total: int) -> dict:
    """Top the site's pending comments up to ``total`` (new ones go on article ``slug``)."""
    from articles.models import Article

    comment, why = _comment_model()
    if comment is None:
        return {"unavailable": why}
    have = comment.objects.pending().count()
    if have < total:
        article = Article.objects.get(slug=slug)
        # bulk_comments tops an article up to ``pending`` rather than adding that many.
        already = comment.objects.pending().filter(article=article).count()
        problem = _bulk([article], approved=0, pending=already + total - have)
        if problem:
            return {"unavailable": problem, "pending": have}
    _analyze()
    have = comment.objects.pending().count()
    result = {"pending": have}
    if have < total:
        result["unavailable"] = f"only {have} pending comments after bulk_comments, wanted {total}"
    return result


# --- Query counts ------------------------------------------------------------


def _client(login: bool):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if login:
        client.force_login(get_user_model().objects.get(username=MODERATOR))
    return client


def _short_sql(sql: str, limit: int = 240) -> str:
    sql = " ".join(sql.split())
    return sql if len(sql) <= limit else sql[: limit - 3] + "..."


def queries(pages: list[dict], repeat: int) -> dict:
    """Queries, status and in-process time of each page, as the second request sees it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import web

    results = {}
    for page in pages:
        client = _client(page.get("login", False))
        try:
            if page.get("post"):
                form_page = client.get(page["path"])
                form = web.find_comment_form(form_page.content.decode())
                if form is None:
                    results[page["name"]] = {"unavailable": "no comment form on the page"}
                    continue
                action = form.action or page["path"]
                fields = web.comment_fields(
                    form, text="Bench query count comment.", name="Bench", email="b@example.com"
                )
                data: dict[str, list[str]] = {}
                for key, value in fields:
                    data.setdefault(key, []).append(value)
                with CaptureQueriesContext(connection) as ctx:
                    resp = client.post(action, data)
                results[page["name"]] = {
                    "status": resp.status_code,
                    "queries": len(ctx.captured_queries),
                    "sql": [_short_sql(q["sql"]) for q in ctx.captured_queries],
                }
                continue
            client.get(page["path"])  # first request: fills the page cache, warms Django
            timings, cpu_times = [], []
            for _ in range(repeat):
                start, cpu_start = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as ctx:
                    resp = client.get(page["path"])
                cpu_times.append((time.process_time() - cpu_start) * 1000)
                timings.append((time.perf_counter() - start) * 1000)
            # Medians: one garbage collection or a neighbour's burst does not move them.
            cpu_ms = statistics.median(cpu_times)
            results[page["name"]] = {
                "status": resp.status_code,
                "queries": len(ctx.captured_queries),
                "in_process_ms": round(statistics.median(timings), 2),
                "in_process_cpu_ms": round(cpu_ms, 3),
                "sql": [_short_sql(q["sql"]) for q in ctx.captured_queries],
                "sql_ms": [round(float(q["time"]) * 1000, 2) for q in ctx.captured_queries],
            }
        except Exception as exc:  # the app is being built: report, do not stop the run
            results[page["name"]] = {"unavailable": f"{type(exc).__name__}: {exc}"[:300]}
    return results


def per_comment(path_none: str, path_hundred: str, pairs: int) -> dict:
    """CPU per rendered comment: the 0- and 100-comment pages rendered alternately.

    Interleaving puts any contention on the machine on both pages alike; the
    median of the paired differences is what 100 rendered comments cost.
    """
    client = _client(False)
    for path in (path_none, path_hundred):
        for _ in range(3):
            if client.get(path).status_code != 200:
                return {"unavailable": f"{path} does not answer 200"}
    differences, none, hundred = [], [], []
    for _ in range(pairs):
        start = time.process_time()
        client.get(path_none)
        middle = time.process_time()
        client.get(path_hundred)
        end = time.process_time()
        none.append((middle - start) * 1000)
        hundred.append((end - middle) * 1000)
        differences.append((end - middle) - (middle - start))
    return {
        "pairs": pairs,
        "cpu_ms_0": round(statistics.median(none), 3),
        "cpu_ms_100": round(statistics.median(hundred), 3),
        "us_per_comment": round(statistics.median(differences) * 1_000_000 / 100, 1),
    }


def _template_times(client, path: str, requests: int) -> dict:
    """Wall time per request inside each template (inclusive of what it includes)."""
    from collections import defaultdict

    from django.template import base

    totals: dict = defaultdict(float)
    calls: dict = defaultdict(int)
    original = base.Template._render

    def timed(self, context):
        start = time.perf_counter()
        try:
            return original(self, context)
        finally:
            name = getattr(self.origin, "template_name", None) or self.name or "?"
            totals[name] += time.perf_counter() - start
            calls[name] += 1

    base.Template._render = timed
    try:
        start = time.perf_counter()
        for _ in range(requests):
            client.get(path)
        total = time.perf_counter() - start
    finally:
        base.Template._render = original
    ranked = sorted(totals, key=lambda n: -totals[n])
    return {
        "request_ms": round(total / requests * 1000, 2),
        "templates": [
            {
                "template": name,
                "renders_per_request": round(calls[name] / requests, 1),
                "ms_per_request": round(totals[name] / requests * 1000, 3),
            }
            for name in ranked[:15]
        ],
    }


def profile(path: str, requests: int, top: int) -> dict:
    """Where an uncached page spends its time: the functions with the most own time."""
    client = _client(False)
    resp = client.get(path)
    if resp.status_code != 200:
        return {"unavailable": f"HTTP {resp.status_code}"}
    templates = _template_times(client, path, requests)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    elapsed = (time.perf_counter() - start) / requests * 1000
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, func), (_, calls, own, cumulative, _) in stats.stats.items():
        short = filename.replace(str(ROOT) + "/", "")
        if "site-packages/" in short:
            short = short.split("site-packages/", 1)[1]
        rows.append(
            {
                "function": f"{short}:{line}({func})",
                "calls_per_request": round(calls / requests, 1),
                "own_ms_per_request": round(own / requests * 1000, 3),
                "cumulative_ms_per_request": round(cumulative / requests * 1000, 3),
            }
        )
    by_own = sorted(rows, key=lambda r: -r["own_ms_per_request"])[:top]
    by_cumulative = sorted(rows, key=lambda r: -r["cumulative_ms_per_request"])
    ours = [
        r
        for r in by_cumulative
        if r["function"].startswith(("articles/", "comments/", "newsroom/", "templates/"))
    ][:top]
    return {
        "path": path,
        "templates_inclusive": templates,
        "ms_per_request_profiled": round(elapsed, 2),
        "top_own_time": by_own,
        "top_project_cumulative": ours,
    }


# --- The moderation queue at 100,000 -------------------------------------------


def queue(path: str, approve: int, repeat: int) -> dict:
    """Median render time of the queue page, then the time to approve ``approve`` comments."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    comment, why = _comment_model()
    if comment is None:
        return {"unavailable": why}
    out: dict = {"pending": comment.objects.pending().count(), "path": path}
    client = _client(True)
    resp = client.get(path)
    if resp.status_code != 200:
        out["render"] = {"unavailable": f"{path} answered HTTP {resp.status_code}"}
    else:
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:5]
        out["render"] = {
            "median_ms": round(statistics.median(timings), 1),
            "all_ms": [round(t, 1) for t in timings],
            "queries": len(ctx.captured_queries),
            "slowest_sql": [
                {"ms": round(float(q["time"]) * 1000, 1), "sql": _short_sql(q["sql"], 1200)}
                for q in slow
            ],
        }
    out["approve"] = approve_many(comment, approve)
    return out


def approve_many(comment, how_many: int) -> dict:
    """Time the moderation service approving ``how_many`` selected pending comments.

    This is what the admin's approve action runs on the selection (the action
    is a thin wrapper), called directly: a changelist POST of 1,000 ids would
    also be limited by DATA_UPLOAD_MAX_NUMBER_FIELDS.
    """
    from django.contrib.auth import get_user_model

    try:
        from comments import moderation
    except ImportError as exc:
        return {"unavailable": f"comments.moderation is missing ({exc})"}
    service = getattr(moderation, "decide_many", None) or getattr(moderation, "decide", None)
    if service is None:
        return {"unavailable": "comments.moderation has neither decide_many nor decide"}
    ids = list(comment.objects.pending().order_by("pk").values_list("pk", flat=True)[:how_many])
    if len(ids) < how_many:
        return {"unavailable": f"only {len(ids)} pending comments"}
    params = inspect.signature(service).parameters
    try:
        from comments.models import Decision

        approve = Decision.Kind.APPROVE
    except (ImportError, AttributeError):
        approve = getattr(getattr(comment, "Status", None), "APPROVED", "approved")
    kwargs = {}
    for name, value in (
        ("decision", approve),
        ("moderator", get_user_model().objects.get(username=MODERATOR)),
    ):
        if name in params:
            kwargs[name] = value
    start = time.perf_counter()
    service(comment.objects.filter(pk__in=ids), **kwargs)
    seconds = time.perf_counter() - start
    now_approved = comment.objects.approved().filter(pk__in=ids).count()
    out = {
        "service": f"comments.moderation.{service.__name__}",
        "count": how_many,
        "seconds": round(seconds, 3),
        "approved_after": now_approved,
    }
    if now_approved != how_many:
        out["unavailable"] = f"{service.__name__} left {now_approved} of {how_many} approved"
    return out


# --- Counting what the posters stored -------------------------------------------


def count(marker: str) -> dict:
    from django.db.models import Count

    comment, why = _comment_model()
    if comment is None:
        return {"unavailable": why}
    field = _text_field(comment)
    rows = comment.objects.filter(**{f"{field}__contains": marker})
    by_status = {}
    if any(f.name == "status" for f in comment._meta.concrete_fields):
        by_status = dict(
            rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
    duplicates = rows.values(field).annotate(n=Count("pk")).filter(n__gt=1)
    return {
        "stored": rows.count(),
        "by_status": by_status,
        "duplicates": sum(d["n"] - 1 for d in duplicates),
    }


# --- Search at scale ---------------------------------------------------------------

SEARCH_MARK = "bench-search"


def _sentences() -> list[str]:
    """Sentences of the demo articles: real prose, so words come as often as in news copy."""
    import re

    from articles.models import Article
    from webcore.sanitize import html_to_text

    sentences = []
    for standfirst, body in Article.objects.values_list("standfirst", "body"):
        text = f"{standfirst} {html_to_text(body)}"
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 3]
    return sentences


def add_articles(total: int, seed: int = 15) -> dict:
    """Top the published articles up to ``total``, each a shuffle of the demo articles' sentences.

    Written with COPY, so the database's search trigger indexes every row as
    it would on any insert. Headlines and bodies repeat the demo's words with
    their own frequencies: a common word is in a large share of the archive.
    """
    import random

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, Section

    have = Article.objects.published().count()
    if have >= total:
        return {"articles": have, "added": 0}
    rng = random.Random(seed)
    sentences = _sentences()
    if not sentences:
        return {"unavailable": "no demo articles to take sentences from"}
    # The default edition's: its search is the one measured.
    language = settings.LANGUAGE_CODE
    sections = list(Section.objects.filter(language=language).values_list("pk", flat=True))
    now = timezone.now()
    columns = (
        "headline, slug, standfirst, dateline, body, section_id, hero_image, hero_alt, "
        "hero_caption, hero_credit, status, published_at, created_at, updated_at, "
        "comments_open, comments_close_at, language"
    )
    started = time.perf_counter()
    added = total - have
    batch = secrets.token_hex(4)  # slugs stay unique when a later run tops up again
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: COPY
        with raw.copy(f"COPY articles_article ({columns}) FROM STDIN") as copy:
            for n in range(added):
                words = rng.choice(sentences).split()
                headline = " ".join(words[: rng.randint(5, 10)]).rstrip(".,;:")[:200]
                paragraphs = [
                    " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
                    for _ in range(rng.randint(3, 6))
                ]
                published = now - timedelta(minutes=rng.randint(10, 5 * 365 * 24 * 60))
                copy.write_row(
                    (
                        headline,
                        f"{SEARCH_MARK}-{batch}-{n}",
                        rng.choice(sentences)[:600],
                        "",
                        "".join(f"<p>{p}</p>" for p in paragraphs),
                        rng.choice(sections),
                        "",
                        "",
                        "",
                        "",
                        "published",
                        published,
                        published,
                        published,
                        False,
                        published,
                        language,
                    )
                )
    seconds = time.perf_counter() - started
    _analyze()
    return {
        "articles": Article.objects.published().count(),
        "added": added,
        "load_seconds": round(seconds, 1),
    }


def search_latency(queries: int, seed: int = 15) -> dict:
    """p50/p99 of the search page for one-word and two-word queries, never from the cache.

    Each query is a different word (drawn from the articles' own words, so
    common and rare ones come as often as in the copy), through the test
    client: the view, ``search_articles``, the page of results with snippets,
    the template. The results cache is off (``ARTICLES_SEARCH_CACHE_SECONDS=0``).
    """
    import random
    import re

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from articles.search import MAX_RESULTS, search_articles

    settings.ARTICLES_SEARCH_CACHE_SECONDS = 0
    settings.ARTICLES_SEARCH_RATE_LIMIT = "off"
    rng = random.Random(seed)
    words = [w.lower() for s in _sentences() for w in re.findall(r"[^\W\d_]{4,}", s)]
    if not words:
        return {"unavailable": "no words to search for"}
    total = Article.objects.published().count()
    # Drawn from the running text: a word appears as often as it does in the copy.
    one = [rng.choice(words) for _ in range(queries)]
    two = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(queries // 3)]
    client = Client()
    for word in ("warmup", "water", "government"):
        client.get("/search/", {"q": word})

    def run(batch):
        times, matches = [], []
        for query in batch:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                return {"unavailable": f"/search/?q={query} answered {response.status_code}"}
            matches.append(len(search_articles(query)))
        times.sort()
        return {
            "queries": len(batch),
            "p50_ms": round(statistics.median(times), 1),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
            "max_ms": round(times[-1], 1),
            "median_matches": statistics.median(matches),
            "share_at_cap": round(sum(m >= MAX_RESULTS for m in matches) / len(matches), 2),
        }

    return {
        "articles": total,
        "database": connection.vendor,
        "one_word": run(one),
        "two_words": run(two),
        "by_frequency": {
            label: {"word": word, "share": share, **run([word] * FREQUENCY_REPEATS)}
            for label, (word, share) in _words_by_frequency(words).items()
        },
    }


# Each chosen word is searched this many times (results cache off): its own p50/p99.
FREQUENCY_REPEATS = 40


def _words_by_frequency(words: list[str]) -> dict[str, tuple[str, float]]:
    """A rare, a mid-frequency and a very common word of the archive, with their share of it.

    Shares come from the index itself (``ts_stat`` over every twentieth
    article). "Mid" is the share where finding the newest ``MAX_RESULTS``
    matches costs most whichever way PostgreSQL goes (walking the dates or the
    GIN index): about sqrt(MAX_RESULTS / articles), 4.5 % at 100,000.
    """
    import math
    import re

    from django.conf import settings
    from django.db import connection

    from articles.models import Article
    from articles.search import MAX_RESULTS, search_articles, search_config

    if connection.vendor != "postgresql":
        return {}
    config = search_config(settings.LANGUAGE_CODE)
    # Headlines too: the generated bodies reuse the demo's sentences, so their
    # rarest word is still in a few per cent of the archive; a demo headline's
    # word may be in a handful of articles.
    headline_words = {
        w.lower()
        for headline in Article.objects.exclude(slug__startswith=SEARCH_MARK).values_list(
            "headline", flat=True
        )
        for w in re.findall(r"[^\W\d_]{4,}", headline)
    }
    distinct = sorted(set(words) | headline_words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat("
            "'SELECT search_vector FROM articles_article WHERE id % 20 = 0')"
        )
        ndoc = dict(cursor.fetchall())
        cursor.execute(
            "SELECT w, tsvector_to_array(to_tsvector(%s::regconfig, w)) FROM unnest(%s::text[]) w",
            [config, distinct],
        )
        lexemes = {w: lex for w, lex in cursor.fetchall() if len(lex) == 1}
        cursor.execute("SELECT count(*) FROM articles_article WHERE id % 20 = 0")
        sampled = cursor.fetchone()[0] or 1
    shares = {w: ndoc[lex[0]] / sampled for w, lex in lexemes.items() if lex[0] in ndoc}
    if not shares:
        return {}
    total = max(Article.objects.published().count(), 1)
    target = math.sqrt(MAX_RESULTS / total)
    chosen = {
        "rare": min(shares, key=lambda w: (shares[w], w)),
        "mid": min(shares, key=lambda w: (abs(shares[w] - target), w)),
        "common": "water" if "water" in shares else max(shares, key=lambda w: (shares[w], w)),
    }
    # Rarer than the sample can tell: a headline word missing from it, counted
    # exactly by a search (under MAX_RESULTS matches, its count is exact).
    unsampled = sorted(w for w in headline_words if w in lexemes and lexemes[w][0] not in ndoc)
    for word in unsampled[:20]:
        count = len(search_articles(word))
        if count and count / total < shares[chosen["rare"]]:
            chosen["rare"] = word
            shares[word] = count / total
    return {label: (word, round(shares[word], 6)) for label, word in chosen.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="task", required=True)
    sub.add_parser("recreate-pg").add_argument("url")
    sub.add_parser("info")
    p = sub.add_parser("prepare")
    p.add_argument("--targets", default="0,50,100,500")
    p.add_argument("--pending", type=int, default=10_000)
    p.add_argument("--run-id", required=True)
    p = sub.add_parser("add-pending")
    p.add_argument("--slug", required=True)
    p.add_argument("--total", type=int, required=True)
    p = sub.add_parser("queries")
    p.add_argument("--pages", required=True, help="JSON list of {name, path, login?, post?}")
    p.add_argument("--repeat", type=int, default=15)
    p = sub.add_parser("profile")
    p.add_argument("--path", required=True)
    p.add_argument("--requests", type=int, default=20)
    p.add_argument("--top", type=int, default=15)
    p = sub.add_parser("per-comment")
    p.add_argument("--none", required=True)
    p.add_argument("--hundred", required=True)
    p.add_argument("--pairs", type=int, default=60)
    p = sub.add_parser("queue")
    p.add_argument("--path", required=True)
    p.add_argument("--approve", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=5)
    sub.add_parser("count").add_argument("--marker", required=True)
    sub.add_parser("add-articles").add_argument("--total", type=int, required=True)
    sub.add_parser("search").add_argument("--queries", type=int, default=300)
    args = parser.parse_args()

    if args.task == "recreate-pg":
        emit(recreate_pg(args.url))
        return
    # The app logs to stdout; keep it off the JSON line's stream.
    with contextlib.redirect_stdout(sys.stderr):
        setup_django()
        if args.task == "info":
            result = info()
        elif args.task == "prepare":
            targets = [int(t) for t in args.targets.split(",") if t]
            result = prepare(targets, args.pending, args.run_id)
        elif args.task == "add-pending":
            result = add_pending(args.slug, args.total)
        elif args.task == "queries":
            result = queries(json.loads(args.pages), args.repeat)
        elif args.task == "profile":
            result = profile(args.path, args.requests, args.top)
        elif args.task == "per-comment":
            result = per_comment(args.none, args.hundred, args.pairs)
        elif args.task == "queue":
            result = queue(args.path, args.approve, args.repeat)
        elif args.task == "add-articles":
            result = add_articles(args.total)
        elif args.task == "search":
            result = search_latency(args.queries)
        else:
            result = count(args.marker)
    emit(result)


if __name__ == "__main__":
    main()
