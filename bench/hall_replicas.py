"""How long a hall waits for a killed replica: deploy/run_replicas.sh's supervisor, timed.

``serve_replicas(n, *options)`` runs deploy/run_replicas.sh (replicas on free ports, nginx on
a free port of 127.0.0.1) and yields a ``Hall``: the proxy's URL, each replica's pid and port
as printed at start, and every line the script has printed so far (a thread keeps reading
them, so a chatty supervisor never blocks on a full pipe). tests/test_proxy*.py use it too.

``killed_replica_seconds()`` starts two replicas, kills one with SIGKILL (as the kernel's
OOM killer or a crash would) and returns the seconds until that replica answers
/_stcore/health on its own port again: the supervisor's restart plus Streamlit's start.

Run: python3 bench/hall_replicas.py [RUNS]   (prints each run; appends to
bench/results_hall_replicas.md with the date and the machine's load)
"""
from __future__ import annotations

import contextlib
import datetime
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from launch import free_port, gone, healthy, script  # noqa: E402,F401  (free_port: for callers)

SCRIPT = ROOT / "deploy" / "run_replicas.sh"
RESULTS = Path(__file__).resolve().parent / "results_hall_replicas.md"


@dataclass
class Hall:
    """A running run_replicas.sh: where to reach it and what it started."""
    url: str                                   # nginx, e.g. http://127.0.0.1:40123
    run_dir: Path
    replicas: dict[str, tuple[int, int]]       # "r0" -> (pid, port), as started
    nginx_pid: int
    proc: subprocess.Popen
    output: list[str] = field(default_factory=list)   # every line printed so far

    @property
    def pids(self) -> list[int]:
        return [pid for pid, _ in self.replicas.values()] + [self.nginx_pid]

    def replica_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.replicas[name][1]}"


@contextlib.contextmanager
def serve_replicas(n: int = 2, *options: str, timeout: float = 180):
    """Yields a Hall for `run_replicas.sh -n N OPTIONS`; SIGTERM to the script on exit."""
    port = free_port()
    with script(["bash", str(SCRIPT), "-n", str(n), "-a", "127.0.0.1", "-p", str(port), "-b", "0",
                 *options], "run_replicas.sh", timeout) as (proc, output):
        replicas, nginx_pid, run_dir = {}, 0, None
        for line in output:
            if m := re.match(r"replica (r\d+): pid (\d+), http://127\.0\.0\.1:(\d+)", line):
                replicas[m[1]] = (int(m[2]), int(m[3]))
            if m := re.match(r"nginx: pid (\d+), config (\S+)/nginx\.conf", line):
                nginx_pid, run_dir = int(m[1]), Path(m[2])
        yield Hall(f"http://127.0.0.1:{port}", run_dir, replicas, nginx_pid, proc, output)


def wait_healthy(base_url: str, since: float, timeout: float) -> float:
    """Seconds from `since` (a perf_counter time) until base_url answers /_stcore/health."""
    while not healthy(base_url):
        if time.perf_counter() - since > timeout:
            raise TimeoutError(f"{base_url} did not answer /_stcore/health within {timeout} s")
        time.sleep(0.05)
    return time.perf_counter() - since


def kill_replica(hall: Hall, name: str = "r0") -> float:
    """SIGKILL one replica; returns the perf_counter time once it has died."""
    pid = hall.replicas[name][0]
    os.kill(pid, signal.SIGKILL)
    killed = time.perf_counter()
    while not gone(pid):
        time.sleep(0.005)
    return killed


def killed_replica_seconds(replicas: int = 2, timeout: float = 60.0) -> float:
    """Start `replicas` replicas, SIGKILL r0, and return the seconds until r0 answers
    /_stcore/health on its own port again (TimeoutError after `timeout` s)."""
    with serve_replicas(replicas) as hall:
        killed = kill_replica(hall, "r0")
        return wait_healthy(hall.replica_url("r0"), killed, timeout)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    seconds = []
    for i in range(runs):
        seconds.append(killed_replica_seconds())
        print(f"run {i + 1}: the killed replica answered again after {seconds[-1]:.2f} s")
    figures = ", ".join(f"{s:.2f}" for s in seconds)
    lines = [f"## {datetime.datetime.now().isoformat(timespec='minutes')}", "",
             f"2 replicas (deploy/run_replicas.sh -b 0), r0 killed with SIGKILL, seconds until "
             f"r0 answered /_stcore/health on its own port again (the supervisor's restart plus "
             f"Streamlit's start), {runs} runs: {figures} (max {max(seconds):.2f} s; target "
             f"under 10 s). Machine: {os.cpu_count()} cores; `uptime` before the runs: {load}.",
             ""]
    new = not RESULTS.exists()
    with RESULTS.open("a") as f:
        if new:
            f.write("# A killed replica, back\n\nAppended by `python3 bench/hall_replicas.py`.\n\n")
        f.write("\n".join(lines) + "\n")
    print(f"appended to {RESULTS}")


if __name__ == "__main__":
    main()
