"""Figures of the training page: plain functions from arrays to Plotly figures (no Streamlit).

Every word reaches Plotly through ui.safe.plot_label: words of an uploaded vector file can
be anything, and Plotly renders a subset of HTML in text, hover text and tick labels.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.theme import FONT, TEMPLATE
from ui.safe import plot_label

OTHER = "#9e9e9e"                    # words not followed
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f")
PALETTE_SCALE = [[k / (len(PALETTE) - 1), c] for k, c in enumerate(PALETTE)]  # k -> PALETTE[k]
FRAME_MS, TRANSITION_MS = 450, 350   # animation speed: one snapshot every 0.45 s


def _layout(fig: go.Figure, **kw) -> go.Figure:
    kw.setdefault("margin", dict(l=10, r=10, t=60, b=10))
    fig.update_layout(font=FONT, template=TEMPLATE,
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), **kw)
    return fig


def short_count(n: int) -> str:
    """A word count for a slider label.

    >>> short_count(950), short_count(27_354), short_count(1_200_000)
    ('950', '27k', '1.2M')
    """
    if n >= 1_000_000:
        return f"{n / 1e6:.1f}M"
    return f"{n / 1e3:.0f}k" if n >= 10_000 else f"{n:,}"


def _axis_range(values: np.ndarray) -> list[float]:
    lo, hi = float(values.min()), float(values.max())
    pad = 0.08 * (hi - lo) or 1.0
    return [lo - pad, hi + pad]


def _trail(history, highlight):
    """One trace for all trails: each followed word's positions so far, None between words,
    each dot in its word's colour."""
    xs, ys, colours = [], [], []
    for n, i in enumerate(highlight):
        xs += history[:, i, 0].tolist() + [None]
        ys += history[:, i, 1].tolist() + [None]
        colours += [n % len(PALETTE)] * (len(history) + 1)
    # colours as numbers on a palette colour scale: validating numbers is far cheaper than names
    return dict(type="scatter", x=xs, y=ys, marker=dict(color=np.array(colours, dtype=float)))


def _positions(coords_k, history, members, highlight) -> list[dict]:
    """Where the points of one frame are, trace by trace (the frames change nothing else):
    one trace per group of words not followed, the trails, then the followed words."""
    out = [dict(type="scatter", x=coords_k[idx, 0], y=coords_k[idx, 1]) for idx in members.values()]
    out.append(_trail(history, highlight))
    out.append(dict(type="scatter", x=coords_k[highlight, 0], y=coords_k[highlight, 1]))
    return out


def _styled(positions, members, labels, highlight, show_labels) -> list[go.Scatter]:
    """The traces of the figure itself: the positions with names, labels, colours."""
    traces = []
    for g, (name, idx) in enumerate(members.items()):
        colour = OTHER if name == "" else PALETTE[(g + len(highlight)) % len(PALETTE)]
        traces.append(go.Scatter(
            x=positions[g]["x"], y=positions[g]["y"],
            mode="markers+text" if show_labels else "markers",
            name=name or "other words", showlegend=bool(name), text=[labels[i] for i in idx],
            hovertext=[labels[i] for i in idx], textposition="top center",
            textfont=dict(color="#616161", size=12), marker=dict(color=colour, size=7),
            hovertemplate="%{hovertext}<extra></extra>"))
    trail = positions[-2]
    traces.append(go.Scatter(x=trail["x"], y=trail["y"], mode="lines+markers", showlegend=False,
                             name="paths", line=dict(color="#bdbdbd", width=1.5),
                             marker=dict(size=5, opacity=0.8, color=trail["marker"]["color"],
                                         colorscale=PALETTE_SCALE, cmin=0, cmax=len(PALETTE) - 1),
                             hoverinfo="skip"))
    traces.append(go.Scatter(
        x=positions[-1]["x"], y=positions[-1]["y"], mode="markers+text", name="followed words",
        showlegend=False,
        text=[labels[i] for i in highlight], hovertext=[labels[i] for i in highlight],
        textposition="top center", textfont=dict(size=16, color="#212121"),
        marker=dict(color=[PALETTE[n % len(PALETTE)] for n in range(len(highlight))], size=13,
                    line=dict(color="white", width=1)),
        hovertemplate="<b>%{hovertext}</b><extra></extra>"))
    return traces


def _add_player(fig: go.Figure, F: int, frame_words) -> None:
    """Play, Pause, Resume and a slider over the F frames (the slider opens on the last)."""
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": False},
             "transition": {"duration": 0}}
    play = {"frame": {"duration": FRAME_MS, "redraw": False},
            "transition": {"duration": TRANSITION_MS, "easing": "linear"}}
    fig.update_layout(
        updatemenus=[dict(type="buttons", direction="left", x=0, y=-0.06, xanchor="left",
                          yanchor="top", showactive=False, pad=dict(t=0, r=10), buttons=[
                              dict(label="Play", method="animate",
                                   args=[None, {**play, "fromcurrent": False}]),
                              dict(label="Pause", method="animate", args=[[None], still]),
                              dict(label="Resume", method="animate",
                                   args=[None, {**play, "fromcurrent": True}])])],
        sliders=[dict(active=F - 1, x=0.34, len=0.66, y=-0.04, yanchor="top", pad=dict(t=0),
                      currentvalue=dict(prefix="words: ", font=dict(size=13)),
                      steps=[dict(label=short_count(frame_words[k]), method="animate",
                                  args=[[str(k)], still]) for k in range(F)])])


def pca_animation(coords, words, *, highlight=(), groups=None, frame_words=None, total_words=None,
                  explained=None, show_labels=False, title="PCA of the vectors") -> go.Figure:
    """Animated 2-D scatter of ``coords`` (F frames, M words, 2) with play/pause and a slider.

    ``highlight``: indices of the words to follow; each gets a colour, a label and a trail
    of dots through its positions in all frames so far. ``groups``: a group name per word
    (colours and legend; "" = not grouped). ``frame_words``: words processed at each frame
    (slider labels and titles); ``explained`` (F, 2): the share of variance on each axis per
    frame. The figure opens on the last frame; Play runs from the first. Frames carry only
    positions (labels and colours stay), which keeps building and sending them cheap.
    """
    coords = np.asarray(coords, dtype=np.float64)                            # (F, M, 2)
    F, M, _ = coords.shape
    labels = [plot_label(w) for w in words]
    highlight = [int(i) for i in highlight]
    groups = [str(g) for g in groups] if groups is not None else [""] * M
    frame_words = list(frame_words) if frame_words is not None else list(range(F))
    followed = set(highlight)
    members: dict = {}
    for i in range(M):
        if i not in followed:
            members.setdefault(groups[i], []).append(i)

    def heading(k):
        text = title
        if F > 1:
            text += (f": after {frame_words[k]:,}" + (f" of {total_words:,}" if total_words else "")
                     + " words")
        if explained is not None:
            text += (f" · PC1 {100 * explained[k][0]:.0f}%, PC2 {100 * explained[k][1]:.0f}%"
                     " of the variance")
        return plot_label(text)

    def positions(k):
        return _positions(coords[k], coords[:k + 1], members, highlight)

    data = _styled(positions(F - 1), members, labels, highlight, show_labels)
    fig = go.Figure(data=data)
    fig.update_layout(
        title=dict(text=heading(F - 1)), height=620,
        xaxis=dict(title="PC1", range=_axis_range(coords[..., 0]), zeroline=False),
        yaxis=dict(title="PC2", range=_axis_range(coords[..., 1]), zeroline=False,
                   scaleanchor="x", scaleratio=1))
    if F == 1:                          # one snapshot (imported vectors): nothing to play
        return _layout(fig)
    fig.frames = [dict(name=str(k), data=positions(k), traces=list(range(len(data))),
                       layout=dict(title=dict(text=heading(k)))) for k in range(F)]
    _add_player(fig, F, frame_words)
    _layout(fig, margin=dict(l=10, r=10, t=60, b=90))
    return fig


def loss_figure(words_done, losses, total_words: int | None = None) -> go.Figure:
    """Mean loss per prediction in each chunk of training against the words processed;
    with ``total_words`` the x axis spans the whole run, so the curve fills in live."""
    fig = go.Figure(go.Scatter(x=np.asarray(words_done), y=np.asarray(losses), mode="lines",
                               line=dict(color=PALETTE[0], width=2), name="loss",
                               hovertemplate="after %{x:,} words: %{y:.3f}<extra></extra>"))
    fig.update_layout(height=260, xaxis_title="corpus words processed", font=FONT,
                      yaxis_title="mean loss per prediction", showlegend=False,
                      margin=dict(l=10, r=10, t=20, b=10))
    if total_words:
        fig.update_xaxes(range=[0, total_words])
    return fig          # no template: redrawn 4 times a second while training, and a template
    # costs ~15 ms of the training thread's time (the GIL) on every redraw


def similarity_heatmap(matrix, words) -> go.Figure:
    """Cosine similarities (k x k, in [-1, 1]) between the words, each cell labelled."""
    labels = [plot_label(w) for w in words]
    matrix = np.asarray(matrix, dtype=np.float64)
    fig = go.Figure(go.Heatmap(z=matrix, x=labels, y=labels, zmin=-1, zmax=1,
                               colorscale="RdBu", texttemplate="%{z:.2f}",
                               colorbar=dict(title="cos"),
                               hovertemplate="%{y} · %{x}: %{z:.3f}<extra></extra>"))
    size = 120 + 42 * len(labels)
    fig.update_layout(height=min(max(size, 300), 900), yaxis=dict(autorange="reversed"),
                      xaxis=dict(tickangle=-45))
    return _layout(fig)
