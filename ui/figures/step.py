"""Figures of the Step inspector: plain functions from arrays to Plotly figures (no Streamlit).

Labels follow the slides (Rong, arXiv:1411.2738): W is V x N (row k = v_k), W' is
N x V (column j = v'_j; the engine stores it as rows, so ``heatmap_w_out`` transposes).
Every corpus word reaches Plotly through ui.safe.plot_label and Markdown through
ui.safe.md. Indices are 0-based, as in the engine.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.theme import (BASE, DIVERGING, FONT, GRID, MARKED, OTHER, TICK_FONT, figure)
from ui.safe import md, plot_label



def _labels(words) -> list[str]:
    return [plot_label(w) for w in words]


def _runs(indices) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indices as (first, last): [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    idx = sorted(set(int(i) for i in indices))
    runs: list[tuple[int, int]] = []
    for i in idx:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _outline(axis: str, runs, n_other: int) -> list[dict]:
    """Rectangles around whole rows (axis "y") or columns (axis "x") of a heatmap."""
    shapes = []
    for a, b in runs:
        lo, hi = a - 0.5, b + 0.5
        box = (dict(x0=lo, x1=hi, y0=-0.5, y1=n_other - 0.5) if axis == "x"
               else dict(y0=lo, y1=hi, x0=-0.5, x1=n_other - 0.5))
        shapes.append(dict(type="rect", xref="x", yref="y", line=dict(color="black", width=3),
                           fillcolor="rgba(0,0,0,0)", **box))
    return shapes


def _ticks(labels, n: int) -> dict:
    """An axis with one tick per index, labelled; rotated and smaller when there are many."""
    many = n > 12
    return dict(tickmode="array", tickvals=list(range(n)), ticktext=_labels(labels),
                tickangle=-60 if many else 0, tickfont=TICK_FONT if many else FONT, **GRID)


# ---- bars --------------------------------------------------------------------------------
def bar_values(labels, values, marked=(), title: str = "", y_title: str = "",
               marked_name: str = "true word", height: int = 320) -> go.Figure:
    """One bar per label; bars at the positions in ``marked`` are coloured and named.

    Used for h (labels 0..N-1), u and y (labels = the V words, the true words marked),
    EI and EH.
    """
    values = np.asarray(values, dtype=np.float64)
    text = np.array(_labels(labels), dtype=object)
    is_marked = np.zeros(len(values), dtype=bool)
    is_marked[np.asarray(list(marked), dtype=np.int64)] = True
    x = np.arange(len(values))
    data = [dict(type="bar", x=x[mask], y=values[mask], name=name, marker=dict(color=colour),
                 hovertext=text[mask].tolist(), showlegend=bool(is_marked.any()),
                 hovertemplate="%{hovertext}: %{y:.6g}<extra></extra>")
            for name, mask, colour in (("other", ~is_marked, BASE),
                                       (marked_name, is_marked, MARKED)) if mask.any()]
    return figure(data, title, height, barmode="overlay", bargap=0.15,
                   xaxis=dict(range=[-0.6, len(values) - 0.4], **_ticks(labels, len(values))),
                   yaxis=dict(title=dict(text=y_title), **GRID))


def scores_figure(words, u, y, marked=(), marked_name: str = "true word") -> go.Figure:
    """u (top) and y = softmax(u) (bottom) over the same V words, true words marked."""
    u, y = np.asarray(u, dtype=np.float64), np.asarray(y, dtype=np.float64)
    text = np.array(_labels(words), dtype=object)
    is_marked = np.zeros(len(u), dtype=bool)
    is_marked[np.asarray(list(marked), dtype=np.int64)] = True
    x = np.arange(len(u))
    data = []
    for values, axis, sym in ((u, "y", "u"), (y, "y2", "y")):
        for name, mask, colour in (("other", ~is_marked, BASE), (marked_name, is_marked, MARKED)):
            if mask.any():
                data.append(dict(type="bar", x=x[mask], y=values[mask], yaxis=axis, name=name,
                                 marker=dict(color=colour), hovertext=text[mask].tolist(),
                                 legendgroup=name, showlegend=axis == "y",
                                 hovertemplate="%{hovertext}: " + sym + " = %{y:.6g}<extra></extra>"))
    return figure(data, "u_j = v′_j · h (scores), then y = softmax(u) = p(w_j | h)", 560,
                   barmode="overlay", bargap=0.15,
                   xaxis=dict(range=[-0.6, len(u) - 0.4], anchor="y2", **_ticks(words, len(u))),
                   yaxis=dict(domain=[0.56, 1], title=dict(text="u_j"), **GRID),
                   yaxis2=dict(domain=[0, 0.44], title=dict(text="y_j"), rangemode="tozero", **GRID))


def onehot_strip(words, inputs, title: str = "x: one-hot input") -> go.Figure:
    """x as a strip of V cells per input word, the 1 coloured and labelled with its word and
    index (CBOW: one strip per context word). The axis shows indices, not all V words: the
    cells are too narrow for them, and V rotated labels are most of the browser's work.
    """
    inputs = [int(k) for k in inputs]
    V = len(words)
    z = np.zeros((len(inputs), V))                                      # (C_in, V)
    z[np.arange(len(inputs)), inputs] = 1.0
    rows = [f"x{c + 1}" if len(inputs) > 1 else "x" for c in range(len(inputs))]
    data = [dict(type="heatmap", z=z, customdata=[_labels(words)] * len(inputs), y=rows,
                 showscale=False, xgap=1, ygap=2,
                 colorscale=[[0, "#f0f0f0"], [1, MARKED]], zmin=0, zmax=1,
                 hovertemplate="%{y}, k = %{x} (%{customdata}): %{z}<extra></extra>")]
    right_half = [k > V / 2 for k in inputs]        # label on the side with room for it
    notes = [dict(x=k, y=row, text=f"{plot_label(words[k])} (k = {k})", showarrow=False,
                  xanchor="right" if rh else "left", xshift=-10 if rh else 10,
                  bgcolor="rgba(255,255,255,0.85)", font=dict(size=15, color="black"))
             for k, row, rh in zip(inputs, rows, right_half)]
    return figure(data, title, 130 + 40 * len(inputs), annotations=notes,
                   margin=dict(l=10, r=10, t=70, b=30),
                   xaxis=dict(showgrid=False, range=[-0.5, V - 0.5], title=dict(text="k"),
                              dtick=1 if V <= 20 else None, tick0=0, **GRID),
                   yaxis=dict(autorange="reversed", showgrid=False))


def samples_figure(groups, items, values, marked, title: str, y_title: str,
                   marked_name: str, other_name: str, y_range=None) -> go.Figure:
    """Bars grouped by prediction: HS path nodes (sigma_n or sigma_n - t_n, marked: t_n = 1)
    or NS samples (sigma or sigma - t, marked: the positive word).

    ``groups`` names each group; ``items[g]``, ``values[g]``, ``marked[g]`` are that group's
    bar labels (unique within a group), values and marks.
    """
    xs_g, xs_i, ys, colours = [], [], [], []
    for g, its, vals, mks in zip(groups, items, values, marked):     # path / sample order kept
        for it, v, m in zip(its, np.asarray(vals, dtype=np.float64).tolist(), mks):
            xs_g.append(plot_label(g))
            xs_i.append(plot_label(it))
            ys.append(v)
            colours.append(MARKED if m else BASE)
    data = [dict(type="bar", x=[xs_g, xs_i], y=ys, marker=dict(color=colours), showlegend=False,
                 hovertemplate="%{x}: %{y:.6g}<extra></extra>")]
    # legend entries only: an empty bar at the first category
    data += [dict(type="bar", x=[xs_g[:1], xs_i[:1]], y=[None], name=plot_label(name),
                  marker=dict(color=colour), hoverinfo="skip")
             for name, colour in ((marked_name, MARKED), (other_name, BASE))]
    return figure(data, title, 380, barmode="overlay", bargap=0.2,
                   xaxis=dict(tickfont=TICK_FONT, categoryorder="trace"),
                   yaxis=dict(title=dict(text=y_title), range=y_range, **GRID))


def before_after(before, after, title: str, picked_dim: int | None = None) -> go.Figure:
    """A vector before and after the step, one pair of bars per dimension i."""
    x = np.arange(len(before))
    data = [dict(type="bar", x=x, y=np.asarray(v, dtype=np.float64), name=name,
                 marker=dict(color=colour), hovertemplate="i = %{x}: %{y:.6g}<extra>" + name + "</extra>")
            for v, name, colour in ((before, "before", OTHER), (after, "after", MARKED))]
    shapes = [] if picked_dim is None else [
        dict(type="rect", xref="x", yref="paper", x0=picked_dim - 0.5, x1=picked_dim + 0.5,
             y0=0, y1=1, fillcolor="#ffe08a", opacity=0.5, line=dict(width=0), layer="below")]
    return figure(data, title, 320, barmode="group", shapes=shapes,
                   xaxis=dict(title=dict(text="dimension i"), dtick=1 if len(x) <= 30 else None),
                   yaxis=GRID)


# ---- matrices ------------------------------------------------------------------------------
def heatmap_matrix(M, row_labels, col_labels, marked_rows=(), marked_cols=(), title: str = "",
                   x_title: str = "", y_title: str = "", height: int | None = None) -> go.Figure:
    """A matrix as a heatmap (row 0 at the top) on a colour scale centred on 0, marked rows /
    columns outlined. Outlines are left out when every row (column) is marked: then the
    caption has to say so.
    """
    M = np.asarray(M, dtype=np.float64)
    n_r, n_c = M.shape
    cols = _labels(col_labels)
    hover = [[f"{r} · {c}" for c in cols] for r in _labels(row_labels)]
    data = [dict(type="heatmap", z=M, colorscale=DIVERGING, zmid=0, colorbar=dict(thickness=14),
                 customdata=hover, hovertemplate="%{customdata}: %{z:.6g}<extra></extra>")]
    shapes = []
    if 0 < len(set(marked_rows)) < n_r:
        shapes += _outline("y", _runs(marked_rows), n_c)
    if 0 < len(set(marked_cols)) < n_c:
        shapes += _outline("x", _runs(marked_cols), n_r)
    return figure(data, title, height or int(min(900, max(260, 130 + 16 * n_r))), shapes=shapes,
                   xaxis=dict(title=dict(text=x_title), showgrid=False, **_ticks(col_labels, n_c)),
                   yaxis=dict(title=dict(text=y_title), autorange="reversed", showgrid=False,
                              **_ticks(row_labels, n_r) | dict(tickangle=0)))


def heatmap_w_in(W, words, marked_rows=(), title: str = "W (V × N)") -> go.Figure:
    """W as in the slides: V x N, row k = input vector v_k; the step's input rows outlined."""
    N = np.asarray(W).shape[1]
    return heatmap_matrix(W, words, [str(i) for i in range(N)], marked_rows=marked_rows,
                          title=title, x_title="i", y_title="k (input word)")


def heatmap_w_out(W_out, col_labels, marked_cols=(), title: str = "W′ (N × V)") -> go.Figure:
    """W' as in the slides: N x V, column j = output vector v'_j (the engine's rows, transposed).

    For hierarchical softmax the columns are the V-1 inner nodes n0 .. n(V-2).
    """
    W_out = np.asarray(W_out)
    return heatmap_matrix(W_out.T, [str(i) for i in range(W_out.shape[1])], col_labels,
                          marked_cols=marked_cols, title=title, x_title="j",
                          y_title="i", height=int(150 + 26 * W_out.shape[1]))


def errors_heatmap(e, target_words, words, title: str = "e (one row per prediction c)") -> go.Figure:
    """e_{c,j} = y_j - t_{c,j}: one row per predicted word c, one column per word j; the true
    word of each row is circled (its e is y_j - 1 < 0)."""
    e = np.asarray(e, dtype=np.float64)
    rows = [f"c={c + 1}: {w}" for c, w in enumerate(target_words)]
    fig = heatmap_matrix(e, rows, words, title=title, x_title="j", height=int(170 + 34 * len(rows)))
    true_cols = [list(words).index(w) for w in target_words]
    fig.add_trace(dict(type="scatter", x=true_cols, y=list(range(len(rows))), mode="markers",
                       name="t = 1 (true word)", hoverinfo="skip",
                       marker=dict(symbol="circle-open", size=16, color="black", line=dict(width=3))))
    return fig


# ---- the history -----------------------------------------------------------------------------
def loss_history(steps, before, after, title: str = "Loss of each step's instance") -> go.Figure:
    """Loss of every step's instance before and after its update (bins averaged if long)."""
    mode = "lines+markers" if len(steps) <= 60 else "lines"
    data = [dict(type="scatter", x=np.asarray(steps), y=np.asarray(v, dtype=np.float64), name=name,
                 mode=mode, line=dict(color=colour, width=2),
                 hovertemplate="step %{x}: E = %{y:.6g}<extra>" + name + "</extra>")
            for v, name, colour in ((before, "before the step", OTHER),
                                    (after, "after the step", MARKED))]
    ticks = dict(dtick=1) if len(steps) <= 15 else dict(tickformat=",d")
    return figure(data, title, 360, xaxis=dict(title=dict(text="step"), **ticks, **GRID),
                   yaxis=dict(title=dict(text="loss E"), rangemode="tozero", **GRID))


# ---- the instance, as Markdown -----------------------------------------------------------------
def instance_markdown(tokens, input_pos, target_pos, window_pos=(), dropped_pos=()) -> str:
    """The sentence as Markdown: input word(s) bold on orange, predicted word(s) on blue,
    other words of the window on grey, dropped words struck through; every token escaped.

    >>> instance_markdown(["a", "b*", "c"], input_pos=[1], target_pos=[0, 2])
    ':blue-background[**:blue[a]**] :orange-background[**:orange[b\\\\*]**] :blue-background[**:blue[c]**]'
    """
    inputs, targets = set(input_pos), set(target_pos)
    window, dropped = set(window_pos), set(dropped_pos)
    out = []
    for p, tok in enumerate(tokens):
        w = md(tok)
        if p in inputs:
            out.append(f":orange-background[**:orange[{w}]**]")
        elif p in targets:
            out.append(f":blue-background[**:blue[{w}]**]")
        elif p in dropped:
            out.append(f"~~{w}~~")
        elif p in window:
            out.append(f":gray-background[{w}]")
        else:
            out.append(w)
    return " ".join(out)
