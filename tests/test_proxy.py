"""deploy/run_replicas.sh: two Streamlit replicas behind nginx, sticky routing per student.

Two students arrive (no cookie yet) and get different replicas (round robin on a first
visit); each keeps its own lab across several clicks; every request of a student, the
websocket included, goes to the replica its cookie names (nginx says which replica answered
in X-W2V-Replica), also after a reconnect, which resumes the same session and lab. A cookie
naming no replica counts as none. SIGTERM (as Ctrl-C) stops every process and removes the
run directory. Skipped when nginx is not installed (Debian: apt-get install nginx-light).
"""
import contextlib
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "e2e")]
from e2e_helpers import free_port  # noqa: E402
from load_client import Student, run_apart  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("nginx") is None,
                                 reason="nginx is not installed (Debian: apt-get install nginx-light)")]
CLICKS = 3


@contextlib.contextmanager
def run_replicas(n: int):
    """Yields (proxy URL, run directory, pids of replicas and nginx, the script's Popen)."""
    port = free_port()
    proc = subprocess.Popen(["bash", str(ROOT / "deploy" / "run_replicas.sh"), "-n", str(n),
                             "-a", "127.0.0.1", "-p", str(port), "-b", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        run_dir, pids, out = None, [], []
        for line in proc.stdout:
            out.append(line)
            if m := re.match(r"(?:replica r\d+|nginx): pid (\d+)", line):
                pids.append(int(m[1]))
            if m := re.match(r"nginx: pid \d+, config (\S+)/nginx.conf", line):
                run_dir = Path(m[1])
            if line.startswith("ready:"):
                break
        else:
            pytest.fail(f"run_replicas.sh exited with {proc.wait()}:\n{''.join(out)}")
        yield f"http://127.0.0.1:{port}", run_dir, pids, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)


@pytest.fixture(scope="module")
def proxy():
    with run_replicas(2) as (url, *_):
        yield url


def _replica_of_websocket(s: Student) -> str | None:
    return s._ws.response.headers.get("X-W2V-Replica")


async def _two_students(url):
    """Checks as it goes: a click on a replica that does not hold the session gets no answer."""
    a, b = Student(url, timeout=30), Student(url, timeout=30)
    await a.open()
    await b.open()
    try:
        cookies = [a.cookie("w2v_replica"), b.cookie("w2v_replica")]
        assert sorted(cookies) == ["r0", "r1"]                              # spread: one each
        assert [_replica_of_websocket(a), _replica_of_websocket(b)] == cookies   # ws follows cookie
        counts = [[], []]
        for _ in range(CLICKS):
            for i, s in enumerate((a, b)):
                counts[i].append((await s.click("Step")).step)
        assert counts == [list(range(1, CLICKS + 1))] * 2                   # own lab, one step each
        for s in (a, b):
            await s.reconnect()
        assert [_replica_of_websocket(a), _replica_of_websocket(b)] == cookies
        assert [(await s.click("Step")).step for s in (a, b)] == [CLICKS + 1] * 2   # same session
    finally:
        await a.close()
        await b.close()


def test_two_students_keep_their_own_labs_on_their_own_replicas(proxy):
    run_apart(_two_students(proxy))


def test_a_cookie_naming_no_replica_counts_as_none(proxy):
    request = urllib.request.Request(f"{proxy}/_stcore/health",
                                     headers={"Cookie": "w2v_replica=127.0.0.1:22"})
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status == 200
        assert r.headers["X-W2V-Replica"] in ("r0", "r1")
        assert any(c.startswith(f"w2v_replica={r.headers['X-W2V-Replica']};")
                   for c in r.headers.get_all("Set-Cookie"))


def test_sigterm_stops_every_process_and_removes_the_run_directory():
    with run_replicas(1) as (url, run_dir, pids, proc):
        assert run_dir.is_dir() and len(pids) == 2
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 143
    assert not run_dir.exists()
    assert not [pid for pid in pids if Path(f"/proc/{pid}").exists()]   # the script reaped them
