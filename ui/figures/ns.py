"""Figures of the negative-sampling page and of the three-output-layers page.

Plain functions from arrays to Plotly figures: no Streamlit, no model arithmetic.
Every number comes from w2v_core (noise_probabilities, NoiseDistribution draws,
StepTrace fields, three_outputs.output_costs). Words go through ``ui.safe.plot_label``.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.step import samples_figure
from ui.figures.theme import FONT, TEMPLATE, layer_colour, rich
from ui.safe import plot_label
from w2v_core.settings import OUTPUT_TITLES


LAYER_NAMES = OUTPUT_TITLES


def _word_axis(words):
    """Integer x positions with the words as tick labels (words are not unique-safe categories)."""
    xs = list(range(len(words)))
    return xs, dict(tickvals=xs, ticktext=[plot_label(w) for w in words],
                    tickangle=-60 if len(words) > 12 else 0)


def _note(fig: go.Figure, note: str) -> go.Figure:
    """The words a focused figure leaves out, in one line under its title."""
    if note:
        fig.add_annotation(text=plot_label(note), xref="paper", yref="paper", x=0, y=1.0,
                           xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=13))
    return fig


def noise_figure(words, series: dict[str, np.ndarray], log_y: bool = True,
                 note: str = "") -> go.Figure:
    """Grouped bars of several distributions over the words, e.g. unigram, ^0.75, uniform.

    ``series``: name -> probabilities of the drawn ``words`` (most frequent first); ``note``
    says which words are left out.
    """
    xs, axis = _word_axis(words)
    fig = go.Figure([go.Bar(x=xs, y=p, name=plot_label(name),
                            hovertext=[f"{plot_label(w)}: {v:.4g}" for w, v in zip(words, p)],
                            hoverinfo="text+name")
                     for name, p in series.items()])
    fig.update_layout(barmode="group", height=380, template=TEMPLATE, font=FONT,
                      title="Noise distributions, words from most to least frequent",
                      xaxis=axis,
                      yaxis=dict(title="probability", type="log" if log_y else "linear",
                                 dtick=1 if log_y else None, exponentformat="power"),
                      margin=dict(l=70, r=20, t=70, b=90), legend=dict(orientation="h", y=1.16))
    return _note(fig, note)


def histogram_figure(words, empirical, expected, n: int, note: str = "") -> go.Figure:
    """Share of each word among n seeded draws (bars) against P_n (markers), for the drawn
    ``words``; ``note`` says which words are left out."""
    xs, axis = _word_axis(words)
    fig = go.Figure([
        go.Bar(x=xs, y=empirical, name=f"share of {n:,} draws", marker_color="#9ecae1",
               hovertext=[f"{plot_label(w)}: {v:.4g}" for w, v in zip(words, empirical)],
               hoverinfo="text"),
        go.Scatter(x=xs, y=expected, mode="markers", name="P_n(w), expected",
                   marker=dict(symbol="line-ew-open", size=14, line=dict(width=3), color="#d62728"),
                   hovertext=[f"{plot_label(w)}: {v:.4g}" for w, v in zip(words, expected)],
                   hoverinfo="text"),
    ])
    fig.update_layout(height=360, template=TEMPLATE, font=FONT,
                      title="Share of each word among the draws, against P_n",
                      xaxis=axis, yaxis=dict(title="share"),
                      margin=dict(l=50, r=20, t=50, b=90), legend=dict(orientation="h", y=1.12))
    return _note(fig, note)


def ns_samples_figure(words, targets, samples, t, values, title: str, y_title: str,
                      y_range=None) -> go.Figure:
    """The k + 1 samples of each prediction (the positive w_O, then the negatives) with a
    value each (sigma, or sigma - t), grouped by prediction, the positive marked.

    ``targets`` (P,), ``samples`` (P, k+1), ``t`` (P, k+1) and ``values`` (P, k+1) as in a
    negative-sampling step's ``trace.out``.
    """
    groups = [f"c={c + 1}: {words[w]}" for c, w in enumerate(targets)]
    items = [[f"{'w_O' if s == 0 else s}: {words[j]}" for s, j in enumerate(row)]
             for row in samples]
    return samples_figure(groups, items, values, np.asarray(t) == 1, title, y_title,
                          "positive (t = 1)", "negative (t = 0)", y_range)


def cost_figure(costs) -> go.Figure:
    """Output vectors per prediction under each layer (V, L(w), k + 1), from
    three_outputs.output_costs."""
    names = [f"{c.title}: {c.symbol} = {c.one}" for c in costs]
    fig = go.Figure(go.Bar(x=[c.one for c in costs], y=names, orientation="h",
                           marker_color=[layer_colour(c.name) for c in costs],
                           text=[c.one for c in costs], textposition="auto"))
    fig.update_layout(height=230, template=TEMPLATE, font=FONT,
                      margin=dict(l=20, r=20, t=40, b=40),
                      title="Output vectors read and updated for one prediction",
                      xaxis=dict(title="output vectors"), yaxis=dict(autorange="reversed"))
    return fig


def vectors_figure(vectors: dict[str, np.ndarray], symbol: str, title: str) -> go.Figure:
    """Grouped bars of one N-vector per output layer (EH, or the change to v_{w_I})."""
    fig = go.Figure()
    for layer, v in vectors.items():
        v = np.asarray(v)
        fig.add_trace(go.Bar(x=[f"{symbol}{i + 1}" for i in range(len(v))], y=v,
                             name=LAYER_NAMES.get(layer, plot_label(layer)),
                             marker_color=layer_colour(layer)))
    fig.update_layout(barmode="group", height=320, template=TEMPLATE, font=FONT, title=rich(title),
                      margin=dict(l=40, r=20, t=50, b=40), legend=dict(orientation="h", y=-0.2))
    return fig
