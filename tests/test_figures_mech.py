"""The tree layout and the figure builders of the hierarchical-softmax, negative-sampling,
subsampling and three-output-layers pages: pure functions, tested without Streamlit."""
import numpy as np
import plotly.graph_objects as go
import pytest

from ui.figures.hs import eh_figure, node_label, path_figure, queue_figure, tree_figure
from ui.figures.ns import (cost_figure, histogram_figure, noise_figure, ns_samples_figure,
                           vectors_figure)
from ui.figures.sub import counts_figure, keep_curve_figure
from ui.figures.tree_layout import layout_tree, path_expansion, subtree_sizes
from ui.figures.theme import BASE, MARKED
from w2v_core import HuffmanTree
from w2v_core.readouts.three_outputs import output_costs
from w2v_core.readouts.hierarchical_softmax import eh_terms, path_terms

HAND = HuffmanTree([5, 2, 1, 1])
WORDS = ["a", "b", "c", "d"]
EVIL = "<b>x</b>"


def zipf(V):
    return HuffmanTree(np.sort((1000 / np.arange(1, V + 1)).astype(int) + 1)[::-1])


def texts(fig: go.Figure) -> list[str]:
    out = []
    for tr in fig.data:
        for field in ("text", "hovertext"):
            v = getattr(tr, field, None)
            if v is not None:
                out += [str(x) for x in (v if isinstance(v, (list, tuple)) else [v])]
    ticks = fig.layout.xaxis.ticktext
    return out + [str(t) for t in (ticks or ())]


# ---- layout --------------------------------------------------------------------------------
def test_layout_of_the_hand_checked_tree():
    lay = layout_tree(HAND)
    assert lay.nodes.tolist() == list(range(7))
    assert lay.depth.tolist() == [1, 2, 3, 3, 2, 1, 0]            # depth of a word = code length
    assert lay.slot.tolist() == [3.0, 2.0, 1.0, 0.0, 0.5, 1.25, 2.125]
    assert set(lay.edges) == {(4, 3, 0), (4, 2, 1), (5, 4, 0), (5, 1, 1), (6, 5, 0), (6, 0, 1)}
    assert not lay.collapsed.any() and lay.n_slots == 4


@pytest.mark.parametrize("V", [2, 3, 17, 60, 300])
def test_full_layout_puts_leaves_in_code_order_and_parents_between_children(V):
    tree = zipf(V)
    lay = layout_tree(tree)
    at = lay.index()
    assert len(lay.nodes) == 2 * V - 1
    leaf_slots = lay.slot[:V]
    assert sorted(leaf_slots.tolist()) == list(range(V))           # one slot per word
    by_slot = np.argsort(leaf_slots)
    codes = [tree.code_string(w) for w in by_slot]
    assert codes == sorted(codes)                                  # in-order = 0 before 1
    for w in range(V):
        assert lay.depth[at[w]] == len(tree.codes[w])
    for n in range(V, 2 * V - 1):
        a, b = tree.children(n)
        assert lay.slot[at[n]] == (lay.slot[at[a]] + lay.slot[at[b]]) / 2


def test_a_very_deep_tree_is_laid_out_without_recursion():
    tree = HuffmanTree([2 ** k for k in range(61, -1, -1)])        # a chain: depth V - 1
    lay = layout_tree(tree)
    assert lay.depth.max() == tree.V - 1


def test_path_expansion_draws_the_path_and_the_siblings_only():
    tree = zipf(200)
    word = 150
    lay = layout_tree(tree, path_expansion(tree, word))
    L = len(tree.codes[word])
    assert len(lay.nodes) == 2 * L + 1                  # root + two children per path node
    assert word in lay.nodes.tolist()
    sizes = subtree_sizes(tree)
    at = lay.index()
    assert sum(sizes[n] for n in lay.nodes if lay.collapsed[at[n]] or n < tree.V) == tree.V
    assert sizes[tree.root] == tree.V


def test_subtree_sizes_of_the_hand_checked_tree():
    assert subtree_sizes(HAND).tolist() == [1, 1, 1, 1, 2, 3, 4]


# ---- hierarchical-softmax figures ------------------------------------------------------------
def test_tree_figure_labels_words_counts_inner_rows_and_bits():
    fig = tree_figure(HAND, layout_tree(HAND), WORDS)
    t = texts(fig)
    for w, c in zip(WORDS, [5, 2, 1, 1]):
        assert f"{w} ({c})" in t
    assert {"n1", "n2", "n3"} <= set(t)          # inner nodes counted from 1, as the paper
    bits = next(tr for tr in fig.data if tr.name == "bits")
    assert sorted(bits.text) == ["0", "0", "0", "1", "1", "1"]


def test_tree_figure_highlights_exactly_the_words_path():
    fig = tree_figure(HAND, layout_tree(HAND), WORDS, highlight=2)        # c = '001'
    hot = next(tr for tr in fig.data if tr.name == "highlighted")
    assert sum(x is None for x in hot.x) == 3                             # three edges


def test_tree_figure_escapes_words():
    fig = tree_figure(HuffmanTree([2, 1]), layout_tree(HuffmanTree([2, 1])), [EVIL, "y"])
    assert not any(EVIL in s for s in texts(fig))
    assert any("&lt;b&gt;x&lt;/b&gt;" in s for s in texts(fig))


def test_collapsed_nodes_say_how_many_words_they_hold():
    tree = zipf(100)
    words = [f"w{i}" for i in range(100)]
    fig = tree_figure(tree, layout_tree(tree, path_expansion(tree, 0)), words)
    assert any("words)" in s for s in texts(fig))


def test_construction_replay_draws_only_the_nodes_made_so_far():
    fig = tree_figure(HAND, layout_tree(HAND), WORDS, made=1, merge=0)
    t = texts(fig)
    assert "n1" in t and "n2" not in t and "n3" not in t
    hot = next(tr for tr in fig.data if tr.name == "highlighted")
    assert sum(x is None for x in hot.x) == 2                             # d and c joining n1


def test_queue_figure_shows_the_queues_and_the_two_taken():
    fig = queue_figure(HAND, 1, WORDS)          # before merge 2: words b, a; inner n1
    words_bar, inner_bar = fig.data
    assert list(words_bar.y) == [2, 5] and list(inner_bar.y) == [2]
    assert list(inner_bar.text) == ["bit 0"] and list(words_bar.text) == ["bit 1", ""]
    assert list(fig.layout.xaxis.ticktext) == ["b", "a", "n1"]


def test_queue_figure_cuts_long_queues():
    tree = zipf(100)
    fig = queue_figure(tree, 0, [f"w{i}" for i in range(100)], limit=12)
    assert len(fig.data[0].y) == 12
    assert any("+88 more" in a.text for a in fig.layout.annotations)


def test_path_and_eh_figures_show_the_engines_numbers():
    W = np.random.default_rng(0).normal(size=(3, 2))
    h = np.array([0.3, -1.0])
    pt = path_terms(W, h, HAND, 2)
    fig = path_figure(pt, 4)
    np.testing.assert_array_equal(fig.data[0].y, pt.sigma)
    np.testing.assert_array_equal(fig.data[2].y, pt.err)
    assert list(fig.data[0].x) == [node_label(4 + int(n), 4) for n in pt.nodes]
    words, nodes, terms = eh_terms(W, h, HAND, [2, 0])
    EH = terms.sum(axis=0)
    fig = eh_figure(words, nodes, terms, EH, 4, WORDS)
    assert len(fig.data) == len(nodes) + 1
    np.testing.assert_allclose(np.sum([tr.y for tr in fig.data[:-1]], axis=0), fig.data[-1].y)


# ---- negative-sampling and comparison figures ---------------------------------------------------
def test_noise_figure_has_one_series_per_distribution_and_a_log_axis():
    p = {"unigram": np.array([0.7, 0.3]), "uniform": np.array([0.5, 0.5])}
    fig = noise_figure([EVIL, "y"], p)
    assert [tr.name for tr in fig.data] == ["unigram", "uniform"]
    assert fig.layout.yaxis.type == "log"
    assert noise_figure(["a", "b"], p, False).layout.yaxis.type == "linear"
    assert not any(EVIL in s for s in texts(fig))


def test_histogram_and_samples_figures_carry_their_numbers():
    fig = histogram_figure(["a", "b"], np.array([0.6, 0.4]), np.array([0.55, 0.45]), 1000)
    assert list(fig.data[0].y) == [0.6, 0.4] and list(fig.data[1].y) == [0.55, 0.45]
    fig = ns_samples_figure(["a", "b"], [0], np.array([[0, 1]]), np.array([[1.0, 0.0]]),
                            np.array([[0.7, 0.2]]), "σ", "σ")
    assert list(fig.data[0].y) == [0.7, 0.2]
    assert list(fig.data[0].marker.color) == [MARKED, BASE]          # the positive is marked


def test_cost_figure_shows_v_path_length_and_k_plus_one():
    fig = cost_figure(output_costs(HAND.count[:HAND.V], k=5, word=3))
    assert list(fig.data[0].x) == [4, 3, 6]


def test_vectors_figure_groups_one_bar_series_per_layer():
    fig = vectors_figure({"softmax": np.ones(3), "hs": np.zeros(3), "ns": -np.ones(3)}, "EH", "t")
    assert [tr.name for tr in fig.data] == ["full softmax", "hierarchical softmax",
                                            "negative sampling"]
    assert list(fig.data[0].x) == ["EH1", "EH2", "EH3"]


# ---- subsampling figures -------------------------------------------------------------------
def test_keep_curve_figure_draws_each_rule_and_the_words():
    grid = np.array([0.01, 0.1, 1.0])
    curves = {"word2vec.c": np.array([1, 0.5, 0.1]), "paper": np.array([1, 0.3, 0.03])}
    keep = {"word2vec.c": np.array([0.2, 0.3]), "paper": np.array([0.1, 0.2])}
    fig = keep_curve_figure(grid, curves, np.array([0.6, 0.4]), keep, [EVIL, "y"], 0.01)
    assert len(fig.data) == 4 and fig.layout.xaxis.type == "log"
    assert not any(EVIL in s for s in texts(fig))
    assert len(keep_curve_figure(grid, {}, [], {}, [], 0.0).layout.shapes) == 0


def test_counts_figure_shows_the_top_words_only():
    fig = counts_figure([f"w{i}" for i in range(30)], np.arange(30), np.arange(30) / 2,
                        np.arange(30), top=20)
    assert len(fig.data) == 3 and all(len(tr.y) == 20 for tr in fig.data)
