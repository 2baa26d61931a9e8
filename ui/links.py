"""The address bar holds the lab: ``apply()`` rebuilds the lab a link asks for (replaying
its seeded steps), ``publish()`` keeps the query current as the student works, and
``copy_box()`` shows the link to copy. The encoding and its checks are
w2v_core.lab.link's; this module only talks to Streamlit.

A link we wrote ourselves is recognised (it equals what we last published) and left alone,
so a widget's callback, which changes the lab before the query is updated, is never undone
by the stale query. A page switch without parameters keeps the lab.
"""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from ui import notes, state
from w2v_core.corpora import DEFAULT_PRESET, load_preset, preset_keys
from w2v_core.lab.link import MAX_REPLAY, build, decode, encode, encode_text
from w2v_core.lab.phases import Phases
from w2v_core.lab.saved import corpus_text

PUBLISHED = "link_published"      # the query we last wrote
TRAVELS = "link_text_travels"     # (lab, whether its corpus fits in a link), worked out once
PANEL_KEY, PHASED_KEY, PHASES_KEY = "insp_tab", "insp_phased", "insp_phases"
LINK_TEXT = "Text from a link"


def _corpus(link) -> tuple[str, str]:
    if link.corpus is not None:
        return load_preset(link.corpus), state.PRESET_TITLES[link.corpus]
    if link.text is not None:
        return link.text, LINK_TEXT
    return load_preset(DEFAULT_PRESET), state.PRESET_TITLES[DEFAULT_PRESET]


def _build(link, said: list):
    text, name = _corpus(link)
    lab, adjusted = build(link, text)
    said += adjusted
    state.set_lab(lab, name)
    return lab


def apply() -> None:
    """Rebuild the lab from the query when it is a link from elsewhere (pasted, or a lesson)."""
    params = st.query_params.to_dict()
    if not params or params == st.session_state.get(PUBLISHED):
        return
    link, said = decode(params, preset_keys())
    if link is None:
        return
    lab = _build(link, said)
    if link.schedule:
        st.session_state[state.LR] = link.schedule[-1][0]
    st.session_state.pop(PHASES_KEY, None)
    if link.phase:
        st.session_state[PHASED_KEY] = True
        ph = st.session_state[PHASES_KEY] = Phases(lab)
        lr = state.learning_rate()
        if link.phase == 3 and lab.steps_done:       # the last replayed step, fully shown
            ph.phase = 3
            ph.pending = lab.last
        else:
            for _ in range(link.phase % 3):
                ph.advance(lr)
    if link.panel:
        st.session_state[PANEL_KEY] = link.panel
    st.session_state[PUBLISHED] = params
    kind, head = ("warning", "The link was adjusted: ") if said else ("success", "")
    notes.leave("link", kind, head + "; ".join(said) + ("." if said else
                f"Opened the lab of the link: {lab.steps_done:,} step(s) replayed."))


def current() -> dict[str, str]:
    """The query of the lab as it is now."""
    lab = state.lab()
    name = state.corpus_name()
    key = next((k for k, t in state.PRESET_TITLES.items() if t == name), None)
    text = None if key else corpus_text(lab.sentences)
    runs = lab.schedule.runs if lab.schedule is not None else ()
    ph = st.session_state.get(PHASES_KEY)
    phase = ph.phase if (ph is not None and ph.lab is lab and st.session_state.get(PHASED_KEY)) else 0
    panel = st.session_state.get(PANEL_KEY)
    return encode(lab.settings, key, text, runs, phase, panel)


def reproducible() -> bool:
    """Whether opening this lab's link (a reload included) rebuilds it exactly: its steps are
    all known and within MAX_REPLAY, and its corpus is a preset or short enough to travel."""
    lab = state.lab()
    if lab.schedule is None:                    # restored from a file: its steps are not known
        return lab.steps_done == 0
    if lab.steps_done > MAX_REPLAY:
        return False
    if state.corpus_name() in state.PRESET_TITLES.values():
        return True
    known = st.session_state.get(TRAVELS)                # (lab, fits): a lab's corpus is fixed
    if known is None or known[0] is not lab:
        fits = encode_text(corpus_text(lab.sentences)) is not None
        known = st.session_state[TRAVELS] = (lab, fits)
    return known[1]


def publish() -> None:
    """Write the lab into the address bar (only when it changed)."""
    params = current()
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    st.session_state[PUBLISHED] = params


def url() -> str:
    """The whole link to this lab."""
    base = str(st.context.url or "").split("?")[0]
    return base + "?" + urlencode(current())


def copy_box(where=st) -> None:
    """The link in a box with a copy button, and what it carries."""
    with where.popover("Link to this step"):
        st.code(url(), language=None, wrap_lines=True)
        lab = state.lab()
        if lab.schedule is None:
            st.caption("This lab was restored from a file: the link carries its corpus and "
                       "settings, not its steps.")
        elif "text" not in current() and not any(t == state.corpus_name()
                                                 for t in state.PRESET_TITLES.values()):
            st.caption("The corpus is too long to travel in a link: the link carries the "
                       "settings and steps, and opens with the default corpus.")
        else:
            st.caption("Opening it in any browser rebuilds this lab by replaying its "
                       f"{lab.steps_done:,} seeded step(s).")
