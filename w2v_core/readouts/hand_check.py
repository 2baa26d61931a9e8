"""The hand-check sheet of one step: every number needed to redo the update with pencil and
calculator, as tables for the screen and as a tidy CSV.

All numbers are read off the step's trace (Rong, arXiv:1411.2738): eta; h; u, y, t, e, EI
(full softmax), the path nodes with x = v'_n . h, sigma, t (hierarchical softmax) or the
k + 1 samples with x, sigma, t (negative sampling); EH; the old value, the change and the new
value of every input vector and every output vector the step touched; the loss before and
after. Indices are counted from 1, as in the paper (j, k = 1..V, i = 1..N, inner nodes
n1..n(V-1)); W' is N x V with column j the output vector v'_j.

The CSV has one number per line: ``quantity, c, sample, index, name, i, value`` (c the
prediction, sample the NS sample slot 0 = positive, index the 1-based word or node number,
i the 1-based dimension; blank where a field does not apply), values with 17 digits.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass


from ..step.trace import StepTrace

FIELDS = ("quantity", "c", "sample", "index", "name", "i", "value")


@dataclass(frozen=True)
class Table:
    """One table of the sheet: a title, column names and rows (text or numbers)."""

    title: str
    columns: tuple
    rows: list


@dataclass(frozen=True)
class Sheet:
    tables: list            # [Table] in reading order
    records: list           # [(quantity, c, sample, index, name, i, value)] every number


def _matrix_tables(title: str, rows, names, before, after) -> list[Table]:
    """old, change and new values of some vectors: one table with one row per vector and
    i = 1..N as columns, each cell 'old → new (Δ)'; the records have the three numbers."""
    N = before.shape[1]
    cols = ("index", "name") + tuple(f"i = {i + 1}" for i in range(N))
    out = []
    for what, M in (("before", before), ("change", after - before), ("after", after)):
        out.append(Table(f"{title}, {what}", cols,
                         [(int(r) + 1, n, *M[q].tolist()) for q, (r, n) in
                          enumerate(zip(rows, names))]))
    return out


def hand_check(trace: StepTrace, words, out_names) -> Sheet:
    """The sheet of ``trace``. ``out_names`` names every row of W' (the words, or the inner
    nodes' labels for hierarchical softmax)."""
    rec: list[tuple] = []
    add = lambda q, v, c="", s="", idx="", name="", i="": rec.append((q, c, s, idx, name, i, v))  # noqa: E731
    add("eta", trace.lr)
    for c, k in enumerate(trace.inputs.tolist(), 1):
        add("input word", "", c=c, idx=k + 1, name=words[k])
    for c, j in enumerate(trace.targets.tolist(), 1):
        add("target word", "", c=c, idx=j + 1, name=words[j])
    tables = [Table("The instance", ("role", "c", "index", "word"),
                    [("input" if r[0] == "input word" else "predicted", r[1], r[3], r[4])
                     for r in rec[1:]])]
    N = len(trace.h)
    for i in range(N):
        add("h", float(trace.h[i]), i=i + 1)
    tables += [Table(*t) for t in trace.out.sheet(words, out_names, add)]
    for i in range(N):
        add("EH", float(trace.EH[i]), i=i + 1)
    tables.append(Table("h and EH", ("i", "h_i", "EH_i"),
                        [(i + 1, float(trace.h[i]), float(trace.EH[i])) for i in range(N)]))
    in_names = [words[k] for k in trace.in_rows]
    for r, name, s in zip(trace.in_rows.tolist(), in_names, trace.in_share.tolist()):
        add("share", s, idx=r + 1, name=name)
    _vectors(rec, "v", trace.in_rows, in_names, trace.in_before, trace.in_after)
    tables += _matrix_tables("Input vectors v_w (rows of W)", trace.in_rows, in_names,
                             trace.in_before, trace.in_after)
    rows = trace.out_rows
    names = [out_names[j] for j in rows]
    _vectors(rec, "v'", rows, names, trace.out_before[:len(rows)], trace.out_after)
    tables += _matrix_tables("Output vectors v'_j (columns of W')", rows, names,
                             trace.out_before[:len(rows)], trace.out_after)
    add("loss before", trace.loss)
    add("loss after", trace.loss_after)
    tables.append(Table("Loss of this instance", ("before", "after", "change"),
                        [(trace.loss, trace.loss_after, trace.loss_after - trace.loss)]))
    return Sheet(tables, rec)


def _vectors(rec, symbol, rows, names, before, after) -> None:
    for q, (r, name) in enumerate(zip(rows.tolist(), names)):
        for i in range(before.shape[1]):
            for what, v in (("old", before[q, i]), ("change", after[q, i] - before[q, i]),
                            ("new", after[q, i])):
                rec.append((f"{symbol} {what}", "", "", r + 1, name, i + 1, float(v)))


def sheet_csv(sheet: Sheet) -> str:
    """The sheet's numbers as CSV text, one number per line, 17 significant digits."""
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(FIELDS)
    for q, c, s, idx, name, i, v in sheet.records:
        w.writerow((q, c, s, idx, name, i, "" if v == "" else repr(float(v))))
    return buffer.getvalue()


def read_sheet_csv(text: str) -> list[dict]:
    """The rows of ``sheet_csv``'s text as dicts (values as floats, blank stays '')."""
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        r["value"] = float(r["value"]) if r["value"] != "" else ""
    return rows

