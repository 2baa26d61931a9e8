"""Six of Streamlit's costs per page, paid once instead of per message, run or visit.

A hall of 200 is served by one Python process; what Streamlit 1.67 itself spends on every
run is multiplied by every student's first page and every pushed class screen
(bench/bench_hostile_hall.py, bench/bench_class.py; py-spy on a real server):

1. **One wake-up of the event loop per batch of a run's messages.** Every message a run makes
   (each element, block, the run's start and end) goes from the run's thread to the server's
   event loop by its own ``loop.call_soon_threadsafe``: a write to the loop's wake-up pipe, a
   wake-up and a hand-over of the GIL per message (a first page sends 70-90, a pushed class
   screen 20-40). ``AppSession._call_soon_on_event_loop`` here puts the callbacks of a
   session in one first-in-first-out queue, drained by one loop callback: a callback queued
   while a drain is pending or running joins it without another wake-up. Each callback still
   runs on the event loop, in the order it was queued; one that raises is reported as the
   loop reports a failed callback, and the rest run.
2. **The theme in every run's ``new_session`` message** is read from the config six times
   per run (six sections, each a scan of all ~370 options): 9 % of a pushed class screen's
   server CPU. The theme cannot change while the server runs (``st.set_option`` takes only
   ``client.*``) except by a new parse of the config, which empties the memo here.
3. **New sessions' first pages one at a time.** When a hall opens the same link at once,
   the first session builds its lab and the others wait for it (w2v_core/lab/replay.py),
   then ~200 script threads run at the same moment and pass the GIL among themselves: a
   third of the server's CPU went to that (system time 3.0-3.4 of 13 CPU-s), and every
   page came late. A session's first script run waits here until no other session's first
   run is under way; its later runs (Step, votes, a class's pushed screens) never wait.
   Opening the costliest link, 200 students at once, in turn: 14.3 and 13.9 CPU-s without,
   11.1 and 9.7 with (system time 3.4-4.3 s without, 1.3-1.6 with); opening the app with
   no link 6.9 without and 6.5 with. Only on a server (not under AppTest).

4. **One wake-up of the event loop per flush of the server's messages.** Streamlit's runtime
   also asks its event loop, after every message any session enqueues, to set the event
   that starts a flush of every session's queue (``Runtime._enqueued_some_message``: a
   second ``call_soon_threadsafe`` per message). Here a request is made only when the event
   is not already set and no request is on its way: a message enqueued while one is pending
   is in its queue before the flush that the pending request starts, so it goes out in it.

5. **Python's full garbage collections scan every module ever imported.** The server process
   holds ~200,000 objects that the cyclic collector tracks, almost all of them Streamlit's,
   Plotly's, NumPy's and the app's modules, which live as long as the process. A full
   collection scans them all (95-130 ms each on this VM); while a hall opens a link there are
   two or three (0.34 of 6.3 CPU-s, gc.callbacks on a real server). ``gc.freeze()``, once,
   after app.py's imports, moves what is alive then out of the collector's reach: later
   collections scan only what the sessions made since. Frozen objects are still freed by
   reference counting; only a cycle among them would stay (the modules, which stay anyway).

6. **A page's address answered from memory.** A browser opening ``/step_inspector?...``
   asks Streamlit's static files for that path, which is no file: Streamlit looks it up in a
   worker thread, catches the 404 and answers with ``index.html``, opened, read and sent from
   worker threads: 2.2 ms of server CPU per visit against 0.6 for ``/_stcore/host-config``
   (200 GETs in turn). Streamlit's own files never change while it runs: the paths that are
   files or folders are listed once, and a GET or HEAD for any other path that is not
   reserved (``/_stcore/...``) gets ``index.html``'s bytes, kept in memory, with the same
   status, type and cache headers (0.7 ms). Everything else, and every check Streamlit makes
   before it looks a path up (double slashes, unsafe paths, trailing slashes), is its own.

``install()`` applies all six, once per process; app.py calls it. Under AppTest (no
server) none is reached. tests/test_server_costs.py checks each against Streamlit's own.
"""
from __future__ import annotations

import asyncio
import gc
import os
import threading
from collections import deque

_INSTALLED = False
OPENED_KEPT = 10_000          # session ids whose first page has run (about 1 MB at most)


def install() -> bool:
    """Patch this Streamlit once per process; False when it lacks what is patched (then
    nothing changes)."""
    global _INSTALLED
    if _INSTALLED:
        return True
    try:
        from streamlit import config
        from streamlit.runtime import app_session
    except ImportError:                               # pragma: no cover - another Streamlit
        return False
    call_soon = getattr(app_session.AppSession, "_call_soon_on_event_loop", None)
    theme = getattr(app_session, "_populate_theme_msg", None)
    if call_soon is None or theme is None:            # pragma: no cover - another Streamlit
        return False
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import script_runner
    runner = script_runner.ScriptRunner
    runner._run_script = first_runs_in_turn(runner._run_script, Runtime.exists, threading.Lock())
    app_session.AppSession._call_soon_on_event_loop = batched(call_soon)
    Runtime._enqueued_some_message = one_flush_request(Runtime._enqueued_some_message)
    app_session._populate_theme_msg = memoized_theme(theme, config)
    for static in static_file_classes():
        pages_from_memory(static)
    freeze_imports(Runtime.exists)
    _INSTALLED = True
    return True


def batched(call_soon):
    """``AppSession._call_soon_on_event_loop`` with one pending drain per session."""
    def _call_soon_on_event_loop(self, callback) -> None:
        if self._event_loop.is_closed():              # Streamlit's own drops it, and says so
            return call_soon(self, callback)
        queue = self.__dict__.get("_callbacks_waiting")
        if queue is None:
            queue = self.__dict__.setdefault("_callbacks_waiting", Callbacks())
        if queue.add(callback):
            call_soon(self, queue.drain)
    return _call_soon_on_event_loop


class Callbacks:
    """A session's callbacks waiting for the event loop, and whether a drain is scheduled."""

    def __init__(self):
        self._lock = threading.Lock()
        self._waiting: deque = deque()
        self._scheduled = False

    def add(self, callback) -> bool:
        """Queue ``callback``; True when the caller must schedule a drain."""
        with self._lock:
            self._waiting.append(callback)
            if self._scheduled:
                return False
            self._scheduled = True
            return True

    def drain(self) -> None:
        """Run every queued callback in order, those queued meanwhile included."""
        while True:
            with self._lock:
                if not self._waiting:
                    self._scheduled = False
                    return
                callbacks, self._waiting = self._waiting, deque()
            while callbacks:
                callback = callbacks.popleft()
                try:
                    callback()
                except (SystemExit, KeyboardInterrupt):   # as the loop lets them through,
                    with self._lock:                      # the rest still queued, in order
                        callbacks.extend(self._waiting)
                        self._waiting, self._scheduled = callbacks, False
                    raise
                except BaseException as exc:          # as the loop reports a failed callback
                    asyncio.get_running_loop().call_exception_handler(
                        {"message": "Exception in callback", "exception": exc,
                         "handle": callback})


def one_flush_request(enqueued):
    """``Runtime._enqueued_some_message`` that asks the event loop to set ``need_send_data``
    only when it is not set and no request is pending (``__wrapped__`` is Streamlit's own)."""
    def _enqueued_some_message(self) -> None:
        objs = self._get_async_objs()
        request = self.__dict__.get("_flush_request")
        if request is None:
            request = self.__dict__.setdefault("_flush_request", FlushRequest())
        request.ask(objs.eventloop, objs.need_send_data)
    _enqueued_some_message.__wrapped__ = enqueued
    return _enqueued_some_message


class FlushRequest:
    """Whether a set of the runtime's ``need_send_data`` event is on its way to the loop."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending = False

    def ask(self, loop, event) -> None:
        """Have ``loop`` set ``event`` unless it is set already or a request is pending."""
        if event.is_set():                  # a flush is due: it reads the queues after this
            return                          # message went in
        with self._lock:
            if self._pending:
                return
            self._pending = True
        try:
            loop.call_soon_threadsafe(self._set, event)
        except BaseException:               # a closed loop: as Streamlit's own, it raises
            with self._lock:
                self._pending = False
            raise

    def _set(self, event) -> None:
        with self._lock:
            self._pending = False
        event.set()


def memoized_theme(populate, config):
    """``_populate_theme_msg(msg, section)`` computed once per section and config parse
    (``__wrapped__`` is Streamlit's own)."""
    memo: dict[str, object] = {}
    config.on_config_parsed(memo.clear, force_connect=True)

    def _populate_theme_msg(msg, section: str = "theme") -> None:
        done = memo.get(section)
        if done is None:                              # another run may compute it too:
            done = type(msg)()                        # the same message, stored when whole
            populate(done, section)
            memo[section] = done
        msg.MergeFrom(done)
    _populate_theme_msg.__wrapped__ = populate
    return _populate_theme_msg


def first_runs_in_turn(run, serving, gate, remembered: int = OPENED_KEPT):
    """``ScriptRunner._run_script`` that holds ``gate`` for a session's first run (while
    ``serving()``: a server, not AppTest). Sessions are known by id; the ``remembered``
    latest are kept (a forgotten one's next run waits its turn once more: nothing else)."""
    opened: dict[str, None] = {}
    lock = threading.Lock()

    def _run_script(self, rerun_data):
        session = self._session_id
        with lock:
            later = session in opened
        if later or not serving():
            return run(self, rerun_data)
        with gate:
            try:
                return run(self, rerun_data)
            finally:
                with lock:
                    opened[session] = None
                    while len(opened) > remembered:
                        del opened[next(iter(opened))]
    _run_script.opened = opened
    return _run_script


def freeze_imports(serving) -> bool:
    """Move every object alive now out of the cyclic collector's reach (``gc.freeze``), on
    a server only: called once, after app.py's imports, before any session holds much."""
    if not serving():
        return False
    gc.freeze()
    return True


def static_file_classes() -> list:
    """Streamlit's static-file handler classes made so far in this process (one per server:
    the class is made inside ``create_streamlit_static_handler``)."""
    from starlette.staticfiles import StaticFiles
    return [cls for cls in StaticFiles.__subclasses__()
            if cls.__qualname__.startswith("create_streamlit_static_handler.")]


class _Listing:
    """A static folder's paths (as ``StaticFiles.get_path`` writes them) and its index.html."""

    def __init__(self, directory: str):
        self.paths = {"."}
        for root, folders, files in os.walk(directory):
            here = os.path.relpath(root, directory)
            self.paths.update(os.path.normpath(os.path.join(here, name)) for name in folders + files)
        with open(os.path.join(directory, "index.html"), "rb") as f:
            self.index = f.read()


def pages_from_memory(cls) -> None:
    """``cls.get_response`` answers a GET or HEAD for a path that is neither a file nor a
    folder of its directory, nor reserved, with index.html from memory (what Streamlit sends
    for it, from the disk); any other request as before. Once per class."""
    if getattr(cls, "_pages_from_memory", False) or not all(
            hasattr(cls, name) for name in ("_is_reserved", "_apply_cache_headers")):
        return                                       # done, or another Streamlit
    from starlette.responses import Response
    own = cls.get_response
    listings: dict[str, _Listing] = {}

    async def get_response(self, path: str, scope):
        listing = listings.get(self.directory)
        if listing is None:
            listing = listings[self.directory] = _Listing(self.directory)
        if (scope["method"] not in ("GET", "HEAD") or path in listing.paths
                or self._is_reserved(scope["path"], path)):
            return await own(self, path, scope)
        response = Response(listing.index, media_type="text/html")
        self._apply_cache_headers(response, "index.html")
        return response

    cls.get_response = get_response
    cls._pages_from_memory = True
