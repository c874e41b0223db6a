"""gunicorn under the benchmark: start, wait until healthy, read worker CPU and memory, stop.

CPU and memory come from /proc (no psutil): a worker's utime + stime before and
after a load run, divided by the requests it served, is the server's CPU cost
per request; VmHWM is the most memory a worker has held since it started.
"""

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from bench import web

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after the last ')'.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command name: state is field 0, utime field 11, stime field 12.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Gunicorn:
    """One gunicorn master with ``workers`` sync workers, in its own process group."""

    def __init__(self, *, python_bin: Path, env: dict, port: int, log_path: Path, workers=2):
        self.env, self.port, self.log_path, self.workers = env, port, log_path, workers
        self.gunicorn = python_bin.parent / "gunicorn"
        self.proc: subprocess.Popen | None = None
        self.peak_kb = 0
        self._log = None

    def start(self, *, cwd: Path, timeout: float = 60) -> None:
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                str(self.gunicorn),
                "newsroom.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "5",
            ],
            cwd=cwd,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.proc.returncode}; see {self.log_path}"
                )
            try:
                resp = web.request("127.0.0.1", self.port, "GET", "/healthz", timeout=5)
                if resp.status == 200 and len(self.worker_pids()) >= self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not become healthy in {timeout}s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        return _children(self.proc.pid) if self.proc else []

    def cpu(self) -> dict[int, float]:
        return {pid: cpu_seconds(pid) for pid in self.worker_pids()}

    def peak_mb(self) -> float:
        """The largest peak resident size of any worker so far (VmHWM), in MB."""
        for pid in self.worker_pids():
            self.peak_kb = max(self.peak_kb, _status_kb(pid, "VmHWM"))
        return round(self.peak_kb / 1024, 1)

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.peak_mb()
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        # Workers may outlive the master for a moment; the group kill reaches them.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None


def db_processes_cpu(database: str | None) -> dict[int, float]:
    """CPU seconds so far of the database server processes serving the benchmark.

    PostgreSQL backends connected to ``database`` (their title names it) and
    Redis; other helpers' PostgreSQL backends on the same server are not ours.
    """
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = stat[stat.find("(") + 1 : stat.rfind(")")]
            if command == "postgres":
                title = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
                if not database or f" {database} ".encode() not in title:
                    continue
            elif command != "redis-server":
                continue
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent not idle since boot (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    # user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
    return (sum(values[:8]) - values[3] - values[4]) / CLOCK_TICKS


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the workers spent between two readings (workers that died count as 0)."""
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)
