"""The class's votes on one question: one bar per option (A, B, C ...), the right one green
once revealed. Plain Plotly (no Streamlit)."""
from __future__ import annotations

import plotly.graph_objects as go

from ui.figures.theme import BASE, OTHER, figure, rich

RIGHT = "#2ca02c"
LETTERS = "ABCDEFGH"
LABEL_CHARS = 30          # an option's text on the axis is cut here (the buttons show it whole)
PHONE_LABEL_CHARS = 12    # ... on a student's phone, where the chart has the screen's width


def letter(i: int) -> str:
    return LETTERS[i]


def axis_label(i: int, option: str, chars: int = LABEL_CHARS) -> str:
    text = option if len(option) <= chars else option[:chars - 1] + "…"
    return f"{letter(i)}: {text}"


def votes_figure(options, counts, answer: int | None = None, height: int | None = None,
                 title: str = "", label_chars: int = LABEL_CHARS) -> go.Figure:
    """Horizontal bars, the first option on top, each with its count (and share); each
    option's text cut to ``label_chars`` on the axis."""
    total = max(1, sum(counts))
    labels = [rich(axis_label(i, o, label_chars)) for i, o in enumerate(options)]
    colours = [BASE if answer is None else (RIGHT if i == answer else OTHER)
               for i in range(len(options))]
    text = [f"{c} ({100 * c / total:.0f} %)" for c in counts]
    bar = dict(type="bar", orientation="h", x=list(counts), y=labels, marker=dict(color=colours),
               text=text, textposition="outside", cliponaxis=False, hoverinfo="skip")
    left = 30 + 9 * max((len(axis_label(i, o, label_chars)) for i, o in enumerate(options)),
                        default=4)
    return figure([bar], title, height or 60 + 48 * len(options),
                  margin=dict(l=left, r=90, t=40 if title else 10, b=30),
                  # the room between a label and the axis keeps "A: down" apart from a count
                  # drawn at zero ("0 (0 %)") on the axis's other side
                  yaxis=dict(autorange="reversed", type="category", ticklabelstandoff=10),
                  xaxis=dict(range=[0, max(1, max(counts, default=0)) * 1.15], dtick=max(1, total // 5)),
                  showlegend=False)
