"""Figures of the subsampling page: plain functions from arrays to Plotly figures.

No Streamlit, no arithmetic: the curves and counts come from w2v_core.sub_stats and
w2v_core.subsampling. Words go through ``ui.safe.plot_label``.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.safe import plot_label

FONT = dict(size=14)     # readable on a projector at 1280 x 720

RULE_COLOURS = {"word2vec.c": "#d62728", "paper": "#1f77b4"}


def keep_curve_figure(grid, curves: dict[str, np.ndarray], freqs, word_keep: dict[str, np.ndarray],
                      words, sample: float) -> go.Figure:
    """P(keep) against frequency f (log x): each rule's curve, and the corpus words on it.

    ``grid`` (G,) frequencies with ``curves`` rule -> (G,); ``freqs`` (V,) the words'
    frequencies with ``word_keep`` rule -> (V,).
    """
    fig = go.Figure()
    for rule, y in curves.items():
        colour = RULE_COLOURS.get(rule)
        fig.add_trace(go.Scatter(x=grid, y=y, mode="lines", name=f"{plot_label(rule)} rule",
                                 line=dict(color=colour, width=2)))
        fig.add_trace(go.Scatter(
            x=freqs, y=word_keep[rule], mode="markers", name=f"corpus words ({plot_label(rule)})",
            marker=dict(color=colour, size=7, opacity=0.7),
            hovertext=[f"{plot_label(w)}: f = {f:.3g}, keep {k:.3f}"
                       for w, f, k in zip(words, freqs, word_keep[rule])], hoverinfo="text"))
    if sample > 0:
        fig.add_vline(x=sample, line=dict(color="#777", dash="dot"),
                      annotation_text=f"f = s = {sample:g}", annotation_position="top left")
    fig.update_layout(height=380, template="plotly_white", font=FONT,
                      title="Probability of keeping a token, by its word's frequency",
                      xaxis=dict(title="frequency f(w) = count / T", type="log",
                                 exponentformat="power"),
                      yaxis=dict(title="P(keep w)", range=[0, 1.05]),
                      margin=dict(l=50, r=20, t=50, b=50), legend=dict(orientation="h", y=-0.25))
    return fig


def counts_figure(words, before, expected_after, seeded_after, top: int = 20) -> go.Figure:
    """Tokens of the ``top`` most frequent words: in the corpus, expected after, one seeded pass."""
    words = list(words)[:top]
    xs = list(range(len(words)))
    series = (("in the corpus", before, "#c7c7c7"), ("expected after", expected_after, "#ff7f0e"),
              ("one seeded pass", seeded_after, "#d62728"))
    fig = go.Figure([go.Bar(x=xs, y=np.asarray(v)[:top], name=name, marker_color=colour)
                     for name, v, colour in series])
    fig.update_layout(barmode="group", height=340, template="plotly_white", font=FONT,
                      title=f"Tokens of the {len(words)} most frequent words",
                      xaxis=dict(tickvals=xs, ticktext=[plot_label(w) for w in words],
                                 tickangle=-45 if len(words) > 10 else 0),
                      yaxis=dict(title="tokens"), margin=dict(l=50, r=20, t=50, b=80),
                      legend=dict(orientation="h", y=1.12))
    return fig
