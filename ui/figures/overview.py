"""The Step inspector's Overview under the network diagram: wevi's one glance at the lab.
Plain functions from arrays to Plotly figures (no Streamlit): the PCA of the lab's input
and output vectors, and W and W' with their numbers (one figure each: on a phone they
stand one under the other).

Both matrices are drawn one row per vector, as wevi draws them: W's rows are v_w (V x N,
as on the slides), W''s columns v'_j are drawn as rows here (W'^T), so that a word's input
and output vectors sit on the same line when the output vectors are words. The vectors the
step changed are outlined; the PCA's labels never overlap (label_place).
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.label_place import place, square_ranges
from ui.figures.parts import LINE_PX, Plot, category_axis, combine, heat, margins, outline_rows
from ui.figures.step import CELL_MIN_PX
from ui.figures.theme import BASE, FONT, MARKED, PRESENTER_SIZES, TEMPLATE, keys, title_block
from ui.safe import plot_label

CELLS_N = 4           # numbers in the cells up to N = 4 columns (a cell of ~60 px at 1280)
IN_COLOUR, OUT_COLOUR = BASE, MARKED


def _points(xy, labels, colour: str, name: str, where) -> dict:
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    return dict(type="scatter", x=xy[:, 0].tolist(), y=xy[:, 1].tolist(), mode="markers+text",
                name=name, text=[t if w else "" for t, w in zip(labels, where)],
                textposition=[w or "top center" for w in where], cliponaxis=False,
                hovertext=labels, hovertemplate="%{hovertext}<extra>" + name + "</extra>",
                marker=dict(color=colour, size=8, line=dict(color="white", width=1)),
                textfont=dict(color=colour, size=14))


def pca_figure(inputs, outputs, in_labels, out_labels, labelled_in, labelled_out,
               explained, height: int = 280) -> go.Figure:
    """Input vectors (blue) and output vectors (orange) in one PCA plane, one scale on both
    axes; only the rows in ``labelled_in`` / ``labelled_out`` (the step's, the most frequent)
    carry their word, where it does not overlap another."""
    ins = [plot_label(w) for w in in_labels]
    outs = [plot_label(w) + "′" for w in out_labels]
    order = [("in", r) for r in labelled_in] + [("out", r) for r in labelled_out]
    xy = [inputs[r] if s == "in" else outputs[r] for s, r in order]
    texts = [ins[r] if s == "in" else outs[r] for s, r in order]
    title = f"PCA of W and W′ (PC1 {100 * explained[0]:.0f}%, PC2 {100 * explained[1]:.0f}%)"
    head, top = title_block(title, [keys([("input v_{w}", IN_COLOUR),
                                          ("output v′_{j}", OUT_COLOUR)])])
    x_range, y_range = square_ranges(np.vstack([np.reshape(inputs, (-1, 2)),
                                                np.reshape(outputs, (-1, 2))]))
    span = x_range[1] - x_range[0]
    # one scale and one span on both axes, and a plot wider than tall: the pixels per unit
    # are the plot's height over the span, in either mode
    grow = PRESENTER_SIZES["font"] / FONT["size"]
    scales = [(height - (top + 16) * g) / span for g in (1.0, grow)]
    spots = dict(zip(order, place(np.reshape(xy, (-1, 2)), texts, scales)))
    data = [_points(inputs, ins, IN_COLOUR, "input vectors v",
                    [spots.get(("in", r)) for r in range(len(ins))]),
            _points(outputs, outs, OUT_COLOUR, "output vectors v′",
                    [spots.get(("out", r)) for r in range(len(outs))])]
    axis = dict(zeroline=True, zerolinecolor="#bbbbbb", showgrid=False, showticklabels=False)
    x_axis = {**axis, "range": x_range}
    y_axis = {**axis, "range": y_range, "scaleanchor": "x"}
    return go.Figure(data=data, layout=dict(
        template=TEMPLATE, font=FONT, height=height, title=head, showlegend=False,
        margin=dict(l=16, r=16, t=top, b=16), xaxis=x_axis, yaxis=y_axis),
        _validate=False)


def matrix_figure(M, row_labels, marked, title: str, dims, note: str = "",
                  height: int = 300) -> go.Figure:
    """Rows of vectors (W's v_w, or W''s v'_j drawn as rows) as a heatmap with their numbers
    (N <= CELLS_N), the rows the step changed outlined; ``note`` (rows left out) under the
    title. Taller than ``height`` when its rows need it: every row holds an 18-px label."""
    M = np.asarray(M, dtype=np.float64)
    trace = heat(M, cells=M.shape[1] <= CELLS_N)
    trace["texttemplate"] = "%{z:.2f}" if M.shape[1] <= CELLS_N else None
    plot = Plot([trace], category_axis(dims),
                {**category_axis(row_labels), "autorange": "reversed", "range": None},
                title=title, note=note, shapes=outline_rows(marked, M.shape[1]))
    m = margins([plot], 30)
    head = LINE_PX * (2 if note else 1) + 6
    grow = PRESENTER_SIZES["font"] / FONT["size"]
    height = max(height, int(CELL_MIN_PX * len(M) + head + (m["t"] + m["b"]) * grow) + 1)
    plot.y = (0.0, max(1 - head / (height - (m["t"] + m["b"]) * grow), 0.3))
    return combine([plot], "", height)
