"""Figures of the subsampling page: plain functions from arrays to Plotly figures.

No Streamlit, no arithmetic: the curves and counts come from w2v_core.readouts.subsampling
and w2v_core.subsampling. The Corpus lab's subsampling tab uses the same keep-curve figure. Words go through ``ui.safe.plot_label``.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.theme import FONT, RULE_COLOURS, TEMPLATE, TITLED_MARGIN, keys, title_block
from ui.safe import plot_label




def keep_curve_figure(grid, curves: dict, word_freqs, word_keeps: dict, words,
                      sample: float, training_rule: str = "word2vec.c", note: str = "") -> go.Figure:
    """P(keep) against f = count / T: one line per rule over ``grid``, and one point per
    vocabulary word on each line (hover shows the word).

    ``curves`` and ``word_keeps`` map a rule name to arrays aligned with ``grid`` and
    ``word_freqs``; the line of ``training_rule`` is drawn solid, the others dashed.
    """
    fig = go.Figure()
    labels = [plot_label(w) for w in words]
    for name, keep in curves.items():
        used = name == training_rule
        colour = RULE_COLOURS.get(name, "#333333")
        legend = f"{name} (training uses this)" if used else name
        fig.add_trace(go.Scatter(
            x=np.asarray(grid), y=np.asarray(keep), mode="lines", name=legend,
            line=dict(color=colour, width=3, dash="solid" if used else "dash"),
            hovertemplate="f = %{x:.3g}<br>P(keep) = %{y:.3f}<extra>" + name + "</extra>"))
        fig.add_trace(go.Scatter(
            x=np.asarray(word_freqs), y=np.asarray(word_keeps[name]), mode="markers",
            name=f"words, {name}", showlegend=False, hovertext=labels,
            marker=dict(color=colour, size=9, line=dict(color="white", width=1)),
            hovertemplate="%{hovertext}<br>f = %{x:.3g}<br>P(keep) = %{y:.3f}"
                          "<extra>" + name + "</extra>"))
    if sample > 0:
        fig.add_vline(x=sample, line=dict(color="#555555", dash="dot"))
        # annotations on a log axis take log10(x) (add_vline's own annotation misplaces it)
        fig.add_annotation(x=np.log10(sample), y=0.02, xref="x", yref="paper", text="f = s",
                           showarrow=False, xanchor="left", yanchor="bottom")
    grid_lo, grid_hi = float(np.min(grid)), float(np.max(grid))
    # the first decade's label a little right of the corner, clear of the y axis's "0"
    fig.update_xaxes(type="log", title="frequency f(w) = count(w) / T", exponentformat="power",
                     dtick=1,                      # decades only: no small "2" and "5" labels
                     range=[np.log10(grid_lo) - 0.25, np.log10(grid_hi) + 0.05]
                     if 0 < grid_lo < grid_hi else None)
    fig.update_yaxes(title="P(keep w)", range=[0, 1.05])
    if note:
        fig.add_annotation(text=plot_label(note), xref="paper", yref="paper", x=1, y=0.02,
                           xanchor="right", yanchor="bottom", showarrow=False, font=dict(size=13))
    fig.update_layout(font=FONT, margin=dict(l=70, r=20, t=60, b=60), template=TEMPLATE,
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), height=430)
    return fig


def counts_figure(words, before, expected_after, seeded_after, top: int = 20) -> go.Figure:
    """Tokens of the ``top`` most frequent words: in the corpus, expected after, one seeded pass."""
    words = list(words)[:top]
    xs = list(range(len(words)))
    series = (("in the corpus", before, "#c7c7c7"), ("expected after", expected_after, "#ff7f0e"),
              ("one seeded pass", seeded_after, "#d62728"))
    fig = go.Figure([go.Bar(x=xs, y=np.asarray(v)[:top], name=name, marker_color=colour)
                     for name, v, colour in series])
    head, top_px = title_block(f"Tokens of the {len(words)} most frequent words",
                               [keys((name, colour) for name, _, colour in series)])
    turned = len(words) > 10
    longest = max((len(plot_label(w)) for w in words), default=1)
    fig.update_layout(barmode="group", height=270 + top_px, template=TEMPLATE, font=FONT,
                      title=head, showlegend=False,
                      xaxis=dict(tickvals=xs, ticktext=[plot_label(w) for w in words],
                                 tickangle=-45 if turned else 0),
                      yaxis=dict(title="tokens"),
                      margin=dict(l=TITLED_MARGIN, r=20, t=top_px,
                                  b=int(24 + (0.72 * 9 * longest if turned else 16))))
    return fig
