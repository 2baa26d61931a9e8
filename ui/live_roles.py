"""Who this session is in a live class (its lecturer, a student, or neither), the class's
links, and the lecturer's side of publishing: the scene (the lab as its link, the step,
phase, panel and question) sent to the class store whenever it changed.

The class itself lives in w2v_core.classroom's store (this process's memory, or Redis when
W2V_CLASS_STORE is set); a session keeps only its role and what it last saw.
"""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from ui import links, live_push, notes, state
from ui.inspector import phases
from ui.inspector.keys import PHASED, QUIZ, TAB
from w2v_core.classroom import Asked, ClassError, Scene, shared_store

LECTURER = "class_lecturer"        # (code, token) while this session teaches a class
STUDENT = "class_student"          # (code, student id) while this session is in a class
PUBLISHED = "class_published"      # the Scene this lecturer last published
SHOW_JOIN = "class_show_join"     # the lecturer's join box (code, QR, link) is open
SWITCHES = "class_switches"        # the inspector's phase switches and panel, as last published
PAGE = "pages/live_class.py"
PATH = "live_class"                # the page's URL path
INSPECTOR = "pages/step_inspector.py"


def store():
    return shared_store()


def lecturing() -> tuple[str, str] | None:
    return st.session_state.get(LECTURER)


def student() -> tuple[str, str] | None:
    return st.session_state.get(STUDENT)


def app_root() -> str:
    """The app's address as this browser reached it (what a phone in the room must open)."""
    parts = urlsplit(str(st.context.url or "http://localhost:8501/"))
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parts.scheme}://{parts.netloc}/" + (f"{base}/" if base else "")


def join_link(code: str) -> str:
    return app_root() + "?" + urlencode({"class": code})


def lecturer_link(code: str, token: str) -> str:
    return app_root() + "?" + urlencode({"class": code, "lecturer": token})


def scene() -> Scene:
    """What the lecturer shows now: the lab as its link, the step, phase, panel, question."""
    lab = state.lab()
    query = links.current()
    asked = None
    found = phases.next_question(lab)
    if found is not None:
        upcoming, q = found
        asked = Asked.of(lab.steps_done + 1, upcoming, q.prompt, q.options, q.answer,
                         q.explanation)
    panel = query.get("panel") or st.session_state.get(TAB)
    return Scene(query, lab.steps_done, int(query.get("phase", 0)), panel, asked)


def restore_switches() -> None:
    """Give the inspector's switches (Step in phases, Quiz me, the open panel) their values
    of the last publish: Streamlit forgets a widget's value on a page that does not draw
    it, and Reveal on the Live class page steps the lecturer's lab in those phases."""
    for key, value in st.session_state.get(SWITCHES, {}).items():
        st.session_state[key] = value


def publish() -> bool:
    """Send the lecturer's scene to the class when it changed; False when the class is gone."""
    st.session_state[SWITCHES] = {k: st.session_state[k] for k in (PHASED, QUIZ, TAB)
                                  if k in st.session_state}
    code, token = lecturing()
    now = scene()
    if now == st.session_state.get(PUBLISHED):
        return True
    try:
        store().publish(code, token, now)
    except ClassError:
        stop_lecturing("The class has ended (ended elsewhere, or 3 hours without the lecturer).")
        return False
    live_push.changed()
    st.session_state[PUBLISHED] = now
    return True


def start() -> None:
    """"Start a class": the lecturer's lab becomes the class lab."""
    try:
        ticket = store().open(scene())
    except ClassError as err:
        notes.leave("class", "error", str(err))
        return
    st.session_state[LECTURER] = (ticket.code, ticket.token)
    st.session_state.pop(PUBLISHED, None)
    st.session_state.pop(STUDENT, None)
    st.session_state[SHOW_JOIN] = True


def stop_lecturing(message: str | None = None) -> None:
    st.session_state.pop(LECTURER, None)
    st.session_state.pop(PUBLISHED, None)
    if message:
        notes.leave("class", "info", message)
