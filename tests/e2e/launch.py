"""Starting and stopping the processes the tests and benches need, one way for all of them:
a streamlit server (e2e_helpers.serve), a redis-server (tests/redis_helper.py), and the
deploy/ scripts that start replicas behind nginx (bench/hall_replicas.py, bench/class_hall.py).

``started(cmd, ready)`` starts a process, waits until ``ready()`` is true (or the process
exits, or the time runs out: RuntimeError), yields it, and stops it on exit (SIGTERM, then
SIGKILL after 10 s). ``script(cmd)`` does the same for a deploy script that prints
``ready:`` once it serves, and yields the lines it printed so far.
"""
from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    """Streamlit at ``url`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def gone(pid: int) -> bool:
    """The process has exited (a zombie its parent has not reaped yet counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, ProcessLookupError):
        return True


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, wait: float = 10) -> None:
    """Signal ``proc`` (if it still runs) and wait for it; SIGKILL when it will not end."""
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        proc.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def started(cmd: list[str], ready, what: str, timeout: float, **popen):
    """Yields the Popen of ``cmd`` once ``ready()`` is true; stopped on exit."""
    proc = subprocess.Popen(cmd, **popen)
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited with code {proc.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not get ready in {timeout} s")
            time.sleep(0.05)
        yield proc
    finally:
        stop(proc)


@contextlib.contextmanager
def script(cmd: list[str], what: str, timeout: float):
    """Yields (Popen, lines printed so far) once the script printed a line ``ready:``;
    SIGTERM on exit (the deploy scripts then stop what they started)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    ready = threading.Event()

    def read():
        for line in proc.stdout:
            output.append(line)
            if line.startswith("ready:"):
                ready.set()
        ready.set()                       # the script ended: whoever waits stops waiting

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(timeout) or not any(line.startswith("ready:") for line in output):
            raise RuntimeError(f"{what} did not get ready (exit {proc.poll()}):\n"
                               + "".join(output))
        yield proc, output
    finally:
        stop(proc, wait=60)
