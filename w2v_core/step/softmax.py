"""Full softmax over all V words (Rong eqs. 2-12 and, for C outputs, 24-36)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..functions import logsumexp
from ..settings import OUTPUT_TITLES
from .layer import LayerOut


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


class FullSoftmax:
    """Full softmax over all V words (Rong eqs. 2-12 and, for C outputs, 24-36)."""

    name = "softmax"
    title = OUTPUT_TITLES[name]
    value_symbol = "y"          # what an output neuron shows
    rows_are_words, defines_distribution, samples_negatives = True, True, False

    def __init__(self, counts):
        self.V = len(counts)

    @classmethod
    def build(cls, counts, negative: int, power: float):
        """This layer for a vocabulary with these counts (k and the power: NS only)."""
        return cls(counts)

    @staticmethod
    def rows_for(V: int) -> int:
        return V

    @property
    def signature(self) -> tuple:
        """What makes two layers compute the same numbers from the same parameters."""
        return (self.name,)

    def draw(self, targets, rng) -> None:
        return None

    def loss(self, W_out, h, targets, draw=None) -> np.ndarray:
        """-u_o + log sum_j exp(u_j) for each target o (eq. 7; summed over C outputs, eq. 29).  # (P,)"""
        u = W_out @ h                                                 # (V,)
        return logsumexp(u) - u[targets]

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
        EI = e.sum(axis=0)                                            # (V,)
        return SoftmaxOut(lse - u[targets], np.arange(V), EI, EI @ W_out, u, y, t, e)

    def cost(self, targets) -> int:
        return self.V * len(targets)

    def probabilities(self, W_out, h) -> np.ndarray:
        """p(w_j | h) = y_j = softmax(v'_j . h) (eq. 3).  # (V,)"""
        u = W_out @ np.asarray(h, dtype=np.float64)
        return np.exp(u - logsumexp(u))
