"""Which of V entries a figure draws, and what it says about the rest.

Up to ``LIMIT`` entries (about 40 words fit across a 1280-px screen) every entry is drawn.
Above it a figure draws what the student needs: the entries it must show (the true words,
the input words, ...) and then the largest by a score (|e|, y, |change|, ...), and it
summarises the rest in one line: how many there are, and the largest score among them. The
summary is computed here, from the full arrays, so it is exact.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LIMIT = 40


@dataclass(frozen=True)
class Focus:
    """The entries drawn (ascending) and a summary of the others."""

    shown: np.ndarray        # (S,) indices drawn, ascending
    total: int               # how many entries there are in all
    rest_max: float          # the largest score among those not drawn (nan: none left out)
    rest_argmax: int         # its index (-1: none left out)

    @property
    def rest(self) -> int:
        """How many entries are not drawn."""
        return self.total - len(self.shown)

    @property
    def complete(self) -> bool:
        return self.rest == 0


def focus(score, keep=(), limit: int = LIMIT) -> Focus:
    """Every index when there are at most ``limit``; else ``keep`` and the largest ``score``
    (NaN and inf count as the largest: a blow-up is always shown), ``limit`` in all or
    ``len(keep)`` when more must be kept.

    >>> f = focus(np.array([0.1, 0.9, 0.3, 0.5]), keep=[0], limit=3)
    >>> f.shown.tolist(), f.rest, f.rest_max, f.rest_argmax
    ([0, 1, 3], 1, 0.3, 2)
    >>> focus(np.ones(3)).complete
    True
    """
    score = np.asarray(score, dtype=np.float64).reshape(-1)                 # (V,)
    V = len(score)
    if V <= limit:
        return Focus(np.arange(V), V, float("nan"), -1)
    keep = np.unique(np.asarray(list(keep), dtype=np.int64))
    big = np.finfo(np.float64).max
    rank = np.where(np.isfinite(score), score, big)          # (V,) NaN / inf: right after keep
    rank[keep] = np.inf                                                     # kept: first
    n = max(limit, len(keep))
    shown = np.argpartition(-rank, n - 1)[:n]                               # the n largest
    rest = np.ones(V, dtype=bool)
    rest[shown] = False
    if not rest.any():
        return Focus(shown, V, float("nan"), -1)
    others = np.flatnonzero(rest)
    j = int(others[np.argmax(rank[others])])
    return Focus(np.sort(shown), V, float(score[j]), j)


def focus_rows(M, keep=(), limit: int = LIMIT) -> Focus:
    """``focus`` over the rows of a matrix M (R, N), scored by each row's largest |entry|.

    >>> focus_rows(np.array([[1.0, -3.0], [0.5, 0.0], [2.0, 2.0]]), limit=2).shown.tolist()
    [0, 2]
    """
    M = np.asarray(M, dtype=np.float64)
    score = np.abs(M).max(axis=1) if M.size else np.zeros(len(M))          # (R,)
    return focus(score, keep, limit)
