"""The load bench's simulated students against a real `streamlit run` (a short load run).

Four bench/load_client.Students open /step_inspector on one server and press Step, three
times each, all at once and interleaved. Every click must take exactly one step in that
student's own session and none in anyone else's: each student's count reads 1, 2, 3 (a
click that stepped another session, or none, or two, breaks someone's sequence), a fifth
student who only watches still starts at Step 1, and every session is its own.
"""
import asyncio
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "e2e")]
from e2e_helpers import serve  # noqa: E402
from load_client import Student, run_apart  # noqa: E402

pytestmark = pytest.mark.slow
CLIENTS, CLICKS = 4, 3


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("load") / "streamlit.log"
    with serve(log) as (url, _):
        yield url


async def _class(url):
    students = [Student(url, timeout=60) for _ in range(CLIENTS + 1)]
    *clickers, watcher = students
    await asyncio.gather(*(s.open() for s in students))
    try:
        async def press(s, delay):
            counts = []
            for _ in range(CLICKS):
                await asyncio.sleep(delay)        # stagger, so clicks of different students interleave
                click = await s.click("Step")
                assert not click.exceptions, click.exceptions
                counts.append(click.step)
            return counts

        counts = await asyncio.gather(*(press(s, 0.05 * i) for i, s in enumerate(clickers)))
        watched = (await watcher.click("Step")).step
        return counts, watched, [s.session_id for s in students], [s.page.step_count() for s in clickers]
    finally:
        await asyncio.gather(*(s.close() for s in students))


def test_every_click_takes_one_step_in_its_own_session_and_no_other(server):
    counts, watched, sessions, shown = run_apart(_class(server))
    assert counts == [list(range(1, CLICKS + 1))] * CLIENTS
    assert shown == [CLICKS] * CLIENTS               # nobody else's click redrew their page
    assert watched == 1
    assert len(set(sessions)) == CLIENTS + 1 and all(sessions)


def test_a_student_who_reconnects_keeps_their_lab(server):
    async def run():
        s = Student(server, timeout=60)
        await s.open()
        try:
            first = [(await s.click("Step")).step for _ in range(2)]
            session = s.session_id
            await s.reconnect()
            return first, (await s.click("Step")).step, session == s.session_id
        finally:
            await s.close()

    assert run_apart(run()) == ([1, 2], 3, True)


def _guards(page, in_fragment: bool) -> int:
    """The leave-page guard scripts on the page (ui/keep.py), in the Step fragment or not."""
    return sum("w2vUnsaved" in n.proto.html.body for n in page.elements("html")
               if bool(n.fragment_id) == in_fragment)


async def _guarded(url):
    s = Student(url, timeout=60)
    await s.open()
    try:
        opened = _guards(s.page, True), _guards(s.page, False)
        await s.click("Step")                      # the fragment's own rerun: app.py does not run
        return opened, (_guards(s.page, True), _guards(s.page, False))
    finally:
        await s.close()


def test_a_page_sends_the_leave_page_guard_once_and_a_step_sends_it_from_its_fragment(server):
    opened, stepped = run_apart(_guarded(server))
    assert opened == (0, 1)                        # a whole run: app.py's, after the page
    assert stepped == (1, 1)                       # a Step: the fragment arms it itself
