"""The three output layers, one object each: forward quantities and error terms side by side.

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
One module per layer (softmax.py, hierarchical.py, negative.py); this one holds what they
share and the registry: a fourth layer is one new module and one line here.
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


def scatter(rows, errors, W_out):
    """Sum the errors of repeated rows; EH = sum_j err_j v'_j.  -> rows (R,), err (R,), EH (N,)

    >>> scatter(np.array([4, 1, 4]), np.array([0.5, 1.0, 0.25]), np.eye(5))[:2]
    (array([1, 4]), array([1.  , 0.75]))
    """
    uniq = np.array(sorted(set(rows.tolist())), dtype=np.int64)          # (R,) few rows: no np.unique
    err = np.bincount(np.searchsorted(uniq, rows), weights=errors, minlength=len(uniq))  # (R,)
    return uniq, err, err @ W_out[uniq]
