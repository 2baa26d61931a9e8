"""Every page runs inside app.py (its navigation, page config, style, sidebar and links).

Streamlit starts a process in its old multipage mode when a ``pages/`` folder sits beside
the main script: until some session has run app.py (which calls ``st.navigation``), a deep
link such as ``/lesson`` runs ``pages/lesson.py`` on its own, without app.py: no wide layout,
no page title, no sidebar, no link applied. A fresh server's first visitors (often the
lecturer, right before class) would see that. ``through_app()``, called by every page,
notices such a first run of a session and reruns it through app.py; ``arrived()`` (app.py)
marks a session that app.py has served. (Streamlit's AppTest starts every run in that old
mode; a session app.py has served is left as it is, so no click is lost to a rerun.)
"""
from __future__ import annotations

import copy
import threading
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager   # the flag app.py's st.navigation clears

ARRIVED = "app_arrived"


def arrived() -> None:
    """app.py: this session has been served by app.py."""
    st.session_state[ARRIVED] = True


def through_app() -> None:
    """Rerun through app.py when this session's first page ran without it."""
    if PagesManager.uses_pages_directory and not st.session_state.get(ARRIVED):
        PagesManager.uses_pages_directory = False        # what st.navigation in app.py sets
        st.rerun()


_MENU: list = []                  # [(the code that made it, the pages by section)]


def menu(make) -> dict:
    """``make()``'s pages by section, made once per process and copied for each run (an
    ``st.Page`` checks its icon and path: 1.2 ms a run for eleven pages, a first page's
    tenth; ``st.navigation`` marks the copy it runs). Made again when app.py's code
    changes (a developer's edit, with the file watcher on)."""
    if not _MENU or _MENU[0][0] != make.__code__:
        _MENU[:] = [(make.__code__, make())]
    return {section: [copy.copy(page) for page in pages] for section, pages in _MENU[0][1].items()}


_RUN = threading.local()          # per script thread: inside app.py's page.run() now?


@contextmanager
def page_run():
    """app.py runs the page inside this: its code after the page (the address bar, the
    leave-page guard) will run in this run too."""
    _RUN.inside = True
    try:
        yield
    finally:
        _RUN.inside = False


def app_follows() -> bool:
    """Whether app.py's code after the page runs in this run: False in a fragment's own
    rerun (a click inside an ``st.fragment``) and in a page run without app.py (AppTest
    after ``switch_page``), where a page that changes the lab publishes it itself."""
    return getattr(_RUN, "inside", False)
