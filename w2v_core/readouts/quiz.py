"""Predict, then reveal: one question before each phase of every step, with the right answer
and its explanation computed from the step itself (so every answer is the engine's).

Before phase 1 (the forward pass): which drawn output gets the largest y (sigma for the
nodes of hierarchical softmax and the samples of negative sampling), ranked by the exact
scores u or x (a saturated y = 1.0 still has a larger or smaller score), with options whose
scores differ; when the largest is not clear at these weights (the best two within
``CLEAR`` of each other, as at the first steps), which output vectors the step will update.
Before phase 2 (the errors): the sign of EI of an output vector, decided exactly from its
score and labels (``LayerOut.error_sign``), never from a float sum that underflowed. Before
phase 3 (the update): whether the loss goes down, which way an output vector moves
relative to h, or which vectors change. Explanations name each term's t: under HS every path
node has its own t, under NS a word drawn twice is named with both of its samples.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..step.layers import LAYERS
from ..step.trace import StepTrace
from .network import Network

CLEAR = 0.05          # the largest value must lead the next by this share of it to be asked


@dataclass(frozen=True)
class Question:
    prompt: str
    options: tuple[str, ...]
    answer: int                    # index of the right option (the first, when several are)
    explanation: str
    accepted: tuple[int, ...] = ()  # every right option (default: ``answer`` alone)

    def check(self, choice: int) -> bool:
        return int(choice) in (self.accepted or (self.answer,))


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _signed(x: float) -> str:
    return f"{x:+.4g}"


def clear_winner(net: Network, scores) -> bool:
    """True when the drawn output with the largest value leads the next one clearly."""
    if len(net.outputs) < 2:
        return False
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    top, second = net.out_value[order[0]], net.out_value[order[1]]
    return bool(scores[order[0]] > scores[order[1]] and top - second >= CLEAR * top)


def largest_output(trace: StepTrace, net: Network, names, symbol: str, seed: int) -> Question:
    """Which drawn output neuron gets the largest value (y or sigma)? Ranked by the exact
    scores; the other options have scores below the best one's."""
    scores = np.array([trace.out.score_of(int(r)) for r in net.outputs])          # (O,)
    best = int(np.argmax(scores))
    below = [q for q in range(len(net.outputs)) if scores[q] < scores[best]]
    rng = np.random.default_rng(seed)
    pick = sorted(rng.choice(below, size=min(3, len(below)), replace=False).tolist() + [best])
    tied = [pick.index(q) for q in pick if scores[q] == scores[best]]
    return Question(
        f"Which output will get the largest {symbol}?", tuple(names[q] for q in pick),
        pick.index(best),
        f"{names[best]} has the largest score ({_fmt(scores[best])}), so {symbol} = "
        f"{_fmt(net.out_value[best])}; " + ", ".join(
            f"{names[q]}: score {_fmt(scores[q])}, {symbol} = {_fmt(net.out_value[q])}"
            for q in pick if q != best) + ".", tuple(tied))


def rows_changed(trace: StepTrace) -> Question:
    """Which rows of W and columns of W' does the update change?"""
    C = len(trace.in_rows)
    inputs = "only the input word's row of W" if C == 1 else f"the {C} context words' rows of W"
    options = tuple(f"{inputs}; {layer.updates_text}" for layer in LAYERS.values()) + (
        "every row of W and every column of W′",)
    return Question("Which weights will this update change?", options,
                    list(LAYERS).index(trace.output),
                    f"{C} row(s) of W and {len(trace.out_rows)} column(s) of W′ change: the "
                    "input vector(s) used for h, and the output vectors this output layer "
                    "computed.")


def _terms_text(trace: StepTrace, row: int, symbol: str) -> str:
    """EI of ``row`` written as its terms, each with its own t."""
    terms = trace.out.error_terms(row)
    parts = [f"({_fmt(v)} − {int(t)})" for v, t in terms]
    many = f" (it occurs {len(terms)} times in this step)" if len(terms) > 1 else ""
    return f"Σ ({symbol} − t) = " + " + ".join(parts[:6]) + (" + …" if len(parts) > 6 else "") + many


def error_sign(trace: StepTrace, names, seed: int, symbol: str = "y") -> Question:
    """The sign of EI of a touched output vector: one with t = 1 on even steps, another on
    odd ones (when there is one)."""
    out = trace.out
    rows = trace.out_rows.tolist()
    true = [r for r in rows if any(t == 1 for _, t in out.error_terms(r))]
    other = [r for r in rows if r not in true]
    pool = true if (seed % 2 == 0 or not other) and true else (other or rows)
    row = pool[seed // 2 % len(pool)]
    sign = out.error_sign(row)
    answer = {-1: 0, 1: 1, 0: 2}[sign]
    e = float(trace.out_err[rows.index(row)])
    verdict = {-1: "negative", 1: "positive", 0: "exactly 0"}[sign]
    shown = (f" (computed {_signed(e)})" if np.isfinite(e) and (e != 0 or sign == 0)
             else " (too small for float64 to show)")
    return Question(f"Will EI of {names[row]} be negative, positive or exactly 0?",
                    ("negative", "positive", "exactly 0"), answer,
                    f"EI of {names[row]} = {_terms_text(trace, row, symbol)}: {verdict}{shown}.")


def loss_direction(trace: StepTrace) -> Question:
    d = trace.loss_after - trace.loss
    answer = 0 if d < 0 else 1 if d > 0 else 2
    return Question("Will the loss of this instance go down after the update?",
                    ("down", "up", "stay the same"), answer,
                    f"E goes from {_fmt(trace.loss)} to {_fmt(trace.loss_after)} "
                    f"(η = {_fmt(trace.lr)}): " + ("a small η lowers it." if d < 0 else
                                                   "this η overshoots." if d > 0 else
                                                   "the update did not change it."))


def output_direction(trace: StepTrace, names, seed: int = 0) -> Question:
    """Which way does an output vector move relative to h: Delta v' = -eta EI h."""
    rows = trace.out_rows.tolist()
    row = trace.true_output if trace.true_output in rows else rows[0]
    sign = trace.out.error_sign(row)
    moves = trace.lr > 0 and np.any(trace.h != 0) and sign != 0
    answer = 2 if not moves else 0 if sign < 0 else 1
    e = float(trace.out_err[rows.index(row)])
    why = ("EI is negative, so −η · EI · h points along h: v′ · h (its score) grows"
           if answer == 0 else "EI is positive, so −η · EI · h points against h: v′ · h "
           "(its score) falls" if answer == 1 else
           "η = 0, h = 0 or EI = 0, so the change is 0")
    return Question(f"Which way will v′ of {names[row]} move, relative to h?",
                    ("towards h", "away from h", "it will not move"), answer,
                    f"Δv′ = −η · EI · h with EI = {_signed(e)}: {why}.")


def question(phase: int, trace: StepTrace, net: Network, out_names, step: int,
             symbol: str) -> Question:
    """The question asked before ``phase`` (1, 2 or 3) of step number ``step``."""
    if phase == 1:
        scores = [trace.out.score_of(int(r)) for r in net.outputs]
        if clear_winner(net, scores):
            return largest_output(trace, net, [out_names[r] for r in net.outputs], symbol,
                                  seed=step)
        return rows_changed(trace)
    if phase == 2:
        return error_sign(trace, out_names, seed=step, symbol=symbol)
    if step % 2:
        return loss_direction(trace)
    return output_direction(trace, out_names, seed=step)
