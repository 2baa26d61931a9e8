"""Figures of the training page: frames, slider, trails, escaped labels."""
import numpy as np

from ui.figures.label_place import POSITIONS
from ui.figures.train import loss_figure, pca_animation, similarity_heatmap

RNG = np.random.default_rng(3)
F, M = 5, 6
COORDS = RNG.normal(size=(F, M, 2))
WORDS = ["king", "queen", "<script>alert(1)</script>", "man", "woman", "<b>x</b>"]


def figure(**kw):
    args = dict(highlight=[0, 2], frame_words=[0, 10, 20, 30, 40], total_words=40,
                explained=np.full((F, 2), 0.25))
    return pca_animation(COORDS, WORDS, **{**args, **kw})


def test_one_frame_per_snapshot_and_one_slider_step_each():
    fig = figure()
    assert len(fig.frames) == F
    assert len(fig.layout.sliders[0].steps) == F and fig.layout.sliders[0].active == F - 1
    assert [s.label for s in fig.layout.sliders[0].steps][1:3] == [
        "10 of 40 words · PC1 25%, PC2 25%", "20 of 40 words · PC1 25%, PC2 25%"]
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Play", "Pause", "Resume"]


def test_the_figure_opens_on_the_snapshot_asked_for():
    fig = figure(shown=1)
    assert fig.layout.sliders[0].active == 1
    for drawn, framed in zip(fig.data, fig.frames[1].data):        # frame 1's positions
        np.testing.assert_array_equal(np.asarray(drawn.x, dtype=float),
                                      np.asarray(framed.x, dtype=float))
    assert figure(shown=99).layout.sliders[0].active == F - 1       # clamped to the frames


def test_every_frame_updates_every_trace():
    fig = figure()
    for frame in fig.frames:
        assert len(frame.data) == len(fig.data) and list(frame.traces) == list(range(len(fig.data)))


def test_the_figure_opens_on_the_last_frame():
    fig = figure()
    points = fig.data[-1]                          # the followed words
    assert np.allclose(points.x, COORDS[-1, [0, 2], 0])
    assert np.allclose(points.y, COORDS[-1, [0, 2], 1])
    others = fig.data[0]
    assert np.allclose(others.x, COORDS[-1, [1, 3, 4, 5], 0])


def test_trails_hold_each_followed_words_path_so_far():
    fig = figure()
    assert fig.data[1].name == "paths" and fig.data[1].mode == "lines+markers"
    for k, frame in enumerate(fig.frames):
        trail = frame.data[1]
        expected = [v for word in (0, 2) for v in COORDS[:k + 1, word, 0].tolist() + [None]]
        assert list(trail.x) == expected
        colours = [c for n in (0, 1) for c in [n] * (k + 2)]           # one colour per word
        assert np.array_equal(trail.marker.color, colours)


def test_frames_carry_positions_and_label_places_only():
    fig = figure(show_labels=True)
    for frame in fig.frames:
        for trace in frame.data:
            assert trace.mode is None and trace.marker.size is None     # styles stay
        followed = frame.data[-1]
        assert all(p in POSITIONS for p in followed.textposition)


def test_no_two_labels_overlap_in_any_frame_and_crowded_words_lose_theirs():
    """Regression: labels collapsed into a blob early in training (all vectors near 0)."""
    coords = np.zeros((2, 6, 2))
    coords[1] = RNG.normal(size=(6, 2)) * 10
    fig = pca_animation(coords, WORDS, highlight=[0, 1], show_labels=True, frame_words=[0, 5])
    first = fig.frames[0].data
    labelled = [t for trace in (first[0], first[-1]) for t in trace.text if t]
    assert 0 < len(labelled) < 6               # the blob: only the words that fit
    assert first[-1].text[0] == "king"         # the followed words are placed first


def test_labels_titles_and_hover_text_are_escaped():
    fig = figure(title="PCA <i>of</i> W", show_labels=True)
    texts = [t for trace in fig.data for t in (trace.text or ())]
    hovers = [t for trace in fig.data for t in (trace.hovertext or ())]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts + hovers
    assert "&lt;b&gt;x&lt;/b&gt;" in hovers
    assert not any("<script>" in t or "<b>" in t for t in texts + hovers)
    assert "&lt;i&gt;of&lt;/i&gt;" in fig.layout.title.text


def test_the_title_stays_true_while_playing_and_the_slider_names_each_frame():
    """Regression: the title named the last snapshot while the animation played (Plotly
    does not redraw a title between frames); now the title names no snapshot and the
    slider's current value, which follows the animation, does."""
    fig = figure()
    assert "words" not in fig.layout.title.text and all(not f.layout.title.text for f in fig.frames)
    slider = fig.layout.sliders[0]
    assert slider.steps[2].label == "20 of 40 words · PC1 25%, PC2 25%"
    assert slider.font.color == "rgba(0,0,0,0)"     # 60 tick labels would overlap: hidden


def test_axes_titles_and_ticks_have_room():
    """Regression: 10-px margins cut the tick labels and printed PC1 / PC2 over them."""
    fig = figure()
    assert fig.layout.margin.l >= 80 and fig.layout.margin.b >= 60
    assert fig.layout.xaxis.title.text == "PC1" and fig.layout.yaxis.title.text == "PC2"


def test_groups_become_legend_entries_and_axes_keep_one_scale():
    fig = figure(groups=["a", "a", "b", "b", "", ""], highlight=[])
    names = [t.name for t in fig.data if t.showlegend]
    assert names == ["a", "b"]
    assert fig.layout.yaxis.scaleanchor == "x"
    lo, hi = fig.layout.xaxis.range
    assert lo < COORDS[..., 0].min() and hi > COORDS[..., 0].max()


def test_labels_can_be_hidden_except_for_followed_words():
    fig = figure(show_labels=False)
    assert fig.data[0].mode == "markers" and fig.data[-1].mode == "markers+text"


def test_loss_curve_spans_the_whole_run():
    fig = loss_figure([10, 20], [2.0, 1.5], total_words=100)
    assert list(fig.data[0].x) == [10, 20] and list(fig.data[0].y) == [2.0, 1.5]
    assert list(fig.layout.xaxis.range) == [0, 100]


def test_heatmap_cells_are_the_matrix_with_escaped_labels():
    m = np.array([[1.0, -0.5], [-0.5, 1.0]])
    fig = similarity_heatmap(m, ["a", "<b>"])
    assert np.array_equal(np.asarray(fig.data[0].z), m)
    assert list(fig.data[0].x) == ["a", "&lt;b&gt;"]
    assert (fig.data[0].zmin, fig.data[0].zmax) == (-1, 1)


def test_a_single_snapshot_has_no_animation_controls():
    fig = pca_animation(COORDS[:1], WORDS, highlight=[1], frame_words=[0])
    assert not fig.frames and not fig.layout.sliders and not fig.layout.updatemenus
    assert "after" not in fig.layout.title.text
