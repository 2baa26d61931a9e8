"""Widgets two pages share: the view of a long sentence, and the subsampling threshold."""
from __future__ import annotations

import streamlit as st

from w2v_core.settings import SAMPLE_STEPS

SHOWN_TOKENS = 60      # tokens of a sentence shown at once (a longer line gets a slider)


def token_span(label: str, key: str, n: int, shown: int) -> tuple[int, int]:
    """(start, stop) of the tokens of a sentence of ``n`` to show: all of them up to
    ``shown``; past that a slider picks where a view of ``shown`` starts, with a caption. A
    start left from a longer sentence is brought into range first."""
    if n <= shown:
        return 0, n
    last = n - shown + 1
    if st.session_state.get(key, 1) > last:
        st.session_state[key] = last
    start = st.slider(label, 1, last, key=key) - 1
    st.caption(f"Tokens {start + 1} to {start + shown} of {n:,}.")
    return start, start + shown


def sample_threshold(lab, key: str) -> float:
    """The threshold s a student picks from SAMPLE_STEPS: the lab's own when it is one of
    them, else 1e-3, so the page shows subsampling at work; 0 turns it off."""
    default = lab.settings.sample if lab.settings.sample in SAMPLE_STEPS[1:] else 1e-3
    return st.select_slider("Threshold s (`sample`; 0 = off)", SAMPLE_STEPS, value=default,
                            key=key, format_func=lambda s: "0 (off)" if s == 0 else f"{s:g}")
