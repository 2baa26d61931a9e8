"""Negative sampling with k negatives per target (Rong eqs. 55-61)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..functions import log_sigmoid, sigmoid, sigmoid_error
from ..noise import NegativeDraw, NoiseDistribution
from .layer import LayerOut, OutputLayer, first_seen, logistic_error_sign, scatter


@dataclass(frozen=True)
class NSOut(LayerOut):
    negatives: np.ndarray   # (P, k) negatives of each prediction
    rejected: list          # per prediction, draws rejected for hitting the positive
    samples: np.ndarray     # (P, k+1) positive then negatives
    t: np.ndarray           # (P, k+1) labels: 1 then k zeros
    x: np.ndarray           # (P, k+1) v'_j . h
    sigma: np.ndarray       # (P, k+1) sigma(v'_j . h)
    sample_err: np.ndarray  # (P, k+1) sigma - t of each sample (eq. 57)

    def error_terms(self, j: int) -> tuple[tuple[float, float], ...]:
        """(sigma, t) for each sample equal to word j: their differences sum to err_j."""
        return tuple((float(self.sigma[c, s]), float(self.t[c, s]))
                     for c, s in np.argwhere(self.samples == j))

    def score_of(self, j: int) -> float:
        c, s = np.argwhere(self.samples == j)[0]
        return float(self.x[c, s])

    def error_sign(self, j: int) -> int:
        return logistic_error_sign(self.score_of(j), self.t[self.samples == j])

    def neurons(self, targets):
        """Each sampled word once, with sigma of its first sample; true when any of its
        samples is a positive."""
        return first_seen(self.samples.ravel(), self.sigma.ravel(), self.t.ravel())

    def sheet(self, words, out_names, add) -> list[tuple]:
        rows = []
        for c in range(self.samples.shape[0]):
            for s, j in enumerate(self.samples[c].tolist()):
                for q, v in (("x", self.x[c, s]), ("sigma", self.sigma[c, s]),
                             ("t", self.t[c, s]), ("sigma - t", self.sample_err[c, s])):
                    add(q, float(v), c=c + 1, s=s, idx=j + 1, name=words[j])
                rows.append((c + 1, "positive" if s == 0 else f"negative {s}", j + 1, words[j],
                             float(self.t[c, s]), float(self.x[c, s]), float(self.sigma[c, s]),
                             float(self.sample_err[c, s])))
        self._sheet_summed(out_names, add)
        return [("The k + 1 samples of each prediction (x = v'_j · h)",
                 ("c", "sample", "j", "word", "t", "x", "σ(x)", "σ − t"), rows)]


class NegativeSampling(OutputLayer):
    """Negative sampling with k negatives per target (Rong eqs. 55-61).

    Samples of prediction c: its positive w_O (t = 1) then its k negatives (t = 0);
    x = v'_j . h, sigma = sigma(x); loss -log sigma(x_O) - sum_neg log sigma(-x_neg) (eq. 55);
    error sigma - t (eq. 57); EH = sum over samples (sigma - t) v'_j (eq. 61).
    """

    name, title = "ns", "negative sampling"
    value_symbol = "σ"          # what an output neuron shows
    rows_are_words, defines_distribution, samples_negatives = True, False, True
    short, cost_rule = "NS", "P·(k+1)"
    cost_symbol, updates_text = "k + 1", "only the positive word and the k negatives"
    untrained_rule = "(k + 1) · log 2 per prediction, every σ = ½"

    def __init__(self, counts, negative: int = 5, power: float = 0.75):
        self.k = int(negative)
        self.noise = NoiseDistribution(counts, power)

    @classmethod
    def build(cls, counts, negative: int, power: float):
        """This layer for a vocabulary with these counts (k and the power: NS only)."""
        return cls(counts, negative, power)

    @property
    def signature(self) -> tuple:
        return (self.name, self.k, self.noise.power)

    @classmethod
    def check_vocabulary(cls, V: int, negative: int) -> None:
        """k < V, so that k distinct negatives other than the positive exist."""
        if negative >= V:
            raise ValueError(f"k = {negative} negatives need at least k + 1 = "
                             f"{negative + 1} words in the vocabulary, which has V = {V}")

    def untrained_loss(self, counts) -> float:
        """k + 1 samples, each at sigma(0) = 1/2: (k + 1) log 2 (eq. 55 at x = 0)."""
        return float((self.k + 1) * np.log(2.0))

    def draw(self, targets, rng) -> NegativeDraw:
        """k negatives per prediction from P_n, redrawing any equal to its positive."""
        return self.noise.draw(targets, self.k, rng)

    def given(self, negatives, targets) -> NegativeDraw:
        """Negatives chosen by the caller (checked), as a draw with nothing rejected."""
        negatives = np.asarray(negatives, dtype=np.int64)
        if negatives.shape != (len(targets), self.k):
            raise ValueError(f"negatives must have shape ({len(targets)}, {self.k}), "
                             f"got {negatives.shape}")
        if negatives.min() < 0 or negatives.max() >= len(self.noise.probs):
            raise IndexError("a negative word index is out of range")
        return NegativeDraw(negatives, [[] for _ in targets])

    @staticmethod
    def _samples(targets, draw: NegativeDraw):
        samples = np.concatenate([np.asarray(targets)[:, None], draw.negatives], axis=1)  # (P, k+1)
        t = np.zeros(samples.shape)                                                   # (P, k+1)
        t[:, 0] = 1.0
        return samples, t

    def loss(self, W_out, h, targets, draw: NegativeDraw) -> np.ndarray:
        """-log sigma(x_O) - sum over the negatives of log sigma(-x_neg) (eq. 55).  # (P,)"""
        samples, t = self._samples(targets, draw)
        return -log_sigmoid((2.0 * t - 1.0) * (W_out[samples] @ h)).sum(axis=1)

    def forward(self, W_out, h, targets, draw: NegativeDraw) -> NSOut:
        samples, t = self._samples(targets, draw)
        x = W_out[samples] @ h                                                  # (P, k+1)
        loss = -log_sigmoid((2.0 * t - 1.0) * x).sum(axis=1)                    # (P,)
        err = sigmoid_error(x, t)                                               # (P, k+1)
        rows, summed, EH = scatter(samples.ravel(), err.ravel(), W_out)
        return NSOut(loss, rows, summed, EH, draw.negatives, draw.rejected, samples, t, x,
                     sigmoid(x), err)

    def cost(self, targets) -> int:
        return len(targets) * (self.k + 1)

    def scores(self, W_out, h) -> np.ndarray:
        """sigma(v'_w . h) for every word: how strongly each would be called 'the word here'
        (a yes/no score each, not a distribution: they need not sum to 1).  # (V,)"""
        return sigmoid(W_out @ np.asarray(h, dtype=np.float64))
