"""The network diagram of one step, in phases: plain function from a readouts.network.Network
to one Plotly figure (no Streamlit).

Input neurons left (the step's input words lit), hidden neurons in the middle (coloured by
h), output neurons right (coloured by y or sigma, the true ones ringed). Edges carry the
weights of W and W': red positive, blue negative, thicker for larger |w|. Phase 1 shows the
forward pass; phase 2 adds the errors flowing back (EI at the outputs, EH at the hidden
neurons, arrows pointing back); phase 3 draws the weights after the update, the changed
edges highlighted underneath.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.theme import DIVERGING, FONT, MARKED, NEGATIVE, OTHER, POSITIVE, TEMPLATE, rich
from ui.safe import plot_label

X_IN, X_HID, X_OUT = 0.0, 1.0, 2.0
WIDTHS = (1.0, 2.5, 4.5, 7.0)          # edge widths by |w| quartile of the largest
CHANGED = "rgba(255, 196, 0, 0.55)"     # the glow under an edge the update changed
HIDDEN_MAX = 16                         # hidden neurons drawn at most
LINE_MAX = 26                           # longer output texts put their values on a 2nd line


def _ys(n: int) -> np.ndarray:
    """Positions of n neurons from the top (1) to the bottom (0) of the diagram."""
    return np.array([0.5]) if n == 1 else np.linspace(1.0, 0.0, n)


def _edges(x0, y0s, x1, y1s, W) -> list[dict]:
    """Line traces of the weights W (len(y0s), len(y1s)): one per sign and width bucket."""
    W = np.asarray(W, dtype=np.float64)
    scale = np.nanmax(np.abs(W)) if W.size and np.isfinite(W).any() else 0.0
    out = []
    for sign, colour in ((1, POSITIVE), (-1, NEGATIVE)):
        for b, width in enumerate(WIDTHS):
            xs, ys = [], []
            for a, ya in enumerate(y0s):
                for c, yc in enumerate(y1s):
                    w = W[a, c]
                    if not np.isfinite(w) or np.sign(w) != sign or scale == 0:
                        continue
                    if min(int(abs(w) / scale * len(WIDTHS)), len(WIDTHS) - 1) == b:
                        xs += [x0, x1, None]
                        ys += [ya, yc, None]
            if xs:
                out.append(dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip",
                                line=dict(color=colour, width=width), opacity=0.75))
    return out


def _glow(x0, y0s, x1, y1s, changed) -> list[dict]:
    xs, ys = [], []
    for a, c in zip(*np.nonzero(changed)):
        xs += [x0, x1, None]
        ys += [y0s[a], y1s[c], None]
    return [dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip",
                 line=dict(color=CHANGED, width=12))] if xs else []


def network_figure(net, in_words, out_names, phase: int = 3, value_symbol: str = "y",
                   height: int = 480) -> go.Figure:
    """The diagram at ``phase`` (1 forward, 2 errors, 3 update). ``in_words`` and ``out_names``
    label the drawn inputs and outputs; ``value_symbol`` names the outputs' value (y, sigma)."""
    N = min(len(net.h), HIDDEN_MAX)
    y_in, y_hid, y_out = _ys(len(net.inputs)), _ys(N), _ys(len(net.outputs))
    W_in = net.W_in_after if phase == 3 else net.W_in
    W_out = net.W_out_after if phase == 3 else net.W_out
    data = []
    if phase == 3:
        data += _glow(X_IN, y_in, X_HID, y_hid, (net.W_in_after != net.W_in)[:, :N])
        data += _glow(X_HID, y_hid, X_OUT, y_out, (net.W_out_after != net.W_out)[:, :N].T)
    data += _edges(X_IN, y_in, X_HID, y_hid, W_in[:, :N])
    data += _edges(X_HID, y_hid, X_OUT, y_out, W_out[:, :N].T)
    words = [plot_label(w) for w in in_words]
    data.append(dict(type="scatter", x=[X_IN] * len(y_in), y=list(y_in), mode="markers+text",
                     text=[f"{w} " for w in words], textposition="middle left", cliponaxis=False,
                     hovertext=[f"{w}: x = {int(lit)}" for w, lit in zip(words, net.lit)],
                     hovertemplate="%{hovertext}<extra></extra>",
                     marker=dict(size=26, color=[MARKED if lit else "#eeeeee" for lit in net.lit],
                                 line=dict(color="#333333", width=1))))
    h = net.h[:N]
    hid_text = [f"h{i + 1} = {v:.3g}" for i, v in enumerate(h)]
    if phase >= 2:
        hid_text = [f"{t}<br>EH{i + 1} = {e:.3g}" for i, (t, e) in enumerate(zip(hid_text, net.EH))]
    data.append(dict(type="scatter", x=[X_HID] * N, y=list(y_hid), mode="markers",
                     hovertext=hid_text, hovertemplate="%{hovertext}<extra></extra>",
                     marker=dict(size=30, color=h.tolist(), colorscale=DIVERGING, cmid=0,
                                 line=dict(color="#333333", width=1))))
    names = [plot_label(n) for n in out_names]
    out_text = [f" {n}  {value_symbol} {v:.3g}" for n, v in zip(names, net.out_value)]
    if phase >= 2:
        out_text = [f"{t} · EI {e:.3g}" for t, e in zip(out_text, net.out_err)]
    if max(map(len, out_text), default=0) > LINE_MAX:          # long words: values below
        out_text = [t.replace("  ", " <br> ", 1) for t in out_text]
    data.append(dict(type="scatter", x=[X_OUT] * len(y_out), y=list(y_out), mode="markers+text",
                     text=out_text, textposition="middle right", hovertext=out_text,
                     cliponaxis=False,
                     hovertemplate="%{hovertext}<extra></extra>",
                     marker=dict(size=26, color=net.out_value.tolist(), cmin=0, cmax=1,
                                 colorscale=[[0, "#f7fbff"], [1, "#08519c"]],
                                 line=dict(color=["black" if t else OTHER for t in net.out_target],
                                           width=[4 if t else 1 for t in net.out_target]))))
    notes = _arrows(y_out, y_hid, net) if phase == 2 else []
    notes += [dict(x=X_HID, y=y, xref="x", yref="y", text=t, showarrow=False, yshift=-26,
                   bgcolor="rgba(255,255,255,0.85)", font=dict(size=13))
              for t, y in zip(hid_text, y_hid)]
    for x, left, what in ((X_IN, net.inputs_left, "input words"),
                          (X_OUT, net.outputs_left, "output neurons")):
        if left:
            notes.append(dict(x=x, y=-0.08, xref="x", yref="y", showarrow=False,
                              text=plot_label(f"+ {left:,} more {what}"), font=dict(size=13)))
    if len(net.h) > N:
        notes.append(dict(x=X_HID, y=-0.08, xref="x", yref="y", showarrow=False,
                          text=f"+ {len(net.h) - N} more hidden neurons", font=dict(size=13)))
    heads = [("input x (one-hot)", X_IN), ("hidden h", X_HID), ("output", X_OUT)]
    notes += [dict(x=x, y=1.14, xref="x", yref="y", showarrow=False, text=rich(t),
                   font=dict(size=15)) for t, x in heads]
    return go.Figure(data=data, layout=dict(
        template=TEMPLATE, font=FONT, height=height, showlegend=False, annotations=notes,
        # the input words in the left margin, the outputs' text in the right one
        margin=dict(l=_text_px(words, 30), r=_text_px(out_text, 16), t=20, b=30),
        xaxis=dict(visible=False, range=[-0.08, X_OUT + 0.08]),
        yaxis=dict(visible=False, range=[-0.18, 1.2])), _validate=False)


def _text_px(texts, marker_px: int) -> int:
    """Margin (px) that holds the longest line of ``texts`` (counted up to 36 characters)
    beside its marker at FONT's size: about 0.55 em per character; ``theme.presenter`` grows
    it with the font."""
    longest = max((len(line) for t in texts for line in t.split("<br>")), default=0)
    return marker_px + int(0.55 * FONT["size"] * min(36, longest))


def _arrows(y_out, y_hid, net) -> list[dict]:
    """Phase 2: an arrow back from every output neuron, and from every hidden neuron to the
    lit input(s): the errors flow from the output towards the input."""
    arrows = [dict(x=X_OUT - 0.28, y=y, ax=X_OUT - 0.06, ay=y, xref="x", yref="y", axref="x",
                   ayref="y", showarrow=True, arrowhead=2, arrowwidth=2.5, arrowcolor="#d62728",
                   text="") for y in y_out]
    arrows += [dict(x=X_HID - 0.28, y=y, ax=X_HID - 0.06, ay=y, xref="x", yref="y", axref="x",
                    ayref="y", showarrow=True, arrowhead=2, arrowwidth=2.5, arrowcolor="#d62728",
                    text="") for y in y_hid]
    return arrows
