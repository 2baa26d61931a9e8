"""A Step in phases, and predict-then-reveal: the session's w2v_core.lab.phases.Phases for
the current lab, the question asked before each phase (w2v_core.readouts.quiz), the answer
checked when the phase is revealed, and the session's running score."""
from __future__ import annotations

import streamlit as st

from ui import charts, state
from ui.inspector.keys import FEEDBACK, PHASED, PHASES, QUIZ, SCORE
from ui.labels import out_names
from ui.safe import md
from w2v_core.lab.phases import NAMES, Phases
from w2v_core.readouts.network import ALL, before_matrices, network
from w2v_core.readouts.quiz import question
from w2v_core.step.layers import LAYERS


def on() -> bool:
    return bool(st.session_state.get(PHASED))


def quizzing() -> bool:
    return on() and bool(st.session_state.get(QUIZ))


def phases(lab) -> Phases:
    """The phases of this lab's current step (new when the lab was replaced)."""
    ph = st.session_state.get(PHASES)
    if ph is None or ph.lab is not lab:
        ph = st.session_state[PHASES] = Phases(lab)
    return ph


def symbol(trace) -> str:
    return LAYERS[trace.output].value_symbol


def diagram(lab, trace, applied: bool, limit: int = ALL):
    """The network of ``trace``, from the matrices the step saw, at most ``limit`` neurons
    in the input and in the output column."""
    W_in, W_out = before_matrices(lab.model, trace, applied)
    return network(trace, W_in, W_out, limit)


def next_question(lab):
    """(phase, question) asked before the next phase is revealed, or None (quiz off)."""
    if not quizzing():
        return None
    ph = phases(lab)
    upcoming = 1 if ph.phase in (0, 3) else ph.phase + 1
    _, trace = ph.upcoming(state.learning_rate())  # from phase 3: the next step, peeked
    net = diagram(lab, trace, applied=False)
    return upcoming, question(upcoming, trace, net, out_names(lab, trace),
                              lab.steps_done + 1, symbol(trace))


def _answer_key(lab, upcoming: int) -> str:
    return f"insp_answer_{lab.steps_done}_{upcoming}"


def ask(lab, where=None):
    """The question before the next phase, as a choice in ``where`` (the Step button
    reveals); its (phase, question), or None. In presenter mode the question is large."""
    asked = next_question(lab)
    if asked is None:
        return None
    upcoming, q = asked
    with where if where is not None else st.container():
        if charts.presenting():
            st.markdown(f"### {md(q.prompt)}")
        else:
            st.markdown(md(f"Predict, then press Step to reveal {NAMES[upcoming]}: {q.prompt}"))
        # a plain label (no words of the corpus, no Markdown escapes): the group's accessible name
        st.radio(f"Your prediction before {NAMES[upcoming]}", range(len(q.options)),
                 format_func=lambda i: md(q.options[i]), index=None,
                 horizontal=not charts.presenting(), key=_answer_key(lab, upcoming))
    return asked


def advance(lab) -> None:
    """Step in phase mode: check the answer to the question asked, then reveal the phase."""
    asked = next_question(lab)
    if asked is not None:
        upcoming, q = asked
        choice = st.session_state.get(_answer_key(lab, upcoming))
        if choice is not None:
            right, total = st.session_state.get(SCORE, (0, 0))
            ok = q.check(choice)
            st.session_state[SCORE] = (right + ok, total + 1)
            st.session_state[FEEDBACK] = (ok, q.options[q.answer], q.explanation)
    phases(lab).advance(state.learning_rate())


def feedback() -> None:
    """The verdict on the last answer, and the running score."""
    done = st.session_state.pop(FEEDBACK, None)
    if done is not None:
        ok, right, why = done
        (st.success if ok else st.warning)(md(("Right: " if ok else
                                               f"Not quite: it is “{right}”. ") + why))
    if SCORE in st.session_state:
        right, total = st.session_state[SCORE]
        st.caption(f"Your score this session: {right} of {total}")
