"""The Forward pass and Errors panels: one figure each (h and the output layer's forward
quantities; e, EI and EH), and the numbers as tables. What each output layer draws is its
presentation's (ui/layers); above about 40 words the figures draw the predicted words and
the largest ones (readouts.focus) and say what they leave out."""
from __future__ import annotations

import streamlit as st

from ui import charts, labels, layers
from ui.figures import step as fs
from ui.safe import md
from ui.tables import table


def input_line(lab, trace) -> str:
    words = lab.vocab.words
    ks = ", ".join(f"{md(words[k])} (k = {labels.number(k)})" for k in trace.inputs)
    if len(trace.inputs) == 1:
        return f"x is one-hot: its 1 is at {ks}, so $h = W^T x = v_{{w_I}}$, that word's row of W."
    return (f"The C = {len(trace.inputs)} context words {ks} are one-hot inputs; "
            r"$h = \frac{1}{C} \sum_c v_{w_{I,c}}$, the mean of their rows of W.")


def forward_panel(lab, trace) -> None:
    st.caption(input_line(lab, trace))
    layers.of(trace.output).forward(lab, trace, labels.dims(lab.settings.dim))


def errors_panel(lab, trace) -> None:
    dims = labels.dims(lab.settings.dim)
    plot, err, err_labels, marked, note, ei_title, ei_table = layers.of(trace.output).errors(lab, trace)
    charts.show(lambda: fs.errors_figure(plot, err, err_labels, marked, trace.EH, dims,
                                         ei_title, note, charts.height(520, 400)),
                key="insp_errors")
    left, right = st.columns([2.4, 1])
    with left:
        table(ei_table)
    with right:
        table({"i": dims, "EH_i": trace.EH})
