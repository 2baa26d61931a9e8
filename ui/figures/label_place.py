"""Where to write the words of a scatter plot so that no two labels overlap: a greedy
placement in pixels (plain NumPy, no Plotly).

Each point tries its label above, below, right and left of its marker, in that order, and
takes the first place free of every label already placed; a point with no free place gets
no label (its word stays in the hover text). Points are placed in the order given (the
followed words first), so the words a student follows keep their labels.

The figures give both axes one scale and the same span (``square_ranges``), so a label's
place depends only on the pixels per unit of the plot; that is known but for the mode
(presenter margins are larger) and the screen (a phone's plot may be narrower than tall),
so ``place`` is given every scale the plot may be drawn at, and a place must be free at
all of them.

>>> place([[0.0, 0.0], [0.0, 0.0], [5.0, 5.0]], ["king", "queen", "man"], [32.0])
['top center', 'bottom center', 'top center']
"""
from __future__ import annotations

import numpy as np

POSITIONS = ("top center", "bottom center", "middle right", "middle left")
FONT_PX = 18           # labels measured at presenter size (the larger of the two)
MARKER_PX = 2          # from a point's centre to its label, at least (Plotly leaves 3 to 7
                       # px; counting less is the safe side: labels between two points meet)


def label_box(x: float, y: float, w: float, h: float, where: str) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a label of size w x h placed ``where`` of the point (x, y), y up."""
    r = MARKER_PX
    if where == "top center":
        return x - w / 2, y + r, x + w / 2, y + r + h
    if where == "bottom center":
        return x - w / 2, y - r - h, x + w / 2, y - r
    if where == "middle right":
        return x + r, y - h / 2, x + r + w, y + h / 2
    return x - r - w, y - h / 2, x - r, y + h / 2


def label_size(text: str) -> tuple[float, float]:
    """About the pixels a label takes at FONT_PX: 0.55 em per character, 1.35 em high."""
    return 0.55 * FONT_PX * len(text) + 4, 1.35 * FONT_PX


def square_ranges(xy, pad: float = 0.1) -> tuple[list[float], list[float]]:
    """x and y ranges of the same span (the larger data span, padded by ``pad`` of it on
    each side), each centred on its data.

    >>> square_ranges([[0.0, 0.0], [2.0, 1.0]], pad=0.0)
    ([0.0, 2.0], [-0.5, 1.5])
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    xy = xy[np.isfinite(xy).all(axis=1)]
    if not len(xy):
        return [-1.0, 1.0], [-1.0, 1.0]
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    half = max(float((hi - lo).max()), 1e-12) * (0.5 + pad)
    mid = (lo + hi) / 2
    return [float(mid[0] - half), float(mid[0] + half)], [float(mid[1] - half), float(mid[1] + half)]


def place(xy, labels, scales) -> list[str | None]:
    """A position (one of POSITIONS) for the label of each point of ``xy`` (M, 2), or None
    where no place is free at every one of ``scales`` (pixels per data unit)."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    boxes = [np.empty((0, 4)) for _ in scales]
    out: list[str | None] = []
    for (x, y), text in zip(xy.tolist(), labels):
        w, h = label_size(text)
        chosen = None
        if np.isfinite(x) and np.isfinite(y):
            for where in POSITIONS:
                tries = [label_box(x * k, y * k, w, h, where) for k in scales]
                if not any(((b[:, 0] < t[2]) & (b[:, 2] > t[0]) & (b[:, 1] < t[3]) &
                            (b[:, 3] > t[1])).any() for b, t in zip(boxes, tries)):
                    chosen = where
                    boxes = [np.vstack([b, t]) for b, t in zip(boxes, tries)]
                    break
        out.append(chosen)
    return out
