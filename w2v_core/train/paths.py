"""Every word's Huffman path as padded arrays, for the trainer's hierarchical softmax: a
batch's paths are then one gather (``HuffmanPaths.of``)."""
from __future__ import annotations

import numpy as np

from ..huffman import create_binary_tree
from .stream import INDEX, REAL


class HuffmanPaths:
    """Every word's Huffman path padded to the longest code, so a batch's paths are one gather.

    Built from a ``HuffmanTree`` (or any tree with one ``codes`` and one ``points`` array per
    word), or by ``from_counts``, which makes the same tree in O(V) memory.

    >>> from w2v_core.huffman import HuffmanTree
    >>> p = HuffmanPaths(HuffmanTree([5, 2, 1, 1]))
    >>> rows, sign, valid = p.of(np.array([0, 1]))
    >>> rows.tolist(), sign.tolist(), valid.tolist()  # a: '1', b: '01'; sign = 1 - 2 code
    ([[2, 0], [2, 1]], [[-1.0, 0.0], [1.0, -1.0]], [[True, False], [True, True]])
    """

    def __init__(self, tree=None, *, length=None, rows=None, sign=None):
        if tree is not None:
            length = np.array([len(c) for c in tree.codes], dtype=INDEX)            # (V,)
            rows = np.zeros((len(length), int(length.max())), dtype=INDEX)           # (V, L)
            sign = np.zeros(rows.shape, REAL)                                        # (V, L) 2t - 1
            for w, (code, point) in enumerate(zip(tree.codes, tree.points)):
                rows[w, :len(point)] = point
                sign[w, :len(code)] = 1.0 - 2.0 * np.asarray(code, dtype=np.float64)
        self.length, self.rows, self.sign = length, rows, np.asarray(sign, REAL)

    @classmethod
    def from_counts(cls, counts) -> "HuffmanPaths":
        """The paths of word2vec.c's tree (``create_binary_tree``) gathered level by level in
        NumPy, without the per-word Python loops and merge records of ``HuffmanTree``.

        >>> p = HuffmanPaths.from_counts([5, 2, 1, 1])
        >>> p.length.tolist(), p.rows.tolist()
        ([1, 2, 3, 3], [[2, 0, 0], [2, 1, 0], [2, 1, 0], [2, 1, 0]])
        """
        _, parent, bit, _, _ = create_binary_tree(counts)
        V = len(parent) // 2 + 1
        bit = bit.astype(np.float64)
        root = 2 * V - 2
        node, length = np.arange(V), np.zeros(V, dtype=INDEX)
        up_rows, up_bits = [], []                       # level k: k-th step from the leaf up
        while (node != root).any():
            moving = node != root
            up_bits.append(np.where(moving, bit[node], 0.0))
            node = np.where(moving, parent[node], node)
            up_rows.append(np.where(moving, node - V, 0))
            length += moving
        up_rows, up_bits = np.array(up_rows), np.array(up_bits)                      # (L, V)
        L, words = len(up_rows), np.arange(V)
        level = length[:, None] - 1 - np.arange(L)[None, :]  # (V, L) root first
        valid = level >= 0
        level = np.where(valid, level, 0)
        rows = np.where(valid, up_rows[level, words[:, None]], 0).astype(INDEX)
        sign = np.where(valid, 1.0 - 2.0 * up_bits[level, words[:, None]], 0.0)
        return cls(length=length, rows=rows, sign=sign)

    def of(self, targets: np.ndarray):
        """(rows (B, L), signs (B, L), valid (B, L)) of the targets' paths, root first, cut to
        the longest path among them."""
        L = int(self.length[targets].max())
        valid = np.arange(L)[None, :] < self.length[targets][:, None]               # (B, L)
        return self.rows[targets, :L], self.sign[targets, :L], valid
