"""One way for a page to leave a message for the next rerun.

A widget's callback runs before the page script, so a message it makes would be drawn
above the page's widgets, or lost in a fragment rerun. Instead the callback leaves it
here under a place name and the page shows it where it belongs, once.
"""
from __future__ import annotations

import streamlit as st

from ui.safe import md

NOTES = "page_notes"         # {place: (kind, text)}; kind is an st message: info, error, ...


def leave(place: str, kind: str, text: str) -> None:
    """Keep a message (``kind``: "success", "info", "warning" or "error") for ``place``."""
    st.session_state.setdefault(NOTES, {})[place] = (kind, text)


def leave_error(place: str, error: str | None) -> None:
    """Keep ``error`` for ``place`` when there is one (ui.state returns None on success)."""
    if error:
        leave(place, "error", error)


def pop(place: str) -> tuple[str | None, str | None]:
    """(kind, text) of the message left for ``place`` (forgotten now), or (None, None)."""
    return st.session_state.get(NOTES, {}).pop(place, (None, None))


def show(place: str) -> None:
    """Show the message left for ``place``, if any. Messages quote corpus words and file
    names, so the text is escaped."""
    kind, text = pop(place)
    if kind is not None:
        getattr(st, kind)(md(text))
