"""Showing a figure on a page, the same way everywhere: our theme's fonts (not Streamlit's),
no mode bar, and presenter sizes when the presenter toggle is on."""
from __future__ import annotations

import contextlib
import contextvars
import threading
import weakref

import streamlit as st

from ui import a11y, kept_chart, trim
from ui.figures.describe import describe
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
    title_row(title, small=presenting())


def title_row(title: str, small: bool = False) -> None:
    """``title`` (a subheader when ``small``) with the presenter switch at its right."""
    row = st.container(horizontal=True, vertical_alignment="bottom")
    (row.subheader if small else row.title)(title, width="stretch")
    presenter_toggle(row)


def plot(fig, key: str, where=st, width="stretch") -> None:
    """Draw ``fig`` as a Streamlit chart in our theme (animations, and charts drawn once:
    the Training page), with presenter sizes when presenter mode is on, and its text
    alternative for screen readers (WCAG 1.1.1); ``width="content"`` keeps the figure's own
    width (a phone scrolls it: ui/page_style.py)."""
    if presenting():
        presenter(fig)
    where.plotly_chart(fig, key=key, theme=None, config=CHART_CONFIG, width=width)
    a11y.described(describe({"data": [t.to_plotly_json() for t in fig.data],    # not the frames
                             "layout": fig.layout.to_plotly_json()}), where)


def show(fig, key: str, where=st) -> None:
    """Draw ``fig`` in ``where`` (a container or column; default the page) as the chart named
    ``key``: kept by the browser and redrawn in place on the next rerun (ui/kept_chart.py),
    or, where plotly.js cannot be served, a Streamlit chart. ``fig`` is a figure, or a
    function that builds one: inside ``shared(owner)`` such a chart is built once per owner
    and reused by every session that draws it (a class's students: ui/live_student.py)."""
    if not kept_chart.available():
        plot(fig() if callable(fig) else fig, key, where)
        return
    data = once(key, lambda: _payload(fig())) if callable(fig) else _payload(fig)
    kept_chart.draw(data, key, where)


def once(key: str, build):
    """``build()``; inside ``shared(owner)`` the value built once for the owner, ``key`` and
    presenter mode (what the students of a class all draw: a chart's bytes, a diagram)."""
    owner = _OWNER.get()
    return build() if owner is None else _shared_value(owner, (key, presenting()), build)


def _payload(fig) -> bytes:
    if presenting():
        presenter(fig)
    return kept_chart.payload(fig, CHART_CONFIG)


# What the sessions showing one read-only owner (a class frame) draw alike: built once.
_OWNER: contextvars.ContextVar = contextvars.ContextVar("w2v_chart_owner", default=None)
_SHARED: dict[int, dict] = {}           # id(owner) -> {(key, presenting): value}
_LOCK = threading.Lock()


@contextlib.contextmanager
def shared(owner):
    """Within: the charts drawn from a builder function depend only on ``owner`` (never
    changed while anyone shows it), the chart's key and presenter mode, so each is built
    once and kept while ``owner`` lives."""
    token = _OWNER.set(owner)
    try:
        yield
    finally:
        _OWNER.reset(token)


def _shared_value(owner, key: tuple, build):
    with _LOCK:
        values = _SHARED.get(id(owner))
        if values is None:
            values = _SHARED[id(owner)] = {}
            weakref.finalize(owner, _SHARED.pop, id(owner), None)
        value = values.get(key)
    if value is None:                   # two sessions may build it at once: the same value
        value = build()
        with _LOCK:
            values[key] = value
    return value
