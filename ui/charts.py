"""Showing a figure on a page, the same way everywhere: our theme's fonts (not Streamlit's),
no mode bar, and presenter sizes when the presenter toggle is on."""
from __future__ import annotations

import streamlit as st

from ui import kept_chart, trim
from ui.figures.theme import CHART_CONFIG, presenter

PRESENTER = "presenter"      # the presenter-mode toggle's key (shared by the one-update pages)


def presenting() -> bool:
    """True when presenter mode is on: compact controls, fonts for the back row."""
    return bool(st.session_state.get(PRESENTER, False))


def height(normal: int, presenter: int) -> int:
    """A figure's height: ``presenter`` in presenter mode, else ``normal``."""
    return presenter if presenting() else normal


def presenter_toggle(where=st) -> bool:
    """The presenter-mode switch (one state for every page that offers it); none when an
    instructor's trimmed link hides it (ui/trim.py)."""
    if not trim.shows("presenter"):
        return presenting()
    return where.toggle("Presenter", key=PRESENTER, persist_state="session",
                        help="For a projector: controls in one compact bar, larger chart text, "
                             "the main figure on screen after each Step.")


# presenter mode: less empty space around the page (Streamlit's default is 6rem on top)
PRESENTER_CSS = ("<style>[data-testid='stMainBlockContainer']{padding-top:3.4rem;"
                 "padding-left:1.5rem;padding-right:1.5rem;padding-bottom:1rem}</style>")


def presenter_layout() -> None:
    """Tighten the page for a projector when presenter mode is on (our own constant CSS)."""
    if presenting():
        st.html(PRESENTER_CSS)


def page_title(title: str) -> None:
    """A one-update page's title with the presenter switch at its right; in presenter mode a
    smaller title and less space around the page."""
    presenter_layout()
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    (left.subheader if presenting() else left.title)(title)
    presenter_toggle(right)


def plot(fig, key: str, where=st, width="stretch") -> None:
    """Draw ``fig`` as a Streamlit chart in our theme (animations, and charts drawn once:
    the Training page), with presenter sizes when presenter mode is on; ``width="content"``
    keeps the figure's own width (a phone scrolls it: ui/page_style.py)."""
    if presenting():
        presenter(fig)
    where.plotly_chart(fig, key=key, theme=None, config=CHART_CONFIG, width=width)


def show(fig, key: str, where=st) -> None:
    """Draw ``fig`` in ``where`` (a container or column; default the page) as the chart named
    ``key``: kept by the browser and redrawn in place on the next rerun (ui/kept_chart.py),
    or, where plotly.js cannot be served, a Streamlit chart."""
    if kept_chart.available():
        if presenting():
            presenter(fig)
        kept_chart.kept_chart(fig, key, CHART_CONFIG, where)
    else:
        plot(fig, key, where)
