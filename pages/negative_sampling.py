"""Negative sampling: the noise distribution, the negatives of one instance, many draws, the cost.

Reads the lab from ui.state. Every number comes from w2v_core: noise_probabilities and
NoiseDistribution (noise.py), the instance's step under negative sampling
(readouts.three_outputs.instance_view: the lab's own newest step when the lab trains with
these k and power, else a preview on a negative-sampling copy), the page's read-outs
(readouts.negative_sampling) and the costs (readouts.three_outputs.output_costs).
"""
from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from ui import charts, notes, state
from ui.figures.parts import left_out
from ui.figures.ns import (cost_figure, histogram_figure, noise_figure, ns_samples_figure,
                           vectors_figure)
from ui.safe import md
from ui.tables import six_digits
from w2v_core.noise import NoiseDistribution, noise_probabilities
from w2v_core.readouts.negative_sampling import (empirical_distribution, noise_lift, ns_rows,
                                                 total_variation)
from w2v_core.readouts.focus import focus
from w2v_core.readouts.three_outputs import (CHOSEN_NOTE, chosen_next, current_instance,
                                             instance_view, output_costs)
from w2v_core.settings import RANGES
from w2v_core.step.layers import NegativeSampling
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

NS = NegativeSampling.name           # the layer this page is about

K_MAX = 30                   # the page's k slider; the lab itself takes up to RANGES["negative"]
DRAWS = (1_000, 10_000, 100_000)
POWER = RANGES["ns_power"]


def _train_with_ns() -> None:
    settings = replace(state.lab().settings, output=NS, negative=st.session_state["ns_k"],
                       ns_power=st.session_state["ns_power"])
    notes.leave_error("negative_sampling", state.apply_settings(settings))


def _clamp(key: str, low, high) -> None:
    """Forget widget ``key``'s kept value when it is out of range (it restarts at its default)."""
    if not low <= st.session_state.get(key, low) <= high:
        st.session_state.pop(key, None)


def intro() -> None:
    charts.page_title("Negative sampling")
    st.markdown(
        "Instead of a softmax over all V words, negative sampling asks k + 1 yes/no questions "
        "(eq. 55): *is $w_O$ the word here?* (label t = 1) and, for k words drawn from a noise "
        "distribution $P_n$, *is this one?* (t = 0). Only those k + 1 output vectors are read and "
        "updated, instead of all V.")
    st.latex(r"E = -\log \sigma(v'^{T}_{w_O} h) - \sum_{w_j \in \mathcal{W}_{neg}} "
             r"\log \sigma(-v'^{T}_{w_j} h),\qquad P_n(w) \propto \text{count}(w)^{\,p}")
    notes.show("negative_sampling")


def noise_section(lab) -> float:
    """Pₙ against the unigram and the uniform distribution; returns the power chosen."""
    counts, words = lab.vocab.counts, lab.vocab.words
    st.header("The noise distribution")
    _clamp("ns_power", POWER.low, POWER.high)
    power = st.slider("Power p", POWER.low, POWER.high,
                      float(min(POWER.high, max(POWER.low, lab.settings.ns_power))), 0.05,
                      key="ns_power", help="1 = unigram, 0 = uniform, 0.75 = word2vec's choice")
    log_y = st.checkbox("Logarithmic probability axis", value=True, key="ns_logy")
    series = {"unigram (p = 1)": noise_probabilities(counts, 1.0),
              f"P_{{n}} (p = {power:g})": noise_probabilities(counts, power),
              "uniform (p = 0)": noise_probabilities(counts, 0.0)}
    task, _ = current_instance(lab)
    f = focus(series[f"P_{{n}} (p = {power:g})"], keep=[task.center, *task.context])
    charts.show(noise_figure([words[j] for j in f.shown], {k: v[f.shown] for k, v in series.items()},
                             log_y, left_out(f, "Pₙ", words)), key="ns_noise")
    lift, p_pow = noise_lift(counts, power), series[f"P_{{n}} (p = {power:g})"]
    unigram = series["unigram (p = 1)"]
    c1, c2 = st.columns(2)
    for col, label, w in ((c1, "Most frequent", 0), (c2, "Rarest", -1)):
        col.metric(f"{label}: {md(words[w])} (count {counts[w]})", f"{p_pow[w]:.4f}",
                   f"× {lift[w]:.3g} of its unigram share {unigram[w]:.4f}",
                   delta_color="off", delta_arrow="off")
    if power == 1.0:
        st.caption("p = 1 is the plain unigram distribution: negatives are mostly the most "
                   "frequent words.")
    elif power == 0.0:
        st.caption("p = 0 makes every word equally likely: rare words are drawn as often as "
                   "frequent ones.")
    else:
        st.caption("A power below 1 flattens the distribution: frequent words are drawn less "
                   "often than their share of the corpus, rare words more often (word2vec uses "
                   "0.75). A power above 1 sharpens it.")
    return power


def _source(lab, view, k: int, power: float) -> None:
    """Where the negatives come from, and the switch when they are not the lab's own."""
    V = lab.vocab.size
    same = lab.model.layer.signature == view.model.layer.signature
    chosen = CHOSEN_NOTE if chosen_next(lab) is not None else ""
    if view.from_lab:
        st.caption("From the lab's newest step: the same numbers as the Step inspector.")
    elif same:
        st.caption("The negatives the lab's next step will " + ("take" if chosen else "draw")
                   + " (a preview: nothing changes)." + chosen)
    else:
        if chosen:
            st.caption(chosen.strip())
        st.info(f"The lab trains with {md(lab.settings.output)}"
                + (f", k = {lab.settings.negative}, p = {lab.settings.ns_power:g}"
                   if lab.model.layer.samples_negatives else "")
                + ". These negatives come from a negative-sampling copy of the lab (same W and "
                  "word vectors, generator seeded with the lab's seed).")
        st.button(f"Train the lab with negative sampling, k = {k}, p = {power:g}",
                  key="ns_switch", on_click=_train_with_ns, disabled=k >= V,
                  help="The lab trains with k < V only." if k >= V else None)
    if k >= V:
        st.warning(f"k = {k} but only V − 1 = {V - 1} words can be negatives: draws are made with "
                   "replacement, so some negatives repeat. The lab itself only trains with k < V.")


def instance_section(lab, power: float):
    """The negatives of the lab's instance, their sigma and error; returns (k, trace)."""
    words = lab.vocab.words
    st.header("The negatives of one instance")
    _clamp("ns_k", 1, K_MAX)
    k = st.slider("k, negatives per predicted word", 1, K_MAX,
                  min(K_MAX, lab.settings.negatives_for(lab.vocab.size)), key="ns_k")
    view = instance_view(lab, NS, negative=k, ns_power=power)
    trace, out = view.trace, view.trace.out
    _source(lab, view, k, power)
    st.markdown(f"Input word(s): **{', '.join(md(words[i]) for i in trace.inputs)}**.")
    cols = ns_rows(trace)
    st.dataframe(pd.DataFrame({
        "prediction": [words[w] for w in cols["prediction"]],
        "role": ["positive wₒ" if q == 0 else f"negative {q}" for q in cols["sample"]],
        "word": [words[w] for w in cols["word"]], "t": cols["t"], "v′ⱼ·h": cols["x"],
        "σ(v′ⱼ·h)": cols["sigma"], "σ − t": cols["err"]}), hide_index=True, key="ns_samples",
        column_config=six_digits("v′ⱼ·h", "σ(v′ⱼ·h)", "σ − t"))
    rejected = [(words[trace.targets[p]], len(r)) for p, r in enumerate(out.rejected) if r]
    if rejected:
        st.markdown("Draws that hit the positive word and were drawn again: "
                    + "; ".join(f"**{md(w)}** drawn {n} time(s) for itself" for w, n in rejected)
                    + ".")
    else:
        st.caption("No draw hit the positive word this time (a hit would be drawn again, so every "
                   "prediction gets exactly k negatives).")
    charts.show(ns_samples_figure(words, trace.targets[:1], out.samples[:1], out.t[:1],
                                      out.sigma[:1], "σ(v′_{j} · h) of the positive word and its "
                                      "k negatives", "σ", [0, 1]), key="ns_samples_fig")
    st.caption(f"The first prediction ({md(words[trace.targets[0]])}). Each sample's vector moves "
               "by v′ⱼ ← v′ⱼ − η (σ − t) h (eq. 59); the positive is pulled towards h, the "
               "negatives pushed away.")
    c1, c2 = st.columns([1, 3])
    c1.metric("Loss E of this instance", f"{trace.loss:.6g}")
    c1.metric("Output vectors touched", f"{len(trace.out_rows)}",
              help="Distinct vectors: a word drawn twice is one vector, updated with both errors "
                   "summed.")
    drawn = out.samples.size
    if len(trace.out_rows) < drawn:
        c1.caption(f"{drawn} samples (P·(k + 1)) but {len(trace.out_rows)} distinct vectors: a "
                   "word drawn more than once is one vector, updated once with its errors summed.")
    charts.show(vectors_figure({NS: trace.EH}, "EH", "EH = Σ over the samples of (σ − t) "
                                   "v′ⱼ (eq. 61)"), key="ns_eh", where=c2)
    return k, trace


def draws_section(lab, power: float, trace) -> None:
    st.header("Many seeded draws against $P_n$")
    c1, c2 = st.columns(2)
    n = c1.select_slider("Number of draws", DRAWS, value=DRAWS[1], key="ns_draws",
                         format_func=lambda v: f"{v:,}")
    seed = c2.number_input("Seed", int(RANGES["seed"].low), int(RANGES["seed"].high),
                           value=lab.settings.seed, key="ns_seed")
    noise = NoiseDistribution(lab.vocab.counts, power)
    empirical = empirical_distribution(noise, n, seed)
    words = lab.vocab.words
    f = focus(noise.probs, keep=np.unique(trace.out.samples))        # the instance's draws kept
    charts.show(histogram_figure([words[j] for j in f.shown], empirical[f.shown],
                                 noise.probs[f.shown], n, left_out(f, "Pₙ", words)),
                key="ns_hist")
    st.metric("Total variation distance between the draws and Pₙ",
              f"{total_variation(empirical, noise.probs):.4f}",
              help="½ Σ |share − Pₙ(w)|: 0 when the draws match Pₙ exactly; it shrinks like 1/√n.")


def cost_section(lab, k: int, trace) -> None:
    st.header("What one prediction costs")
    word = int(trace.targets[0])
    costs = output_costs(lab.vocab.counts, k, word)
    charts.show(cost_figure(costs), key="ns_cost")
    st.caption(f"Output vectors read and updated to predict **{md(lab.vocab.words[word])}**: "
               + "; ".join(f"{c.title} {c.symbol} = {c.one} (on average {c.mean:.2f} over the "
                           "corpus)" for c in costs) + ".")


intro()
chosen_power = noise_section(state.lab())
chosen_k, instance = instance_section(state.lab(), chosen_power)
draws_section(state.lab(), chosen_power, instance)
cost_section(state.lab(), chosen_k, instance)
