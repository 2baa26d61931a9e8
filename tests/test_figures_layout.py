"""Every picture tells the truth: the figure builders leave each text its own room.

Checked on the figure dicts (no browser): no raw "_" or "P_n" in a text the student reads,
titles above their keys and notes (never a legend on top of them), margins that hold the
tick labels, presenter sizes of at least 18 px. tests/e2e/test_e2e_layout.py checks the
same figures drawn, at two screen sizes.
"""
from __future__ import annotations

import numpy as np
import pytest

from ui.figures import overview as fo
from ui.figures.hs import ROW_PX, eh_figure, path_figure, tree_figure
from ui.figures.label_place import label_box, label_size, place
from ui.figures.ns import cost_figure, histogram_figure, noise_figure, vectors_figure
from ui.figures.step import loss_history, samples_figure
from ui.figures.sub import counts_figure, keep_curve_figure
from ui.figures.theme import (LINE_PX, PRESENTER_SIZES, TITLE_PX, VALUE_MARGIN, keys, presenter,
                              rich, title_block)
from ui.figures.tree_layout import layout_tree, path_expansion
from w2v_core.huffman import HuffmanTree
from w2v_core.readouts.hierarchical_softmax import eh_terms, path_terms
from w2v_core.readouts.three_outputs import output_costs

WORDS = [f"word{i}" for i in range(42)]


def read(fig) -> list[str]:
    """Every text of ``fig`` a student reads: titles, subtitles, annotations, ticks, bar and
    point labels (hover text left out)."""
    lay = fig.layout
    out = [lay.title.text or "", lay.title.subtitle.text or ""]
    out += [a.text or "" for a in lay.annotations or ()]
    for name in dir(lay):
        if name.startswith(("xaxis", "yaxis")) and getattr(lay, name) is not None:
            axis = getattr(lay, name)
            out += [str(t) for t in (axis.ticktext or ())] + [axis.title.text or ""]
    for trace in fig.data:
        text = getattr(trace, "text", None)
        out += [str(t) for t in np.atleast_1d(text)] if text is not None else []
    return out


def raw_script(texts) -> list[str]:
    """Texts with a TeX-like "_" left in them (every subscript must be a real one)."""
    return [t for t in texts if "_" in t.replace("&lt;", "")]


# ---- subscripts are real ------------------------------------------------------------------------
def test_nested_subscripts_are_written_out():
    assert rich("Δv_{w_{I}}") == "Δv<sub>w<sub>I</sub></sub>"


def test_the_noise_figures_write_p_n_as_a_subscript_and_keep_no_raw_underscore():
    probs = np.full(8, 1 / 8)
    series = {"unigram (p = 1)": probs, "P_{n} (p = 0.75)": probs, "uniform (p = 0)": probs}
    figs = [noise_figure(WORDS[:8], series, note="+ 34 more words, largest Pₙ among them"),
            histogram_figure(WORDS[:8], probs, probs, 1000, note="+ 34 more words")]
    for fig in figs:
        texts = read(fig)
        assert not raw_script(texts), raw_script(texts)
        assert any("P<sub>n</sub>" in t for t in texts)


def test_a_step_in_the_three_outputs_title_is_delta_v_of_w_i():
    fig = vectors_figure({"softmax": np.ones(3)}, "Δv", "Δv_{w_{I}}, the change")
    assert fig.layout.title.text.startswith("Δv<sub>w<sub>I</sub></sub>")


# ---- titles, keys and notes are stacked, never on top of each other -----------------------------
@pytest.mark.parametrize("build", [
    lambda: noise_figure(WORDS[:8], {"a": np.ones(8), "b": np.ones(8)}, note="+ 3 more words"),
    lambda: histogram_figure(WORDS[:8], np.ones(8), np.ones(8), 100, note="+ 3 more words"),
    lambda: samples_figure(["c=1: a"], [["wₒ: a", "1: b"]], [[0.5, 0.4]], [[True, False]],
                           "σ", "σ", "positive", "negative"),
    lambda: loss_history([1, 2], [1.0, 0.9], [0.9, 0.8], [1.0, 0.95], 2.0),
    lambda: counts_figure(WORDS[:8], np.ones(8), np.ones(8), np.ones(8)),
    lambda: vectors_figure({"softmax": np.ones(3), "ns": np.ones(3)}, "EH", "EH"),
])
def test_title_keys_and_note_stand_in_the_top_margin_in_order(build):
    """Regression: the noise and draws charts printed title, legend and "+ n more words" on
    top of each other. The keys and the note are lines of the title's subtitle, the title
    is pinned to the figure's top, and the top margin holds all the lines."""
    fig = build()
    title = fig.layout.title
    assert fig.layout.showlegend is False                 # no Plotly legend to collide
    assert (title.yref, title.y, title.yanchor) == ("container", 1, "top")
    lines = (title.subtitle.text or "").count("<br>") + 1
    assert fig.layout.margin.t >= TITLE_PX + LINE_PX * lines


def test_keys_are_coloured_squares_with_escaped_names():
    assert keys([("<b>", "#123456")]) == "<span style='color:#123456'>■</span> &lt;b&gt;"


# ---- margins hold what they must ----------------------------------------------------------------
def test_cost_figure_writes_each_layer_in_full_above_its_bar_at_any_vocabulary():
    """Regression: at V = 42 the method names were cut to "42", ": 5", ": 6"."""
    counts = np.arange(42, 0, -1)
    fig = cost_figure(output_costs(counts, k=5, word=3))
    names = [a.text for a in fig.layout.annotations]
    assert names[0] == "full softmax: V = 42" and names[2] == "negative sampling: k + 1 = 6"
    assert fig.layout.yaxis.visible is False              # no tick labels to cut
    assert fig.layout.xaxis.range[1] > 42                 # room for the number at the bar's end


def test_value_axes_have_room_for_a_minus_sign():
    """Regression: "−0.01" lost its minus sign to a 40-px margin ("·0.01")."""
    tree = HuffmanTree([5, 2, 1, 1])
    W, h = np.random.default_rng(0).normal(size=(3, 2)), np.array([0.3, -1.0])
    words, nodes, terms = eh_terms(W, h, tree, [2])
    figs = [path_figure(path_terms(W, h, tree, 2), 4),
            eh_figure(words, nodes, terms, terms.sum(axis=0), 4, list("abcd")),
            vectors_figure({"softmax": -np.ones(3)}, "EH", "EH")]
    assert all(f.layout.margin.l >= VALUE_MARGIN for f in figs)


def test_the_tree_s_axis_title_stands_below_its_tick_labels():
    """Regression: "depth = code length so far" was printed over the depth numbers."""
    tree = HuffmanTree(list(range(42, 0, -1)))
    fig = tree_figure(tree, layout_tree(tree), WORDS, highlight=3)
    assert fig.layout.margin.b >= 70 and fig.layout.xaxis.title.standoff >= 10


def test_the_keep_curve_starts_its_first_decade_clear_of_the_corner():
    """Regression: the x axis's first label ("10⁻⁴") overlapped the y axis's "0"."""
    grid = np.logspace(-4, 0, 50)
    fig = keep_curve_figure(grid, {"paper": np.ones(50)}, [], {"paper": []}, [], 0.0)
    assert fig.layout.xaxis.range[0] < -4


# ---- presenter mode: at least 18 px --------------------------------------------------------------
def test_presenter_sizes_reach_every_text_of_a_figure():
    tree = HuffmanTree(list(range(14, 0, -1)))
    figs = [tree_figure(tree, layout_tree(tree), WORDS, highlight=3),
            noise_figure(WORDS[:8], {"a": np.ones(8)}, note="+ 3 more")]
    for fig in figs:
        presenter(fig)
        least = PRESENTER_SIZES["tick"]
        assert fig.layout.font.size >= least and fig.layout.title.font.size >= least
        assert all(t.textfont.size is None or t.textfont.size >= least for t in fig.data)
        assert all(a.font.size >= least for a in fig.layout.annotations or ())
        if fig.layout.title.subtitle.text:
            assert fig.layout.title.subtitle.font.size >= least


def test_the_hs_tree_fits_one_screen_in_presenter_mode():
    """Regression: at V = 42 the tree was 2.5 screens tall with 9-px bit labels; the page
    opens only the followed word's path in presenter mode (pages/hierarchical_softmax.py)."""
    tree = HuffmanTree(list(range(42, 0, -1)))
    fig = presenter(tree_figure(tree, layout_tree(tree, path_expansion(tree, 40)), WORDS,
                                highlight=40, row_px=ROW_PX + 10))
    assert fig.layout.height <= 620
    bits = [t for t in fig.data if t.name == "bits"][0]
    assert bits.textfont.size >= 18


# ---- labels of scatter plots --------------------------------------------------------------------
def test_labels_are_placed_where_no_other_label_is():
    xy = np.zeros((5, 2))                                 # five words on one point
    words = ["king", "queen", "man", "woman", "x"]
    where = place(xy, words, [100.0])
    assert where[:2] == ["top center", "bottom center"]   # the first words first
    assert None in where                                  # no room left: no label
    boxes = [label_box(0, 0, *label_size(w), p) for w, p in zip(words, where) if p]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    w, h = label_size("queen")
    assert w > 40 and h >= 18


def test_a_place_is_free_at_every_scale_the_plot_may_be_drawn_at():
    """Regression: labels placed for one plot size overlapped at another ("a" and "ruled"
    in the Overview's PCA): a place must be free at every scale given."""
    rng = np.random.default_rng(4)
    xy, words = rng.normal(size=(30, 2)), [f"w{i}" for i in range(30)]
    scales = [60.0, 90.0, 140.0]
    where = place(xy, words, scales)
    for k in scales:
        boxes = [label_box(x * k, y * k, *label_size(w), p)
                 for (x, y), w, p in zip(xy, words, where) if p]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_overview_pca_labels_the_step_s_words_without_overlap():
    circle = np.exp(1j * np.linspace(0, 2 * np.pi, 17)[:-1])     # 16 points far apart
    xy = np.c_[circle.real, circle.imag] * 10
    fig = fo.pca_figure(xy[:8], xy[8:], WORDS[:8], WORDS[:8], [0, 1, 2], [0, 1],
                        np.array([0.5, 0.3]))
    ins, outs = fig.data
    assert ins.text[0] == "word0" and outs.text[0] == "word0′"
    assert not any(ins.text[3:]) and not any(outs.text[2:])     # only the chosen are labelled
    assert not raw_script(read(fig))


def test_overview_matrix_grows_so_that_every_row_holds_its_label():
    M = np.random.default_rng(2).normal(size=(12, 3))
    fig = fo.matrix_figure(M, WORDS[:12], [0], "W (rows v_{w})", ["1", "2", "3"],
                           "+ 30 more", height=200)
    plot = fig.layout.height - (fig.layout.margin.t + fig.layout.margin.b) * 1.25
    row = (fig.layout.yaxis.domain[1] - fig.layout.yaxis.domain[0]) * plot / 12
    assert row >= 22 and fig.data[0].texttemplate == "%{z:.2f}"


def test_a_title_block_is_one_title_and_its_lines():
    block, top = title_block("P_{n}", ["a", "", "b"])
    assert block["text"] == "P<sub>n</sub>" and block["subtitle"]["text"] == "a<br>b"
    assert top == TITLE_PX + 2 * LINE_PX + 26
