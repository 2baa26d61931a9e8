"""Specification of ui/figures/corpus.py: the right traces and points, every label escaped."""
import numpy as np
import plotly.graph_objects as go

from ui.figures.corpus import subsampling_pass_figure, window_figure
from ui.figures.sub import keep_curve_figure

EVIL = "<b onmouseover=alert(1)>x</b>"
ESCAPED = "&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;"


def keep_figure(sample=1e-2):
    grid = np.geomspace(1e-3, 0.9, 50)
    curves = {"word2vec.c": np.linspace(1, 0.2, 50), "paper": np.linspace(1, 0.1, 50)}
    freqs = np.array([0.5, 0.3, 0.2])
    keeps = {"word2vec.c": np.array([0.2, 0.4, 0.6]), "paper": np.array([0.1, 0.2, 0.3])}
    return keep_curve_figure(grid, curves, freqs, keeps, ["the", "cat", EVIL], sample)


def test_keep_figure_has_a_line_and_one_point_per_word_for_each_rule():
    fig = keep_figure()
    lines = [t for t in fig.data if t.mode == "lines"]
    points = [t for t in fig.data if t.mode == "markers"]
    assert len(lines) == 2 and len(points) == 2
    for t in lines:
        assert len(t.x) == 50
    np.testing.assert_allclose(points[0].x, [0.5, 0.3, 0.2])
    np.testing.assert_allclose(points[0].y, [0.2, 0.4, 0.6])
    np.testing.assert_allclose(points[1].y, [0.1, 0.2, 0.3])
    assert fig.layout.xaxis.type == "log"


def test_keep_figure_says_which_rule_training_uses():
    names = [t.name for t in keep_figure().data if t.mode == "lines"]
    assert names == ["word2vec.c (training uses this)", "paper"]


def test_keep_figure_escapes_words_in_hover_text():
    for t in keep_figure().data:
        if t.mode == "markers":
            assert list(t.hovertext) == ["the", "cat", ESCAPED]
    assert EVIL not in keep_figure().to_json()


def test_keep_figure_marks_the_threshold_only_when_subsampling_is_on():
    fig = keep_figure(1e-2)
    assert [s.x0 for s in fig.layout.shapes] == [1e-2]
    assert [(a.text, a.x) for a in fig.layout.annotations] == [("f = s", -2.0)]   # log10(s)
    assert len(keep_figure(0.0).layout.shapes) == 0


def pass_figure():
    tokens = ["the", "cat", EVIL, "the", "mat"]
    keep = np.array([0.3, 1.0, np.nan, 0.3, 1.0])
    kept = np.array([False, True, False, True, True])
    in_vocab = np.array([True, True, False, True, True])
    return subsampling_pass_figure(tokens, keep, kept, in_vocab)


def test_pass_figure_splits_kept_dropped_and_out_of_vocabulary_tokens():
    kept, dropped, oov = pass_figure().data
    assert (kept.name, dropped.name, oov.name) == ("kept", "dropped", "not in vocabulary")
    assert list(kept.x) == [1, 3, 4] and list(kept.y) == [1.0, 0.3, 1.0]
    assert list(dropped.x) == [0] and list(oov.x) == [2]


def test_pass_figure_escapes_tick_labels_and_hover_text():
    fig = pass_figure()
    assert list(fig.layout.xaxis.ticktext) == ["the", "cat", ESCAPED, "the", "mat"]
    assert list(fig.data[2].hovertext) == [ESCAPED]
    assert EVIL not in fig.to_json()


TOKENS = ["a", EVIL, "c", "d", "e"]
# three instances: centre 0 (R = 1), centre 1 (R = 2) and centre 4 (R = 1)
CENTRES, RADII, CONTEXTS = [0, 1, 4], [1, 2, 1], [(1,), (0, 2, 3), (3,)]


def shapes_named(fig, name):
    return [s for s in fig.layout.shapes if s.name == name]


def test_window_figure_draws_one_row_per_instance_with_its_centre_and_context():
    fig = window_figure(TOKENS, CENTRES, RADII, CONTEXTS)
    centre, context = fig.data
    assert list(centre.x) == [0, 1, 4] and list(centre.y) == [0, 1, 2]
    assert list(context.x) == [1, 0, 2, 3, 3] and list(context.y) == [0, 1, 1, 1, 2]
    assert list(fig.layout.yaxis.ticktext) == ["R = 1", "R = 2", "R = 1"]
    assert tuple(fig.layout.yaxis.range) == (2.5, -0.5)       # first instance on top


def test_window_figure_shades_the_span_of_each_window_centre_included():
    windows = shapes_named(window_figure(TOKENS, CENTRES, RADII, CONTEXTS), "context window")
    assert [(w.x0, w.x1) for w in windows] == [(-0.45, 1.45), (-0.45, 3.45), (2.55, 4.45)]


def test_window_figure_greys_dropped_columns():
    fig = window_figure(TOKENS, CENTRES, RADII, CONTEXTS, dropped_pos=(2,))
    [column] = shapes_named(fig, "dropped (subsampling or min_count)")
    assert (column.x0, column.x1) == (1.5, 2.5)


def test_window_figure_draws_only_the_chosen_range_of_tokens():
    fig = window_figure(TOKENS, CENTRES, RADII, CONTEXTS, start=1, stop=4)
    assert list(fig.data[0].x) == [1]                         # only centre 1 lies in 1..3
    assert list(fig.data[1].x) == [2, 3]                      # its context inside the range
    assert list(fig.layout.xaxis.tickvals) == [1, 2, 3]
    [w] = shapes_named(fig, "context window")
    assert (w.x0, w.x1) == (0.5, 3.45)                        # clipped at the range's edge


def test_window_figure_escapes_tokens():
    fig = window_figure(TOKENS, CENTRES, RADII, CONTEXTS)
    assert list(fig.layout.xaxis.ticktext) == ["a", ESCAPED, "c", "d", "e"]
    assert list(fig.data[0].hovertext) == ["a", ESCAPED, "e"]
    assert EVIL not in fig.to_json()


def test_window_figure_says_so_when_there_is_no_instance():
    fig = window_figure(["a"], [], [], [])
    assert isinstance(fig, go.Figure)
    assert fig.layout.annotations[0].text == "no training instance here"
