"""The network diagram of one step (as ronxin/wevi draws it): the input neurons (words, the
step's input word(s) lit), the N hidden neurons with h, the output neurons (every word with
y for full softmax, the inner nodes of the paths with sigma for hierarchical softmax, the
k + 1 samples' words with sigma for negative sampling), and the weights of W and W' on the
edges between them, before and after the step, with the errors that flow back.

Up to ``ALL`` words every input neuron is drawn; above, the step's input words and the words
with the largest input vectors, and the count of the rest. The outputs are drawn the same
way (the true outputs first, then the largest y or sigma).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..step.trace import StepTrace
from .focus import focus, focus_rows

ALL = 20


@dataclass(frozen=True)
class Network:
    """What the diagram draws: engine indices, values and weights, in drawing order."""

    inputs: np.ndarray        # (I,) word indices of the input neurons drawn
    lit: np.ndarray           # (I,) bool: this step's input word(s); CBOW: its C context words
    inputs_left: int          # input neurons not drawn
    h: np.ndarray             # (N,) hidden layer
    outputs: np.ndarray       # (O,) rows of W' drawn: words (softmax, NS) or inner nodes (HS)
    out_value: np.ndarray     # (O,) y (softmax) or sigma (HS node, NS sample) at each output
    out_target: np.ndarray    # (O,) bool: a true word (softmax), t = 1 (HS node, NS positive)
    out_err: np.ndarray       # (O,) the summed error EI of each output's vector
    outputs_left: int         # output neurons not drawn
    out_times: np.ndarray     # (O,) how many samples or paths each drawn output takes part in
    W_in: np.ndarray          # (I, N) weights input -> hidden before the step
    W_in_after: np.ndarray    # (I, N) after it
    W_out: np.ndarray         # (O, N) weights hidden -> output before the step (rows of W')
    W_out_after: np.ndarray   # (O, N) after it
    EH: np.ndarray            # (N,) the error sent back to the hidden layer


def outputs(trace: StepTrace, limit: int = ALL):
    """(rows, values, true outputs, rows left out) of the output neurons drawn: the layer's
    neurons (every word for full softmax, the path nodes for HS, the samples for NS), and
    past ``limit`` of them the true outputs and the largest values."""
    rows, value, target = trace.out.neurons(trace.targets)
    if len(rows) <= limit:
        return rows, value, target, 0
    f = focus(value, keep=np.flatnonzero(target), limit=limit)
    return rows[f.shown], value[f.shown], target[f.shown], f.rest


def network(trace: StepTrace, W_in_before, W_out_before, limit: int = ALL) -> Network:
    """The diagram of ``trace``, from the matrices as they were before it (V, N) and (R, N)."""
    V = len(W_in_before)
    f = focus_rows(W_in_before, keep=trace.inputs, limit=limit) if V > limit else None
    inputs = np.arange(V) if f is None else f.shown
    rows, value, target, left = outputs(trace, limit)
    err = dict(zip(trace.out_rows.tolist(), trace.out_err.tolist()))
    W_in_after = np.array(W_in_before[inputs], dtype=np.float64)
    for r, after in zip(trace.in_rows.tolist(), trace.in_after):
        W_in_after[inputs == r] = after
    W_out_after = np.array(W_out_before[rows], dtype=np.float64)
    changed = {r: q for q, r in enumerate(trace.out_rows.tolist())}
    after_rows = trace.out_after
    for q, r in enumerate(rows.tolist()):
        if r in changed:
            W_out_after[q] = after_rows[changed[r]]
    return Network(inputs, np.isin(inputs, trace.inputs), 0 if f is None else f.rest, trace.h,
                   rows, value, target, np.array([err.get(r, 0.0) for r in rows.tolist()]), left,
                   np.array([trace.out.times(int(r)) for r in rows], dtype=np.int64),
                   W_in_before[inputs], W_in_after, W_out_before[rows], W_out_after, trace.EH)


def before_matrices(model, trace: StepTrace, applied: bool):
    """(W, W') as the step saw them: the model's own when the step is not applied yet (a
    phase before the update), else the model's with the step's rows put back."""
    if not applied:
        return model.W_in, model.W_out
    W_in, W_out = model.W_in.copy(), model.W_out.copy()
    W_in[trace.in_rows] = trace.in_before
    W_out[trace.out_rows] = trace.out_before[:len(trace.out_rows)]
    return W_in, W_out
