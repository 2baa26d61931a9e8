"""Lesson: the lecture as a deck of stops, one per screen with ← and → (the arrow keys too)
and a counter; each stop shows its text with the live numbers of a prepared lab, the slide's
equation, the live element it talks about (the same panel the page shows), and a button that
opens the page in that state. Below: the notation crosswalk and the lesson as a file an
instructor downloads, edits and loads. The stops live in ui.lesson (data: a TOML file)."""
import streamlit as st

from ui import a11y, charts, crosswalk, lesson
from ui.inspector.forward import errors_panel, forward_panel
from ui.inspector.network import network_panel
from ui.inspector.updates import updates_panel
from ui.lesson_file import MAX_BYTES, read_lesson, write_lesson
from ui.safe import md
from ui.widgets import keep_curve_chart
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

AT, OWN = "lesson_at", "lesson_own"          # the stop shown; an instructor's own lesson
PAGES = {"pages/step_inspector.py": "the Step inspector",
         "pages/three_outputs.py": "One instance, three output layers",
         "pages/hierarchical_softmax.py": "Hierarchical softmax",
         "pages/negative_sampling.py": "Negative sampling", "pages/subsampling.py": "Subsampling",
         "pages/training.py": "Training", "pages/corpus_lab.py": "the Corpus lab"}
LIVE = {"network": lambda lab, tr, stop: network_panel(lab, tr, int(stop.params.get("phase", 3)) or 3),
        "loss": lambda lab, tr, stop: forward_panel(lab, tr),
        "output_update": lambda lab, tr, stop: errors_panel(lab, tr),
        "input_update": lambda lab, tr, stop: network_panel(lab, tr, 2),
        "sgd": lambda lab, tr, stop: updates_panel(lab, tr),
        "cbow": lambda lab, tr, stop: forward_panel(lab, tr),
        "hs": lambda lab, tr, stop: forward_panel(lab, tr),
        "ns": lambda lab, tr, stop: forward_panel(lab, tr),
        "subsampling": lambda lab, tr, stop: keep_curve_chart(lab, lab.settings.sample,
                                                              "lesson_curves")}


def _lesson():
    return st.session_state.get(OWN) or (lesson.TITLE, lesson.STOPS)


def _move(by: int) -> None:
    n = len(_lesson()[1])
    st.session_state[AT] = min(n - 1, max(0, st.session_state.get(AT, 0) + by))


def navigation(n: int, at: int) -> None:
    row = st.container(horizontal=True, vertical_alignment="center")
    row.button("Previous", key="lesson_prev", on_click=_move, args=(-1,), disabled=at == 0,
               shortcut=a11y.shortcut("Left"), help="The previous stop (← key)")
    row.markdown(f"**Stop {at + 1} of {n}**")
    row.button("Next", key="lesson_next", on_click=_move, args=(1,), disabled=at == n - 1,
               shortcut=a11y.shortcut("Right"), help="The next stop (→ key)")


def stop_screen(stop: lesson.Stop) -> None:
    """The stop's text, its equation and what to look for (side by side in presenter mode,
    so that the live element under them starts high on the screen), then the live element
    at full width (its charts are drawn for the page's width)."""
    shown = lesson.show(stop)
    words, equation = (st.columns([1, 1], gap="medium") if charts.presenting()
                       else (st.container(), st.container()))
    with words:
        st.subheader(stop.title)
        st.markdown(md(shown.text))
    with equation:
        st.latex(shown.equation)
        st.markdown(f"**What to look for:** {md(shown.look_for)}")
        st.page_link(stop.page, label=f"Open {PAGES[stop.page]} in this state",
                     icon=":material/open_in_new:", query_params=stop.params)
    if stop.kind in LIVE:
        lab, trace = lesson.lab_of(stop)
        LIVE[stop.kind](lab, trace, stop)
    elif stop.kind == "costs":
        st.dataframe({"output layer": list(shown.numbers), "vectors touched":
                      list(shown.numbers.values())}, hide_index=True)


def own_lesson() -> None:
    title, stops = _lesson()
    st.download_button("Download this lesson (TOML)", write_lesson(title, stops),
                       file_name="lesson.toml", mime="text/plain", key="lesson_download")
    upload = st.file_uploader("Load your own lesson (.toml; the file is checked, whatever its "
                              "name)", key="lesson_upload", max_upload_size=1)
    if upload is not None and st.button("Use this lesson", key="lesson_use"):
        if upload.size > MAX_BYTES:
            st.error(f"{md(upload.name)} is {upload.size:,} bytes; a lesson file is at most "
                     f"{MAX_BYTES:,}.")
            return
        try:
            st.session_state[OWN] = read_lesson(upload.getvalue())
            st.session_state[AT] = 0
            st.rerun()
        except ValueError as err:
            st.error(md(f"{upload.name}: {err}. The lesson shown is unchanged."))
    if OWN in st.session_state and st.button("Back to the built-in lesson", key="lesson_builtin"):
        st.session_state.pop(OWN)
        st.session_state[AT] = 0
        st.rerun()


charts.page_title("Lesson: how word2vec is trained")
title, stops = _lesson()
at = min(st.session_state.get(AT, 0), len(stops) - 1)
if not charts.presenting():
    st.markdown(f"**{md(title)}**: the lecture as a deck, one stop per screen; each stop's "
                "numbers come from a prepared lab, and its button opens that lab where the idea "
                "shows, so you can step on from there.")
navigation(len(stops), at)
stop_screen(stops[at])
if not charts.presenting():
    with st.expander("Notation: the app, the slides, the notes, CS224n and word2vec.c"):
        st.dataframe(crosswalk.table(), hide_index=True)
    with st.expander("Your own lesson"):
        own_lesson()
