"""Negative sampling: the noise distribution, the negatives of one instance, many draws, the cost.

Reads the lab from ui.state. Every number comes from w2v_core: noise_probabilities and
NoiseDistribution (noise.py), the instance's step under negative sampling
(three_outputs.instance_view: the lab's own newest step when the lab trains with these k and
power, else a preview on a negative-sampling copy), and compare's costs and draws.
"""
from dataclasses import replace

import pandas as pd
import streamlit as st

from ui import state
from ui.figures.ns import (cost_figure, histogram_figure, noise_figure, samples_figure,
                           vectors_figure)
from ui.safe import md
from ui.tables import six_digits
from w2v_core.readouts.three_outputs import (empirical_distribution, instance_view, noise_lift, ns_rows,
                              output_costs, total_variation)
from w2v_core.noise import NoiseDistribution, noise_probabilities
from w2v_core.settings import RANGES

K_MAX = 30
DRAWS = (1_000, 10_000, 100_000)


def _train_with_ns() -> None:
    settings = replace(state.lab().settings, output="ns", negative=st.session_state["ns_k"],
                       ns_power=st.session_state["ns_power"])
    st.session_state["ns_switch_error"] = state.apply_settings(settings)


def _clamp(key: str, low, high, default) -> None:
    """Reset widget ``key`` to ``default`` when its kept value is missing or out of range."""
    if not low <= st.session_state.get(key, default) <= high:
        st.session_state.pop(key, None)


st.title("Negative sampling")
st.markdown(
    "Instead of a softmax over all V words, negative sampling asks k + 1 yes/no questions "
    "(eq. 55): *is w_O the word here?* (label t = 1) and, for k words drawn from a noise "
    "distribution P_n, *is this one?* (t = 0). Only those k + 1 output vectors are read and "
    "updated, instead of all V.")
st.latex(r"E = -\log \sigma(v'^{T}_{w_O} h) - \sum_{w_j \in \mathcal{W}_{neg}} "
         r"\log \sigma(-v'^{T}_{w_j} h),\qquad P_n(w) \propto \text{count}(w)^{\,p}")

lab = state.lab()
counts, words, V = lab.vocab.counts, lab.vocab.words, lab.vocab.size
error = st.session_state.pop("ns_switch_error", None)
if error:
    st.error(md(error))

# ---- the noise distribution ---------------------------------------------------------------------
st.header("The noise distribution")
_clamp("ns_power", *RANGES["ns_power"].bounds, 0.75)
power = st.slider("Power p", *RANGES["ns_power"].bounds, float(lab.settings.ns_power), 0.05,
                  key="ns_power", help="1 = unigram, 0 = uniform, 0.75 = word2vec's choice")
log_y = st.checkbox("Logarithmic probability axis", value=True, key="ns_logy")
series = {"unigram (p = 1)": noise_probabilities(counts, 1.0),
          f"P_n (p = {power:g})": noise_probabilities(counts, power),
          "uniform (p = 0)": noise_probabilities(counts, 0.0)}
st.plotly_chart(noise_figure(words, series, log_y), key="ns_noise")
lift = noise_lift(counts, power)
p_pow = series[f"P_n (p = {power:g})"]
c1, c2 = st.columns(2)
c1.metric(f"Most frequent: {md(words[0])} (count {counts[0]})", f"{p_pow[0]:.4f}",
          f"× {lift[0]:.3g} of its unigram share {series['unigram (p = 1)'][0]:.4f}",
          delta_color="off", delta_arrow="off")
c2.metric(f"Rarest: {md(words[-1])} (count {counts[-1]})", f"{p_pow[-1]:.4f}",
          f"× {lift[-1]:.3g} of its unigram share {series['unigram (p = 1)'][-1]:.4f}",
          delta_color="off", delta_arrow="off")
if power == 1.0:
    st.caption("p = 1 is the plain unigram distribution: negatives are mostly the most frequent "
               "words.")
elif power == 0.0:
    st.caption("p = 0 makes every word equally likely: rare words are drawn as often as frequent "
               "ones.")
else:
    st.caption("A power below 1 flattens the distribution: frequent words are drawn less often "
               "than their share of the corpus, rare words more often (word2vec uses 0.75). A "
               "power above 1 sharpens it.")

# ---- the negatives of the instance --------------------------------------------------------------
st.header("The negatives of one instance")
_clamp("ns_k", 1, K_MAX, 5)
k = st.slider("k, negatives per predicted word", 1, K_MAX, int(min(K_MAX, lab.settings.negative)),
              key="ns_k")
view = instance_view(lab, "ns", negative=k, ns_power=power)
trace = view.trace
same = lab.model.output == "ns" and lab.settings.negative == k and lab.settings.ns_power == power
if view.from_lab:
    st.caption("From the lab's newest step: the same numbers as the Step inspector.")
elif same:
    st.caption("The negatives the lab's next step will draw (a preview: nothing changes).")
else:
    st.info(f"The lab trains with {md(lab.settings.output)}"
            + (f", k = {lab.settings.negative}, p = {lab.settings.ns_power:g}"
               if lab.model.output == "ns" else "")
            + ". These negatives come from a negative-sampling copy of the lab (same W and word "
              "vectors, generator seeded with the lab's seed).")
    st.button(f"Train the lab with negative sampling, k = {k}, p = {power:g}", key="ns_switch",
              on_click=_train_with_ns, disabled=k >= V,
              help="The lab trains with k < V only." if k >= V else None)
if k >= V:
    st.warning(f"k = {k} but only V − 1 = {V - 1} words can be negatives: draws are made with "
               "replacement, so some negatives repeat. The lab itself only trains with k < V.")
st.markdown(f"Input word(s): **{', '.join(md(words[i]) for i in trace.inputs)}**.")
cols = ns_rows(trace)
st.dataframe(pd.DataFrame({
    "prediction": [words[w] for w in cols["prediction"]],
    "role": ["positive w_O" if q == 0 else f"negative {q}" for q in cols["sample"]],
    "word": [words[w] for w in cols["word"]], "t": cols["t"], "v′ⱼ·h": cols["x"],
    "σ(v′ⱼ·h)": cols["sigma"], "σ − t": cols["err"]}), hide_index=True, key="ns_samples",
    column_config=six_digits("v′ⱼ·h", "σ(v′ⱼ·h)", "σ − t"))
rejected = [(words[trace.targets[p]], len(r)) for p, r in enumerate(trace.out.rejected) if r]
if rejected:
    st.markdown("Draws that hit the positive word and were drawn again: "
                + "; ".join(f"**{md(w)}** drawn {n} time(s) for itself" for w, n in rejected) + ".")
else:
    st.caption("No draw hit the positive word this time (a hit would be drawn again, so every "
               "prediction gets exactly k negatives).")
S = k + 1
st.plotly_chart(samples_figure([f"{words[w]} ({'+' if q == 0 else '−'})" for w, q in
                                zip(cols["word"][:S], cols["sample"][:S])],
                               cols["sigma"][:S], cols["t"][:S]), key="ns_samples_fig")
st.caption(f"The first prediction ({md(words[trace.targets[0]])}). Each sample's vector moves by "
           "v′ⱼ ← v′ⱼ − η (σ − t) h (eq. 59); the positive is pulled towards h, the negatives "
           "pushed away.")
c1, c2 = st.columns([1, 3])
c1.metric("Loss E of this instance", f"{trace.loss:.6g}")
c1.metric("Output vectors touched", f"{len(trace.out_rows)}",
          help="Distinct vectors: a word drawn twice is one vector, updated with both errors "
               "summed.")
c2.plotly_chart(vectors_figure({"ns": trace.EH}, "EH", "EH = Σ over the samples of (σ − t) v′ⱼ "
                               "(eq. 61)"), key="ns_eh")

# ---- many draws ---------------------------------------------------------------------------------
st.header("Many seeded draws against P_n")
c1, c2 = st.columns(2)
n = c1.select_slider("Number of draws", DRAWS, value=DRAWS[1], key="ns_draws",
                     format_func=lambda v: f"{v:,}")
seed = c2.number_input("Seed", *RANGES["seed"].bounds, value=lab.settings.seed, key="ns_seed")
noise = NoiseDistribution(counts, power)
empirical = empirical_distribution(noise, n, seed)
st.plotly_chart(histogram_figure(words, empirical, noise.probs, n), key="ns_hist")
st.metric("Total variation distance between the draws and P_n",
          f"{total_variation(empirical, noise.probs):.4f}",
          help="½ Σ |share − P_n(w)|: 0 when the draws match P_n exactly; it shrinks like 1/√n.")

# ---- the cost -----------------------------------------------------------------------------------
st.header("What one prediction costs")
costs = output_costs(counts, k, int(trace.targets[0]))
st.plotly_chart(cost_figure(costs), key="ns_cost")
st.caption(f"Predicting **{md(words[trace.targets[0]])}**: full softmax reads and updates all V = "
           f"{costs.softmax} output vectors, hierarchical softmax the {costs.hs} inner node(s) on "
           f"its path (on average {costs.hs_mean:.2f} over the corpus), negative sampling "
           f"k + 1 = {costs.ns}.")
