"""``make bench``: Newsroom's throughput, latency, CPU and memory as ratios to the stack's floor.

One run builds scratch data on PostgreSQL and SQLite (``seed_demo`` plus
articles with exactly 0, 50, 100 and 500 approved comments and a queue of
pending ones), serves it with gunicorn (2 sync workers, production settings)
and loads it with ``wrk``:

- the floor (``/bench/floor/``: a fixed response, no template, no query),
- the home page and the article pages, cold (``NEWSROOM_PAGE_CACHE=0``) and
  warm (``=1``), a comment post and the moderation queue with 10,000 pending;

then, in process, the queue with 100,000 pending and approving 1,000 of them,
and finally 50 concurrent posters on each database, counting what was stored.
Every throughput is reported as a ratio to the floor measured in the same run,
so the numbers mean the same on a laptop and on a CI box.

Environment: BENCH_DURATION (seconds per wrk run, default 10),
BENCH_POSTER_SECONDS (30), BENCH_POSTERS (50), BENCH_ARTICLES (60),
BENCH_COMMENTS_PER_ARTICLE (5), BENCH_PG_URL, BENCH_REDIS_URL, BENCH_PORT,
BENCH_QUEUE_PATH (/admin/comments/comment/), BENCH_SEARCH_ARTICLES (100000),
BENCH_SEARCH_QUERIES (300), BENCH_CACHE_PREFIX (newsroom-bench), BENCH_SKIP
(comma list of ``postgres``, ``sqlite``, ``posters``, ``queue``, ``profile``,
``search``).

Redis: the page cache's keys carry the prefix BENCH_CACHE_PREFIX, and the run
deletes only keys under that prefix (SCAN + DEL) in BENCH_REDIS_URL (database
0 by default): nothing else in that Redis is touched.

Search (PostgreSQL, last): the published articles are topped up to
BENCH_SEARCH_ARTICLES (COPY, each row indexed by the search trigger), then
BENCH_SEARCH_QUERIES one-word searches, each a different word drawn from the
articles' own text, run through the search page with the results cache off;
then a rare, a mid-frequency and a common word, 40 times each, reported with
their own p50/p99 and the share of articles they are in.
"""

import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loadgen, posters, web  # noqa: E402
from bench.server import Gunicorn, cpu_delta, db_processes_cpu, machine_busy_seconds  # noqa: E402

ARTIFACTS = ROOT / "artifacts"
SCRATCH = ARTIFACTS / "bench"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable)

DURATION = float(os.environ.get("BENCH_DURATION", "10"))
POSTER_SECONDS = float(os.environ.get("BENCH_POSTER_SECONDS", "30"))
POSTERS = int(os.environ.get("BENCH_POSTERS", "50"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "60"))
COMMENTS_PER_ARTICLE = int(os.environ.get("BENCH_COMMENTS_PER_ARTICLE", "5"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CACHE_PREFIX = os.environ.get("BENCH_CACHE_PREFIX", "newsroom-bench")
SEARCH_ARTICLES = int(os.environ.get("BENCH_SEARCH_ARTICLES", "100000"))
SEARCH_QUERIES = int(os.environ.get("BENCH_SEARCH_QUERIES", "300"))
QUEUE_PATH = os.environ.get("BENCH_QUEUE_PATH", "/admin/comments/comment/")
SKIP = {s.strip() for s in os.environ.get("BENCH_SKIP", "").split(",") if s.strip()}
TARGETS = (0, 50, 100, 500)
CORES = os.cpu_count() or 1
# The PostgreSQL database the load rows run on (None on SQLite): its backends'
# CPU, and Redis's, is part of a request's cost too.
DB_NAME: list[str | None] = [None]
QUEUE_SMALL, QUEUE_LARGE, APPROVE = 10_000, 100_000, 1_000

# The floors of issue 6, as ratios to the floor measured in the same run.
FLOOR_WARM_500 = 0.7
FLOOR_COLD_0 = 0.15
FLOOR_COLD_500 = 0.05
MAX_US_PER_COMMENT = 25
MAX_WORKER_MB = 120
MAX_QUEUE_MS = 300
MAX_APPROVE_S = 2
MAX_ARTICLE_QUERIES = 8
MAX_SEARCH_P99_MS = 100


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- Machine -------------------------------------------------------------------


def machine() -> dict:
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    wrk = loadgen.wrk_path()
    wrk_version = None
    if wrk:
        out = subprocess.run([wrk, "-v"], capture_output=True, text=True)
        wrk_version = (out.stdout or out.stderr).split("[")[0].strip() or None
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "wrk": wrk_version,
    }


# --- Processes -------------------------------------------------------------------


def base_env(database_url: str, *, page_cache: bool, redis_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            # testserver: the in-process test Client of bench/djtasks.py.
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "NEWSROOM_BENCH": "1",
            "NEWSROOM_PAGE_CACHE": "1" if page_cache else "0",
            "COMMENTS_RATE_LIMIT": "off",
            "LOG_LEVEL": "WARNING",
            # Mail is built as in production but not sent: no SMTP server's
            # latency in the numbers, no console output in the workers.
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CACHE_KEY_PREFIX"] = CACHE_PREFIX
    env["ARTICLES_SEARCH_RATE_LIMIT"] = "off"
    return env


SECRET_KEY = secrets.token_urlsafe(48)


def manage(env: dict, *args: str, timeout: float = 600) -> None:
    log_path = SCRATCH / "manage.log"
    with open(log_path, "ab") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n".encode())
        out.flush()
        proc = subprocess.run(
            [str(PYTHON), "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )
        out.write(proc.stderr)
    if proc.returncode != 0:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"manage.py {args[0]} failed: {' / '.join(tail)}")


def task(env: dict, *args: str, timeout: float = 900) -> dict:
    """Run one bench/djtasks.py subcommand and return its JSON answer."""
    proc = subprocess.run(
        [str(PYTHON), str(ROOT / "bench" / "djtasks.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    with open(SCRATCH / "djtasks.log", "a") as out:
        out.write(f"\n$ djtasks {args[0]}\n{proc.stderr}")
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("BENCHJSON:"):
            return json.loads(line[len("BENCHJSON:") :])
    tail = " / ".join(proc.stderr.strip().splitlines()[-3:])
    raise RuntimeError(f"djtasks {args[0]} failed ({proc.returncode}): {tail}")


def redis_flush(url: str) -> bool:
    """Delete the bench's own keys (``CACHE_PREFIX:*``) in ``url``; False when Redis is not there.

    Only keys under the prefix go: the same Redis may hold another site's
    cache or a developer's data, and FLUSHDB would take those too.
    """
    try:
        import redis
    except ImportError:
        return False
    try:
        client = redis.Redis.from_url(url, socket_timeout=5)
        batch = []
        for key in client.scan_iter(match=f"{CACHE_PREFIX}:*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
        return True
    except redis.RedisError:
        return False


def loadavg() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def children_cpu() -> float:
    """CPU seconds of this script's finished children (wrk runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    preferred = os.environ.get("BENCH_PORT")
    if preferred:
        return int(preferred)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Data ------------------------------------------------------------------------


def build_database(label: str, url: str, run_id: str, notes: list[str]) -> dict | None:
    """migrate + seed_demo + exact comment counts; None when the database is not usable."""
    env = base_env(url, page_cache=False, redis_url=None)
    try:
        if label == "postgresql":
            task(env, "recreate-pg", url)
        log(f"{label}: migrate")
        manage(env, "migrate", "--noinput", "-v0")
        log(
            f"{label}: seed_demo --articles {ARTICLES} "
            f"--comments-per-article {COMMENTS_PER_ARTICLE}"
        )
        try:
            manage(
                env,
                "seed_demo",
                "--allow-production",
                "--articles",
                str(ARTICLES),
                "--comments-per-article",
                str(COMMENTS_PER_ARTICLE),
            )
        except RuntimeError as exc:
            notes.append(f"{label}: {exc}; tried plain seed_demo instead")
            try:
                manage(env, "seed_demo", "--allow-production")
            except RuntimeError as again:
                notes.append(f"{label}: {again}; the site has no demo content")
        log(
            f"{label}: articles with {', '.join(map(str, TARGETS))} comments, {QUEUE_SMALL} pending"
        )
        data = task(
            env,
            "prepare",
            "--targets",
            ",".join(map(str, TARGETS)),
            "--pending",
            str(QUEUE_SMALL),
            "--run-id",
            run_id,
        )
        data["url"] = url
        data["info"] = task(env, "info")
        notes.extend(f"{label}: {n}" for n in data.get("notes", []))
        return data
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        notes.append(f"{label}: database not usable: {exc}")
        log(f"{label}: NOT USABLE: {exc}")
        return None


# --- Load runs -------------------------------------------------------------------


def unavailable(name: str, why: str, **extra) -> dict:
    log(f"  {name}: not available: {why}")
    return {"name": name, "unavailable": why, **extra}


def measure(
    server: Gunicorn,
    name: str,
    path: str,
    *,
    cookies: dict | None = None,
    script: Path | None = None,
    check=None,
    **extra,
) -> dict:
    """Warm up, then one wrk run; CPU per request from the workers' /proc counters."""
    if not loadgen.wrk_path():
        return unavailable(name, "wrk is not installed (apt-get install wrk)", path=path, **extra)
    url = f"http://127.0.0.1:{server.port}{path}"
    headers = []
    if cookies:
        headers.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if check is None:
        resp = web.request("127.0.0.1", server.port, "GET", path, cookies=cookies)
        if resp.status != 200:
            return unavailable(name, f"GET {path} answered HTTP {resp.status}", path=path, **extra)
    else:
        problem = check()
        if problem:
            return unavailable(name, problem, path=path, **extra)
    loadgen.run(
        url, duration=1, threads=THREADS, connections=CONNECTIONS, headers=headers, script=script
    )
    before, began = server.cpu(), time.monotonic()
    busy0, db0, wrk0 = machine_busy_seconds(), db_processes_cpu(DB_NAME[0]), children_cpu()
    result = loadgen.run(
        url,
        duration=DURATION,
        threads=THREADS,
        connections=CONNECTIONS,
        headers=headers,
        script=script,
    )
    cpu = cpu_delta(before, server.cpu())
    elapsed = time.monotonic() - began
    db = cpu_delta(db0, db_processes_cpu(DB_NAME[0]))
    wrk_cpu = children_cpu() - wrk0
    # Whatever else ran meanwhile (other people's tests, say) competed for the cores.
    foreign = machine_busy_seconds() - busy0 - cpu - db - wrk_cpu
    row = {
        "name": name,
        "path": path,
        **extra,
        **{k: v for k, v in result.items() if k != "raw"},
        "cpu_ms_per_request": round(cpu * 1000 / result["requests"], 3)
        if result["requests"]
        else None,
        "peak_worker_mb": server.peak_mb(),
        "db_cpu_ms_per_request": round(db * 1000 / result["requests"], 3)
        if result["requests"]
        else None,
        "wrk_cpu_share": round(wrk_cpu / elapsed / CORES, 3),
        "foreign_cpu_share": round(max(0.0, foreign) / elapsed / CORES, 3),
        "wrk_output": result["raw"],
    }
    bad = result["non_2xx_3xx"] + sum((result.get("socket_errors") or {}).values())
    if bad:
        row["warning"] = f"{bad} failed responses or socket errors"
    log(
        f"  {name}: {result['rps']:.0f} req/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms"
        f", {row['cpu_ms_per_request']} ms CPU/req" + (f" ({row['warning']})" if bad else "")
    )
    return row


def post_row(server: Gunicorn, article_path: str, run_id: str) -> dict:
    """wrk posting distinct comments through the real form (CSRF cookie + token)."""
    name = "comment post"
    page = web.request("127.0.0.1", server.port, "GET", article_path)
    form = web.find_comment_form(page.text) if page.status == 200 else None
    if form is None:
        return unavailable(name, f"no comment form on {article_path} (HTTP {page.status})")
    cookies = dict(page.cookies)
    try:
        form = web.fetch_csrf("127.0.0.1", server.port, form, cookies)
    except (OSError, RuntimeError, ValueError) as exc:
        return unavailable(name, f"could not get a CSRF token: {exc}")
    action = form.action or article_path
    fields = web.comment_fields(form, text="", name="Bench wrk", email="wrk@example.com")
    text_field = form.textareas[0]
    body_before = web.encode([(k, v) for k, v in fields if k != text_field]).decode()
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())

    def check() -> str | None:
        probe = fields_with_text(fields, text_field, f"bench {run_id} probe")
        resp = web.request(
            "127.0.0.1", server.port, "POST", action, body=web.encode(probe), cookies=cookies
        )
        if resp.status not in (200, 302, 303):
            return f"POST {action} answered HTTP {resp.status}: {resp.text[:160]!r}"
        return None

    script = loadgen.post_script(
        SCRATCH / "post.lua",
        url_path=action,
        fields_before=body_before,
        text_field=text_field,
        text_prefix=urllib.parse.quote_plus(f"Bench wrk {run_id}"),
        cookie=cookie,
    )
    return measure(server, name, action, script=script, check=check, cache="off")


def fields_with_text(fields, text_field, text):
    return [(k, text if k == text_field else v) for k, v in fields]


def load_rows(data: dict, env_cold: dict, env_warm: dict, port: int, run_id: str) -> list[dict]:
    rows: list[dict] = []
    articles = data["articles"]

    def article_path(target: int) -> tuple[str | None, str | None]:
        entry = articles.get(str(target))
        if entry is None:
            return None, "no bench article was created"
        if "unavailable" in entry:
            return None, entry["unavailable"]
        return entry["path"], None

    for cache, env in (("off", env_cold), ("on", env_warm)):
        redis_flush(REDIS_URL)
        server = Gunicorn(
            python_bin=PYTHON, env=env, port=port, log_path=SCRATCH / f"gunicorn-{cache}.log"
        )
        log(f"gunicorn, page cache {cache}")
        try:
            server.start(cwd=ROOT)
            if cache == "off":
                rows.append(measure(server, "floor", "/bench/floor/", cache=cache))
            rows.append(
                measure(server, f"home ({'cold' if cache == 'off' else 'warm'})", "/", cache=cache)
            )
            for target in TARGETS if cache == "off" else (0, 50, 500):
                name = f"article {target} comments ({'cold' if cache == 'off' else 'warm'})"
                path, why = article_path(target)
                rows.append(
                    measure(server, name, path, cache=cache, comments=target)
                    if path
                    else unavailable(name, why, cache=cache, comments=target)
                )
            if cache == "off":
                rows.append(queue_row(server, data))
                rows.append(post_row(server, data["post_article"]["path"], run_id))
        except Exception as exc:
            traceback.print_exc()
            rows.append(unavailable(f"server (cache {cache})", f"{type(exc).__name__}: {exc}"))
        finally:
            server.stop()
            PEAKS.append(server.peak_mb())
    return rows


def queue_row(server: Gunicorn, data: dict) -> dict:
    name = f"admin queue ({QUEUE_SMALL:,} pending)"
    pending = data.get("queue", {})
    if "unavailable" in pending:
        return unavailable(name, pending["unavailable"], path=QUEUE_PATH)
    try:
        cookies = web.login(
            "127.0.0.1",
            server.port,
            username=data["moderator"]["username"],
            password=data["moderator"]["password"],
        )
    except (RuntimeError, OSError) as exc:
        return unavailable(name, str(exc), path=QUEUE_PATH)
    return measure(
        server,
        name,
        QUEUE_PATH,
        cookies=cookies,
        cache="off",
        login=True,
        pending=pending.get("pending"),
    )


PEAKS: list[float] = []


# --- Posters ------------------------------------------------------------------------


def poster_run(label: str, data: dict, env: dict, port: int, run_id: str) -> dict:
    marker = f"bench-{run_id}-{label}"
    redis_flush(REDIS_URL)
    server = Gunicorn(
        python_bin=PYTHON, env=env, port=port, log_path=SCRATCH / f"gunicorn-posters-{label}.log"
    )
    log(f"{POSTERS} posters for {POSTER_SECONDS:.0f}s on {label}")
    try:
        server.start(cwd=ROOT)
        page = web.request("127.0.0.1", port, "GET", data["post_article"]["path"])
        if page.status != 200 or web.find_comment_form(page.text) is None:
            return {"unavailable": f"no comment form on the article page (HTTP {page.status})"}
        before = server.cpu()
        result = posters.run_posters(
            port=port,
            article_path=data["post_article"]["path"],
            marker=marker,
            seconds=POSTER_SECONDS,
            posters=POSTERS,
        )
        result["cpu_ms_per_post"] = (
            round(cpu_delta(before, server.cpu()) * 1000 / result["accepted"], 2)
            if result["accepted"]
            else None
        )
    finally:
        server.stop()
        PEAKS.append(server.peak_mb())
    stored = task(env, "count", "--marker", marker)
    result.update(stored)
    if "unavailable" not in stored:
        result["ok"] = (
            result["stored"] == result["accepted"] > 0
            and result["server_5xx"] == 0
            and result["duplicates"] == 0
            and not result["errors"]
        )
    log(
        f"  {label}: accepted {result['accepted']}, stored {result.get('stored')}, "
        f"5xx {result['server_5xx']}, duplicates {result.get('duplicates')}, "
        f"statuses {result['statuses']}, errors {result['errors'] or 'none'}"
    )
    return result


# --- Verdicts and the report ---------------------------------------------------------------


def find(rows: list[dict], name: str) -> dict | None:
    return next((r for r in rows if r["name"] == name), None)


def verdicts(report: dict) -> list[dict]:
    rows = report["rows"]
    out = []

    def ratio_floor(label, row_name, floor):
        row = find(rows, row_name)
        if not row or "unavailable" in row or "ratio" not in row:
            why = (row or {}).get("unavailable", "not measured")
            out.append({"floor": label, "status": "N/A", "detail": why})
            return
        out.append(
            {
                "floor": label,
                "status": "PASS" if row["ratio"] >= floor else "FAIL",
                "detail": f"{row['ratio']:.3f}x of the floor (needs {floor}x)",
                "value": row["ratio"],
            }
        )

    ratio_floor("warm article, 500 comments >= 0.7x", "article 500 comments (warm)", FLOOR_WARM_500)
    ratio_floor("cold article, 0 comments >= 0.15x", "article 0 comments (cold)", FLOOR_COLD_0)
    ratio_floor(
        "cold article, 500 comments >= 0.05x", "article 500 comments (cold)", FLOOR_COLD_500
    )

    zero = find(rows, "article 0 comments (cold)")
    hundred = find(rows, "article 100 comments (cold)")
    label = f"CPU per rendered comment < {MAX_US_PER_COMMENT} us"
    paired = report.get("per_comment") or {}
    also = []
    if zero and hundred and "unavailable" not in zero and "unavailable" not in hundred:
        us = (hundred["cpu_ms_per_request"] - zero["cpu_ms_per_request"]) * 1000 / 100
        report["cpu_us_per_comment_gunicorn"] = round(us, 1)
        also.append(f"gunicorn rows (cold 100 - cold 0) / 100: {us:.1f} us")
    if "us_per_comment" in paired:
        us = paired["us_per_comment"]
        out.append(
            {
                "floor": label,
                "status": "PASS" if us < MAX_US_PER_COMMENT else "FAIL",
                "detail": f"{us:.1f} us (0 vs 100 shown, median of {paired['pairs']} "
                "interleaved pairs in process)" + "".join(f"; {a}" for a in also),
                "value": us,
            }
        )
    else:
        why = paired.get("unavailable") or (hundred or zero or {}).get("unavailable", "not run")
        out.append(
            {"floor": label, "status": "N/A", "detail": why + "".join(f"; {a}" for a in also)}
        )

    peak = report.get("peak_worker_mb")
    out.append(
        {
            "floor": f"worker memory < {MAX_WORKER_MB} MB",
            "status": "N/A" if not peak else ("PASS" if peak < MAX_WORKER_MB else "FAIL"),
            "detail": f"{peak} MB peak (VmHWM)" if peak else "no worker measured",
            "value": peak,
        }
    )

    def upper_floor(label, value, limit, detail, why):
        if value is None:
            out.append({"floor": label, "status": "N/A", "detail": why})
            return
        out.append(
            {
                "floor": label,
                "status": "PASS" if value < limit else "FAIL",
                "detail": detail,
                "value": value,
            }
        )

    queue = report.get("queue_100k") or {}
    render = queue.get("render") or {}
    median = render.get("median_ms")
    upper_floor(
        f"queue with {QUEUE_LARGE:,} pending < {MAX_QUEUE_MS} ms (PostgreSQL)",
        median,
        MAX_QUEUE_MS,
        f"{median} ms median of 5, {render.get('queries')} queries",
        render.get("unavailable") or queue.get("unavailable", "not measured"),
    )
    approve = queue.get("approve") or {}
    seconds = None if "unavailable" in approve else approve.get("seconds")
    upper_floor(
        f"approve {APPROVE:,} selected < {MAX_APPROVE_S} s",
        seconds,
        MAX_APPROVE_S,
        f"{seconds} s",
        approve.get("unavailable") or queue.get("unavailable", "not measured"),
    )

    for label in ("postgresql", "sqlite"):
        result = report["posters"].get(label) or {"unavailable": "not run"}
        name = f"{POSTERS} posters, nothing lost ({label})"
        if "ok" not in result:
            out.append({"floor": name, "status": "N/A", "detail": result.get("unavailable", "?")})
            continue
        out.append(
            {
                "floor": name,
                "status": "PASS" if result["ok"] else "FAIL",
                "detail": (
                    f"accepted {result['accepted']}, stored {result['stored']}, "
                    f"5xx {result['server_5xx']}, duplicates {result['duplicates']}"
                    + (f", errors {result['errors']}" if result["errors"] else "")
                ),
            }
        )

    searched = report.get("search") or {}
    one_word = searched.get("one_word") or {}
    p99 = one_word.get("p99_ms")
    upper_floor(
        f"search p99 < {MAX_SEARCH_P99_MS} ms, one word, {SEARCH_ARTICLES:,} articles (PostgreSQL)",
        p99,
        MAX_SEARCH_P99_MS,
        f"p50 {one_word.get('p50_ms')} ms, p99 {p99} ms over {one_word.get('queries')} "
        f"different words, {searched.get('articles')} articles"
        + "".join(
            f"; {label} “{row.get('word')}” ({row.get('share', 0):.3%} of articles) "
            f"p50 {row.get('p50_ms')} / p99 {row.get('p99_ms')} ms"
            for label, row in (searched.get("by_frequency") or {}).items()
        ),
        one_word.get("unavailable") or searched.get("unavailable", "not measured"),
    )

    counts = {t: (find(rows, f"article {t} comments (cold)") or {}).get("queries") for t in TARGETS}
    if all(isinstance(c, int) for c in counts.values()):
        same = len(set(counts.values())) == 1 and max(counts.values()) <= MAX_ARTICLE_QUERIES
        out.append(
            {
                "floor": f"article page queries constant and <= {MAX_ARTICLE_QUERIES}",
                "status": "PASS" if same else "FAIL",
                "detail": ", ".join(f"{t}: {c}" for t, c in counts.items()),
            }
        )
    return out


def fmt(value, spec: str, none: str = "-") -> str:
    return none if value is None else format(value, spec)


def print_report(report: dict) -> None:
    m = report["machine"]
    print()
    print(
        f"Newsroom benchmark {report['timestamp']}  (database for load rows: {report['database']})"
    )
    print(
        f"Machine: {m['cpu']}, {m['cores']} cores; "
        f"Python {m.get('python')}, Django {m.get('django')},"
        f" {m.get('postgresql') or 'PostgreSQL: not used'}; {m.get('sqlite')}; {m.get('wrk')}"
    )
    print(
        f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION:g}s; gunicorn 2 sync workers; "
        f"page cache {report['cache_backend']}"
    )
    print()
    header = (
        f"{'name':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} "
        f"{'CPU ms/req':>10} {'queries':>7} {'peak MB':>7} {'DB ms':>6} {'other':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in report["rows"]:
        if "unavailable" in row:
            print(f"{row['name']:<34} not available: {row['unavailable']}")
            continue
        print(
            f"{row['name']:<34} {row['rps']:>8.0f} {fmt(row['p50_ms'], '8.2f'):>8} "
            f"{fmt(row['p99_ms'], '8.2f'):>8} {fmt(row.get('ratio'), '7.3f'):>7} "
            f"{fmt(row['cpu_ms_per_request'], '10.2f'):>10} {fmt(row.get('queries'), 'd'):>7} "
            f"{fmt(row['peak_worker_mb'], '7.1f'):>7} "
            f"{fmt(row.get('db_cpu_ms_per_request'), '6.2f'):>6} "
            f"{fmt(row.get('foreign_cpu_share'), '6.0%'):>6}"
            + (f"  ! {row['warning']}" if "warning" in row else "")
        )
    print()
    print(
        "CPU ms/req: gunicorn workers' CPU per request. DB ms: PostgreSQL + Redis CPU per\n"
        "request. other: share of all cores used by processes outside the benchmark during\n"
        "the row (other work on the machine); above ~10% the row's req/s is understated."
    )
    print()
    print("Floors (issue 6):")
    for verdict in report["floors"]:
        print(f"  {verdict['status']:<4}  {verdict['floor']:<52} {verdict['detail']}")
    for name, prof in (report.get("profile") or {}).items():
        templates = (prof.get("templates_inclusive") or {}).get("templates")
        if not templates:
            continue
        print()
        print(
            f"Where {name} spends its time (in process, "
            f"{prof['templates_inclusive']['request_ms']} ms/request; templates inclusive):"
        )
        for entry in templates[:8]:
            print(
                f"  {entry['ms_per_request']:>8.2f} ms  {entry['renders_per_request']:>6g}x  "
                f"{entry['template']}"
            )
        row = find(report["rows"], name) or {}
        sql_ms = (row.get("query_check") or {}).get("sql_ms")
        if sql_ms:
            print(f"  SQL: {len(sql_ms)} queries, {sum(sql_ms):.2f} ms: {sql_ms}")
        profiled = prof["ms_per_request_profiled"]
        print(f"  Project code, cumulative under cProfile ({profiled} ms/request):")
        for entry in prof.get("top_project_cumulative", [])[:8]:
            print(
                f"  {entry['cumulative_ms_per_request']:>8.2f} ms  "
                f"{entry['calls_per_request']:>6g}x  {entry['function']}"
            )
    if report["notes"]:
        print()
        print("Notes:")
        for note in report["notes"]:
            print(f"  - {note}")
    print()
    print(f"JSON: {report['json_path']}")


def main() -> int:
    started = time.monotonic()
    run_id = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    SCRATCH.mkdir(parents=True, exist_ok=True)
    for stale in SCRATCH.glob("*.log"):
        stale.unlink()
    notes: list[str] = []
    report: dict = {
        "timestamp": run_id,
        "machine": machine(),
        "settings": {
            "duration_s": DURATION,
            "threads": THREADS,
            "connections": CONNECTIONS,
            "poster_seconds": POSTER_SECONDS,
            "posters": POSTERS,
            "articles": ARTICLES,
            "comments_per_article": COMMENTS_PER_ARTICLE,
        },
        "rows": [],
        "posters": {},
        "notes": notes,
    }
    if not loadgen.wrk_path():
        notes.append(
            "wrk is not installed: load rows skipped (make bench installs it with apt-get)"
        )
    report["machine"]["loadavg_at_start"] = loadavg()
    if (report["machine"]["loadavg_at_start"] or 0) > 0.5:
        notes.append(
            f"the machine was busy at the start (1-minute load "
            f"{report['machine']['loadavg_at_start']}): numbers are noisier than on an idle one"
        )
    log(f"Redis: deleting only the keys {CACHE_PREFIX}:* in {REDIS_URL} (BENCH_CACHE_PREFIX)")
    redis_url = REDIS_URL if redis_flush(REDIS_URL) else None
    report["cache_backend"] = (
        f"Redis {REDIS_URL}, keys {CACHE_PREFIX}:*" if redis_url else "local memory (per worker)"
    )
    if not redis_url:
        notes.append(f"Redis not reachable at {REDIS_URL}: page cache is per-worker local memory")

    sqlite_path = SCRATCH / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    databases = {}
    if "postgres" not in SKIP:
        databases["postgresql"] = PG_URL
    if "sqlite" not in SKIP:
        databases["sqlite"] = f"sqlite:///{sqlite_path}"

    log("collectstatic")
    first_url = next(iter(databases.values()), f"sqlite:///{sqlite_path}")
    try:
        manage(
            base_env(first_url, page_cache=False, redis_url=None),
            "collectstatic",
            "--noinput",
            "-v0",
        )
    except RuntimeError as exc:
        notes.append(str(exc))

    built = {}
    for label, url in databases.items():
        data = build_database(label, url, run_id, notes)
        if data:
            built[label] = data
            report["machine"][label] = data["info"]["database"]
            if "sqlite_journal_mode" in data["info"]:
                report["machine"]["sqlite"] += (
                    f" (journal {data['info']['sqlite_journal_mode']}, "
                    f"busy timeout {data['info']['sqlite_busy_timeout_ms']} ms)"
                )
            report["machine"].setdefault("python", data["info"]["python"])
            report["machine"].setdefault("django", data["info"]["django"])
    report["data"] = {
        label: {k: v for k, v in d.items() if k not in ("moderator", "info")}
        for label, d in built.items()
    }
    port = free_port()

    try:
        table_db = "postgresql" if "postgresql" in built else next(iter(built), None)
        report["database"] = table_db or "none"
        if table_db:
            data = built[table_db]
            if table_db == "postgresql":
                DB_NAME[0] = urllib.parse.urlsplit(data["url"]).path.lstrip("/")
            env_cold = base_env(data["url"], page_cache=False, redis_url=redis_url)
            env_warm = base_env(data["url"], page_cache=True, redis_url=redis_url)
            report["rows"] = load_rows(data, env_cold, env_warm, port, run_id)
            add_queries(report["rows"], data, env_cold, env_warm)
            floor = find(report["rows"], "floor")
            for row in report["rows"]:
                if floor and "unavailable" not in floor and "rps" in row and floor["rps"]:
                    row["ratio"] = round(row["rps"] / floor["rps"], 4)
            report["per_comment"] = per_comment(data, env_cold)
            if "profile" not in SKIP:
                report["profile"] = profiles(data, env_cold)
        else:
            notes.append("no database could be built: no load rows")

        if "postgresql" in built and "queue" not in SKIP:
            report["queue_100k"] = queue_100k(built["postgresql"])
        elif "queue" not in SKIP:
            report["queue_100k"] = {"unavailable": "PostgreSQL not available"}

        if "postgresql" in built and "search" not in SKIP:
            report["search"] = search_run(built["postgresql"])
        elif "search" not in SKIP:
            report["search"] = {"unavailable": "PostgreSQL not available"}

        if "posters" not in SKIP:
            for label, data in built.items():
                env = base_env(data["url"], page_cache=True, redis_url=redis_url)
                try:
                    report["posters"][label] = poster_run(label, data, env, port, run_id)
                except Exception as exc:
                    traceback.print_exc()
                    report["posters"][label] = {"unavailable": f"{type(exc).__name__}: {exc}"}
    finally:
        report["peak_worker_mb"] = max(PEAKS) if PEAKS else None

    report["floors"] = verdicts(report)
    report["elapsed_s"] = round(time.monotonic() - started, 1)
    ARTIFACTS.mkdir(exist_ok=True)
    json_path = ARTIFACTS / f"bench-{run_id}.json"
    report["json_path"] = str(json_path.relative_to(ROOT))
    text = json.dumps(report, indent=2, default=str)
    json_path.write_text(text)
    shutil.copyfile(json_path, ARTIFACTS / "bench-latest.json")
    print_report(report)
    log(f"done in {report['elapsed_s']:.0f}s")
    return 1 if any(v["status"] == "FAIL" for v in report["floors"]) else 0


def add_queries(rows: list[dict], data: dict, env_cold: dict, env_warm: dict) -> None:
    """Queries per request for each load row, from an in-process test Client run."""
    for cache, env in (("off", env_cold), ("on", env_warm)):
        pages = []
        for row in rows:
            if row.get("cache") != cache or "path" not in row or row["name"] == "floor":
                continue
            if row["name"] == "comment post":
                pages.append(
                    {"name": row["name"], "path": data["post_article"]["path"], "post": True}
                )
            else:
                pages.append(
                    {"name": row["name"], "path": row["path"], "login": bool(row.get("login"))}
                )
        if not pages:
            continue
        try:
            counts = task(env, "queries", "--pages", json.dumps(pages))
        except RuntimeError as exc:
            counts = {p["name"]: {"unavailable": str(exc)} for p in pages}
        for row in rows:
            found = counts.get(row["name"])
            if found is None:
                continue
            row["queries"] = found.get("queries")
            row["query_check"] = found
    floor = find(rows, "floor")
    if floor and "unavailable" not in floor:
        floor["queries"] = 0


def per_comment(data: dict, env_cold: dict) -> dict:
    """CPU per rendered comment, from the 0- and 100-comment pages rendered alternately.

    The gunicorn rows give the same difference, but ten seconds of each page
    at different moments on a shared machine differ by more than 100 comments
    cost; interleaved in one process, the contention falls on both alike.
    """
    entries = [data["articles"].get(str(t)) or {} for t in (0, 100)]
    for entry in entries:
        if "path" not in entry or "unavailable" in entry:
            return {"unavailable": entry.get("unavailable", "no bench article")}
    log("CPU per rendered comment: 0 and 100 comments, interleaved")
    try:
        result = task(
            env_cold, "per-comment", "--none", entries[0]["path"], "--hundred", entries[1]["path"]
        )
    except RuntimeError as exc:
        return {"unavailable": str(exc)}
    log(f"  {result.get('us_per_comment', result.get('unavailable'))} us per comment")
    return result


def profiles(data: dict, env_cold: dict) -> dict:
    out = {}
    pages = [("home (cold)", "/")]
    for target in (0, 500):
        entry = data["articles"].get(str(target)) or {}
        if "path" in entry and "unavailable" not in entry:
            pages.append((f"article {target} comments (cold)", entry["path"]))
    for name, path in pages:
        log(f"profile: {name}")
        try:
            out[name] = task(env_cold, "profile", "--path", path, "--requests", "20")
        except RuntimeError as exc:
            out[name] = {"unavailable": str(exc)}
    return out


def search_run(data: dict) -> dict:
    """Search latency at SEARCH_ARTICLES published articles, in process (bench/djtasks.py)."""
    env = base_env(data["url"], page_cache=False, redis_url=None)
    log(f"postgresql: topping the articles up to {SEARCH_ARTICLES:,} for search")
    try:
        added = task(env, "add-articles", "--total", str(SEARCH_ARTICLES), timeout=3600)
        if "unavailable" in added:
            return added
        log(f"postgresql: {SEARCH_QUERIES} one-word searches, results cache off")
        result = task(env, "search", "--queries", str(SEARCH_QUERIES), timeout=1800)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return {"unavailable": str(exc)}
    result["load"] = added
    one = result.get("one_word", {})
    log(f"  search, one word: p50 {one.get('p50_ms')} ms, p99 {one.get('p99_ms')} ms")
    for label, row in (result.get("by_frequency") or {}).items():
        log(
            f"  search, {label} word {row.get('word')!r} ({row.get('share', 0):.3%}): "
            f"p50 {row.get('p50_ms')} ms, p99 {row.get('p99_ms')} ms"
        )
    return result


def queue_100k(data: dict) -> dict:
    env = base_env(data["url"], page_cache=False, redis_url=None)
    log(f"postgresql: topping the queue up to {QUEUE_LARGE:,} pending")
    try:
        added = task(
            env, "add-pending", "--slug", data["queue_article"]["slug"], "--total", str(QUEUE_LARGE)
        )
        if "unavailable" in added:
            return added
        log(f"postgresql: queue render (median of 5) and approving {APPROVE:,}")
        result = task(env, "queue", "--path", QUEUE_PATH, "--approve", str(APPROVE))
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return {"unavailable": str(exc)}
    render, approve = result.get("render", {}), result.get("approve", {})
    log(
        f"  queue render: {render.get('median_ms', render.get('unavailable'))} ms; "
        f"approve {APPROVE}: {approve.get('seconds', approve.get('unavailable'))} s"
    )
    return result


if __name__ == "__main__":
    # A SIGTERM (a CI timeout, say) unwinds like Ctrl-C: the finally blocks stop gunicorn.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sys.exit(main())
