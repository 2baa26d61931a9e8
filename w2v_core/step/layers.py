"""The three output layers, one object each: forward quantities and error terms side by side.

Every layer answers the same questions (Rong, arXiv:1411.2738), so callers ask the layer
instead of testing its name:

- ``rows_for(V)``: how many output vectors W' holds (V words, or V - 1 inner nodes);
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
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..functions import log_sigmoid, logsumexp, sigmoid, sigmoid_error
from ..huffman import HuffmanTree
from ..noise import NegativeDraw, NoiseDistribution
from ..settings import OUTPUT_TITLES


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


def _scatter(rows, errors, W_out):
    """Sum the errors of repeated rows; EH = sum_j err_j v'_j.  -> rows (R,), err (R,), EH (N,)

    >>> _scatter(np.array([4, 1, 4]), np.array([0.5, 1.0, 0.25]), np.eye(5))[:2]
    (array([1, 4]), array([1.  , 0.75]))
    """
    uniq = np.array(sorted(set(rows.tolist())), dtype=np.int64)          # (R,) few rows: no np.unique
    err = np.bincount(np.searchsorted(uniq, rows), weights=errors, minlength=len(uniq))  # (R,)
    return uniq, err, err @ W_out[uniq]


# ---- full softmax ------------------------------------------------------------------------------
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
    rows_are_words, defines_distribution, samples_negatives = True, True, False

    def __init__(self, counts):
        self.V = len(counts)

    def rows_for(self, V: int) -> int:
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



# ---- hierarchical softmax ------------------------------------------------------------------------
@dataclass(frozen=True)
class HSPath:
    """One target word's Huffman path with the forward and error terms at each inner node."""

    word: int
    nodes: np.ndarray      # (L,) inner nodes = rows of W_out, root first
    codes: np.ndarray      # (L,) word2vec.c's bits, 0 = left
    t: np.ndarray          # (L,) targets t_n = 1 - code_n
    x: np.ndarray          # (L,) v'_n . h
    sigma: np.ndarray      # (L,) sigma(v'_n . h)
    err: np.ndarray        # (L,) sigma_n - t_n, the error at each node (eq. 49)
    prob: float            # p(word | h) = prod_n sigma((2 t_n - 1) x_n)


@dataclass(frozen=True)
class HSOut(LayerOut):
    paths: list            # [HSPath], one per prediction

    def error_terms(self, j: int) -> tuple[tuple[float, float], ...]:
        """(sigma_n, t_n) for each path through inner node j: their differences sum to err_j."""
        return tuple((float(p.sigma[q]), float(p.t[q])) for p in self.paths
                     for q in np.flatnonzero(p.nodes == j))


class HierarchicalSoftmax:
    """Hierarchical softmax along each target's Huffman path (Rong eqs. 37-54).

    At inner node n on the path: x_n = v'_n . h, sigma_n = sigma(x_n), label t_n = 1 - code_n;
    p(w | h) = prod_n sigma([[n goes left]] x_n) with [[.]] = 2 t_n - 1 (eqs. 37-38);
    loss -log p(w | h) (eq. 46); error sigma_n - t_n (eq. 49); EH = sum_n (sigma_n - t_n) v'_n
    (eqs. 53-54). Skip-gram sums losses, errors and EH over its C paths.
    """

    name = "hs"
    title = OUTPUT_TITLES[name]
    rows_are_words, defines_distribution, samples_negatives = False, True, False

    def __init__(self, counts=None, tree: HuffmanTree | None = None):
        self.tree = HuffmanTree(counts) if tree is None else tree

    def rows_for(self, V: int) -> int:
        return V - 1

    @property
    def signature(self) -> tuple:
        return (self.name,)

    def draw(self, targets, rng) -> None:
        return None

    def _nodes(self, targets):
        nodes = np.concatenate([self.tree.points[o] for o in targets])         # (S,) all paths
        t = 1.0 - np.concatenate([self.tree.codes[o] for o in targets])        # (S,)
        offsets = np.cumsum([0] + [len(self.tree.points[o]) for o in targets])  # (P+1,)
        return nodes, t, offsets

    def loss(self, W_out, h, targets, draw=None) -> np.ndarray:
        """-log p(w_O | h) = -sum_n log sigma((2 t_n - 1) x_n) for each target (eq. 46).  # (P,)"""
        nodes, t, offsets = self._nodes(targets)
        x = W_out[nodes] @ h                                                    # (S,)
        return np.add.reduceat(-log_sigmoid((2.0 * t - 1.0) * x), offsets[:-1])

    def forward(self, W_out, h, targets, draw=None) -> HSOut:
        nodes, t, offsets = self._nodes(targets)
        x = W_out[nodes] @ h                                                    # (S,)
        loss = np.add.reduceat(-log_sigmoid((2.0 * t - 1.0) * x), offsets[:-1])  # (P,)
        sig, err = sigmoid(x), sigmoid_error(x, t)                              # (S,) each
        rows, summed, EH = _scatter(nodes, err, W_out)
        paths = [HSPath(int(w), nodes[a:b], self.tree.codes[w], t[a:b], x[a:b], sig[a:b],
                        err[a:b], float(np.exp(-loss[p])))
                 for p, (w, a, b) in enumerate(zip(np.asarray(targets).tolist(), offsets[:-1],
                                                   offsets[1:]))]
        return HSOut(loss, rows, summed, EH, paths)

    def cost(self, targets) -> int:
        return int(sum(len(self.tree.points[o]) for o in targets))

    def probabilities(self, W_out, h) -> np.ndarray:
        """p(w | h) for every word: the product of sigmoids along its path (eq. 37); they sum
        to 1 (eq. 43).  # (V,)"""
        everyone = np.arange(self.tree.V)
        return np.exp(-self.loss(W_out, np.asarray(h, dtype=np.float64), everyone))



# ---- negative sampling ---------------------------------------------------------------------------
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


class NegativeSampling:
    """Negative sampling with k negatives per target (Rong eqs. 55-61).

    Samples of prediction c: its positive w_O (t = 1) then its k negatives (t = 0);
    x = v'_j . h, sigma = sigma(x); loss -log sigma(x_O) - sum_neg log sigma(-x_neg) (eq. 55);
    error sigma - t (eq. 57); EH = sum over samples (sigma - t) v'_j (eq. 61).
    """

    name = "ns"
    title = OUTPUT_TITLES[name]
    rows_are_words, defines_distribution, samples_negatives = True, False, True

    def __init__(self, counts, negative: int = 5, power: float = 0.75):
        self.k = int(negative)
        self.noise = NoiseDistribution(counts, power)

    def rows_for(self, V: int) -> int:
        return V

    @property
    def signature(self) -> tuple:
        return (self.name, self.k, self.noise.power)

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
        rows, summed, EH = _scatter(samples.ravel(), err.ravel(), W_out)
        return NSOut(loss, rows, summed, EH, draw.negatives, draw.rejected, samples, t, x,
                     sigmoid(x), err)

    def cost(self, targets) -> int:
        return len(targets) * (self.k + 1)

    def probabilities(self, W_out, h) -> np.ndarray:
        raise ValueError("negative sampling defines no probability distribution over the words")

    def scores(self, W_out, h) -> np.ndarray:
        """sigma(v'_w . h) for every word: how strongly each would be called 'the word here'
        (a yes/no score each, not a distribution: they need not sum to 1).  # (V,)"""
        return sigmoid(W_out @ np.asarray(h, dtype=np.float64))


LAYERS = {"softmax": FullSoftmax, "hs": HierarchicalSoftmax, "ns": NegativeSampling}


def make_layer(output: str, counts, negative: int = 5, power: float = 0.75):
    """The output layer named ``output`` for a vocabulary with these counts."""
    if output == "ns":
        return NegativeSampling(counts, negative, power)
    return LAYERS[output](counts)
