"""A live class in the app: the calls app.py and the pages make.

- ``route(page)`` (app.py, before links.apply): a class link ``?class=CODE`` opens the Live
  class page; a lecturer link ``?class=CODE&lecturer=TOKEN`` makes this session a lecturer
  of the class and opens the class lab in the Step inspector; every run first takes this
  session off the server's list of screens to push to (ui.live_push: the participant view
  puts it back);
- ``lecturer_bar()`` (the Step inspector's fragment): "Start a class", or, for the lecturer,
  the lab published to the class whenever it changed, and the class box (ui.live_lecturer);
- ``sidebar_lab(page)`` (app.py): the sidebar's "Current lab" of a student following;
- ``page()`` (pages/live_class.py): the projector view for the lecturer, the participant
  view for a student (ui.live_student), the join form for anyone else.

Roles, links and publishing: ui.live_roles; the class and its rules: w2v_core.classroom.
"""
from __future__ import annotations

import streamlit as st

from ui import charts, live_lecturer, live_push, live_student, notes
from ui.inspector.keys import QUIZ
from w2v_core.classroom import typed_code
from ui.live_roles import (INSPECTOR, LECTURER, PAGE, PATH, PUBLISHED, STUDENT, lecturing,
                           publish, start, store, student)


def route(page) -> None:
    """Send a class link where it belongs (see the module's docstring)."""
    live_push.forget()                          # the Live class page follows again
    params = st.query_params
    if params.get("class") is None:
        return
    code = typed_code(params.get("class")) or ""          # anything else joins nothing
    token = params.get("lecturer")
    if token is not None:
        _become_lecturer(code, token)
    elif page.url_path != PATH:
        st.switch_page(PAGE, query_params={"class": code})


def _become_lecturer(code: str, token: str) -> None:
    st.query_params.clear()                     # the secret leaves the address bar at once
    view = store().view(code)
    if view is None or not store().is_lecturer(code, token):
        notes.leave("link", "error", "This lecturer link is not valid: the class has ended, "
                                     "or the link is not complete.")
        return
    st.session_state[LECTURER] = (code, token)
    st.session_state.pop(STUDENT, None)
    st.session_state[QUIZ] = view.scene.asked is not None
    st.session_state[PUBLISHED] = view.scene
    st.switch_page(INSPECTOR, query_params=view.scene.lab or {"corpus": "eat_drink"})


def sidebar_lab(page) -> str | None:
    """What the sidebar says of the lab on the Live class page of a student following the
    class (their own lab is not on screen; the lecturer's can change with any step, and a
    pushed redraw does not redraw the sidebar, so it names no corpus); None elsewhere."""
    from ui import live_own
    if page.url_path != PATH or not student() or lecturing() or live_own.on_my_own():
        return None
    return f"The lecturer's lab (class {student()[0]}): its step is on this page."


def keeps_address(page) -> bool:
    """True on the Live class page: its address is the class link, not the lab's."""
    return page.url_path == PATH


def lecturer_bar() -> None:
    """In the Step inspector: the class box for its lecturer, "Start a class" for others."""
    notes.show("class")
    if lecturing() and publish():
        live_lecturer.class_box()
    elif student():
        live_student.back_to_class()
    elif not charts.presenting():               # the projector keeps its screen for the step
        st.button("Start a class", key="class_start", on_click=start, type="tertiary",
                  icon=":material/groups:",
                  help="Students join from their phones (a code and a QR code), follow your "
                       "steps, and answer the quiz's questions.")


def page() -> None:
    """The Live class page."""
    st.title("Live class")
    notes.show("class")
    if lecturing():
        live_lecturer.projector()
    elif student():
        live_student.participant()
    else:
        live_student.join_form(st.query_params.get("class", ""))
