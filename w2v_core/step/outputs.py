"""The three output layers: forward quantities and error terms side by side.

Each layer takes the hidden vector h (N,), the output matrix W' stored as rows
(v'_j = W_out[j]) and the P words to predict, and returns the loss and everything
the backward pass needs, in Rong's notation (arXiv:1411.2738):

- ``rows``/``err``: the output rows this prediction touches and their summed error
  (EI_j for full softmax; sum of sigma - t over paths/samples for HS and NS), so
  the gradient of row j is err_j * h  (eqs. 9/32, 50, 58),
- ``EH`` = sum over touched rows of err_j * v'_j, the gradient of the loss in h
  (eqs. 12/36, 54, 61), computed from W' *before* any update.
With ``loss_only=True`` a layer stops after the loss (the step's loss after the update).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..functions import log_sigmoid, logsumexp, sigmoid


@dataclass
class OutputResult:
    loss: np.ndarray        # (P,) loss of each prediction
    rows: np.ndarray        # (R,) rows of W_out touched, ascending
    err: np.ndarray         # (R,) summed error of each touched row
    EH: np.ndarray          # (N,)
    detail: dict = field(default_factory=dict)   # the layer's own forward quantities


def _scatter(rows, errors, W_out):
    """Sum the errors of repeated rows; EH = sum_j err_j v'_j.  -> rows (R,), err (R,), EH (N,)

    >>> _scatter(np.array([4, 1, 4]), np.array([0.5, 1.0, 0.25]), np.eye(5))[:2]
    (array([1, 4]), array([1.  , 0.75]))
    """
    uniq = np.array(sorted(set(rows.tolist())), dtype=np.int64)          # (R,) few rows: no np.unique
    err = np.bincount(np.searchsorted(uniq, rows), weights=errors, minlength=len(uniq))  # (R,)
    return uniq, err, err @ W_out[uniq]


def full_softmax(W_out, h, targets, loss_only=False) -> OutputResult:
    """Full softmax over all V words (Rong eqs. 2-12 and, for C outputs, 24-36).

    u_j = v'_j . h (eq. 2); y = softmax(u) (eq. 3); loss of target o: -u_o + log sum exp(u)
    (eq. 7; summed over the C outputs, eq. 29); e_{c,j} = y_j - t_{c,j} (eqs. 8, 30);
    EI_j = sum_c e_{c,j} (eq. 31); EH_i = sum_j EI_j w'_ij (eqs. 12, 36).
    """
    V = W_out.shape[0]
    u = W_out @ h                                    # (V,)
    lse = logsumexp(u)
    if loss_only:
        return OutputResult(lse - u[targets], None, None, None)
    y = np.exp(u - lse)                              # (V,)
    P = len(targets)
    t = np.zeros((P, V))                             # (P, V)
    t[np.arange(P), targets] = 1.0
    e = y[None, :] - t                               # (P, V)
    EI = e.sum(axis=0)                               # (V,)
    loss = lse - u[targets]                          # (P,)
    return OutputResult(loss, np.arange(V), EI, EI @ W_out,
                        dict(u=u, y=y, t=t, e=e, EI=EI))


def hierarchical_softmax(W_out, h, targets, tree, loss_only=False) -> OutputResult:
    """Hierarchical softmax along each target's Huffman path (Rong eqs. 37-54).

    At inner node n on the path: x_n = v'_n . h, sigma_n = sigma(x_n), label t_n = 1 - code_n;
    p(w | h) = prod_n sigma([[n goes left]] x_n) with [[.]] = 2 t_n - 1 (eqs. 37-38);
    loss -log p(w | h) (eq. 46); error sigma_n - t_n (eq. 49); EH = sum_n (sigma_n - t_n) v'_n
    (eqs. 53-54). Skip-gram sums losses, errors and EH over its C paths.
    """
    lengths = np.array([len(tree.points[o]) for o in targets])             # (P,)
    nodes = np.concatenate([tree.points[o] for o in targets])               # (S,) S = sum of path lengths
    t = 1.0 - np.concatenate([tree.codes[o] for o in targets])              # (S,)
    x = W_out[nodes] @ h                                                    # (S,)
    sig = sigmoid(x)                                                        # (S,)
    node_loss = -log_sigmoid((2.0 * t - 1.0) * x)                           # (S,)
    offsets = np.concatenate([[0], np.cumsum(lengths)])                     # (P+1,)
    loss = np.add.reduceat(node_loss, offsets[:-1])                         # (P,)
    if loss_only:
        return OutputResult(loss, None, None, None)
    rows, err, EH = _scatter(nodes, sig - t, W_out)
    return OutputResult(loss, rows, err, EH,
                        dict(nodes=nodes, t=t, x=x, sigma=sig, offsets=offsets,
                             prob=np.exp(-loss)))


def negative_sampling(W_out, h, targets, negatives, loss_only=False) -> OutputResult:
    """Negative sampling with k fixed negatives per target (Rong eqs. 55-61).

    Samples of prediction c: its positive w_O (t = 1) then its k negatives (t = 0);
    x = v'_j . h, sigma = sigma(x); loss -log sigma(x_O) - sum_neg log sigma(-x_neg) (eq. 55);
    error sigma - t (eq. 57); EH = sum over samples (sigma - t) v'_j (eq. 61).
    """
    targets = np.asarray(targets)
    samples = np.concatenate([targets[:, None], negatives], axis=1)        # (P, k+1)
    t = np.zeros(samples.shape)                                             # (P, k+1)
    t[:, 0] = 1.0
    x = W_out[samples] @ h                                                  # (P, k+1)
    sig = sigmoid(x)                                                        # (P, k+1)
    loss = -log_sigmoid((2.0 * t - 1.0) * x).sum(axis=1)                    # (P,)
    if loss_only:
        return OutputResult(loss, None, None, None)
    rows, err, EH = _scatter(samples.ravel(), (sig - t).ravel(), W_out)
    return OutputResult(loss, rows, err, EH, dict(samples=samples, t=t, x=x, sigma=sig))
