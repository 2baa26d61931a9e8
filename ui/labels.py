"""How indices are shown: as the paper counts them, from 1, the same on every page.

The engine counts words, dimensions and inner nodes from 0 (rows of arrays); a student
reads j = 1..V, i = 1..N and inner nodes n1..n(V-1), as in Rong's paper. Every page and
figure turns an engine index into a label here, and nowhere else.
"""
from __future__ import annotations

from w2v_core.step.layers import LAYERS


def number(index: int) -> int:
    """The paper's 1-based number of engine index ``index``.

    >>> number(0)
    1
    """
    return int(index) + 1


def node(n: int) -> str:
    """Inner node n of the Huffman tree (row n of the engine's W', column n + 1 of the slides'
    W'), as shown.

    >>> node(0)
    'n1'
    """
    return f"n{int(n) + 1}"


def node_id(node_id: int, V: int) -> str:
    """A tree node id (words 0..V-1, inner nodes V..2V-2, as word2vec.c numbers them) of an
    inner node, as shown.

    >>> node_id(5, 4)
    'n2'
    """
    return node(int(node_id) - V)


def word(words, k: int) -> str:
    """A word with its 1-based index.

    >>> word(["a", "b"], 1)
    'b (2)'
    """
    return f"{words[int(k)]} ({number(k)})"


def dims(N: int) -> list[str]:
    """The dimension labels 1..N.

    >>> dims(3)
    ['1', '2', '3']
    """
    return [str(i + 1) for i in range(N)]


def out_names(lab, trace) -> list[str]:
    """Names of the rows of W' (columns of the slides' W') of ``trace``'s output layer:
    the words, or its inner nodes n1..n(V-1)."""
    layer = LAYERS[trace.output]
    if not layer.rows_are_words:
        return [node(n) for n in range(layer.rows_for(lab.vocab.size))]
    return list(lab.vocab.words)
