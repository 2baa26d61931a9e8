"""The address bar holds the lab: ``apply()`` rebuilds the lab a link asks for (replaying
its seeded steps), ``publish()`` keeps the query current as the student works, and
``copy_box()`` shows the link to copy. The encoding and its checks are
w2v_core.lab.link's; this module only talks to Streamlit.

A page may keep its own parameters in the query beside the lab's: those whose name starts
with ``PAGE_PREFIX`` (the Worksheet page's) are left to that page and kept by ``publish``.

A link we wrote ourselves is recognised (it equals what we last published) and left alone,
so a widget's callback, which changes the lab before the query is updated, is never undone
by the stale query. A page switch without parameters keeps the lab.
"""
from __future__ import annotations

import weakref
from dataclasses import replace
from urllib.parse import urlencode

import numpy as np
import streamlit as st

from ui import notes, state, trim
from ui.inspector.keys import PHASED as PHASED_KEY, PHASES as PHASES_KEY, TAB as PANEL_KEY
from w2v_core.corpora import DEFAULT_PRESET, load_preset, preset_keys
from w2v_core.lab.link import decode, encode, encode_text
from w2v_core.lab.replay import build_shared, what_is_lost
from w2v_core.lab.phases import Phases
from w2v_core.lab.saved import corpus_text

PUBLISHED = "link_published"      # the query we last wrote (or read)
TRAVELS = "link_travels"          # (lab, what a link to it cannot carry), worked out once a lab
LINK_TEXT = "Text from a link"
BOX = "link_box"                  # "Link to this step" is open (drawn only then)
ORIGIN = "link_origin"            # weakref to the process's built lab this session's lab copies
PAGE_PREFIX = "ws_"               # a page's own query parameters (pages/worksheet.py)


def _corpus(link) -> tuple[str, str, str | None]:
    """(text, name on screen, preset key) of the link's corpus."""
    if link.text is not None:
        return link.text, LINK_TEXT, None
    key = link.corpus if link.corpus is not None else DEFAULT_PRESET
    return load_preset(key), state.PRESET_TITLES[key], key


def _build(link, said: list):
    text, name, key = _corpus(link)
    try:
        lab, adjusted, origin = build_shared(link, text)
    except ValueError as err:                 # the link's own text makes no lab at all
        said.append(f"{err}: opened the default preset instead, without the link's steps")
        key = DEFAULT_PRESET
        lab, adjusted, origin = build_shared(replace(link, corpus=key, text=None, schedule=(),
                                                     weights=None, picks=()), load_preset(key))
        name = state.PRESET_TITLES[key]
    said += adjusted
    state.set_lab(lab, name, key)
    st.session_state[ORIGIN] = weakref.ref(origin)     # not kept alive by the session
    return lab


def opened() -> bool:
    """Whether this session's lab was built from a link (someone else's lab: a teacher's)."""
    return st.session_state.get(ORIGIN) is not None


def shared_origin(lab, trace):
    """The process's built lab that ``lab`` is an unchanged copy of, when ``trace`` is its
    last step (opened from a link, no step, undo or new weights since), else None. Every
    session showing that step draws the same charts (a hall opening the teacher's link):
    drawn inside ``charts.shared(origin)``, each is built once."""
    ref = st.session_state.get(ORIGIN)
    origin = ref() if ref is not None else None
    if origin is None or origin.vocab is not lab.vocab or origin.settings != lab.settings:
        return None
    mine, theirs = lab.last, origin.last
    if (mine is None or theirs is None or mine[1] is not trace or theirs[1] is not trace
            or lab.steps_done != origin.steps_done):
        return None
    same = all(a is b or np.array_equal(a, b)               # shared until either steps
               for a, b in ((lab.model.W_in, origin.model.W_in),
                            (lab.model.W_out, origin.model.W_out)))
    return origin if same else None


def _phase(lab, link, said: list) -> None:
    """Show the link's phase of the next (or, for 3, the last) step."""
    st.session_state[PHASED_KEY] = True
    ph = st.session_state[PHASES_KEY] = Phases(lab)
    if link.phase == 3 and lab.steps_done:       # the last replayed step, fully shown
        ph.phase, ph.pending = 3, lab.last
        return
    try:
        for _ in range(link.phase % 3):
            ph.advance(state.learning_rate())
    except ValueError as err:
        said.append(f"phase {link.phase} cannot be shown: {err}")
        st.session_state[PHASES_KEY] = Phases(lab)


def apply() -> None:
    """Rebuild the lab from the query when it is a link from elsewhere (pasted, or a lesson).
    A query is read once: whatever it holds, it is then the published one, so a link that
    was refused is not applied again on every rerun."""
    params = st.query_params.to_dict()
    if not params or params == st.session_state.get(PUBLISHED):
        return
    st.session_state[PUBLISHED] = params
    trimmed = trim.read(params)                  # a view option: the lab does not change
    link, said = decode(_lab_params(params), preset_keys())
    if link is None:
        if trimmed:
            notes.leave("link", "warning", "The link was adjusted: " + "; ".join(trimmed) + ".")
        return
    said += trimmed
    lab = _build(link, said)
    lr = link.lr if link.lr is not None else (link.schedule[-1][0] if link.schedule else None)
    st.session_state[state.LR] = lr if lr is not None else state.DEFAULT_LR
    st.session_state.pop(PHASES_KEY, None)
    if link.phase:
        _phase(lab, link, said)
    if link.panel:
        st.session_state[PANEL_KEY] = link.panel
    kind, head = ("warning", "The link was adjusted: ") if said else ("success", "")
    notes.leave("link", kind, head + "; ".join(said) + ("." if said else
                f"Opened the lab of the link: {lab.steps_done:,} step(s) replayed."))


def _text(lab) -> str | None:
    """The corpus as a link carries it (None for a preset), made once per lab."""
    return None if state.preset() is not None else _travels(lab)[1]


def _travels(lab) -> tuple:
    """(lab, its corpus text or None, what a link cannot carry or None), once per lab state
    that matters: the lab object, its steps and its eta runs."""
    runs = tuple(lab.schedule.runs) if lab.schedule is not None else None
    mark = (lab, state.preset(), lab.steps_done, runs)
    known = st.session_state.get(TRAVELS)
    if known is None or known[0] != mark:
        text = None if state.preset() is not None else corpus_text(lab.sentences)
        fits = text is None or encode_text(text) is not None
        known = st.session_state[TRAVELS] = (mark, text, what_is_lost(lab, fits))
    return known[0][0], known[1], known[2]


def current() -> dict[str, str]:
    """The query of the lab as it is now."""
    lab = state.lab()
    runs = lab.schedule.runs if lab.schedule is not None else ()
    ph = st.session_state.get(PHASES_KEY)
    phase = ph.phase if (ph is not None and ph.lab is lab and st.session_state.get(PHASED_KEY)) else 0
    panel = st.session_state.get(PANEL_KEY)
    return encode(lab.settings, state.preset(), _text(lab), runs, phase, panel,
                  state.learning_rate(), lab.start, lab.chosen, trim.shown())


def _lab_params(params: dict) -> dict:
    """The query without a page's own parameters and the trimming (ui/trim.py reads it)."""
    return {k: v for k, v in params.items() if not k.startswith(PAGE_PREFIX) and k != "show"}


def page_params() -> dict:
    """A page's own parameters in the query (``PAGE_PREFIX``)."""
    params = st.query_params.to_dict()
    return {k: v for k, v in params.items() if k.startswith(PAGE_PREFIX)}


def lost() -> str | None:
    """What a link to this lab (a reload included) cannot carry; None when it rebuilds the
    lab and its next step exactly."""
    return _travels(state.lab())[2]


def reproducible() -> bool:
    """Whether opening this lab's link (a reload included) rebuilds it exactly."""
    return lost() is None


def publish() -> None:
    """Write the lab into the address bar (only when it changed), beside a page's own
    parameters."""
    params = current() | page_params()
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    st.session_state[PUBLISHED] = params


def url(show: dict | None = None) -> str:
    """The whole link to this lab (with ``show``: the controls its students see)."""
    base = str(st.context.url or "").split("?")[0]
    params = {k: v for k, v in current().items() if k != "show"} | (
        trim.current() if show is None else show)
    return base + "?" + urlencode(params)


def copy_box(where=st) -> None:
    """The link in a box with a copy button, what it carries, and the instructor's ticks of
    the controls students see (ui/trim.py)."""
    pop = where.popover("Link to this step", key=BOX, on_change="rerun")
    if not pop.open:        # drawn only when open: the link and the ticks are not sent with
        return              # every page and every Step
    with pop:
        box = st.container()
        show = trim.ticks()
        box.code(url(show), language=None, wrap_lines=True)
        box.caption(lost() or "Opening it in any browser rebuilds this lab by replaying its "
                              f"{state.lab().steps_done:,} seeded step(s).")
