"""Figures of the Step inspector: plain functions from arrays to Plotly figures (no Streamlit).

Labels follow the slides (Rong, arXiv:1411.2738): W is V x N (row k = v_k), W' is N x V
(column j = v'_j; the engine stores it as rows, so the W' plots transpose it). Each panel
is one figure of several plots (parts.combine): the browser redraws one figure per Step.
Words and positions come in already chosen (readouts.focus) and labelled (ui.labels);
every corpus word reaches Plotly escaped.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.parts import (LINE_PX, Plot, bars, category_axis, combine, heat, outline_columns,
                              outline_cells, outline_rows, plot_px, ticks_below_px, value_axis)
from ui.figures.theme import BASE, GRID, MARKED, OTHER, figure, keys
from ui.safe import md, plot_label


CELL_MIN_PX = 23     # a heatmap row holds its 18-px tick label (presenter size)


# ---- one figure per panel ------------------------------------------------------------------
def forward_figure(h, dims, scores: list[tuple], labels, marked, note: str = "",
                   height: int = 420) -> go.Figure:
    """h (left) and the output layer's forward quantities (right, one plot per entry of
    ``scores``: (title, symbol, values, y range or None)) over the same drawn outputs
    ``labels``, the true ones at positions ``marked``."""
    top_y = 0.9
    plots = [Plot(bars(h, dims, symbol="h"), category_axis(dims), value_axis(),
                  x=(0.0, 0.2), y=(0.0, top_y), title="h_{i}, the hidden layer")]
    n = len(scores)
    gap = 0.14 if n > 1 else 0.0
    span = (top_y - gap * (n - 1)) / n
    for r, (title, symbol, values, y_range) in enumerate(scores):
        top = top_y - r * (span + gap)
        last = r == n - 1
        axis = category_axis(labels) if last else {**category_axis(labels), "showticklabels": False}
        plots.append(Plot(bars(values, labels, marked, symbol), axis,
                          value_axis(range=y_range) if y_range else value_axis(),
                          x=(0.3, 1.0), y=(top - span, top), title=title,
                          note=note if r == 0 else ""))
    return combine(plots, "", height)


BARS_MIN_PX = 110     # the EI and EH bars of errors_figure at least this tall


def errors_figure(error_plot: Plot, err, err_labels, err_marked, EH, dims, err_title: str,
                  note: str = "", height: int = 460) -> go.Figure:
    """The errors (a heatmap of e, or sigma - t per node / sample: ``error_plot``) on top;
    the summed error of each output vector (EI) bottom left, EH bottom right. Between the
    two rows, fixed in pixels: the top plot's word labels, ``note`` (the words left out) on
    a line as wide as the figure, then the two titles."""
    bottom = [Plot(bars(err, err_labels, err_marked, "EI"), category_axis(err_labels),
                   value_axis(), x=(0.0, 0.66), title=err_title),
              Plot(bars(EH, dims, symbol="EH"), category_axis(dims), value_axis(),
                   x=(0.74, 1.0), title="EH_{i} = Σ_{j} EI_{j} w′_{ij}")]
    error_plot.x, error_plot.y = (0.0, 1.0), (0.5, 1.0)
    H = plot_px([error_plot, *bottom], height)
    head = LINE_PX + 4
    gap = ticks_below_px(error_plot.xaxis) + LINE_PX * (2 if note else 1) + 12
    avail = max(H - head - gap, 60.0)
    rows = max((len(t["z"]) for t in error_plot.traces if t.get("type") == "heatmap"), default=1)
    top_h = max(0.45 * avail, rows * LINE_PX)                       # a label line a row
    grow = max(0.0, top_h + BARS_MIN_PX - avail)     # the bars need room too: a taller figure
    height, H, avail = height + int(grow + 1), H + int(grow + 1), avail + int(grow + 1)
    error_plot.y = (1 - (head + top_h) / H, 1 - head / H)
    low = (avail - top_h) / H
    for p in bottom:
        p.y = (0.0, low)
    return combine([error_plot, *bottom], "", height, notes=_line_note(note, low))


def _line_note(note: str, y: float) -> list[dict]:
    """A note on a line of its own, as wide as the figure, just above the titles at ``y``."""
    return ([dict(text=plot_label(note), x=0, y=y, xref="paper", yref="paper", xanchor="left",
                  yanchor="bottom", showarrow=False, align="left", yshift=LINE_PX + 4)]
            if note else [])


def e_plot(e, row_labels, col_labels, true_cols) -> Plot:
    """e_{c,j} = y_j - t_{c,j}: one row per prediction, one column per drawn word, the true
    word of each row circled."""
    e = np.asarray(e, dtype=np.float64)
    return Plot([heat(e)], category_axis(col_labels),
                {**category_axis(row_labels), "autorange": "reversed", "range": None},
                title="e_{c,j} = y_{j} − t_{c,j}, one row per predicted word (t = 1 outlined)",
                shapes=outline_cells(zip(true_cols, range(len(true_cols)))))


def samples_plot(labels, values, marked, title: str, y_range=None) -> Plot:
    """sigma or sigma - t of each path node / sample, the t = 1 ones marked."""
    return Plot(bars(values, labels, [p for p, m in enumerate(marked) if m]),
                category_axis(labels), value_axis(range=y_range) if y_range else value_axis(),
                title=title)


def updates_figure(out_after, out_change, out_labels, out_marked, in_after, in_change,
                   in_labels, in_marked, dims, note_out: str = "", note_in: str = "",
                   height: int = 560) -> go.Figure:
    """W' after the step and its change (N x drawn columns, top), W after and its change
    (drawn rows x N, bottom); the vectors the step changed outlined. Arrays come in as
    the slides draw them: W' parts (N, S), W parts (S, N)."""
    n_out = np.asarray(out_after).shape[0]
    out_axis = category_axis(out_labels)
    in_y = {**category_axis(in_labels), "autorange": "reversed", "range": None}
    dim_y = {**category_axis(dims), "autorange": "reversed", "range": None}
    # Rows of cells share the height evenly; the gaps are fixed in pixels, measured at
    # presenter sizes (the larger): a title above the middle block; below it W′'s word
    # labels (turned when many), then W's note on a line of its own (as wide as the figure),
    # then the titles of W and ΔW side by side.
    n_in = np.asarray(in_after).shape[0]
    rows = 2 * n_out + max(n_in, 1)
    gaps_px = [LINE_PX * (2 if note_out else 1) + 4, LINE_PX + 8,          # W′'s, ΔW′'s titles
               ticks_below_px(out_axis) + LINE_PX * (2 if note_in else 1) + 12]
    H = plot_px([Plot([], {}, dim_y), Plot([], category_axis(dims), in_y, y=(0.0, 0.5))],
                height)
    if H - sum(gaps_px) < CELL_MIN_PX * rows:          # too short for the labels: grow
        height += int(CELL_MIN_PX * rows - (H - sum(gaps_px))) + 1
        H = plot_px([Plot([], {}, dim_y), Plot([], category_axis(dims), in_y, y=(0.0, 0.5))],
                    height)
    top, title_gap, label_gap = 1 - gaps_px[0] / H, gaps_px[1] / H, gaps_px[2] / H
    cell = (top - title_gap - label_gap) / rows
    mid_top = top - n_out * cell - title_gap
    low = mid_top - n_out * cell - label_gap
    note = _line_note(note_in, low)
    return combine([
        Plot([heat(out_after)], {**out_axis, "showticklabels": False}, dim_y,
             y=(top - n_out * cell, top),
             title="W′ after the step (N × V; the columns v′_{j} it changed outlined)",
             note=note_out, shapes=outline_columns(out_marked, n_out)),
        Plot([heat(out_change)], out_axis, dim_y, y=(mid_top - n_out * cell, mid_top),
             title="ΔW′ = −η h EI^{T}", shapes=outline_columns(out_marked, n_out)),
        Plot([heat(in_after)], category_axis(dims), in_y, x=(0.0, 0.47), y=(0.0, low),
             title="W after the step (V × N)", shapes=outline_rows(in_marked, len(dims))),
        Plot([heat(in_change)], category_axis(dims), {**in_y, "showticklabels": False},
             x=(0.53, 1.0), y=(0.0, low),
             title="ΔW = −η s_{k} EH", shapes=outline_rows(in_marked, len(dims))),
    ], "", height, notes=note)


# ---- the history -----------------------------------------------------------------------------
def loss_history(steps, before, after, average=None, uniform: float | None = None,
                 restarts=(), title: str = "Loss of each step's instance") -> go.Figure:
    """Loss of every step's instance before and after its update (bins averaged if long), a
    moving average of the loss before, the loss of a uniform guess, and a dotted line where
    a settings change started a new history."""
    mode = "lines+markers" if len(steps) <= 60 else "lines"
    # before: solid with circles, after: dashed with diamonds (not told by colour alone)
    data = [dict(type="scatter", x=np.asarray(steps), y=np.asarray(v, dtype=np.float64), name=name,
                 mode=mode, line=dict(color=colour, width=2, dash=dash),
                 marker=dict(symbol=symbol, size=7),
                 hovertemplate="step %{x}: E = %{y:.6g}<extra>" + name + "</extra>")
            for v, name, colour, dash, symbol in ((before, "before the step", OTHER, "solid", "circle"),
                                                  (after, "after the step", MARKED, "dash", "diamond"))]
    if average is not None:
        data.append(dict(type="scatter", x=np.asarray(steps), y=np.asarray(average), mode="lines",
                         name="moving average (before)", line=dict(color=BASE, width=4),
                         hovertemplate="step %{x}: average %{y:.6g}<extra></extra>"))
    shapes, notes = [], []
    if uniform is not None:
        shapes.append(dict(type="line", xref="paper", x0=0, x1=1, y0=uniform, y1=uniform,
                           line=dict(color="#555555", dash="dash")))
        notes.append(dict(xref="paper", x=1, y=uniform, xanchor="right", yanchor="bottom",
                          showarrow=False, text=plot_label("a uniform guess")))
    for s in restarts:
        shapes.append(dict(type="line", yref="paper", x0=s, x1=s, y0=0, y1=1,
                           line=dict(color="#d62728", dash="dot")))
    ticks = dict(dtick=1) if len(steps) <= 15 else dict(tickformat=",d")
    legend = [("before the step (solid)", OTHER), ("after the step (dashed)", MARKED)]
    legend += [("moving average (before)", BASE)] if average is not None else []
    return figure(data, title, 380, lines=[keys(legend)], shapes=shapes, annotations=notes,
                  xaxis=dict(title=dict(text="step"), **ticks, **GRID),
                  yaxis=dict(title=dict(text="loss E"), rangemode="tozero", **GRID))


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
    return figure(data, title, 380, lines=[keys([(marked_name, MARKED), (other_name, BASE)])],
                  barmode="overlay", bargap=0.2,
                  xaxis=dict(categoryorder="trace"),
                  yaxis=dict(title=dict(text=y_title), range=y_range, **GRID))


# ---- the instance, as Markdown -----------------------------------------------------------------
def instance_markdown(tokens, input_pos, target_pos, window_pos=(), dropped_pos=(),
                      longest: int = 60, margin: int = 12) -> str:
    """The sentence as Markdown: input word(s) bold on orange, predicted word(s) on blue,
    other words of the window on grey, dropped words struck through; every token escaped.
    A sentence longer than ``longest`` tokens shows the window and ``margin`` tokens either
    side, with "…" where it goes on.

    >>> instance_markdown(["a", "b*", "c"], input_pos=[1], target_pos=[0, 2])
    ':blue-background[**:blue[a]**] :orange-background[**:orange[b\\\\*]**] :blue-background[**:blue[c]**]'
    >>> instance_markdown(list("abcdefgh"), [4], [5], longest=4, margin=1)
    '… d :orange-background[**:orange[e]**] :blue-background[**:blue[f]**] g …'
    """
    inputs, targets = set(input_pos), set(target_pos)
    window, dropped = set(window_pos), set(dropped_pos)
    start, stop = 0, len(tokens)
    if len(tokens) > longest:
        marked = inputs | targets | window
        start, stop = max(0, min(marked) - margin), min(len(tokens), max(marked) + margin + 1)
    out = ["…"] if start > 0 else []
    for p in range(start, stop):
        tok = tokens[p]
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
    return " ".join(out + (["…"] if stop < len(tokens) else []))
