"""A student's typed answer: read as a number, and checked against the engine's value.

What ``parse_number`` accepts (nothing is ever evaluated):

- decimals with a point: ``0.5``, ``.5``, ``5.``, a sign ``+``/``-`` or the Unicode minus
  ``−`` (U+2212) that slides and PDFs use, scientific notation ``+1e-3``, ``2.5E4``;
- a decimal comma, when it cannot be a thousands separator: exactly one comma, no point,
  digits after it (``1,5`` = 1.5, ``-0,25`` = -0.25, ``0,125`` = 0.125). A comma followed by
  exactly three digits after 1-3 digits that do not start with 0 (``1,000``, ``12,500``) could
  be either, so it is refused with both readings spelled out;
- a fraction of two such numbers: ``1/3``, ``-2 / 7`` (the denominator not 0);
- spaces around the whole, and around the ``/``.

Everything else (``inf``, ``nan``, ``1_000``, ``1 000``, ``2*3``, ``1e999``, two commas) is
refused with a ValueError that starts "not a number: ". ``read_answer`` never raises: it keeps
the text as typed next to the number or the message, so nothing typed is lost.

When is an answer right (``agrees``): when it is within half a unit of the last significant
digit of the exact value, with ``digits`` significant digits (2 to 6, default 3):
|value - exact| <= 0.5 * 10^(e - digits + 1), e = floor(log10 |exact|). For exact = 0.123456
and 3 digits that is +-0.0005: 0.123, 0.1235 and 0.12296 are right, 0.122 is wrong. It is
continuous where "both rounded are equal" is not (0.12349 and 0.12351 round apart but are
both right). An exact 0 has no significant digit; then |value| <= 0.5 * 10^-digits counts.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..settings import whole

POINT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
COMMA = re.compile(r"([+-]?)([0-9]*),([0-9]+)([eE][+-]?[0-9]+)?")
THOUSANDS = re.compile(r"[1-9][0-9]{0,2}")        # what may stand before a thousands comma
MINUS = "\u2212"
DIGITS = (2, 6)                                    # the significant digits a check may ask for


def _plain(text: str, whole_text: str) -> float:
    """One number without '/': a point decimal, or an unambiguous decimal comma."""
    if POINT.fullmatch(text):
        value = float(text)
    elif (m := COMMA.fullmatch(text)) is None:
        raise ValueError(f"not a number: {whole_text!r}")
    else:
        sign, before, after, exponent = m.groups()
        if len(after) == 3 and THOUSANDS.fullmatch(before) and not exponent:
            raise ValueError(f"not a number: {whole_text!r} could be {before}{after} or "
                             f"{before}.{after}; write one of them")
        value = float(f"{sign}{before or '0'}.{after}{exponent or ''}")
    if not math.isfinite(value):
        raise ValueError(f"not a number: {whole_text!r} is too large")
    return value


def parse_number(text: str) -> float:
    """The number a student typed, or a ValueError "not a number: ...".

    >>> [parse_number(s) for s in ("0.5", ".5", "−0.25", "+1e-3", "1,5", " 1/4 ")]
    [0.5, 0.5, -0.25, 0.001, 1.5, 0.25]
    >>> parse_number("1,000")
    Traceback (most recent call last):
    ...
    ValueError: not a number: '1,000' could be 1000 or 1.000; write one of them
    """
    if not isinstance(text, str):
        raise ValueError(f"not a number: {text!r}")
    s = text.strip().replace(MINUS, "-")
    if not s:
        raise ValueError("not a number: nothing typed")
    if "/" not in s:
        return _plain(s, text)
    parts = [p.strip() for p in s.split("/")]
    if len(parts) != 2:
        raise ValueError(f"not a number: {text!r}")
    top, bottom = (_plain(p, text) for p in parts)
    if bottom == 0:
        raise ValueError(f"not a number: {text!r} divides by zero")
    value = top / bottom
    if not math.isfinite(value):
        raise ValueError(f"not a number: {text!r} is too large")
    return value


@dataclass(frozen=True)
class Answer:
    """What a student typed, kept as typed, with its number or the reason it is none."""

    text: str
    value: float | None     # None when nothing was typed or it is not a number
    error: str              # "" when value is a number (or nothing was typed)

    @property
    def empty(self) -> bool:
        return not self.text.strip()


def read_answer(text: str) -> Answer:
    """``parse_number`` that never raises: the text, and its value or the message.

    >>> read_answer("1/3").value == 1 / 3, read_answer("x").error, read_answer(" ").error
    (True, "not a number: 'x'", '')
    """
    text = "" if text is None else str(text)
    if not text.strip():
        return Answer(text, None, "")
    try:
        return Answer(text, parse_number(text), "")
    except ValueError as err:
        return Answer(text, None, str(err))


def check_digits(digits) -> int:
    """The number of significant digits a check asks for: a whole number from 2 to 6."""
    return whole("digits", digits, *DIGITS)


def exponent(x: float) -> int:
    """floor(log10 |x|): the power of ten of x's first significant digit (x != 0, finite).

    >>> exponent(0.0123), exponent(1000.0), exponent(9.99)
    (-2, 3, 0)
    """
    x = abs(float(x))
    e = math.floor(math.log10(x))
    if 10.0 ** e > x:               # log10 rounded up across a power of ten
        e -= 1
    elif 10.0 ** (e + 1) <= x:
        e += 1
    return e


def tolerance(expected: float, digits: int = 3) -> float:
    """Half a unit of the ``digits``-th significant digit of ``expected`` (0: of 10^-digits).

    >>> tolerance(0.123456), tolerance(-42.0, 2), tolerance(0.0)
    (0.0005, 0.5, 0.0005)
    """
    digits = check_digits(digits)
    e = -1 if expected == 0 else exponent(expected)
    return 0.5 * 10.0 ** (e - digits + 1)


def agrees(value: float, expected: float, digits: int = 3) -> bool:
    """Whether ``value`` is right to ``digits`` significant digits: |value - expected| <=
    ``tolerance(expected, digits)`` (a relative 1e-9 of slack absorbs the float error of
    the subtraction, so the rounded expected value itself is always right).

    >>> agrees(0.123, 0.123456), agrees(0.122, 0.123456), agrees(0.0004999, 0.0005)
    (True, False, True)
    """
    value, expected = float(value), float(expected)
    if not (math.isfinite(value) and math.isfinite(expected)):
        return value == expected and not math.isnan(value)
    return abs(value - expected) <= tolerance(expected, digits) * (1.0 + 1e-9)


def round_sig(x, digits: int):
    """x rounded to ``digits`` significant digits (a float, or an array of them).

    >>> round_sig(0.123456, 2), round_sig(np.array([-1234.5, 0.0]), 2).tolist()
    (0.12, [-1200.0, 0.0])
    """
    if np.ndim(x) == 0:
        return float(f"{float(x):.{digits - 1}e}")
    a = np.asarray(x, dtype=np.float64)
    return np.array([float(f"{v:.{digits - 1}e}") for v in a.ravel()]).reshape(a.shape)


def rule(digits: int = 3) -> str:
    """The agreement rule in one sentence, for the page.

    >>> rule(3).split("(")[1]
    'exact 0.123456: anything from 0.122956 to 0.123956); an exact 0 accepts up to ±0.0005.'
    """
    digits = check_digits(digits)
    tol = tolerance(0.123456, digits)
    nth = {2: "2nd", 3: "3rd"}.get(digits, f"{digits}th")
    return (f"An answer is right when it is within half a unit of the {nth} significant digit "
            f"of the exact value (exact 0.123456: anything from {0.123456 - tol:.6g} to "
            f"{0.123456 + tol:.6g}); an exact 0 accepts up to ±{tolerance(0.0, digits):g}.")


def count_right(results) -> tuple[int, int]:
    """(right, checked) over diagnoses (anything with a ``right`` attribute): the running count."""
    results = list(results)
    return sum(bool(r.right) for r in results), len(results)
