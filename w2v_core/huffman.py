"""The Huffman tree of hierarchical softmax, built as word2vec.c's CreateBinaryTree builds it.

Rong section 3.1 (eqs. 37-54). The V words are leaves, the V-1 inner nodes carry
the output vectors v'_n (rows of W'). word2vec.c builds the tree with two queues:
leaves in ascending count (the vocabulary read backwards) and inner nodes in the
order they are made. Each merge takes the two smallest nodes; on a tie the inner
node wins (the comparison is strict ``count[leaf] < count[inner]``), and the first
node taken gets bit 0, the second bit 1. A word's ``code`` lists the bits from the
root down; ``point`` lists the inner nodes on the way (as rows of W', root first).
The label at node n is t_n = 1 - code_n, so p(w | h) = prod_n sigma((2 t_n - 1) v'_n . h).

Worked example (pinned in tests/test_huffman.py), counts {a: 5, b: 2, c: 1, d: 1}:
merge 0 takes d, c (1 + 1 -> inner 0), merge 1 takes inner 0 (the tie with b
prefers the inner node), then b (2 + 2 -> inner 1), merge 2 takes inner 1, then a
(4 + 5 -> inner 2, the root). Codes: a '1', b '01', c '001', d '000'; weighted
length 5*1 + 2*2 + 1*3 + 1*3 = 15, the Huffman cost 2 + 4 + 9.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Merge:
    """One step of the construction: inner node ``node`` = ``first`` (bit 0) + ``second`` (bit 1).

    Node ids follow word2vec.c: 0..V-1 are words, V + n is inner node n (row n of W').
    ``leaves_left`` and ``inner_queue`` are the two queues just before this merge; only their
    heads are stored, so the tree of a large vocabulary stays O(V) in memory.
    """

    node: int
    first: int
    second: int
    count: int
    leaf_head: int                   # smallest unmerged word (-1: none left)
    inner_head: int                  # oldest unmerged inner node id

    @property
    def leaves_left(self) -> tuple[int, ...]:
        """Words not yet merged, smallest count first."""
        return tuple(range(self.leaf_head, -1, -1))

    @property
    def inner_queue(self) -> tuple[int, ...]:
        """Inner nodes made but not yet merged, oldest first."""
        return tuple(range(self.inner_head, self.node))


def create_binary_tree(counts):
    """word2vec.c's CreateBinaryTree on counts sorted in descending order.

    Returns, over the 2V-1 node ids (words 0..V-1, then inner nodes V..2V-2):
    count (2V-1,), parent (2V-1,) with -1 at the root, bit (2V-1,) the branch bit into each
    node, and per merge n: picks (V-1, 2) the (bit-0, bit-1) nodes taken, heads (V-1, 2)
    the heads of the word queue and the inner-node queue just before it.
    """
    counts = np.asarray(counts, dtype=np.int64)
    V = len(counts)
    if V < 2:
        raise ValueError(f"a Huffman tree needs at least 2 words, got {V}")
    if np.any(np.diff(counts) > 0):
        raise ValueError("counts must be sorted in descending order, as Vocabulary sorts them")
    count = np.concatenate([counts, np.zeros(V - 1, dtype=np.int64)]).tolist()
    parent, bit = [-1] * (2 * V - 1), [0] * (2 * V - 1)
    picks, heads = [], []
    leaf, inner = V - 1, V              # heads of the two queues
    for made in range(V, 2 * V - 1):    # inner nodes made so far: V .. made-1
        heads.append((leaf, inner))
        pair = []
        for _ in range(2):
            if leaf >= 0 and (inner >= made or count[leaf] < count[inner]):
                pair.append(leaf)
                leaf -= 1
            else:
                pair.append(inner)
                inner += 1
        first, second = pair
        count[made] = count[first] + count[second]
        parent[first] = parent[second] = made
        bit[second] = 1
        picks.append(pair)
    return (np.array(count, dtype=np.int64), np.array(parent, dtype=np.int64),
            np.array(bit, dtype=np.int8), np.array(picks, dtype=np.int64).reshape(-1, 2),
            np.array(heads, dtype=np.int64).reshape(-1, 2))


class HuffmanTree:
    """Huffman tree over word counts sorted by descending count (as Vocabulary sorts them).

    >>> t = HuffmanTree([5, 2, 1, 1])
    >>> ["".join(map(str, c)) for c in t.codes], [p.tolist() for p in t.points]
    (['1', '01', '001', '000'], [[2], [2, 1], [2, 1, 0], [2, 1, 0]])
    """

    def __init__(self, counts):
        count, self.parent, self.bit, picks, heads = create_binary_tree(counts)
        V = self.V = len(count) // 2 + 1
        self.merges = [Merge(V + n, int(a), int(b), int(count[V + n]), int(lh), int(ih))
                       for n, ((a, b), (lh, ih)) in enumerate(zip(picks, heads))]
        self.count = count              # (2V-1,) counts of words then inner nodes
        self.codes, self.points = self._paths()

    @property
    def root(self) -> int:
        """Node id of the root (inner node V-2, the last one made)."""
        return 2 * self.V - 2

    def children(self, node: int) -> tuple[int, int]:
        """(bit-0 child, bit-1 child) of an inner node id."""
        m = self.merges[node - self.V]
        return m.first, m.second

    def code_string(self, w: int) -> str:
        """The code of word w as a string of bits, root first ('01')."""
        return "".join(map(str, self.codes[w].tolist()))

    def weighted_length(self, counts=None) -> int:
        """sum_w count(w) * len(code(w)), the cost Huffman's construction minimises."""
        counts = self.count[: self.V] if counts is None else np.asarray(counts)
        return int(sum(int(c) * len(code) for c, code in zip(counts, self.codes)))

    def _paths(self):
        codes, points = [], []
        root = 2 * self.V - 2
        for w in range(self.V):
            bits, nodes, b = [], [], w
            while b != root:
                bits.append(int(self.bit[b]))
                b = int(self.parent[b])
                nodes.append(b - self.V)
            codes.append(np.array(bits[::-1], dtype=np.int8))
            points.append(np.array(nodes[::-1], dtype=np.int64))
        return codes, points
