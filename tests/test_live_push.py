"""The server pushes a class's change to its students (ui/live_push.py): on a real
`streamlit run app.py`, students whose pages never poll (their fragment timers do not run)
still show the lecturer's step within 2 s, a pushed redraw runs the participant view's
fragment alone (not app.py and the page around it), keeps what the student chose and does
not press their buttons again (a vote counted once). Students speak Streamlit's
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

    full_runs = 0                             # runs of the whole page (a new_session naming no fragment)

    def _timer(self, fragment_id: str, interval: float) -> None:
        pass

    def _handle(self, msg) -> None:
        if msg.WhichOneof("type") == "new_session" and not msg.metadata.run.fragment_ids:
            self.full_runs += 1
        super()._handle(msg)


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
    joined = [s.full_runs for s in students]
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
        assert [s.full_runs for s in students] == joined   # by reruns of the view's fragment
    finally:
        for p in [teacher, *students]:
            await p.close()


def test_students_whose_pages_never_poll_follow_the_lecturer_by_the_servers_push():
    with serve() as (url, _):
        run_apart(_class(url))


# ---- the watcher's bounds, with Streamlit's runtime and event loop replaced by records ----
class Runtime:
    """What the watcher asks of Streamlit's runtime: the session of an id (None: gone)."""

    def __init__(self, sessions):
        self.sessions = sessions
        self.looked_up = 0

    def get_app_session(self, sid):
        self.looked_up += 1
        return self.sessions.get(sid)


class Session:
    def __init__(self, running: bool = False):
        self.reruns = []
        self._scriptrunner = object() if running else None    # a run of its own under way

    def request_rerun(self, client_state):
        self.reruns.append(client_state)


class Loop:
    def __init__(self):
        self.later = []

    def call_later(self, delay, *what):
        self.later.append(delay)


def _followers(code: str = "NOCLASS", **shown):
    from ui import live_push
    for kept in (live_push._FOLLOWERS, live_push._QUEUE, live_push._QUEUED, live_push._ASKED):
        kept.clear()
    live_push._retry = None
    for sid, version in shown.items():
        live_push._FOLLOWERS[sid] = live_push._Follower(code, version, "page", "class=X")
    return live_push


def _behind(n: int):
    """n followers of a class, each screen one version behind it; its ending."""
    from w2v_core.classroom import Scene, shared_store
    ticket = shared_store().open(Scene())
    live_push = _followers(ticket.code, **{f"s{i}": shared_store().version(ticket.code) - 1
                                           for i in range(n)})
    live_push._watching = True
    return live_push, lambda: (shared_store().end(ticket.code, ticket.token), _followers())


def _drawn(live_push, sid):
    """What ``follow`` records when a screen has drawn: a new record, no longer asked."""
    f = live_push._FOLLOWERS[sid]
    live_push._FOLLOWERS[sid] = live_push._Follower(f.code, 10**9, f.page, f.query)
    live_push._ASKED.discard(sid)


def test_a_closed_tab_leaves_the_watcher_and_with_no_one_left_the_watcher_stops():
    from w2v_core.classroom import Scene, shared_store
    ticket = shared_store().open(Scene())           # a class that does not change meanwhile
    version = shared_store().version(ticket.code)
    live_push = _followers(ticket.code, a=version, b=version)
    live_push._watching = True
    loop = Loop()
    live_push._tick(Runtime({"a": Session()}), loop)      # b's tab has closed
    assert set(live_push._FOLLOWERS) == {"a"} and loop.later == [live_push.PUSH_EVERY]
    live_push._tick(Runtime({}), loop)                    # a's too
    assert live_push._FOLLOWERS == {} and live_push._watching
    live_push._tick(Runtime({}), loop)                    # no one follows: no next look
    assert not live_push._watching and loop.later == [live_push.PUSH_EVERY] * 2
    shared_store().end(ticket.code, ticket.token)


def test_screens_are_asked_one_at_a_time_each_once_without_widget_values():
    live_push, end = _behind(5)
    sessions = {f"s{i}": Session() for i in range(5)}
    runtime, loop = Runtime(sessions), Loop()
    live_push._tick(runtime, loop)
    for turn in range(1, 6):
        asked = [sid for sid, s in sessions.items() if s.reruns]
        assert asked == [f"s{i}" for i in range(turn * live_push.IN_FLIGHT)]
        live_push._tick(runtime, loop)   # not drawn yet: the next ones wait
        assert [sid for sid, s in sessions.items() if s.reruns] == asked
        for sid in asked:
            _drawn(live_push, sid)
        live_push._wake(runtime, loop)   # a screen has drawn (its follow wakes the watcher)
    assert all(len(s.reruns) == 1 for s in sessions.values())
    assert set(loop.later) == {live_push.PUSH_EVERY}      # no screen's own run was under way
    (state,) = sessions["s0"].reruns
    assert (state.page_script_hash, state.query_string) == ("page", "class=X")
    assert not state.widget_states.widgets                # no click is sent again
    end()


def test_a_drawn_screen_passes_the_turn_without_a_look_at_every_follower():
    live_push, end = _behind(500)
    runtime, loop = Runtime({f"s{i}": Session() for i in range(500)}), Loop()
    live_push._tick(runtime, loop)                        # the look: every follower once
    assert runtime.looked_up == 500 + live_push.IN_FLIGHT
    for turn in range(10):
        _drawn(live_push, f"s{turn}")
        before = runtime.looked_up
        live_push._wake(runtime, loop)
        assert runtime.looked_up - before == live_push.IN_FLIGHT     # the queue's head only
    assert len(live_push._QUEUE) == 500 - 11
    end()


def test_a_screen_whose_own_run_is_under_way_waits_at_the_back_of_the_queue():
    live_push, end = _behind(2)
    sessions = {"s0": Session(running=True), "s1": Session()}   # s0: a vote being counted
    runtime, loop = Runtime(sessions), Loop()
    live_push._tick(runtime, loop)
    assert (len(sessions["s0"].reruns), len(sessions["s1"].reruns)) == (0, 1)
    assert live_push.SOON in loop.later                  # s0's turn comes again soon
    _drawn(live_push, "s1")
    sessions["s0"]._scriptrunner = None                   # its run has ended
    live_push._wake(runtime, loop)
    assert (len(sessions["s0"].reruns), len(sessions["s1"].reruns)) == (1, 1)
    end()


def test_a_screen_asked_that_never_draws_holds_the_others_back_for_stuck_seconds_only():
    live_push, end = _behind(3)
    sessions = {f"s{i}": Session() for i in range(3)}
    runtime, loop = Runtime(sessions), Loop()
    live_push._tick(runtime, loop)
    live_push._tick(runtime, loop)
    assert [len(s.reruns) for s in sessions.values()] == [1, 0, 0]  # s0 is drawing
    live_push._FOLLOWERS["s0"].asked_at -= live_push.STUCK         # s0 never drew
    live_push._tick(runtime, loop)
    assert [len(s.reruns) for s in sessions.values()] == [1, 1, 0]  # s1's turn; s0 queued again
    _drawn(live_push, "s1")
    live_push._wake(runtime, loop)
    _drawn(live_push, "s2")
    live_push._wake(runtime, loop)
    assert [len(s.reruns) for s in sessions.values()] == [2, 1, 1]  # then s0, asked again
    end()


def test_a_poll_leaves_a_behind_screen_to_the_push_once_then_redraws_it():
    from ui.live_student import poll_says
    assert poll_says(seen=4, version=4, pushed=True, behind=None) is None       # current
    assert poll_says(seen=4, version=5, pushed=False, behind=None) == "redraw"  # no push: at once
    assert poll_says(seen=4, version=5, pushed=True, behind=None) == "wait"    # the push's turn
    assert poll_says(seen=4, version=6, pushed=True, behind=4) == "redraw"     # still behind
    assert poll_says(seen=4, version=None, pushed=True, behind=4) == "redraw"  # ended, unpushed
