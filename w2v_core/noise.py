"""The noise distribution of negative sampling (Rong section 3.2, eqs. 55-61).

P_n(w) = count(w)^power / sum_w' count(w')^power, power 0.75 by default (Mikolov et al.
2013): it lifts rare words and damps frequent ones relative to the plain unigram
(power 1); power 0 is uniform. Draws are seeded; every prediction gets exactly k
negatives, each different from its positive word: a draw that hits the positive
is redrawn (word2vec.c instead skips it, leaving fewer than k). Redrawing stops after
``REDRAW_ROUNDS`` rounds: what still hits its positive then is drawn from P_n without the
positive directly (the same distribution the redraws sample, so the loop has a bound
even when the positive holds nearly all the mass).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REDRAW_ROUNDS = 32                # then draw from P_n without the positive directly


def noise_probabilities(counts, power: float = 0.75) -> np.ndarray:
    """P_n(w) = count^power / sum count^power.

    >>> noise_probabilities([16, 1], power=0.75).round(4).tolist()   # 8 : 1
    [0.8889, 0.1111]
    """
    if not np.isfinite(power):
        raise ValueError(f"the noise power must be a finite number, got {power!r}")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        weights = np.asarray(counts, dtype=np.float64) ** power  # (V,)
        total = weights.sum()
    if not (np.isfinite(total) and total > 0 and np.isfinite(weights).all()):
        raise ValueError(f"the noise power {power:g} is out of range: count^power is not a "
                         "finite number for these counts (word2vec uses 0.75)")
    return weights / total


@dataclass(frozen=True)
class NegativeDraw:
    """k negatives for each of P predictions, and the draws rejected because they hit the positive."""

    negatives: np.ndarray          # (P, k) word indices
    rejected: list[list[int]]      # per prediction, the rejected draws in the order drawn


class NoiseDistribution:
    """Seeded sampler from P_n.

    >>> nd = NoiseDistribution([3, 2, 1], power=0.75)
    >>> d = nd.draw(np.array([0]), k=4, rng=np.random.default_rng(0))
    >>> d.negatives.shape, bool((d.negatives != 0).all())
    ((1, 4), True)
    """

    def __init__(self, counts, power: float = 0.75):
        self.power = float(power)
        self.probs = noise_probabilities(counts, self.power)       # (V,)
        self.cdf = np.cumsum(self.probs)                           # (V,)
        self.cdf[-1] = 1.0

    def sample(self, shape, rng: np.random.Generator) -> np.ndarray:
        """Independent draws from P_n (inverse-CDF on uniform numbers)."""
        return np.searchsorted(self.cdf, rng.random(shape), side="right").astype(np.int64)

    def draw(self, positives, k: int, rng: np.random.Generator) -> NegativeDraw:
        """k negatives per positive word, redrawing any draw equal to that positive."""
        positives = np.asarray(positives, dtype=np.int64).reshape(-1)      # (P,)
        if k < 1:
            raise ValueError(f"the number of negatives k must be at least 1, got {k}")
        if len(self.probs) < 2:
            raise ValueError("negative sampling needs at least 2 words in the vocabulary")
        if np.any(self.probs[positives] >= 1.0):
            raise ValueError("the noise distribution puts all its mass on the positive word")
        neg = self.sample((len(positives), k), rng)                        # (P, k)
        rejected: list[list[int]] = [[] for _ in positives]
        hit = neg == positives[:, None]
        for _ in range(REDRAW_ROUNDS):
            if not hit.any():
                break
            for p, _ in zip(*np.nonzero(hit)):
                rejected[p].append(int(positives[p]))
            neg[hit] = self.sample(int(hit.sum()), rng)
            hit = neg == positives[:, None]
        if hit.any():
            for p, _ in zip(*np.nonzero(hit)):
                rejected[p].append(int(positives[p]))
            neg[hit] = self.sample_excluding(np.broadcast_to(positives[:, None], neg.shape)[hit],
                                             rng)
        return NegativeDraw(neg, rejected)

    def sample_excluding(self, excluded, rng: np.random.Generator) -> np.ndarray:
        """One draw from P_n conditioned on "not excluded[i]" for each i, in one pass: a
        uniform number on [0, 1 - p(excluded)) skips the excluded word's stretch of the CDF.

        >>> nd = NoiseDistribution([1, 1, 1], power=1.0)
        >>> bool((nd.sample_excluding(np.zeros(50, dtype=int), np.random.default_rng(0)) != 0).all())
        True
        """
        excluded = np.asarray(excluded, dtype=np.int64)                      # (n,)
        p = self.probs[excluded]                                             # (n,)
        start = self.cdf[excluded] - p                                       # (n,) its stretch
        u = rng.random(len(excluded)) * (1.0 - p)
        u = np.minimum(u + p * (u >= start), np.nextafter(1.0, 0.0))
        out = np.searchsorted(self.cdf, u, side="right").astype(np.int64)    # (n,)
        still = out == excluded               # only by rounding at a stretch's edge
        if still.any():
            others = np.argsort(-self.probs, kind="stable")[:2]              # the two likeliest
            out[still] = np.where(others[0] == excluded[still], others[1], others[0])
        return out
