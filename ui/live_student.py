"""A student's side of a live class, phone first (390 x 844): the join form; then the class's
step as the lecturer shows it (instance, phase, the lecturer's panel or another unlocked
one), the question with big answer buttons, and whether the last answer was right; "Go on
my own" steps a copy of the class lab alone (ui.live_own), "Follow again" comes back.

Following costs little: the server pushes a change to the page (ui.live_push: one watcher
per process reruns the screens that show an older version), and a fragment looks at the
class's version every PUSHED_POLL seconds (presence, and a safety net), or every
STUDENT_POLL seconds where the server cannot push; the lab on screen is the process's
shared frame of the class lab (w2v_core.classroom.frame), built once for the hall, and so
are its charts (ui.charts.shared).
Everything a student sends (the name) is shown only as text, and only to the lecturer.
"""
from __future__ import annotations

import random
import time

import pandas  # noqa: F401  plotly imports it lazily while validating a figure; a hall's first
import streamlit as st  # concurrent figures then met a half-imported pandas (AttributeError)

from ui import charts, live_push, notes
from ui.figures.votes import PHONE_LABEL_CHARS, letter, votes_figure
from ui.inspector import header
from ui.inspector.panels import PANELS, draw
from ui.job_budgets import client_key
from ui.live_roles import INSPECTOR, STUDENT, student, store
from ui.safe import md
from w2v_core.classroom import NAME_MAX, ClassError, typed_code
from w2v_core.classroom.frame import frame
from w2v_core.lab.phases import NAMES

STUDENT_POLL = 1.0           # s between two looks at the class's version (about: see _poll)
PUSHED_POLL = 10.0           # the same while the server pushes changes (ui.live_push)
HEARTBEAT = 10.0             # s between two "still here" (present = seen in the last 30 s)
VOTED, SEEN, HEARD = "class_voted", "class_seen", "class_heard"
BEHIND = "class_behind"      # the version on screen when the poller last found it behind
PUSHED = "class_pushed"      # the server pushes this session its class's changes
LAST_LAB = "class_last_lab"  # the class lab last shown (kept when the class ends)
FOLLOW = "The lecturer's panel"
PANEL_KEY = "class_panel"


def _client() -> str:
    """This browser (one student however many tabs); without its cookie, this session."""
    key = client_key(st.context.cookies)
    if key is None:
        key = st.session_state.setdefault("class_client", f"session-{time.time_ns()}-{id(st.session_state)}")
    return key


def join_form(code: str = "") -> None:
    st.markdown("Join your lecturer's class: no account, and your name is optional (only the "
                "lecturer sees it).")
    with st.form("class_join", border=False):
        typed = st.text_input("Class code", value=str(code)[:12], max_chars=12,
                              placeholder="e.g. HX74KA")
        name = st.text_input("Your name (optional)", max_chars=NAME_MAX)
        go = st.form_submit_button("Join", type="primary", width="stretch")
    if go:
        try:
            sid = store().join(typed, _client(), name)
        except ClassError as err:
            st.error(md(str(err)))
            return
        code = typed_code(typed)
        st.session_state[STUDENT] = (code, sid)
        st.session_state.pop("class_own", None)
        st.query_params.from_dict({"class": code})
        st.rerun()
    st.caption("A lecturer starts a class from the Step inspector (\"Start a class\").")


def pick_panel(view, lecturers: bool = True) -> str:
    """The lecturer's panel, or one the student opened that the lecturer has not locked."""
    allowed = [p for p in PANELS if p not in view.locked]
    options = ([FOLLOW] if lecturers else []) + allowed
    if st.session_state.get(PANEL_KEY) not in options:
        st.session_state[PANEL_KEY] = options[0]
    chosen = st.selectbox("Panel", options, key=PANEL_KEY)
    if chosen == FOLLOW:
        return view.scene.panel if view.scene.panel in PANELS else "Network"
    return chosen


def _vote(code: str, sid: str, serial: int, round_: int, option: int) -> None:
    if store().vote(code, sid, serial, round_, option):
        st.session_state.setdefault(VOTED, {})[serial] = (round_, option)
    else:
        notes.leave("class_vote", "warning", "Your answer did not count: the question had "
                                             "closed, or this browser had answered it already.")


def _mine(poll) -> int | None:
    done = st.session_state.get(VOTED, {}).get(poll.serial)
    return done[1] if done and done[0] == poll.round else None


def _result(poll) -> None:
    """Whether this student's answer to a revealed question was right, and the class's."""
    mine = _mine(poll)
    right = f"{letter(poll.answer)} · {poll.options[poll.answer]}"
    share = (f" The class: {poll.right} of {poll.answered} right."
             if poll.answered else "")
    if mine is None:
        st.info(md(f"The answer was {right}. {poll.explanation}") + share)
    elif mine == poll.answer:
        st.success(md(f"Right: {right}. {poll.explanation}") + share)
    else:
        st.warning(md(f"Not quite: you chose {letter(mine)}, the answer is {right}. "
                      f"{poll.explanation}") + share)


def _question(poll, code: str, sid: str) -> None:
    """The question and its buttons. A vote reruns the screen's fragment, not the app; a
    fragment of the question's own, nested in it, lost votes that arrived while the server
    pushed a redraw (README, "A live class": tried and not kept)."""
    notes.show("class_vote")
    st.markdown(f"**Question before {NAMES[poll.phase]}:** {md(poll.prompt)}")
    mine = _mine(poll)
    if poll.answer is not None:
        _result(poll)
    elif mine is None:
        for i, option in enumerate(poll.options):
            st.button(f"{letter(i)} · {md(option)}", key=f"class_vote_{poll.serial}_{poll.round}_{i}",
                      on_click=_vote, args=(code, sid, poll.serial, poll.round, i), width="stretch")
    else:
        st.success(md(f"Your answer: {letter(mine)} · {poll.options[mine]}. Wait for the reveal."))
    if poll.counts is not None:
        charts.show(votes_figure(poll.options, poll.counts, poll.answer,     # a phone's width
                                 height=50 + 40 * len(poll.options),       # (page_style)
                                 label_chars=PHONE_LABEL_CHARS), key="class_votes")


def _follow(view, code: str, sid: str) -> None:
    """The question just revealed and the open one, then the lecturer's step: the instance
    and the panel, the class's charts drawn once for the hall."""
    poll, last = view.poll, view.last
    before_forward = poll is not None and poll.phase == 1      # then the next step is shown
    fr = frame(view.scene.lab, ahead=before_forward)
    st.session_state[LAST_LAB] = view.scene.lab
    if last is not None and (poll is not None or last.step >= fr.number):
        _result(last)                 # the question just revealed, while it is news
    if poll is not None:
        _question(poll, code, sid)
    if fr.upcoming is not None:
        header.before_forward_pass(fr.lab, *fr.upcoming, False, "the lecturer presses")
    elif fr.shown is None:
        st.info("The lecturer has not taken a step yet.")
    else:
        task, trace = fr.shown
        header.instance(fr.lab, task, trace, False, fr.number)
        with charts.shared(fr):             # the hall's screens draw one frame's charts once
            draw(pick_panel(view), fr.lab, trace, task, fr.drawn_phase)
    from ui import live_own
    if st.button("Go on my own", key="class_go_own",
                 help="A copy of the class lab at this step, to step alone; Follow again comes back."):
        live_own.go_own(fr)
        st.rerun()                          # the whole page, the sidebar's lab included


def _poll(pushed: bool) -> float:
    """This session's poll interval: STUDENT_POLL (PUSHED_POLL while the server pushes
    changes) +- 15 %, its own for the session. Every screen of the hall redraws at the same
    moment after a change, and the browsers' timers restart then; equal intervals would keep
    the whole hall polling in one burst."""
    jitter = st.session_state.setdefault("class_jitter", random.uniform(0.85, 1.15))
    return (PUSHED_POLL if pushed else STUDENT_POLL) * jitter


def _watch(code: str, sid: str) -> None:
    """Every few seconds (_poll): has the class changed since the screen was drawn?"""
    now = time.monotonic()
    if now - st.session_state.get(HEARD, 0.0) > HEARTBEAT:
        store().seen(code, sid)
        st.session_state[HEARD] = now
    seen = st.session_state.get(SEEN)
    todo = poll_says(seen, store().version(code), st.session_state.get(PUSHED, False),
                     st.session_state.get(BEHIND))
    if todo == "wait":
        st.session_state[BEHIND] = seen
    elif todo == "redraw":
        st.rerun()


def poll_says(seen, version, pushed: bool, behind) -> str | None:
    """What a poll does with a screen showing version ``seen`` of a class now at ``version``
    (None: ended): nothing while it is current; redraw the page when it is behind, except
    where the server pushes: there the hall's redraws are under way, one screen at a time,
    so a screen first found behind is left to the push ("wait", remembered in ``behind``)
    and redrawn by the poll only if still behind at its next look (a safety net, not a
    second redraw of the whole page in the middle of the push)."""
    if version == seen:
        return None
    return "wait" if pushed and behind != seen else "redraw"


def _ended() -> None:
    st.info("The class has ended. Thank you for taking part!")
    last = st.session_state.get(LAST_LAB)
    if last:
        st.page_link(INSPECTOR, label="Open the class's last step in the Step inspector",
                     query_params=last, icon=":material/biotech:")
    if st.button("Join another class"):
        st.session_state.pop(STUDENT, None)
        st.query_params.clear()
        st.rerun()


def participant() -> None:
    """The participant view: following, or on one's own. The screen is a fragment, so that
    the server's push (ui.live_push) redraws it alone, not the app around it (navigation,
    sidebar): a redraw costs the server CPU for every screen of the hall at every click."""
    code, sid = student()
    st.query_params.from_dict({"class": code})
    if store().view(code) is None:
        _ended()
        return
    st.fragment(_screen)(code, sid)
    st.fragment(_watch, run_every=_poll(st.session_state.get(PUSHED, False)))(code, sid)


def _screen(code: str, sid: str) -> None:
    """The heading (the class's step and phase), then while following the question just
    revealed, the open one and the lecturer's step, or the student's own step."""
    from ui import live_own
    view = store().view(code)
    if view is None:
        st.rerun()                          # the class ended: the whole page says so
    st.session_state[SEEN] = view.version
    phase = f" · phase {view.scene.phase} of 3" if view.scene.phase else ""
    st.subheader(f"Class {code} · step {view.scene.steps + (1 if view.scene.phase in (1, 2) else 0)}{phase}")
    notes.show("class")
    if live_own.on_my_own():
        live_own.own_view(view)
    else:
        _follow(view, code, sid)
    # drawn (a run stopped early is not): the server reruns this fragment at the next change
    st.session_state[PUSHED] = live_push.follow(code, view.version)


def back_to_class() -> None:
    """In the Step inspector, for a student of a class: the way back to it."""
    code, _ = student()
    st.page_link("pages/live_class.py", label=f"Back to class {code}", icon=":material/groups:")
