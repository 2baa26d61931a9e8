"""Showing a figure on a page, the same way everywhere: our theme's fonts (not Streamlit's),
no mode bar, and presenter sizes when the presenter toggle is on."""
from __future__ import annotations

import streamlit as st

from ui.figures.theme import CHART_CONFIG, presenter

PRESENTER = "presenter"      # the presenter-mode toggle's key (shared by the one-update pages)


def presenting() -> bool:
    """True when presenter mode is on: compact controls, fonts for the back row."""
    return bool(st.session_state.get(PRESENTER, False))


def presenter_toggle(where=st) -> bool:
    """The presenter-mode switch (one state for every page that offers it)."""
    return where.toggle("Presenter", key=PRESENTER, persist_state="session",
                        help="For a projector: controls in one compact bar, larger chart text, "
                             "the main figure on screen after each Step.")


def show(fig, key: str | None = None, where=st) -> None:
    """Draw ``fig`` in ``where`` (a container or column; default the page)."""
    if presenting():
        presenter(fig)
    where.plotly_chart(fig, key=key, theme=None, config=CHART_CONFIG)
