"""Where to draw each node of a Huffman tree: a pure function of the tree's structure.

No Streamlit, no Plotly. The tree is drawn as a dendrogram lying on its side: the
root on the left, depth (= code length so far) to the right, leaves stacked top to
bottom in in-order (bit-0 child above bit-1 child), each parent centred between its
two children. A word's horizontal position is its code length, so frequent words
sit near the root.

An inner node can be left *collapsed*: drawn as one node standing for its whole
subtree. ``path_expansion`` opens only the inner nodes on one word's path, which
draws that path with the sibling of every node on it (the view for large vocabularies).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TreeLayout:
    """Positions of the drawn nodes (ids as in HuffmanTree: word w, inner node n = V + n)."""

    V: int
    nodes: np.ndarray        # (M,) node ids drawn, ascending
    depth: np.ndarray        # (M,) distance from the root (x on screen)
    slot: np.ndarray         # (M,) vertical slot: leaves 0, 1, 2 ... top down, parents centred
    collapsed: np.ndarray    # (M,) True for an inner node drawn in place of its subtree
    edges: tuple[tuple[int, int, int], ...]   # (parent id, child id, bit), parents drawn open

    def index(self) -> dict[int, int]:
        """node id -> position in ``nodes``."""
        return {int(n): i for i, n in enumerate(self.nodes)}

    @property
    def n_slots(self) -> int:
        """Number of vertical slots (drawn leaves and collapsed nodes)."""
        return int(self.slot.max()) + 1 if len(self.slot) else 0


def subtree_sizes(tree) -> np.ndarray:
    """Number of words under each node (1 for a word).  # (2V-1,)

    >>> from w2v_core.huffman import HuffmanTree
    >>> subtree_sizes(HuffmanTree([5, 2, 1, 1])).tolist()
    [1, 1, 1, 1, 2, 3, 4]
    """
    size = np.ones(2 * tree.V - 1, dtype=np.int64)
    for m in tree.merges:                      # children are always made before their parent
        size[m.node] = size[m.first] + size[m.second]
    return size


def path_expansion(tree, word: int) -> set[int]:
    """Ids of the inner nodes on ``word``'s path: open these to draw the path and its siblings.

    >>> from w2v_core.huffman import HuffmanTree
    >>> sorted(path_expansion(HuffmanTree([5, 2, 1, 1]), 1))   # b = '01': root 6, then 5
    [5, 6]
    """
    return {tree.V + int(p) for p in tree.points[word]}


def layout_tree(tree, expanded: set[int] | None = None) -> TreeLayout:
    """Depth and slot of every drawn node; ``expanded=None`` opens every inner node.

    Worked example, counts {a: 5, b: 2, c: 1, d: 1} (ids a 0, b 1, c 2, d 3, inner 4-6):
    leaves in in-order are d (000), c (001), b (01), a (1); inner node 4 sits between d
    and c (slot 0.5), node 5 between node 4 and b, the root 6 between node 5 and a.

    >>> from w2v_core.huffman import HuffmanTree
    >>> lay = layout_tree(HuffmanTree([5, 2, 1, 1]))
    >>> lay.depth.tolist(), lay.slot.tolist()
    ([1, 2, 3, 3, 2, 1, 0], [3.0, 2.0, 1.0, 0.0, 0.5, 1.25, 2.125])
    """
    V, root = tree.V, tree.root
    is_open = (lambda n: n >= V) if expanded is None else (lambda n: n >= V and n in expanded)
    depth, slot, edges = {}, {}, []
    next_slot = 0
    stack = [(root, 0, False)]                 # iterative post-order: deep trees are fine
    while stack:
        node, d, children_done = stack.pop()
        depth[node] = d
        if is_open(node):
            first, second = tree.children(node)
            if not children_done:
                stack += [(node, d, True), (second, d + 1, False), (first, d + 1, False)]
                continue
            slot[node] = (slot[first] + slot[second]) / 2
            edges += [(node, first, 0), (node, second, 1)]
        else:
            slot[node] = float(next_slot)
            next_slot += 1
    nodes = np.array(sorted(depth), dtype=np.int64)                     # (M,)
    return TreeLayout(
        V, nodes,
        np.array([depth[n] for n in nodes.tolist()], dtype=np.int64),
        np.array([slot[n] for n in nodes.tolist()], dtype=np.float64),
        np.array([n >= V and not is_open(n) for n in nodes.tolist()], dtype=bool),
        tuple(sorted(edges)))
