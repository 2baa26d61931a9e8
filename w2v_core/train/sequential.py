"""word2vec.c's sequential SGD loop, compiled (numba), for ``trainer.train``'s NS and HS.

One prediction after the other, each from the parameters the last one left, exactly the loop
of word2vec.c's ``TrainModelThread`` (Rong, arXiv:1411.2738, with the same equations as the
exact float64 step): for prediction p with input rows I_p and output entries (j, sign_j)

    h     = mean of v_w over I_p                                 (eq. 1; skip-gram: one row)
    x_j   = v'_j . h,   t_j = (1 + sign_j) / 2
    loss += -log sigma(sign_j x_j)                               (NS eq. 55, HS eq. 46)
    err_j = sigma(x_j) - t_j                                     (eqs. 49, 57)
    EH   += err_j v'_j  (v'_j before its update)                 (eqs. 54, 61)
    v'_j <- v'_j - eta err_j h                                   (eqs. 51, 59)
    v_w  <- v_w - eta EH  for every w in I_p                     (eqs. 35, 23; CBOW: full EH)

The output entries of prediction p are row ``pick[p]`` of (``out_rows``, ``out_sign``), its
first ``out_len[pick[p]]`` entries: for NS the p-th row of [target, negatives] with signs
(+1, -1, ..., -1); for HS the target's Huffman path (``HuffmanPaths``), signs 1 - 2 code.
With one prediction per mini-batch (``batch_size=1``) the NumPy trainer computes the same
updates, as long as no output row repeats within a prediction: HS paths never repeat a node,
and NS with k = 1 never does (a negative equal to its target is redrawn); with k > 1 two
negatives can be the same word, which the mini-batch damps (``batching.repeat_damping``) and
this loop applies one after the other. tests/test_sequential.py holds the two equal where
they agree; being sequential this loop has no staleness.

numba is optional: ``AVAILABLE`` is False without it and the trainer then uses its NumPy
mini-batches. The kernel is compiled once and cached next to this file (``cache=True``); it
releases the GIL (``nogil=True``) so a server thread stays responsive while it runs.
"""
from __future__ import annotations

import importlib.util
import math
import threading

import numpy as np

AVAILABLE = importlib.util.find_spec("numba") is not None           # imported on first use
# reassociation lets the dot products and row updates run in SIMD lanes; inf and NaN keep
# their meaning (no "nnan"/"ninf"), so a diverging run is still seen by the trainer's check
FASTMATH = {"reassoc", "contract"}


def _logistic(s):
    """(log sigma(s), sigma(s) - 1) from one exponential q = e^-|s| (never overflows), as
    ``batching.logistic_terms``: log sigma(s) = min(s, 0) - log(1 + q); sigma(s) - 1 is
    -q / (1 + q) for s >= 0 (kept tiny) and -1 / (1 + q) below."""
    q = math.exp(-abs(s))
    d = 1.0 + q
    log_sig = min(s, 0.0) - math.log(d)
    em1 = -q / d if s >= 0.0 else -1.0 / d
    return log_sig, em1


def _train_predictions(W_in, W_out, in_ptr, inputs, pick, out_rows, out_sign, out_len, lrs):
    """Train P predictions in order, in place; returns the summed loss (float64).
    W_in (V, N), W_out (rows, N) float32; in_ptr (P+1,), inputs (M,): prediction p's input
    rows are inputs[in_ptr[p]:in_ptr[p+1]]; pick (P,); out_rows (R, L) int32, out_sign (R, L)
    float32, out_len (R,); lrs (P,) float32, eta of each prediction."""
    N = W_in.shape[1]
    h = np.empty(N, np.float32)                                       # (N,)
    eh = np.empty(N, np.float32)                                      # (N,) -eta EH
    total = 0.0
    for p in range(len(pick)):
        a, b = in_ptr[p], in_ptr[p + 1]
        inv = np.float32(1.0 / (b - a))
        h[:] = 0.0
        for e in range(a, b):
            w = W_in[inputs[e]]
            for n in range(N):
                h[n] += inv * w[n]
        eh[:] = 0.0
        lr = lrs[p]
        r = pick[p]
        for i in range(out_len[r]):
            j, sign = out_rows[r, i], out_sign[r, i]
            v = W_out[j]
            x = np.float32(0.0)
            for n in range(N):
                x += v[n] * h[n]
            log_sig, em1 = _logistic(sign * x)
            total -= log_sig
            step = np.float32(em1 * (-lr * sign))                    # -eta err_j
            for n in range(N):
                eh[n] += step * v[n]
                v[n] += step * h[n]
        for e in range(a, b):
            w = W_in[inputs[e]]
            for n in range(N):
                w[n] += eh[n]
    return total


_compiling = threading.Lock()
_compiled = False


def _compile() -> None:
    """Replace the two functions above by their compiled versions (numba's import costs
    ~0.25 s, so it waits until a training needs it; the machine code is cached on disk).
    The loop calls ``_logistic`` through this module's globals, so both are rebound."""
    global _logistic, _train_predictions, _compiled
    with _compiling:
        if not _compiled:
            import numba
            _logistic = numba.njit(cache=True, nogil=True)(_logistic)
            _train_predictions = numba.njit(cache=True, nogil=True,
                                            fastmath=FASTMATH)(_train_predictions)
            _compiled = True


def prepare() -> None:
    """Import numba and load (or compile) the loop now, instead of in the first training:
    one call on a single prediction of throw-away arrays. Costs ~0.5 s with the disk cache,
    ~4 s without."""
    W = np.zeros((2, 1), np.float32)
    train_predictions(W, W.copy(), [0, 1], [0], [0], [[1]], [[1.0]], [1], [0.0])


def train_predictions(W_in, W_out, in_ptr, inputs, pick, out_rows, out_sign, out_len,
                      lrs) -> float:
    """``_train_predictions``, compiled, with every array in the dtype the kernel expects."""
    if not _compiled:
        _compile()
    i32 = np.int32
    return float(_train_predictions(
        W_in, W_out, np.ascontiguousarray(in_ptr, i32), np.ascontiguousarray(inputs, i32),
        np.ascontiguousarray(pick, i32), np.ascontiguousarray(out_rows, i32),
        np.ascontiguousarray(out_sign, np.float32), np.ascontiguousarray(out_len, i32),
        np.ascontiguousarray(lrs, np.float32)))
