"""The server pushes a class's change to its students (ui/live_push.py): on a real
`streamlit run app.py`, students whose pages never poll (their fragment timers do not run)
still show the lecturer's step within 2 s, and a pushed redraw keeps what the student chose
and does not press their buttons again (a vote counted once). Students speak Streamlit's
protocol (bench/class_client.py)."""
import asyncio
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "e2e")]
from class_client import ANSWERED, Attendee, lecturer  # noqa: E402
from e2e_helpers import serve  # noqa: E402
from load_client import run_apart  # noqa: E402

pytestmark = pytest.mark.slow
FOLLOW_SECONDS = 2.0


class NeverPolls(Attendee):
    """A student's tab whose page never asks the server anything by itself."""

    def _timer(self, fragment_id: str, interval: float) -> None:
        pass


async def _join(url: str, code: str) -> NeverPolls:
    s = NeverPolls(url, "live_class", f"class={code}")
    await s.open()
    await s.click("Join")
    await s.until(lambda: s.scene() is not None, 60, "the participant view")
    return s


async def _step(teacher, students, scene) -> list[float]:
    sent = time.perf_counter()
    await teacher.click("Step")
    await asyncio.gather(*(s.until(lambda s=s: any(seen == scene for _, seen in s.seen), 20,
                                   str(scene)) for s in students))
    return [next(t for t, seen in s.seen if seen == scene) - sent for s in students]


async def _class(url: str) -> None:
    teacher, code = await lecturer(url)
    students = [await _join(url, code) for _ in range(3)]
    try:
        delays = await _step(teacher, students, (1, 1))
        assert max(delays) <= FOLLOW_SECONDS, delays

        voter = students[0]                               # the question before phase 2
        await voter.until(lambda: bool(voter.vote_buttons()), 20, "the answer buttons")
        await voter.click(voter.vote_buttons()[0])
        await voter.until(lambda: voter.has_text("Your answer"), 20, "the vote confirmed")
        await teacher.until(lambda: teacher.number(ANSWERED) == 1, 20, "1 answered")

        delays = await _step(teacher, students, (1, 2))   # a pushed redraw of every screen
        assert max(delays) <= FOLLOW_SECONDS, delays
        assert not voter.has_text("did not count")        # the vote was not sent again
        assert all(s.polls == 0 for s in students)        # only the server's push moved them
    finally:
        for p in [teacher, *students]:
            await p.close()


def test_students_whose_pages_never_poll_follow_the_lecturer_by_the_servers_push():
    with serve() as (url, _):
        run_apart(_class(url))
