"""A class's change pushed to its students' screens by the server, instead of every screen
asking every second.

A following student's page costs the server a Streamlit fragment run each time it asks
whether the class changed (4.7 ms of CPU: a script thread, its run context, a new-session
message), so a hall of 200 asking once a second spends most of a core on asking
(README, "A live class"). Here one watcher per process, on the server's event loop, reads
each followed class's version every PUSH_EVERY seconds (one read per class, not per
student; one per replica with Redis) and asks each session whose screen is older to run
its screen again (the fragment that draws it, or else the page), as a click of the
student would, one screen at a time (the next as soon as one has drawn: its ``follow``
wakes the watcher), and only once the session has no run of its own under way (a rerun
asked for then would stop that run, and could stop a click before its callback counted the
vote). The page's own poller stays, slowly (ui.live_student), for presence and as a
safety net.

What it uses of Streamlit (1.67): ``Runtime.get_app_session`` and
``AppSession.request_rerun`` (called on the event loop, as Streamlit calls it), and two
private attributes of a session read with ``getattr``: ``_event_loop`` (where the watcher
runs) and ``_scriptrunner`` (a run under way), and the id of the fragment that called
``follow`` (``ThreadState``, Streamlit's per-run state). The rerun carries the page, the
query string and that fragment, and no widget values, so every widget keeps its value and
no button fires again; a fragment that a full run has since removed gets the whole page.
Where the runtime is absent (AppTest) or differs, ``follow`` returns False and the page
polls every second as before (tests/test_live_push.py fails if the push stops working).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from ui.live_roles import store

_LOG = logging.getLogger(__name__)
PUSH_EVERY = 0.25          # s between two reads of the followed classes' versions
SOON = 0.005               # s to the next look while screens wait for their turn
IN_FLIGHT = 1              # screens redrawing at once (see _push)
STUCK = 2.0                # s after which a screen asked to redraw and still behind is asked again
MAX_FOLLOWERS = 25_000     # 50 classes x 500 students (w2v_core.classroom's bounds)


@dataclass
class _Follower:
    code: str
    shown: int                 # the class version on this session's screen
    page: str                  # the page's script hash and query string, to run it again
    query: str
    asked_at: float = 0.0      # when a redraw was asked for (time.monotonic(); 0: not since
                               # this screen was drawn: follow() makes a new record)
    fragment: str = ""         # the fragment that draws the screen ("": the whole page)


_FOLLOWERS: dict[str, _Follower] = {}     # session id -> what its screen shows
_LOCK = threading.Lock()
_watching = False                          # the watcher runs (on the runtime's event loop)
_next = None                               # its next look (an asyncio TimerHandle)


def _runtime():
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:                    # pragma: no cover - another Streamlit
        return None, None
    return (Runtime.instance() if Runtime.exists() else None), get_script_run_ctx()


def follow(code: str, shown: int) -> bool:
    """This session's screen shows version ``shown`` of class ``code``: push it the next
    change, by a rerun of the fragment calling this (or of the page, outside a fragment).
    False when the server cannot push (the caller polls instead)."""
    runtime, ctx = _runtime()
    if runtime is None or ctx is None:
        return False
    session = runtime.get_app_session(ctx.session_id)
    loop = getattr(session, "_event_loop", None)
    if session is None or loop is None or not hasattr(session, "request_rerun"):
        return False
    global _watching
    with _LOCK:
        before = _FOLLOWERS.get(ctx.session_id)
        if before is None and len(_FOLLOWERS) >= MAX_FOLLOWERS:
            return False
        _FOLLOWERS[ctx.session_id] = _Follower(code, shown, ctx.page_script_hash,
                                               ctx.query_string, fragment=_fragment())
        start, _watching = not _watching, True
    if start:
        loop.call_soon_threadsafe(_tick, runtime, loop)
    elif before is not None and before.asked_at:             # a pushed redraw is drawn:
        loop.call_soon_threadsafe(_wake, runtime, loop)       # the next screen's turn, now
    return True


def _fragment() -> str:
    """The id of the fragment running now ("" outside one, or in another Streamlit)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState
        return ThreadState.get().fragment_id or ""
    except (ImportError, AttributeError, RuntimeError):     # pragma: no cover
        return ""


def forget() -> None:
    """This session no longer follows a class on its screen (each run of the app starts by
    forgetting; the Live class page follows again)."""
    _, ctx = _runtime()
    if ctx is not None:
        with _LOCK:
            _FOLLOWERS.pop(ctx.session_id, None)


def _tick(runtime, loop) -> None:
    """On the event loop: drop the sessions whose tab has gone, ask those whose class moved
    on to run their page again; then again in PUSH_EVERY seconds while anyone follows, or at
    once (SOON) while screens wait for their turn. With no one left it stops (an error in one
    read is logged and the watcher goes on: the pages' own pollers cover what it missed)."""
    global _watching
    with _LOCK:
        followers = list(_FOLLOWERS.items())
        if not followers:
            _watching = False
            return
    waiting = False
    try:
        waiting = _push(runtime, followers)
    except Exception:                                            # noqa: BLE001
        _LOG.exception("live class push")
    global _next
    _next = loop.call_later(SOON if waiting else PUSH_EVERY, _tick, runtime, loop)


def _wake(runtime, loop) -> None:
    """On the event loop: look now instead of at the next look (a screen asked to redraw
    has drawn, so the next one in line need not wait for it)."""
    if _watching and _next is not None:
        _next.cancel()
        _tick(runtime, loop)


def _push(runtime, followers) -> bool:
    """Ask at most IN_FLIGHT screens at a time to redraw (a hall asked at once shares one
    GIL: every screen would finish at the end of the burst, and the event loop that sends
    them would wait behind 200 threads; each script thread it starts waits for the GIL, and
    the loop for that thread: one at a time, each screen is drawn sooner and the loop is
    free to send it); a screen counts as redrawing from the ask until it has drawn (its
    ``follow``), at most STUCK seconds. True when screens wait for their turn."""
    sessions = {sid: runtime.get_app_session(sid) for sid, _ in followers}
    gone = [sid for sid, session in sessions.items() if session is None]
    if gone:                                                     # their tabs have closed
        with _LOCK:
            for sid in gone:
                _FOLLOWERS.pop(sid, None)
    live = [(f, sessions[sid]) for sid, f in followers if sessions[sid] is not None]
    versions = {code: store().version(code) for code in {f.code for f, _ in live}}
    now_t = time.monotonic()
    # asked and not drawn yet (asked again after STUCK s: a click can stop that run); the
    # redraw asked for reads the newest version itself
    in_flight = [now_t - f.asked_at < STUCK for f, _ in live]
    busy = sum(in_flight)
    waiting = False
    for (f, session), flying in zip(live, in_flight):
        now = versions[f.code]                                   # None: the class ended
        if (now is not None and now <= f.shown) or flying:
            continue
        if busy >= IN_FLIGHT:
            return True
        if _running(session):
            waiting = True    # a run of its own is under way (a click): asked next time
            continue
        f.asked_at = now_t
        busy += 1
        session.request_rerun(_client_state(f, session))
    return waiting


def _running(session) -> bool:
    return getattr(session, "_scriptrunner", None) is not None


def _client_state(f: _Follower, session):
    """The page and query of the screen, and its fragment while the session still has it
    (a full run since may have dropped it: then the whole page)."""
    from streamlit.proto.ClientState_pb2 import ClientState
    has = getattr(session, "has_fragment", None)
    fragment = f.fragment if f.fragment and has is not None and has(f.fragment) else ""
    return ClientState(page_script_hash=f.page, query_string=f.query, fragment_id=fragment)
