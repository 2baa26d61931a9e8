"""An instructor's trimmed link in the app: which controls this student sees, and the
instructor's ticks in "Link to this step" (w2v_core.lab.trim checks and encodes them).

A link with ``show`` trims this session: the Step inspector's controls (and the presenter
switch and “Enter your own W and W′” wherever they are) read ``shows(id)``. Nothing on screen
un-hides them (the ticks are offered only in an untrimmed session); a link without ``show``
leaves the trimming as it is, so a Lesson link does not undo it. Editing the address does.
"""
from __future__ import annotations

import streamlit as st

from w2v_core.lab.trim import CONTROLS, decode_show, encode_show

SHOWN = "trim_shown"          # frozenset of the controls students see; absent: every one
TICK = "link_show_"           # the instructor's tick of each control (+ its id)


def read(params: dict) -> list[str]:
    """Trim this session as the link's ``show`` asks; the messages about its value."""
    if "show" not in params:
        return []
    shown, said = decode_show(params["show"])
    if shown is None:
        st.session_state.pop(SHOWN, None)
    else:
        st.session_state[SHOWN] = shown
    return said


def shown() -> frozenset | None:
    """The controls this session sees (None: every one)."""
    return st.session_state.get(SHOWN)


def trimmed() -> bool:
    return shown() is not None


def shows(control: str) -> bool:
    """Whether this session sees ``control`` (an id of w2v_core.lab.trim.CONTROLS)."""
    if control not in CONTROLS:
        raise KeyError(control)
    return shown() is None or control in shown()


def current() -> dict[str, str]:
    """The ``show`` parameter of this session's own trimming (its address and its links)."""
    return encode_show(shown())


def ticks(where=st) -> dict[str, str]:
    """The instructor's ticks (every control ticked at first, kept while "Link to this
    step" is closed), in ``where``; the ``show`` parameter they make. A trimmed session gets
    no ticks: its links keep its trimming."""
    if trimmed():
        where.caption("This link shows only the controls the instructor chose.")
        return current()
    where.caption("Students who open this link see (untick to hide):")
    ticked = {c for c, title in CONTROLS.items()
              if where.checkbox(title, value=True, key=TICK + c, persist_state="session")}
    return encode_show(ticked)
