"""A live class on two replicas behind nginx, its state in Redis (deploy/run_redis.sh, which
runs deploy/run_replicas.sh with W2V_CLASS_STORE set): a lecturer and three students that
nginx spreads over both replicas follow the same class within 2 s, their votes are counted
exactly, the reveal reaches each of them, a student goes on their own and follows again,
a student cannot step the class, and the class ends for everyone. Students speak
Streamlit's protocol (bench/class_client.py). Skipped when nginx or redis-server is missing.
"""
import asyncio
import shutil
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench")]
from class_client import ANSWERED, PRESENT, Attendee, join, lecturer  # noqa: E402
from class_hall import serve_class_hall  # noqa: E402
from load_client import run_apart  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("nginx") is None,
                                 reason="nginx is not installed (Debian: apt-get install nginx-light)"),
              pytest.mark.skipif(shutil.which("redis-server") is None,
                                 reason="redis-server is not installed (Debian: apt-get install redis-server)")]
FOLLOW_SECONDS = 2.0


async def _step(teacher, students, scene) -> list[float]:
    """The lecturer presses Step; seconds until each student's screen shows ``scene``."""
    sent = time.perf_counter()
    await teacher.click("Step")
    await teacher.until(lambda: teacher.has_text(f"Phase {scene[1]} of 3"), 20, "the lecturer's phase")
    await asyncio.gather(*(s.until(lambda s=s: any(seen == scene for _, seen in s.seen), 20, str(scene))
                           for s in students))
    return [next(t for t, seen in s.seen if seen == scene) - sent for s in students]


async def _class(url):
    teacher, code = await lecturer(url)
    students = [await join(url, code) for _ in range(3)]
    people = [teacher, *students]
    try:
        replicas = {p.cookie("w2v_replica") for p in people}
        assert replicas == {"r0", "r1"}                               # the class spans both
        await teacher.until(lambda: teacher.number(PRESENT) == 3, 20, "3 present")

        delays = await _step(teacher, students, (1, 1))
        delays += await _step(teacher, students, (1, 2))
        assert max(delays) <= FOLLOW_SECONDS, delays

        options = students[0].vote_buttons()
        for s, pick in zip(students, (0, 0, 1)):
            await s.click(options[pick])
            await s.until(lambda s=s: s.has_text("Your answer"), 20, "the vote taken")
            assert not s.vote_buttons()                               # one vote each
        await teacher.until(lambda: teacher.number(ANSWERED) == 3, 20, "3 answered")
        await teacher.click("Show votes")
        await teacher.click("Reveal")
        for s in students:
            await s.until(lambda s=s: s.scene() == (1, 3), 20, "the phase revealed")
            await s.until(lambda s=s: s.has_text("The class:"), 20, "the verdict")

        me = students[0]
        await me.click("Go on my own")
        await me.until(lambda: me.has_text("You are on your own"), 20, "own mode")
        await me.click("Step")
        await me.until(lambda: me.page.step_count() == 2, 20, "own step 2")
        await me.click("Follow again")
        # the class at phase 3, asking before the next forward pass: as on the projector,
        # the next step's instance and no numbers of the last step
        await me.until(lambda: me.has_text("forward pass appear when the lecturer presses Step")
                       and not me.has_text("You are on your own"), 20, "the class's step again")

        intruder = Attendee(url, "step_inspector")                    # a student's own inspector
        await intruder.open()
        await intruder.click("Step")
        await asyncio.sleep(2)
        assert all(s.scene() == (1, 3) for s in students)              # the class did not move
        await intruder.close()

        await teacher.click("End the class")
        for s in students:
            await s.until(lambda s=s: s.has_text("The class has ended"), 20, "the end")
    finally:
        for p in people:
            await p.close()


def test_a_class_on_two_replicas_with_redis_through_nginx():
    with serve_class_hall(2) as hall:
        run_apart(_class(hall.url))
