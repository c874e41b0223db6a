"""Two app servers behind a reverse proxy, sharing PostgreSQL and Redis, plus the task worker.

The scale-out claim in the README made concrete on one machine: two gunicorn
masters (separate processes, separate ports, production settings), nginx from
Debian in front of them, and ``manage.py db_worker`` running the background
tasks, all pointed at one PostgreSQL database and one Redis.

    python bench/cluster.py up      # `make cluster`: serve until Ctrl-C
    python bench/cluster.py bench   # requests a second through one server, then two

``tests/test_cluster.py`` drives the same class. Everything listens on
127.0.0.1 only; the files nginx needs (configuration, logs, temp) live in a
temporary folder removed on stop.
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import web  # noqa: E402
from bench.server import Gunicorn  # noqa: E402

PYTHON = Path(sys.executable)
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/newsroom_cluster"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
{upstreams}
}}
"""

NGINX_SITE = """\
    upstream {name} {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://{name};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A server that is down or stopping: try the other one, POSTs too.
            # A stopping gunicorn resets connections no worker has read yet (so
            # nothing was stored); a comment that was stored is never stored
            # twice anyway: the database refuses the same text from the same
            # e-mail on one article (comment_not_posted_twice).
            proxy_next_upstream error timeout non_idempotent;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
        }}
    }}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log(message: str) -> None:
    print(f"[cluster] {message}", flush=True)


class Cluster:
    """``servers`` gunicorn masters, nginx in front (one site per upstream subset), one worker."""

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str,
        cache_prefix: str,
        servers: int = 2,
        workers: int = 2,
        sites: list[list[int]] | None = None,
        env: dict | None = None,
        prepare: bool = True,
    ):
        self.database_url, self.redis_url = database_url, redis_url
        self.workers, self.prepare = workers, prepare
        self.dir = Path(tempfile.mkdtemp(prefix="newsroom-cluster-"))
        self.ports = [free_port() for _ in range(servers)]
        # Each site is a list of server indexes; the first site is "the" proxy.
        self.sites = sites or [list(range(servers))]
        self.proxy_ports = [free_port() for _ in self.sites]
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": cache_prefix,
            "NEWSROOM_TRUSTED_PROXIES": "1",
            "NEWSROOM_TASKS_BACKEND": "database",
            "SITE_URL": f"http://127.0.0.1:{self.proxy_ports[0]}",
            "LOG_LEVEL": "WARNING",
            **(env or {}),
        }
        self.servers = [
            Gunicorn(
                python_bin=PYTHON,
                env=self.env,
                port=port,
                log_path=self.dir / f"gunicorn-{n}.log",
                workers=workers,
            )
            for n, port in enumerate(self.ports)
        ]
        self.nginx: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None

    @property
    def proxy_port(self) -> int:
        return self.proxy_ports[0]

    def manage(self, *args: str, timeout: float = 600) -> str:
        done = subprocess.run(
            [str(PYTHON), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def start(self) -> "Cluster":
        try:
            if self.prepare:
                log("migrate")
                self.manage("migrate", "--noinput", "-v0")
            # Production settings serve hashed static files: they must exist.
            self.manage("collectstatic", "--noinput", "-v0")
            # Side by side: each takes a few seconds to import Django and boot workers.
            failures = []

            def boot(server):
                try:
                    server.start(cwd=ROOT)
                except Exception as error:  # reported below, in the caller's thread
                    failures.append(error)

            threads = [threading.Thread(target=boot, args=(server,)) for server in self.servers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            if failures:
                raise failures[0]
            log("app servers on " + ", ".join(f"127.0.0.1:{port}" for port in self.ports))
            self._start_nginx()
            self._start_worker()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        # nginx's workers run as "nobody" when started by root: let them in.
        for path in [self.dir, *self.dir.rglob("*")]:
            if path.is_dir():
                path.chmod(0o777)
        upstreams = "".join(
            NGINX_SITE.format(
                name=f"newsroom{n}",
                port=port,
                servers="\n".join(
                    f"        server 127.0.0.1:{self.ports[i]} max_fails=1 fail_timeout=5s;"
                    for i in members
                ),
            )
            for n, (members, port) in enumerate(zip(self.sites, self.proxy_ports, strict=True))
        )
        conf = self.dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=self.dir, upstreams=upstreams))
        self.nginx = subprocess.Popen(
            [nginx, "-p", str(self.dir), "-e", str(self.dir / "nginx-error.log"), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "nginx-stderr.log", "wb"),  # noqa: SIM115 - lives with nginx
            start_new_session=True,
        )
        for port in self.proxy_ports:
            self._wait_healthy(port, "nginx")
        log("nginx on " + ", ".join(f"127.0.0.1:{port}" for port in self.proxy_ports))

    def _wait_healthy(self, port: int, what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.nginx is not None and self.nginx.poll() is not None:
                raise RuntimeError(f"{what} exited; see {self.dir}")
            with contextlib.suppress(OSError):
                if web.request("127.0.0.1", port, "GET", "/healthz", timeout=5).status == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"{what} on {port} did not answer /healthz in {timeout}s")

    def _start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [str(PYTHON), "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=self.env,
            stdout=open(self.dir / "worker.log", "wb"),  # noqa: SIM115 - lives with the worker
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log("task worker started (manage.py db_worker)")

    def logs(self, tail: int = 3000) -> str:
        """The end of every log the cluster wrote: for a failing test's message."""
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-tail:]}"
            for path in sorted(self.dir.glob("*.log"))
        )

    def stop_server(self, index: int) -> None:
        """Stop one app server the way a deploy does: SIGTERM, in-flight requests finish."""
        self.servers[index].stop()

    def stop(self) -> None:
        for proc in (self.worker, self.nginx):
            if proc is not None and proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)
        self.worker = self.nginx = None
        for server in self.servers:
            server.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def wrk(port: int, path: str, seconds: int) -> dict:
    done = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    rate = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    return {
        "req_s": float(rate.group(1)) if rate else None,
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def bench(args) -> int:
    """Requests a second through nginx to one app server, then to two, on this machine."""
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk): cluster throughput not measured.")
        return 0
    ensure_database(args.database_url)
    cluster = Cluster(
        database_url=args.database_url,
        redis_url=args.redis_url,
        cache_prefix="cluster-bench",
        sites=[[0], [0, 1]],
        env={"COMMENTS_RATE_LIMIT": "off"},
    )
    with cluster:
        cluster.manage("seed_demo", "--allow-production", "--articles", "20")
        rows = []
        for label, port in (
            ("one app server", cluster.proxy_ports[0]),
            ("two app servers", cluster.proxy_ports[1]),
        ):
            for page, path in (("home (warm)", "/"), ("health check (no cache)", "/healthz")):
                wrk(port, path, 1)  # warm-up
                rows.append({"setup": label, "page": page, **wrk(port, path, args.seconds)})
    cores = os.cpu_count()
    print(
        f"\nCluster throughput, nginx in front, {cluster.workers} gunicorn workers per server, "
        f"{cores} CPU cores, wrk -t2 -c8 -d{args.seconds}s:"
    )
    print(f"{'setup':<18} {'page':<26} {'req/s':>9} {'non-2xx':>8}")
    for row in rows:
        print(f"{row['setup']:<18} {row['page']:<26} {row['req_s'] or 0:>9.0f} {row['non_2xx']:>8}")
    return 0


def up(args) -> int:
    ensure_database(args.database_url)
    with Cluster(
        database_url=args.database_url, redis_url=args.redis_url, cache_prefix="cluster"
    ) as cluster:
        if args.seed:
            print(cluster.manage("seed_demo", "--allow-production"))
        log(f"serving http://127.0.0.1:{cluster.proxy_port}/ (Ctrl-C stops everything)")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "bench"])
    parser.add_argument("--database-url", default=os.environ.get("CLUSTER_PG_URL", DEFAULT_PG))
    parser.add_argument("--redis-url", default=os.environ.get("CLUSTER_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_DURATION", "10")))
    parser.add_argument("--no-seed", dest="seed", action="store_false")
    args = parser.parse_args()
    return up(args) if args.command == "up" else bench(args)


if __name__ == "__main__":
    sys.exit(main())
