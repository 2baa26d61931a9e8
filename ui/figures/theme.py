"""One look for every figure: fonts, colours, the template, rich titles, presenter sizes.

Plain Python and Plotly (no Streamlit). Sizes are chosen for a projector at 1280 x 720;
``presenter`` raises them for the back row.
"""
from __future__ import annotations

import re

import plotly.graph_objects as go

from ui.safe import plot_label
from w2v_core.step.layers import LAYERS

FONT = dict(size=16)                 # every figure's text
TICK_FONT = dict(size=13)            # word ticks when there are many of them
TITLE_FONT = dict(size=18)
SMALL = "font-size:0.8em"            # a note's style under a title (presenter: full size)
PRESENTER_SIZES = dict(font=20, title=22, tick=18)   # presenter mode: at least 18 px
BASE, MARKED, OTHER = "#4c78a8", "#f58518", "#9e9e9e"     # bars; the true / chosen ones; rest
POSITIVE, NEGATIVE = "#b2182b", "#2166ac"
# negative blue, zero white, positive red (ColorBrewer RdBu, reversed; plotly.js has no "RdBu_r")
DIVERGING = [[0.0, "#2166ac"], [0.25, "#67a9cf"], [0.5, "#f7f7f7"], [0.75, "#ef8a62"],
             [1.0, "#b2182b"]]
# Okabe & Ito's colours, told apart by every colour vision: the output layers take them in
# the order they are registered.
CATEGORY_COLOURS = ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00", "#56B4E9")


def layer_colour(name: str) -> str:
    """The colour of an output layer in every figure (by its place in the registry)."""
    names = list(LAYERS)
    return CATEGORY_COLOURS[names.index(name) % len(CATEGORY_COLOURS)] if name in names else "#555555"
RULE_COLOURS = {"word2vec.c": "#d62728", "paper": "#1f77b4"}
GRID = dict(gridcolor="#e5e5e5", zerolinecolor="#444444", zerolinewidth=1.5)
# A small explicit template instead of Plotly's default (copying the default template is
# most of a small figure's cost, and Streamlit's theme restyles the chart anyway).
# No automargin anywhere: it makes Plotly lay a figure out twice, the largest part of a
# redraw in the browser; margins are set from the labels instead (parts.combine).
TEMPLATE = dict(layout=dict(plot_bgcolor="white", paper_bgcolor="white", xaxis=GRID, yaxis=GRID))
CHART_CONFIG = {"displayModeBar": False}

_SCRIPT = re.compile(r"([_^])\{([^{}]*)\}")


def rich(text: str) -> str:
    """A title or label for Plotly: the text escaped, then ``_{...}`` and ``^{...}`` written
    as real sub- and superscripts (so no raw "e_{c,j}" reaches the screen).

    >>> rich("e_{c,j} = y_{j} − t_{c,j}")
    'e<sub>c,j</sub> = y<sub>j</sub> − t<sub>c,j</sub>'
    >>> rich("<b>w</b>^{2}")
    '&lt;b&gt;w&lt;/b&gt;<sup>2</sup>'
    """
    text = plot_label(text)
    while True:                     # innermost first: "v_{w_{I}}" -> v<sub>w<sub>I</sub></sub>
        done = _SCRIPT.sub(lambda m: f"<{'sub' if m.group(1) == '_' else 'sup'}>{m.group(2)}"
                                     f"</{'sub' if m.group(1) == '_' else 'sup'}>", text)
        if done == text:
            return done
        text = done


LINE_PX = 24          # one line of FONT-size text under a title (presenter grows it)
TITLE_PX = 34         # the title line and the space above it
VALUE_MARGIN = 72     # left margin for a value axis's tick labels ("−0.0005"), no axis title
TITLED_MARGIN = 92    # ... with an axis title beside them


def keys(entries) -> str:
    """A legend as one line of text: a coloured square and the name of each (name, colour);
    for a title block's lines (no Plotly legend to collide with the title or the plot).

    >>> keys([("P_{n}", "#d62728")])
    "<span style='color:#d62728'>■</span> P<sub>n</sub>"
    """
    return "   ".join(f"<span style='color:{colour}'>■</span> {rich(name)}"
                      for name, colour in entries)


def key_lines(entries, per_line: int = 3) -> list[str]:
    """``keys`` of many entries, ``per_line`` to a line (long legends fit a phone's width)."""
    entries = list(entries)
    return [keys(entries[i:i + per_line]) for i in range(0, len(entries), per_line)]


def title_block(title: str, lines=()) -> tuple[dict, int]:
    """A title at the top left with ``lines`` under it (legend keys, a note on the words left
    out), as Plotly's title and subtitle, and the top margin (px) that holds them all."""
    lines = [line for line in lines if line]
    block = dict(text=rich(title), x=0, xanchor="left", yref="container", y=1, yanchor="top",
                 pad=dict(t=8), font=TITLE_FONT)
    if lines:
        block["subtitle"] = dict(text="<br>".join(lines), font=dict(size=FONT["size"]))
    return block, TITLE_PX + LINE_PX * len(lines) + 26


def figure(data: list[dict], title: str, height: int, lines=(), **layout) -> go.Figure:
    """A figure from plain trace / layout dicts, built without Plotly's per-property
    validation (a Step must redraw in milliseconds); tests validate every builder's output.
    The title may quote corpus words: it goes through ``rich``. With ``lines`` (legend
    ``keys``, notes) they stand under the title in place of Plotly's legend."""
    head, top = title_block(title, lines)
    base = dict(template=TEMPLATE, title=head if lines else dict(text=rich(title), x=0,
                                                                  font=TITLE_FONT),
                font=FONT, height=height, margin=dict(l=70, r=20, t=top if lines else 70, b=60),
                legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"))
    if lines:
        base["showlegend"] = False
    return go.Figure(data=data, layout={**base, **layout}, _validate=False)


def style(fig: go.Figure, title: str = "", **layout) -> go.Figure:
    """The theme on a figure built with Plotly's own constructors."""
    fig.update_layout(template=TEMPLATE, font=FONT,
                      title=dict(text=rich(title), x=0, font=TITLE_FONT) if title else None,
                      **layout)
    return fig


def presenter(fig: go.Figure) -> go.Figure:
    """Fonts for the back row: at least 18 px everywhere, margins grown to match (the figure
    is changed in place)."""
    sizes = PRESENTER_SIZES
    m = fig.layout.margin
    grow = sizes["font"] / FONT["size"]
    fig.update_layout(font=dict(size=sizes["font"]), title_font=dict(size=sizes["title"]),
                      margin=dict(l=(m.l or 0) * grow, r=(m.r or 0) * grow,
                                  b=(m.b or 0) * grow, t=(m.t or 0) * grow))
    if fig.layout.title.subtitle.text:
        fig.layout.title.subtitle.font.size = sizes["font"]
    fig.update_xaxes(tickfont=dict(size=sizes["tick"]))
    fig.update_yaxes(tickfont=dict(size=sizes["tick"]))
    for note in fig.layout.annotations or ():
        note.font = dict(size=max(sizes["tick"], (note.font.size or 0)))
        if note.text and SMALL in note.text:          # a note under a title: full size here
            note.text = note.text.replace(SMALL, "font-size:1em")
    for trace in fig.data:              # values on bars and cells, words beside points
        size = getattr(getattr(trace, "textfont", None), "size", None)
        if size is not None and not isinstance(size, (int, float)):
            size = None
        if size is not None and size < sizes["tick"]:
            trace.textfont.size = sizes["tick"]
    for control in (*(fig.layout.sliders or ()), *(fig.layout.updatemenus or ())):
        control.font.size = sizes["tick"]
    for slider in fig.layout.sliders or ():
        slider.currentvalue.font.size = sizes["font"]
    return fig
