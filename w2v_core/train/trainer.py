"""Fast training: word2vec.c's training loop, compiled (NS, HS) or in NumPy mini-batches.

``Word2Vec.step`` (model.py) shows one exact SGD step; this module trains a whole corpus in
seconds with word2vec.c's semantics (Mikolov et al. 2013; the C tool's TrainModelThread):

- every epoch redraws the subsampling (word2vec.c's keep rule,
  ``subsampling.keep_probability_word2vec``) and each kept word's window radius
  R, uniform on 1..window (``windows``); dropped words are removed before windows are made;
- the learning rate falls linearly from ``alpha`` to ``min_alpha`` (alpha * 1e-4) over all
  epochs, by the share of corpus words done;
- skip-gram trains (context word -> centre word) pairs, the context word's input vector
  predicting the centre word, as word2vec.c does; CBOW predicts the centre from the mean
  h of its context vectors and adds the full EH to each context vector (no 1/C);
- W starts uniform in [-0.5/N, 0.5/N) (``init_range``), W' at zero; softmax, hierarchical
  softmax (``HuffmanTree``'s tree) and negative sampling (``NoiseDistribution``) as the
  step engine.

Two backends (``TrainConfig.backend``) run the same predictions from the same draws:
- "compiled" (NS and HS, the default when numba is installed): ``sequential.py``, word2vec.c's
  loop, one prediction after the other, eta per prediction;
- "numpy" (full softmax always, NS and HS without numba): the predictions of a mini-batch
  (``batch_size``, ~1000) are computed from the same parameters and applied together
  (Hogwild-like staleness); a row met m > 1 times in one mini-batch has its summed update
  damped to what m sequential steps would do (``batching.repeat_damping``), else the Huffman
  root, met by every prediction, diverges; with ``batch_size=1`` it is the compiled loop
  for HS, and for NS with k = 1 (with k > 1 a word drawn twice as a negative is damped, not
  applied twice).

What differs from word2vec.c, and why: sigma is exact instead of a 1000-entry table; a
negative that hits the positive word is redrawn instead of skipped; float32 like word2vec.c's
`real`.
The same seed gives bit-identical vectors (one seeded ``np.random.Generator`` drives the
initialisation, subsampling, radii and negatives, and every sum runs in a fixed order).

Stopping: ``callback`` runs after every chunk of ``batch_words`` words (a minute on a slow
configuration); ``should_stop`` is asked every ``POLL_WORK`` multiply-adds inside a chunk
(the compiled loop runs on sub-ranges of its predictions; mini-batches one at a time), which
never changes the result.
"""
from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Callable

import numpy as np

from .batching import gather_sum, scatter_add
from .stream import (INDEX, REAL, Corpus, draw_epoch, encode_corpus, ragged_take, spread_order,
                     window_pairs)
from .twins import twin_for
from .sequential import train_predictions
from .config import (Progress, Snapshots, StopTraining, TrainConfig, TrainingDiverged,
                     TrainResult, effective_batch)
from ..subsampling import keep_probability_word2vec
from ..text import Vocabulary, tokenize

POLL_WORK = 50_000_000     # multiply-adds between two questions to ``should_stop`` (~5 ms)


def train(sentences, config: TrainConfig | None = None, *, vocab: Vocabulary | None = None,
          callback: Callable[[Progress], object] | None = None, tree=None,
          should_stop: Callable[[], bool] | None = None, **overrides) -> TrainResult:
    """Train word vectors on ``sentences`` (token lists, or a text: one sentence per line).

    ``overrides`` replace fields of ``config`` (``train(s, arch="skipgram", dim=50)``).
    ``vocab`` defaults to ``Vocabulary.from_sentences(sentences, config.min_count)``.
    ``tree`` (HS only) defaults to word2vec.c's tree of the counts, the one ``HuffmanTree`` builds
    (gathered by ``HuffmanPaths.from_counts``); any object with one ``codes`` and one
    ``points`` array per word will do (e.g. another tool's tree).
    ``callback(progress)`` runs after every chunk; returning False or raising
    ``StopTraining`` stops early and keeps the vectors learned so far; ``should_stop()``
    returning True does the same, asked within chunks too (the callback still runs once).
    Raises ``TrainingDiverged`` (and writes nothing) when the vectors stop being finite.
    """
    cfg = replace(config or TrainConfig(), **overrides)
    if isinstance(sentences, str):
        sentences = tokenize(sentences)
    elif not isinstance(sentences, (list, tuple)):
        sentences = list(sentences)
    if vocab is None:
        vocab = Vocabulary.from_sentences(sentences, cfg.min_count)
    return train_encoded(encode_corpus(sentences, vocab), vocab, cfg, callback=callback,
                         tree=tree, should_stop=should_stop)


def train_encoded(corpus: Corpus, vocab: Vocabulary, config: TrainConfig, *,
                  callback: Callable[[Progress], object] | None = None, tree=None,
                  should_stop: Callable[[], bool] | None = None) -> TrainResult:
    """``train`` on a corpus already encoded (``encode_corpus``, or ``corpus_file`` for a file
    read in bounded memory): the same result for the same tokens."""
    if vocab.size < 2:
        raise ValueError(f"the vocabulary has {vocab.size} word; training needs at least 2 "
                         "distinct words (lower min_count or use a longer text)")
    return _Trainer(config, vocab, corpus, callback, tree, should_stop).run()


class _Trainer:
    def __init__(self, cfg: TrainConfig, vocab: Vocabulary, corpus: Corpus, callback, tree=None,
                 should_stop=None):
        self.cfg, self.vocab, self.corpus, self.callback = cfg, vocab, corpus, callback
        self.should_stop = should_stop
        self.rng = np.random.default_rng(cfg.seed)
        V, N = vocab.size, cfg.dim
        half = cfg.init_range / N
        self.twin = twin_for(cfg.output)(vocab.counts, cfg.negative, cfg.ns_power, tree)
        self.W_in = self.rng.uniform(-half, half, (V, N)).astype(REAL)              # (V, N)
        self.W_out = np.zeros((self.twin.rows(V), N), REAL)                         # (V or V-1, N)
        self.keep_prob = keep_probability_word2vec(vocab.counts, cfg.sample)        # (V,)
        self.total = corpus.total * cfg.epochs
        self.untrained_loss = self.twin.untrained_loss()     # per prediction while W' = 0
        self.batch = effective_batch(cfg, V, corpus.total)
        # no context lies further than the longest sentence: the same pairs, fewer offsets
        longest = int(np.bincount(corpus.sentence).max()) if corpus.total else 1
        self.reach = max(1, min(cfg.window, longest - 1))
        self.predictions = 0

    def alpha_at(self, words_done):
        """eta falls linearly from alpha to min_alpha over all epochs' words; ``words_done``
        an int (a float back) or an array (one eta per entry)."""
        a, b = self.cfg.alpha, self.cfg.final_alpha
        eta = a - (a - b) * np.minimum(1.0, np.asarray(words_done) / max(1, self.total))
        return float(eta) if eta.ndim == 0 else eta

    def run(self) -> TrainResult:
        cfg, T = self.cfg, self.corpus.total
        snaps = Snapshots(cfg, self.total)
        snaps.maybe(0, self.W_in, self.W_out)
        losses, loss_words = [], []
        words_done, stopped, start = 0, False, time.perf_counter()
        for epoch in range(cfg.epochs):
            draw = draw_epoch(self.corpus, self.keep_prob, cfg.window, self.rng)
            for r0 in range(0, T, cfg.batch_words):
                r1 = min(T, r0 + cfg.batch_words)
                lo, hi = np.searchsorted(draw.position, [r0, r1])
                with np.errstate(over="ignore", invalid="ignore"):
                    loss_sum, n, touched, share = self.chunk(draw, int(lo), int(hi), epoch * T)
                words_done = epoch * T + r0 + int(round((r1 - r0) * share))
                self.check_finite(loss_sum, n, epoch, words_done, *touched)
                loss = loss_sum / n if n else math.nan
                if n:
                    losses.append(loss)
                    loss_words.append(words_done)
                snaps.maybe(words_done, self.W_in, self.W_out)
                stopped = self.report(words_done, epoch, loss, start) or share < 1.0 or (
                    words_done < self.total and self.should_stop is not None
                    and self.should_stop())
                if stopped:
                    break
            if stopped:
                break
        seconds = time.perf_counter() - start
        snaps.final(words_done, self.W_in, self.W_out)
        return TrainResult(self.W_in, self.W_out, self.vocab, cfg, np.array(losses),
                           np.array(loss_words, dtype=np.int64), snaps.taken, words_done,
                           self.predictions, seconds, words_done / max(seconds, 1e-9), stopped)

    def report(self, words_done: int, epoch: int, loss: float, start: float) -> bool:
        """Call the progress callback; True when it asks to stop (False or StopTraining)."""
        if self.callback is None:
            return False
        seconds = time.perf_counter() - start
        try:
            return self.callback(Progress(
                words_done, self.total, words_done / max(seconds, 1e-9),
                self.alpha_at(words_done), epoch + 1, self.cfg.epochs, loss, seconds)) is False
        except StopTraining:
            return True

    def check_finite(self, loss_sum: float, n: int, epoch: int, words_done: int,
                     rows_in=None, rows_out=None) -> None:
        """Raise TrainingDiverged when W or W' holds inf/NaN, or when the chunk's loss per
        prediction is over 100 times that of the untrained model (W' = 0: every score 0).
        Only the rows this chunk updated (``rows_in``, ``rows_out``; None: all) can have
        become non-finite, so only they are checked: O(chunk), not O(V N), per chunk."""
        finite = (math.isfinite(loss_sum) and _finite_rows(self.W_in, rows_in)
                  and _finite_rows(self.W_out, rows_out))
        if finite and (n == 0 or loss_sum / n <= 100 * self.untrained_loss):
            return
        what = ("the vectors became infinite or NaN" if not finite else
                f"the loss per prediction reached {loss_sum / n:.3g}, over 100 times the "
                f"untrained model's {self.untrained_loss:.3g}")
        raise TrainingDiverged(
            f"training diverged in epoch {epoch + 1} after {words_done} words (learning rate "
            f"{self.alpha_at(words_done):.4g}): {what}; use a smaller alpha "
            f"(it was {self.cfg.alpha:g})")

    def chunk(self, draw, lo: int, hi: int, base: int):
        """Train the centres lo..hi-1 of this epoch's kept tokens: (summed loss, predictions
        trained, (input rows, output rows) touched, the share of the chunk's predictions
        trained: 1.0, or less when ``should_stop`` stopped it)."""
        spread = not self.cfg.compiled
        inputs, indptr, targets, position, bounds = self.predictions_of(draw, lo, hi, spread)
        P = len(targets)
        if P == 0:
            return 0.0, 0, (inputs, inputs), 1.0
        samples = self.twin.draw(targets, self.rng)         # NS: each target, then k negatives
        if self.cfg.compiled:
            loss_sum, done = self.sequential(inputs, indptr, targets, samples, base + position)
        else:
            loss_sum, done = self.mini_batches(inputs, indptr, targets, samples, position,
                                               bounds, base)
        self.predictions += done
        rows_out = self.twin.touched(targets, samples)          # None: every row (softmax)
        return loss_sum, done, (inputs, rows_out), done / P

    def sequential(self, inputs, indptr, targets, samples, words) -> tuple[float, int]:
        """word2vec.c's loop, one prediction after the other (``sequential.py``), eta of each
        prediction from its centre's corpus position ``words``: (the summed loss, predictions
        trained). With ``should_stop`` the loop runs on pieces of about POLL_WORK each."""
        lrs = self.alpha_at(words)                                                  # (P,)
        out = self.twin.kernel_args(targets, samples)     # each prediction's output rows, signs
        P = len(targets)
        if self.should_stop is None:
            return train_predictions(self.W_in, self.W_out, indptr, inputs, *out, lrs), P
        per = (2 * len(inputs) / P + 3 * out[1].shape[1]) * self.cfg.dim    # (2C + 3E) N
        piece, loss_sum = max(1, int(POLL_WORK / per)), 0.0
        for a in range(0, P, piece):             # in_ptr keeps its offsets into ``inputs``
            b = min(P, a + piece)
            loss_sum += train_predictions(self.W_in, self.W_out, indptr[a:b + 1], inputs,
                                          out[0][a:b], *out[1:], lrs[a:b])
            if b < P and self.should_stop():
                return loss_sum, b
        return loss_sum, P

    def mini_batches(self, inputs, indptr, targets, samples, position, bounds,
                     base) -> tuple[float, int]:
        """The chunk's predictions in mini-batches (``batching.py``): (the summed loss,
        predictions trained); ``should_stop`` is asked after each mini-batch."""
        loss_sum = 0.0
        for b0, b1 in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            lr = self.alpha_at(base + int(position[b0]))
            ptr = indptr[b0:b1 + 1] - indptr[b0]                                    # (B+1,)
            rows = inputs[indptr[b0]:indptr[b1]]                    # (M_b,) input words
            if self.cfg.arch == "skipgram":
                H = np.take(self.W_in, rows, axis=0)                        # (B, N) h = v_{w_I}
            else:
                C = np.diff(ptr)                                                    # (B,)
                H = gather_sum(self.W_in, ptr, rows, np.repeat(1 / C, C).astype(REAL))  # mean
            loss, dH = self.twin.batch(self.W_out, H, targets[b0:b1],
                                       None if samples is None else samples[b0:b1], lr)
            # v_w -= eta EH for each input word (the full EH for every CBOW context word)
            scatter_add(self.W_in, ptr, rows, np.ones(len(rows), REAL), dH)
            loss_sum += float(loss.sum())
            if b1 < len(targets) and self.should_stop is not None and self.should_stop():
                return loss_sum, b1
        return loss_sum, len(targets)

    def predictions_of(self, draw, lo: int, hi: int, spread: bool = True):
        """The chunk's predictions in mini-batch order (``spread_order``; corpus order when
        not ``spread``): input words as a ragged array (words (M,), indptr (P+1,)), the
        target of each (P,), its centre's corpus position (P,), and the mini-batches' bounds
        in that order (None when not ``spread``).

        Skip-gram: one prediction per (context word -> centre word) pair, as word2vec.c.
        CBOW: one prediction per centre that has at least one context word.
        """
        centre, context = window_pairs(draw.sentence, draw.radius, lo, hi, self.reach)
        if self.cfg.arch == "skipgram":
            owners = centre                                                         # (P,)
            indptr = np.arange(len(centre) + 1, dtype=INDEX)                        # one input each
        else:
            first = np.flatnonzero(np.diff(centre, prepend=-1))                     # (P,)
            owners = centre[first]
            indptr = np.append(first, len(centre)).astype(INDEX)                    # (P+1,)
        if not spread:
            return draw.ids[context], indptr, draw.ids[owners], draw.position[owners], None
        order, bounds = spread_order(len(owners), self.batch)
        indptr, inputs = ragged_take(indptr, draw.ids[context], order)
        owners = owners[order]
        return inputs, indptr, draw.ids[owners], draw.position[owners], bounds


def _finite_rows(W: np.ndarray, rows=None) -> bool:
    """True when every value of W's ``rows`` (all rows when None, or when they are many) is
    finite. With at least len(W) / 2 entries in ``rows``, checking all of W is cheaper than
    finding the distinct rows."""
    if rows is not None and 2 * np.size(rows) < len(W):
        W = W[np.unique(rows)]
    return bool(np.isfinite(W).all())
