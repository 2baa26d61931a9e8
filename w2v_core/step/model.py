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

import math
from dataclasses import replace

import numpy as np

from ..settings import ARCHS, CONVENTIONS, INITS, OUTPUTS, LabSettings, check_learning_rate
from ..text import Vocabulary
from .layers import make_layer
from .trace import StepTrace
from .updates import hidden, input_shares, input_vectors_after, output_vectors_after

__all__ = ["ARCHS", "CONVENTIONS", "INITS", "OUTPUTS", "Word2Vec"]


class Word2Vec:
    """The model's parameters W (``W_in``) and W' (``W_out``), and one SGD step.

    ``Word2Vec(vocab, settings, **changes)``: the model settings of a ``LabSettings``
    (arch, output, dim, negative, ns_power, seed, init, convention), with ``changes``
    replacing some of them: ``Word2Vec(vocab, dim=2, output="hs")``.

    W starts uniform in [-0.5/N, 0.5/N) as in word2vec.c. ``init="word2vec"`` starts W' at
    zero, so the first steps cannot move W: EH = sum_j EI_j v'_j is exactly 0 while every
    v'_j is 0. ``init="random"`` draws W' from the same small uniform range so that W moves
    from the first step.
    """

    def __init__(self, vocab: Vocabulary, settings: LabSettings | None = None, **changes):
        s = replace(settings or LabSettings(), **changes).validate(bounded=False)
        self.settings, self.vocab = s, vocab
        self.dim, self.arch, self.output = s.dim, s.arch, s.output
        self.init, self.convention, self.negative, self.seed = s.init, s.convention, s.negative, s.seed
        V = vocab.size
        if V < 2:
            raise ValueError(f"the vocabulary has {V} word; word2vec needs at least 2 distinct words "
                             "(lower min_count or use a longer text)")
        self.layer = make_layer(s.output, vocab.counts, s.negative, s.ns_power)
        self.rng = np.random.default_rng(self.seed)
        half = 0.5 / self.dim
        self.W_in = self.rng.uniform(-half, half, (V, self.dim))                  # (V, N)
        n_out = self.layer.rows_for(V)
        self.W_out = (np.zeros((n_out, self.dim)) if s.init == "word2vec"
                      else self.rng.uniform(-half, half, (n_out, self.dim)))       # (V or V-1, N)

    def copy(self) -> "Word2Vec":
        """The same model with its own generator, sharing W and W' until either model
        changes them (the layer, which never changes, is shared).

        Copy on write: the shared matrices become read-only, and the first step or undo of
        either model gives it its own (``_own``). A hall opening one link gets 200 copies of
        one built lab without copying its matrices 200 times.

        >>> from w2v_core.text import Vocabulary
        >>> m = Word2Vec(Vocabulary.from_sentences([["a", "b"]])); c = m.copy()
        >>> c.W_in is m.W_in, c.W_in.flags.writeable
        (True, False)
        >>> _ = c.step(0, [1], 0.1); c.W_in is m.W_in, bool((c.W_in == m.W_in).all())
        (False, False)
        """
        for matrix in (self.W_in, self.W_out):
            matrix.flags.writeable = False
        new = object.__new__(Word2Vec)
        new.__dict__.update(self.__dict__)
        new.rng = np.random.default_rng()
        new.rng.bit_generator.state = self.rng.bit_generator.state
        return new

    def _own(self, W_out: bool = True) -> None:
        """Take its own copy of W (and of W' with ``W_out``) where they are shared with
        another model (read-only since ``copy``), before writing into them."""
        if not self.W_in.flags.writeable:
            self.W_in = self.W_in.copy()
        if W_out and not self.W_out.flags.writeable:
            self.W_out = self.W_out.copy()

    @property
    def tree(self):
        """The Huffman tree of hierarchical softmax (None for the other layers)."""
        return getattr(self.layer, "tree", None)

    @property
    def noise(self):
        """The noise distribution of negative sampling (None for the other layers)."""
        return getattr(self.layer, "noise", None)

    # ---- the instance -------------------------------------------------------------------------
    def _roles(self, center, context):
        """(inputs, targets): skip-gram predicts the context from the centre, CBOW the reverse."""
        center = self.vocab.check_index(center, "centre word index")
        if len(context) == 0:
            raise ValueError("an instance needs at least one context word")
        ctx = self.vocab.check_indices(context, "context word index")               # (C,)
        if self.arch == "skipgram":
            return np.array([center]), ctx
        return ctx, np.array([center])

    def _draw(self, targets, negatives):
        """The layer's random part of this prediction: drawn, or the given negatives."""
        if not self.layer.samples_negatives:
            return None
        if negatives is None:
            return self.layer.draw(targets, self.rng)
        return self.layer.given(negatives, targets)

    def loss(self, center, context, negatives=None) -> float:
        """The loss E of one instance at the current parameters (NS: with these negatives)."""
        inputs, targets = self._roles(center, context)
        if self.layer.samples_negatives and negatives is None:
            raise ValueError("negative sampling's loss needs the instance's negatives")
        draw = self._draw(targets, negatives)
        with np.errstate(over="ignore", invalid="ignore"):
            return float(self.layer.loss(self.W_out, hidden(self.W_in, inputs), targets,
                                         draw).sum())

    # ---- one SGD step -------------------------------------------------------------------------
    def step(self, center, context, lr: float, negatives=None) -> StepTrace:
        """Apply one SGD step for (centre, context) with learning rate eta = ``lr``.

        NS draws k negatives per prediction from the model's seeded generator unless
        ``negatives`` (P, k) are given.
        """
        lr = check_learning_rate(lr)
        inputs, targets = self._roles(center, context)
        rng_state = self.rng.bit_generator.state
        draw = self._draw(targets, negatives)
        self._own(W_out=not self.layer.updates_every_row)   # full softmax: W' is replaced
        with np.errstate(over="ignore", invalid="ignore"):
            h = hidden(self.W_in, inputs)                                           # (N,)
            out = self.layer.forward(self.W_out, h, targets, draw)
            # both gradients from the old parameters, then both updates
            in_rows, share = input_shares(inputs, self.convention)                  # (I,), (I,)
            in_before = self.W_in[in_rows]                                          # (I, N) copy
            self.W_in[in_rows] = input_vectors_after(in_before, share, out.EH, lr)
            out_before = self._update_outputs(out.rows, out.err, h, lr)
            loss_after = float(self.layer.loss(self.W_out, hidden(self.W_in, inputs), targets,
                                               draw).sum())
        loss = float(out.loss.sum())
        return StepTrace(self.arch, self.output, self.convention, lr, int(center),
                         tuple(int(c) for c in context), inputs, targets, h, out, loss,
                         loss_after, out_before, in_rows, share, in_before, rng_state,
                         getattr(draw, "negatives", None),
                         not (math.isfinite(loss) and math.isfinite(loss_after)))

    def _update_outputs(self, rows, err, h, lr) -> np.ndarray:
        """Apply the W' update to ``rows``; returns their values before it."""
        if self.layer.updates_every_row:              # full softmax: every row moves
            before = self.W_out                       # the old matrix itself, left untouched
            self.W_out = output_vectors_after(before, err, h, lr)     # eqs. 11, 22, 34
            return before
        before = self.W_out[rows]                                                   # (R, N) copy
        self.W_out[rows] = output_vectors_after(before, err, h, lr)                 # eqs. 51, 59
        return before

    def undo(self, trace: StepTrace) -> None:
        """Restore the rows a step changed, and the generator, exactly as they were."""
        self._own()
        self.W_in[trace.in_rows] = trace.in_before
        if self.layer.updates_every_row:
            self.W_out[:] = trace.out_before
        else:
            self.W_out[trace.out_rows] = trace.out_before
        self.rng.bit_generator.state = trace.rng_state

    # ---- whole distributions, for checks and pages --------------------------------------------
    def hidden(self, words) -> np.ndarray:
        """h for these input words: their mean input vector.  # (N,)"""
        return hidden(self.W_in, np.asarray(words, dtype=np.int64))

    def word_probabilities(self, h) -> np.ndarray:
        """p(w | h) for every word: softmax(u) (eq. 3) or the Huffman-path products (eq. 37).  # (V,)

        Both sum to 1 (eq. 43 for HS). Negative sampling defines no distribution over words.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            return self.layer.probabilities(self.W_out, h)
