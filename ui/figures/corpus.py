"""Figures of the Corpus lab: plain functions from arrays to Plotly figures (no Streamlit).

Every corpus word reaches Plotly through ui.safe.plot_label, because Plotly renders
a subset of HTML in tick labels and hover text.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.theme import FONT, TEMPLATE
from ui.safe import plot_label

KEPT, DROPPED, CENTRE, CONTEXT, WINDOW = "#2ca02c", "#9e9e9e", "#ff7f0e", "#1f77b4", "#aec7e8"


def _layout(fig: go.Figure, **kw) -> go.Figure:
    fig.update_layout(font=FONT, margin=dict(l=10, r=10, t=50, b=10), template=TEMPLATE,
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), **kw)
    return fig


def subsampling_pass_figure(tokens, keep_prob, kept, in_vocab) -> go.Figure:
    """One bar per token: its word's P(keep), green if this pass kept it, grey if it
    dropped it; tokens outside the vocabulary (min_count) are marked with a cross at 0."""
    tokens, kept, in_vocab = list(tokens), np.asarray(kept, bool), np.asarray(in_vocab, bool)
    keep_prob = np.asarray(keep_prob, dtype=np.float64)
    x = np.arange(len(tokens))
    labels = np.array([plot_label(t) for t in tokens], dtype=object)
    fig = go.Figure()
    for name, mask, colour in (("kept", kept, KEPT), ("dropped", in_vocab & ~kept, DROPPED)):
        fig.add_trace(go.Bar(x=x[mask], y=keep_prob[mask], name=name, marker_color=colour,
                             hovertext=labels[mask],
                             hovertemplate="<b>%{hovertext}</b><br>P(keep) = %{y:.3f}"
                                           "<extra>" + name + "</extra>"))
    oov = ~in_vocab
    fig.add_trace(go.Scatter(x=x[oov], y=np.zeros(int(oov.sum())), mode="markers",
                             name="not in vocabulary", hovertext=labels[oov],
                             marker=dict(symbol="x", size=12, color="#d62728"),
                             hovertemplate="<b>%{hovertext}</b><extra>not in vocabulary</extra>"))
    fig.update_xaxes(tickmode="array", tickvals=x.tolist(), ticktext=labels.tolist(),
                     range=[-0.6, len(tokens) - 0.4])
    fig.update_yaxes(title="P(keep)", range=[0, 1.05])
    _layout(fig, height=330, barmode="overlay", bargap=0.25)
    # no automargin (theme.py): room for the axis title and "0.8", and the token labels
    return fig.update_layout(margin=dict(l=70, b=80))


def window_figure(tokens, centre_pos, radii, context_pos, dropped_pos=(),
                  start: int = 0, stop: int | None = None) -> go.Figure:
    """The dynamic window over a sentence: tokens along x, one row per training instance
    (first on top), the centre word as an orange square, its context words as blue dots
    and the window they span shaded. Columns of dropped tokens are greyed.

    Only tokens start..stop-1 and the instances centred there are drawn (long lines).
    A radius of 0 is an explicit pair's (no window was drawn): its row says "pair".
    """
    tokens = list(tokens)
    stop = len(tokens) if stop is None else min(stop, len(tokens))
    rows = [i for i, c in enumerate(centre_pos) if start <= c < stop]
    labels = [plot_label(t) for t in tokens]
    fig = go.Figure()
    lo, hi = start - 0.5, stop - 0.5
    for n, d in enumerate(p for p in dropped_pos if start <= p < stop):
        fig.add_shape(type="rect", x0=d - 0.5, x1=d + 0.5, y0=-0.5, y1=max(len(rows), 1) - 0.5,
                      fillcolor=DROPPED, opacity=0.35, line_width=0, layer="below",
                      name="dropped (subsampling or min_count)", showlegend=n == 0)
    for y, i in enumerate(rows):
        span = (*context_pos[i], centre_pos[i])          # the window: centre and its context
        fig.add_shape(type="rect", x0=max(lo, min(span) - 0.45), x1=min(hi, max(span) + 0.45),
                      y0=y - 0.38, y1=y + 0.38, fillcolor=WINDOW, opacity=0.6, line_width=0,
                      layer="below", name="context window", showlegend=y == 0)
    cx = [centre_pos[i] for i in rows]
    fig.add_trace(go.Scatter(
        x=cx, y=list(range(len(rows))), mode="markers", name="centre word",
        hovertext=[labels[c] for c in cx],
        customdata=[f"R = {radii[i]}" if radii[i] else "explicit pair" for i in rows],
        marker=dict(symbol="square", size=18, color=CENTRE, line=dict(color="black", width=1)),
        hovertemplate="centre <b>%{hovertext}</b>, %{customdata}<extra></extra>"))
    xs = [(p, y) for y, i in enumerate(rows) for p in context_pos[i] if start <= p < stop]
    fig.add_trace(go.Scatter(
        x=[p for p, _ in xs], y=[y for _, y in xs], mode="markers", name="context word",
        hovertext=[labels[p] for p, _ in xs],
        marker=dict(symbol="circle", size=13, color=CONTEXT),
        hovertemplate="context <b>%{hovertext}</b><extra></extra>"))
    if not rows:
        fig.add_annotation(text="no training instance here", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    ticks = list(range(start, stop))
    fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[labels[p] for p in ticks],
                     range=[lo, hi], side="top", showgrid=False, zeroline=False,
                     tickangle=-45 if stop - start > 12 else 0)
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(rows))),
                     ticktext=[f"R = {radii[i]}" if radii[i] else "pair" for i in rows],
                     range=[max(len(rows), 1) - 0.5, -0.5],        # first instance on top
                     showgrid=False, zeroline=False)
    # fixed pixels for the tick labels above and the legend below, 40 px per instance row
    fig = _layout(fig, height=170 + 40 * max(len(rows), 2))
    fig.update_layout(legend=dict(y=-0.06, yanchor="top"), margin=dict(l=10, r=10, t=80, b=60))
    return fig
