"""One SGD step redone the way a student does it by hand, right or with one slip (Rong,
arXiv:1411.2738), for the catalogue of mistakes (mistakes.py).

Everything starts from what the trace holds before the step: the rows of W and W' it reads,
the input words, the targets with their labels (the Huffman codes, the negatives), eta and
the convention. ``by_hand(given(trace), slip)`` recomputes every quantity a student can answer
(``QUANTITIES``) as {quantity: array}, aligned with the step's own rows:

- h, EH: (N,); E: (1,);
- u, y, e, EI: (R,), one per row of W' the step uses (``trace.out_rows``: all V words for full
  softmax, the path nodes for HS, the positive and the negatives for NS). u is v'_j . h; y is
  softmax(u)_j, or sigma(v'_j . h) at an HS node or an NS sample; e = EI is the error of that
  row summed over the predictions and samples (eq. 31: EI_j = sum_c e_{c,j});
- v_out_new: (R, N) those rows of W' after the step; v_in_new: (I, N) the rows of W the step
  changes (``trace.in_rows``).

``from_trace(trace)`` gives the same dict with the engine's own numbers, read off the trace.

What differs between the output layers is in ``LAYER_VIEW`` and nowhere else: how the terms
of the loss are listed, whether y is a softmax, the layer's own wrong label, the equation
numbers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..functions import log_sigmoid, logsumexp, sigmoid, softmax
from ..step.layers import HSOut, NSOut, SoftmaxOut
from ..step.trace import StepTrace
from ..step.updates import hidden, input_shares, input_vectors_after, output_vectors_after
from .answers import round_sig

QUANTITIES = ("h", "u", "y", "e", "EI", "EH", "E", "v_in_new", "v_out_new")


# ---- the output layers: the terms the loss sums over, one per (prediction c, row j) ----------
def _softmax_terms(out):
    """Every word j for every prediction c, t = 1 at the target.  -> 5 arrays (P V,)"""
    P, V = out.t.shape
    c, j = np.divmod(np.arange(P * V), V)
    return c, j, out.t.ravel(), out.u[j], out.y[j]


def _path_terms(out):
    """The inner nodes of each target's Huffman path, t = 1 - code.  -> 5 arrays (S,)"""
    c = np.concatenate([np.full(len(p.nodes), q) for q, p in enumerate(out.paths)])
    cat = lambda f: np.concatenate([getattr(p, f) for p in out.paths])  # noqa: E731
    return c, cat("nodes"), cat("t"), cat("x"), cat("sigma")


def _sample_terms(out):
    """The positive (t = 1), then the k negatives (t = 0), of each prediction.  -> 5 (P(k+1),)"""
    P, S = out.samples.shape
    return (np.repeat(np.arange(P), S), out.samples.ravel(), out.t.ravel(), out.x.ravel(),
            out.sigma.ravel())


@dataclass(frozen=True)
class LayerView:
    """What a student computes differently for one output layer."""

    terms: Callable            # layer out -> (c, row, t, v'.h, y or sigma) of each term
    normalised: bool           # y is a softmax over all rows and the loss counts t = 1 terms
    wrong_label: tuple | None  # (mistake id, t -> the labels used instead), or None
    equations: dict            # quantity -> Rong's number (skip-gram, CBOW)


LAYER_VIEW = {               # the typed output of each layer (trace.out's class) -> its view
    SoftmaxOut: LayerView(_softmax_terms, True, None, dict(
        u=("26", "2"), y=("25", "3"), e=("30", "8"), EI=("31", "8"), EH=("36", "12"),
        E=("29", "21"), v_out_new=("34", "22"))),
    HSOut: LayerView(_path_terms, False, ("code_as_t", lambda t: 1.0 - t), dict(
        u=("37", "37"), y=("37", "37"), e=("49", "49"), EI=("49", "49"), EH=("54", "54"),
        E=("46", "46"), v_out_new=("51", "51"))),
    NSOut: LayerView(_sample_terms, False, ("neg_label", lambda t: np.ones_like(t)), dict(
        u=("55", "55"), y=("55", "55"), e=("57", "57"), EI=("57", "57"), EH=("61", "61"),
        E=("55", "55"), v_out_new=("59", "59"))),
}
INPUT_EQUATIONS = dict(h=("24", "17"), v_in_new=("35", "23"))


def view(trace: StepTrace) -> LayerView:
    """The view of ``trace``'s output layer (a layer that extends one of the three returns
    its base's typed output, and so is read like it)."""
    for cls in type(trace.out).__mro__:
        if cls in LAYER_VIEW:
            return LAYER_VIEW[cls]
    raise LookupError(f"no hand-check view of the output layer {trace.output!r}")


def equation(trace: StepTrace, quantity: str) -> str:
    """Rong's equation number for ``quantity`` in this step's variant (arch and layer)."""
    table = INPUT_EQUATIONS if quantity in INPUT_EQUATIONS else view(trace).equations
    return table[quantity][0 if trace.arch == "skipgram" else 1]


# ---- what the step starts from --------------------------------------------------------------
@dataclass(frozen=True)
class Given:
    """A step's inputs, as a student reads them off the sheet."""

    h: np.ndarray            # (N,) the engine's h
    h_sum: np.ndarray        # (N,) the sum of the input vectors (CBOW's mean without 1/C)
    Wp: np.ndarray           # (R, N) the rows of W' the step uses, before it
    Wp_swapped: np.ndarray   # (R, N) the same read as w'_ji (NaN where that element is not known)
    c: np.ndarray            # (S,) the prediction of each term
    pos: np.ndarray          # (S,) its row's position in trace.out_rows
    t: np.ndarray            # (S,) its label
    normalised: bool
    in_before: np.ndarray    # (I, N) the rows of W the step changes, before it
    share: np.ndarray        # (I,) each row's share of EH in this convention
    other_share: np.ndarray  # (I,) ... in the other convention
    input_pos: np.ndarray    # (C_in,) each input word's position in trace.in_rows
    lr: float


def read_transposed(Wp, rows, N: int) -> np.ndarray:
    """W' read as w'_ji: element (j, i) is the engine's W'[i, j] (the slides' w'_ji), where row
    i of W' is among ``rows`` and j < N; NaN elsewhere.  # (R, N)

    >>> read_transposed(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0, 1]), 2).tolist()
    [[1.0, 3.0], [2.0, 4.0]]
    """
    known = dict(zip(np.asarray(rows).tolist(), Wp))
    out = np.full((len(rows), N), np.nan)
    for q, j in enumerate(np.asarray(rows).tolist()):
        for i in range(N):
            if j < N and i in known:
                out[q, i] = known[i][j]
    return out


def given(trace: StepTrace) -> Given:
    """What ``by_hand`` starts from, read off ``trace``."""
    layer = view(trace)
    c, rows, t, _, _ = layer.terms(trace.out)
    R, N = len(trace.out_rows), len(trace.h)
    Wp = trace.out_before[:R]                  # full softmax: the whole old W', rows 0..V-1
    input_pos = np.searchsorted(trace.in_rows, trace.inputs)
    other = "word2vec.c" if trace.convention == "rong" else "rong"
    return Given(trace.h, trace.in_before[input_pos].sum(axis=0), Wp,
                 read_transposed(Wp, trace.out_rows, N), c,
                 np.searchsorted(trace.out_rows, rows), t.astype(float), layer.normalised,
                 trace.in_before, trace.in_share, input_shares(trace.inputs, other)[1],
                 input_pos, trace.lr)


def from_trace(trace: StepTrace) -> dict[str, np.ndarray]:
    """Every quantity with the engine's own numbers, in ``by_hand``'s layout."""
    _, rows, _, x, y = view(trace).terms(trace.out)
    R = len(trace.out_rows)
    u, p = np.full(R, np.nan), np.full(R, np.nan)
    pos = np.searchsorted(trace.out_rows, rows)
    u[pos], p[pos] = x, y                       # the same value wherever a row repeats
    return dict(h=trace.h, u=u, y=p, e=trace.out_err, EI=trace.out_err, EH=trace.EH,
                E=np.array([trace.loss]), v_in_new=trace.in_after, v_out_new=trace.out_after)


# ---- the step by hand -------------------------------------------------------------------------
@dataclass(frozen=True)
class Slip:
    """One way of doing the step by hand; every field at its default is the right way."""

    h_sum: bool = False             # h as the sum of the context vectors (CBOW)
    swapped: bool = False           # every w'_ij read as w'_ji
    labels: Callable | None = None  # t -> the labels used instead (HS: code; NS: all 1)
    sign: float = 1.0               # -1: t - y for the error, the update added
    only_c: int | None = None       # the error (and loss) of prediction c alone
    eh_after: bool = False          # EH from W' after its update
    no_lr: bool = False             # the updates without eta
    other_share: bool = False       # the input rows moved by the other convention's share
    h_after: bool = False           # v' updated with h recomputed after the update of W
    log_base: float = math.e        # the base of the loss's logarithm
    round_to: int | None = None     # every intermediate value rounded to this many digits
    how: str = ""                   # what exactly was done, for the sentence


def row_errors(y, g: Given, t, sign: float = 1.0, only_c: int | None = None) -> np.ndarray:
    """EI_j = sum over the terms of row j of (y_j - t) (eqs. 8, 30-31; HS 49; NS 57).  # (R,)"""
    err = sign * (y[g.pos] - t)                                              # (S,)
    if only_c is not None:
        err = np.where(g.c == only_c, err, 0.0)
    return np.bincount(g.pos, weights=err, minlength=len(y))


def instance_loss(u, y, g: Given, t, slip: Slip) -> float:
    """E = -log p (softmax eqs. 21, 29; HS eq. 46; NS eq. 55) in base ``slip.log_base``; from
    the (rounded) probabilities when the slip rounds, else stably from the scores u."""
    keep = np.ones(len(t), bool) if slip.only_c is None else g.c == slip.only_c   # (S,)
    if g.normalised:
        keep &= t == 1
        per = -np.log(y[g.pos]) if slip.round_to else logsumexp(u) - u[g.pos]
    elif slip.round_to:
        per = -np.log(np.where(t == 1, y[g.pos], 1.0 - y[g.pos]))
    else:
        per = -log_sigmoid((2.0 * t - 1.0) * u[g.pos])
    return float(per[keep].sum() / math.log(slip.log_base))


def by_hand(g: Given, slip: Slip = Slip(), right: dict | None = None) -> dict[str, np.ndarray]:
    """Every quantity computed with ``slip``. Without ``right``, the slip is carried through
    (each quantity from the student's own earlier ones); with ``right`` (the right values),
    the slip is made at each quantity alone, from the right values it is computed from."""
    v: dict[str, np.ndarray] = {}

    def read(name):                  # a quantity as the next one reads it
        x = v[name] if right is None else right[name]
        return x if slip.round_to is None else round_sig(x, slip.round_to)

    def keep(name, x):               # carried through, a rounded value is written down rounded
        v[name] = x if slip.round_to is None or right is not None else round_sig(x, slip.round_to)

    Wp = g.Wp_swapped if slip.swapped else g.Wp                              # (R, N)
    t = g.t if slip.labels is None else slip.labels(g.t)                     # (S,)
    lr = 1.0 if slip.no_lr else g.lr
    if right is not None:
        lr *= slip.sign              # made at the update alone: the update added
    with np.errstate(all="ignore"):
        keep("h", g.h_sum if slip.h_sum else g.h)
        keep("u", Wp @ read("h"))                                            # eqs. 2, 26
        keep("y", softmax(read("u")) if g.normalised else sigmoid(read("u")))
        keep("e", row_errors(read("y"), g, t, slip.sign, slip.only_c))
        v["EI"] = v["e"]
        out_new = output_vectors_after(Wp, read("EI"), read("h"), lr)        # (R, N)
        keep("EH", read("EI") @ (out_new if slip.eh_after else Wp))          # eqs. 12, 36, 54, 61
        share = g.other_share if slip.other_share else g.share
        v["v_in_new"] = input_vectors_after(g.in_before, share, read("EH"), lr)
        if slip.h_after:
            W_rows = (v if right is None else right)["v_in_new"]            # (I, N)
            out_new = output_vectors_after(Wp, read("EI"), hidden(W_rows, g.input_pos), lr)
        v["v_out_new"] = out_new
        v["E"] = np.array([instance_loss(read("u"), read("y"), g, t, slip)])
    return v
