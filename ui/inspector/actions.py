"""The Step inspector's buttons: Step, Step x10, x100, one epoch, Undo, Reset, Next panel,
with keyboard shortcuts listed on screen. They run inside the inspector's fragment, so a
click reruns only the fragment.

Every click is held to the server's CPU budget of a click (w2v_core.lab.budget, thread CPU
time): Step x100 on a costly lab stops early and says after how many steps. One epoch can be
far longer than a click, so it runs in chunks: each run of the inspector's fragment takes
CHUNK_SECONDS of steps, and the page reruns the fragment every EPOCH_POLL seconds while the
epoch is under way (the browser asks for these reruns, so a closed tab ends the epoch), with
its progress and a Stop button, up to EPOCH_SECONDS of CPU in all.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import a11y, state, trim
from ui import equations as eq
from ui.inspector import phases
from ui.inspector.keys import CHECK, EPOCH, LAST, TAB
from ui.safe import md
from w2v_core.lab.budget import CLICK_SECONDS, Budget

CHUNK_SECONDS = 0.5               # thread CPU of one chunk of an epoch
EPOCH_SECONDS = 120.0             # thread CPU one epoch may use in all
EPOCH_POLL = 0.5                  # seconds between two chunks (the fragment's run_every)
SHORTCUTS = {"insp_step1": "S", "insp_undo": "U", "insp_next": "N"}
KEYS = "Keys: **S** Step · **U** Undo · **N** next panel"


def keys_text() -> str:
    """The keys, while single-key shortcuts are on (ui/a11y.py), else how to turn them on;
    only those of the buttons shown (an instructor's trimmed link may hide Undo, the panels)."""
    if not a11y.shortcuts_on():
        return "single-key shortcuts off"
    if trim.shows("undo") and trim.shows("panels"):
        return KEYS
    return "Keys: " + " · ".join(k for k, c in (("**S** Step", None), ("**U** Undo", "undo"),
                                                 ("**N** next panel", "panels"))
                                  if c is None or trim.shows(c))


def next_panel(panels) -> None:
    """Open the panel after the open one (wrapping around)."""
    current = st.session_state.get(TAB, panels[0])
    at = panels.index(current) if current in panels else 0
    st.session_state[TAB] = panels[(at + 1) % len(panels)]


def panel_picker(panels) -> str:
    """One row of buttons, one per panel (a segmented control: a Step redraws it in about
    70 ms less of the browser's main thread than st.tabs, bench/results_browser.md); the
    name of the open panel."""
    if st.session_state.get(TAB) not in panels:
        st.session_state[TAB] = st.session_state.get(LAST) or panels[0]
    if not trim.shows("panels"):                 # an instructor's trimmed link: the panel
        st.session_state[LAST] = st.session_state[TAB]          # its link opened stays open
        return st.session_state[TAB]
    name = st.segmented_control("Panel", panels, key=TAB, label_visibility="collapsed",
                                on_change=_keep_one_open, args=(panels,))
    st.session_state[LAST] = name
    return name


def _keep_one_open(panels) -> None:
    """Clicking the open panel's button again would close every panel: it stays open."""
    if st.session_state.get(TAB) not in panels:
        st.session_state[TAB] = st.session_state.get(LAST) or panels[0]


def _step(lab, n: int) -> None:
    st.session_state.pop(phases.PHASES, None)       # whole steps: no step half shown
    try:
        taken = lab.advance(state.learning_rate(), n, Budget(CLICK_SECONDS))
    except ValueError as err:
        st.error(md(str(err)))
        return
    if taken < n:
        st.warning(f"Stopped after {taken:,} of {n:,} steps: one click may use "
                   f"{CLICK_SECONDS:g} s of the server's CPU. Press again to go on.")


@dataclass
class EpochRun:
    """An epoch under way: its lab, its number, the steps and CPU seconds it took so far."""

    lab: object
    epoch: int
    steps: int = 0
    cpu: float = 0.0


def epoch_running() -> bool:
    run = st.session_state.get(EPOCH)
    return run is not None and run.lab is st.session_state.get(state.LAB)


def _epoch(lab) -> None:
    st.session_state.pop(phases.PHASES, None)
    try:
        st.session_state[EPOCH] = EpochRun(lab, lab.epoch_now())
    except ValueError as err:
        st.error(md(str(err)))
        return
    st.rerun()                                 # the whole page: the fragment polls from now


def _stop_epoch() -> None:
    run = st.session_state.pop(EPOCH, None)
    if run is not None:
        st.session_state[EPOCH + "_said"] = ("info", f"Stopped the epoch after {run.steps:,} steps.")


def epoch_chunk(lab) -> None:
    """One chunk of the epoch under way, then its progress and Stop (or how it ended)."""
    said = st.session_state.pop(EPOCH + "_said", None)
    if said is not None:
        getattr(st, said[0])(said[1])
    if not epoch_running():
        st.session_state.pop(EPOCH, None)
        return
    run, budget = st.session_state[EPOCH], Budget(CHUNK_SECONDS)
    try:
        run.steps += lab.run_epoch(state.learning_rate(), budget, run.epoch)
        done = lab.epoch_now() != run.epoch
    except ValueError as err:
        _end(("error", md(str(err))))
        return
    run.cpu += budget.used()
    if done:
        _end(("success", f"{run.steps:,} steps: epoch {run.epoch + 1} is done."))
    elif run.cpu >= EPOCH_SECONDS:
        _end(("warning", f"Stopped the epoch after {run.steps:,} steps: one epoch may use "
                         f"{EPOCH_SECONDS:g} s of the server's CPU. Press One epoch to go on, "
                         "or train whole corpora on the Training page."))
    else:
        share = lab.cursor.sentence / max(1, len(lab.sentences))
        st.progress(min(share, 1.0), text=f"Epoch {run.epoch + 1}: {run.steps:,} steps so far")
        st.button("Stop the epoch", key="insp_epoch_stop", on_click=_stop_epoch)


def _end(said) -> None:
    st.session_state.pop(EPOCH, None)
    st.session_state[EPOCH + "_said"] = said
    st.rerun()                                 # the whole page: the fragment stops polling


def buttons(lab, panels, compact: bool = False, extras=None) -> None:
    """The buttons in one row; ``compact`` (presenter mode) keeps Step, Undo and Next panel,
    puts the others behind "More", and ends the row with ``extras(row)``."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")  # phone: wraps
    cols = [row] * 7                               # compact: Step, Undo, Next panel, "More"
    width = "content" if compact else "stretch"
    phased = phases.on()
    if cols[0].button("Step", key="insp_step1", type="primary", width=width,
                      shortcut=a11y.shortcut(SHORTCUTS["insp_step1"])):
        phases.advance(lab) if phased else _step(lab, 1)
    undo, steps = trim.shows("undo"), trim.shows("steps")     # an instructor's trimmed link
    if undo and cols[1].button("Undo", key="insp_undo", width=width,
                               shortcut=a11y.shortcut(SHORTCUTS["insp_undo"])):
        undone = phases.phases(lab).back() if phased else lab.undo()
        if not undone:
            st.info("Nothing to undo: no step is left in the history.")
    if trim.shows("panels"):
        cols[2].button("Next panel", key="insp_next", width=width, on_click=next_panel,
                       args=(panels,), shortcut=a11y.shortcut(SHORTCUTS["insp_next"]))
    more = cols[3].popover("More") if compact and (undo or steps) else None
    if compact and extras is not None:
        extras(row)
    for where, label, key, n in ((more or cols[3], "Step ×10", "insp_step10", 10),
                                 (more or cols[4], "Step ×100", "insp_step100", 100)):
        if steps and where.button(label, key=key, width="stretch"):
            _step(lab, n)
    if steps and (more or cols[5]).button("One epoch", key="insp_epoch", width="stretch"):
        _epoch(lab)
    if undo and (more or cols[6]).button("Reset", key="insp_reset", width="stretch"):
        st.session_state.pop(phases.PHASES, None)
        state.reset()
        st.session_state.pop(CHECK, None)
        st.info("Reset: new W and W′ from the seed, no steps taken.")


def status_line(lab) -> str:
    """Steps taken, how far Undo goes, eta and the keys."""
    back = len(lab.history)
    undo = (f"Undo can go back {back:,} step{'' if back == 1 else 's'} · "
            if trim.shows("undo") else "")
    return (f"Steps taken: {lab.steps_done:,} · {undo}"
            f"η = {eq.number(state.learning_rate())} · {keys_text()}")
