"""One instance, every output layer: full softmax, hierarchical softmax and negative sampling
(and any other registered layer) applied to the same instance from the same parameters.

Reads the lab from ui.state. The instance and the parameters come from
w2v_core.readouts.three_outputs.instance_view (before the lab's newest step, or the next task before
the first step); the three steps from three_outputs.compare_output_layers; the measures
(cosine, norm) from compare as well.
"""
import pandas as pd
import streamlit as st

from ui import charts, state
from ui.figures.ns import LAYER_NAMES, vectors_figure
from ui.safe import md
from ui.tables import six_digits
from w2v_core.readouts.three_outputs import (chosen_next, compare_output_layers, cosine,
                                             instance_view, norm)
from w2v_core.step.layers import LAYERS
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

K_MAX = 30

def intro() -> None:
    charts.page_title("One instance, three output layers")
    st.markdown(
        "Full softmax scores all V words; hierarchical softmax walks one path of the Huffman tree; "
        "negative sampling scores the true word and k sampled ones. Here the three take **one SGD step "
        "on the same instance from the same W**. Full softmax and negative sampling also share the "
        "same word output vectors W′; hierarchical softmax has its own vectors, one per inner node. "
        "Compare what each step costs and how it moves the input vector.")


def comparison(lab, lr: float) -> None:
    """The three steps from the same parameters, their table and figures."""
    if not 1 <= st.session_state.get("three_k", 1) <= K_MAX:
        st.session_state.pop("three_k", None)
    k = st.slider("k, negatives per predicted word (negative sampling)", 1, K_MAX,
                  min(K_MAX, lab.settings.negatives_for(lab.vocab.size)), key="three_k")

    views = {name: instance_view(lab, name, negative=k, ns_power=lab.settings.ns_power)
             for name in LAYERS}
    words_view = next(v for n, v in views.items() if LAYERS[n].rows_are_words)
    inner_view = next((v for n, v in views.items() if not LAYERS[n].rows_are_words), words_view)
    drawn = next(v.trace.negatives for n, v in views.items() if LAYERS[n].samples_negatives)
    task = words_view.task
    words = lab.vocab.words
    traces = compare_output_layers(lab.vocab, words_view.model.W_in, words_view.model.W_out,
                                   inner_view.model.W_out, task.center, task.context, lr, drawn,
                                   lab.settings.arch, lab.settings.convention)
    first = next(iter(traces.values()))                  # full softmax: the reference
    source = ("the step the lab takes next, from the current parameters (your own instance, "
              "chosen under “Enter your own W and W′”)" if chosen_next(lab) is not None
              else "the lab's newest step, from the parameters before it" if lab.last is not None
              else "the step the lab takes next, from the current parameters")
    st.markdown(f"Instance: {source}. Input word(s): "
                f"**{', '.join(md(words[i]) for i in first.inputs)}**; predicted word(s): "
                f"**{', '.join(md(words[i]) for i in first.targets)}**; η = {lr:g} (set it in the "
                f"Step inspector); negatives: "
                f"{', '.join(md(words[i]) for i in drawn.ravel())}.")

    table = pd.DataFrame({
        "output layer": [LAYER_NAMES[x] for x in LAYERS],
        "loss before": [traces[x].loss for x in LAYERS],
        "loss after": [traces[x].loss_after for x in LAYERS],
        "vectors touched": [len(traces[x].out_rows) for x in LAYERS],
        "|EH|": [norm(traces[x].EH) for x in LAYERS],
        "cos(EH, softmax's)": [cosine(traces[x].EH, first.EH) for x in LAYERS],
        "|Δ input vector(s)|": [norm(traces[x].d_in) for x in LAYERS],
    })
    st.dataframe(table, hide_index=True, key="three_table",
                 column_config=six_digits(*(c for c in table.columns[1:] if c != "vectors touched")))
    st.caption("Vectors touched: distinct output vectors the step updates. |EH| and |Δ input "
               "vector(s)|: Euclidean lengths; Δ = −η × share × EH for each input word.")
    if lab.model.init == "word2vec" and lab.steps_done == 0:
        st.caption("With word2vec.c's initialisation W′ starts at 0, so EH = 0 and W cannot move yet "
                   "(the cosines are undefined until W′ has been trained).")

    charts.show(vectors_figure({x: traces[x].EH for x in LAYERS}, "EH",
                                   "EH, the error sent back to h (eqs. 12, 54, 61)"), key="three_eh")
    row = words[int(first.in_rows[0])]                   # the figure escapes its title
    charts.show(vectors_figure({x: traces[x].d_in[0] for x in LAYERS}, "Δv",
                                   f"Δv_{{w_{{I}}}}, the change to the input vector of {row}: −η × share × EH"),
                    key="three_din")
    st.markdown(
        "**Reading the numbers.** Each layer takes the exact gradient step of *its own* loss (with a "
        "small η the loss after is lower than before), but the three losses differ, and so do their "
        "EH. Full softmax pays for all V output vectors. Negative sampling shares the word vectors W′ "
        "with it but keeps only the true word and k random ones, with σ in place of the softmax: it "
        "keeps the pull towards the true word's v′ and replaces the softmax's weighted sum over all V "
        "words by k sampled terms. The cosine shows how close that one noisy step comes to the "
        "softmax's direction. Hierarchical softmax models p(w | h) with its own inner-node vectors, "
        "L(w) ≈ log₂ V of them per prediction; its EH lives on different parameters, so its cosine "
        "with the softmax's says little. The costs are the point: V, L(w) and k + 1 output vectors.")


intro()
comparison(state.lab(), state.learning_rate())
