"""Step inspector: one SGD update of word2vec, number by number, in the slides' notation.

The settings (ui.inspector.controls) rebuild the lab through ui.state in their callbacks;
the buttons and everything that a Step changes live in one st.fragment, so a Step click
reruns only that part, and only the open panel is built and sent. Every number comes from
the step's trace or from w2v_core.readouts; figures from ui.figures.

Presenter mode puts the settings in one compact bar, hides the title and the large metrics,
and sizes the open panel's figure to stay on a 1280 x 720 screen. "Step in phases" reveals a
step as the forward pass, the errors, then the update (ui.inspector.phases), with a question
to answer before each phase when "Quiz me" is on.
"""
import streamlit as st

from ui import a11y, charts, keep, links, live_class, notes, own_weights, page_style, state, trim
from ui.inspector import header, phases
from ui.inspector.actions import (EPOCH_POLL, buttons, epoch_chunk, epoch_running, panel_picker,
                                  status_line)
from ui.inspector.controls import PLACE, any_shown, controls
from ui.inspector.keys import LINK_SETTINGS
from ui.inspector.panels import PANELS, draw
from w2v_core.lab.phases import NAMES
from ui.entry import app_follows, through_app

through_app()       # a deep link to this page on a fresh server: through app.py

DRAWN_PRESENTING = "insp_drawn_presenting"   # whether the last whole-page run was in presenter mode


def _switches(where) -> None:
    """Step in phases and Quiz me (unless a trimmed link hides them), the shortcuts switch."""
    if trim.shows("phases"):
        where.toggle("Step in phases", key=phases.PHASED,
                     help="Step reveals a step in three phases: the forward pass, the errors "
                          "flowing back, the update. Undo goes back one phase.")
    if trim.shows("quiz"):
        where.toggle("Quiz me", key=phases.QUIZ, disabled=not phases.on(),
                     help="Before each phase, a question about what it will show.")
    a11y.shortcuts_switch(where)


def _settings() -> None:
    """Every setting in two rows. A session that opened a link (a hall following its
    teacher's lab) finds them closed under one expander, drawn only when opened, for as
    long as the session lasts (its label stays true when the student changes them): the
    sidebar names the settings, and the page a hall opens at once is a third lighter to
    build and send (bench/bench_hostile_hall.py)."""
    if not any_shown():
        return
    if not links.opened():
        controls(state.lab())
        return
    box = st.expander("Settings of this lab", key=LINK_SETTINGS, on_change="rerun")
    if box.open:
        controls(state.lab(), box)


def _bar_extras(row) -> None:
    """The end of the presenter bar: every setting in one popover, the switches."""
    settings = row.popover("Settings")
    if any_shown():
        controls(state.lab(), settings)
    _switches(settings)
    links.copy_box(row)
    charts.presenter_toggle(row)


def inspector() -> None:
    """Everything a Step changes: one fragment (polling while an epoch is under way)."""
    _inspector()
    if not app_follows():        # a fragment's own rerun: app.py's address bar and leave-
        links.publish()          # page guard, here (a whole run has app.py's, after the page)
        keep.arm()


def _inspector() -> None:
    compact = st.session_state.get(DRAWN_PRESENTING, charts.presenting())   # as the page is
    buttons(state.lab(), list(PANELS), compact, _bar_extras)
    if compact != charts.presenting():           # switched in the bar, inside this fragment:
        st.rerun()                               # the whole page, so title and settings come back
    lab = state.lab()
    epoch_chunk(lab)
    notes.show(PLACE)                                      # left by a control's callback
    live_class.lecturer_bar()                              # a live class: publish, class box
    if not compact:
        row = st.container(horizontal=True, vertical_alignment="center")
        row.caption(status_line(lab), width="stretch")
        links.copy_box(row)
    phase, shown, body = 3, lab.last, st.container()
    if phases.on():
        ph = phases.phases(lab)
        phases.feedback()
        if ph.phase in (1, 2):
            phase, shown = ph.phase, ph.shown
        st.markdown(f"**Phase {ph.phase} of 3**: {NAMES[ph.phase]}." + (
            " Press Step to reveal the forward pass of the next step." if ph.phase in (0, 3)
            else " Press Step for the next phase; Undo goes back one."))
        where = st.container()
        if compact and phases.quizzing():                  # the question large, beside the panel
            body, where = st.columns([2.3, 1], gap="medium")
        asked = phases.ask(lab, where)
        if asked is not None and asked[0] == 1:           # the last step's numbers would tell
            task, trace = ph.upcoming(state.learning_rate())
            with body:
                header.before_forward_pass(lab, task, trace, compact)
            return
    if shown is None:
        st.info("Press **Step** to take one SGD step on the next training instance.")
        return
    task, trace = shown
    number = lab.steps_done + (1 if phase < 3 else 0)
    with body:
        header.instance(lab, task, trace, compact, number)
        if phase == 3:
            header.warnings(lab, trace)
            header.large_vocabulary_hint(lab)
            header.metrics(lab, trace)
        with charts.shared(links.shared_origin(lab, trace)):   # a link's step: drawn once
            draw(panel_picker(list(PANELS)), lab, trace, task, phase)   # for every session
    a11y.announce(header.summary(lab, trace, number, phase))


charts.presenter_layout()
st.session_state[DRAWN_PRESENTING] = charts.presenting()   # the layout this page run draws
if not charts.presenting():
    charts.title_row("Step inspector")
    with st.container(key=page_style.SETTINGS_KEY):   # on a phone: below the step (CSS)
        _settings()
        own_weights.expander(state.lab(), "insp")
        _switches(st.container(horizontal=True))
st.fragment(inspector, run_every=EPOCH_POLL if epoch_running() else None)()
