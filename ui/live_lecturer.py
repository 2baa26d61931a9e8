"""The lecturer's side of a live class: the class box in the Step inspector (code, counts,
Show votes / Vote again / Reveal, and a popover with the lecturer link, the panel lock, the
CSV downloads and End), the join box (a QR code of the join link, the code, the link), and
the projector view on the Live class page. The counts and the histogram redraw every
LECTURER_POLL seconds in a fragment of their own; the buttons rerun the inspector.
"""
from __future__ import annotations

import functools
import io

import segno
import streamlit as st

from ui import charts, links, live_push, notes, state
from ui.figures.votes import letter, votes_figure
from ui.inspector import phases
from ui.live_roles import (SHOW_JOIN, app_root, join_link, lecturer_link, lecturing, publish,
                           restore_switches, stop_lecturing, store)
from ui.live_student import PANELS
from w2v_core.classroom import ClassError, answers_csv, report_csv
from w2v_core.lab.phases import NAMES

LECTURER_POLL = 1.0            # s between two redraws of the counts
QR_SCALE = 10                  # pixels per module of the QR code's PNG
# the code in letters a back row reads (our own constant CSS on our own keyed container)
BIG_CODE_CSS = ("<style>.st-key-class_code p{font-size:3.6rem;font-weight:700;"
                "letter-spacing:.12em;line-height:1.1;margin:0}</style>")


@functools.lru_cache(maxsize=16)
def qr_png(link: str) -> bytes:
    """The join link as a QR code (error correction M: a projector's glare costs a few modules)."""
    out = io.BytesIO()
    segno.make(link, error="m", micro=False).save(out, kind="png", scale=QR_SCALE, border=4)
    return out.getvalue()


def _act(what: str) -> None:
    code, token = lecturing()
    try:
        if what == "reveal":
            restore_switches()
            store().reveal(code, token)
            phases.advance(state.lab())          # as Step: the phase the question asked about
            publish()
        else:
            getattr(store(), what)(code, token)
            live_push.changed()
    except ClassError as err:
        notes.leave("class", "error", str(err))


def _end() -> None:
    code, token = lecturing()
    try:
        store().end(code, token)
        live_push.changed()                      # its students' screens say so at once
    except ClassError:
        pass
    stop_lecturing(f"Class {code} has ended. Its students keep their screens; their next "
                   "refresh says the class is over.")


def _lock(key: str) -> None:
    code, token = lecturing()
    allowed = set(st.session_state.get(key) or ())
    store().lock(code, token, [p for p in PANELS if p not in allowed])
    live_push.changed()


def _buttons(row, view) -> None:
    poll = view.poll
    live = poll is not None and poll.answer is None
    row.button("Show votes", key="class_show", on_click=_act, args=("show_votes",),
               disabled=not live or poll.counts is not None)
    row.button("Vote again", key="class_again", on_click=_act, args=("vote_again",),
               disabled=not live or not poll.answered)
    row.button("Reveal", key="class_reveal", on_click=_act, args=("reveal",), type="primary",
               disabled=not live, help="Mark the right answer and show the phase it asks about")


def _more(row, code: str, token: str, locked) -> None:
    with row.popover("Class"):
        st.caption("Lecturer link: it steps, reveals and ends this class from any browser "
                   "(keep it to yourself).")
        st.code(lecturer_link(code, token), language=None, wrap_lines=True)
        key = "class_allowed"
        if key not in st.session_state:
            st.session_state[key] = [p for p in PANELS if p not in locked]
        st.multiselect("Panels students may open", list(PANELS), key=key, on_change=_lock,
                       args=(key,))
        st.download_button("Questions and counts (CSV)", lambda: report_csv(store().report(code, token)),
                           file_name=f"class_{code}_questions.csv", mime="text/csv",
                           on_click="ignore")
        st.download_button("Answers by student (CSV; names only where given)",
                           lambda: answers_csv(store().report(code, token)),
                           file_name=f"class_{code}_answers.csv", mime="text/csv",
                           on_click="ignore")
        st.button("End the class", key="class_end", on_click=_end,
                  help="Download the CSVs first: an ended class is forgotten.")


def join_box(code: str, qr_width: int = 300, more=None) -> None:
    """The QR code of the join link beside the link and the code (then ``more()``, if any,
    in the same column)."""
    link = join_link(code)
    left, right = st.columns([1, 2.4], vertical_alignment="top")
    left.image(qr_png(link), width=qr_width)
    with right:
        st.markdown("Join on your phone: scan the code, or open")
        st.code(link, language=None, wrap_lines=True)
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown("or type the code on the app's **Live class** page:", width="content")
            st.html(BIG_CODE_CSS)
            st.container(key="class_code", width="content").markdown(code)
        host = app_root().split("://")[1].split("/")[0].split(":")[0]
        if host in ("localhost", "127.0.0.1", "::1", "[::1]"):
            st.warning("This address is this machine's own: phones cannot open it. Open the "
                       "app by its network address (e.g. http://192.168.1.20:8501).")
        if more is not None:
            more()


def _histogram(poll, title: str, key: str) -> None:
    fig = votes_figure(poll.options, poll.counts, poll.answer, title=title,
                       height=50 + 38 * len(poll.options))
    charts.show(fig, key=key)


def counts(code: str) -> None:
    """Who is here, how many answered (not what), the histogram once shown."""
    view = store().view(code)
    if view is None:
        st.info("The class has ended.")
        return
    poll, last = view.poll, view.last
    line = f"**{view.present}** present ({view.joined} joined)"
    if poll is not None:
        line += (f" · question on step {poll.step}, before {NAMES[poll.phase]}: "
                 f"**{poll.answered}** answered" + (f", round {poll.round}" if poll.round > 1 else ""))
    right, answered = view.score
    if answered:
        line += f" · class score {right} of {answered} ({100 * right / answered:.0f} %)"
    st.markdown(line)
    if poll is not None and poll.counts is not None:
        _histogram(poll, poll.prompt, "class_votes")
    elif last is not None and last.answer is not None:
        share = f"{last.right} of {last.answered} right" if last.answered else "no answers"
        _histogram(last, f"Revealed: {last.prompt} ({share}; right: {letter(last.answer)})",
                   "class_votes")


def class_box() -> None:
    """The class box of the Step inspector (its buttons rerun the inspector's fragment)."""
    code, token = lecturing()
    view = store().view(code)
    if view is None:
        stop_lecturing("The class has ended.")
        return
    with st.container(border=True, key="class_box"):
        row = st.container(horizontal=True, vertical_alignment="center")
        row.markdown(f"**Class {code}**")
        row.toggle("Join code", key=SHOW_JOIN, help="The QR code, the code and the link")
        _buttons(row, view)
        _more(row, code, token, view.locked)
        if st.session_state.get(SHOW_JOIN):
            join_box(code, qr_width=260 if charts.presenting() else 300)
        lost = links.lost()
        if lost:
            st.warning("The students' screens rebuild this lab from its link, which cannot "
                       "carry all of it: " + lost)
        st.fragment(counts, run_every=LECTURER_POLL)(code)


def projector() -> None:
    """The Live class page for the lecturer: join box, counts, histogram, the buttons, on
    one 1280 x 720 screen."""
    restore_switches()
    code, token = lecturing()
    view = store().view(code)
    if view is None:
        stop_lecturing("The class has ended.")
        st.rerun()
    st.html(charts.PRESENTER_CSS)

    def more():
        row = st.container(horizontal=True, vertical_alignment="center")
        _buttons(row, view)
        _more(row, code, token, view.locked)
        row.page_link("pages/step_inspector.py", label="Step inspector", icon=":material/biotech:")
        st.fragment(counts, run_every=LECTURER_POLL)(code)

    join_box(code, qr_width=300, more=more)
