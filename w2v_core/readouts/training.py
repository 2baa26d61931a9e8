"""PCA of word vectors over time: the 2-D pictures of the training page.

Training keeps snapshots of W (and W'); each snapshot is a frame (M words x N values).
Two ways to project the frames onto two axes with scikit-learn's PCA:

- ``basis="fixed"`` (the default): one PCA fitted on the *final* frame projects every
  frame, so a point that moves on screen moved in the N-dimensional space (along these
  two axes); early frames, whose vectors are still small, sit near the centre.
- ``basis="refit"``: a new PCA per frame shows each moment's own main directions. PCA's
  axes have no sign, so a refit could mirror the picture from one frame to the next; each
  axis is flipped, when needed, so that the words' coordinates correlate positively with
  the previous frame's (``sum_i x_i^(k) x_i^(k-1) >= 0`` for every axis).

Explained variance of frame k on axis c: the variance of the words' coordinates along c
divided by the frame's total variance (sum over the N dimensions), both about the frame's
own mean. For the frame a PCA was fitted on, this is PCA's ``explained_variance_ratio_``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import PCA

BASES = ("fixed", "refit")
MIN_WORDS = 3                 # fewer points have no second direction worth showing


@dataclass(frozen=True)
class Projection:
    """The frames in two dimensions."""

    coords: np.ndarray        # (F, M, 2) coordinates of the M words in each of the F frames
    explained: np.ndarray     # (F, 2) share of each frame's variance along each axis
    components: np.ndarray    # (F, 2, N) the axes (unit vectors in R^N) used for each frame
    flipped: np.ndarray       # (F, 2) bool: axes whose sign was flipped to match the previous frame
    basis: str                # "fixed" or "refit"


def check_frames(frames) -> np.ndarray:
    """The frames as one float64 array (F, M, N), or a ValueError saying what is wrong.

    >>> check_frames([np.zeros((3, 2))]).shape
    (1, 3, 2)
    """
    if len(frames) == 0:
        raise ValueError("there are no vectors to project (no snapshots)")
    shapes = {np.shape(f) for f in frames}
    if len(shapes) != 1:
        raise ValueError(f"every frame must have the same shape, got {sorted(shapes)}")
    stack = np.asarray(frames, dtype=np.float64)                             # (F, M, N)
    if stack.ndim != 3:
        raise ValueError(f"each frame must be a 2-D array (words x N), got shape {stack.shape[1:]}")
    F, M, N = stack.shape
    if M < MIN_WORDS:
        raise ValueError(f"PCA needs at least {MIN_WORDS} words, got {M}: choose more words")
    if N < 2:
        raise ValueError(f"the vectors have N = {N} dimension; a 2-D projection needs N >= 2")
    if not np.isfinite(stack).all():
        raise ValueError("the vectors contain NaN or infinity; nothing can be projected")
    return stack


def _total_variance(X: np.ndarray) -> float:
    """Sum over dimensions of the variance of the rows about their mean."""
    centred = X - X.mean(axis=0)                                             # (M, N)
    return float(np.einsum("mn,mn->", centred, centred)) / max(1, len(X) - 1)


def explained_share(X: np.ndarray, components: np.ndarray) -> np.ndarray:
    """Share of the variance of the rows of X along each (unit) component.  # (2,)

    >>> X = np.array([[1.0, 0], [-1, 0], [0, 0]])
    >>> explained_share(X, np.eye(2)).tolist()
    [1.0, 0.0]
    """
    total = _total_variance(X)
    if total == 0:
        return np.zeros(len(components))
    centred = X - X.mean(axis=0)                                             # (M, N)
    along = centred @ components.T                                           # (M, 2)
    return (along ** 2).sum(axis=0) / max(1, len(X) - 1) / total


def _fit(X: np.ndarray) -> PCA:
    return PCA(n_components=2, svd_solver="full").fit(X)


def project_frames(frames, basis: str = "fixed") -> Projection:
    """Project every frame (M words x N) onto two principal axes; see the module docstring.

    >>> X = np.array([[2.0, 0, 0], [-2, 0, 0], [0, 1, 0], [0, -1, 0]])
    >>> p = project_frames([X / 2, X])
    >>> p.coords.shape, p.explained[-1].round(2).tolist()
    ((2, 4, 2), [0.8, 0.2])
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}; got {basis!r}")
    stack = check_frames(frames)                                             # (F, M, N)
    F, M, N = stack.shape
    coords = np.zeros((F, M, 2))
    components = np.zeros((F, 2, N))
    explained = np.zeros((F, 2))
    flipped = np.zeros((F, 2), dtype=bool)
    if basis == "fixed":
        final = stack[-1]
        if _total_variance(final) == 0:
            raise ValueError("the final vectors are all equal (untrained W′ is all zeros), "
                             "so they define no axes: train longer or choose W")
        pca = _fit(final)
        for k in range(F):
            coords[k] = pca.transform(stack[k])                              # (M, 2)
            components[k] = pca.components_
            explained[k] = explained_share(stack[k], pca.components_)
        return Projection(coords, explained, components, flipped, basis)
    previous = None
    for k in range(F):
        if _total_variance(stack[k]) == 0:     # e.g. W' = 0 before training: all at the centre
            if previous is not None:
                components[k] = components[k - 1]
            continue
        pca = _fit(stack[k])
        axes, xy = pca.components_.copy(), pca.transform(stack[k])           # (2, N), (M, 2)
        if previous is not None:
            flip = (xy * previous).sum(axis=0) < 0                           # (2,)
            axes[flip] *= -1
            xy[:, flip] *= -1
            flipped[k] = flip
        coords[k], components[k] = xy, axes
        explained[k] = pca.explained_variance_ratio_
        previous = xy
    return Projection(coords, explained, components, flipped, basis)


def frames_of(snapshots, rows, which: str = "W") -> list[np.ndarray]:
    """The frames to project from training snapshots [(words_done, W, W'), ...].

    ``rows`` picks the words (indices into the vocabulary); ``which`` is "W" (input
    vectors), "W'" (output vectors, V rows: softmax and negative sampling only) or "both"
    (the rows of W, then the same words' rows of W', projected together).

    >>> snaps = [(0, np.eye(4), 2 * np.eye(4))]
    >>> frames_of(snaps, [0, 2], "both")[0].tolist()
    [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [2.0, 0.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0]]
    """
    rows = np.asarray(rows, dtype=np.int64)
    if which not in ("W", "W'", "both"):
        raise ValueError(f"which must be W, W' or both; got {which!r}")
    out = []
    for _, W_in, W_out in snapshots:
        if which != "W" and len(W_out) != len(W_in):
            raise ValueError(f"W′ has {len(W_out)} rows, not one per word ({len(W_in)}): with "
                             "hierarchical softmax its rows are the tree's inner nodes; choose W")
        if which == "W":
            out.append(W_in[rows])                                           # (M, N)
        elif which == "W'":
            out.append(W_out[rows])                                          # (M, N)
        else:
            out.append(np.vstack([W_in[rows], W_out[rows]]))                 # (2M, N)
    return out
