"""Full softmax over all V words (Rong eqs. 2-12 and, for C outputs, 24-36)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..functions import logsumexp
from .layer import LayerOut, OutputLayer


@dataclass(frozen=True)
class SoftmaxOut(LayerOut):
    u: np.ndarray           # (V,) scores u_j = v'_j . h
    y: np.ndarray           # (V,) softmax(u)
    t: np.ndarray           # (P, V) one-hot targets
    e: np.ndarray           # (P, V) e_{c,j} = y_j - t_{c,j}

    @property
    def EI(self) -> np.ndarray:
        """EI_j = sum_c e_{c,j} (eq. 31; = e_j for one prediction), for every word.  # (V,)"""
        return self.err

    def error_terms(self, j: int) -> tuple[tuple[float, float], ...]:
        """(y_j, t_{c,j}) for each prediction c: EI_j is the sum of their differences (eq. 31)."""
        return tuple((float(self.y[j]), float(t)) for t in self.t[:, j])

    def score_of(self, j: int) -> float:
        return float(self.u[j])

    def times(self, j: int) -> int:
        return 1

    def error_sign(self, j: int) -> int:
        """EI_j = P y_j - n_j (n_j predictions of word j): +1 when n_j = 0, -1 when n_j = P,
        else the sign of log y_j - log(n_j / P), with log y_j = u_j - log sum exp u."""
        P, n = self.t.shape[0], float(self.t[:, j].sum())
        if n == 0:
            return 1
        if n == P:
            return -1
        return int(np.sign((self.u[j] - logsumexp(self.u)) - np.log(n / P)))

    def neurons(self, targets):
        """Every word, with y_j; the predicted words are the true outputs."""
        rows = np.arange(len(self.y))
        return rows, self.y, np.isin(rows, targets)

    def sheet(self, words, out_names, add) -> list[tuple]:
        P = self.t.shape[0]
        for j in range(len(self.u)):
            for q, v in (("u", self.u[j]), ("y", self.y[j])):
                add(q, float(v), idx=j + 1, name=words[j])
            for c in range(P):
                add("t", float(self.t[c, j]), c=c + 1, idx=j + 1, name=words[j])
                add("e", float(self.e[c, j]), c=c + 1, idx=j + 1, name=words[j])
            add("EI", float(self.EI[j]), idx=j + 1, name=words[j])
        cols = ("j", "word", "u_j", "y_j") + tuple(
            f"{s} (c = {c + 1})" for c in range(P) for s in ("t", "e")) + ("EI_j",)
        rows = [(j + 1, words[j], float(self.u[j]), float(self.y[j]),
                 *[float(v) for c in range(P) for v in (self.t[c, j], self.e[c, j])],
                 float(self.EI[j])) for j in range(len(self.u))]
        return [("Scores, softmax and errors", cols, rows)]


def others_sum(y, targets) -> np.ndarray:
    """1 - y_o for each target o, as the sum of the other words' y (eq. 8's e_o = y_o - 1):
    exact when y_o is near 1, where 1 - y_o would round to 0.  # (P,)

    >>> others_sum(np.array([1e-20, 1.0 - 1e-20]), [1])
    array([1.e-20])
    """
    y = np.asarray(y, dtype=np.float64)
    return np.array([y.sum() - y[o] if y[o] < 0.5 else np.delete(y, o).sum() for o in targets])


def target_loss(u, lse, targets) -> np.ndarray:
    """-log y_o = log sum_j exp(u_j) - u_o for each target o (eq. 7); when u_o is the largest
    score, log1p of the other words' exp(u_j - u_o), which keeps a loss of 1e-17 (the
    difference of two nearly equal logs would be 0).  # (P,)

    >>> target_loss(np.array([0.0, 50.0]), 50.0, [1])
    array([1.92874985e-22])
    """
    u = np.asarray(u, dtype=np.float64)
    top = np.maximum.reduce(u)
    out = []
    for o in targets:
        if u[o] >= top:
            out.append(np.log1p(np.exp(np.delete(u, o) - u[o]).sum()))
        else:
            out.append(lse - u[o])
    return np.array(out)


class FullSoftmax(OutputLayer):
    """Full softmax over all V words (Rong eqs. 2-12 and, for C outputs, 24-36)."""

    name, title = "softmax", "full softmax"
    value_symbol = "y"          # what an output neuron shows
    rows_are_words, defines_distribution, samples_negatives = True, True, False
    updates_every_row = True
    short = "softmax"

    def __init__(self, counts):
        self.V = len(counts)

    def loss(self, W_out, h, targets, draw=None) -> np.ndarray:
        """-u_o + log sum_j exp(u_j) for each target o (eq. 7; summed over C outputs, eq. 29).  # (P,)"""
        u = W_out @ h                                                 # (V,)
        return target_loss(u, logsumexp(u), targets)

    def forward(self, W_out, h, targets, draw=None) -> SoftmaxOut:
        """u_j = v'_j . h (eq. 2); y = softmax(u) (eq. 3); e_{c,j} = y_j - t_{c,j} (eqs. 8, 30);
        EI_j = sum_c e_{c,j} (eq. 31); EH_i = sum_j EI_j w'_ij (eqs. 12, 36)."""
        V = W_out.shape[0]
        u = W_out @ h                                                 # (V,)
        lse = logsumexp(u)
        y = np.exp(u - lse)                                           # (V,)
        P = len(targets)
        t = np.zeros((P, V))                                          # (P, V)
        t[np.arange(P), targets] = 1.0
        e = y[None, :] - t                                            # (P, V)
        e[np.arange(P), targets] = -others_sum(y, targets)            # y_o - 1, kept exact
        EI = np.add.reduce(e, axis=0)                                 # (V,)
        return SoftmaxOut(target_loss(u, lse, targets), np.arange(V), EI, EI @ W_out, u, y, t, e)

    def cost(self, targets) -> int:
        return self.V * len(targets)

    def probabilities(self, W_out, h) -> np.ndarray:
        """p(w_j | h) = y_j = softmax(v'_j . h) (eq. 3).  # (V,)"""
        u = W_out @ np.asarray(h, dtype=np.float64)
        return np.exp(u - logsumexp(u))
