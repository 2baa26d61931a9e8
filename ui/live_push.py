"""A class's change pushed to its students' screens by the server, instead of every screen
asking every second.

A following student's page costs the server a Streamlit fragment run each time it asks
whether the class changed (4.7 ms of CPU: a script thread, its run context, a new-session
message), so a hall of 200 asking once a second spends most of a core on asking
(README, "A live class"). Here one watcher per process, on the server's event loop, reads
each followed class's version every PUSH_EVERY seconds, and at once when the lecturer
changes it on this process (``changed``): one read per class, not per student; one per
replica with Redis. It queues each session whose screen is older and asks them in turn to
run their screen again (the fragment that draws it, or else the page), as a click of the
student would, one screen at a time (the next as soon as one has drawn: its ``follow``
wakes the watcher, which takes the queue's head: a turn costs the same for 10 students or
500), and only once the session has no run of its own under way (a rerun asked for then
would stop that run, and could stop a click before its callback counted the vote). The page's own poller stays, slowly (ui.live_student), for presence and as a
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
from collections import deque
from dataclasses import dataclass

from w2v_core.classroom import shared_store as store

_LOG = logging.getLogger(__name__)
PUSH_EVERY = 0.25          # s between two reads of the followed classes' versions
SOON = 0.005               # s to the next turn of a screen whose own run was under way
IN_FLIGHT = 1              # screens redrawing at once (see _ask)
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
_QUEUE: deque = deque()                    # (session id, class version it must reach, None:
_QUEUED: set[str] = set()                  #  the class ended): screens waiting for their turn
_ASKED: set[str] = set()                   # sessions asked to redraw (not drawn yet, or stuck)
_LOCK = threading.Lock()
_watching = False                          # the watcher runs (on the runtime's event loop)
_next = None                               # its next look (an asyncio TimerHandle)
_retry = None                              # the next turn of a screen whose own run was under way


def _runtime():
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:                    # pragma: no cover - another Streamlit
        return None, None
    return (Runtime.instance() if Runtime.exists() else None), get_script_run_ctx()


def _session_loop():
    """(runtime, run context, the event loop of this session) while a script runs on a
    Streamlit server that can push; None otherwise (AppTest, another Streamlit)."""
    runtime, ctx = _runtime()
    if runtime is None or ctx is None:
        return None
    session = runtime.get_app_session(ctx.session_id)
    loop = getattr(session, "_event_loop", None)
    if session is None or loop is None or not hasattr(session, "request_rerun"):
        return None
    return runtime, ctx, loop


def follow(code: str, shown: int) -> bool:
    """This session's screen shows version ``shown`` of class ``code``: push it the next
    change, by a rerun of the fragment calling this (or of the page, outside a fragment).
    False when the server cannot push (the caller polls instead)."""
    found = _session_loop()
    if found is None:
        return False
    runtime, ctx, loop = found
    global _watching
    with _LOCK:
        if ctx.session_id not in _FOLLOWERS and len(_FOLLOWERS) >= MAX_FOLLOWERS:
            return False
        _FOLLOWERS[ctx.session_id] = _Follower(code, shown, ctx.page_script_hash,
                                               ctx.query_string, fragment=_fragment())
        drawn = ctx.session_id in _ASKED
        _ASKED.discard(ctx.session_id)
        start, _watching = not _watching, True
    if start:
        loop.call_soon_threadsafe(_tick, runtime, loop)
    elif drawn:                                              # a pushed redraw is drawn:
        loop.call_soon_threadsafe(_wake, runtime, loop)       # the next screen's turn, now
    return True


def changed() -> None:
    """The lecturer has just changed the class: look now, not at the next look (the
    students on other replicas, with Redis, see it at their replica's next look)."""
    found = _session_loop()
    if found is not None and _watching:
        runtime, _, loop = found
        loop.call_soon_threadsafe(_look_now, runtime, loop)


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
            _ASKED.discard(ctx.session_id)


def _tick(runtime, loop) -> None:
    """On the event loop, every PUSH_EVERY seconds while anyone follows: drop the sessions
    whose tab has gone, queue those whose class moved on (and those asked STUCK seconds ago
    that have not drawn), and give the first in the queue their turn. With no one left it
    stops (an error in one look is logged and the watcher goes on: the pages' own pollers
    cover what it missed)."""
    global _watching, _next
    with _LOCK:
        followers = list(_FOLLOWERS.items())
        if not followers:
            _watching = False
            return
    try:
        _look(runtime, followers)
    except Exception:                                            # noqa: BLE001
        _LOG.exception("live class push")
    _turns(runtime, loop)
    _next = loop.call_later(PUSH_EVERY, _tick, runtime, loop)


def _look_now(runtime, loop) -> None:
    """On the event loop: the next look now (the class has just changed)."""
    if _watching and _next is not None:
        _next.cancel()
        _tick(runtime, loop)


def _wake(runtime, loop) -> None:
    """On the event loop: the next screens' turn (a screen asked to redraw has drawn, or a
    screen's own run was under way): the queue's head only, never every follower."""
    global _retry
    _retry = None
    if _watching:
        _turns(runtime, loop)


def _turns(runtime, loop) -> None:
    global _retry
    try:
        waiting = _ask(runtime)
    except Exception:                                            # noqa: BLE001
        _LOG.exception("live class push")
        waiting = False
    if waiting and _retry is None:
        _retry = loop.call_later(SOON, _wake, runtime, loop)


def _look(runtime, followers) -> None:
    """Queue every screen behind its class (one version read per class), drop the gone."""
    sessions = {sid: runtime.get_app_session(sid) for sid, _ in followers}
    gone = [sid for sid, session in sessions.items() if session is None]
    live = [(sid, f) for sid, f in followers if sessions[sid] is not None]
    versions = {code: store().version(code) for code in {f.code for _, f in live}}
    now_t = time.monotonic()
    with _LOCK:
        for sid in gone:                                         # their tabs have closed
            _FOLLOWERS.pop(sid, None)
            _ASKED.discard(sid)
        for sid, f in live:
            now = versions[f.code]                               # None: the class ended
            behind = now is None or now > f.shown
            # not asked in the last STUCK s (a redraw asked longer ago and still behind was
            # stopped, by a click for one: asked again)
            free = now_t - f.asked_at >= STUCK
            if behind and free and sid not in _QUEUED:
                _QUEUE.append((sid, now))
                _QUEUED.add(sid)


def _ask(runtime) -> bool:
    """Ask the screens at the queue's head to redraw, at most IN_FLIGHT at a time (a hall
    asked at once shares one GIL: every screen would finish at the end of the burst, and
    the event loop that sends them would wait behind 200 threads; each script thread it
    starts waits for the GIL, and the loop for that thread: one at a time, each screen is
    drawn sooner and the loop is free to send it); a screen counts as redrawing from the
    ask until it has drawn (its ``follow``), at most STUCK seconds. A screen whose session
    has a run of its own under way (a click) goes to the queue's end: a push of the whole
    page then would stop that run, perhaps before its callback counted the vote (Streamlit
    1.67 queues a fragment's rerun behind the run instead, but the push falls back to the
    whole page when the fragment is gone). True when such screens wait."""
    now_t = time.monotonic()
    deferred = []
    with _LOCK:
        for sid in [s for s in _ASKED if s not in _FOLLOWERS
                    or now_t - _FOLLOWERS[s].asked_at >= STUCK]:
            _ASKED.discard(sid)
        while _QUEUE and len(_ASKED) < IN_FLIGHT:
            sid, version = _QUEUE.popleft()
            _QUEUED.discard(sid)
            f = _FOLLOWERS.get(sid)
            if f is None or (version is not None and f.shown >= version):
                continue                                         # gone, or drawn meanwhile
            session = runtime.get_app_session(sid)
            if session is None:
                continue
            if _running(session):
                deferred.append((sid, version))
                continue
            f.asked_at = now_t
            _ASKED.add(sid)
            session.request_rerun(_client_state(f, session))
        _QUEUE.extend(deferred)
        _QUEUED.update(sid for sid, _ in deferred)
    return bool(deferred)


def _running(session) -> bool:
    return getattr(session, "_scriptrunner", None) is not None


def _client_state(f: _Follower, session):
    """The page and query of the screen, and its fragment while the session still has it
    (a full run since may have dropped it: then the whole page)."""
    from streamlit.proto.ClientState_pb2 import ClientState
    has = getattr(session, "has_fragment", None)
    fragment = f.fragment if f.fragment and has is not None and has(f.fragment) else ""
    return ClientState(page_script_hash=f.page, query_string=f.query, fragment_id=fragment)
