"""A live class on several replicas: deploy/run_redis.sh (redis-server, then run_replicas.sh:
K replicas behind nginx) on free ports of 127.0.0.1, for tests/test_proxy_class.py and
bench/bench_class.py. ``serve_class_hall(k)`` yields a ClassHall; SIGTERM to the script on
exit stops nginx, the replicas and redis."""
from __future__ import annotations

import contextlib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from hall_replicas import free_port, script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "deploy" / "run_redis.sh"


@dataclass
class ClassHall:
    url: str                                    # nginx
    replicas: list[int]                         # pids of the streamlit replicas, as started
    nginx: int
    redis: int
    proc: subprocess.Popen
    output: list[str] = field(default_factory=list)


@contextlib.contextmanager
def serve_class_hall(k: int = 2, timeout: float = 180):
    port = free_port()
    with script(["bash", str(SCRIPT), "-n", str(k), "-a", "127.0.0.1", "-p", str(port), "-b", "0"],
                "run_redis.sh", timeout) as (proc, output):
        text = "".join(output)
        replicas = [int(m) for m in re.findall(r"replica r\d+: pid (\d+)", text)]
        nginx = int(re.search(r"nginx: pid (\d+)", text)[1])
        redis = int(re.search(r"redis: pid (\d+)", text)[1])
        yield ClassHall(f"http://127.0.0.1:{port}", replicas, nginx, redis, proc, output)
