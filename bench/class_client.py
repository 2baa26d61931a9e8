"""Simulated people of a live class, speaking Streamlit's protocol (bench/load_client.py) plus
what a following page needs: the browser's timers of ``st.fragment(run_every=...)``.

The frontend (streamlit 1.67's bundle, App.handleAutoRerun) answers an ``auto_rerun``
ForwardMsg with a setInterval that sends a rerun_script of that fragment (``fragment_id``,
``is_auto_rerun``, every widget's value) each ``interval`` seconds, keeps one timer per
fragment, drops them all when a full run starts (its new_session names no fragment) and the
ones a ``stop_auto_rerun`` names. Every rerun carries the address's query (``class=...``;
the app rewrites it with ``page_info_changed``). ``Attendee`` does the same, and notes the moment its screen
first shows each scene of the class: the "Class C · step N · phase P of 3" heading of a
student. A click returns at the end of the first run after it, which may be a timer's run:
wait for what the click shows (``until``).
"""
from __future__ import annotations

import asyncio
import re
import time

from streamlit.proto.BackMsg_pb2 import BackMsg

from load_client import DONE, ProtocolError, Student

SCENE = re.compile(r"Class (\w{6}) · step (\d+)(?: · phase (\d) of 3)?")
CODE = re.compile(r"\*\*Class (\w{6})\*\*")
ANSWERED = re.compile(r"\*\*(\d+)\*\* answered")
PRESENT = re.compile(r"\*\*(\d+)\*\* present")


class Attendee(Student):
    """A browser tab on a page of a live class (a student's /live_class, or the lecturer's
    /step_inspector), with the page's auto-rerun timers running."""

    def __init__(self, base_url: str, page: str = "live_class", query: str = "", timeout: float = 120):
        super().__init__(base_url, page, timeout)
        self.query = query
        self.timers: dict[str, asyncio.Task] = {}
        self.polls = 0                        # auto reruns sent
        self.seen: list[tuple[float, tuple]] = []   # (perf_counter, scene) when a scene first showed
        self._scene = None

    @property
    def page_url(self) -> str:
        return f"{self.base_url}/{self.page_name}" + (f"?{self.query}" if self.query else "")

    def open_message(self) -> BackMsg:
        return BackMsg(rerun_script={"page_name": self.page_name, "query_string": self.query})

    def click_message(self, label: str) -> BackMsg:
        back = super().click_message(label)
        back.rerun_script.query_string = self.query      # a browser sends its address's query
        return back

    # ---- the frontend's auto-rerun timers ----
    def _handle(self, msg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "auto_rerun":
            self._timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
            return
        if kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self._cancel(fid)
            return
        if kind == "page_info_changed":       # the app wrote st.query_params: the address changed
            self.query = msg.page_info_changed.query_string
        if kind == "new_session" and not msg.metadata.run.fragment_ids:
            for fid in list(self.timers):
                self._cancel(fid)
        super()._handle(msg)
        if kind == "script_finished" and msg.script_finished in DONE:
            scene = self.scene()
            if scene is not None and scene != self._scene:
                self._scene = scene
                self.seen.append((time.perf_counter(), scene))

    def _timer(self, fragment_id: str, interval: float) -> None:
        if fragment_id in self.timers:
            return
        self.timers[fragment_id] = asyncio.get_running_loop().create_task(
            self._tick(fragment_id, interval))

    def _cancel(self, fragment_id: str) -> None:
        task = self.timers.pop(fragment_id, None)
        if task is not None:
            task.cancel()

    async def _tick(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            if self._ws is None or self.lost:
                return
            back = BackMsg()
            rerun = back.rerun_script
            rerun.page_script_hash = self.page_hash
            rerun.widget_states.widgets.extend(self._states.values())
            rerun.fragment_id = fragment_id
            rerun.is_auto_rerun = True
            rerun.query_string = self.query
            rerun.cached_message_hashes.extend(self._cache.hashes())
            ctx = rerun.context_info
            ctx.timezone, ctx.timezone_offset, ctx.locale = "UTC", 0, "en-US"
            ctx.url, ctx.is_embedded, ctx.color_scheme = self.page_url, False, "light"
            try:
                await self._ws.send(back.SerializeToString())
            except Exception:                 # the socket closed meanwhile: the tab is gone
                return
            self.polls += 1

    async def close(self) -> None:
        for fid in list(self.timers):
            self._cancel(fid)
        await super().close()

    # ---- what the page shows ----
    def scene(self):
        """(step, phase) of the class as this screen shows it, None when it shows none."""
        for text in self.page.texts():
            if m := SCENE.search(text):
                return int(m[2]), int(m[3] or 0)
        return None

    def number(self, pattern: re.Pattern) -> int | None:
        for text in self.page.texts():
            if m := pattern.search(text):
                return int(m[1])
        return None

    def vote_buttons(self) -> list[str]:
        return [n.proto.button.label for n in self.page.elements("button")
                if n.proto.button.id and "class_vote_" in n.proto.button.id]

    def has_text(self, fragment: str) -> bool:
        return any(fragment in t for t in self.page.texts())

    async def until(self, predicate, timeout: float = 30.0, what: str = "") -> None:
        """Wait (without sending anything) until ``predicate()`` holds on this page."""
        end = time.monotonic() + timeout
        while not predicate():
            if self.lost:
                raise ProtocolError(self.lost)
            if time.monotonic() > end:
                raise asyncio.TimeoutError(f"waited {timeout:g} s for {what or predicate}")
            await asyncio.sleep(0.05)

    async def set_toggle(self, label: str, value: bool) -> None:
        """Switch the toggle (or checkbox) labelled ``label`` and rerun, as a browser does
        (one on the page: an unopened popover's are not, e.g. the ticks of a trimmed link)."""
        found = [n for path, n in self.page.nodes.items() if n.kind == "checkbox"
                 and n.proto.checkbox.label == label and not self.page.in_popover(path)]
        if len(found) != 1:
            raise ProtocolError(f"{len(found)} toggles labelled {label!r} on the page")
        w = found[0].proto.checkbox
        state = self._states.get(w.id)
        if state is None:
            raise ProtocolError(f"no state kept for the toggle {label!r}")
        state.bool_value = value
        back = BackMsg()
        rerun = back.rerun_script
        rerun.page_script_hash = self.page_hash
        rerun.widget_states.widgets.extend(self._states.values())
        rerun.query_string = self.query
        if found[0].fragment_id:
            rerun.fragment_id = found[0].fragment_id
        await self._rerun(back)


async def join(base_url: str, code: str, timeout: float = 120) -> Attendee:
    """A student opening the class link and pressing Join (the code is filled in)."""
    s = Attendee(base_url, "live_class", f"class={code}", timeout)
    await s.open()
    await s.click("Join")
    await s.until(lambda: s.scene() is not None, timeout, "the participant view")
    return s


async def lecturer(base_url: str, timeout: float = 120) -> tuple[Attendee, str]:
    """The lecturer: Step inspector, Step in phases, Quiz me, Start a class; and its code."""
    t = Attendee(base_url, "step_inspector", "", timeout)
    await t.open()
    await t.set_toggle("Step in phases", True)
    await t.set_toggle("Quiz me", True)
    await t.click("Start a class")
    await t.until(lambda: t.number(PRESENT) is not None, timeout, "the class box")
    code = next(m[1] for text in t.page.texts() if (m := CODE.search(text)))
    return t, code
