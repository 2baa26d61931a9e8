"""A throwaway redis-server for tests: Debian's binary on a free port of 127.0.0.1, nothing
written to disk, stopped (by its pid) on exit. ``REDIS`` is None when it is not installed."""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))
from launch import free_port, started  # noqa: E402

REDIS = shutil.which("redis-server")
MISSING = "redis-server is not installed (Debian: apt-get install redis-server)"


def _pong(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")
    return False


@contextlib.contextmanager
def redis_server(timeout: float = 20):
    """Yields the URL of a fresh redis-server (redis://127.0.0.1:PORT/0)."""
    port = free_port()
    with started([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                  "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
                 lambda: _pong(port), f"redis-server on port {port}", timeout,
                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT):
        yield f"redis://127.0.0.1:{port}/0"
