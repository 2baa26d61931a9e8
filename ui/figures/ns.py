"""Figures of the negative-sampling page and of the three-output-layers page.

Plain functions from arrays to Plotly figures: no Streamlit, no model arithmetic.
Every number comes from w2v_core (noise_probabilities, NoiseDistribution draws,
StepTrace fields, three_outputs.output_costs). Words go through ``ui.safe.plot_label``.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.step import samples_figure
from ui.figures.theme import (FONT, GRID, TEMPLATE, TITLED_MARGIN, VALUE_MARGIN, keys,
                              layer_colour, rich, title_block)
from ui.safe import plot_label
from w2v_core.settings import OUTPUT_TITLES


LAYER_NAMES = OUTPUT_TITLES


def _word_axis(words):
    """Integer x positions with the words as tick labels (words are not unique-safe categories)."""
    xs = list(range(len(words)))
    return xs, dict(tickvals=xs, ticktext=[plot_label(w) for w in words],
                    tickangle=-60 if len(words) > 12 else 0)


SERIES_COLOURS = ("#636efa", "#ef553b", "#00cc96")     # the distributions, in order


def noise_figure(words, series: dict[str, np.ndarray], log_y: bool = True,
                 note: str = "") -> go.Figure:
    """Grouped bars of several distributions over the words, e.g. unigram, ^0.75, uniform.

    ``series``: name -> probabilities of the drawn ``words`` (most frequent first); names
    may carry ``_{...}`` (P_{n}). The title, the legend (as coloured keys under it) and
    ``note`` (the words left out) are stacked above the plot, never on top of each other.
    """
    xs, axis = _word_axis(words)
    colours = SERIES_COLOURS * (1 + len(series) // len(SERIES_COLOURS))
    fig = go.Figure([go.Bar(x=xs, y=p, name=rich(name), marker_color=colour,
                            hovertext=[f"{plot_label(w)}: {v:.4g}" for w, v in zip(words, p)],
                            hoverinfo="text+name")
                     for (name, p), colour in zip(series.items(), colours)])
    title, top = title_block("Noise distributions, words from most to least frequent",
                             [keys(zip(series, colours)), plot_label(note)])
    fig.update_layout(barmode="group", height=360 + top - 60, template=TEMPLATE, font=FONT,
                      title=title, showlegend=False, xaxis=axis,
                      yaxis=dict(title="probability", type="log" if log_y else "linear",
                                 dtick=1 if log_y else None, exponentformat="power"),
                      margin=dict(l=TITLED_MARGIN, r=20, t=top, b=_bottom(words)))
    return fig


def histogram_figure(words, empirical, expected, n: int, note: str = "") -> go.Figure:
    """Share of each word among n seeded draws (bars) against P_n (markers), for the drawn
    ``words``; ``note`` says which words are left out."""
    xs, axis = _word_axis(words)
    drawn, expect = "#9ecae1", "#d62728"
    fig = go.Figure([
        go.Bar(x=xs, y=empirical, name=f"share of {n:,} draws", marker_color=drawn,
               hovertext=[f"{plot_label(w)}: {v:.4g}" for w, v in zip(words, empirical)],
               hoverinfo="text"),
        go.Scatter(x=xs, y=expected, mode="markers", name=rich("P_{n}(w), expected"),
                   marker=dict(symbol="line-ew-open", size=14, line=dict(width=3), color=expect),
                   hovertext=[f"{plot_label(w)}: {v:.4g}" for w, v in zip(words, expected)],
                   hoverinfo="text"),
    ])
    title, top = title_block("Share of each word among the draws, against P_{n}",
                             [keys([(f"share of {n:,} draws", drawn),
                                    ("P_{n}(w), expected", expect)]), plot_label(note)])
    fig.update_layout(height=340 + top - 60, template=TEMPLATE, font=FONT, title=title,
                      showlegend=False, xaxis=axis, yaxis=dict(title="share"),
                      margin=dict(l=TITLED_MARGIN, r=20, t=top, b=_bottom(words)))
    return fig


def _bottom(words) -> int:
    """Bottom margin for the word ticks (turned past 12 words: their length decides)."""
    if len(words) <= 12:
        return 40
    return 20 + int(0.87 * 9 * max((len(plot_label(w)) for w in words), default=1))


def ns_samples_figure(words, targets, samples, t, values, title: str, y_title: str,
                      y_range=None) -> go.Figure:
    """The k + 1 samples of each prediction (the positive w_O, then the negatives) with a
    value each (sigma, or sigma - t), grouped by prediction, the positive marked.

    ``targets`` (P,), ``samples`` (P, k+1), ``t`` (P, k+1) and ``values`` (P, k+1) as in a
    negative-sampling step's ``trace.out``.
    """
    groups = [f"c={c + 1}: {words[w]}" for c, w in enumerate(targets)]
    items = [[f"{'wₒ' if s == 0 else s}: {words[j]}" for s, j in enumerate(row)]
             for row in samples]
    return samples_figure(groups, items, values, np.asarray(t) == 1, title, y_title,
                          "positive (t = 1)", "negative (t = 0)", y_range)


def cost_figure(costs) -> go.Figure:
    """Output vectors per prediction under each layer (V, L(w), k + 1), from
    three_outputs.output_costs: one bar per layer, its name and rule written above the bar
    (never cut by a margin, at any vocabulary), the number at the bar's end."""
    n = len(costs)
    top = max((c.one for c in costs), default=1) or 1
    data = [dict(type="bar", orientation="h", x=[c.one for c in costs], y=list(range(n)),
                 width=0.42, marker=dict(color=[layer_colour(c.name) for c in costs]),
                 text=[f"{c.one:,}" for c in costs], textposition="outside", cliponaxis=False,
                 hovertext=[plot_label(c.title) for c in costs],
                 hovertemplate="%{hovertext}: %{x:,}<extra></extra>")]
    names = [dict(x=0, y=r - 0.23, xref="x", yref="y", xanchor="left", yanchor="bottom",
                  showarrow=False, text=rich(f"{c.title}: {c.symbol} = {c.one:,}"))
             for r, c in enumerate(costs)]
    title, head = title_block("Output vectors read and updated for one prediction")
    return go.Figure(data=data, layout=dict(
        height=head + 76 * n + 50, template=TEMPLATE, font=FONT, title=title, annotations=names,
        margin=dict(l=20, r=20, t=head, b=50), showlegend=False,
        xaxis=dict(title=dict(text="output vectors"), range=[0, top * 1.12], **GRID),
        yaxis=dict(range=[n - 0.55, -0.75], visible=False)), _validate=False)


def vectors_figure(vectors: dict[str, np.ndarray], symbol: str, title: str) -> go.Figure:
    """Grouped bars of one N-vector per output layer (EH, or the change to v_{w_I}); the
    layers' keys under the title."""
    fig = go.Figure()
    for layer, v in vectors.items():
        v = np.asarray(v)
        fig.add_trace(go.Bar(x=[f"{symbol}{i + 1}" for i in range(len(v))], y=v,
                             name=LAYER_NAMES.get(layer, plot_label(layer)),
                             marker_color=layer_colour(layer)))
    head, top = title_block(title, [keys((LAYER_NAMES.get(layer, layer), layer_colour(layer))
                                         for layer in vectors)])
    fig.update_layout(barmode="group", height=280 + top - 50, template=TEMPLATE, font=FONT,
                      title=head, showlegend=False,
                      margin=dict(l=VALUE_MARGIN, r=20, t=top, b=40))
    return fig
