"""The Step inspector's Overview: one PCA of the lab's own input and output vectors (wevi's
picture: the rows of W and the output vectors v'_j in one plane).

One PCA (scikit-learn, two components) is fitted on the rows of W and W' together, so
both sets share the two axes and can be compared: after training, a word's input vector
lies near the output vectors of the words it predicts. The lab changes a little with each
Step; PCA's axes have no sign, so each axis is flipped, when needed, to point the way it
pointed in the previous picture (``previous``): the points move, the picture does not
mirror.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import PCA


@dataclass(frozen=True)
class LabProjection:
    """Both matrices in the plane of their first two principal components."""

    inputs: np.ndarray        # (V, 2) the rows of W, v_w
    outputs: np.ndarray       # (R, 2) the rows the engine keeps for W' (v'_j), R = V or V - 1
    explained: np.ndarray     # (2,) share of the variance along each axis
    components: np.ndarray    # (2, N) the axes, unit vectors in R^N (zeros when there are none)


def project_lab(W_in, W_out, previous=None) -> LabProjection:
    """W (V, N) and W' as the engine stores it (R, N) projected onto one pair of axes.

    With N = 1 the second coordinate is 0; when every vector is equal (W' = 0 before the
    first step, with word2vec.c's start) there are no axes and every point is at 0.
    ``previous``: the components of the last picture, to keep each axis's sign.

    >>> W = np.array([[2.0, 0, 0], [-2, 0, 0]]); Wo = np.array([[0, 1.0, 0], [0, -1, 0]])
    >>> p = project_lab(W, Wo)
    >>> np.abs(p.inputs).round(2).tolist(), p.explained.round(2).tolist()
    ([[2.0, 0.0], [2.0, 0.0]], [0.8, 0.2])
    >>> bool((project_lab(W, Wo, -p.components).components == -p.components).all())
    True
    """
    W_in, W_out = np.asarray(W_in, dtype=np.float64), np.asarray(W_out, dtype=np.float64)
    X = np.vstack([W_in, W_out])                                         # (V + R, N)
    if not np.isfinite(X).all():
        raise ValueError("W or W′ holds NaN or infinity (a step blew up): nothing to project")
    V, N = W_in.shape
    centred = X - X.mean(axis=0)
    if N == 0 or not np.any(centred):
        zeros = np.zeros((len(X), 2))
        return LabProjection(zeros[:V], zeros[V:], np.zeros(2), np.zeros((2, N)))
    k = min(2, N)
    pca = PCA(n_components=k, svd_solver="full").fit(X)
    axes = np.zeros((2, N))
    axes[:k] = pca.components_                                           # (2, N)
    if previous is not None and np.shape(previous) == axes.shape:
        flip = (axes * np.asarray(previous)).sum(axis=1) < 0             # (2,)
        axes[flip] *= -1
    xy = centred @ axes.T                                                # (V + R, 2)
    explained = np.zeros(2)
    explained[:k] = pca.explained_variance_ratio_
    return LabProjection(xy[:V], xy[V:], explained, axes)
