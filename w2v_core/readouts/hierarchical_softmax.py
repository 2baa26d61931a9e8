"""Hierarchical softmax, checked by hand: p(w | h) for every word, the sum-to-one check, one path.

Rong section 3.1 (arXiv:1411.2738). With the Huffman tree's ``codes`` (word2vec.c's
bits, 0 = left) and ``points`` (inner nodes = rows of W', root first),

    p(w | h) = prod over n on the path of w of sigma((1 - 2 code_n) v'_n . h)     (eq. 37)

and the V probabilities sum to 1 (eq. 43), because sigma(x) + sigma(-x) = 1 at every
inner node. The functions take codes and points explicitly, so a corrupted tree (one
bit flipped with ``flip_bit``) can be put through the very check the app shows, and
the check can be seen to fail.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..functions import log_sigmoid, sigmoid
from ..step.layers import HierarchicalSoftmax, HSPath


def path_probabilities(W_inner, h, codes, points) -> np.ndarray:
    """p(w | h) for every word w, from explicit codes and points (Rong eq. 37).  # (V,)

    Worked example: counts {a: 5, b: 2, c: 1, d: 1} give codes '1', '01', '001', '000';
    with all v'_n = 0 every factor is sigma(0) = 1/2, so p = 2^-(code length):

    >>> from w2v_core.huffman import HuffmanTree
    >>> t = HuffmanTree([5, 2, 1, 1])
    >>> path_probabilities(np.zeros((3, 2)), np.ones(2), t.codes, t.points).round(12).tolist()
    [0.5, 0.25, 0.125, 0.125]
    """
    W_inner = np.asarray(W_inner, dtype=np.float64)        # (V-1, N)
    h = np.asarray(h, dtype=np.float64)                    # (N,)
    x = W_inner @ h                                        # (V-1,) v'_n . h at every inner node
    with np.errstate(over="ignore", invalid="ignore"):
        log_p = [log_sigmoid((1.0 - 2.0 * np.asarray(c, dtype=np.float64)) * x[np.asarray(p)]).sum()
                 for c, p in zip(codes, points)]           # V sums of log-factors
        return np.exp(np.array(log_p))                     # (V,)


@dataclass(frozen=True)
class SumCheck:
    """The result of checking that p(w | h) sums to 1 over the vocabulary (Rong eq. 43)."""

    total: float        # sum over w of p(w | h)
    tol: float          # allowed |total - 1|

    @property
    def deviation(self) -> float:
        """|total - 1|."""
        return abs(self.total - 1.0)

    @property
    def passed(self) -> bool:
        return bool(np.isfinite(self.total) and self.deviation <= self.tol)


def sums_to_one(p, tol: float = 1e-9) -> SumCheck:
    """Check sum_w p(w | h) = 1 (Rong eq. 43).

    >>> sums_to_one([0.5, 0.25, 0.125, 0.125]).passed, sums_to_one([0.5, 0.5, 0.125]).passed
    (True, False)
    """
    return SumCheck(float(np.sum(np.asarray(p, dtype=np.float64))), float(tol))


def flip_bit(codes, word: int, position: int = 0) -> list[np.ndarray]:
    """A copy of ``codes`` with bit ``position`` of ``word``'s code flipped (the original is kept).

    A corrupted tree for the check to catch: two words may now claim the same branch.

    >>> [c.tolist() for c in flip_bit([np.array([1]), np.array([0])], word=1)]
    [[1], [1]]
    """
    out = [np.array(c, dtype=np.int8, copy=True) for c in codes]
    if not 0 <= position < len(out[word]):
        raise IndexError(f"word {word}'s code has {len(out[word])} bits; no bit {position}")
    out[word][position] = 1 - out[word][position]
    return out


@dataclass(frozen=True)
class PathTerms(HSPath):
    """One word's Huffman path (``HSPath``: nodes, codes, t, x, sigma, err, prob, root first)
    and what the page adds along it."""

    factor: np.ndarray = None    # (L,) sigma((2 t_n - 1) v'_n . h): sigma_n if t_n = 1, else 1 - sigma_n
    running: np.ndarray = None   # (L,) product of the factors so far; the last one is p(w | h)
    eh: np.ndarray = None        # (L, N) (sigma_n - t_n) v'_n, the path's terms of EH (eq. 54)


def path_terms(W_inner, h, tree, word: int) -> PathTerms:
    """The forward and error terms along ``word``'s path (Rong eqs. 37-54).

    Uses the same ``HierarchicalSoftmax.forward`` as a training step, so the numbers equal
    a step's ``trace.out.paths`` at the same parameters. Example, counts {a: 5, b: 2, c: 1, d: 1},
    all v'_n = 0: word b (code '01') meets sigma = 1/2 twice, p(b | h) = 1/4.

    >>> from w2v_core.huffman import HuffmanTree
    >>> pt = path_terms(np.zeros((3, 2)), np.ones(2), HuffmanTree([5, 2, 1, 1]), 1)
    >>> pt.nodes.tolist(), pt.t.tolist(), pt.running.tolist(), pt.err.tolist()
    ([2, 1], [1.0, 0.0], [0.5, 0.25], [-0.5, 0.5])
    """
    W_inner = np.asarray(W_inner, dtype=np.float64)                     # (V-1, N)
    with np.errstate(over="ignore", invalid="ignore"):
        out = HierarchicalSoftmax(tree=tree).forward(W_inner, np.asarray(h, dtype=np.float64),
                                                     np.array([int(word)]))
        p = out.paths[0]
        factor = sigmoid((2.0 * p.t - 1.0) * p.x)                       # (L,)
        return PathTerms(**vars(p), factor=factor, running=np.cumprod(factor),
                         eh=p.err[:, None] * W_inner[p.nodes])          # (L, N)


def eh_terms(W_inner, h, tree, targets) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """EH split into its terms: one (sigma_n - t_n) v'_n per node of each target's path (eq. 54).

    Returns (words (S,), nodes (S,), terms (S, N)); ``terms.sum(axis=0)`` is EH, summed over
    the C paths for skip-gram.

    >>> from w2v_core.huffman import HuffmanTree
    >>> w, n, terms = eh_terms(np.eye(3, 2), np.ones(2), HuffmanTree([5, 2, 1, 1]), [0])
    >>> w.tolist(), n.tolist(), terms.shape
    ([0], [2], (1, 2))
    """
    parts = [path_terms(W_inner, h, tree, w) for w in targets]
    words = np.concatenate([np.full(len(p.nodes), p.word) for p in parts])   # (S,)
    nodes = np.concatenate([p.nodes for p in parts])                          # (S,)
    return words, nodes, np.concatenate([p.eh for p in parts], axis=0)        # (S, N)
