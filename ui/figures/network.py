"""The network diagram of one step, in phases: plain function from a readouts.network.Network
to one Plotly figure (no Streamlit).

Input neurons left (the step's input words lit), hidden neurons in the middle (coloured by
h), output neurons right (coloured by y or sigma, the true ones, t = 1, ringed). Edges carry
the weights of W and W': red positive, blue negative and dashed, thicker for larger |w|.
Phase 1 shows the forward pass, the edges of the inputs that are off greyed (as wevi does);
phase 2 adds the errors flowing back (EI at the outputs, EH at the hidden neurons, arrows
from every hidden neuron back to the input word(s) whose row changes); phase 3 draws the
weights after the update, the changed edges highlighted underneath. Every label is one line;
the caller draws at most as many neurons as fit one line apart (``rows_that_fit``).
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
NAME_MAX = 14                           # characters of a word or node name in a label
INACTIVE = "#d9d9d9"                    # phase 1: the edges of inputs that are 0
BACK = "#e66100"                        # phase 2: the arrows of the errors flowing back


def rows_that_fit(height: int, font_px: int) -> int:
    """Neurons one column can hold with their one-line labels 1.5 lines apart.

    >>> rows_that_fit(520, 16), rows_that_fit(430, 20)
    (18, 11)
    """
    return max(2, int((height - 50) / (1.5 * font_px)) - 1)


def _name(text: str) -> str:
    text = plot_label(text)
    return text if len(text) <= NAME_MAX else text[:NAME_MAX - 1] + "…"


def _ys(n: int) -> np.ndarray:
    """Positions of n neurons from the top (1) to the bottom (0) of the diagram."""
    return np.array([0.5]) if n == 1 else np.linspace(1.0, 0.0, n)


def _segments(x0, y0s, x1, y1s, pairs) -> tuple[np.ndarray, np.ndarray]:
    """x and y of one line per (a, c) in ``pairs`` (two index arrays) from (x0, y0s[a]) to
    (x1, y1s[c]), NaN between lines (a gap in Plotly), as float32 arrays: Plotly sends them
    as binary, 12 bytes a line."""
    a, c = pairs
    n = len(a)
    xs = np.full((n, 3), np.nan, dtype=np.float32)
    ys = np.full((n, 3), np.nan, dtype=np.float32)
    xs[:, 0], xs[:, 1] = x0, x1
    ys[:, 0], ys[:, 1] = np.asarray(y0s)[a], np.asarray(y1s)[c]
    return xs.ravel(), ys.ravel()


def _lines(x0, y0s, x1, y1s, pairs, **line) -> list[dict]:
    """One line trace of the edges ``pairs``, none when there are none."""
    if not len(pairs[0]):
        return []
    xs, ys = _segments(x0, y0s, x1, y1s, pairs)
    return [dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", line=line,
                 connectgaps=False)]


def _edges(x0, y0s, x1, y1s, W, active=None) -> list[dict]:
    """Line traces of the weights W (len(y0s), len(y1s)): one per sign and width bucket;
    negative weights dashed (the sign is not told by colour alone). Rows not ``active``
    (len(y0s),) are drawn grey and thin."""
    W = np.asarray(W, dtype=np.float64)
    finite = np.isfinite(W)
    scale = np.abs(W[finite]).max() if finite.any() else 0.0
    active = np.ones(len(y0s), dtype=bool) if active is None else np.asarray(active, dtype=bool)
    out = _grey(x0, y0s, x1, y1s, ~active)
    if scale == 0:
        return out
    ratio = np.where(finite, np.abs(W), 0.0) / scale                # (len(y0s), len(y1s))
    bucket = np.minimum((ratio * len(WIDTHS)).astype(np.int64), len(WIDTHS) - 1)
    drawn = finite & active[:, None]
    for sign, colour, dash in ((1, POSITIVE, "solid"), (-1, NEGATIVE, "dash")):
        for b, width in enumerate(WIDTHS):
            pairs = np.nonzero(drawn & (np.sign(W) == sign) & (bucket == b))
            for trace in _lines(x0, y0s, x1, y1s, pairs, color=colour, width=width, dash=dash):
                out.append(trace | dict(opacity=0.75))
    return out


def _grey(x0, y0s, x1, y1s, rows) -> list[dict]:
    rows = np.flatnonzero(rows)
    pairs = (np.repeat(rows, len(y1s)), np.tile(np.arange(len(y1s)), len(rows)))
    return _lines(x0, y0s, x1, y1s, pairs, color=INACTIVE, width=1)


def _glow(x0, y0s, x1, y1s, changed) -> list[dict]:
    return _lines(x0, y0s, x1, y1s, np.nonzero(changed), color=CHANGED, width=12)


def network_figure(net, in_words, out_names, phase: int = 3, value_symbol: str = "y",
                   height: int = 480, narrow: bool = False) -> go.Figure:
    """The diagram at ``phase`` (1 forward, 2 errors, 3 update). ``in_words`` and ``out_names``
    label the drawn inputs and outputs; ``value_symbol`` names the outputs' value (y, sigma);
    ``narrow``: a hidden neuron's label says only the phase's own quantity (h in phase 1,
    EH after), so that it fits between the columns of a narrow diagram."""
    N = min(len(net.h), HIDDEN_MAX)
    y_in, y_hid, y_out = _ys(len(net.inputs)), _ys(N), _ys(len(net.outputs))
    W_in = net.W_in_after if phase == 3 else net.W_in
    W_out = net.W_out_after if phase == 3 else net.W_out
    data = []
    if phase == 3:
        data += _glow(X_IN, y_in, X_HID, y_hid, (net.W_in_after != net.W_in)[:, :N])
        data += _glow(X_HID, y_hid, X_OUT, y_out, (net.W_out_after != net.W_out)[:, :N].T)
    data += _edges(X_IN, y_in, X_HID, y_hid, W_in[:, :N], active=net.lit if phase == 1 else None)
    data += _edges(X_HID, y_hid, X_OUT, y_out, W_out[:, :N].T)
    words = [f"{_name(w)} " for w in in_words]
    data.append(dict(type="scatter", x=[X_IN] * len(y_in), y=list(y_in), mode="markers+text",
                     text=words, textposition="middle left", cliponaxis=False,
                     hovertext=[f"{w}: x = {int(lit)}" for w, lit in zip(words, net.lit)],
                     hovertemplate="%{hovertext}<extra></extra>",
                     marker=dict(size=_marker_px(len(y_in), height),
                                 color=[MARKED if lit else "#eeeeee" for lit in net.lit],
                                 symbol=["diamond" if lit else "circle" for lit in net.lit],
                                 line=dict(color="#333333", width=1))))
    hid_text = _hidden_text(net, N, phase, narrow)
    data.append(dict(type="scatter", x=[X_HID] * N, y=list(y_hid), mode="markers",
                     hovertext=hid_text, hovertemplate="%{hovertext}<extra></extra>",
                     marker=dict(size=30, color=net.h[:N].tolist(), colorscale=DIVERGING, cmid=0,
                                 line=dict(color="#333333", width=1))))
    out_text = _output_text(net, out_names, phase, value_symbol)
    data.append(dict(type="scatter", x=[X_OUT] * len(y_out), y=list(y_out), mode="markers+text",
                     text=out_text, textposition="middle right", hovertext=out_text,
                     cliponaxis=False, hovertemplate="%{hovertext}<extra></extra>",
                     marker=dict(size=_marker_px(len(y_out), height),
                                 color=net.out_value.tolist(), cmin=0, cmax=1,
                                 colorscale=[[0, "#f7fbff"], [1, "#08519c"]],
                                 line=dict(color=["black" if t else OTHER for t in net.out_target],
                                           width=[4 if t else 1 for t in net.out_target]))))
    notes = (_arrows(y_out, y_hid, y_in[net.lit]) if phase == 2 else [])
    notes += [dict(x=X_HID, y=y, xref="x", yref="y", text=t, showarrow=False, yshift=-26,
                   bgcolor="rgba(255,255,255,0.85)", font=dict(size=FONT["size"]))
              for t, y in zip(hid_text, y_hid)]
    notes += _headings(net, N, narrow)
    return go.Figure(data=data, layout=dict(
        template=TEMPLATE, font=FONT, height=height, showlegend=False, annotations=notes,
        # the input words in the left margin, the outputs' text in the right one
        margin=dict(l=_text_px(words, 30), r=_text_px(out_text, 16), t=20, b=30),
        xaxis=dict(visible=False, range=[-0.08, X_OUT + 0.08]),
        yaxis=dict(visible=False, range=[-0.18, 1.2])), _validate=False)


def _marker_px(n: int, height: int) -> int:
    """Marker size for n neurons in one column: at most 26 px, never touching the next."""
    if n < 2:
        return 26
    gap = (height - 50) / 1.38 / (n - 1)          # px between two neurons (y range 1.38)
    return int(max(8, min(26, 0.8 * gap)))


def _hidden_text(net, N: int, phase: int, narrow: bool = False) -> list[str]:
    text = [f"h{i + 1} = {v:.3g}" for i, v in enumerate(net.h[:N])]
    if phase >= 2 and narrow:
        return [f"EH{i + 1} = {e:.3g}" for i, e in enumerate(net.EH[:N])]
    if phase >= 2:
        text = [f"{t} · EH{i + 1} = {e:.3g}" for i, (t, e) in enumerate(zip(text, net.EH))]
    return text


def _output_text(net, out_names, phase: int, value_symbol: str) -> list[str]:
    """One line per output: its name, its value, x m when it takes part m times, and in
    phase 2 its EI."""
    text = [f" {_name(n)}  {value_symbol} {v:.3g}" + (f" ×{m}" if m > 1 else "")
            for n, v, m in zip(out_names, net.out_value, net.out_times)]
    if phase >= 2:
        text = [f"{t} · EI {e:.3g}" for t, e in zip(text, net.out_err)]
    return text


def _left_out_notes(net, N: int) -> list[dict]:
    """Nothing below the columns (it collided with the lowest labels): the counts of the
    neurons left out go into the column headings (``_headings``)."""
    return []


def _headings(net=None, N: int = 0, narrow: bool = False) -> list[dict]:
    """The columns' headings with the counts of the neurons left out (``narrow``: short
    ones, x, h and y or σ, so that they stay apart in a narrow diagram)."""
    more = lambda n: (f" (+{n:,})" if narrow else f" (+{n:,} more)") if n else ""  # noqa: E731
    names = ("x", "h", "output") if narrow else ("input x", "hidden h", "output")
    heads = [(names[0] + (more(net.inputs_left) if net is not None else " (one-hot)"), X_IN),
             (names[1] + (more(len(net.h) - N) if net is not None else ""), X_HID),
             (names[2] + (more(net.outputs_left) if net is not None else ""), X_OUT)]
    return [dict(x=x, y=1.14, xref="x", yref="y", showarrow=False, text=rich(t),
                 font=dict(size=15)) for t, x in heads]


def _text_px(texts, marker_px: int) -> int:
    """Margin (px) that holds the longest line of ``texts`` (counted up to 36 characters)
    beside its marker at FONT's size: about 0.55 em per character; ``theme.presenter`` grows
    it with the font."""
    longest = max((len(line) for t in texts for line in t.split("<br>")), default=0)
    return marker_px + int(0.55 * FONT["size"] * min(36, longest))


def _arrows(y_out, y_hid, y_lit) -> list[dict]:
    """Phase 2: an arrow back from every output neuron, and from every hidden neuron to each
    lit input (the input word(s) whose row of W the errors change)."""
    arrows = [dict(x=X_OUT - 0.28, y=y, ax=X_OUT - 0.06, ay=y, xref="x", yref="y", axref="x",
                   ayref="y", showarrow=True, arrowhead=2, arrowwidth=2.5, arrowcolor=BACK,
                   text="") for y in y_out]
    arrows += [dict(x=X_IN + 0.12, y=yl + (yh - yl) * 0.12, ax=X_HID - 0.06, ay=yh, xref="x",
                    yref="y", axref="x", ayref="y", showarrow=True, arrowhead=2,
                    arrowwidth=3, arrowcolor=BACK, text="")
               for yh in y_hid for yl in y_lit]
    return arrows
