"""The inspector's figure builders: valid Plotly, slide shapes, marks, values in small
matrices, escaped labels, and figures that stay small whatever V is."""
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from ui.figures import parts
from ui.figures.parts import LINE_PX, ticks_below_px
from ui.figures import step as fs
from ui.figures.theme import MARKED
from w2v_core.readouts.focus import LIMIT, focus

WORDS = ["the", "cat", "<b>sat</b>", "on", "mat"]
EVIL = "<b>sat</b>"
ESCAPED = "&lt;b&gt;sat&lt;/b&gt;"
DIMS = ["1", "2", "3"]


def _valid(fig) -> dict:
    """The figure passes Plotly's full validation (the builders skip it for speed)."""
    assert isinstance(fig, go.Figure)
    return go.Figure(fig.to_dict()).to_dict()


def _strings(fig) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            [walk(v) for v in node.values()]
        elif isinstance(node, list):
            [walk(v) for v in node]
    walk(json.loads(fig.to_json()))
    return found


def _forward(V=5, marked=(1,)):
    rng = np.random.default_rng(0)
    return fs.forward_figure(rng.normal(size=3), DIMS, [
        ("u_{j}", "u", rng.normal(size=V), None), ("y_{j}", "y", np.full(V, 1 / V), None)],
        (WORDS * (V // 5 + 1))[:V], list(marked))


def _errors():
    rng = np.random.default_rng(1)
    plot = fs.e_plot(rng.normal(size=(2, 5)), ["c=1: cat", "c=2: on"], WORDS, [1, 3])
    return fs.errors_figure(plot, rng.normal(size=5), WORDS, [1, 3], rng.normal(size=3), DIMS,
                            "EI_{j}")


def _updates(N=3, V=5):
    rng = np.random.default_rng(2)
    return fs.updates_figure(rng.normal(size=(N, V)), rng.normal(size=(N, V)), WORDS[:V], [0, 2],
                             rng.normal(size=(2, N)), rng.normal(size=(2, N)), ["cat", EVIL], [1],
                             [str(i + 1) for i in range(N)])


def _all_figures():
    return [_forward(), _errors(), _updates(),
            fs.samples_figure(["c=1: cat", "c=2: mat"], [["n3", "n1"], ["n3"]],
                              [[0.4, 0.7], [0.5]], [[True, False], [False]], "σ", "σ", "t = 1",
                              "t = 0", [0, 1]),
            fs.loss_history([1, 2, 3], [3.0, 2.0, np.nan], [2.5, 1.5, np.inf], [3.0, 2.5, 2.5], 2.1,
                            [2])]


def test_every_builder_makes_a_valid_plotly_figure():
    for fig in _all_figures():
        _valid(fig)


def test_no_corpus_word_reaches_plotly_unescaped():
    for fig in _all_figures():
        text = _strings(fig)
        assert not any(EVIL in s for s in text)
    assert any(ESCAPED in s for s in _strings(_forward()))


def test_titles_have_real_subscripts_not_tex():
    for fig in _all_figures():
        assert not any("_{" in s or "^{" in s for s in _strings(fig))


def test_updates_show_w_prime_as_n_by_v_and_w_as_v_by_n():
    fig = _updates(N=3, V=5)
    w_out, d_out, w_in, d_in = (np.array(t.z) for t in fig.data)
    assert w_out.shape == d_out.shape == (3, 5)            # N x V, as on the slides
    assert w_in.shape == d_in.shape == (2, 3)              # rows of W: V x N
    outlined = [s for s in fig.layout.shapes if s.xref == "x"]
    assert [(s.x0, s.x1) for s in outlined] == [(-0.5, 0.5), (1.5, 2.5)]


def test_small_matrices_show_their_values_and_large_ones_do_not():
    assert parts.heat(np.zeros((12, 12)))["texttemplate"] == "%{z:.3~g}"
    assert parts.heat(np.zeros((3, 13)))["texttemplate"] is None


def test_bars_mark_the_true_words():
    fig = _forward(marked=(1, 3))
    y_bars = fig.data[2]                                   # h, u, y
    assert [i for i, c in enumerate(y_bars.marker.color) if c == MARKED] == [1, 3]


def test_e_plot_outlines_each_rows_true_word():
    fig = _errors()
    cells = [((s.x0 + s.x1) / 2, (s.y0 + s.y1) / 2) for s in fig.layout.shapes if s.xref == "x"]
    assert cells == [(1, 0), (3, 1)]


@pytest.mark.parametrize("V", [2, 40, 41, 5000])
def test_forward_figure_stays_small_and_keeps_the_true_word_at_any_v(V):
    rng = np.random.default_rng(V)
    y = rng.dirichlet(np.ones(V))
    target = V - 1                                          # the least likely word, say
    f = focus(y, keep=[target])
    assert len(f.shown) == min(V, LIMIT) and target in f.shown
    words = [f"w{j}" for j in range(V)]
    fig = fs.forward_figure(rng.normal(size=3), DIMS, [("y", "y", y[f.shown], None)],
                            [words[j] for j in f.shown], parts.positions(f.shown, [target]),
                            parts.left_out(f, "y", words))
    assert len(fig.data[1].y) == min(V, LIMIT)
    note = " ".join(a.text for a in fig.layout.annotations)
    if V > LIMIT:
        rest = np.setdiff1d(np.arange(V), f.shown)
        assert f"+ {V - LIMIT:,} more words" in note
        assert f"{y[rest].max():.6g} ({words[rest[np.argmax(y[rest])]]})" in note
        assert len(fig.to_json()) < 20_000
    else:
        assert "more words" not in note


def test_loss_history_passes_nan_through_as_gaps_and_draws_the_references():
    fig = fs.loss_history([1, 2], [1.0, np.nan], [0.5, np.nan], [1.0, 1.0], 2.0, [2])
    assert np.isnan(np.asarray(fig.data[0].y, dtype=float)[1])
    assert fig.data[2].name.startswith("moving average")
    assert [s.y0 for s in fig.layout.shapes if s.type == "line"][0] == 2.0


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


@pytest.mark.parametrize("height, N, S, V", [(420, 3, 3, 8), (420, 10, 3, 8), (600, 3, 12, 8),
                                           (600, 10, 12, 8), (420, 3, 3, 30)])
def test_updates_blocks_share_the_height_and_leave_room_for_labels_and_titles(height, N, S, V):
    rng = np.random.default_rng(0)
    words = [f"word{v}" for v in range(V)]
    fig = fs.updates_figure(rng.normal(size=(N, V)), rng.normal(size=(N, V)), words, [0],
                            rng.normal(size=(S, N)), rng.normal(size=(S, N)), WORDS[:S], [0],
                            [str(i + 1) for i in range(N)], note_in="+ 3 more rows",
                            height=height)
    top, mid, low = (fig.layout[f"yaxis{n}"].domain for n in ("", 2, 3))
    assert 0 <= low[0] < low[1] < mid[0] < mid[1] < top[0] < top[1] <= 1
    plot = fig.layout.height - (fig.layout.margin.t + fig.layout.margin.b) * 1.25   # presenter
    below_w_prime = ticks_below_px(fig.layout.xaxis2.to_plotly_json()) + 2 * LINE_PX
    assert (mid[0] - low[1]) * plot >= below_w_prime - 1e-6      # its words, W's note and title
    assert (top[0] - mid[1]) * plot >= LINE_PX - 1e-6            # ΔW′'s title
    rows = [(top[1] - top[0]) / N, (mid[1] - mid[0]) / N, (low[1] - low[0]) / S]
    assert max(rows) - min(rows) < 1e-9                 # every cell row equally tall
    assert min(rows) * plot >= fs.CELL_MIN_PX - 1e-6    # and tall enough for its 18-px label


def test_w_s_note_has_a_line_of_its_own_above_both_titles():
    """Regression: at large V "W after the step" and its note were printed over W′'s word
    labels and over ΔW's title."""
    rng = np.random.default_rng(0)
    note = "+ 14 more rows, largest |entry| among them = 0.144681 (clever)"
    fig = fs.updates_figure(rng.normal(size=(3, 30)), rng.normal(size=(3, 30)),
                            [f"w{v}" for v in range(30)], [0], rng.normal(size=(3, 3)),
                            rng.normal(size=(3, 3)), WORDS[:3], [0], ["1", "2", "3"],
                            note_in=note, height=420)
    notes = {a.text: a for a in fig.layout.annotations}
    (line,) = [a for t, a in notes.items() if "14 more rows" in t]
    (w_title,) = [a for t, a in notes.items() if t.startswith("W after")]
    (dw_title,) = [a for t, a in notes.items() if t.startswith("ΔW =")]
    assert "14 more" not in w_title.text                        # not in W's title any more
    assert line.y == w_title.y == dw_title.y and line.yshift >= w_title.yshift + LINE_PX
