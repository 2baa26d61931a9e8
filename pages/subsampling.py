"""Subsampling: keep probability against frequency under both rules, one seeded pass over a
sentence, and what it does to the corpus (training instances, share of the frequent words).

Reads the lab from ui.state. The probabilities come from w2v_core.subsampling (the rules
training uses) and w2v_core.readouts.subsampling (curves, the seeded passes, drawn exactly
as the lab draws them in its first epoch).
"""
from dataclasses import replace

import pandas as pd
import streamlit as st

from ui import charts, notes, state
from ui.equations import SUBSAMPLING_RULES
from ui.figures.sub import counts_figure
from ui.safe import md
from ui.tables import six_digits
from ui.widgets import SHOWN_TOKENS, keep_curve_chart, sample_threshold, token_span
from w2v_core.readouts.subsampling import (corpus_pass, expected_kept, keep_extremes, sentence_pass,
                                           suggested_sample, top_share)
from w2v_core.settings import RANGES, SAMPLE_STEPS
from w2v_core.subsampling import keep_probability_word2vec
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

TOP = 5
CACHE = "sub_corpus_pass"     # (lab, sample) -> (pass without, pass with subsampling)


def _train_with_sample() -> None:
    settings = replace(state.lab().settings, sample=st.session_state["sub_sample"])
    notes.leave_error("subsampling", state.apply_settings(settings))


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


def extremes_line(lab, sample: float) -> None:
    """Both ends of the vocabulary at this threshold, a threshold that shows the idea, and a
    warning when most tokens would go."""
    v = lab.vocab
    e = keep_extremes(v.words, v.counts, sample)
    if sample > 0:
        st.markdown(f"At s = {sample:g} word2vec.c keeps **{md(e.frequent)}** (the most frequent) "
                    f"with probability {e.keep_frequent:.6g} and **{md(e.rare)}** (the rarest) "
                    f"with {e.keep_rare:.6g}; {e.kept:.0%} of the {v.total:,} tokens are kept on "
                    "average.")
    if sample > 0 and e.kept < 0.3:
        st.warning(f"At s = {sample:g} most tokens go ({1 - e.kept:.0%}): on a corpus of "
                   f"{v.total:,} tokens even rare words are dropped. A larger s shows "
                   "frequent words going and rare ones staying.")
    better = suggested_sample(v.counts, SAMPLE_STEPS)
    if better is not None and better != sample:
        st.caption(f"Suggested for this corpus: s = {better:g}, the smallest threshold at which "
                   "the rarest words are always kept and the most frequent are not.")


def rules_section(lab) -> float:
    """Both curves with the corpus words on them; returns the threshold s chosen."""
    st.header("Keep probability against frequency")
    sample = sample_threshold(lab, "sub_sample")
    keep_curve_chart(lab, sample, "sub_curves")
    extremes_line(lab, sample)
    st.info(f"Training uses **word2vec.c's** rule; the lab's threshold is s = "
            f"{lab.settings.sample:g}"
            + (" (off: the lab keeps every token; the curves and passes on this page use the "
               f"s chosen above, {sample:g})." if lab.settings.sample == 0 else ".")
            + " The paper's rule keeps every token of a word with f ≤ s; word2vec.c's keeps every "
              "token up to f ≈ 2.6 s and, above, always a little more (it adds s / f)."
            + (" This corpus is explicit training pairs: subsampling does not apply to it (each "
               "line is one instance, as written); the passes below treat each line as a "
               "sentence." if lab.pairs else ""))
    st.button(f"Train the lab with s = {sample:g}", key="sub_switch", on_click=_train_with_sample,
              disabled=sample == lab.settings.sample)
    notes.show("subsampling")
    return sample


def sentence_section(lab, sample: float) -> None:
    st.header("One sentence, before and after one seeded pass")
    n_sent = len(lab.sentences)
    if not 1 <= st.session_state.get("sub_sentence", 1) <= n_sent:
        st.session_state.pop("sub_sentence", None)
    c1, c2 = st.columns(2)
    s = c1.number_input(f"Sentence (1 to {n_sent})", 1, n_sent, 1, key="sub_sentence") - 1
    seed = c2.number_input("Seed", int(RANGES["seed"].low), int(RANGES["seed"].high),
                           value=lab.settings.seed, key="sub_seed")
    one = sentence_pass(lab, s, sample, seed)                 # the whole sentence's draws
    one = one.part(*token_span("First token shown", "sub_first", len(one.tokens), SHOWN_TOKENS))
    tokens, kept, v = one.tokens, one.kept, one.in_vocab
    st.markdown("**Before:** " + " ".join(md(t) for t in tokens))
    st.markdown("**After:** " + (" ".join(md(t) for t, k in zip(tokens, kept) if k)
                                 or "*(every token dropped)*"))
    st.markdown("**Marked:** " + " ".join(
        f"*{md(t)}*" if not iv else md(t) if k else f"~~{md(t)}~~"
        for t, k, iv in zip(tokens, kept, v)))
    st.dataframe(pd.DataFrame({"token": [t for t, inv in zip(tokens, v) if inv],
                               "P(keep)": one.keep_prob[v], "uniform draw": one.draws[v],
                               "kept": kept[v]}),
                 hide_index=True, key="sub_sentence_table",
                 column_config=six_digits("P(keep)", "uniform draw"))
    same = sample == lab.settings.sample and seed == lab.settings.seed
    st.caption("A token is kept when its uniform draw is below its word's P(keep) (word2vec.c's "
               "rule). Struck-through tokens are dropped before the window is drawn, so the window "
               "reaches further; italic tokens are not in the vocabulary (min_count). "
               + ("This is exactly what the lab's first epoch drops (the lab's seed and threshold)."
                  if same else f"The lab itself uses s = {lab.settings.sample:g} and seed "
                  f"{lab.settings.seed}: with those, this pass would be exactly what its first "
                  "epoch drops."))


def corpus_section(lab, sample: float) -> None:
    st.header("The effect on the whole corpus")
    vocab = lab.vocab
    off, on = passes(lab, sample)
    without = "without subsampling: "
    c1, c2, c3 = st.columns(3)
    c1.metric("Tokens kept", f"{on.tokens:,}", f"{without}{off.tokens:,}", delta_color="off",
              delta_arrow="off")
    c2.metric("Training instances (centre words)", f"{on.instances:,}",
              f"{without}{off.instances:,}", delta_color="off", delta_arrow="off")
    c3.metric("(centre, context) pairs", f"{on.pairs:,}", f"{without}{off.pairs:,}",
              delta_color="off", delta_arrow="off")
    expected = expected_kept(vocab.counts, keep_probability_word2vec(vocab.counts, sample))
    c1, c2, c3 = st.columns(3)
    c1.metric(f"Share of the top {min(TOP, vocab.size)} words, in the corpus",
              f"{top_share(vocab.counts, TOP):.1%}")
    c2.metric("… expected after subsampling", f"{top_share(expected, TOP):.1%}")
    c3.metric("… after this seeded pass", f"{top_share(on.kept_counts, TOP):.1%}")
    st.caption(f"The top words: {', '.join(md(w) for w in vocab.words[:TOP])}. One seeded pass "
               f"over every sentence, drawn as the lab's first epoch draws it (seed "
               f"{lab.settings.seed}, window {lab.settings.window}); 'expected' is count × P(keep).")
    charts.show(counts_figure(vocab.words, vocab.counts, expected, on.kept_counts),
                key="sub_counts")


charts.page_title("Subsampling")
st.markdown(
    "Frequent words (*the*, *a*, *is*) appear in almost every window and teach little. "
    "Subsampling drops each token of a frequent word at random before the windows are cut, so "
    "there are fewer training instances and more of them are about informative words. "
    "Two rules exist, with f(w) = count(w) / T and the threshold s (`sample`):")
st.latex(SUBSAMPLING_RULES)
chosen = rules_section(state.lab())
sentence_section(state.lab(), chosen)
corpus_section(state.lab(), chosen)
