"""Training instances from a sentence, with word2vec.c's dynamic window.

For each centre position word2vec.c draws b uniformly from 0..window-1 and uses
radius R = window - b, so R is uniform on 1..window and near words are used more
often than far ones. The context is every position within R of the centre, inside
the sentence, except the centre itself. A centre with no context makes no instance.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Instance:
    """One training instance: a centre word and its context words."""

    center: int                 # word index of the centre word w_I (skip-gram) / w_O (CBOW)
    context: tuple[int, ...]    # word indices of the C context words, left to right
    position: int               # position of the centre in the sentence given
    context_positions: tuple[int, ...]
    radius: int                 # the drawn window radius R, 1..window (0: a pair, pairs.py)


def draw_radii(length: int, window: int, rng: np.random.Generator) -> np.ndarray:
    """R = window - b, b uniform on 0..window-1, one per position.  # (length,)"""
    if int(window) != window or window < 1:
        raise ValueError(f"window must be a whole number >= 1, got {window!r}")
    return window - rng.integers(0, window, size=length)


def sentence_instances(ids, window: int, rng: np.random.Generator) -> list[Instance]:
    """All instances of one encoded sentence, in order.

    >>> [(i.center, i.context) for i in sentence_instances([7, 8, 9], 1, np.random.default_rng(0))]
    [(7, (8,)), (8, (7, 9)), (9, (8,))]
    """
    ids = np.asarray(ids, dtype=np.int64)
    radii = draw_radii(len(ids), window, rng)
    out = []
    for pos, r in enumerate(radii.tolist()):
        ctx = [p for p in range(max(0, pos - r), min(len(ids), pos + r + 1)) if p != pos]
        if ctx:
            out.append(Instance(int(ids[pos]), tuple(int(ids[p]) for p in ctx), pos, tuple(ctx), r))
    return out


def skipgram_pairs(instance: Instance) -> list[tuple[int, int]]:
    """word2vec.c's skip-gram: one (input, output) pair per context word, the context
    word's input vector predicting the centre word.

    >>> skipgram_pairs(Instance(5, (1, 2), 1, (0, 2), 1))
    [(1, 5), (2, 5)]
    """
    return [(c, instance.center) for c in instance.context]
