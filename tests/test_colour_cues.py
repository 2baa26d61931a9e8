"""Nothing is told by colour alone (WCAG 1.4.1): what a figure marks in colour it also marks
with a ring, a dash or a symbol."""
from ui.figures.hs import tree_figure
from ui.figures.step import loss_history
from ui.figures.tree_layout import layout_tree
from w2v_core.huffman import HuffmanTree

WORDS = [f"word{i}" for i in range(12)]


def test_the_hs_path_is_ringed_not_only_coloured():
    tree = HuffmanTree(list(range(12, 0, -1)))
    w = 3
    fig = tree_figure(tree, layout_tree(tree), WORDS, highlight=w)
    nodes = [t for t in fig.data if t.name in ("words", "inner nodes")]
    ringed = sum(c == "black" for t in nodes for c in t.marker.line.color)
    assert ringed == 1 + len(tree.points[w])          # the word and every node on its path
    for t in nodes:
        for c, size in zip(t.marker.line.color, t.marker.size):
            assert (c == "black") == (size > min(t.marker.size))   # ringed ones are larger too


def test_the_loss_before_and_after_a_step_differ_in_dash_and_symbol():
    fig = loss_history([1, 2, 3], [2.0, 1.9, 1.8], [1.9, 1.8, 1.7])
    before, after = fig.data[:2]
    assert before.line.dash != after.line.dash
    assert before.marker.symbol != after.marker.symbol
