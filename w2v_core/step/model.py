"""Word2Vec: CBOW and skip-gram with full softmax, hierarchical softmax or negative sampling.

One ``step`` is the exact SGD step on the loss of one training instance at the
current parameters (Rong, arXiv:1411.2738): both matrices' gradients are taken
before either changes, in float64, and the returned StepTrace holds every
intermediate quantity. Skip-gram follows the paper: the centre word predicts all
its C context words in one update, EI summed over them (eqs. 24-36). CBOW's h is
the mean of the C context vectors and each gets (1/C) eta EH (eq. 23); with
``convention="word2vec.c"`` each gets the full eta EH instead, as word2vec.c does
(then the step is no longer the exact gradient step). word2vec.c's skip-gram, which
trains one (context -> centre) pair at a time, is ``step(context_word, [centre])``
for each pair (see ``windows.skipgram_pairs``).
"""
from __future__ import annotations

import numpy as np

from ..huffman import HuffmanTree
from ..noise import NoiseDistribution
from .outputs import OutputResult, full_softmax, hierarchical_softmax, negative_sampling
from ..text import Vocabulary
from .trace import HSPath, StepTrace

ARCHS = ("skipgram", "cbow")
OUTPUTS = ("softmax", "hs", "ns")
INITS = ("word2vec", "random")       # word2vec.c's zero W', or small random W'
CONVENTIONS = ("rong", "word2vec.c")


def _choice(name, value, allowed):
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def _whole(name, value, low):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be a whole number >= {low}, got {value!r}")
    return int(value)


class Word2Vec:
    """The model's parameters W (``W_in``) and W' (``W_out``), and one SGD step.

    W starts uniform in [-0.5/N, 0.5/N) as in word2vec.c. W' starts at zero
    (``init="word2vec"``), so the first steps cannot move W: EH = sum_j EI_j v'_j is
    exactly 0 while every v'_j is 0. ``init="random"`` draws W' from the same small
    uniform range so that W moves from the first step.
    """

    def __init__(self, vocab: Vocabulary, dim: int = 10, arch: str = "skipgram",
                 output: str = "ns", negative: int = 5, seed: int = 0, *,
                 init: str = "word2vec", ns_power: float = 0.75, convention: str = "rong"):
        self.vocab = vocab
        self.dim = _whole("dim", dim, 1)
        self.arch = _choice("arch", arch, ARCHS)
        self.output = _choice("output", output, OUTPUTS)
        self.init = _choice("init", init, INITS)
        self.convention = _choice("convention", convention, CONVENTIONS)
        self.negative = _whole("negative (k)", negative, 1)
        self.seed = _whole("seed", seed, 0)
        V = vocab.size
        if V < 2:
            raise ValueError(f"the vocabulary has {V} word; word2vec needs at least 2 distinct words "
                             "(lower min_count or use a longer text)")
        self.tree = HuffmanTree(vocab.counts) if output == "hs" else None
        self.noise = NoiseDistribution(vocab.counts, ns_power) if output == "ns" else None
        self.rng = np.random.default_rng(self.seed)
        half = 0.5 / self.dim
        self.W_in = self.rng.uniform(-half, half, (V, self.dim))                  # (V, N)
        n_out = V - 1 if output == "hs" else V
        self.W_out = (np.zeros((n_out, self.dim)) if init == "word2vec"
                      else self.rng.uniform(-half, half, (n_out, self.dim)))       # (V or V-1, N)

    # ---- the instance -------------------------------------------------------------
    def _roles(self, center, context):
        """(inputs, targets): skip-gram predicts the context from the centre, CBOW the reverse."""
        center = self.vocab.check_index(center, "centre word index")
        if len(context) == 0:
            raise ValueError("an instance needs at least one context word")
        ctx = np.array([self.vocab.check_index(c, "context word index") for c in context],
                       dtype=np.int64)                                              # (C,)
        if self.arch == "skipgram":
            return np.array([center]), ctx
        return ctx, np.array([center])

    def _forward(self, inputs, targets, negatives, loss_only=False):
        h = self.W_in[inputs[0]].copy() if len(inputs) == 1 else self.W_in[inputs].mean(axis=0)  # (N,)
        if self.output == "softmax":
            return h, full_softmax(self.W_out, h, targets, loss_only)
        if self.output == "hs":
            return h, hierarchical_softmax(self.W_out, h, targets, self.tree, loss_only)
        return h, negative_sampling(self.W_out, h, targets, negatives, loss_only)

    def _check_negatives(self, negatives, n_targets):
        negatives = np.asarray(negatives, dtype=np.int64)
        if negatives.shape != (n_targets, self.negative):
            raise ValueError(f"negatives must have shape ({n_targets}, {self.negative}), "
                             f"got {negatives.shape}")
        if negatives.min() < 0 or negatives.max() >= self.vocab.size:
            raise IndexError("a negative word index is out of range")
        return negatives

    def loss(self, center, context, negatives=None) -> float:
        """The loss E of one instance at the current parameters (NS: with these negatives)."""
        inputs, targets = self._roles(center, context)
        if self.output == "ns":
            if negatives is None:
                raise ValueError("negative sampling's loss needs the instance's negatives")
            negatives = self._check_negatives(negatives, len(targets))
        with np.errstate(over="ignore", invalid="ignore"):
            return float(self._forward(inputs, targets, negatives, loss_only=True)[1].loss.sum())

    # ---- one SGD step ---------------------------------------------------------------
    def step(self, center, context, lr: float, negatives=None) -> StepTrace:
        """Apply one SGD step for (centre, context) with learning rate eta = ``lr``.

        NS draws k negatives per prediction from the model's seeded generator unless
        ``negatives`` (P, k) are given.
        """
        if not (isinstance(lr, (int, float, np.floating, np.integer)) and np.isfinite(lr) and lr >= 0):
            raise ValueError(f"the learning rate must be a finite number >= 0, got {lr!r}")
        lr = float(lr)
        inputs, targets = self._roles(center, context)
        rng_state = self.rng.bit_generator.state
        rejected = None
        if self.output == "ns":
            if negatives is None:
                draw = self.noise.draw(targets, self.negative, self.rng)
                negatives, rejected = draw.negatives, draw.rejected
            else:
                negatives = self._check_negatives(negatives, len(targets))
                rejected = [[] for _ in targets]
        with np.errstate(over="ignore", invalid="ignore"):
            h, out = self._forward(inputs, targets, negatives)
            # both gradients from the old parameters, then both updates (after = before - eta * grad)
            if len(inputs) == 1:
                in_rows, share = inputs, np.ones(1)                                 # (1,)
            else:
                in_rows, share = np.unique(inputs, return_counts=True)              # (I,)
                share = share / len(inputs) if self.convention == "rong" else share.astype(float)
            in_before = self.W_in[in_rows]                                          # (I, N) copy
            self.W_in[in_rows] = in_before - lr * (share[:, None] * out.EH[None, :])  # eqs. 16, 23, 35
            step_out = np.outer(out.err, h)                                        # (R, N)
            step_out *= lr                      # the same roundings as trace.out_after
            if len(out.rows) == self.W_out.shape[0]:          # full softmax: every row moves
                out_before = self.W_out                       # the old matrix, left untouched
                self.W_out = np.subtract(out_before, step_out, out=step_out)       # eqs. 11, 22, 34
            else:
                out_before = self.W_out[out.rows]                                   # (R, N) copy
                self.W_out[out.rows] = out_before - step_out                        # eqs. 51, 59
            loss_after = float(self._forward(inputs, targets, negatives, True)[1].loss.sum())
        loss = float(out.loss.sum())
        diverged = not (np.isfinite(loss) and np.isfinite(loss_after))
        trace = StepTrace(
            self.arch, self.output, self.convention, float(lr), int(center),
            tuple(int(c) for c in context), inputs, targets, h, loss, loss_after, out.loss,
            out.EH, out.rows, out.err, out_before, in_rows, share, in_before, rng_state, diverged)
        d = out.detail
        if self.output == "softmax":
            trace.u, trace.y, trace.t, trace.e, trace.EI = d["u"], d["y"], d["t"], d["e"], d["EI"]
        elif self.output == "hs":
            trace.paths = self._paths(targets, d)
        else:
            trace.negatives, trace.rejected = negatives, rejected
            trace.ns_samples, trace.ns_t, trace.ns_x, trace.ns_sigma = (
                d["samples"], d["t"], d["x"], d["sigma"])
        return trace

    def _paths(self, targets, d) -> list[HSPath]:
        o = d["offsets"]
        return [HSPath(int(w), d["nodes"][o[p]:o[p + 1]], self.tree.codes[w], d["t"][o[p]:o[p + 1]],
                       d["x"][o[p]:o[p + 1]], d["sigma"][o[p]:o[p + 1]], float(d["prob"][p]))
                for p, w in enumerate(targets.tolist())]

    def undo(self, trace: StepTrace) -> None:
        """Restore the rows a step changed, and the generator, exactly as they were."""
        self.W_in[trace.in_rows] = trace.in_before
        if len(trace.out_rows) == self.W_out.shape[0]:
            self.W_out[:] = trace.out_before
        else:
            self.W_out[trace.out_rows] = trace.out_before
        self.rng.bit_generator.state = trace.rng_state

    # ---- whole distributions, for checks and pages ------------------------------------
    def hidden(self, words) -> np.ndarray:
        """h for these input words: their mean input vector.  # (N,)"""
        return self.W_in[np.asarray(words, dtype=np.int64)].mean(axis=0)

    def word_probabilities(self, h) -> np.ndarray:
        """p(w | h) for every word: softmax(u) (eq. 3) or the Huffman-path products (eq. 37).  # (V,)

        Both sum to 1 (eq. 43 for HS). Negative sampling defines no distribution over words.
        """
        h = np.asarray(h, dtype=np.float64)
        everyone = np.arange(self.vocab.size)
        with np.errstate(over="ignore", invalid="ignore"):
            if self.output == "softmax":
                return full_softmax(self.W_out, h, everyone[:1]).detail["y"]
            if self.output == "hs":
                return np.exp(-hierarchical_softmax(self.W_out, h, everyone, self.tree).loss)
        raise ValueError("negative sampling defines no probability distribution over the words")
