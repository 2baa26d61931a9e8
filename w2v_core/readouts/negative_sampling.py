"""Read-outs of the Negative sampling page: the samples of a step as a table, the noise
distribution's lift over the unigram, many seeded draws against P_n (Rong section 3.2)."""
from __future__ import annotations

import numpy as np

from ..noise import NoiseDistribution, noise_probabilities
from ..step.trace import StepTrace


def ns_rows(trace: StepTrace) -> dict[str, np.ndarray]:
    """The samples of an NS step as table columns, one row per (prediction, sample).

    Columns: ``prediction`` (word predicted), ``sample`` (0 = the positive w_O, then the
    negatives 1..k), ``word``, ``t``, ``x`` = v'_j . h, ``sigma`` and ``err`` = sigma - t
    (Rong eq. 57), each (P * (k + 1),).

    >>> from w2v_core import Vocabulary, Word2Vec
    >>> m = Word2Vec(Vocabulary(["a", "b"], np.array([2, 1])), dim=2, output="ns", negative=1,
    ...              init="word2vec")
    >>> r = ns_rows(m.step(0, [1], lr=0.0))
    >>> r["word"].tolist(), r["t"].tolist(), r["err"].tolist()    # W' = 0: sigma = 1/2
    ([1, 0], [1.0, 0.0], [-0.5, 0.5])
    """
    out = trace.out
    P, S = out.samples.shape                                                   # (P, k+1)
    return {"prediction": np.repeat(trace.targets, S), "sample": np.tile(np.arange(S), P),
            "word": out.samples.ravel(), "t": out.t.ravel(), "x": out.x.ravel(),
            "sigma": out.sigma.ravel(), "err": out.sample_err.ravel()}


def noise_lift(counts, power: float) -> np.ndarray:
    """P_n(w) / unigram(w): how much the power lifts (> 1) or damps (< 1) each word.  # (V,)

    >>> noise_lift([16, 1], 0.75).round(3).tolist()     # (8/9) / (16/17), (1/9) / (1/17)
    [0.944, 1.889]
    """
    return noise_probabilities(counts, power) / noise_probabilities(counts, 1.0)


def empirical_distribution(noise: NoiseDistribution, n: int, seed: int) -> np.ndarray:
    """Share of each word among ``n`` seeded draws from P_n (no positive excluded).  # (V,)

    >>> nd = NoiseDistribution([1, 1], power=1.0)
    >>> bool(abs(empirical_distribution(nd, 10_000, 0)[0] - 0.5) < 0.02)
    True
    """
    if int(n) != n or n < 1:
        raise ValueError(f"the number of draws must be a whole number >= 1, got {n!r}")
    draws = noise.sample(int(n), np.random.default_rng(seed))                  # (n,)
    return np.bincount(draws, minlength=len(noise.probs)) / n                  # (V,)


def total_variation(p, q) -> float:
    """Total variation distance (1/2) sum |p - q| between two distributions, in [0, 1].

    >>> total_variation([0.5, 0.5], [1.0, 0.0])
    0.5
    """
    return float(0.5 * np.abs(np.asarray(p, dtype=np.float64) - np.asarray(q)).sum())
