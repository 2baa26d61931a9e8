"""Figures of the training page: plain functions from arrays to Plotly figures (no Streamlit).

Every word reaches Plotly through ui.safe.plot_label: words of an uploaded vector file can
be anything, and Plotly renders a subset of HTML in text, hover text and tick labels.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.label_place import place, square_ranges
from ui.figures.theme import FONT, PRESENTER_SIZES, TEMPLATE, TITLED_MARGIN, title_block
from ui.safe import plot_label

OTHER = "#9e9e9e"                    # words not followed
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f")
PALETTE_SCALE = [[k / (len(PALETTE) - 1), c] for k, c in enumerate(PALETTE)]  # k -> PALETTE[k]
FRAME_MS, TRANSITION_MS = 450, 350   # animation speed: one snapshot every 0.45 s
CELLS_MAX = 12                       # a similarity heatmap of more words leaves its cells bare
WIDTH = 820                          # the PCA's width on every screen (a phone scrolls it)


def _layout(fig: go.Figure, **kw) -> go.Figure:
    """Our fonts and template; the legend (groups of words) in one row just above the plot."""
    kw.setdefault("margin", dict(l=TITLED_MARGIN, r=20, t=60, b=60))
    fig.update_layout(font=FONT, template=TEMPLATE,
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0), **kw)
    return fig


def short_count(n: int) -> str:
    """A word count for a slider label.

    >>> short_count(950), short_count(27_354), short_count(1_200_000)
    ('950', '27k', '1.2M')
    """
    if n >= 1_000_000:
        return f"{n / 1e6:.1f}M"
    return f"{n / 1e3:.0f}k" if n >= 10_000 else f"{n:,}"


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


def _positions(coords_k, history, members, highlight, labels, show_labels, scales) -> list[dict]:
    """Where the points of one frame are and where their words are written, trace by trace:
    one trace per group of words not followed, the trails, then the followed words. Labels
    are placed so that none overlaps another (label_place: the followed words first); a
    word with no free place is left unlabelled in this frame."""
    order = list(highlight) + ([i for idx in members.values() for i in idx] if show_labels else [])
    where = dict(zip(order, place(coords_k[order], [labels[i] for i in order], scales)))

    def texts(idx) -> dict:
        return dict(text=[labels[i] if where.get(i) else "" for i in idx],
                    textposition=[where.get(i) or "top center" for i in idx])

    out = [dict(type="scatter", x=coords_k[idx, 0], y=coords_k[idx, 1],
                **(texts(idx) if show_labels else {})) for idx in members.values()]
    out.append(_trail(history, highlight))
    out.append(dict(type="scatter", x=coords_k[highlight, 0], y=coords_k[highlight, 1],
                    **texts(highlight)))
    return out


def _styled(positions, members, labels, highlight, show_labels) -> list[go.Scatter]:
    """The traces of the figure itself: the positions with names, labels, colours."""
    traces = []
    for g, (name, idx) in enumerate(members.items()):
        colour = OTHER if name == "" else PALETTE[(g + len(highlight)) % len(PALETTE)]
        traces.append(go.Scatter(
            x=positions[g]["x"], y=positions[g]["y"],
            mode="markers+text" if show_labels else "markers",
            name=name or "other words", showlegend=bool(name),
            text=positions[g].get("text", [labels[i] for i in idx]),
            hovertext=[labels[i] for i in idx],
            textposition=positions[g].get("textposition", "top center"),
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
        text=positions[-1]["text"], hovertext=[labels[i] for i in highlight],
        textposition=positions[-1]["textposition"], textfont=dict(size=16, color="#212121"),
        marker=dict(color=[PALETTE[n % len(PALETTE)] for n in range(len(highlight))], size=13,
                    line=dict(color="white", width=1)),
        hovertemplate="<b>%{hovertext}</b><extra></extra>"))
    return traces


def _add_player(fig: go.Figure, F: int, frame_texts, plot_px: int, shown: int) -> None:
    """Play, Pause, Resume and a slider over the F frames (the slider opens on ``shown``).
    The slider's own labels are hidden (60 of them would overlap); the frame shown is named
    above it (``frame_texts``: words done, variance explained), and that name follows the
    animation while it plays (a layout title would stay at the last frame: Plotly does not
    redraw titles between animation frames). ``plot_px``: the plot's height, to place the
    controls a fixed number of pixels below the x axis."""
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": False},
             "transition": {"duration": 0}}
    play = {"frame": {"duration": FRAME_MS, "redraw": False},
            "transition": {"duration": TRANSITION_MS, "easing": "linear"}}
    fig.update_layout(
        updatemenus=[dict(type="buttons", direction="left", x=0, y=-70 / plot_px, xanchor="left",
                          yanchor="top", showactive=False, pad=dict(t=0, r=10), buttons=[
                              dict(label="Play", method="animate",
                                   args=[None, {**play, "fromcurrent": False}]),
                              dict(label="Pause", method="animate", args=[[None], still]),
                              dict(label="Resume", method="animate",
                                   args=[None, {**play, "fromcurrent": True}])])],
        sliders=[dict(active=shown, x=0.34, len=0.66, y=-60 / plot_px, yanchor="top",
                      pad=dict(t=0), font=dict(color="rgba(0,0,0,0)"), ticklen=4,
                      currentvalue=dict(prefix="", font=dict(size=14, color="#333333")),
                      steps=[dict(label=frame_texts[k], method="animate",
                                  args=[[str(k)], still]) for k in range(F)])])


def _frame_text(k: int, frame_words, total_words, explained) -> str:
    """What frame k shows: words done, variance explained (the slider's current value)."""
    done = short_count(frame_words[k]) + (f" of {short_count(total_words)}"
                                          if total_words else "") + " words"
    if explained is not None:
        done += f" · PC1 {100 * explained[k][0]:.0f}%, PC2 {100 * explained[k][1]:.0f}%"
    return plot_label(done)


def _label_scales(plot_px: float, margins_px: float, span: float) -> list[float]:
    """Pixels per data unit the labels are placed for. Both axes have one span and one
    scale, the plot a fixed width (WIDTH) wider than it is tall: the scale is the plot's
    height over the span on any screen, with the margins of either mode (presenter grows
    them), and up to 5 % less (Streamlit may take ~15 px off the height)."""
    grow = PRESENTER_SIZES["font"] / FONT["size"] - 1.0
    return [f * (plot_px - margins_px * g) / span for g in (0.0, grow) for f in (0.95, 1.0)]


def pca_animation(coords, words, *, highlight=(), groups=None, frame_words=None, total_words=None,
                  explained=None, show_labels=False, title="PCA of the vectors",
                  shown: int | None = None) -> go.Figure:
    """Animated 2-D scatter of ``coords`` (F frames, M words, 2) with play/pause and a slider.

    ``highlight``: indices of the words to follow; each gets a colour, a label and a trail
    of dots through its positions in all frames so far. ``groups``: a group name per word
    (colours and legend; "" = not grouped). ``frame_words``: words processed at each frame
    (named above the slider); ``explained`` (F, 2): the share of variance on each axis per
    frame. The figure opens on frame ``shown`` (default: the last; a keyboard's way through the
    frames is the page's slider, which reruns with it); Play runs from the first. Frames carry the
    positions and where each label goes (no two labels overlap in any frame: label_place);
    colours and styles stay, which keeps building and sending them cheap.
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

    heading = title
    if F == 1 and explained is not None:            # one snapshot: the title says it all
        heading += (f" · PC1 {100 * explained[0][0]:.0f}%, PC2 {100 * explained[0][1]:.0f}%"
                    " of the variance")
    head, top = title_block(heading)
    height, bottom = 620, (150 if F > 1 else 60)
    x_range, y_range = square_ranges(coords.reshape(-1, 2), pad=0.08)
    span = x_range[1] - x_range[0]
    scales = _label_scales(height - top - 30 - bottom, top + 30 + bottom, span)

    def positions(k):
        return _positions(coords[k], coords[:k + 1], members, highlight, labels, show_labels,
                          scales)

    shown = F - 1 if shown is None else min(max(int(shown), 0), F - 1)
    data = _styled(positions(shown), members, labels, highlight, show_labels)
    fig = go.Figure(data=data)
    fig.update_layout(
        title=head, height=height, width=WIDTH,
        xaxis=dict(title=dict(text="PC1", standoff=8), range=x_range, zeroline=False),
        yaxis=dict(title=dict(text="PC2", standoff=8), range=y_range, zeroline=False,
                   scaleanchor="x", scaleratio=1))
    if F > 1:
        fig.frames = [dict(name=str(k), data=positions(k), traces=list(range(len(data))))
                      for k in range(F)]
        _add_player(fig, F, [_frame_text(k, frame_words, total_words, explained)
                             for k in range(F)], height - top - 30 - bottom, shown)
    return _layout(fig, margin=dict(l=TITLED_MARGIN, r=20, t=top + 30, b=bottom))


def loss_figure(words_done, losses, total_words: int | None = None) -> go.Figure:
    """Mean loss per prediction in each chunk of training against the words processed;
    with ``total_words`` the x axis spans the whole run, so the curve fills in live."""
    fig = go.Figure(go.Scatter(x=np.asarray(words_done), y=np.asarray(losses), mode="lines",
                               line=dict(color=PALETTE[0], width=2), name="loss",
                               hovertemplate="after %{x:,} words: %{y:.3f}<extra></extra>"))
    fig.update_layout(height=260, xaxis_title="corpus words processed", font=FONT,
                      yaxis_title="mean loss per prediction", showlegend=False,
                      margin=dict(l=TITLED_MARGIN, r=20, t=20, b=56))   # room for the axis titles
    if total_words:
        fig.update_xaxes(range=[0, total_words])
    return fig          # no template: redrawn 4 times a second while training, and a template
    # costs ~15 ms of the training thread's time (the GIL) on every redraw


def similarity_heatmap(matrix, words) -> go.Figure:
    """Cosine similarities (k x k, in [-1, 1]) between the words, each cell labelled."""
    labels = [plot_label(w) for w in words]
    matrix = np.asarray(matrix, dtype=np.float64)
    fig = go.Figure(go.Heatmap(z=matrix, x=labels, y=labels, zmin=-1, zmax=1,
                               colorscale="RdBu",
                               texttemplate="%{z:.2f}" if len(labels) <= CELLS_MAX else None,
                               colorbar=dict(title="cos"),
                               hovertemplate="%{y} · %{x}: %{z:.3f}<extra></extra>"))
    size = 120 + 42 * len(labels)
    word_px = 9 * max((len(w) for w in labels), default=1)     # room for the word ticks
    fig.update_layout(height=min(max(size, 300), 900), yaxis=dict(autorange="reversed"),
                      xaxis=dict(tickangle=-45))
    return _layout(fig, margin=dict(l=20 + word_px, r=20, t=30, b=20 + int(0.75 * word_px)))
