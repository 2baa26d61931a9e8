"""Subsampling of frequent words (Mikolov et al. 2013, section 2.3; word2vec.c).

Two rules that differ, both shown by the app (``keep_probability``):
- the paper:    P(discard w) = 1 - sqrt(t / f(w)),  f(w) = count(w) / T;
- word2vec.c:   P(keep w) = (sqrt(count / (s T)) + 1) * (s T) / count,  s = ``sample``,
  which is (sqrt(f / s) + 1) * s / f.
Training uses word2vec.c's rule. Both probabilities are clipped to [0, 1]; a
threshold of 0 turns subsampling off (every word kept). A threshold above 1 would keep every
word too (no frequency is above 1), so thresholds are numbers from 0 to 1.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


RULE_NAMES = ("word2vec.c", "paper")
TRAINING_RULE = "word2vec.c"       # the rule the lab and the fast trainer use


def keep_probability(f, sample: float, rule: str = "word2vec.c") -> np.ndarray:
    """P(keep) of a word with frequency f = count / T under ``rule``; 1 when ``sample`` = 0.

    Both rules depend on a word only through f (the one home of both equations):
    the paper:    P(keep) = min(1, sqrt(s / f))                  (1 - its P(discard));
    word2vec.c:   P(keep) = min(1, (sqrt(f / s) + 1) * s / f)    (the rule training uses).

    >>> keep_probability([0.9, 0.1], 0.1).round(4).tolist()
    [0.4444, 1.0]
    >>> keep_probability([0.9, 0.1], 0.1, "paper").round(4).tolist()
    [0.3333, 1.0]
    """
    f = np.asarray(f, dtype=np.float64)                              # (G,)
    if rule not in RULE_NAMES:
        raise ValueError(f"rule must be one of {', '.join(RULE_NAMES)}; got {rule!r}")
    if not (np.isfinite(sample) and 0 <= sample <= 1):      # above 1 keeps every word anyway
        raise ValueError(f"the subsampling threshold must be a number from 0 to 1, got {sample!r}")
    s = float(sample)
    if s == 0:
        return np.ones_like(f)
    if rule == "paper":
        return np.minimum(1.0, np.sqrt(s / f))
    return np.minimum(1.0, (np.sqrt(f / s) + 1.0) * s / f)


def keep_probability_paper(counts, sample: float = 1e-3) -> np.ndarray:
    """The paper's P(keep w) for every word of a vocabulary with these counts.  # (V,)

    >>> keep_probability_paper([90, 10], sample=0.1).round(4).tolist()   # f = 0.9, 0.1
    [0.3333, 1.0]
    """
    counts = np.asarray(counts, dtype=np.float64)
    return keep_probability(counts / counts.sum(), sample, "paper")


def discard_probability_paper(counts, sample: float = 1e-3) -> np.ndarray:
    """P(discard w) = max(0, 1 - sqrt(t / f(w))), as the paper writes it."""
    return 1.0 - keep_probability_paper(counts, sample)


def keep_probability_word2vec(counts, sample: float = 1e-3) -> np.ndarray:
    """word2vec.c's P(keep w) for every word of a vocabulary with these counts.  # (V,)

    >>> keep_probability_word2vec([90, 10], sample=0.1).round(4).tolist()   # s T = 10
    [0.4444, 1.0]
    """
    counts = np.asarray(counts, dtype=np.float64)
    return keep_probability(counts / counts.sum(), sample, "word2vec.c")


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
