"""The fast trainer's settings and what it reports and returns.

``TrainConfig`` holds every setting of a training run with gensim's defaults; ``Progress``
is what a progress callback receives; ``TrainResult`` is what ``trainer.train`` returns.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import sequential
from .twins import twin_for
from ..settings import ARCHS, OUTPUTS, at_least, choice, number, whole
from ..step.model import Word2Vec
from ..text import Vocabulary

BACKENDS = ("auto", "compiled", "numpy")


@dataclass(frozen=True)
class TrainConfig:
    """Every training setting in one place, shared by the CLI, the app and the benchmark.

    Defaults are gensim's ``Word2Vec`` defaults (4.x) where gensim has the setting, except
    where gensim departs from word2vec.c: ``min_alpha`` (word2vec.c's alpha * 1e-4, gensim's
    fixed 1e-4) and ``init_range`` (word2vec.c's 0.5, gensim 4's 1.0).
    """

    arch: str = "cbow"           # "skipgram" or "cbow" (gensim sg=0: CBOW)
    output: str = "ns"           # a registered output layer: "softmax" (O(V) per prediction),
                                 # "hs" or "ns" (gensim's default: hs=0, negative=5)
    dim: int = 100               # N, the vector size (gensim vector_size)
    window: int = 5              # largest window radius; R is drawn uniform on 1..window per word
    negative: int = 5            # k, negatives per prediction (layers that sample negatives)
    sample: float = 1e-3         # subsampling threshold s of word2vec.c's keep rule; 0 = off
    min_count: int = 5           # words seen fewer times are dropped from the vocabulary
    epochs: int = 5              # passes over the corpus
    alpha: float = 0.025         # starting learning rate eta
    min_alpha: float | None = None  # final learning rate; None = alpha * 1e-4 (word2vec.c)
    seed: int = 1                # seeds the one Generator behind every random draw
    ns_power: float = 0.75       # exponent of the noise distribution P_n ~ count^power
    init_range: float = 0.5      # W starts uniform in [-init_range/N, init_range/N): word2vec.c's
                                 # 0.5 (gensim >= 4.0 uses 1.0, gensim 3 used 0.5)
    batch_words: int = 10_000    # corpus words per chunk: a progress report, a loss, a NaN check
    batch_size: int = 1024       # most predictions per mini-batch; small corpora and vocabularies
                                 # use fewer (see ``effective_batch``): staleness grows with it
    snapshots: int = 0           # keep this many copies of (W, W') spread evenly over training
    snapshot_every: int = 0      # or: keep a copy every this many corpus words (0 = off)
    backend: str = "auto"        # NS and HS: "compiled" (word2vec.c's sequential loop, numba),
                                 # "numpy" (mini-batches), "auto" (compiled when numba is
                                 # installed); full softmax always runs in NumPy mini-batches

    def __post_init__(self):
        choice("arch", self.arch, ARCHS)
        choice("output", self.output, OUTPUTS)
        twin_for(self.output)                   # ValueError: a layer the trainer cannot train
        choice("backend", self.backend, BACKENDS)
        if self.backend == "compiled" and not sequential.AVAILABLE:
            raise ValueError("backend 'compiled' needs numba (pip install numba), "
                             "or use backend 'numpy'")
        if self.backend == "compiled" and not twin_for(self.output).compiled:
            raise ValueError("backend 'compiled' covers output " + " and ".join(
                f"'{n}'" for n in OUTPUTS if _compiled(n)) + f"; {OUTPUTS[self.output].title} "
                "runs with backend 'numpy' (or 'auto')")
        for name, low in (("dim", 1), ("window", 1), ("min_count", 1), ("epochs", 1), ("seed", 0),
                          ("batch_words", 1), ("batch_size", 1), ("snapshots", 0),
                          ("snapshot_every", 0)):
            whole(name, getattr(self, name), low)
        whole("negative", self.negative, 1 if OUTPUTS[self.output].samples_negatives else 0)
        number("sample", self.sample, "a number from 0 to 1 (0 = off)", lambda v: 0 <= v <= 1)
        number("alpha", self.alpha, "a number > 0", lambda v: v > 0)
        number("ns_power", self.ns_power)
        at_least("init_range", self.init_range, 0)
        if self.min_alpha is not None:
            number("min_alpha", self.min_alpha, f"a number >= 0 and <= alpha ({self.alpha})",
                   lambda v: 0 <= v <= self.alpha)
        if self.snapshots and self.snapshot_every:
            raise ValueError("give snapshots or snapshot_every, not both")

    @property
    def compiled(self) -> bool:
        """True when training runs the compiled sequential loop (``sequential.py``)."""
        return (self.backend != "numpy" and twin_for(self.output).compiled
                and sequential.AVAILABLE)

    @property
    def final_alpha(self) -> float:
        """The learning rate at the end of training."""
        return self.alpha * 1e-4 if self.min_alpha is None else float(self.min_alpha)


def effective_batch(cfg: TrainConfig, V: int, words_per_epoch: int) -> int:
    """The mini-batch size used: ``batch_size``, but at most V / 4 (so a word's row is rarely
    met many times in one batch), at most 1% of an epoch (so a small corpus still gets
    ~100 updates per epoch), at least 16; full softmax keeps its (B, V) scores near 1M.

    >>> effective_batch(TrainConfig(), V=10_000, words_per_epoch=300_000)
    1024
    >>> effective_batch(TrainConfig(), V=200, words_per_epoch=5_000)
    50
    """
    batch = min(cfg.batch_size, max(16, min(V // 4, words_per_epoch // 100)))
    cap = twin_for(cfg.output).batch_cap(V)
    return max(1, batch if cap is None else min(batch, cap))


def _compiled(output: str) -> bool:
    try:
        return twin_for(output).compiled
    except ValueError:
        return False


class StopTraining(Exception):
    """Raise from a progress callback to stop training and keep what was learned."""


class TrainingDiverged(ArithmeticError):
    """The vectors became infinite or NaN (the learning rate is too large)."""


@dataclass(frozen=True)
class Progress:
    """What a progress callback receives after each chunk of ``batch_words`` corpus words."""

    words_done: int              # corpus words processed so far, over all epochs
    total_words: int             # epochs * T
    words_per_second: float
    alpha: float                 # the learning rate at the end of the chunk
    epoch: int                   # 1-based
    epochs: int
    loss: float                  # mean loss per prediction in this chunk (nan: no prediction)
    seconds: float               # since training started


@dataclass
class TrainResult:
    """Trained W (``W_in``, V x N) and W' (``W_out``, V x N, or V-1 x N for HS), float32."""

    W_in: np.ndarray
    W_out: np.ndarray
    vocab: Vocabulary
    config: TrainConfig
    losses: np.ndarray           # (chunks,) mean loss per prediction in each chunk
    loss_words: np.ndarray       # (chunks,) words_done at the end of each chunk
    snapshots: list = field(default_factory=list)   # [(words_done, W_in copy, W_out copy)]
    words_done: int = 0
    predictions: int = 0         # predictions trained (skip-gram pairs or CBOW centres)
    seconds: float = 0.0
    words_per_second: float = 0.0
    stopped_early: bool = False

    def save(self, path, binary: bool = False) -> None:
        """Write W in word2vec.c's text or binary format."""
        from ..vectors.word2vec_format import write_word2vec
        write_word2vec(path, self.vocab.words, self.W_in, binary)

    def to_model(self) -> Word2Vec:
        """A step engine (float64, word2vec.c's CBOW convention) holding these vectors."""
        c = self.config
        model = Word2Vec(self.vocab, dim=c.dim, arch=c.arch, output=c.output,
                         negative=max(c.negative, 1), seed=c.seed, ns_power=c.ns_power,
                         convention="word2vec.c")
        model.W_in, model.W_out = self.W_in.astype(np.float64), self.W_out.astype(np.float64)
        return model


class Snapshots:
    """How ``trainer.train`` takes ``TrainResult.snapshots``: copies of (W, W') at words 0,
    every, 2 every, ... (the first chunk end past each) and at the end. ``snapshots=n``
    spreads n of them evenly (n = 1: only the end)."""

    def __init__(self, cfg: TrainConfig, total: int):
        self.on = bool(cfg.snapshots or cfg.snapshot_every)
        self.every = cfg.snapshot_every or (math.ceil(total / (cfg.snapshots - 1))
                                            if cfg.snapshots > 1 else total + 1)
        self.next = 0 if cfg.snapshots != 1 else total + 1
        self.taken: list[tuple[int, np.ndarray, np.ndarray]] = []

    def maybe(self, words_done: int, W_in, W_out) -> None:
        if self.on and words_done >= self.next:
            self.taken.append((words_done, W_in.copy(), W_out.copy()))
            self.next = (words_done // self.every + 1) * self.every

    def final(self, words_done: int, W_in, W_out) -> None:
        if self.on and (not self.taken or self.taken[-1][0] != words_done):
            self.taken.append((words_done, W_in.copy(), W_out.copy()))

