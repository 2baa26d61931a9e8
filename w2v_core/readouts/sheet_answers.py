"""The Answer column of the Hand-check sheet: which numbers of a step a student answers, in
the order the step computes them, and the verdict on what was typed.

``answer_groups(trace, words, out_names)`` lists them as the sheet's tables do: h_i; per row
of W' the step uses, u_j, y_j and e_j (EI_j = sum over c of e_c,j when skip-gram predicts
several words; under HS x = v'_n . h, sigma and sigma - t at each path node, under NS at each
sample); EH_i; E; every element of the new input vectors v_w and of the new output vectors.
Each ``Cell`` is what ``mistakes.diagnose`` looks up (quantity, index from 0). Past
``max_rows`` rows of W' (full softmax on a large vocabulary) the rows of the predicted words
come first and the others are left out (``left_out`` says how many).

``check(trace, cell, text, digits, made)`` reads the text (``answers.read_answer``: nothing
typed is lost) and, for a number, says right or wrong to ``digits`` significant digits and
names the likely mistakes (``mistakes.diagnose``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..step.layers import LAYERS
from ..step.trace import StepTrace
from .answers import Answer, read_answer
from .hand_step import equation, view
from .mistakes import diagnose

ANSWER_ROWS = 10          # rows of W' with answer boxes (the predicted words' first)
PRIME = "\u2032"


@dataclass(frozen=True)
class Cell:
    quantity: str         # as mistakes.diagnose names it: "h", "u", "y", "e", "EI", ...
    index: object         # int, or (row, dimension) for the new vectors; from 0
    label: str            # as the student reads it, from 1: "u_3 (apple)"

    @property
    def key(self) -> str:
        """A name for the cell, unique in its step: "u_2", "v_out_new_2_0"."""
        index = self.index if isinstance(self.index, tuple) else (self.index,)
        return "_".join([self.quantity, *map(str, index)])


@dataclass(frozen=True)
class Group:
    """One table of answers: a title, the column labels and one row of cells per line."""

    title: str
    columns: tuple[str, ...]
    rows: list                      # [(row label, (Cell, ...))]
    equations: str                  # Rong's numbers of its quantities: "eqs. 26, 25, 31"


def _columns(trace: StepTrace) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """((u, y, error) as mistakes.diagnose names them, their column labels) for this layer."""
    layer = LAYERS[trace.output]
    if not layer.rows_are_words or layer.samples_negatives:
        return ("u", "y", "EI"), (f"x = v{PRIME}·h", "σ(x)", "EI = Σ(σ − t)")
    if len(trace.targets) > 1:
        return ("u", "y", "EI"), ("u_j", "y_j", "EI_j = Σ_c e_c,j")
    return ("u", "y", "e"), ("u_j", "y_j", "e_j")


def shown_rows(trace: StepTrace, max_rows: int = ANSWER_ROWS) -> list[int]:
    """The rows of W' with answer boxes: all the step uses, or the predicted words' rows
    first and then the others in order, up to ``max_rows``."""
    rows = trace.out_rows.tolist()
    if len(rows) <= max_rows:
        return rows
    first = [j for j in dict.fromkeys(trace.targets.tolist()) if j in rows]
    return (first + [j for j in rows if j not in first])[:max_rows]


def _row_names(trace: StepTrace, out_names) -> dict[int, str]:
    """Each row's name with its label t: at every HS node and NS sample, and at the
    predicted words of full softmax (t = 0 elsewhere goes without saying)."""
    _, rows, t, _, _ = view(trace).terms(trace.out)
    seen: dict[int, set] = {}
    for j, tj in zip(rows.tolist(), t.tolist()):
        seen.setdefault(j, set()).add(int(tj))
    every = LAYERS[trace.output].updates_every_row
    targets = set(trace.targets.tolist())

    def tag(j):
        if every:
            return " (t = 1)" if j in targets else ""
        return " (t = " + " and ".join(map(str, sorted(seen.get(j, ()), reverse=True))) + ")"

    return {j: out_names[j] + tag(j) for j in trace.out_rows.tolist()}


def _output_cells(trace: StepTrace, j: int, name: str) -> tuple[Cell, ...]:
    quantities, _ = _columns(trace)
    words = LAYERS[trace.output].rows_are_words and not LAYERS[trace.output].samples_negatives
    symbols = ("u", "y", quantities[2]) if words else ("x", "σ", "EI")
    return tuple(Cell(q, j, f"{sym}_{j + 1} ({name})" if words else f"{sym} ({name})")
                 for q, sym in zip(quantities, symbols))


def answer_groups(trace: StepTrace, words, out_names, max_rows: int = ANSWER_ROWS):
    """(the groups of cells, how many rows of W' were left out)."""
    N = len(trace.h)
    dims = tuple(f"i = {i + 1}" for i in range(N))
    rows = shown_rows(trace, max_rows)
    names = _row_names(trace, out_names)
    quantities, columns = _columns(trace)
    def eq(*quantities) -> str:
        numbers = list(dict.fromkeys(equation(trace, q) for q in quantities))
        return ("eq. " if len(numbers) == 1 else "eqs. ") + ", ".join(numbers)

    vector = lambda q, r, sym, i: Cell(q, (r, i), f"new {sym}, i = {i + 1}")  # noqa: E731
    groups = [
        Group("The hidden layer h", ("h_i",),
              [(f"i = {i + 1}", (Cell("h", i, f"h_{i + 1}"),)) for i in range(N)], eq("h")),
        Group("The output layer", columns,
              [(f"{j + 1} {names[j]}" if LAYERS[trace.output].rows_are_words else names[j],
                _output_cells(trace, j, out_names[j])) for j in rows],
              eq(*quantities)),
        Group("The error at the hidden layer EH", ("EH_i",),
              [(f"i = {i + 1}", (Cell("EH", i, f"EH_{i + 1}"),)) for i in range(N)], eq("EH")),
        Group("The loss E of this instance", ("E",), [("E", (Cell("E", 0, "E"),))], eq("E")),
        Group("The new input vectors (rows of W)", dims,
              [(f"v_{words[k]}", tuple(vector("v_in_new", k, f"v_{words[k]}", i)
                                       for i in range(N))) for k in trace.in_rows.tolist()],
              eq("v_in_new")),
        Group(f"The new output vectors v{PRIME} (columns of W{PRIME}, written as rows)", dims,
              [(f"v{PRIME}_{out_names[j]}", tuple(vector("v_out_new", j, f"v{PRIME}_{out_names[j]}", i)
                                                  for i in range(N))) for j in rows],
              eq("v_out_new")),
    ]
    return groups, len(trace.out_rows) - len(rows)


@dataclass(frozen=True)
class Verdict:
    answer: Answer                 # the text as typed, its number or "not a number: ..."
    right: bool | None             # None: nothing typed, or not a number
    sentences: tuple[str, ...]     # the likely mistakes of a wrong answer (may be empty)
    equation: str                  # Rong's number of the quantity


def check(trace: StepTrace, cell: Cell, text: str, digits: int = 3, made=None) -> Verdict:
    """The verdict on ``text`` typed for ``cell`` (``made``: mistakes.mistake_values(trace),
    computed once for a whole sheet)."""
    answer = read_answer(text)
    eq = equation(trace, cell.quantity if cell.quantity != "e" else "EI")
    if answer.value is None:
        return Verdict(answer, None, (), eq)
    d = diagnose(trace, cell.quantity, cell.index, answer.value, digits, made)
    return Verdict(answer, d.right, d.explanations, eq)


def tally(verdicts) -> tuple[int, int]:
    """(right, checked) over the verdicts on numbers (nothing typed is not counted)."""
    checked = [v for v in verdicts if v.right is not None]
    return sum(v.right for v in checked), len(checked)


def exact(trace: StepTrace, cells) -> np.ndarray:
    """The engine's value of each cell (for tests and the answer key)."""
    from .mistakes import expected_value
    return np.array([expected_value(trace, c.quantity, c.index) for c in cells])
