"""What one SGD step computed: every quantity a page shows, in Rong's notation."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class HSPath:
    """One target word's Huffman path with the forward and error terms at each inner node."""

    word: int
    nodes: np.ndarray      # (L,) inner nodes = rows of W_out, root first
    codes: np.ndarray      # (L,) word2vec.c's bits, 0 = left
    t: np.ndarray          # (L,) targets t_n = 1 - code_n
    x: np.ndarray          # (L,) v'_n . h
    sigma: np.ndarray      # (L,) sigma(v'_n . h)
    prob: float            # p(word | h) = prod_n sigma((2 t_n - 1) x_n)

    @property
    def err(self) -> np.ndarray:
        """sigma_n - t_n, the error at each node (Rong eq. 49).  # (L,)"""
        return self.sigma - self.t


@dataclass
class StepTrace:
    """One SGD step: the instance, the forward pass, the errors and the changes.

    Rows of W (``W_in``) and W' (``W_out``, one row per output vector v'_j) that the
    step touched are listed with their values before it; ``*_after`` recomputes
    before - eta * gradient with the step's own operations, so it equals the model's
    new values bit for bit, and Undo restores ``before`` bit for bit.
    """

    arch: str
    output: str
    convention: str
    lr: float
    center: int
    context: tuple[int, ...]
    inputs: np.ndarray          # (C_in,) words whose input vectors make h (repeats kept)
    targets: np.ndarray         # (P,) words predicted: the C context words (skip-gram) or the centre (CBOW)
    h: np.ndarray               # (N,) hidden layer
    loss: float                 # loss of this instance before the step
    loss_after: float           # the same loss (same negatives) after the step
    loss_per_target: np.ndarray  # (P,)
    EH: np.ndarray              # (N,) dE/dh
    out_rows: np.ndarray        # (R,) rows of W_out touched, ascending
    out_err: np.ndarray         # (R,) summed error of each: EI_j (softmax), sum of sigma - t (HS, NS)
    out_before: np.ndarray      # (R, N)
    in_rows: np.ndarray         # (I,) distinct rows of W_in changed
    in_share: np.ndarray        # (I,) each row's share of EH: 1 (skip-gram), count/C (CBOW), count (word2vec.c CBOW)
    in_before: np.ndarray       # (I, N)
    rng_state: dict             # the model's generator state before the step (for Undo)
    diverged: bool = False      # a loss or parameter became inf/NaN
    # full softmax only
    u: np.ndarray | None = None      # (V,) scores u_j = v'_j . h
    y: np.ndarray | None = None      # (V,) softmax(u)
    t: np.ndarray | None = None      # (P, V) one-hot targets
    e: np.ndarray | None = None      # (P, V) e_{c,j} = y_j - t_{c,j}
    EI: np.ndarray | None = None     # (V,) sum over c of e_{c,j}
    # hierarchical softmax only
    paths: list[HSPath] | None = None
    # negative sampling only
    negatives: np.ndarray | None = None   # (P, k) negatives of each prediction
    rejected: list[list[int]] | None = None  # per prediction, draws rejected for hitting the positive
    ns_samples: np.ndarray | None = None  # (P, k+1) positive then negatives
    ns_t: np.ndarray | None = None        # (P, k+1) labels: 1 then k zeros
    ns_x: np.ndarray | None = None        # (P, k+1) v'_j . h
    ns_sigma: np.ndarray | None = None    # (P, k+1) sigma(v'_j . h)

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
        return self.in_before - self.lr * self.in_grad

    @property
    def out_after(self) -> np.ndarray:
        """The touched rows of W' after the step.  # (R, N)"""
        return self.out_before - self.lr * self.out_grad

    @property
    def d_in(self) -> np.ndarray:
        """Change of each touched row of W: -eta * (share of) EH.  # (I, N)"""
        return self.in_after - self.in_before

    @property
    def d_out(self) -> np.ndarray:
        """Change of each touched row of W': -eta * out_err_j * h.  # (R, N)"""
        return self.out_after - self.out_before

    @property
    def vectors_touched(self) -> int:
        """How many output vectors this step updated: V, the path nodes, or k+1 per prediction."""
        return len(self.out_rows)
