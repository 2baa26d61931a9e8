"""ui/server_costs.py: Streamlit's costs paid once change nothing a session receives.

The callbacks of a session run on the event loop in the order they were queued, however many
threads queue them and whether or not a drain is under way; one that raises is reported as
the loop reports a failed callback and the rest run. The memoized theme is Streamlit's own
theme message for each of the six sections, and a new parse of the config is read again.
A message enqueued while the runtime's flush event is set or a request to set it is pending
asks the event loop for nothing more and still goes out in the flush. New sessions' first pages run one at a time on a server; a session's later runs never wait. On a
server what is alive at install is frozen out of the cyclic collector's scans. A page's
address gets from memory exactly what Streamlit's static files send for it from the disk.
A real server runs through both in every test under tests/e2e/.
"""
import asyncio
import inspect
import os
import threading
import time

from streamlit import config
from streamlit.proto.NewSession_pb2 import CustomThemeConfig
from streamlit.runtime import app_session

from ui import server_costs

SECTIONS = ["theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar",
            "theme.dark.sidebar"]


class Session:
    """What the patched method reads of an AppSession: its event loop."""

    def __init__(self, loop):
        self._event_loop = loop
        self.scheduled = 0

    def call_soon(self, callback):                   # Streamlit's _call_soon_on_event_loop
        self.scheduled += 1
        self._event_loop.call_soon_threadsafe(callback)


def run_on_loop(queue_them, from_thread=True):
    """Run ``queue_them(session, call)`` against a real event loop (from another thread, as
    a script run does, or on the loop itself), then let it drain."""
    loop = asyncio.new_event_loop()
    session = Session(loop)
    call = server_costs.batched(Session.call_soon)
    errors = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context["exception"]))

    async def main():
        if from_thread:
            await asyncio.to_thread(queue_them, session, call)
        else:
            queue_them(session, call)
        for _ in range(20):
            await asyncio.sleep(0.01)
    # in a thread of its own, as the server's loop runs: a test before this one in the same
    # process may have left a running loop in this thread (Playwright's sync API does)
    runner = threading.Thread(target=loop.run_until_complete, args=(main(),))
    runner.start()
    runner.join(30)
    loop.close()
    return session, errors


def test_callbacks_from_a_script_thread_run_in_order_with_far_fewer_wake_ups():
    ran = []

    def queue_them(session, call):
        for i in range(500):
            call(session, lambda i=i: ran.append(i))
    session, errors = run_on_loop(queue_them)
    assert ran == list(range(500))
    assert not errors
    assert 1 <= session.scheduled < 500


def test_callbacks_from_several_threads_keep_each_threads_order_and_all_run():
    ran = []

    def queue_them(session, call):
        def one(t):
            for i in range(200):
                call(session, lambda t=t, i=i: ran.append((t, i)))
        threads = [threading.Thread(target=one, args=(t,)) for t in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    run_on_loop(queue_them)
    assert sorted(ran) == [(t, i) for t in range(4) for i in range(200)]
    for t in range(4):
        assert [i for (u, i) in ran if u == t] == list(range(200))


def test_a_callback_queued_by_a_running_callback_runs_after_it_in_the_same_order():
    ran = []

    def queue_them(session, call):
        def first():
            ran.append("first")
            call(session, lambda: ran.append("queued by first"))
        call(session, first)
        call(session, lambda: ran.append("second"))
    run_on_loop(queue_them, from_thread=False)      # both queued before the loop drains
    assert ran == ["first", "second", "queued by first"]


def test_a_callback_that_raises_is_reported_and_the_rest_still_run():
    ran = []

    def queue_them(session, call):
        call(session, lambda: ran.append(1))
        call(session, lambda: 1 / 0)
        call(session, lambda: ran.append(3))
    _, errors = run_on_loop(queue_them)
    assert ran == [1, 3]
    assert [type(e) for e in errors] == [ZeroDivisionError]


def test_after_the_loop_closed_a_callback_goes_to_streamlits_own_method_as_before():
    loop = asyncio.new_event_loop()
    loop.close()
    session = Session(loop)
    handed = []
    call = server_costs.batched(lambda s, cb: handed.append(cb))
    call(session, print)
    call(session, print)
    assert handed == [print, print]


def test_the_memoized_theme_is_streamlits_own_for_every_section():
    original = inspect.unwrap(app_session._populate_theme_msg)
    memo = server_costs.memoized_theme(original, config)
    for section in SECTIONS:
        own, memoized = CustomThemeConfig(), CustomThemeConfig()
        original(own, section)
        memo(memoized, section)
        memo(again := CustomThemeConfig(), section)
        assert memoized == own == again, section
    top = CustomThemeConfig()
    memo(top, "theme")
    assert (top.text_color, top.primary_color) == ("#000000", "#b52a2a")   # .streamlit/config.toml


def test_a_new_parse_of_the_config_is_read_again():
    original = inspect.unwrap(app_session._populate_theme_msg)
    memo = server_costs.memoized_theme(original, config)
    memo(CustomThemeConfig(), "theme")
    try:
        config.set_option("theme.primaryColor", "#123456")
        kept = CustomThemeConfig()
        memo(kept, "theme")
        assert kept.primary_color == "#b52a2a"           # no parse yet: the memo holds
        config._on_config_parsed.send()
        read = CustomThemeConfig()
        memo(read, "theme")
        assert read.primary_color == "#123456"
    finally:
        config.get_config_options(force_reparse=True)
    restored = CustomThemeConfig()
    memo(restored, "theme")
    assert restored.primary_color == "#b52a2a"


def test_install_patches_streamlit_once():
    assert server_costs.install() and server_costs.install()
    assert app_session._populate_theme_msg.__qualname__.startswith("memoized_theme")
    assert app_session.AppSession._call_soon_on_event_loop.__qualname__.startswith("batched")
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    assert ScriptRunner._run_script.__qualname__.startswith("first_runs_in_turn")
    from streamlit.runtime import Runtime
    assert Runtime._enqueued_some_message.__qualname__.startswith("one_flush_request")
    assert Runtime._enqueued_some_message.__wrapped__.__qualname__ == "Runtime._enqueued_some_message"


class CountingLoop:
    """An event loop that counts the requests made of it from other threads."""

    def __init__(self, loop):
        self.loop, self.requests = loop, 0

    def call_soon_threadsafe(self, callback, *args):
        self.requests += 1
        return self.loop.call_soon_threadsafe(callback, *args)


class FakeRuntime:
    """What the patched method reads of Streamlit's Runtime (its loop and flush event), and
    a flush that works as Runtime._loop_coroutine's: wait for the event, clear it, send
    every queued message, pause."""

    def __init__(self, loop):
        self.queue, self.sent = [], []
        self.lock = threading.Lock()
        self.objs = type("AsyncObjects", (), {})()
        self.objs.eventloop = CountingLoop(loop)
        self.objs.need_send_data = asyncio.Event()

    def _get_async_objs(self):
        return self.objs

    def enqueue(self, message, enqueued) -> None:        # AppSession._enqueue_forward_msg
        with self.lock:
            self.queue.append(message)
        enqueued(self)

    async def flush_forever(self) -> None:
        while True:
            await self.objs.need_send_data.wait()
            self.objs.need_send_data.clear()
            with self.lock:
                self.sent += self.queue
                self.queue.clear()
            await asyncio.sleep(0.001)


def test_messages_from_many_threads_all_go_out_with_far_fewer_requests_of_the_loop():
    enqueued = server_costs.one_flush_request(lambda self: None)
    loop = asyncio.new_event_loop()
    runtime = FakeRuntime(loop)

    def script_run(name):
        for i in range(300):
            runtime.enqueue((name, i), enqueued)

    async def main():
        flusher = asyncio.create_task(runtime.flush_forever())
        await asyncio.gather(*(asyncio.to_thread(script_run, n) for n in range(4)))
        for _ in range(50):
            await asyncio.sleep(0.01)
        flusher.cancel()
    runner = threading.Thread(target=loop.run_until_complete, args=(main(),))
    runner.start()
    runner.join(30)
    loop.close()
    assert sorted(runtime.sent) == sorted((n, i) for n in range(4) for i in range(300))
    for n in range(4):                                  # each thread's messages in order
        assert [m for m in runtime.sent if m[0] == n] == [(n, i) for i in range(300)]
    assert runtime.queue == [] and 1 <= runtime.objs.eventloop.requests < 4 * 300


def test_a_request_is_made_exactly_when_the_event_is_clear_and_none_is_pending():
    loop = asyncio.new_event_loop()
    counting, event = CountingLoop(loop), asyncio.Event()
    request = server_costs.FlushRequest()
    request.ask(counting, event)                        # clear, none pending: one request
    request.ask(counting, event)                        # pending: none more
    assert counting.requests == 1 and not event.is_set()
    runner = threading.Thread(target=loop.run_until_complete, args=(asyncio.sleep(0.01),))
    runner.start()                                      # the loop (a thread of its own, as
    runner.join(30)                                     # in run_on_loop) sets the event
    assert event.is_set()
    request.ask(counting, event)                        # set: a flush is due, none more
    assert counting.requests == 1
    event.clear()                                       # the flush began: the next asks again
    request.ask(counting, event)
    assert counting.requests == 2
    loop.close()


class Runner:
    """What the gate reads of a ScriptRunner: its session's id."""

    def __init__(self, session: str):
        self._session_id = session


IDS = (f"session {i}" for i in range(10**6))


def new_session() -> str:
    return next(IDS)


def gated_runs(serving=True):
    """The gate around a run that records when it starts and waits for ``release``."""
    starts, release = [], {}

    def run(runner, name):
        starts.append(name)
        release[name].wait(5)
        return name
    return server_costs.first_runs_in_turn(run, lambda: serving, threading.Lock()), starts, release


def until(condition) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def start(gated, runner, name, release):
    release[name] = threading.Event()
    thread = threading.Thread(target=gated, args=(runner, name))
    thread.start()
    return thread


def test_two_sessions_first_pages_run_one_after_the_other():
    gated, starts, release = gated_runs()
    a = start(gated, Runner(new_session()), "a first", release)
    until(lambda: starts)
    b = start(gated, Runner(new_session()), "b first", release)
    b.join(0.2)
    assert starts == ["a first"]                    # b waits while a's first page runs
    release["a first"].set()
    a.join(5)
    b.join(0.2)
    assert starts == ["a first", "b first"]
    release["b first"].set()
    b.join(5)


def test_a_sessions_later_runs_never_wait_for_anothers_first_page():
    gated, starts, release = gated_runs()
    mine = new_session()
    release["mine first"] = threading.Event()
    release["mine first"].set()
    gated(Runner(mine), "mine first")                # this session's page is open
    other = start(gated, Runner(new_session()), "other first", release)
    until(lambda: "other first" in starts)
    step = start(gated, Runner(mine), "mine: Step", release)
    step.join(0.2)
    assert starts[-1] == "mine: Step"                # ran beside the other's first page
    for name in ("mine: Step", "other first"):
        release[name].set()
    step.join(5)
    other.join(5)


def test_a_first_page_that_raises_still_lets_the_next_one_run():
    def run(runner, name):
        raise RuntimeError(name)
    gated = server_costs.first_runs_in_turn(run, lambda: True, threading.Lock())
    for name in ("one", "two"):
        try:
            gated(Runner(new_session()), name)
        except RuntimeError as e:
            assert str(e) == name


def test_without_a_server_nothing_waits():
    gated, starts, release = gated_runs(serving=False)
    a = start(gated, Runner(new_session()), "a", release)
    b = start(gated, Runner(new_session()), "b", release)
    until(lambda: len(starts) == 2)
    assert sorted(starts) == ["a", "b"]
    release["a"].set()
    release["b"].set()
    a.join(5)
    b.join(5)


def test_the_sessions_remembered_are_bounded_and_a_forgotten_one_only_waits_its_turn_again():
    runs = []
    gated = server_costs.first_runs_in_turn(lambda runner, name: runs.append(name),
                                            lambda: True, threading.Lock(), remembered=3)
    for i in range(5):
        gated(Runner(f"s{i}"), f"s{i} first")
    gated(Runner("s0"), "s0 again")                 # forgotten: runs (through the gate)
    assert runs[-1] == "s0 again"
    assert list(gated.opened) == ["s3", "s4", "s0"]


def test_on_a_server_what_is_alive_at_install_leaves_the_collectors_reach_and_is_still_freed():
    import gc
    import weakref

    class Held:                                     # a module's object, alive at install
        pass
    held = Held()
    gone = weakref.ref(held)
    gc.unfreeze()                                    # a server test in this process may have
    try:                                             # installed the patches already
        assert not server_costs.freeze_imports(lambda: False) and gc.get_freeze_count() == 0
        assert server_costs.freeze_imports(lambda: True)
        assert gc.get_freeze_count() > 10_000        # every module, not scanned again
        del held                                     # freed by its reference count as ever
        assert gone() is None
    finally:
        gc.unfreeze()


def _answers(requests) -> list:
    """Each (method, URL path) as Streamlit's own static files answer it, and as they do with
    pages answered from memory: (status, content type, cache control, body) for both."""
    from starlette.exceptions import HTTPException
    from streamlit import file_util
    from streamlit.web.server.starlette.starlette_static_routes import (
        create_streamlit_static_handler)
    own = create_streamlit_static_handler(file_util.get_static_dir(), None)
    ours = create_streamlit_static_handler(file_util.get_static_dir(), None)   # its own class
    server_costs.pages_from_memory(type(ours))
    assert type(own).get_response is not type(ours).get_response

    async def answer(handler, method, url_path):
        scope = {"type": "http", "method": method, "path": url_path, "root_path": "",
                 "headers": []}
        try:
            r = await handler.get_response(handler.get_path(scope), scope)
        except HTTPException as e:
            return e.status_code, None, None, None
        body = r.body if hasattr(r, "body") else open(r.path, "rb").read()
        return r.status_code, r.headers.get("content-type"), r.headers.get("cache-control"), body

    async def main():
        return [(await answer(own, *r), await answer(ours, *r)) for r in requests]
    found = []
    loop = asyncio.new_event_loop()
    runner = threading.Thread(target=lambda: found.extend(loop.run_until_complete(main())))
    runner.start()
    runner.join(30)
    loop.close()
    return found


def test_a_pages_address_gets_streamlits_own_answer_from_memory():
    from streamlit import file_util
    static = file_util.get_static_dir()
    asset = next("/static/js/" + f for f in sorted(os.listdir(f"{static}/static/js")))
    requests = [("GET", "/step_inspector"), ("HEAD", "/lesson"), ("GET", "/static/js/nope.js"),
                ("GET", asset), ("GET", "/"), ("GET", "/_stcore/health"),
                ("GET", "/step_inspector/_stcore/host-config"), ("POST", "/step_inspector"),
                ("GET", "/static")]
    found = _answers(requests)
    assert len(found) == len(requests)
    for (method, path), (theirs, ours) in zip(requests, found):
        assert ours == theirs, (method, path)
    index = open(f"{static}/index.html", "rb").read()
    assert found[0][1] == (200, "text/html; charset=utf-8", "no-cache", index)
    assert found[3][1][0] == 200 and found[3][1][3] != index           # a file is the file
