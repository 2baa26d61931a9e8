"""Central finite differences of one instance's loss, against the gradient a step used.

As in the CS224n word2vec assignment: perturb one parameter by +-eps, recompute the
loss with the instance's negatives held fixed, and take (E(+) - E(-)) / (2 eps).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from .trace import StepTrace


def numerical_gradient(model, center, context, negatives=None, eps: float = 1e-6,
                       in_rows=None, out_rows=None) -> tuple[np.ndarray, np.ndarray]:
    """dE/dW_in and dE/dW_out by central differences, on the given rows (default: all).

    Returns dense arrays shaped like W_in and W_out, zero outside the rows checked.
    """
    g_in, g_out = np.zeros_like(model.W_in), np.zeros_like(model.W_out)
    for W, g, rows in ((model.W_in, g_in, in_rows), (model.W_out, g_out, out_rows)):
        for r in range(W.shape[0]) if rows is None else rows:
            for i in range(W.shape[1]):
                old = W[r, i]
                W[r, i] = old + eps
                plus = model.loss(center, context, negatives)
                W[r, i] = old - eps
                minus = model.loss(center, context, negatives)
                W[r, i] = old
                g[r, i] = (plus - minus) / (2 * eps)
    return g_in, g_out


@dataclass(frozen=True)
class GradCheck:
    """Largest differences between the step's gradient and the finite-difference one."""

    max_diff_in: float
    max_diff_out: float
    max_grad: float          # scale: the largest |gradient| entry
    rows_checked: int
    resolution: float = 0.0  # the smallest difference (E+ - E-) / 2 eps can resolve at this loss

    def resolvable(self, tol: float = 1e-6) -> bool:
        """False when the loss is so large that float64 rounding of E+ and E- alone exceeds
        the tolerance: the check says nothing then (the step may still be exact)."""
        return self.resolution <= tol * max(1.0, self.max_grad)

    @property
    def max_diff(self) -> float:
        return max(self.max_diff_in, self.max_diff_out)

    def passed(self, tol: float = 1e-6) -> bool:
        return self.max_diff <= tol * max(1.0, self.max_grad)


def check_step(model, trace: StepTrace, eps: float = 1e-6, max_rows: int = 200) -> GradCheck:
    """Compare ``trace``'s gradients with finite differences at the parameters before it.

    Works on a copy of the model with the step undone, so the model is untouched. Checks
    every row when there are at most ``max_rows`` rows in W and W', else only the touched
    rows plus as many others as fit (whose gradient must be 0).
    """
    before = copy.deepcopy(model)
    before.undo(trace)
    V, R = before.W_in.shape[0], before.W_out.shape[0]
    in_rows = _rows_to_check(V, trace.in_rows, max_rows // 2)
    out_rows = _rows_to_check(R, trace.out_rows, max_rows // 2)
    negatives = trace.negatives
    g_in, g_out = numerical_gradient(before, trace.center, list(trace.context), negatives, eps,
                                     in_rows, out_rows)
    a_in, a_out = np.zeros_like(g_in), np.zeros_like(g_out)
    a_in[trace.in_rows] = trace.in_grad
    a_out[trace.out_rows] = trace.out_grad
    resolution = abs(trace.loss) * np.finfo(np.float64).eps / eps   # E rounds to this over 2 eps
    return GradCheck(float(np.abs(a_in - g_in)[in_rows].max()),
                     float(np.abs(a_out - g_out)[out_rows].max()),
                     float(max(np.abs(a_in).max(), np.abs(a_out).max())),
                     len(in_rows) + len(out_rows), float(resolution))


def _rows_to_check(n, touched, budget):
    if n <= budget:
        return np.arange(n)
    others = np.setdiff1d(np.arange(n), touched)[: max(0, budget - len(touched))]
    return np.union1d(touched, others)
