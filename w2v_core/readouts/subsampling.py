"""What subsampling does to a corpus, for the Subsampling page and the Corpus lab's tab:
keep-probability curves, one seeded pass over a sentence, the effect on the whole corpus.

The probabilities come from ``subsampling.keep_probability`` (the one home of both rules).
A seeded pass draws exactly as ``Lab`` does in one epoch (generator seeded by (seed, epoch,
sentence); subsampling first, then the dynamic window), so its counts are the lab's own.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..subsampling import RULE_NAMES, RULES, keep_probability, keep_probability_word2vec
from ..subsampling import subsample_sentence
from ..windows import draw_radii


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


def keep_curves(grid, sample: float) -> dict[str, np.ndarray]:
    """P(keep) over the frequency grid under each rule.  rule -> (G,)"""
    return {rule: keep_probability(grid, sample, rule) for rule in RULE_NAMES}


def word_keep(counts, sample: float) -> dict[str, np.ndarray]:
    """P(keep w) of every vocabulary word under each rule.  rule -> (V,)"""
    return {rule: RULES[rule](counts, sample) for rule in RULE_NAMES}


@dataclass(frozen=True)
class SentencePass:
    """One seeded pass of word2vec.c's subsampling over a sentence, token by token."""

    tokens: list[str]
    keep_prob: np.ndarray    # (L,) P(keep) of each token's word; nan when not in the vocabulary
    draws: np.ndarray        # (L,) the uniform number compared with it; nan when not in it
    kept: np.ndarray         # (L,) bool; False for dropped and out-of-vocabulary tokens
    in_vocab: np.ndarray     # (L,) bool

    def part(self, start: int, stop: int) -> "SentencePass":
        """Tokens start..stop-1 of the pass (a view of a long sentence; the draws stay those
        of the whole sentence)."""
        cut = slice(start, stop)
        return SentencePass(self.tokens[cut], self.keep_prob[cut], self.draws[cut],
                            self.kept[cut], self.in_vocab[cut])


def sentence_pass(lab, s: int, sample: float, seed: int, epoch: int = 0) -> SentencePass:
    """Sentence s of the lab under one pass of word2vec.c's rule with threshold ``sample``.

    The generator is seeded by (seed, epoch, s) as in ``Lab``; subsampling is its first use,
    one uniform draw per in-vocabulary token, so with the lab's own seed and sample this is
    exactly what training drops in that epoch.
    """
    tokens = lab.sentences[s]
    ids, pos = lab.encoded[s]                                                 # (L',), (L',)
    keep = keep_probability_word2vec(lab.vocab.counts, sample)                # (V,)
    draws = np.random.default_rng([seed, epoch, s]).random(len(ids))          # (L',)
    sub = subsample_sentence(ids, keep, np.random.default_rng([seed, epoch, s]))
    L = len(tokens)
    keep_prob, drawn = np.full(L, np.nan), np.full(L, np.nan)                 # (L,)
    keep_prob[pos], drawn[pos] = keep[ids], draws
    kept, in_vocab = np.zeros(L, dtype=bool), np.zeros(L, dtype=bool)         # (L,)
    kept[pos[sub.kept_mask]] = True
    in_vocab[pos] = True
    return SentencePass(list(tokens), keep_prob, drawn, kept, in_vocab)


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


@dataclass(frozen=True)
class Extremes:
    """What word2vec.c's rule does at one threshold, at both ends of the vocabulary."""

    sample: float
    frequent: str            # the most frequent word and its keep probability
    keep_frequent: float
    rare: str                # the rarest word (last in word2vec.c's order) and its
    keep_rare: float
    kept: float              # share of the corpus's tokens kept on average


def keep_extremes(words, counts, sample: float) -> Extremes:
    """The keep probabilities of the most frequent and the rarest word at ``sample``.

    >>> e = keep_extremes(["the", "cat"], [90, 10], 0.05); (e.frequent, round(e.keep_frequent, 3), e.keep_rare)
    ('the', 0.291, 1.0)
    """
    counts = np.asarray(counts, dtype=np.float64)
    keep = np.minimum(keep_probability_word2vec(counts, sample), 1.0)        # (V,)
    return Extremes(sample, words[0], float(keep[0]), words[-1], float(keep[-1]),
                    float(keep @ counts / counts.sum()))


def suggested_sample(counts, steps) -> float | None:
    """The smallest threshold of ``steps`` at which word2vec.c keeps every token of the rarest
    words and drops some of the most frequent one's: "frequent words go, rare words stay" is
    visible there (None when no step does both)."""
    counts = np.asarray(counts, dtype=np.float64)
    for s in steps:
        keep = keep_probability_word2vec(counts, s) if s > 0 else None
        if keep is not None and keep[-1] >= 1.0 and keep[0] < 1.0:
            return float(s)
    return None
