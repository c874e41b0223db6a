"""Fifty readers posting at once: nothing may be lost, failed or stored twice.

Each poster is a thread with its own cookies: it loads the article page once
(the form's hidden fields; the CSRF token from the form's ``data-csrf-url``,
as the page's script does), then posts distinct
comments, one request after another, until the time is up. A post counts as
accepted when the server answers with a redirect (the comment was taken) or
a 200; the harness then counts the stored rows carrying this run's marker.
"""

import threading
import time
from collections import Counter

from bench import web

_TEXT = (
    "Thank you for the report. I live near the bridge and the traffic has been "
    "heavy all week; it would help to know when the repairs will end."
)


def run_posters(
    *,
    port: int,
    article_path: str,
    marker: str,
    seconds: float,
    posters: int = 50,
    host: str = "127.0.0.1",
) -> dict:
    """Post for ``seconds`` from ``posters`` threads; returns the tally of answers."""
    tally: Counter = Counter()
    errors: Counter = Counter()
    lock = threading.Lock()
    deadline = [0.0]
    # The clock starts when every poster has its form, not while they fetch it.
    start = threading.Barrier(
        posters + 1, action=lambda: deadline.__setitem__(0, time.monotonic() + seconds)
    )

    def poster(number: int) -> None:
        local: Counter = Counter()
        form, cookies = None, {}
        try:
            page = web.request(host, port, "GET", article_path, timeout=60)
            cookies.update(page.cookies)
            form = web.find_comment_form(page.text) if page.status == 200 else None
            if form is not None:
                form = web.fetch_csrf(host, port, form, cookies)
        except (OSError, RuntimeError, ValueError) as exc:
            local[f"page error: {type(exc).__name__}: {exc}"[:120]] += 1
            form = None
        finally:
            start.wait(timeout=300)
        if form is None:
            with lock:
                errors["no comment form on the page"] += 1
                errors.update(local)
            return
        action = form.action or article_path
        sequence = 0
        while time.monotonic() < deadline[0]:
            sequence += 1
            text = f"{marker} poster {number} comment {sequence}. {_TEXT}"
            fields = web.comment_fields(
                form, text=text, name=f"Poster {number}", email=f"poster{number}@example.com"
            )
            try:
                resp = web.request(
                    host, port, "POST", action, body=web.encode(fields), cookies=cookies, timeout=60
                )
            except OSError as exc:
                local[f"connection error: {type(exc).__name__}"] += 1
                continue
            local[resp.status] += 1
        with lock:
            for key, value in local.items():
                (tally if isinstance(key, int) else errors)[key] += value

    threads = [threading.Thread(target=poster, args=(n,), daemon=True) for n in range(posters)]
    for thread in threads:
        thread.start()
    start.wait(timeout=300)
    began = time.monotonic()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.monotonic() - began
    redirects = sum(v for k, v in tally.items() if 300 <= k < 400)
    ok_200 = sum(v for k, v in tally.items() if 200 <= k < 300)
    return {
        "posters": posters,
        "seconds": round(elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(tally.items())},
        "accepted": redirects + ok_200,
        "accepted_redirect": redirects,
        "answered_200": ok_200,
        "client_4xx": sum(v for k, v in tally.items() if 400 <= k < 500),
        "server_5xx": sum(v for k, v in tally.items() if k >= 500),
        "errors": dict(errors),
    }
