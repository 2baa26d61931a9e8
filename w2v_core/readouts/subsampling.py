"""What subsampling does to a corpus: keep-probability curves, one seeded pass, instance counts.

The two rules of ``subsampling.py`` written as functions of the frequency f = count / T
alone (both depend on nothing else), so they can be drawn as curves:

- the paper:    P(keep) = min(1, sqrt(s / f));
- word2vec.c:   P(keep) = min(1, (sqrt(f / s) + 1) * s / f),  the rule training uses.

A seeded pass over the corpus draws exactly as ``Lab`` does in one epoch (generator
seeded by (seed, epoch, sentence); subsampling first, then the dynamic window), so its
counts are the lab's own.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..subsampling import subsample_sentence
from ..windows import draw_radii

RULE_NAMES = ("word2vec.c", "paper")


def keep_probability_at(freqs, sample: float, rule: str = "word2vec.c") -> np.ndarray:
    """P(keep) at frequencies f under ``rule``; 1 everywhere when ``sample`` = 0 (off).  # (G,)

    >>> keep_probability_at([0.9, 0.1], 0.1, "word2vec.c").round(4).tolist()   # as subsampling.py
    [0.4444, 1.0]
    >>> keep_probability_at([0.9, 0.1], 0.1, "paper").round(4).tolist()
    [0.3333, 1.0]
    """
    f = np.asarray(freqs, dtype=np.float64)                          # (G,)
    if rule not in RULE_NAMES:
        raise ValueError(f"rule must be one of {', '.join(RULE_NAMES)}; got {rule!r}")
    if not (np.isfinite(sample) and sample >= 0):
        raise ValueError(f"the subsampling threshold must be a number >= 0, got {sample!r}")
    s = float(sample)
    if s == 0:
        return np.ones_like(f)
    if rule == "paper":
        return np.minimum(1.0, np.sqrt(s / f))
    return np.minimum(1.0, (np.sqrt(f / s) + 1.0) * s / f)


def frequency_grid(freqs, points: int = 200, sample: float = 0.0) -> np.ndarray:
    """Log-spaced frequencies up to 1, from half the rarest word's or s / 10 if lower (so the
    curves show where they reach 1).  # (points,)

    >>> frequency_grid([0.5, 0.25], points=3).tolist()
    [0.125, 0.3535533905932738, 1.0]
    >>> float(frequency_grid([0.5, 0.25], points=3, sample=0.1)[0])
    0.01
    """
    low = float(np.min(freqs)) / 2
    if sample > 0:
        low = min(low, sample / 10)
    return np.geomspace(low, 1.0, points)


@dataclass(frozen=True)
class SentencePass:
    """One seeded pass of subsampling over an encoded sentence, with the draws it made."""

    keep_prob: np.ndarray   # (L,) P(keep) of each token's word
    draws: np.ndarray       # (L,) the uniform number drawn for each token
    kept_mask: np.ndarray   # (L,) True where the token was kept (draw < P(keep))
    kept: np.ndarray        # (L',) word indices kept, in order


def sentence_pass(ids, keep_prob, seed: int, sentence: int, epoch: int = 0) -> SentencePass:
    """Subsample one encoded sentence with the draws the lab makes for it in ``epoch``.

    The generator is seeded by (seed, epoch, sentence) as in ``Lab``; subsampling is its
    first use, one uniform draw per token, so ``draws`` are the numbers compared with P(keep).

    >>> p = sentence_pass(np.array([0, 1, 0]), np.array([0.0, 1.0]), 0, 0)
    >>> p.kept.tolist(), p.kept_mask.tolist()
    ([1], [False, True, False])
    """
    ids = np.asarray(ids, dtype=np.int64)                                     # (L,)
    keep_prob = np.asarray(keep_prob, dtype=np.float64)
    draws = np.random.default_rng([seed, epoch, sentence]).random(len(ids))   # (L,)
    sub = subsample_sentence(ids, keep_prob, np.random.default_rng([seed, epoch, sentence]))
    return SentencePass(keep_prob[ids], draws, sub.kept_mask, sub.kept)


@dataclass(frozen=True)
class CorpusPass:
    """One seeded pass over the corpus: what survives subsampling and what it trains on."""

    kept_counts: np.ndarray   # (V,) tokens of each word kept
    tokens: int               # tokens kept
    instances: int            # training instances (centres with at least one context word)
    pairs: int                # (centre, context) pairs = skip-gram predictions


def corpus_pass(encoded_ids, keep_prob, window: int, seed: int, epoch: int = 0) -> CorpusPass:
    """Subsample every sentence and cut it into instances, drawing exactly as ``Lab`` does.

    Counts what ``windows.sentence_instances`` would make without building the instances:
    the centre at position i with radius R has min(i, R) + min(L - 1 - i, R) context words.
    ``encoded_ids`` is a list of (L_s,) word-index arrays (``[ids for ids, _ in lab.encoded]``).

    >>> p = corpus_pass([np.array([0, 1, 0])], np.ones(2), window=1, seed=0)
    >>> p.kept_counts.tolist(), p.tokens, p.instances, p.pairs
    ([2, 1], 3, 3, 4)
    """
    keep_prob = np.asarray(keep_prob, dtype=np.float64)              # (V,)
    kept_counts = np.zeros(len(keep_prob), dtype=np.int64)            # (V,)
    instances = pairs = 0
    for s, ids in enumerate(encoded_ids):
        rng = np.random.default_rng([seed, epoch, s])
        kept = subsample_sentence(ids, keep_prob, rng).kept                         # (L,)
        kept_counts += np.bincount(kept, minlength=len(keep_prob))
        L = len(kept)
        radii = draw_radii(L, window, rng)     # the draws sentence_instances makes  # (L,)
        pos = np.arange(L)
        context = np.minimum(pos, radii) + np.minimum(L - 1 - pos, radii)          # (L,)
        instances += int(np.count_nonzero(context))
        pairs += int(context.sum())
    return CorpusPass(kept_counts, int(kept_counts.sum()), instances, pairs)


def expected_kept(counts, keep_prob) -> np.ndarray:
    """Expected tokens of each word after subsampling: count(w) * P(keep w).  # (V,)

    >>> expected_kept([90, 10], [0.5, 1.0]).tolist()
    [45.0, 10.0]
    """
    return np.asarray(counts, dtype=np.float64) * np.asarray(keep_prob, dtype=np.float64)


def top_share(counts, top: int = 5) -> float:
    """Share of the first ``top`` words (the most frequent: the vocabulary is sorted) of all tokens.

    >>> top_share([45.0, 10.0, 5.0], top=1)
    0.75
    """
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum()
    return float(counts[:top].sum() / total) if total > 0 else 0.0
