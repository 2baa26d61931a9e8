"""PCA over training snapshots (w2v_core.projection): fixed axes, refit with sign alignment."""
import numpy as np
import pytest
from sklearn.decomposition import PCA

from w2v_core.readouts.training import explained_share, frames_of, project_frames

RNG = np.random.default_rng(7)
X = RNG.normal(size=(12, 5)) * np.array([4.0, 2.0, 1.0, 0.5, 0.1])   # (M, N), clear axes


def rotating_frames(steps=24):
    """The same cloud turning by 180 degrees in the plane of its two main directions."""
    out = []
    for angle in np.linspace(0, np.pi, steps):
        R = np.eye(5)
        R[:2, :2] = [[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]]
        out.append(X @ R.T + np.array([0.3, 0, 0, 0, 0]) * angle)
    return out


def test_fixed_axes_are_the_final_frames_pca():
    frames = [0.1 * X, 0.5 * X, X]
    p = project_frames(frames, "fixed")
    pca = PCA(2, svd_solver="full").fit(X)
    np.testing.assert_allclose(p.coords[-1], pca.transform(X))
    np.testing.assert_allclose(p.explained[-1], pca.explained_variance_ratio_)
    assert p.coords.shape == (3, 12, 2) and (p.components == pca.components_).all()


def test_fixed_axes_show_real_motion_a_shrunk_frame_is_a_shrunk_picture():
    centred = X - X.mean(axis=0)
    p = project_frames([0.25 * centred, centred], "fixed")
    np.testing.assert_allclose(p.coords[0], 0.25 * p.coords[1], atol=1e-12)
    np.testing.assert_allclose(p.explained[0], p.explained[1])   # same shape, same shares


def test_refit_frames_keep_their_sign():
    frames = rotating_frames()
    p = project_frames(frames, "refit")
    for k in range(1, len(frames)):
        agreement = (p.coords[k] * p.coords[k - 1]).sum(axis=0)                # (2,)
        assert (agreement > 0).all(), f"frame {k} is mirrored"
    assert p.flipped.any()             # alignment had work to do


def test_refit_without_alignment_would_flip_so_the_test_above_means_something():
    raw = [PCA(2, svd_solver="full").fit_transform(f) for f in rotating_frames()]
    agreement = [(raw[k] * raw[k - 1]).sum(axis=0) for k in range(1, len(raw))]
    assert (np.array(agreement) < 0).any()


def test_refit_explained_variance_is_each_frames_own():
    frames = rotating_frames(5)
    p = project_frames(frames, "refit")
    for k, f in enumerate(frames):
        np.testing.assert_allclose(p.explained[k], PCA(2).fit(f).explained_variance_ratio_)
        np.testing.assert_allclose(np.abs(p.coords[k]), np.abs(PCA(2).fit_transform(f)),
                                   atol=1e-9)


def test_explained_share_on_a_hand_example():
    pts = np.array([[3.0, 0, 0], [-3, 0, 0], [0, 1, 0], [0, -1, 0]])   # variances 6, 2/3, 0
    np.testing.assert_allclose(explained_share(pts, np.eye(3)[:2]), [0.9, 0.1])


@pytest.mark.parametrize("frames,match", [
    ([X[:2]], "at least 3 words, got 2"),
    ([X[:, :1]], "N >= 2"),
    ([], "no vectors"),
    ([X, X[:5]], "same shape"),
    ([np.where(X > 3, np.nan, X)], "NaN"),
])
def test_bad_frames_get_a_clear_message(frames, match):
    with pytest.raises(ValueError, match=match):
        project_frames(frames)


def test_unknown_basis_is_named():
    with pytest.raises(ValueError, match="basis"):
        project_frames([X], "tsne")


def test_all_equal_final_vectors_define_no_fixed_axes():
    with pytest.raises(ValueError, match="all equal"):
        project_frames([X, np.zeros_like(X)], "fixed")


def test_refit_leaves_an_all_zero_frame_at_the_centre_without_warnings():
    p = project_frames([np.zeros_like(X), X], "refit")     # W' before training is 0
    assert (p.coords[0] == 0).all() and (p.explained[0] == 0).all()


def test_frames_of_picks_rows_of_W_Wprime_or_both():
    W, Wp = RNG.normal(size=(6, 3)), RNG.normal(size=(6, 3))
    snaps = [(0, W, Wp), (10, 2 * W, 2 * Wp)]
    assert np.array_equal(frames_of(snaps, [4, 1], "W")[1], 2 * W[[4, 1]])
    assert np.array_equal(frames_of(snaps, [4, 1], "W'")[0], Wp[[4, 1]])
    assert np.array_equal(frames_of(snaps, [4, 1], "both")[0], np.vstack([W[[4, 1]], Wp[[4, 1]]]))


def test_frames_of_refuses_hierarchical_softmax_inner_nodes_as_words():
    with pytest.raises(ValueError, match="inner nodes"):
        frames_of([(0, np.zeros((6, 3)), np.zeros((5, 3)))], [0, 1, 2], "W'")
