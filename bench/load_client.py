"""One simulated student: a client of a real `streamlit run` server that speaks its protocol.

No browser: the client sends the messages Chromium sends (read from streamlit 1.67's
server, streamlit/web/server/starlette/starlette_websocket.py, and its frontend bundle;
checked against a real Chromium's messages by tests/e2e/test_e2e_load_click.py) and keeps
the page's element tree from the messages it receives, as the frontend does.

The protocol, in the order a student meets it:
1. HTTP GET of the page (e.g. /step_inspector), then /_stcore/health and /_stcore/host-config
   (the frontend's "init pings"). Cookies they set go with every later request: Streamlit's
   ``_streamlit_xsrf`` and, behind deploy/'s nginx, the replica cookie that keeps a student
   on one replica. (A browser also fetches the static JS and CSS once; this client does not.)
2. A websocket to /_stcore/stream, subprotocols ``["streamlit", <xsrf cookie or
   "PLACEHOLDER_AUTH_TOKEN">]``, plus the last session id on a reconnect (the server then
   resumes that session, if it still holds it).
3. BackMsg ``rerun_script`` (a ClientState): on connect, ``page_name`` = the URL path and an
   empty ``page_script_hash`` (a deep link), no widget states. After that every rerun carries
   the page's hash (from navigation), the current value of every widget on the page
   (``widget_states``; a widget the server set keeps the server's value, the rest their
   defaults: the student changes nothing but presses buttons), the clicked button's
   ``trigger_value = True`` and, if the button lives in an ``st.fragment``, that fragment's
   id (then only the fragment reruns). ``cached_message_hashes`` lists the large messages
   the client keeps, so the server may send ``ref_hash`` in their place.
4. ForwardMsg from the server: ``new_session`` starts every run (its run identity, the
   session id, how long to keep cached messages); ``navigation`` (st.navigation) names the
   page's script hash; ``delta`` puts an element or block at ``metadata.delta_path``
   (``delta.fragment_id`` names its fragment); ``ref_hash`` is a cached delta;
   ``script_finished`` ends the run, and elements of the run's scope that it did not redraw
   are removed; ``page_not_found`` means a wrong page name.
   Everything else (page_info_changed, session_status_changed, ...) is ignored.

A click's latency is from sending its BackMsg to receiving the script_finished of the run it
caused (FINISHED_SUCCESSFULLY or FINISHED_FRAGMENT_RUN_SUCCESSFULLY), both timestamps taken
in this client's event loop.
"""
from __future__ import annotations

import asyncio
import http.cookiejar
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
STEP_TEXT = re.compile(r"\bStep\s+(\d[\d,]*)\b")          # "**Step 12** · epoch 1" -> 12
MAX_MESSAGE = 64 * 2**20          # bytes; the server's own cap is server.maxMessageSize = 50 MB


def run_apart(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own, and its result: works while this
    thread already runs an event loop (Playwright's sync API holds one in the test process)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class ProtocolError(RuntimeError):
    """The server answered something this client (or a browser) could not use."""


@dataclass
class Node:
    """One element or block of the page, as the last delta at its path left it."""
    kind: str              # the Element or Block field that is set: "markdown", "button", "column", ...
    proto: object          # the Element or Block message
    fragment_id: str       # "" outside any st.fragment
    run_id: str            # the script run that drew it
    block: bool = False    # a container (its children's paths extend its own)


@dataclass
class Page:
    """The element tree of the open page, keyed by delta path (0 = main, 1 = sidebar, ...)."""
    nodes: dict[tuple, Node] = field(default_factory=dict)

    def put(self, msg: ForwardMsg, run_id: str) -> None:
        delta = msg.delta
        kind = delta.WhichOneof("type")
        if kind == "new_element":
            proto = delta.new_element
            node = Node(proto.WhichOneof("type"), proto, delta.fragment_id, run_id)
        elif kind == "add_block":
            proto = delta.add_block
            node = Node(proto.WhichOneof("type") or "vertical", proto, delta.fragment_id, run_id,
                        block=True)
        else:              # new_transient: spinners and toasts, not part of the tree
            return
        self.nodes[tuple(msg.metadata.delta_path)] = node

    def clear_stale(self, run_id: str, fragment_ids: list[str]) -> None:
        """After a run: drop what the run should have redrawn and did not (the frontend's
        clearStaleNodes): everything for a full run; for a fragment run, the fragments'
        elements and everything older inside the blocks it redrew for them (a fragment
        nested in one carries its own id)."""
        if not fragment_ids:
            self.nodes = {path: n for path, n in self.nodes.items() if n.run_id == run_id}
            return
        redrawn = [path for path, n in self.nodes.items()
                   if n.run_id == run_id and n.fragment_id in fragment_ids and n.block]
        def inside(path):
            return any(len(path) > len(r) and path[:len(r)] == r for r in redrawn)
        self.nodes = {path: n for path, n in self.nodes.items()
                      if n.run_id == run_id or (n.fragment_id not in fragment_ids and not inside(path))}

    def elements(self, kind: str | None = None):
        for node in self.nodes.values():
            if kind is None or node.kind == kind:
                yield node

    def in_popover(self, path: tuple) -> bool:
        """Whether the element at ``path`` is inside a popover: the frontend mounts a
        popover's widgets only when it is opened, so until then it reports no value for them."""
        return any(self.nodes.get(path[:n]) is not None and self.nodes[path[:n]].kind == "popover"
                   for n in range(1, len(path)))

    def button(self, label: str) -> Node:
        found = [n for n in self.elements("button") if n.proto.button.label == label]
        if len(found) != 1:
            raise ProtocolError(f"{len(found)} buttons labelled {label!r} on the page")
        return found[0]

    def texts(self):
        """Every text a student reads: markdown (and captions), text, headings, alerts, metrics."""
        for n in self.elements():
            e = n.proto
            if n.kind in ("markdown", "text", "heading", "alert"):
                yield getattr(e, n.kind).body
            elif n.kind == "metric":
                yield f"{e.metric.label} {e.metric.body}"

    def step_count(self) -> int | None:
        """The N of the "Step N" the page shows, None if it shows none; two different N are an error."""
        found = {int(m.replace(",", "")) for t in self.texts() for m in STEP_TEXT.findall(t)}
        if len(found) > 1:
            raise ProtocolError(f"the page shows several step counts: {sorted(found)}")
        return found.pop() if found else None

    def exceptions(self) -> list[str]:
        return [n.proto.exception.message for n in self.elements("exception")]


class MessageCache:
    """The frontend's ForwardMsg cache: large deltas by hash, so the server can send their
    hash (ref_hash) instead of the delta again. A message is dropped once it has gone unused
    for more than max_age runs that could have redrawn it (fragment runs age only their own
    fragments' messages)."""

    def __init__(self):
        self.max_age = 2                  # runs; new_session.config.max_cached_message_age
        self.runs = 0
        self._msgs: dict[str, list] = {}  # hash -> [ForwardMsg, run count when last used]

    def hashes(self) -> list[str]:
        return list(self._msgs)

    def keep(self, msg: ForwardMsg) -> None:
        if msg.hash in self._msgs:
            self._msgs[msg.hash][1] = self.runs
        else:
            self._msgs[msg.hash] = [msg, self.runs]

    def resolve(self, ref: ForwardMsg) -> ForwardMsg:
        """The cached delta a ref_hash message stands for, with the ref's metadata (its path)."""
        if ref.ref_hash not in self._msgs:
            raise ProtocolError(f"ref_hash {ref.ref_hash} is not in this client's cache")
        entry = self._msgs[ref.ref_hash]
        entry[1] = self.runs
        msg = ForwardMsg()
        msg.CopyFrom(entry[0])
        msg.metadata.CopyFrom(ref.metadata)
        return msg

    def age(self, fragment_ids: list[str]) -> None:
        self.runs += 1
        for h, (msg, used) in list(self._msgs.items()):
            fragment = msg.delta.fragment_id
            if fragment_ids and fragment not in fragment_ids:
                continue
            if self.runs - used > self.max_age:
                del self._msgs[h]


def _default_state(element) -> WidgetState | None:
    """The value a browser reports for a widget the student has not touched: the server's
    value when it set one (set_value), else the widget's default. None for buttons (their
    trigger is sent only on a click) and for widget kinds this client does not model; the
    server keeps its own value for a widget missing from widget_states, so leaving one out
    changes nothing while the student does not touch it."""
    kind = element.WhichOneof("type")
    w = getattr(element, kind)
    state = WidgetState(id=getattr(w, "id", ""))
    if kind == "checkbox":                       # st.checkbox and st.toggle
        state.bool_value = w.value if w.set_value else w.default
    elif kind == "number_input":
        value = w.value if w.set_value else w.default
        if w.data_type == NumberInput.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    elif kind in ("selectbox", "radio"):         # the option's label, as format_func made it
        if w.set_value:
            state.string_value = w.raw_value
        elif 0 <= w.default < len(w.options) and w.HasField("default"):
            state.string_value = w.options[w.default]
        else:
            return None
    elif kind in ("text_input", "text_area"):
        if not (w.set_value or w.HasField("default")):
            return None
        state.string_value = w.value if w.set_value else w.default
    elif kind == "slider":
        state.double_array_value.data.extend(w.value if w.set_value else w.default)
    elif kind == "multiselect":
        state.string_array_value.data.extend(
            w.raw_values if w.set_value else [w.options[i] for i in w.default])
    else:
        return None
    return state


@dataclass
class Click:
    """What one click did: latency (s) from sending it to its run's script_finished, the step
    count the page shows then, bytes received meanwhile, exceptions shown on the page."""
    latency: float
    step: int | None
    received: int
    exceptions: list[str]


class Student:
    """One browser tab of one student on one page: open(), click("Step") ..., close()."""

    def __init__(self, base_url: str, page: str = "step_inspector", timeout: float = 120):
        self.base_url = base_url.rstrip("/")
        self.page_name = page                 # URL path of the page, without the leading "/"
        self.timeout = timeout                # s, for one run or one connection
        self.page = Page()
        self.cookies = http.cookiejar.CookieJar()
        self.session_id = ""                  # from new_session, sent back on a reconnect
        self.page_hash = ""                   # the page's script hash, from navigation
        self.received = 0                     # bytes of ForwardMsgs received so far
        self.lost: str | None = None          # why the websocket closed, if it did
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._run = None                      # RunIdentity of the run in progress
        self._run_finished: asyncio.Future | None = None
        self._states: dict[str, WidgetState] = {}     # widget id -> the value this tab holds
        self._cache = MessageCache()

    # ---- connection ---------------------------------------------------------------------------
    @property
    def page_url(self) -> str:
        return f"{self.base_url}/{self.page_name}"

    def _get(self, path: str) -> bytes:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        with opener.open(self.base_url + path, timeout=self.timeout) as r:
            return r.read()

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    async def _connect(self) -> None:
        request = urllib.request.Request(f"{self.base_url}/_stcore/stream")
        self.cookies.add_cookie_header(request)
        headers = {"Cookie": request.get_header("Cookie")} if request.has_header("Cookie") else {}
        protocols = ["streamlit", self.cookie("_streamlit_xsrf") or "PLACEHOLDER_AUTH_TOKEN"]
        if self.session_id:
            protocols.append(self.session_id)
        scheme, netloc = urlsplit(self.base_url)[:2]
        ws_url = f"{'wss' if scheme == 'https' else 'ws'}://{netloc}/_stcore/stream"
        self._ws = await connect(ws_url, subprotocols=protocols, additional_headers=headers,
                                 origin=f"{scheme}://{netloc}", max_size=MAX_MESSAGE,
                                 open_timeout=self.timeout, ping_interval=None,   # as a browser
                                 user_agent_header="w2v-load-client")
        self.lost = None
        self._reader = asyncio.create_task(self._read())

    async def open(self) -> None:
        """Load the page as a browser on a deep link does, and wait for its first run."""
        for path in (f"/{self.page_name}", "/_stcore/health", "/_stcore/host-config"):
            await asyncio.to_thread(self._get, path)
        await self._connect()
        await self._rerun(self.open_message())
        if not self.page_hash:
            raise ProtocolError("no navigation message named the page's script hash")

    def open_message(self) -> BackMsg:
        """The frontend's first rerun on a deep link: the page by its URL path, no widgets."""
        return BackMsg(rerun_script={"page_name": self.page_name})

    async def reconnect(self) -> None:
        """A new websocket asking to resume this session, as the frontend does after a drop.
        The page keeps its elements; an idle page requests no rerun (neither does a browser)."""
        await self.close()
        await self._connect()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        self._ws = self._reader = None

    # ---- messages -----------------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            async for data in self._ws:
                self.received += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
            self.lost = "websocket closed"
        except ConnectionClosed as closed:
            self.lost = f"websocket closed: {closed}"
        except Exception as err:          # a message this client cannot use: hang up, as a tab would
            self.lost = f"{type(err).__name__}: {err}"
            await self._ws.close()
        if self._run_finished is not None and not self._run_finished.done():
            self._run_finished.set_exception(ProtocolError(self.lost))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            msg, kind = self._cache.resolve(msg), "delta"
        elif msg.metadata.cacheable:
            self._cache.keep(msg)
        if kind == "new_session":
            self._run = msg.metadata.run
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            self._cache.max_age = msg.new_session.config.max_cached_message_age
        elif kind == "navigation":       # st.navigation: which page this run showed
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "delta":
            self.page.put(msg, self._run.script_run_id if self._run else "")
        elif kind == "page_not_found":
            raise ProtocolError(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "script_finished":
            self._finish(msg)

    def _finish(self, msg: ForwardMsg) -> None:
        status = msg.script_finished
        run = msg.metadata.run if msg.metadata.HasField("run") else self._run
        if status in DONE and run is not None:
            self.page.clear_stale(run.script_run_id, list(run.fragment_ids))
            self._forget_inactive_widgets()
        if status != FINISHED.FINISHED_EARLY_FOR_RERUN and run is not None:
            self._cache.age(list(run.fragment_ids))
        waiting = self._run_finished
        if waiting is None or waiting.done():
            return
        if status in DONE:
            waiting.set_result(time.perf_counter())
        elif status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
            waiting.set_exception(ProtocolError("the page failed to compile"))

    def _forget_inactive_widgets(self) -> None:
        """Keep a value for every widget on the page, as the frontend's widget manager does:
        a new widget starts from the value the server sent, a set_value overrides ours."""
        seen = set()
        for path, n in self.page.nodes.items():
            if n.kind == "button" or self.page.in_popover(path):
                continue
            state = _default_state(n.proto)
            if state is None:
                continue
            seen.add(state.id)
            if state.id not in self._states or getattr(n.proto, n.kind).set_value:
                self._states[state.id] = state
        self._states = {i: s for i, s in self._states.items() if i in seen}

    async def _rerun(self, back: BackMsg) -> float:
        """Send one rerun_script and wait for its run to finish; returns the finish time."""
        if self._ws is None or self.lost:
            raise ProtocolError(self.lost or "not connected")
        back.rerun_script.cached_message_hashes.extend(self._cache.hashes())
        ctx = back.rerun_script.context_info
        ctx.timezone, ctx.timezone_offset, ctx.locale = "UTC", 0, "en-US"
        ctx.url, ctx.is_embedded, ctx.color_scheme = self.page_url, False, "light"
        self._run_finished = asyncio.get_running_loop().create_future()
        await self._ws.send(back.SerializeToString())
        return await asyncio.wait_for(self._run_finished, self.timeout)

    def click_message(self, label: str) -> BackMsg:
        """The BackMsg a browser sends when the button labelled `label` is pressed: a rerun
        with every widget's value, the button's trigger_value and its fragment, if any."""
        button = self.page.button(label)
        back = BackMsg()
        rerun = back.rerun_script
        rerun.page_script_hash = self.page_hash
        rerun.widget_states.widgets.extend(self._states.values())
        rerun.widget_states.widgets.add(id=button.proto.button.id, trigger_value=True)
        if button.fragment_id:
            rerun.fragment_id = button.fragment_id
        return back

    async def click(self, label: str) -> Click:
        """Press the button labelled `label`, wait for the run it causes, then read the step
        count the page shows."""
        back = self.click_message(label)
        before = self.received
        sent = time.perf_counter()
        finished = await self._rerun(back)
        return Click(finished - sent, self.page.step_count(), self.received - before,
                     self.page.exceptions())
