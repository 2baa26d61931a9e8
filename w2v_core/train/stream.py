"""The corpus and each epoch's random draws for ``trainer.train``, vectorised (float32 ids).

The mini-batch twins of the exact engine's stream (``lab.Lab`` and ``windows.py``):
``encode_corpus`` mirrors ``Vocabulary.encode``; ``draw_epoch`` draws word2vec.c's
subsampling (``subsampling.subsample_sentence``) and each kept word's radius
(``windows.draw_radii``) for the whole corpus at once; ``window_pairs`` lists the
(centre, context) pairs ``windows.sentence_instances`` makes; ``AliasSampler`` draws from
``NoiseDistribution``'s P_n in O(1) per sample.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..noise import REDRAW_ROUNDS, NoiseDistribution
from ..text import Vocabulary
from ..windows import draw_radii

REAL = np.float32                       # word2vec.c's `real`
INDEX = np.int32
MAX_SENTENCE_WORDS = 10_000             # longer sentences are cut, as gensim does


# ---- the corpus, once -----------------------------------------------------------------
@dataclass(frozen=True)
class Corpus:
    """The corpus encoded once: in-vocabulary word indices and the sentence of each.

    Out-of-vocabulary tokens are removed before windows are made (as word2vec.c does), so a
    window can span them. Sentences longer than ``MAX_SENTENCE_WORDS`` are cut.

    >>> v = Vocabulary.from_sentences([["a", "b", "a"]])
    >>> c = encode_corpus([["a", "x", "b"], ["b"]], v)
    >>> c.ids.tolist(), c.sentence.tolist()
    ([0, 1, 1], [0, 0, 1])
    """

    ids: np.ndarray          # (T,) int32 word indices
    sentence: np.ndarray     # (T,) int32 sentence number of each token

    @property
    def total(self) -> int:
        """T, the number of in-vocabulary tokens (words per epoch)."""
        return len(self.ids)


def encode_corpus(sentences, vocab: Vocabulary) -> Corpus:
    """Encode token lists into one int32 array with sentence numbers.  # (T,), (T,)"""
    index = vocab.index
    ids, lengths = [], []
    for sentence in sentences:
        encoded = [index[w] for w in sentence if w in index]
        for start in range(0, len(encoded), MAX_SENTENCE_WORDS):
            piece = encoded[start:start + MAX_SENTENCE_WORDS]
            ids.extend(piece)
            lengths.append(len(piece))
    ids = np.array(ids, dtype=INDEX)
    sentence = np.repeat(np.arange(len(lengths), dtype=INDEX), lengths)
    return Corpus(ids, sentence)


# ---- one epoch's random draws ---------------------------------------------------------
@dataclass(frozen=True)
class EpochDraw:
    """The tokens an epoch trains on (subsampling applied) and their window radii."""

    ids: np.ndarray          # (T',) int32 kept word indices
    sentence: np.ndarray     # (T',) int32 their sentence numbers
    position: np.ndarray     # (T',) int64 their positions among the T tokens (for progress)
    radius: np.ndarray       # (T',) int32 R, uniform on 1..window


def draw_epoch(corpus: Corpus, keep_prob: np.ndarray, window: int,
               rng: np.random.Generator) -> EpochDraw:
    """Subsample every token at once (word2vec.c's keep rule), then draw each kept token's R.

    Dropped tokens are removed before windows are made, as in word2vec.c, so windows
    reach further in text full of frequent words.
    """
    keep = rng.random(corpus.total) < keep_prob[corpus.ids]                  # (T,)
    position = np.flatnonzero(keep)                                          # (T',)
    radius = draw_radii(len(position), window, rng).astype(INDEX)              # (T',)
    return EpochDraw(corpus.ids[position], corpus.sentence[position], position, radius)


def window_pairs(sentence: np.ndarray, radius: np.ndarray, lo: int, hi: int,
                 window: int) -> tuple[np.ndarray, np.ndarray]:
    """(centre, context) positions for the centres lo..hi-1, centre by centre, contexts left to
    right: every context within the centre's radius R and in its sentence. ``sentence`` holds
    nondecreasing sentence ids (the corpus order), so each sentence is one run found by bisection.

    >>> c, x = window_pairs(np.array([0, 0, 0, 1]), np.array([1, 2, 1, 1]), 0, 4, 2)
    >>> list(zip(c.tolist(), x.tolist()))
    [(0, 1), (1, 0), (1, 2), (2, 1)]
    """
    centres = np.arange(lo, hi)                                              # (n,)
    R = np.minimum(radius[lo:hi], window)                                    # (n,)
    sent = sentence[lo:hi]
    first = np.searchsorted(sentence, sent, side="left")                     # (n,) its sentence
    stop = np.searchsorted(sentence, sent, side="right")                     # (n,) [first, stop)
    left = np.maximum(centres - R, first)                                    # (n,) first context
    right = np.minimum(centres + R + 1, stop)                                # (n,) past the last
    count = right - left - 1                                                 # (n,) contexts each
    starts = np.cumsum(count) - count                                        # (n,) in the output
    centre = np.repeat(centres, count)                                       # (M,)
    context = np.arange(len(centre)) + np.repeat(left - starts, count)       # (M,) left to right
    context += context >= centre                                             # skip the centre
    return centre, context


def spread_order(P: int, batch: int) -> tuple[np.ndarray, np.ndarray]:
    """An order of P predictions in which mini-batch k takes predictions k, k + n, k + 2n, ...
    (n batches of at most ``batch``), and the batches' bounds in that order. The predictions
    of one batch come from all over the chunk instead of from neighbouring centres, whose
    windows share words, so a batch rarely meets a row twice.

    >>> order, bounds = spread_order(7, 3)     # n = 3 batches: [0, 3, 6], [1, 4], [2, 5]
    >>> order.tolist(), bounds.tolist()
    ([0, 3, 6, 1, 4, 2, 5], [0, 3, 5, 7])
    """
    n = -(-P // batch)
    sizes = np.bincount(np.arange(P) % n, minlength=n)                        # (n,)
    return np.argsort(np.arange(P) % n, kind="stable"), np.concatenate([[0], np.cumsum(sizes)])


def ragged_take(indptr: np.ndarray, values: np.ndarray, order: np.ndarray):
    """Reorder a ragged array (row r is values[indptr[r]:indptr[r+1]]) by ``order``.

    >>> p, v = ragged_take(np.array([0, 2, 3]), np.array([7, 8, 9]), np.array([1, 0]))
    >>> p.tolist(), v.tolist()
    ([0, 1, 3], [9, 7, 8])
    """
    lengths = np.diff(indptr)[order]                                         # (P,)
    new_indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(INDEX)     # (P+1,)
    flat = np.repeat(indptr[:-1][order] - new_indptr[:-1], lengths) + np.arange(new_indptr[-1])
    return new_indptr, values[flat]


# ---- negatives ------------------------------------------------------------------------
class AliasSampler:
    """Walker's alias table for P_n of a ``NoiseDistribution``: the same distribution,
    drawn in O(1) per sample (a binary search per draw is ~10x slower for V ~ 10^4).

    >>> s = AliasSampler(NoiseDistribution([3, 1], power=1.0))
    >>> s.sample(100_000, np.random.default_rng(0)).mean().round(2)   # P(1) = 1/4
    np.float64(0.25)
    """

    def __init__(self, noise: NoiseDistribution):
        self.noise = noise
        p = np.asarray(noise.probs, dtype=np.float64) * len(noise.probs)      # (V,) mean 1
        V = len(p)
        self.accept = np.ones(V)                                             # (V,)
        self.alias = np.arange(V, dtype=INDEX)                               # (V,)
        small = [i for i in range(V) if p[i] < 1.0]
        large = [i for i in range(V) if p[i] >= 1.0]
        while small and large:
            s, g = small.pop(), large[-1]
            self.accept[s], self.alias[s] = p[s], g
            p[g] -= 1.0 - p[s]
            if p[g] < 1.0:
                small.append(large.pop())
        # what is left has p == 1 up to rounding: always accepted (accept stays 1)

    def sample(self, shape, rng: np.random.Generator) -> np.ndarray:
        """Independent draws from P_n.  # shape, int32"""
        column = rng.integers(0, len(self.alias), size=shape, dtype=INDEX)
        return np.where(rng.random(shape) < self.accept[column], column, self.alias[column])

    def negatives(self, positives: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
        """k negatives per positive; a draw equal to its positive is redrawn, at most
        ``REDRAW_ROUNDS`` times, then drawn without it (as ``NoiseDistribution.draw``).
        # (P, k) int32"""
        neg = self.sample((len(positives), k), rng)                          # (P, k)
        hit = neg == positives[:, None]
        for _ in range(REDRAW_ROUNDS):
            if not hit.any():
                return neg
            neg[hit] = self.sample(int(hit.sum()), rng)
            hit = neg == positives[:, None]
        if hit.any():
            excluded = np.broadcast_to(positives[:, None], neg.shape)[hit]
            neg[hit] = self.noise.sample_excluding(excluded, rng)
        return neg
