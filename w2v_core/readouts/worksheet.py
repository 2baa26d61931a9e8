"""A worksheet for a class: one SGD step on a small lab to do with pencil and calculator, as a
sheet with blanks and a separate answer key, in Markdown and as a print-ready HTML page.

The lab is tiny on purpose: the six words of ``CORPUS`` (V = 6), N <= 3, weights with one
decimal in [-0.9, 0.9]. Each student number gives its own variant: the weights, the sentence
whose middle word is the centre, and (negative sampling) the negatives all come from a
generator seeded by (seed, student), so neighbours get different numbers and the same
parameters (``params()``, what a link carries) rebuild the same sheet. The step itself is the
engine's (``Word2Vec.step`` with these weights), so the key is the engine's trace, in the
layout of ``mistakes.diagnose`` (quantity, index), which checks a student's answers.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from ..settings import ARCH_TITLES, CONVENTIONS, LabSettings, OUTPUT_TITLES, choice, number, whole
from ..step.layers import LAYERS
from ..step.model import Word2Vec
from ..step.trace import StepTrace
from ..text import Vocabulary, tokenize
from .answers import rule
from .hand_step import from_trace

CORPUS = "kids eat rice\nkids drink milk\ncats drink milk\ncats eat rice"   # V = 6, 3 words a line
MAX_STUDENT = 100_000
BLANK = "______"
PRIME = "\u2032"


@dataclass(frozen=True)
class Entry:
    """One number of the step to find: where diagnose looks it up, its label, the key's value."""

    quantity: str
    index: object                 # int, or (row, dimension) for the new vectors
    label: str
    value: float


@dataclass(frozen=True, eq=False)
class Worksheet:
    student: int
    seed: int
    arch: str
    output: str
    eta: float
    dim: int
    convention: str
    negative: int
    words: list                   # the vocabulary, word2vec.c's order
    out_names: list               # the rows of W': the words, or the inner nodes n1..n(V-1)
    W: np.ndarray                 # (V, N) W before the step
    W_out: np.ndarray             # (V or V-1, N) W' before the step, one row per v'_j
    trace: StepTrace

    def params(self) -> dict:
        """Everything that rebuilds this sheet: ``make_worksheet(**ws.params())``."""
        return dict(student=self.student, seed=self.seed, arch=self.arch, output=self.output,
                    eta=self.eta, dim=self.dim, convention=self.convention,
                    negative=self.negative)

    def key(self) -> list[Entry]:
        """Every number to find, in the sheet's order, with the engine's value."""
        return _entries(self)

    def markdown(self) -> str:
        """The sheet with blanks."""
        return _markdown(_blocks(self, key=False))

    def key_markdown(self) -> str:
        """The answer key: the same sheet with the engine's numbers (6 significant digits)."""
        return _markdown(_blocks(self, key=True))

    def html(self, key: bool = False) -> str:
        """The sheet (or its key) as one print-ready HTML page."""
        return _html(_blocks(self, key), f"word2vec worksheet {self.student}")


def make_worksheet(student: int, seed: int = 0, arch: str = "skipgram", output: str = "softmax",
                   eta: float = 0.1, dim: int = 2, convention: str = "rong",
                   negative: int = 2) -> Worksheet:
    """Student ``student``'s variant of one step (skip-gram predicts the two neighbours of the
    centre word; CBOW predicts the centre from them)."""
    student, seed = whole("student", student, 0, MAX_STUDENT), whole("seed", seed, 0, 2**31 - 1)
    choice("arch", arch, tuple(ARCH_TITLES))
    choice("output", output, tuple(OUTPUT_TITLES))
    choice("convention", convention, CONVENTIONS)
    eta = number("eta", eta, "a number from 0.001 to 10", lambda v: 0.001 <= v <= 10)
    dim, negative = whole("N", dim, 1, 3), whole("k", negative, 1, 5)
    sentences = tokenize(CORPUS)
    vocab = Vocabulary.from_sentences(sentences)
    rng = np.random.default_rng([seed, student])
    settings = LabSettings(arch=arch, output=output, dim=dim, negative=negative,
                           seed=int(rng.integers(2**31 - 1)), convention=convention)
    model = Word2Vec(vocab, settings)
    W = rng.integers(-9, 10, model.W_in.shape) / 10                               # (V, N)
    W_out = rng.integers(-9, 10, model.W_out.shape) / 10                          # (V or V-1, N)
    model.W_in[:], model.W_out[:] = W, W_out
    words = [vocab.index[w] for w in sentences[int(rng.integers(len(sentences)))]]
    trace = model.step(words[1], [words[0], words[2]], lr=eta)
    out_names = (list(vocab.words) if LAYERS[output].rows_are_words
                 else [f"n{n + 1}" for n in range(len(W_out))])
    return Worksheet(student, seed, arch, output, eta, dim, convention, negative,
                     list(vocab.words), out_names, W, W_out, trace)


# ---- what to find ---------------------------------------------------------------------------
def _row_labels(ws: Worksheet) -> tuple[str, str, str]:
    """The labels of u, y and EI for one output row, as the layer names them."""
    if not LAYERS[ws.output].rows_are_words:
        return f"x = v{PRIME}_n·h", "σ(x)", "EI = Σ(σ − t)"
    if LAYERS[ws.output].samples_negatives:
        return f"x = v{PRIME}_j·h", "σ(x)", "EI = Σ(σ − t)"
    return "u_j", "y_j", ("EI_j = Σ_c e_c,j" if len(ws.trace.targets) > 1 else "e_j")


def _entries(ws: Worksheet) -> list[Entry]:
    t, v = ws.trace, from_trace(ws.trace)
    N = len(t.h)
    labels = _row_labels(ws)
    out = [Entry("h", i, f"h_{i + 1}", float(v["h"][i])) for i in range(N)]
    for q, j in enumerate(t.out_rows.tolist()):
        for quantity, label in zip(("u", "y", "EI"), labels):
            out.append(Entry(quantity, j, f"{label} ({ws.out_names[j]})", float(v[quantity][q])))
    out += [Entry("EH", i, f"EH_{i + 1}", float(v["EH"][i])) for i in range(N)]
    out.append(Entry("E", 0, "E", float(v["E"][0])))
    for quantity, rows, names, sym in (("v_in_new", t.in_rows, ws.words, "v"),
                                       ("v_out_new", t.out_rows, ws.out_names, f"v{PRIME}")):
        for q, r in enumerate(rows.tolist()):
            out += [Entry(quantity, (r, i), f"{sym}_{names[r]}, i = {i + 1}",
                          float(v[quantity][q, i])) for i in range(N)]
    return out


# ---- the sheet as blocks: ("h1" | "h2" | "p", text) or ("table", columns, rows) ----------------
def _instance(ws: Worksheet) -> list[str]:
    t, w = ws.trace, ws.words
    name = lambda k: f"{w[k]} (k = {k + 1})"  # noqa: E731
    if ws.arch == "skipgram":
        lines = [f"The centre word {name(t.center)} predicts its C = {len(t.targets)} context "
                 f"words {' and '.join(name(j) for j in t.targets)}; h = v_w_I."]
    else:
        share = ("η·EH / C (Rong's eq. 23)" if ws.convention == "rong"
                 else "the full η·EH (word2vec.c)")
        lines = [f"The C = {len(t.inputs)} context words {' and '.join(name(k) for k in t.inputs)}"
                 f" predict the centre word {name(t.center)}; h is the mean of their input "
                 f"vectors, and each of them changes by {share}."]
    if not LAYERS[ws.output].rows_are_words:               # the Huffman paths
        for p in t.out.paths:
            steps = ", ".join(f"{ws.out_names[n]} (code {c}, t = {1 - c})"
                              for n, c in zip(p.nodes.tolist(), p.codes.tolist()))
            lines.append(f"The Huffman path of {w[p.word]}, from the root: {steps}.")
    if LAYERS[ws.output].samples_negatives:
        for row in t.out.samples.tolist():
            lines.append(f"Prediction {w[row[0]]}: positive {w[row[0]]} (t = 1), negatives "
                         f"{', '.join(w[j] for j in row[1:])} (t = 0).")
    return lines


def _blocks(ws: Worksheet, key: bool) -> list[tuple]:
    N, entries = len(ws.trace.h), {(e.quantity, _plain(e.index)): e for e in _entries(ws)}
    cell = lambda q, i: f"{entries[(q, i)].value:.6g}" if key else BLANK  # noqa: E731
    dims = tuple(f"i = {i + 1}" for i in range(N))
    title = (f"word2vec by hand: {ARCH_TITLES[ws.arch]}, {OUTPUT_TITLES[ws.output]}, "
             f"student {ws.student}" + (" — answer key" if key else ""))
    blocks = [("h1", title),
              ("p", f"V = {len(ws.words)}, N = {N}, η = {ws.eta:g}. Indices count from 1, as "
                    f"in Rong's notes; W{PRIME} is N x V, its column j is v{PRIME}_j."),
              *[("p", line) for line in _instance(ws)],
              ("h2", "W (row k = v_k)"),
              ("table", ("k", "word") + dims,
               [(k + 1, w, *[f"{x:g}" for x in ws.W[k]]) for k, w in enumerate(ws.words)]),
              ("h2", f"W{PRIME} (column j = v{PRIME}_j)"),
              ("table", ("i",) + tuple(f"{j + 1} {n}" for j, n in enumerate(ws.out_names)),
               [(i + 1, *[f"{x:g}" for x in ws.W_out[:, i]]) for i in range(N)]),
              ("h2", "1. The hidden layer h"),
              ("table", ("i", "h_i"), [(i + 1, cell("h", i)) for i in range(N)]),
              ("h2", "2. The output layer: scores, probabilities, errors"),
              ("table", ("j", "row") + _row_labels(ws),
               [(j + 1, ws.out_names[j], *[cell(q, j) for q in ("u", "y", "EI")])
                for j in ws.trace.out_rows.tolist()]),
              ("h2", "3. The error at the hidden layer EH"),
              ("table", ("i", "EH_i"), [(i + 1, cell("EH", i)) for i in range(N)]),
              ("h2", "4. The loss E of this instance"),
              ("table", ("E",), [(cell("E", 0),)])]
    for quantity, rows, names, what in (
            ("v_in_new", ws.trace.in_rows, ws.words, "5. The new input vectors (rows of W)"),
            ("v_out_new", ws.trace.out_rows, ws.out_names,
             f"6. The new output vectors v{PRIME} (columns of W{PRIME}, written as rows)")):
        blocks += [("h2", what), ("table", ("row",) + dims,
                                  [(names[r], *[cell(quantity, (r, i)) for i in range(N)])
                                   for r in rows.tolist()])]
    blocks.append(("p", rule(3) + f" Variant: student {ws.student}, seed {ws.seed}."))
    return blocks


def _plain(index):
    return tuple(int(x) for x in index) if isinstance(index, tuple) else int(index)


def _markdown(blocks) -> str:
    out = []
    for kind, *rest in blocks:
        if kind == "table":
            columns, rows = rest
            out.append("\n".join(["| " + " | ".join(map(str, columns)) + " |",
                                  "|" + "---|" * len(columns)]
                                 + ["| " + " | ".join(map(str, r)) + " |" for r in rows]))
        else:
            out.append({"h1": "# ", "h2": "## ", "p": ""}[kind] + rest[0])
    return "\n\n".join(out) + "\n"


STYLE = ("body{font-family:sans-serif;max-width:46em;margin:1.5em auto;font-size:11pt}"
         "table{border-collapse:collapse;margin:0.3em 0 0.8em}"
         "td,th{border:1px solid #444;padding:0.25em 0.6em;text-align:right;min-width:5.5em}"
         "td.blank{height:1.6em}h2{font-size:12pt;margin:0.9em 0 0.2em;break-after:avoid}"
         "table{break-inside:avoid}@page{size:A4;margin:15mm}")


def _html(blocks, title: str) -> str:
    e = lambda x: html.escape(str(x))  # noqa: E731
    out = []
    for kind, *rest in blocks:
        if kind == "table":
            columns, rows = rest
            head = "".join(f"<th>{e(c)}</th>" for c in columns)
            body = "".join("<tr>" + "".join(
                '<td class="blank"></td>' if x == BLANK else f"<td>{e(x)}</td>" for x in r)
                + "</tr>" for r in rows)
            out.append(f"<table><tr>{head}</tr>{body}</table>")
        else:
            out.append(f"<{kind}>{e(rest[0])}</{kind}>")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}'
            f"</title><style>{STYLE}</style></head><body>{''.join(out)}</body></html>")
