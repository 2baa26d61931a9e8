"""Matrices as text: a student's own W and W' pasted from a spreadsheet, a PDF or slides,
and the model's matrices written so that every digit comes back.

``parse_matrix`` reads one row per line; numbers are separated by spaces, tabs, commas,
semicolons or ``|`` (a Markdown table row), in any mix. Each number is what
``answers.parse_number`` reads (the Unicode minus, ``1e-3``, ``1/3``), except that a comma
always separates, so a decimal comma cannot be read in a matrix: a row with twice the expected
count of numbers and a comma in it is told so. Blank lines, a line of ``[``/``]`` only and a
Markdown rule (``|---|---|``) are skipped; brackets around a row are dropped. Every error names
the row and column as the student counts them, from 1, in the orientation typed.

Orientation: the slides write W' as N x V (column j is v'_j); the engine stores it as rows
(v'_j = W_out[j], shape (V, N), or (V - 1, N) for the inner nodes of HS). ``parse_output_matrix``
reads the slides' orientation and returns the engine's; ``format_output_matrix`` writes it back.
"""
from __future__ import annotations

import re

import numpy as np

from .answers import parse_number

SEPARATORS = re.compile(r"[\s,;|]+")
RULE = re.compile(r"[\s|:\-+]*")                  # a Markdown table rule, or nothing
LARGEST = 100.0                                    # |w| above this is refused: no lab has it
PRIME = "\u2032"


def _lines(text: str) -> list[str]:
    """The lines that hold numbers: brackets dropped, blank lines and rules skipped."""
    out = []
    for line in str(text).splitlines():
        line = line.strip(" \t[](),;")
        if line and not RULE.fullmatch(line):
            out.append(line)
    return out


def _count(what: str, n: int, symbol: str | None, expected: int) -> str:
    numbers = f"{n} number" + ("" if n == 1 else "s")
    return f"{what} has {numbers}; {symbol} = {expected}" if symbol else \
        f"{what} has {numbers}, not {expected}"


def _number(token: str, r: int, c: int, name: str) -> float:
    try:
        value = parse_number(token)
    except ValueError:
        raise ValueError(f"row {r}, column {c} of {name} is not a number: {token!r}") from None
    if abs(value) > LARGEST:
        raise ValueError(f"row {r}, column {c} of {name} is {token}; a weight must be between "
                         f"-{LARGEST:g} and {LARGEST:g}")
    return value


def parse_matrix(text: str, rows: int, cols: int, name: str = "W", transpose: bool = False,
                 symbols: tuple[str, str] | None = None) -> np.ndarray:
    """The ``rows`` x ``cols`` matrix typed in ``text`` (its transpose with ``transpose``), or a
    ValueError naming the row and column. ``symbols`` name the two sizes in messages
    (("V", "N") for W).  # (rows, cols), or (cols, rows) transposed

    >>> parse_matrix("0.1  −0.2\\n\\n3e-1; 1/4", 2, 2).tolist()
    [[0.1, -0.2], [0.3, 0.25]]
    >>> parse_matrix("0.1 0.2 0.3\\n0.4 0.5", 2, 3, "W", symbols=("V", "N"))
    Traceback (most recent call last):
    ...
    ValueError: row 2 of W has 2 numbers; N = 3
    """
    row_sym, col_sym = symbols or (None, None)
    lines = _lines(text)
    if not lines:
        sizes = (f"{row_sym} = {rows} rows of {col_sym} = {cols}" if symbols
                 else f"{rows} rows of {cols}")
        raise ValueError(f"{name} is empty: type or paste {sizes} numbers")
    out = np.empty((rows, cols))
    for r, line in enumerate(lines, 1):
        if r > rows:
            break
        tokens = [t for t in SEPARATORS.split(line) if t]
        if len(tokens) != cols:
            message = _count(f"row {r} of {name}", len(tokens), col_sym, cols)
            if len(tokens) == 2 * cols and "," in line:
                message += (" (commas separate the numbers of a matrix: write decimals with a "
                            "point, 0.5 and not 0,5)")
            raise ValueError(message)
        out[r - 1] = [_number(t, r, c, name) for c, t in enumerate(tokens, 1)]
    if len(lines) != rows:
        raise ValueError(f"{name} has {len(lines)} rows; "
                         + (f"{row_sym} = {rows}" if symbols else f"it needs {rows}"))
    return out.T.copy() if transpose else out


def format_matrix(M, transpose: bool = False) -> str:
    """``M`` (or its transpose) as text, one row per line, tab-separated, each number in its
    shortest form that reads back exactly: parse_matrix(format_matrix(M), ...) == M.

    >>> format_matrix(np.array([[0.1, -2.0], [1 / 3, 1e-20]]))
    '0.1\\t-2.0\\n0.3333333333333333\\t1e-20'
    """
    M = np.asarray(M, dtype=np.float64)
    M = M.T if transpose else M
    return "\n".join("\t".join(repr(float(x)) for x in row) for row in M)


def parse_input_matrix(text: str, V: int, N: int) -> np.ndarray:
    """W as the slides and the engine both write it: V rows (v_k), N columns.  # (V, N)"""
    return parse_matrix(text, V, N, "W", symbols=("V", "N"))


def parse_output_matrix(text: str, n_rows: int, N: int, hs: bool = False) -> np.ndarray:
    """W' typed as the slides write it, N x V (column j = v'_j; HS: N x (V - 1), column n =
    v'_n), returned as the engine stores it, one row per output vector.  # (n_rows, N)

    >>> parse_output_matrix("1 2 3\\n4 5 6", 3, 2).tolist()
    [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
    """
    return parse_matrix(text, N, n_rows, f"W{PRIME}", transpose=True,
                        symbols=("N", "V − 1" if hs else "V"))


def format_output_matrix(W_out) -> str:
    """The engine's W' (one row per output vector) written as the slides' N x V."""
    return format_matrix(W_out, transpose=True)
