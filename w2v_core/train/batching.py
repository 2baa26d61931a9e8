"""The float32 mini-batch twins of the exact step's equations, for ``trainer.train``.

Everything here works on a whole mini-batch at once, in float32, with the same equations as
the exact float64 step (Rong, arXiv:1411.2738) written for B predictions. Each twin and the
exact function it mirrors (tests/test_batching_twins.py holds each pair equal on a small batch):

- ``gather_sum`` (mean of the context rows)  <->  ``step.updates.hidden``
- ``full_softmax_batch``                     <->  ``step.layers.FullSoftmax.forward`` and
  ``step.updates.output_vectors_after`` over all V rows
- ``logistic_errors``, via ``negative_sampling_batch`` and ``hierarchical_softmax_batch``
                                             <->  ``NegativeSampling.forward`` and
  ``HierarchicalSoftmax.forward`` (loss, sigma - t and sigma' from one float32 exponential
  e^-|x| in ``logistic_terms``, which keeps tiny errors as ``functions.sigmoid_error`` does,
  and EH)
- ``update_rows``                             <->  ``step.updates.output_vectors_after``
- ``scatter_add`` of -eta EH                 <->  ``step.updates.input_vectors_after`` with
  word2vec.c's convention (each CBOW context word gets the full EH)
- ``paths.HuffmanPaths``                     <->  ``HuffmanTree.codes`` / ``points``

The batch form:

- a mini-batch holds B predictions; row b has the hidden vector h_b (B, N) and its target;
- the output layers return the loss of each prediction and dH = -eta * EH (B, N), and update
  W' in place: v'_j <- v'_j - eta * err_j * h_b for every (b, j) the batch touches.

Both updates of a mini-batch use the parameters as they were before it (Hogwild-like
staleness: word2vec.c applies the B updates one after the other, here a word's row that
occurs several times in a batch receives the sum of its updates computed at the old value,
damped by ``repeat_damping``). That is what makes batching possible; with B ~ 1000 it
changes the result little.

Gathers and scatters of rows go through scipy's compiled sparse-times-dense kernels
(``csr_matvecs``/``csc_matvecs``), which add into the output array in place, the way
``np.add.at`` would, but about 30x faster. If those private kernels ever disappear, a
slower path built from public scipy calls gives the same sums.
"""
from __future__ import annotations


import numpy as np
import scipy.sparse

from ..functions import logsumexp
from .paths import HuffmanPaths
from .stream import INDEX, REAL

try:                                    # compiled kernels that add A @ X into Y in place
    from scipy.sparse._sparsetools import csc_matvecs, csr_matvecs
except ImportError:                     # pragma: no cover - depends on the scipy version
    csc_matvecs = csr_matvecs = None

# ---- sparse gathers and scatters --------------------------------------------------------
def gather_sum(W: np.ndarray, indptr, indices, weights) -> np.ndarray:
    """Row b = sum over its entries e of weights[e] * W[indices[e]] (a CSR (B x V) @ W).  # (B, N)

    >>> W = np.arange(6, dtype=REAL).reshape(3, 2)
    >>> gather_sum(W, np.array([0, 2]), np.array([0, 2]), np.array([0.5, 0.5], REAL)).tolist()
    [[2.0, 3.0]]
    """
    B, N = len(indptr) - 1, W.shape[1]
    if csr_matvecs is None:                                                  # pragma: no cover
        A = scipy.sparse.csr_matrix((weights, indices, indptr), shape=(B, W.shape[0]))
        return np.asarray(A @ W, dtype=W.dtype)
    out = np.zeros((B, N), dtype=W.dtype)
    csr_matvecs(B, W.shape[0], N, indptr, indices, weights, W.reshape(-1), out.reshape(-1))
    return out


def scatter_add(W: np.ndarray, indptr, indices, weights, X: np.ndarray, *, fast=True) -> None:
    """In place: W[indices[e]] += weights[e] * X[b] for every entry e of column b
    (W += A @ X with A a CSC (V x B) matrix); repeated rows add up, as np.add.at would.

    >>> W = np.zeros((3, 2), REAL)
    >>> scatter_add(W, np.array([0, 2]), np.array([1, 1]), np.ones(2, REAL), np.ones((1, 2), REAL))
    >>> W.tolist()
    [[0.0, 0.0], [2.0, 2.0], [0.0, 0.0]]
    """
    if not W.flags.c_contiguous:
        raise ValueError("scatter_add needs a C-contiguous W to update in place")
    B, N = len(indptr) - 1, W.shape[1]
    if fast and csc_matvecs is not None:
        csc_matvecs(W.shape[0], B, N, indptr, indices, weights, X.reshape(-1), W.reshape(-1))
        return
    rows, inverse = np.unique(indices, return_inverse=True)                  # public, slower
    A = scipy.sparse.csc_matrix((weights, inverse.reshape(-1), indptr), shape=(len(rows), B))
    W[rows] += np.asarray(A @ X, dtype=W.dtype)


# ---- the output layers on a mini-batch --------------------------------------------------
def repeat_damping(rows: np.ndarray, curvature: np.ndarray, lr: float, n_rows: int,
                   counted=None) -> np.ndarray:
    """Scale for each entry's update when its row occurs m times in one mini-batch.  # (E,)

    word2vec.c applies a row's m updates one after the other, each from the row as the last
    one left it; the mini-batch sums m updates computed from the same old row. When the m
    gradients point the same way the sum overshoots (and, for the root of the Huffman tree,
    which every prediction visits, diverges). On a quadratic with curvature c_e per update,
    m sequential steps move the row s = (1 - (1 - a/m)^m) / a times the summed step, where
    a = eta * sum_e c_e; the sum is scaled by that s. s = 1 for a row met once, so a
    mini-batch of one prediction is exactly word2vec.c's step. ``counted`` (E,) marks the
    entries that count as meetings (None: all); the others are padding (curvature 0).

    >>> repeat_damping(np.array([0, 1, 1]), np.array([1.0, 1.0, 1.0]), 0.5, 2).round(3).tolist()
    [1.0, 0.75, 0.75]
    """
    m = np.bincount(rows, counted, minlength=n_rows)                         # (rows,) repeats
    hot = np.flatnonzero(m > 1)                                              # met twice or more
    scale = np.ones(n_rows, REAL)                                            # (rows,)
    if len(hot):
        a = lr * np.bincount(rows, weights=curvature, minlength=n_rows)[hot] # (hot,)
        scale[hot] = sequential_scale(m[hot], a)
    return np.take(scale, rows)


def sequential_scale(m, a) -> np.ndarray:
    """s = (1 - (1 - a/m)^m) / a: m sequential steps of size 1/m each on a quadratic with
    summed curvature a move s times as far as one step of the summed gradient (s <= 1).
    m >= 1 and a >= 0 (curvatures are never negative).

    >>> sequential_scale(np.array([1, 2, 1000]), np.array([0.5, 0.5, 100.0])).round(3).tolist()
    [1.0, 0.875, 0.01]
    """
    m, a = np.asarray(m, dtype=np.float64), np.asarray(a, dtype=np.float64)
    left = np.maximum(1.0 - a / m, 1e-300)                                      # 1 - a/m
    moved = -np.expm1(m * np.log(left))                                         # 1 - left^m
    scale = np.divide(moved, a, out=np.ones_like(a), where=a > 1e-12)
    return np.where(m <= 1, 1.0, scale)


def binary_logistic(W_out, H, rows, sign, lr):
    """Negative sampling on B predictions: prediction b scores the rows ``rows[b]`` of W'
    (B, L) with labels t = (1 + sign) / 2 (``sign`` (B, L), or (L,) the same for every b).
    Returns (loss (B,), dH (B, N)); updates W'.
    """
    loss, dH, step, curv = logistic_errors(W_out, H, rows, sign, lr)
    update_rows(W_out, H, rows.ravel(), step.ravel(), curv.ravel(), rows.shape[1], lr)
    return loss, dH


def logistic_errors(W_out, H, rows, sign, lr, valid=None):
    """The forward pass and error terms of ``binary_logistic``, from the current W'.

    x = v'_j . h_b; loss_b = -sum log sigma(sign * x) (NS eq. 55, HS eq. 46);
    err = sigma(x) - t (eqs. 49, 57); dH_b = -eta sum err v'_j (= -eta EH, eqs. 54, 61).
    Returns (loss (B,), dH (B, N), step = -eta err (B, L), curvature sigma' |h|^2 (B, L)).
    Padding entries (``valid`` False) carry sign 0, hence err 0 and step 0; their loss and
    curvature are masked.
    """
    O = np.take(W_out, rows, axis=0)                                         # (B, L, N) v'_j
    x = np.matmul(O, H[:, :, None])[:, :, 0]                                 # (B, L) v'_j . h
    log_sig, em1, slope = logistic_terms(sign * x)                           # (B, L) each
    if valid is not None:
        log_sig *= valid
        slope *= valid
    loss = -(log_sig @ np.ones(log_sig.shape[1]))                            # (B,) float64
    step = em1 * (-lr * sign).astype(REAL)                                   # (B, L) -eta err
    dH = np.matmul(step[:, None, :], O)[:, 0, :]                             # (B, N) old W'
    h_sq = np.einsum("bn,bn->b", H, H)                                       # (B,) |h|^2
    slope *= h_sq[:, None]
    return loss, dH, step, slope


def logistic_terms(s):
    """log sigma(s), sigma(s) - 1 and sigma'(s) = sigma(s) (1 - sigma(s)) for scores s, from
    one exponential q = e^-|s| (never overflows): log sigma(s) = min(s, 0) - log(1 + q);
    sigma(s) - 1 = -q/(1 + q) for s >= 0 (kept tiny, as ``functions.sigmoid_error``), -1/(1 + q)
    below; sigma' = q / (1 + q)^2. The float type of s is kept. (log(1 + q) rather than
    log1p(q): 1 + q is needed anyway, and q <= 1 loses nothing that matters to a loss.)

    >>> [v.round(4).tolist() for v in logistic_terms(np.array([0.0, 2.0, -40.0]))]
    [[-0.6931, -0.1269, -40.0], [-0.5, -0.1192, -1.0], [0.25, 0.105, 0.0]]
    """
    q = np.abs(s)
    np.negative(q, out=q)
    np.exp(q, out=q)                                                         # e^-|s| in (0, 1]
    d = q + 1                                                                # 1 + q
    p = np.reciprocal(d)                                                     # sigma(|s|)
    log_sig = np.minimum(s, 0)
    log_sig -= np.log(d, out=d)                                              # log sigma(s)
    q *= p                                                                   # sigma(-|s|)
    em1 = np.where(s >= 0, q, p)
    np.negative(em1, out=em1)                                                # sigma(s) - 1
    q *= p                                                                   # sigma'(s)
    return log_sig, em1, q


def update_rows(W_out, H, rows, step, curv, per_prediction, lr, counted=None) -> None:
    """v'_j <- v'_j - eta err h_b for every entry (eqs. 51, 59), ``per_prediction`` entries
    (one number for all, or (B,)) for prediction b in order, rows met several times damped
    (``repeat_damping``; ``counted`` marks the entries that are not padding)."""
    if np.ndim(per_prediction) == 0:                                         # (B+1,)
        indptr = np.arange(0, len(rows) + 1, per_prediction, dtype=INDEX)
    else:
        indptr = np.concatenate([[0], np.cumsum(per_prediction)]).astype(INDEX)
    step = step * repeat_damping(rows, curv, lr, len(W_out), counted)        # (E,) float32
    scatter_add(W_out, indptr, rows, step, H)                                # v'_j += step h_b


def negative_sampling_batch(W_out, H, samples, lr):
    """NS: ``samples`` (B, k+1) holds each target (t = 1) then its k negatives (t = 0)."""
    sign = np.full(samples.shape[1], -1.0, REAL)                             # (k+1,) for every b
    sign[0] = 1.0
    return binary_logistic(W_out, H, samples, sign, lr)


def hierarchical_softmax_batch(W_out, H, targets, paths: HuffmanPaths, lr, groups: int = 2):
    """HS: the inner nodes of each target's path, t_n = 1 - code_n. The batch is sorted by
    path length and cut into ``groups`` so that short paths are not padded to the longest;
    every group's errors come from W' as it was before the batch, then all updates are
    applied together. Padding entries (row 0, sign 0, so step 0) stay in the arrays: they add
    nothing to W' and do not count as meetings of row 0."""
    B = len(targets)
    length = np.take(paths.length, targets)                                  # (B,)
    order = np.argsort(length, kind="stable")                                # (B,) short first
    length, by_length = length[order], targets[order]
    rows_all = np.take(paths.rows, by_length, axis=0)                        # (B, L_max)
    sign_all = np.take(paths.sign, by_length, axis=0)                        # (B, L_max)
    H_sorted = np.take(H, order, axis=0)                                     # (B, N)
    cuts = np.cumsum([0] + [len(p) for p in np.array_split(np.arange(B), groups)])
    loss, dH, rows, step, curv, counted, padded = [], [], [], [], [], [], []
    for a, b in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
        if a == b:
            continue
        L = int(length[b - 1])                                               # longest in group
        valid = np.arange(L)[None, :] < length[a:b, None]                    # (b-a, L)
        r = rows_all[a:b, :L]
        part_loss, part_dH, s, c = logistic_errors(W_out, H_sorted[a:b], r, sign_all[a:b, :L],
                                                   lr, valid)
        loss.append(part_loss)
        dH.append(part_dH)
        rows.append(r.ravel())
        step.append(s.ravel())
        curv.append(c.ravel())
        counted.append(valid.ravel())
        padded.append(np.full(b - a, L))                                     # padded L each
    update_rows(W_out, H_sorted, np.concatenate(rows), np.concatenate(step),
                np.concatenate(curv), np.concatenate(padded), lr, np.concatenate(counted))
    loss_out, dH_out = np.empty(B), np.empty_like(H)
    loss_out[order], dH_out[order] = np.concatenate(loss), np.concatenate(dH)
    return loss_out, dH_out


def full_softmax_batch(W_out, H, targets, lr):
    """Full softmax, O(V) per prediction: u = W' h (eq. 2), y = softmax(u) (eq. 3),
    loss = log sum exp(u) - u_o (eq. 7), e = y - t (eq. 8); dH = -eta e W' (eq. 12) and
    W' <- W' - eta e^T h for all V rows (eq. 11), each row damped for its B repeats.
    Returns (loss (B,), dH (B, N))."""
    B = len(targets)
    u = H @ W_out.T                                                          # (B, V)
    lse = logsumexp(u, axis=1)                                               # (B,) float64
    loss = lse - u[np.arange(B), targets]                                    # (B,)
    y = np.exp(u - lse[:, None].astype(REAL))                                # (B, V)
    h_sq = np.einsum("bn,bn->b", H, H)                                       # (B,) |h|^2
    a = lr * (h_sq @ (y * (1.0 - y))).astype(np.float64)                     # (V,) eta * curvature
    damp = sequential_scale(np.full(len(a), B), a)                           # (V,) B repeats each
    e = y.copy()
    e[np.arange(B), targets] -= 1.0                                          # (B, V) e = y - t
    step = (-lr * e).astype(REAL)                                            # (B, V)
    dH = step @ W_out                                                        # (B, N) old W'
    W_out += damp.astype(REAL)[:, None] * (step.T @ H)                       # (V, N)
    return loss, dH
