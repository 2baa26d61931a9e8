"""Numerically stable scalar functions shared by every output layer.

Each works on any float array and never overflows: the exponentials are written
through ``np.logaddexp`` (log-sum-exp), so scores of +-1e3 or +-1e300 give exact
0 / 1 probabilities and finite losses instead of warnings and NaN.
"""
import numpy as np


def log_sigmoid(x):
    """log sigma(x) = -log(1 + exp(-x)), stable for any x.

    >>> float(log_sigmoid(0.0))   # log(1/2)
    -0.6931471805599453
    """
    return -np.logaddexp(0.0, -np.asarray(x, dtype=np.float64))


def sigmoid(x):
    """sigma(x) = 1 / (1 + exp(-x)), stable for any x (never warns).

    >>> float(sigmoid(0.0)), float(sigmoid(1e3)), float(sigmoid(-1e3))
    (0.5, 1.0, 0.0)
    """
    return np.exp(log_sigmoid(x))


def sigmoid_error(x, t):
    """sigma(x) - t for labels t in {0, 1}, the error of HS and NS (Rong eqs. 49, 57).

    Written as -sigma(-x) where t = 1, so a large x keeps its tiny error e^-x instead of
    cancelling 1 - 1 to exactly 0.

    >>> float(sigmoid_error(40.0, 1.0))      # -sigma(-40) = -e^-40, not 0
    -4.248354255291589e-18
    >>> float(sigmoid_error(0.0, 0.0))
    0.5
    """
    x = np.asarray(x, dtype=np.float64)
    return np.where(np.asarray(t) == 1, -sigmoid(-x), sigmoid(x))


def logsumexp(u, axis=-1):
    """log sum_j exp(u_j), the softmax's normaliser, stable for any u (Rong eq. 7's log).

    >>> float(logsumexp(np.array([0.0, 0.0])))   # log 2
    0.6931471805599453
    """
    u = np.asarray(u, dtype=np.float64)
    if u.ndim == 1:                  # the common case: the ufuncs' reduce, without wrappers
        m = np.maximum.reduce(u)
        m = m if np.isfinite(m) else 0.0
        return m + np.log(np.add.reduce(np.exp(u - m)))
    m = np.max(u, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(u - m), axis=axis))


def softmax(u, axis=-1):
    """y_j = exp(u_j) / sum_j' exp(u_j')  (Rong eq. 5), via log-sum-exp.

    >>> softmax(np.array([0.0, np.log(3.0)])).round(6).tolist()
    [0.25, 0.75]
    """
    u = np.asarray(u, dtype=np.float64)
    return np.exp(u - np.expand_dims(logsumexp(u, axis=axis), axis))
