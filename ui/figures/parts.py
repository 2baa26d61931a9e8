"""Pieces the figures are made of: bars and heatmaps over a focused set of words, the note
about the words left out, and several plots in one figure.

A Step redraws its panel in the browser; one figure with several plots costs the browser
far less than several figures, so a panel's plots are drawn as one figure (``combine``).
Plain dicts, no Plotly validation (tests validate every builder's output). Words go through
``theme.rich`` / ``ui.safe.plot_label``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from ui.figures.theme import (BASE, DIVERGING, FONT, GRID, MARKED, PRESENTER_SIZES, TEMPLATE,
                              SMALL, TICK_FONT, TITLE_FONT, rich)
from ui.safe import plot_label

CELL_MAX = 12        # matrices up to 12 x 12 show their values in the cells
TICKS_FLAT = 12      # more category ticks than this are turned and smaller


@dataclass
class Plot:
    """One plot of a combined figure: its traces (axes "x", "y": renamed by ``combine``), the
    layouts of its two axes, its place ([x0, x1], [y0, y1] in 0..1) and a title."""

    traces: list
    xaxis: dict
    yaxis: dict
    x: tuple = (0.0, 1.0)
    y: tuple = (0.0, 1.0)
    title: str = ""
    note: str = ""                       # one line under the title (e.g. the words left out)
    shapes: list = field(default_factory=list)


CHAR_PX = 9          # width of one character of a tick label at FONT's size, about


def labels_px(axis: dict) -> int:
    """Pixels the tick labels of an axis need across (turned labels: their height)."""
    if not axis.get("showticklabels", True):
        return 0
    text = axis.get("ticktext")
    longest = max((len(str(t)) for t in text), default=1) if text is not None else 6
    return CHAR_PX * longest * (0.87 if axis.get("tickangle") else 1)


def ticks_below_px(axis: dict) -> float:
    """Pixels an x axis's tick labels take below its plot, measured at presenter sizes (the
    larger of the two, so that a gap made for them holds in both modes)."""
    if not axis.get("showticklabels", True):
        return 0.0
    size = PRESENTER_SIZES["tick"]
    text = axis.get("ticktext")
    longest = max((len(str(t)) for t in text), default=1) if text is not None else 6
    if axis.get("tickangle"):                   # turned by 60 degrees: sin 60 = 0.87
        return 0.55 * size * longest * 0.87 + 0.5 * size + 8
    return 1.3 * size + 8


def plot_px(plots: list["Plot"], height: int, top: int = 30) -> float:
    """The height of the plotting area of ``combine(plots, ...)`` once presenter mode has grown
    its margins (theme.presenter): what fractions of the domain must be measured against."""
    m = margins(plots, top)
    return height - (m["t"] + m["b"]) * PRESENTER_SIZES["font"] / FONT["size"]


LINE_PX = 1.45 * PRESENTER_SIZES["font"]    # a line of text (a title, a note), presenter size


def margins(plots: list["Plot"], top: int) -> dict:
    """Room for the tick labels of the plots at the left and bottom edges (Plotly's automargin
    would find it too, but by laying the whole figure out twice on every redraw)."""
    left = max([labels_px(p.yaxis) for p in plots if p.x[0] == 0.0] + [40])
    bottom = max([(labels_px(p.xaxis) if p.xaxis.get("tickangle") else 24) for p in plots
                  if p.y[0] == 0.0] + [24])
    return dict(l=int(left) + 16, r=16, t=top, b=int(bottom) + 16)


def combine(plots: list[Plot], title: str, height: int, notes=(), **layout) -> go.Figure:
    """One figure holding every plot on its own pair of axes (and ``notes``: annotations of
    the figure's own, beside the plots' titles)."""
    data, notes, shapes, axes = [], list(notes), [], {}
    for n, p in enumerate(plots, 1):
        xa, ya = ("x", "y") if n == 1 else (f"x{n}", f"y{n}")
        for tr in p.traces:
            data.append({**tr, "xaxis": xa, "yaxis": ya})
        axes[f"xaxis{'' if n == 1 else n}"] = {**p.xaxis, "domain": list(p.x), "anchor": ya}
        axes[f"yaxis{'' if n == 1 else n}"] = {**p.yaxis, "domain": list(p.y), "anchor": xa}
        for s in p.shapes:
            shapes.append({**s, "xref": xa, "yref": ya})
        head = rich(p.title) + (f"<br><span style='{SMALL}'>{plot_label(p.note)}</span>"
                                if p.note else "")
        if head:
            notes.append(dict(text=head, x=p.x[0], y=p.y[1], xref="paper", yref="paper",
                              xanchor="left", yanchor="bottom", showarrow=False, align="left",
                              yshift=4))
    base = dict(template=TEMPLATE, font=FONT, height=height, showlegend=False,
                title=dict(text=rich(title), x=0, font=TITLE_FONT) if title else None,
                margin=margins(plots, 70 if title else 30), annotations=notes,
                shapes=shapes, barmode="overlay", bargap=0.2, **axes)
    return go.Figure(data=data, layout={**base, **layout}, _validate=False)


def category_axis(labels, title: str = "") -> dict:
    """An axis with one tick per position 0..n-1, labelled; turned when there are many."""
    n = len(labels)
    many = n > TICKS_FLAT
    return dict(tickmode="array", tickvals=list(range(n)), ticktext=[plot_label(x) for x in labels],
                tickangle=-60 if many else 0, tickfont=TICK_FONT if many else FONT,
                range=[-0.6, n - 0.4], title=dict(text=rich(title)), showgrid=False,
                zeroline=False)


def value_axis(title: str = "", **kw) -> dict:
    return dict(title=dict(text=rich(title)), **GRID, **kw)


def bars(values, labels, marked=(), symbol: str = "", text: bool | None = None) -> list[dict]:
    """One bar per value (positions 0..n-1), bars at positions in ``marked`` coloured MARKED;
    with ``text`` (default: at most CELL_MAX bars) each bar carries its value."""
    values = np.asarray(values, dtype=np.float64)
    is_marked = np.zeros(len(values), dtype=bool)
    is_marked[np.asarray(list(marked), dtype=np.int64)] = True
    show_text = len(values) <= CELL_MAX if text is None else text
    hover = [plot_label(x) for x in labels]
    return [dict(type="bar", x=list(range(len(values))), y=values.tolist(),
                 marker=dict(color=[MARKED if m else BASE for m in is_marked]),
                 hovertext=hover, hovertemplate="%{hovertext}: " + symbol + " = %{y:.6g}"
                 "<extra></extra>", texttemplate="%{y:.3g}" if show_text else None,
                 textposition="outside" if show_text else None, cliponaxis=False)]


def heat(M, zmax: float | None = None, cells: bool | None = None) -> dict:
    """A matrix as a heatmap trace (row 0 at the top once the y axis is reversed), colours
    centred on 0; with ``cells`` (default: both sides at most CELL_MAX) every cell carries its
    value."""
    M = np.asarray(M, dtype=np.float64)
    show = (max(M.shape) <= CELL_MAX) if cells is None else cells
    finite = M[np.isfinite(M)]
    zmax = zmax if zmax is not None else (float(np.abs(finite).max()) if finite.size else 1.0)
    return dict(type="heatmap", z=M.tolist(), colorscale=DIVERGING, zmid=0,
                zmin=-(zmax or 1.0), zmax=zmax or 1.0, showscale=False, xgap=1, ygap=1,
                texttemplate="%{z:.3~g}" if show else None,
                textfont=dict(size=13 if M.shape[1] <= 8 else 11),
                hovertemplate="%{y} · %{x}: %{z:.6g}<extra></extra>")


def outline_columns(positions, n_rows: int) -> list[dict]:
    """Rectangles around whole columns (heatmap positions), for the changed output vectors."""
    return [dict(type="rect", x0=p - 0.5, x1=p + 0.5, y0=-0.5, y1=n_rows - 0.5,
                 line=dict(color="black", width=2), fillcolor="rgba(0,0,0,0)")
            for p in positions]


def outline_cells(cells) -> list[dict]:
    """Rectangles around single heatmap cells (column, row), e.g. each row's true word."""
    return [dict(type="rect", x0=x - 0.5, x1=x + 0.5, y0=y - 0.5, y1=y + 0.5,
                 line=dict(color="black", width=3), fillcolor="rgba(0,0,0,0)") for x, y in cells]


def outline_rows(positions, n_cols: int) -> list[dict]:
    """Rectangles around whole rows (heatmap positions), for the changed input vectors."""
    return [dict(type="rect", y0=p - 0.5, y1=p + 0.5, x0=-0.5, x1=n_cols - 0.5,
                 line=dict(color="black", width=2), fillcolor="rgba(0,0,0,0)")
            for p in positions]


def positions(shown, wanted) -> list[int]:
    """Positions in ``shown`` (the indices drawn, in order) of the indices in ``wanted``.

    >>> positions([2, 5, 9], [9, 2, 4])
    [2, 0]
    """
    where = {int(j): p for p, j in enumerate(np.asarray(shown).tolist())}
    return [where[int(j)] for j in wanted if int(j) in where]


def left_out(f, what: str, names, unit: str = "words") -> str:
    """The note about the entries a focused plot does not draw ('' when it draws them all).

    >>> from w2v_core.readouts.focus import Focus
    >>> left_out(Focus(np.array([0, 1]), 5, 0.25, 3), "|e|", list("abcde"))
    '+ 3 more words, largest |e| among them = 0.25 (d)'
    """
    if f.complete:
        return ""
    return (f"+ {f.rest:,} more {unit}, largest {what} among them = {f.rest_max:.6g} "
            f"({names[f.rest_argmax]})")
