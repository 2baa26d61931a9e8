"""Predict, then reveal: one question before each phase of a step, with the right answer and
its explanation computed from the step itself (so every answer is the engine's).

Before phase 1 (the forward pass): which output gets the largest y (sigma for the nodes of
hierarchical softmax and the samples of negative sampling)? Before phase 2 (the errors):
the sign of EI for the true output or for another one. Before phase 3 (the update): which
rows of W and W' change, whether the loss of this instance goes down, or which way the true
output vector moves relative to h. The questions rotate with the step number, so a class
meets all of them; they hold for all six variants.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..step.layers import LAYERS
from ..step.trace import StepTrace
from .network import Network


@dataclass(frozen=True)
class Question:
    prompt: str
    options: tuple[str, ...]
    answer: int                    # index of the right option
    explanation: str

    def check(self, choice: int) -> bool:
        return int(choice) == self.answer


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def largest_output(net: Network, names, symbol: str, seed: int) -> Question:
    """Which drawn output neuron gets the largest value (y or sigma)?"""
    best = int(np.argmax(net.out_value))
    others = [q for q in range(len(net.outputs)) if q != best]
    rng = np.random.default_rng(seed)
    pick = sorted(rng.choice(others, size=min(3, len(others)), replace=False).tolist() + [best])
    options = tuple(names[q] for q in pick)
    return Question(f"Which output will get the largest {symbol}?", options, pick.index(best),
                    f"{names[best]} has {symbol} = {_fmt(net.out_value[best])}, the largest of "
                    f"the {len(net.outputs)} drawn; " + ", ".join(
                        f"{names[q]}: {_fmt(net.out_value[q])}" for q in pick if q != best) + ".")


def error_sign(trace: StepTrace, names, seed: int) -> Question:
    """The sign of EI of the true output, or of another touched output (alternating)."""
    true = trace.true_output
    rows = trace.out_rows.tolist()
    others = [r for r in rows if r != true and r not in trace.targets.tolist()]
    row = true if seed % 2 == 0 or not others else others[seed // 2 % len(others)]
    e = float(trace.out_err[rows.index(row)])
    sign = 0 if e < 0 else 1 if e > 0 else 2
    what = "the true output" if row == true else "another output"
    return Question(f"Will EI of {names[row]} ({what}) be negative or positive?",
                    ("negative: its vector is pulled towards h", "positive: pushed away from h",
                     "exactly 0"), sign,
                    f"EI of {names[row]} = {_fmt(e)}: y or σ minus t, with t = 1 only for the "
                    "true output.")


def rows_changed(trace: StepTrace) -> Question:
    """Which rows of W and columns of W' does the update change?"""
    C = len(trace.in_rows)
    inputs = "only the input word's row of W" if C == 1 else f"the {C} context words' rows of W"
    options = tuple(f"{inputs}; {layer.updates_text}" for layer in LAYERS.values()) + (
        "every row of W and every column of W′",)
    answer = list(LAYERS).index(trace.output)
    return Question("Which weights will this update change?", options, answer,
                    f"{len(trace.in_rows)} row(s) of W and {len(trace.out_rows)} column(s) of W′ "
                    "change: the input vector(s) used for h, and the output vectors this "
                    "output layer computed.")


def loss_direction(trace: StepTrace) -> Question:
    d = trace.loss_after - trace.loss
    answer = 0 if d < 0 else 1 if d > 0 else 2
    return Question("Will the loss of this instance go down after the update?",
                    ("down", "up", "stay the same"), answer,
                    f"E goes from {_fmt(trace.loss)} to {_fmt(trace.loss_after)} "
                    f"(η = {_fmt(trace.lr)}); a small η lowers it, a large one can overshoot.")


def output_direction(trace: StepTrace, names) -> Question:
    """Which way does the true output vector move relative to h: Δv' = -eta EI h."""
    row = trace.true_output
    e = float(trace.out_err[trace.out_rows.tolist().index(row)])
    answer = 0 if e < 0 else 1 if e > 0 else 2
    return Question(f"Which way will v′ of {names[row]} move, relative to h?",
                    ("towards h", "away from h", "it will not move"), answer,
                    f"Δv′ = −η · EI · h with EI = {_fmt(e)}: a negative EI moves v′ along h, so "
                    "v′ · h (its score) grows.")


def question(phase: int, trace: StepTrace, net: Network, out_names, step: int,
             symbol: str) -> Question:
    """The question asked before ``phase`` (1, 2 or 3) of step number ``step``."""
    drawn = [out_names[r] for r in net.outputs]
    if phase == 1:
        return largest_output(net, drawn, symbol, seed=step)
    if phase == 2:
        return error_sign(trace, out_names, seed=step)
    return (rows_changed(trace), loss_direction(trace), output_direction(trace, out_names))[step % 3]
