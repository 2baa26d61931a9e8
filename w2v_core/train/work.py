"""The work a training run does, estimated before it starts, so that a shared server can
refuse a run that would hold a core for hours and say which setting to lower.

What is counted, as ``sequential.py`` (and the mini-batches) do it:

- a centre has R context words on each side, R uniform on 1..window, cut at its sentence's
  ends, in the sentence as subsampling leaves it (``pairs_of``, averaged over how many of
  its words subsampling keeps, ``kept_sentences``);
- skip-gram makes one prediction per (centre, context) pair with C = 1 input row; CBOW one
  per centre with C = its context words;
- a prediction scores E output rows: E = k + 1 (negative sampling), the mean Huffman code
  length (hierarchical softmax), V (full softmax);
- one prediction costs (2 C + 3 E) N multiply-adds on coordinates: h from the C input rows
  (C N), for each output row x = v'.h, EH += err v' and the update of v' (3 E N), and the
  update of the C input rows (C N).

CPU seconds = multiply-adds / rate + a fixed time per output entry (sigma's exponential and
logarithm, the index work), per pair (windows, negatives drawn in NumPy) and per corpus word
(each epoch's draws). ``SPEEDS`` holds these for each way of running a prediction, fitted on
the development machine with one BLAS thread (2026-12-06, thread CPU time of 40 runs each,
N 2..300, window 1..10, k 1..20, sample 0 and 1e-3, V 155..312): measured / estimated was
0.8..1.7 for the compiled loop; for full softmax the constants lean high, 0.4..1.2.
``tests/test_training_budgets.py`` holds the counted predictions to the trainer's own count.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln, xlog1py, xlogy

from .twins import twin_for
from .config import TrainConfig
from ..subsampling import keep_probability_word2vec


@dataclass(frozen=True)
class Speed:
    """How fast one core runs one way of training (seconds per unit of each kind)."""

    multiply_adds: float     # per second
    entry: float             # seconds per output entry scored, beyond its multiply-adds
    pair: float              # seconds per (centre, context) pair
    word: float              # seconds per corpus word an epoch


SPEEDS = {"compiled": Speed(1.2e10, 45e-9, 25e-9, 40e-9),      # sequential.py, NS and HS
          "every-row mini-batch": Speed(2.5e10, 18e-9, 0.0, 240e-9),   # full softmax
          "mini-batch": Speed(5.0e9, 55e-9, 150e-9, 1.1e-6)}   # NS and HS without numba


@dataclass(frozen=True)
class Work:
    """The estimated work of a whole run (all epochs)."""

    words: int               # corpus words, epochs x T
    predictions: float       # skip-gram pairs or CBOW centres
    multiply_adds: float
    seconds: float           # CPU seconds of one core


def pairs_of(n, window: int):
    """The (centre, context) pairs of a sentence of n words, averaged over R uniform on
    1..window: a radius R gives m (2n - m - 1) pairs, m = min(R, n - 1).

    >>> pairs_of(np.array([3, 3]), 1).tolist(), pairs_of(np.array([0, 1, 3, 1000]), 2).tolist()
    ([4.0, 4.0], [0.0, 0.0, 5.0, 2996.0])
    """
    n = np.asarray(n, dtype=np.float64)
    a = np.clip(np.minimum(window, n - 1), 0, None)                     # radii below n - 1
    below = (2 * n - 1) * a * (a + 1) / 2 - a * (a + 1) * (2 * a + 1) / 6
    beyond = (window - a) * np.maximum(n - 1, 0) * n                    # m = n - 1
    return (below + beyond) / window


def kept_sentences(lengths, kept):
    """(every kept length k of every sentence, its probability): a sentence of L words of
    which ``kept`` are kept on average keeps k ~ Binomial(L, kept / L) of them. Windows cut at
    the ends of short sentences, so the spread of k matters, not just its mean. O(T)."""
    L = np.asarray(lengths, dtype=np.int64)
    p = np.clip(np.asarray(kept, dtype=np.float64) / np.maximum(L, 1), 0.0, 1.0)
    k = np.arange(int((L + 1).sum())) - np.repeat(np.cumsum(L + 1) - (L + 1), L + 1)
    Lr, pr = np.repeat(L, L + 1), np.repeat(p, L + 1)
    log_pmf = (gammaln(Lr + 1) - gammaln(k + 1) - gammaln(Lr - k + 1) + xlogy(k, pr)
               + xlog1py(Lr - k, -pr))
    return k, np.exp(log_pmf)


def output_entries(cfg: TrainConfig, counts) -> float:
    """E, the output rows one prediction scores: k + 1, the mean Huffman code length, or V
    (the layer's twin says)."""
    return twin_for(cfg.output).entries(counts, cfg.negative)


def speed_of(cfg: TrainConfig) -> Speed:
    return SPEEDS["compiled" if cfg.compiled else twin_for(cfg.output).speed]


def estimate(cfg: TrainConfig, counts, corpus) -> Work:
    """The work of training ``cfg`` on an encoded ``corpus`` (``stream.Corpus``: word ids and
    sentence numbers) whose vocabulary has these ``counts``.

    >>> from w2v_core.train.stream import Corpus
    >>> one = Corpus(np.array([0, 1, 0, 1]), np.zeros(4, dtype=int))
    >>> w = estimate(TrainConfig(arch="skipgram", dim=10, window=1, sample=0), [2, 2], one)
    >>> w.words, w.predictions, w.multiply_adds    # 6 pairs an epoch, (2 + 3 x 6) x 10 each
    (20, 30.0, 6000.0)
    """
    counts = np.asarray(counts, dtype=np.float64)
    T = len(corpus.ids)
    keep = keep_probability_word2vec(counts, cfg.sample)[corpus.ids] if T else np.zeros(0)
    k, prob = kept_sentences(np.bincount(corpus.sentence), np.bincount(corpus.sentence, keep))
    pairs = float(prob @ pairs_of(k, cfg.window)) * cfg.epochs
    E, N = output_entries(cfg, counts), cfg.dim
    if cfg.arch == "skipgram":
        predictions, inputs = pairs, pairs
    else:                                   # a centre without context words predicts nothing
        predictions, inputs = float(prob @ np.where(k > 1, k, 0)) * cfg.epochs, pairs
    units = (2 * inputs + 3 * E * predictions) * N
    s = speed_of(cfg)
    seconds = (units / s.multiply_adds + E * predictions * s.entry + pairs * s.pair
               + T * cfg.epochs * s.word)
    return Work(T * cfg.epochs, predictions, units, seconds)


def epochs_within(work: Work, epochs: int, seconds: float) -> int:
    """The most epochs that fit in ``seconds`` at this run's time per epoch (0: not one).

    >>> epochs_within(Work(100, 10.0, 1e9, 20.0), 10, 5.0)
    2
    """
    per_epoch = work.seconds / max(epochs, 1)
    return int(math.floor(seconds / per_epoch)) if per_epoch > 0 else epochs
