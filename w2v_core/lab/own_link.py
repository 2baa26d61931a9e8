"""A student's own starting weights and chosen instances (own.py) in a link's query.

Parameters (characters a URL keeps as they are, so the address stays readable):

- ``w`` the rows of W and ``wo`` the rows of W' as the engine stores them (one row per
  output vector: v'_j, or v'_n of inner node n under HS); numbers in Python's shortest form
  that reads back exactly (every digit kept), separated by "_", rows by "~":
  ``w=0.1_-0.2~0.3_0.4``. W and W' together carry at most MAX_LINK_WEIGHTS numbers; a lab
  with more writes ``wlost=1`` instead, and the link opens the seed's weights without the
  sender's steps (they would replay from other weights).
- ``pick`` the chosen instances, "~" between them, each "step_centre_context[_negatives]"
  with word indices from 0, context words "." apart and the negatives of each prediction
  "-" apart: ``0_3_1.5_2.4-6.7`` is step 1, centre word 3, context words 1 and 5, negatives
  2, 4 (for 1) and 6, 7 (for 5).

``decode_own`` checks every value as the widgets do (finite, |w| <= MAX_WEIGHT, rows of
equal length, at most MAX_PICKS instances); the shapes and the words are checked against
the lab the link builds (``apply_own``). A value that fails is left out with one message.
"""
from __future__ import annotations

import math
import re

import numpy as np

from .own import MAX_PICKS, MAX_WEIGHT, Pick, set_picks, start_from

MAX_LINK_WEIGHTS = 400          # numbers of W and W' together that a link carries
NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
MAX_LENGTHS = {"w": MAX_LINK_WEIGHTS * 26, "wo": MAX_LINK_WEIGHTS * 26, "pick": 4_000,
               "wlost": 1}
NAMES = tuple(MAX_LENGTHS)
MAX_INDEX = 10**6               # a word index in a link (the vocabulary checks the rest)


def short(x: float) -> str:
    """``x`` in its shortest exact form ("+" would read as a space in a query).

    >>> short(0.1), short(-1e-05), short(1e+20)
    ('0.1', '-1e-05', '1e20')
    """
    return repr(float(x)).replace("e+", "e")


def _matrix_text(M) -> str:
    return "~".join("_".join(short(x) for x in row) for row in np.asarray(M))


def _pick_text(step: int, pick: Pick) -> str:
    fields = [str(step), str(pick.center), ".".join(map(str, pick.context))]
    if pick.negatives is not None:
        fields.append("-".join(".".join(map(str, row)) for row in pick.negatives))
    return "_".join(fields)


def encode_own(start, chosen) -> dict[str, str]:
    """The query parameters of own starting weights (``lab.start``) and chosen instances."""
    params = {}
    if start is not None:
        if sum(M.size for M in start) > MAX_LINK_WEIGHTS:
            params["wlost"] = "1"
        else:
            params["w"], params["wo"] = _matrix_text(start[0]), _matrix_text(start[1])
    if chosen:
        params["pick"] = "~".join(_pick_text(s, p) for s, p in sorted(chosen.items()))
    return params


def too_many(start) -> str | None:
    """What a link cannot carry of these own weights, or None."""
    if start is None or sum(M.size for M in start) <= MAX_LINK_WEIGHTS:
        return None
    return (f"Your own W and W′ have {sum(M.size for M in start):,} numbers; a link carries at "
            f"most {MAX_LINK_WEIGHTS}: it opens the seeded weights without the steps. "
            "Download the lab file to keep them.")


# ---- reading a link ------------------------------------------------------------------------------
def _rows(name: str, raw: str) -> tuple:
    rows = []
    for r, line in enumerate(raw.split("~"), 1):
        row = []
        for c, token in enumerate(line.split("_"), 1):
            value = float(token) if NUMBER.fullmatch(token) and len(token) <= 30 else math.nan
            if not math.isfinite(value) or abs(value) > MAX_WEIGHT:
                raise ValueError(f"{name}: row {r}, column {c} ({token[:20]!r}) is not a number "
                                 f"from -{MAX_WEIGHT:g} to {MAX_WEIGHT:g}")
            row.append(value)
        if rows and len(row) != len(rows[0]):
            raise ValueError(f"{name}: row {r} has {len(row)} numbers, row 1 {len(rows[0])}")
        rows.append(tuple(row))
    return tuple(rows)


def _weights(params: dict, notes: list):
    if "w" not in params and "wo" not in params:
        return None
    try:
        if "w" not in params or "wo" not in params:
            raise ValueError("the link has only one of w and wo")
        W, Wo = _rows("w", params["w"]), _rows("wo", params["wo"])
        if sum(len(r) for r in W + Wo) > MAX_LINK_WEIGHTS:
            raise ValueError(f"more than {MAX_LINK_WEIGHTS} numbers")
        return W, Wo
    except ValueError as err:
        notes.append(f"the link's own weights were left out ({err}): using the seeded weights")
        return None


def _index(token: str) -> int:
    if not token.isdigit() or len(token) > 7 or int(token) > MAX_INDEX:
        raise ValueError(f"{token[:10]!r} is not a word index")
    return int(token)


def _pick(text: str) -> tuple[int, Pick]:
    fields = text.split("_")
    if len(fields) not in (3, 4):
        raise ValueError(f"{text[:30]!r} is not of the form step_centre_context[_negatives]")
    step, center = _index(fields[0]), _index(fields[1])
    context = tuple(_index(t) for t in fields[2].split("."))
    negatives = (tuple(tuple(_index(t) for t in row.split(".")) for row in fields[3].split("-"))
                 if len(fields) == 4 else None)
    return step, Pick(center, context, negatives)


def _picks(params: dict, notes: list) -> tuple:
    if "pick" not in params:
        return ()
    parts = params["pick"].split("~")
    try:
        if len(parts) > MAX_PICKS:
            raise ValueError(f"{len(parts)} instances, at most {MAX_PICKS}")
        picks = dict(_pick(p) for p in parts)
    except ValueError as err:
        notes.append(f"the link's chosen instances were left out ({err})")
        return ()
    return tuple(sorted(picks.items()))


def decode_own(params: dict, notes: list, steps: bool = False) -> tuple:
    """(weights or None, picks, weights_lost) of a link's query, each value checked; ``steps``:
    whether the link has steps (a link whose weights did not travel replays none)."""
    lost = params.get("wlost") == "1"
    if lost:
        notes.append("the sender's own W and W′ were too many to travel in a link: this opens "
                     "the seeded weights" + (", and none of their steps" if steps else ""))
    return _weights(params, notes), _picks(params, notes), lost


def apply_own(lab, weights, picks, said: list):
    """``lab`` (fresh, no steps) with a link's own weights and chosen instances; what did
    not fit it is said and left out."""
    if weights is not None:
        try:
            lab = start_from(lab, *weights)
        except ValueError as err:
            said.append(f"the link's own weights do not fit this lab ({err}): using the "
                        "seeded weights")
    if picks:
        try:
            set_picks(lab, dict(picks))
        except ValueError as err:
            said.append(f"{err}: the stream's instances are used instead")
    return lab
