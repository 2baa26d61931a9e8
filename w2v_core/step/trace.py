"""What one SGD step computed: every quantity a page shows, in Rong's notation."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .layers import LayerOut
from .updates import input_vectors_after, output_vectors_after


@dataclass
class StepTrace:
    """One SGD step: the instance, the forward pass, the errors and the changes.

    ``out`` holds the output layer's own quantities, typed per layer (``layers.SoftmaxOut``:
    u, y, t, e, EI; ``HSOut``: the paths; ``NSOut``: the samples with x, sigma, t). Rows of W
    (``W_in``) and W' (``W_out``, one row per output vector v'_j) that the step touched are
    listed with their values before it; ``*_after`` applies the step's own update functions
    (``updates.py``) to those values, so they equal the model's new values bit for bit, and
    Undo restores ``before`` bit for bit.
    """

    arch: str
    output: str                 # the output layer's name in the registry (step/layers.py)
    convention: str
    lr: float
    center: int
    context: tuple[int, ...]
    inputs: np.ndarray          # (C_in,) words whose input vectors make h (repeats kept)
    targets: np.ndarray         # (P,) words predicted: the C context words (skip-gram) or the centre (CBOW)
    h: np.ndarray               # (N,) hidden layer
    out: LayerOut               # the output layer's forward quantities and errors
    loss: float                 # loss of this instance before the step
    loss_after: float           # the same loss (same negatives) after the step
    out_before: np.ndarray      # (R, N) the touched rows of W' before the step
    in_rows: np.ndarray         # (I,) distinct rows of W_in changed
    in_share: np.ndarray        # (I,) each row's share of EH: 1 (skip-gram), count/C (CBOW), count (word2vec.c CBOW)
    in_before: np.ndarray       # (I, N)
    rng_state: dict             # the model's generator state before the step (for Undo)
    negatives: np.ndarray | None = None   # (P, k) the draw the loss depends on (NS), else None
    diverged: bool = False      # a loss or parameter became inf/NaN

    @property
    def EH(self) -> np.ndarray:
        """dE/dh, from W' before the update (eqs. 12, 36, 54, 61).  # (N,)"""
        return self.out.EH

    @property
    def loss_per_target(self) -> np.ndarray:
        """The loss of each of the P predictions.  # (P,)"""
        return self.out.loss

    @property
    def out_rows(self) -> np.ndarray:
        """Rows of W_out touched, ascending.  # (R,)"""
        return self.out.rows

    @property
    def out_err(self) -> np.ndarray:
        """Summed error of each touched row: EI_j (softmax), sum of sigma - t (HS, NS).  # (R,)"""
        return self.out.err

    @property
    def in_grad(self) -> np.ndarray:
        """The gradient the step used for each touched row of W: share * EH.  # (I, N)"""
        return self.in_share[:, None] * self.EH[None, :]

    @property
    def out_grad(self) -> np.ndarray:
        """The gradient of each touched row of W': out_err_j * h.  # (R, N)"""
        return np.outer(self.out_err, self.h)

    @property
    def in_after(self) -> np.ndarray:
        """The touched rows of W after the step.  # (I, N)"""
        return input_vectors_after(self.in_before, self.in_share, self.EH, self.lr)

    @property
    def out_after(self) -> np.ndarray:
        """The touched rows of W' after the step.  # (R, N)"""
        return output_vectors_after(self.out_before, self.out_err, self.h, self.lr)

    @property
    def d_in(self) -> np.ndarray:
        """Change of each touched row of W: -eta * (share of) EH.  # (I, N)"""
        return self.in_after - self.in_before

    @property
    def d_out(self) -> np.ndarray:
        """Change of each touched row of W': -eta * out_err_j * h.  # (R, N)"""
        return self.out_after - self.out_before

    @property
    def true_output(self) -> int:
        """The output vector of the first predicted word (HS: the first node of its path)."""
        return self.out.true_output(self.targets)

    @property
    def vectors_touched(self) -> int:
        """How many output vectors this step updated: V, the path nodes, or k+1 per prediction."""
        return len(self.out_rows)
