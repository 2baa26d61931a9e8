"""Subsampling: keep probability against frequency under both rules, one seeded pass over a
sentence, and what it does to the corpus (training instances, share of the frequent words).

Reads the lab from ui.state. The probabilities come from w2v_core.subsampling (the
rules training uses) and w2v_core.sub_stats (the same rules as curves of f, the seeded
passes, drawn exactly as the lab draws them in its first epoch).
"""
from dataclasses import replace

import pandas as pd
import streamlit as st

from ui import state
from ui.figures.sub import counts_figure, keep_curve_figure
from ui.safe import md
from ui.tables import six_digits
from w2v_core.readouts.subsampling import (RULE_NAMES, corpus_pass, expected_kept, frequency_grid,
                                keep_probability_at, sentence_pass, top_share)
from w2v_core.subsampling import RULES, keep_probability_word2vec
from w2v_core.settings import RANGES

SAMPLES = (0.0, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1)
TOP = 5
CACHE = "sub_corpus_pass"     # (lab, sample) -> (pass without, pass with subsampling)


def _train_with_sample() -> None:
    settings = replace(state.lab().settings, sample=st.session_state["sub_sample"])
    st.session_state["sub_switch_error"] = state.apply_settings(settings)


def passes(lab, sample: float):
    """The two seeded corpus passes (off, at ``sample``), kept for this lab: the large corpora
    take about a second."""
    cached = st.session_state.get(CACHE)
    if cached is None or cached[0] is not lab or cached[1] != sample:
        ids = [i for i, _ in lab.encoded]
        window, seed = lab.settings.window, lab.settings.seed
        off = corpus_pass(ids, keep_probability_word2vec(lab.vocab.counts, 0.0), window, seed)
        on = corpus_pass(ids, keep_probability_word2vec(lab.vocab.counts, sample), window, seed)
        cached = (lab, sample, off, on)
        st.session_state[CACHE] = cached
    return cached[2], cached[3]


st.title("Subsampling")
st.markdown(
    "Frequent words (*the*, *a*, *is*) appear in almost every window and teach little. "
    "Subsampling drops each token of a frequent word at random before the windows are cut, so "
    "there are fewer training instances and more of them are about informative words. "
    "Two rules exist, with f(w) = count(w) / T and the threshold s (`sample`):")
st.latex(r"\text{word2vec.c: } P_{\text{keep}}(w) = \Big(\sqrt{\tfrac{f(w)}{s}} + 1\Big)"
         r"\,\tfrac{s}{f(w)}\qquad\qquad \text{paper: } P_{\text{discard}}(w) = "
         r"1 - \sqrt{\tfrac{s}{f(w)}}")
lab = state.lab()
vocab = lab.vocab
error = st.session_state.pop("sub_switch_error", None)
if error:
    st.error(md(error))

# ---- the two rules ------------------------------------------------------------------------------
st.header("Keep probability against frequency")
if st.session_state.get("sub_sample") not in SAMPLES:
    st.session_state.pop("sub_sample", None)
default = lab.settings.sample if lab.settings.sample in SAMPLES[1:] else 1e-3
sample = st.select_slider("Threshold s (`sample`; 0 = off)", SAMPLES, value=default,
                          key="sub_sample", format_func=lambda s: "0 (off)" if s == 0 else f"{s:g}")
grid = frequency_grid(vocab.frequencies, sample=sample)
st.plotly_chart(keep_curve_figure(
    grid, {r: keep_probability_at(grid, sample, r) for r in RULE_NAMES}, vocab.frequencies,
    {r: RULES[r](vocab.counts, sample) for r in RULE_NAMES}, vocab.words, sample), key="sub_curves")
st.info(f"Training uses **word2vec.c's** rule; the lab's threshold is s = {lab.settings.sample:g}"
        + (" (off: every token is kept)." if lab.settings.sample == 0 else ".")
        + " The paper's rule keeps every token of a word with f ≤ s; word2vec.c's keeps every "
          "token up to f ≈ 2.6 s and, above, always a little more (it adds s / f).")
st.button(f"Train the lab with s = {sample:g}", key="sub_switch", on_click=_train_with_sample,
          disabled=sample == lab.settings.sample)

# ---- one sentence -------------------------------------------------------------------------------
st.header("One sentence, before and after one seeded pass")
n_sent = len(lab.sentences)
if not 1 <= st.session_state.get("sub_sentence", 1) <= n_sent:
    st.session_state.pop("sub_sentence", None)
c1, c2 = st.columns(2)
s = c1.number_input(f"Sentence (1 to {n_sent})", 1, n_sent, 1, key="sub_sentence") - 1
seed = c2.number_input("Seed", *RANGES["seed"].bounds, value=lab.settings.seed, key="sub_seed")
keep = keep_probability_word2vec(vocab.counts, sample)
ids, pos = lab.encoded[s]
one = sentence_pass(ids, keep, seed, s)
tokens = lab.sentences[s]
status = {int(p): bool(k) for p, k in zip(pos, one.kept_mask)}
st.markdown("**Before:** " + " ".join(md(t) for t in tokens))
st.markdown("**After:** " + (" ".join(md(tokens[p]) for p, k in status.items() if k)
                             or "*(every token dropped)*"))
st.markdown("**Marked:** " + " ".join(
    f"~~{md(t)}~~" if status.get(i) is False else f"*{md(t)}*" if i not in status else md(t)
    for i, t in enumerate(tokens)))
st.dataframe(pd.DataFrame({"token": [tokens[p] for p in pos], "P(keep)": one.keep_prob,
                           "uniform draw": one.draws, "kept": one.kept_mask}),
             hide_index=True, key="sub_sentence_table",
             column_config=six_digits("P(keep)", "uniform draw"))
st.caption("A token is kept when its uniform draw is below its word's P(keep) (word2vec.c's "
           "rule). Struck-through tokens are dropped before the window is drawn, so the window "
           "reaches further; italic tokens are not in the vocabulary (min_count). With the lab's "
           "seed and threshold, this is exactly what the lab's first epoch drops.")

# ---- the whole corpus ---------------------------------------------------------------------------
st.header("The effect on the whole corpus")
off, on = passes(lab, sample)
without = "without subsampling: "
c1, c2, c3 = st.columns(3)
c1.metric("Tokens kept", f"{on.tokens:,}", f"{without}{off.tokens:,}", delta_color="off",
          delta_arrow="off")
c2.metric("Training instances (centre words)", f"{on.instances:,}", f"{without}{off.instances:,}",
          delta_color="off", delta_arrow="off")
c3.metric("(centre, context) pairs", f"{on.pairs:,}", f"{without}{off.pairs:,}",
          delta_color="off", delta_arrow="off")
top_words = ", ".join(md(w) for w in vocab.words[:TOP])
expected = expected_kept(vocab.counts, keep)
c1, c2, c3 = st.columns(3)
c1.metric(f"Share of the top {min(TOP, vocab.size)} words, in the corpus",
          f"{top_share(vocab.counts, TOP):.1%}")
c2.metric("… expected after subsampling", f"{top_share(expected, TOP):.1%}")
c3.metric("… after this seeded pass", f"{top_share(on.kept_counts, TOP):.1%}")
st.caption(f"The top words: {top_words}. One seeded pass over every sentence, drawn as the lab's "
           f"first epoch draws it (seed {lab.settings.seed}, window {lab.settings.window}); "
           "'expected' is count × P(keep).")
st.plotly_chart(counts_figure(vocab.words, vocab.counts, expected, on.kept_counts),
                key="sub_counts")
