"""Widgets two pages share: the view of a long sentence, the subsampling threshold and the
keep curves it moves."""
from __future__ import annotations

import streamlit as st

from ui import charts
from ui.figures.parts import left_out
from ui.figures.sub import keep_curve_figure
from w2v_core.readouts.focus import focus
from w2v_core.readouts.subsampling import frequency_grid, keep_curves, word_keep
from w2v_core.settings import SAMPLE_STEPS
from w2v_core.subsampling import TRAINING_RULE

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


def keep_curve_chart(lab, sample: float, key: str) -> None:
    """Both subsampling rules' keep probability against frequency at threshold ``sample``,
    with the lab's most frequent words on the curves (the Corpus lab and Subsampling pages)."""
    v = lab.vocab
    grid = frequency_grid(v.frequencies, sample=sample)
    f = focus(v.frequencies)                              # the most frequent words, on the curves
    keep = {rule: p[f.shown] for rule, p in word_keep(v.counts, sample).items()}
    charts.show(keep_curve_figure(grid, keep_curves(grid, sample), v.frequencies[f.shown], keep,
                                  [v.words[j] for j in f.shown], sample, TRAINING_RULE,
                                  left_out(f, "f(w)", v.words)), key=key)
