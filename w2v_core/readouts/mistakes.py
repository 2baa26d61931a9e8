"""Check a student's number for one quantity of a step, and name the likely mistake.

``diagnose(trace, quantity, index, value, digits=3)`` compares ``value`` with the engine's
number (read off the trace) by ``answers.agrees``. A wrong value is compared with what each
mistake of ``CATALOGUE`` gives there; every mistake that agrees is named, with one sentence
that gives Rong's equation (arXiv:1411.2738) and the value the mistake gives. A right value
never names a mistake.

``quantity`` is one of "h", "u", "y", "e", "EI", "EH", "E", "v_in_new", "v_out_new";
``index`` counts from 0 (the page shows 1-based numbers): the dimension i for h and EH; the
row of W' (the word j, or the inner node n under HS) for u, y, e and EI; 0 for E; a pair
(row, dimension) for v_in_new (the row of W: the word's vocabulary index) and v_out_new (the
row of W'). Under HS, u and y are v'_n . h and sigma at node n; under NS at the sampled word.
e and EI are both the row's error summed over the predictions and samples (eq. 31).

Each mistake is one pure function ``trace -> tuple[Made, ...]``: the values of every quantity
made with that mistake, once carried through the step (every later quantity computed from the
wrong one) and once made at each quantity alone (from the right values before it), as the
student may have done either; ``()`` where the mistake cannot happen in this step (no_mean on
skip-gram, code_as_t outside HS, ...). They redo the step from its inputs (hand_step.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..step.trace import StepTrace
from .answers import agrees, check_digits
from .hand_step import QUANTITIES, Slip, by_hand, equation, from_trace, given, view

ROW_QUANTITIES = ("u", "y", "e", "EI")
VECTOR_QUANTITIES = ("v_in_new", "v_out_new")


@dataclass(frozen=True)
class Made:
    """The values of every quantity with one mistake made one way."""

    how: str                      # which way, where the sentence names it ("log10", ...)
    values: dict                  # quantity -> array, as hand_step.by_hand lays them out


@dataclass(frozen=True)
class Diagnosis:
    right: bool
    expected: float               # the engine's value
    mistakes: tuple[str, ...]     # ids of the mistakes that give the value typed ((): none)
    explanations: tuple[str, ...]  # one sentence per mistake, in the same order


def _made(trace: StepTrace, *slips: Slip) -> tuple[Made, ...]:
    """Each slip carried through the step, and made at each quantity alone."""
    g = given(trace)
    right = by_hand(g)
    return tuple(Made(s.how, values) for s in slips
                 for values in (by_hand(g, s), by_hand(g, s, right)))


# ---- the catalogue: one function per mistake ----------------------------------------------------
def sign(trace):
    """t - y for the error instead of y - t (eqs. 8, 30, 49, 57), or the update added."""
    return _made(trace, Slip(sign=-1.0))


def no_lr(trace):
    """The updates without eta (eqs. 16, 23, 35; 11, 22, 34, 51, 59)."""
    return _made(trace, Slip(no_lr=True))


def new_W_out_for_EH(trace):
    """EH from W' after its update instead of before (eqs. 12, 36, 54, 61)."""
    return _made(trace, Slip(eh_after=True))


def no_mean(trace):
    """CBOW: h as the sum of the C context vectors instead of their mean (eq. 17)."""
    return _made(trace, Slip(h_sum=True)) if len(trace.inputs) > 1 else ()


def mean_update(trace):
    """CBOW: each context row moved by the other convention's share of eta EH (eq. 23 has
    eta EH / C; word2vec.c the full eta EH)."""
    return _made(trace, Slip(other_share=True)) if len(trace.inputs) > 1 else ()


def one_context(trace):
    """Skip-gram: the error (and loss) of one context word instead of the sum over C (eq. 31)."""
    return _made(trace, *(Slip(only_c=c, how=f"context word c = {c + 1}")
                          for c in range(len(trace.targets)))) if len(trace.targets) > 1 else ()


def transposed(trace):
    """w'_ij read as w'_ji (W' is N x V, column j = v'_j), wherever both exist."""
    return _made(trace, Slip(swapped=True))


def _wrong_label(trace, mistake: str):
    own = view(trace).wrong_label
    return _made(trace, Slip(labels=own[1])) if own and own[0] == mistake else ()


def code_as_t(trace):
    """HS: the label t = code instead of 1 - code (eqs. 46, 49)."""
    return _wrong_label(trace, "code_as_t")


def neg_label(trace):
    """NS: the negatives with t = 1, so sigma(v'.h) in the loss where sigma(-v'.h) belongs
    (eqs. 55, 57)."""
    return _wrong_label(trace, "neg_label")


def log_base(trace):
    """The loss in log10 or log2 instead of the natural logarithm."""
    return _made(trace, Slip(log_base=10.0, how="log10"), Slip(log_base=2.0, how="log2"))


def rounded(trace):
    """Every intermediate value rounded to 2 significant digits before it is used."""
    return _made(trace, Slip(round_to=2))


def old_h(trace):
    """v' updated with h recomputed after the update of W instead of the forward pass's h."""
    return _made(trace, Slip(h_after=True))


@dataclass(frozen=True)
class Mistake:
    id: str
    make: Callable                # trace -> tuple[Made, ...]
    sentence: str                 # fields: {eq}, {value}, {how}, {lr}, {eq_EH}, {share}


CATALOGUE = (
    Mistake("sign", sign, "The error is y − t, not t − y, and the update subtracts η times "
            "the gradient (eq. {eq}); with the sign turned round you get {value}."),
    Mistake("no_lr", no_lr, "The learning rate η = {lr} is missing: eq. {eq} subtracts η "
            "times the gradient, and without η you get {value}."),
    Mistake("new_W_out_for_EH", new_W_out_for_EH, "EH is computed from W′ before its update "
            "(eq. {eq_EH}); with the already updated v′_j you get {value}."),
    Mistake("no_mean", no_mean, "CBOW's h is the mean of the C context vectors (eq. 17), not "
            "their sum, which gives {value}."),
    Mistake("mean_update", mean_update, "{share} gives {value}."),
    Mistake("one_context", one_context, "Skip-gram sums the error over all C context words "
            "(EI_j = Σ_c e_c,j, eq. 31); {how} alone gives {value}."),
    Mistake("transposed", transposed, "w′_ij is row i, column j of W′, whose column j is v′_j "
            "(eq. {eq}); read as w′_ji it gives {value}."),
    Mistake("code_as_t", code_as_t, "In hierarchical softmax the label at a node is t = 1 − code "
            "(eq. {eq}); taking t = code gives {value}."),
    Mistake("neg_label", neg_label, "A negative sample has t = 0 and enters the loss as "
            "log σ(−v′_j·h) (eqs. 55, 57); treated as t = 1, with σ(v′_j·h), it gives {value}."),
    Mistake("log_base", log_base, "The loss uses the natural logarithm (eq. {eq}); with {how} "
            "it is {value}."),
    Mistake("rounded", rounded, "Intermediate values rounded to 2 significant digits (eq. {eq}) "
            "give {value}; keep 5 or 6 digits until the end."),
    Mistake("old_h", old_h, "v′_j is updated with the h of the forward pass (eq. {eq}); with h "
            "recomputed after W changed you get {value}."),
)
MISTAKES = {m.id: m for m in CATALOGUE}
SHARE_SENTENCES = {
    "rong": "Rong's eq. 23 moves each context vector by η·EH/C; the full η·EH of word2vec.c",
    "word2vec.c": "word2vec.c moves each context vector by the full η·EH; Rong's η·EH/C (eq. 23)",
}


def explain(trace: StepTrace, mistake: str, quantity: str, value: float, how: str = "") -> str:
    """The sentence naming ``mistake`` for ``quantity`` of this step, with the value it gives."""
    return MISTAKES[mistake].sentence.format(
        eq=equation(trace, quantity), value=f"{value:.6g}", how=how, lr=f"{trace.lr:g}",
        eq_EH=equation(trace, "EH"), share=SHARE_SENTENCES[trace.convention])


# ---- looking a quantity up, and the diagnosis -----------------------------------------------
def _row(rows, row, what: str) -> int:
    rows = np.asarray(rows).tolist()
    if isinstance(row, (bool, np.bool_)) or not isinstance(row, (int, np.integer)) \
            or row not in rows:
        raise ValueError(f"{what} has no row {row!r} in this step; it has rows "
                         f"{', '.join(map(str, rows))} (0-based)")
    return rows.index(int(row))


def _dimension(i, N: int, what: str) -> int:
    if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)) or not 0 <= i < N:
        raise ValueError(f"{what} has dimensions 0 to {N - 1} (0-based); got {i!r}")
    return int(i)


def position(trace: StepTrace, quantity: str, index) -> tuple:
    """Where ``index`` is in ``quantity``'s array (hand_step's layout), or a ValueError."""
    N = len(trace.h)
    if quantity in ("h", "EH"):
        return (_dimension(index, N, quantity),)
    if quantity == "E":
        if index != 0 or isinstance(index, bool):
            raise ValueError(f"E is one number: its index is 0, got {index!r}")
        return (0,)
    if quantity in ROW_QUANTITIES:
        return (_row(trace.out_rows, index, quantity),)
    if quantity in VECTOR_QUANTITIES:
        if not isinstance(index, (tuple, list)) or len(index) != 2:
            raise ValueError(f"{quantity} takes a (row, dimension) pair, got {index!r}")
        rows = trace.in_rows if quantity == "v_in_new" else trace.out_rows
        return _row(rows, index[0], quantity), _dimension(index[1], N, quantity)
    raise ValueError(f"quantity must be one of {', '.join(QUANTITIES)}; got {quantity!r}")


def expected_value(trace: StepTrace, quantity: str, index) -> float:
    """The engine's number for ``quantity`` at ``index``."""
    return float(from_trace(trace)[quantity][position(trace, quantity, index)])


def mistake_values(trace: StepTrace) -> dict[str, tuple[Made, ...]]:
    """What every mistake of the catalogue gives in this step ({id: ()} where it cannot happen)."""
    return {m.id: m.make(trace) for m in CATALOGUE}


def diagnose(trace: StepTrace, quantity: str, index, value: float, digits: int = 3,
             made: dict | None = None) -> Diagnosis:
    """Whether ``value`` is right for ``quantity`` at ``index`` (to ``digits`` significant
    digits), the engine's value, and the mistakes whose value agrees with it. ``made``:
    ``mistake_values(trace)`` computed once for many answers of the same step."""
    digits = check_digits(digits)
    at = position(trace, quantity, index)
    expected = float(from_trace(trace)[quantity][at])
    value = float(value)
    if agrees(value, expected, digits):
        return Diagnosis(True, expected, (), ())
    made = mistake_values(trace) if made is None else made
    ids, sentences = [], []
    for m in CATALOGUE:
        for way in made[m.id]:
            wrong = float(way.values[quantity][at])
            if (math.isfinite(wrong) and not agrees(wrong, expected, digits)
                    and agrees(value, wrong, digits)):
                ids.append(m.id)
                sentences.append(explain(trace, m.id, quantity, wrong, way.how))
                break
    return Diagnosis(False, expected, tuple(ids), tuple(sentences))
