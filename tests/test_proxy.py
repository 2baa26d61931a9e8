"""deploy/run_replicas.sh: two Streamlit replicas behind nginx, sticky routing per student.

Two students arrive (no cookie yet) and get different replicas (round robin on a first
visit); each keeps its own lab across several clicks; every request of a student, the
websocket included, goes to the replica its cookie names (nginx says which replica answered
in X-W2V-Replica), also after a reconnect, which resumes the same session and lab. A cookie
naming no replica counts as none. SIGTERM (as Ctrl-C) stops every process and removes the
run directory. Skipped when nginx is not installed (Debian: apt-get install nginx-light).
"""
import shutil
import signal
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench")]
from hall_replicas import serve_replicas  # noqa: E402
from load_client import Student, run_apart  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("nginx") is None,
                                 reason="nginx is not installed (Debian: apt-get install nginx-light)")]
CLICKS = 3


@pytest.fixture(scope="module")
def proxy():
    with serve_replicas(2) as hall:
        yield hall.url


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
    with serve_replicas(1) as hall:
        assert hall.run_dir.is_dir() and len(hall.pids) == 2
        hall.proc.send_signal(signal.SIGTERM)
        assert hall.proc.wait(timeout=60) == 143
    assert not hall.run_dir.exists()
    assert not [pid for pid in hall.pids if Path(f"/proc/{pid}").exists()]   # all reaped
