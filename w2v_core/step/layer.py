"""The interface every output layer implements (``OutputLayer``), and what they return.

Every layer answers the same questions (Rong, arXiv:1411.2738), so callers ask the layer
instead of testing its name:

- ``rows_for(V)``: how many output vectors W' holds (V words, or V - 1 inner nodes), and
  ``rows_are_words``: whether they are one per word;
- ``value_symbol``: what an output neuron shows (y, or sigma for HS nodes and NS samples);
- ``draw(targets, rng)``: the random part of a prediction (NS: k negatives; else none), and
  ``samples_negatives``: whether there is one;
- ``forward(W_out, h, targets, draw)``: the typed outputs of this layer (``SoftmaxOut``,
  ``HSOut``, ``NSOut``): the loss of each prediction, the output rows touched, their summed
  error (EI_j for full softmax, the sum of sigma - t for HS and NS), so the gradient of row j
  is err_j * h, EH = sum_j err_j v'_j from W' *before* any update, and ``error_terms(j)``,
  the (y or sigma, t) pairs whose differences make row j's error;
- ``loss(W_out, h, targets, draw)``: only the loss (the step's loss after the update);
- ``cost(targets)``: output vectors one instance updates (V per prediction, the path nodes,
  k + 1 per prediction);
- ``probabilities(W_out, h)``: p(w | h) over the vocabulary, where the layer defines one.

W' is stored as rows (v'_j = W_out[j], shape (V or V-1, N)); the slides' W' is its transpose.
One module per layer (softmax.py, hierarchical.py, negative.py) subclasses ``OutputLayer``;
the registry (layers.py) is where a layer is made known: a fourth layer is one new module
and one ``register`` call.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LayerOut:
    """What every layer returns for one instance's P predictions."""

    loss: np.ndarray        # (P,) loss of each prediction
    rows: np.ndarray        # (R,) rows of W_out touched, ascending
    err: np.ndarray         # (R,) summed error of each touched row
    EH: np.ndarray          # (N,) dE/dh

    def error_terms(self, j: int) -> tuple[tuple[float, float], ...]:
        """The (y or sigma, t) pairs whose differences sum to row j's error."""
        raise NotImplementedError

    def true_output(self, targets) -> int:
        """The output vector that stands for the first predicted word: its own row (full
        softmax, negative sampling); the first inner node of its path (HS, overridden)."""
        return int(targets[0])

    def score_of(self, j: int) -> float:
        """The score of output vector j in this step: u_j = v'_j . h (x for HS and NS)."""
        raise NotImplementedError

    def error_sign(self, j: int) -> int:
        """The sign of EI_j as it is mathematically (-1, 0 or +1), decided from the scores
        and labels, not from the float sum: a sum that underflows or cancels to 0, or a NaN,
        does not make a nonzero error 0."""
        raise NotImplementedError

    def times(self, j: int) -> int:
        """How many times output vector j takes part in this step (a word drawn twice as a
        sample, a node on two paths); full softmax: once."""
        return len(self.error_terms(j))

    def neurons(self, targets) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The output neurons a network diagram draws, in order: (rows of W' (O,), their
        value y or sigma (O,), whether each is a true output, t = 1 (O,))."""
        raise NotImplementedError

    def sheet(self, words, out_names, add) -> list[tuple]:
        """This layer's tables of the hand-check sheet as (title, columns, rows), every
        number also given to ``add(quantity, value, c=, s=, idx=, name=)`` (1-based)."""
        raise NotImplementedError

    def _sheet_summed(self, out_names, add) -> None:
        """The error each touched output vector is updated with (the summed sigma - t)."""
        for j, e in zip(self.rows.tolist(), self.err.tolist()):
            add("EI", e, idx=j + 1, name=out_names[j])


def logistic_error_sign(x: float, t) -> int:
    """sign of sum_i (sigma(x) - t_i) over the m terms of one output vector (all at the same
    score x: one h per step): with p = sum t, it is +1 when p = 0 (sigma > 0), -1 when p = m
    (sigma < 1), else the sign of x - log(p / (m - p)), where m sigma(x) = p.

    >>> logistic_error_sign(50.0, [1.0]), logistic_error_sign(-800.0, [0.0]), logistic_error_sign(0.0, [1.0, 0.0])
    (-1, 1, 0)
    """
    t = np.asarray(t, dtype=np.float64)
    m, p = len(t), float(t.sum())
    if p == 0:
        return 1
    if p == m:
        return -1
    return int(np.sign(x - np.log(p / (m - p))))


def first_seen(rows, values, labels) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row once, in order of first occurrence, with its value there and whether any of
    its occurrences has t = 1 (a word drawn as a negative and also the positive is true).

    >>> [a.tolist() for a in first_seen(np.array([3, 1, 3]), np.array([.1, .2, .3]), np.array([0, 0, 1]))]
    [[3, 1], [0.1, 0.2], [True, False]]
    """
    seen: dict = {}
    for r, v, t in zip(rows.tolist(), values.tolist(), labels.tolist()):
        value, true = seen.get(int(r), (float(v), False))
        seen[int(r)] = (value, true or bool(t == 1))
    return (np.array(list(seen), dtype=np.int64), np.array([v for v, _ in seen.values()]),
            np.array([t for _, t in seen.values()], dtype=bool))


def scatter(rows, errors, W_out):
    """Sum the errors of repeated rows; EH = sum_j err_j v'_j.  -> rows (R,), err (R,), EH (N,)

    >>> scatter(np.array([4, 1, 4]), np.array([0.5, 1.0, 0.25]), np.eye(5))[:2]
    (array([1, 4]), array([1.  , 0.75]))
    """
    uniq = np.array(sorted(set(rows.tolist())), dtype=np.int64)          # (R,) few rows: no np.unique
    err = np.bincount(np.searchsorted(uniq, rows), weights=errors, minlength=len(uniq))  # (R,)
    return uniq, err, err @ W_out[uniq]


class OutputLayer:
    """One output layer: what a subclass must say about itself and compute.

    Class attributes: ``name`` (the key in settings, links and files), ``title`` (what a
    student reads), ``value_symbol`` (y, or σ), and three flags: ``rows_are_words`` (W' has
    one row per word), ``defines_distribution`` (p(w | h) sums to 1 over the words),
    ``samples_negatives`` (a prediction draws words at random). ``updates_every_row``: a
    step changes every row of W' (full softmax), so the model replaces W' instead of
    updating rows in place. The defaults below are a layer like full softmax; a subclass
    overrides what differs.
    """

    name: str = ""
    title: str = ""
    value_symbol = "y"
    short = ""                  # a short name for tight places (default: the title)
    untrained_rule = "log V per prediction (every y_j = 1/V)"     # untrained_loss in words
    cost_rule = "V·P"           # cost in words, for P predictions
    cost_symbol = "V"           # the cost of one prediction, as a symbol
    updates_text = "every column of W′ (all V output vectors)"   # what a step changes in W'
    rows_are_words, defines_distribution, samples_negatives = True, True, False
    updates_every_row = False

    @classmethod
    def build(cls, counts, negative: int, power: float) -> "OutputLayer":
        """This layer for a vocabulary with these counts (k and the power: NS only)."""
        return cls(counts)

    @classmethod
    def rows_for(cls, V: int) -> int:
        """How many output vectors W' holds for V words."""
        return V

    @classmethod
    def check_vocabulary(cls, V: int, negative: int) -> None:
        """ValueError when this layer cannot train on V words (with k = ``negative``)."""

    @property
    def signature(self) -> tuple:
        """What makes two layers compute the same numbers from the same parameters."""
        return (self.name,)

    def draw(self, targets, rng):
        """The random part of a prediction (None: there is none)."""
        return None

    def given(self, negatives, targets):
        raise ValueError(f"{self.title} draws no negatives, so none can be given")

    def forward(self, W_out, h, targets, draw=None) -> LayerOut:
        """Every quantity of the P predictions of ``targets`` from h (N,) and W' (R, N)."""
        raise NotImplementedError

    def loss(self, W_out, h, targets, draw=None) -> np.ndarray:
        """The loss of each prediction only.  # (P,)"""
        raise NotImplementedError

    def cost(self, targets) -> int:
        """Output vectors one instance with these targets updates."""
        raise NotImplementedError

    def mean_cost(self, V: int) -> float:
        """Output vectors one prediction updates, on average over the V words as targets
        (kept: a layer never changes, and every page run of a lab asks it)."""
        memo = self.__dict__.setdefault("_mean_costs", {})
        if V not in memo:
            memo[V] = self.cost(np.arange(V)) / V
        return memo[V]

    def probabilities(self, W_out, h) -> np.ndarray:
        """p(w | h) for every word, where the layer defines a distribution.  # (V,)"""
        raise ValueError(f"{self.title} defines no probability distribution over the words")

    def untrained_loss(self, counts) -> float:
        """The loss of one prediction when every score is 0 (W' = 0), on average over the
        corpus's words as targets: log V for a softmax over V words (every y_j = 1/V)."""
        return float(np.log(len(counts)))
