"""Hierarchical softmax along each target's Huffman path (Rong eqs. 37-54)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..functions import log_sigmoid, sigmoid, sigmoid_error
from ..huffman import HuffmanTree
from .layer import LayerOut, OutputLayer, first_seen, logistic_error_sign, scatter


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

    def true_output(self, targets) -> int:
        """The first inner node of the first predicted word's path (the root)."""
        return int(self.paths[0].nodes[0])

    def error_terms(self, j: int) -> tuple[tuple[float, float], ...]:
        """(sigma_n, t_n) for each path through inner node j: their differences sum to err_j."""
        return tuple((float(p.sigma[q]), float(p.t[q])) for p in self.paths
                     for q in np.flatnonzero(p.nodes == j))

    def score_of(self, j: int) -> float:
        p = next(p for p in self.paths if j in p.nodes)
        return float(p.x[np.flatnonzero(p.nodes == j)[0]])

    def error_sign(self, j: int) -> int:
        t = [float(p.t[q]) for p in self.paths for q in np.flatnonzero(p.nodes == j)]
        return logistic_error_sign(self.score_of(j), t)

    def neurons(self, targets):
        """Each inner node of the paths once, with sigma of its first path; true (t = 1:
        the path goes left there) when any path through it has t = 1."""
        return first_seen(np.concatenate([p.nodes for p in self.paths]),
                          np.concatenate([p.sigma for p in self.paths]),
                          np.concatenate([p.t for p in self.paths]))

    def sheet(self, words, out_names, add) -> list[tuple]:
        rows = []
        for c, p in enumerate(self.paths, 1):
            for n, code, t, x, s, e in zip(p.nodes.tolist(), p.codes.tolist(), p.t, p.x,
                                           p.sigma, p.err):
                for q, v in (("x", x), ("sigma", s), ("t", t), ("sigma - t", e)):
                    add(q, float(v), c=c, idx=n + 1, name=out_names[n])
                rows.append((c, words[p.word], out_names[n], int(code), float(t), float(x),
                             float(s), float(e)))
        self._sheet_summed(out_names, add)
        return [("The path of each predicted word (x = v'_n · h)",
                 ("c", "word", "node", "code", "t", "x", "σ(x)", "σ − t"), rows)]


class HierarchicalSoftmax(OutputLayer):
    """Hierarchical softmax along each target's Huffman path (Rong eqs. 37-54).

    At inner node n on the path: x_n = v'_n . h, sigma_n = sigma(x_n), label t_n = 1 - code_n;
    p(w | h) = prod_n sigma([[n goes left]] x_n) with [[.]] = 2 t_n - 1 (eqs. 37-38);
    loss -log p(w | h) (eq. 46); error sigma_n - t_n (eq. 49); EH = sum_n (sigma_n - t_n) v'_n
    (eqs. 53-54). Skip-gram sums losses, errors and EH over its C paths.
    """

    name, title = "hs", "hierarchical softmax"
    value_symbol = "σ"          # what an output neuron shows
    rows_are_words, defines_distribution, samples_negatives = False, True, False
    short, cost_rule = "HS", "the sum of the P Huffman path lengths"
    cost_symbol, updates_text = "L(w)", "only the inner nodes on the path(s)"
    untrained_rule = "L(w) · log 2 per prediction, every σ = ½ along the path (mean over the corpus)"

    def __init__(self, counts=None, tree: HuffmanTree | None = None):
        self.tree = HuffmanTree(counts) if tree is None else tree

    @classmethod
    def rows_for(cls, V: int) -> int:
        return V - 1

    def untrained_loss(self, counts) -> float:
        """Every node at sigma(0) = 1/2: L(w) log 2 for a word with a path of L(w) nodes
        (eq. 46), averaged over the corpus's tokens (frequent words have short paths)."""
        counts = np.asarray(counts, dtype=np.float64)
        lengths = np.array([len(p) for p in self.tree.points], dtype=np.float64)
        return float(np.log(2.0) * (counts @ lengths) / counts.sum())

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
        rows, summed, EH = scatter(nodes, err, W_out)
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
