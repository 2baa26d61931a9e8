"""A student of a live class on their own: a copy of the class lab at the class's step,
stepped alone on the phone (Step, Undo, the panels the lecturer left open), with the class's
progress in one line and "Follow again" to go back to the lecturer's screen."""
from __future__ import annotations

import streamlit as st

from ui import state
from ui.inspector import header
from ui.links import LINK_TEXT
from ui.safe import md
from ui.inspector.panels import draw
from ui.live_student import pick_panel

OWN = "class_own"


def on_my_own() -> bool:
    return bool(st.session_state.get(OWN))


def go_own(fr) -> None:
    """Make a copy of the class lab this student's lab (a callback)."""
    name = state.PRESET_TITLES.get(fr.preset, LINK_TEXT) if fr.preset else LINK_TEXT
    state.set_lab(fr.own_copy(), name, fr.preset)
    st.session_state[state.LR] = fr.lr
    st.session_state[OWN] = True


def _step(undo: bool) -> None:
    lab = state.lab()
    try:
        lab.undo() if undo else lab.step(state.learning_rate())
    except ValueError as err:
        st.session_state["class_own_error"] = str(err)


def own_view(view) -> None:
    open_question = view.poll is not None and view.poll.answer is None
    st.info(f"You are on your own. The class is at step {view.scene.steps:,}"
            + (", and a question is open" if open_question else "") + ".")
    row = st.container(horizontal=True)
    follow_again = row.button("Follow again", key="class_follow", type="primary")
    row.button("Step", key="class_own_step", on_click=_step, args=(False,))
    row.button("Undo", key="class_own_undo", on_click=_step, args=(True,))
    if follow_again:
        st.session_state[OWN] = False
        st.rerun()                          # the whole page, the sidebar's lab included
    error = st.session_state.pop("class_own_error", None)
    if error:
        st.error(md(error))
    lab = state.lab()
    if lab.last is None:
        st.caption("Press Step to take the next step of the class lab.")
        return
    task, trace = lab.last
    header.instance(lab, task, trace, False, lab.steps_done)
    draw(pick_panel(view, lecturers=False), lab, trace, task, 3)
