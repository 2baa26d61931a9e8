"""The inspector's figure builders: valid Plotly, slide shapes, marks, escaped labels."""
import numpy as np
import plotly.graph_objects as go
import pytest

from ui.figures import step as fs

WORDS = ["the", "cat", "<b>sat</b>", "on", "mat"]
EVIL = "<b>sat</b>"
ESCAPED = "&lt;b&gt;sat&lt;/b&gt;"


def _valid(fig) -> dict:
    """The figure passes Plotly's full validation (the builders skip it for speed)."""
    assert isinstance(fig, go.Figure)
    return go.Figure(fig.to_dict()).to_dict()


def _all_figures():
    rng = np.random.default_rng(0)
    return [
        fs.bar_values(WORDS, rng.normal(size=5), [2], "y", "y_j"),
        fs.scores_figure(WORDS, rng.normal(size=5), np.full(5, 0.2), [1, 2]),
        fs.onehot_strip(WORDS, [1, 3]),
        fs.samples_figure(["c=1: cat", "c=2: mat"], [["n3", "n1"], ["n3"]], [[0.4, 0.7], [0.5]],
                          [[True, False], [False]], "σ", "σ", "t = 1", "t = 0", [0, 1]),
        fs.before_after(np.zeros(4), np.ones(4), f"v_k, k = 2: {EVIL}", 2),
        fs.heatmap_w_in(rng.normal(size=(5, 3)), WORDS, [1]),
        fs.heatmap_w_out(rng.normal(size=(5, 3)), WORDS, [0, 1, 4]),
        fs.errors_heatmap(rng.normal(size=(2, 5)), ["cat", "on"], WORDS),
        fs.loss_history([1, 2, 3], [3.0, 2.0, np.nan], [2.5, 1.5, np.inf]),
    ]


def test_every_builder_makes_a_valid_plotly_figure():
    for fig in _all_figures():
        _valid(fig)


def test_no_corpus_word_reaches_plotly_unescaped():
    for fig in _all_figures():
        text = fig.to_json()
        assert EVIL not in text and "<b>sat" not in text


def test_heatmap_w_out_shows_w_prime_as_n_by_v():
    W_out = np.arange(15.0).reshape(5, 3)                    # engine: V x N rows
    d = _valid(fs.heatmap_w_out(W_out, WORDS))
    z = np.asarray(fs.heatmap_w_out(W_out, WORDS).data[0].z)
    assert z.shape == (3, 5)                                 # slides: N x V
    np.testing.assert_array_equal(z, W_out.T)
    assert d["layout"]["xaxis"]["ticktext"][2] == ESCAPED
    assert d["layout"]["xaxis"]["title"]["text"] == "j"


def test_changed_columns_are_outlined_in_runs_and_not_when_all_changed():
    fig = fs.heatmap_w_out(np.zeros((5, 3)), WORDS, [0, 1, 4])
    boxes = [(s["x0"], s["x1"]) for s in fig.layout.shapes]
    assert boxes == [(-0.5, 1.5), (3.5, 4.5)]
    assert len(fs.heatmap_w_out(np.zeros((5, 3)), WORDS, range(5)).layout.shapes) == 0
    rows = fs.heatmap_w_in(np.zeros((5, 3)), WORDS, [2]).layout.shapes
    assert [(s["y0"], s["y1"]) for s in rows] == [(1.5, 2.5)]


def test_bar_values_marks_the_true_words():
    values = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    fig = fs.bar_values(WORDS, values, [1, 3], marked_name="true word")
    marked = next(t for t in fig.data if t.name == "true word")
    assert list(marked.x) == [1, 3] and list(marked.y) == [0.2, 0.4]
    other = next(t for t in fig.data if t.name == "other")
    assert sorted(list(other.x) + list(marked.x)) == list(range(5))


def test_scores_figure_puts_u_over_y_on_one_word_axis():
    u, y = np.array([1.0, 2, 3, 4, 5]), np.full(5, 0.2)
    fig = fs.scores_figure(WORDS, u, y, [0])
    assert {t.yaxis for t in fig.data} == {"y", "y2"}
    got_u = sorted(v for t in fig.data if t.yaxis == "y" for v in t.y)
    assert got_u == u.tolist()


def test_samples_figure_keeps_path_order_root_first():
    fig = fs.samples_figure(["eat"], [["n40", "n39", "n36"]], [[0.5, 0.6, 0.7]],
                            [[False, True, True]], "σ", "σ", "t = 1", "t = 0")
    bars = fig.data[0]
    assert list(bars.x[1]) == ["n40", "n39", "n36"] and list(bars.y) == [0.5, 0.6, 0.7]
    assert list(bars.marker.color) == [fs.BASE, fs.MARKED, fs.MARKED]
    assert [t.name for t in fig.data[1:]] == ["t = 1", "t = 0"]


def test_errors_heatmap_circles_each_true_word():
    fig = fs.errors_heatmap(np.zeros((2, 5)), ["cat", "on"], WORDS)
    marks = fig.data[-1]
    assert list(marks.x) == [1, 3] and list(marks.y) == [0, 1]


def test_onehot_strip_has_a_single_one_per_input():
    z = np.asarray(fs.onehot_strip(WORDS, [4, 0]).data[0].z)
    assert z.sum(axis=1).tolist() == [1.0, 1.0] and z[0, 4] == 1 and z[1, 0] == 1


def test_onehot_strip_labels_each_one_with_its_word_and_index():
    fig = fs.onehot_strip(WORDS, [4, 0])
    notes = [(a.x, a.y, a.text) for a in fig.layout.annotations]
    assert notes == [(4, "x1", "mat (k = 4)"), (0, "x2", "the (k = 0)")]
    assert [a.xanchor for a in fig.layout.annotations] == ["right", "left"]   # inside the strip
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.tick0 == 0       # k is a whole number


def test_loss_history_passes_nan_through_as_gaps():
    fig = fs.loss_history([1, 2], [1.0, np.nan], [0.5, np.nan])
    assert np.isnan(np.asarray(fig.data[0].y, dtype=float)[1])


@pytest.mark.parametrize("token", ["<img src=x onerror=alert(1)>", "**bold**", "[a](http://x)",
                                   "$x$", ":red[x]"])
def test_instance_markdown_escapes_every_token(token):
    text = fs.instance_markdown(["a", token, "b"], input_pos=[0], target_pos=[1])
    assert token not in text
    assert text.startswith(":orange-background[**:orange[a]**] :blue-background[")


def test_instance_markdown_roles():
    text = fs.instance_markdown(["w0", "w1", "w2", "w3", "w4"], input_pos=[2], target_pos=[1],
                                window_pos=[1, 2, 3], dropped_pos=[4])
    assert text == ("w0 :blue-background[**:blue[w1]**] :orange-background[**:orange[w2]**] "
                    ":gray-background[w3] ~~w4~~")
