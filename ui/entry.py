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
