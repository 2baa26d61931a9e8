"""The Step inspector's buttons: Step, Step x10, x100, one epoch, Undo, Reset, Next panel,
with keyboard shortcuts listed on screen. They run inside the inspector's fragment, so a
click reruns only the fragment."""
from __future__ import annotations

import streamlit as st

from ui import equations as eq
from ui import state
from ui.inspector import phases
from ui.safe import md

TAB = "insp_tab"                  # the panel picker's key: the open panel's name
LAST = "insp_last_panel"          # the panel open in the last run
SHORTCUTS = {"insp_step1": "S", "insp_undo": "U", "insp_next": "N"}
KEYS_TEXT = "Keys: **S** Step · **U** Undo · **N** next panel"


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
        lab.step(state.learning_rate(), n)
    except ValueError as err:
        st.error(md(str(err)))


def _epoch(lab) -> None:
    st.session_state.pop(phases.PHASES, None)
    with st.spinner("Training one epoch…"):
        n = lab.run_epoch(state.learning_rate())
    st.toast(f"{n:,} steps: the epoch is done.")


def buttons(lab, panels, compact: bool = False, extras=None) -> None:
    """The buttons in one row; ``compact`` (presenter mode) keeps Step, Undo and Next panel,
    puts the others behind "More", and ends the row with ``extras(row)``."""
    if compact:
        row = st.container(horizontal=True, vertical_alignment="center")
        cols = [row] * 4
    else:
        cols = st.columns([0.9, 0.9, 1.35, 1, 1, 1.1, 0.9])
    width = "content" if compact else "stretch"
    phased = phases.on()
    if cols[0].button("Step", key="insp_step1", type="primary", width=width,
                      shortcut=SHORTCUTS["insp_step1"]):
        phases.advance(lab) if phased else _step(lab, 1)
    if cols[1].button("Undo", key="insp_undo", width=width, shortcut=SHORTCUTS["insp_undo"]):
        undone = phases.phases(lab).back() if phased else lab.undo()
        if not undone:
            st.info("Nothing to undo: no step is left in the history.")
    cols[2].button("Next panel", key="insp_next", width=width, on_click=next_panel,
                   args=(panels,), shortcut=SHORTCUTS["insp_next"])
    more = cols[3].popover("More") if compact else None
    if compact and extras is not None:
        extras(row)
    for where, label, key, n in ((more or cols[3], "Step ×10", "insp_step10", 10),
                                 (more or cols[4], "Step ×100", "insp_step100", 100)):
        if where.button(label, key=key, width="stretch"):
            _step(lab, n)
    if (more or cols[5]).button("One epoch", key="insp_epoch", width="stretch"):
        _epoch(lab)
    if (more or cols[6]).button("Reset", key="insp_reset", width="stretch"):
        st.session_state.pop(phases.PHASES, None)
        state.reset()
        st.session_state.pop("insp_check", None)
        st.info("Reset: new W and W′ from the seed, no steps taken.")


def status_line(lab) -> str:
    """Steps taken, how far Undo goes, eta and the keys."""
    back = len(lab.history)
    return (f"Steps taken: {lab.steps_done:,} · Undo can go back {back:,} "
            f"step{'' if back == 1 else 's'} · "
            f"η = {eq.number(state.learning_rate())} · {KEYS_TEXT}")
