"""Subsampling of frequent words (Mikolov et al. 2013, section 2.3; word2vec.c).

Two rules that differ, both shown by the app:
- the paper:    P(discard w) = 1 - sqrt(t / f(w)),  f(w) = count(w) / T;
- word2vec.c:   P(keep w) = (sqrt(count / (s T)) + 1) * (s T) / count,  s = ``sample``.
Training uses word2vec.c's rule. Both probabilities are clipped to [0, 1]; a
threshold of 0 turns subsampling off (every word kept). A threshold above 1 would keep every
word too (no frequency is above 1), so thresholds are numbers from 0 to 1.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _check_threshold(sample: float) -> float:
    if not (np.isfinite(sample) and 0 <= sample <= 1):
        raise ValueError(f"the subsampling threshold must be a number from 0 to 1, got {sample!r}")
    return float(sample)


def keep_probability_paper(counts, sample: float = 1e-3) -> np.ndarray:
    """P(keep w) = min(1, sqrt(t / f(w))), the paper's rule (1 - its discard probability).

    >>> keep_probability_paper([90, 10], sample=0.1).round(4).tolist()   # f = 0.9, 0.1
    [0.3333, 1.0]
    """
    counts = np.asarray(counts, dtype=np.float64)                  # (V,)
    if _check_threshold(sample) == 0:
        return np.ones_like(counts)
    return np.minimum(1.0, np.sqrt(sample / (counts / counts.sum())))


def discard_probability_paper(counts, sample: float = 1e-3) -> np.ndarray:
    """P(discard w) = max(0, 1 - sqrt(t / f(w))), as the paper writes it."""
    return 1.0 - keep_probability_paper(counts, sample)


def keep_probability_word2vec(counts, sample: float = 1e-3) -> np.ndarray:
    """P(keep w) = min(1, (sqrt(count / (s T)) + 1) * (s T) / count), word2vec.c's rule.

    >>> keep_probability_word2vec([90, 10], sample=0.1).round(4).tolist()   # s T = 10
    [0.4444, 1.0]
    """
    counts = np.asarray(counts, dtype=np.float64)                  # (V,)
    if _check_threshold(sample) == 0:
        return np.ones_like(counts)
    st = sample * counts.sum()
    return np.minimum(1.0, (np.sqrt(counts / st) + 1.0) * st / counts)


RULES = {"word2vec.c": keep_probability_word2vec, "paper": keep_probability_paper}


@dataclass(frozen=True)
class Subsampled:
    """One seeded pass over a sentence."""

    kept: np.ndarray        # (L',) word indices kept, in order
    kept_mask: np.ndarray   # (L,) bool, True where the token was kept
    dropped: np.ndarray     # (L - L',) positions (in the input) of the dropped tokens


def subsample_sentence(ids, keep_prob, rng: np.random.Generator) -> Subsampled:
    """Keep token i with probability keep_prob[ids[i]], one uniform draw per token.

    >>> s = subsample_sentence(np.array([0, 1, 0]), np.array([0.0, 1.0]), np.random.default_rng(0))
    >>> s.kept.tolist(), s.dropped.tolist()
    ([1], [0, 2])
    """
    ids = np.asarray(ids, dtype=np.int64)
    mask = rng.random(len(ids)) < np.asarray(keep_prob)[ids]        # (L,)
    return Subsampled(ids[mask], mask, np.flatnonzero(~mask))
