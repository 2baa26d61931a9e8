"""The Forward pass and Errors panels: one figure each (h and the output layer's forward
quantities; e, EI and EH), and the numbers as tables. Above about 40 words the figures draw
the predicted words and the largest ones (readouts.focus) and say what they leave out; the
full table is built only when asked for."""
from __future__ import annotations

import numpy as np
import streamlit as st

from ui import charts, labels
from ui.figures import step as fs
from ui.figures.parts import left_out, positions
from ui.safe import md
from ui.tables import six_digits
from w2v_core.readouts import step_inspector as ins
from w2v_core.step.layers import LAYERS

TEXT_COLUMNS = {"word", "target", "node n", "sample", "output vector"}
TABLE_ROWS = 200     # tables list every word up to this V; above, the figure's words until asked
INDEX_COLUMNS = {"j", "i", "c", "code", "k"}


def table(columns: dict, key: str | None = None) -> None:
    """A dataframe tall enough for every row (up to 16), numbers to 6 significant digits
    (the values stay exact, so a copied cell has every digit)."""
    rows = len(next(iter(columns.values()))) if columns else 0
    fmt = six_digits(*(c for c in columns if c not in TEXT_COLUMNS | INDEX_COLUMNS))
    st.dataframe(columns, hide_index=True, height=min(16, rows + 1) * 35 + 3, column_config=fmt,
                 key=key)


def out_names(lab, trace) -> list[str]:
    """Names of the rows of W' (columns of the slides' W'): words, or inner nodes n1..n(V-1)."""
    if not LAYERS[trace.output].rows_are_words:
        return [labels.node(n) for n in range(lab.vocab.size - 1)]
    return list(lab.vocab.words)


def height(normal: int, presenter: int) -> int:
    return presenter if charts.presenting() else normal


def input_line(lab, trace) -> str:
    words = lab.vocab.words
    ks = ", ".join(f"{md(words[k])} (k = {labels.number(k)})" for k in trace.inputs)
    if len(trace.inputs) == 1:
        return f"x is one-hot: its 1 is at {ks}, so $h = W^T x = v_{{w_I}}$, that word's row of W."
    return (f"The C = {len(trace.inputs)} context words {ks} are one-hot inputs; "
            r"$h = \frac{1}{C} \sum_c v_{w_{I,c}}$, the mean of their rows of W.")


def _path_labels(paths, words):
    return [f"c{c + 1} {labels.node(n)}" for c, p in enumerate(paths) for n in p.nodes]


def _sample_labels(out, words):
    return [f"c{c + 1} {'+' if s == 0 else '−'}{words[j]}" for c, row in enumerate(out.samples)
            for s, j in enumerate(row)]


def _table_rows(f, key: str) -> np.ndarray:
    """Every row up to TABLE_ROWS words; above, the figure's rows unless the student asks."""
    if f.total <= TABLE_ROWS or st.toggle(f"Show all {f.total:,} rows in a table", key=key):
        return np.arange(f.total)
    return f.shown


def _path_items(lab, out) -> dict:
    """Hierarchical softmax: one item per node of each predicted word's path."""
    words, paths = lab.vocab.words, out.paths
    return dict(
        labels=_path_labels(paths, words), sigma=np.concatenate([p.sigma for p in paths]),
        err=np.concatenate([p.err for p in paths]), marked=np.concatenate([p.t == 1 for p in paths]),
        title="σ(v′_{n} · h) at each node of each predicted word's path (t_{n} = 1 marked)",
        ei_title="EI_{n} = Σ over paths of σ_{n} − t_{n} (inner nodes)",
        table={"target": [words[p.word] for p in paths for _ in p.nodes],
               "node n": [labels.node(n) for p in paths for n in p.nodes],
               "code": [int(b) for p in paths for b in p.codes],
               "t_n": [float(t) for p in paths for t in p.t],
               "v′_n·h": [float(x) for p in paths for x in p.x],
               "σ": [float(v) for p in paths for v in p.sigma],
               "σ − t": [float(e) for p in paths for e in p.err]})


def _sample_items(lab, out) -> dict:
    """Negative sampling: one item per sample (the positive, then the k negatives)."""
    words = lab.vocab.words
    P, K = out.samples.shape
    return dict(
        labels=_sample_labels(out, words), sigma=out.sigma.ravel(), err=out.sample_err.ravel(),
        marked=(out.t == 1).ravel(),
        title="σ(v′_{j} · h) of each positive (+) and negative (−)",
        ei_title="EI_{j} = Σ over samples of σ − t (only k + 1 words per prediction)",
        table={"c": [c + 1 for c in range(P) for _ in range(K)],
               "sample": [words[j] for j in out.samples.ravel()], "t": out.t.ravel(),
               "v′_j·h": out.x.ravel(), "σ": out.sigma.ravel(), "σ − t": out.sample_err.ravel()})


ITEMS = {"hs": _path_items, "ns": _sample_items}     # layers whose outputs are a few items


def _softmax_forward(lab, trace, dims) -> None:
    words, out = lab.vocab.words, trace.out
    f = ins.words_focus(trace, out.y)
    shown = f.shown
    fig = fs.forward_figure(trace.h, dims, [
        ("u_{j} = v′_{j} · h (scores)", "u", out.u[shown], None),
        ("y_{j} = softmax(u)_{j} = p(w_{j} | h)", "y", out.y[shown], None)],
        [words[j] for j in shown], positions(shown, trace.targets),
        left_out(f, "y", words), height(470, 380))
    charts.show(fig, key="insp_forward")
    rows = _table_rows(f, "insp_fwd_all")
    cols = {"j": [labels.number(j) for j in rows], "word": [words[j] for j in rows],
            "u_j": out.u[rows], "y_j": out.y[rows]}
    for c, w in enumerate(trace.targets):
        cols[f"t (c={c + 1}: {words[w]})"] = out.t[c][rows]
    table(cols)


def _items_forward(lab, trace, dims) -> None:
    it = ITEMS[trace.output](lab, trace.out)
    fig = fs.forward_figure(trace.h, dims, [(it["title"], "σ", it["sigma"], [0, 1.05])],
                            it["labels"], np.flatnonzero(it["marked"]), "", height(420, 360))
    charts.show(fig, key="insp_forward")
    table(it["table"])


FORWARD = {"softmax": _softmax_forward, "hs": _items_forward, "ns": _items_forward}


def forward_panel(lab, trace) -> None:
    st.caption(input_line(lab, trace))
    FORWARD[trace.output](lab, trace, labels.dims(lab.settings.dim))


def _softmax_errors(lab, trace):
    """(error plot, EI bars, their labels, marks, note, EI title, EI table) of full softmax."""
    words, out = lab.vocab.words, trace.out
    f = ins.words_focus(trace, np.abs(out.e).max(axis=0))
    shown = f.shown
    plot = fs.e_plot(out.e[:, shown], [f"c={c + 1}: {words[w]}" for c, w in enumerate(trace.targets)],
                     [words[j] for j in shown], positions(shown, trace.targets))
    rows = _table_rows(f, "insp_err_all")
    return (plot, out.EI[shown], [words[j] for j in shown], positions(shown, trace.targets),
            left_out(f, "|e|", words),
            "EI_{j} = Σ_{c} e_{c,j}" if len(trace.targets) > 1 else "EI_{j} = e_{j}",
            {"j": [labels.number(j) for j in rows], "output vector": [words[j] for j in rows],
             "EI_j": out.EI[rows]})


def _items_errors(lab, trace):
    """The same for the layers whose outputs are a few items (path nodes, samples)."""
    it, out = ITEMS[trace.output](lab, trace.out), trace.out
    names = out_names(lab, trace)
    plot = fs.samples_plot(it["labels"], it["err"], it["marked"], "σ − t at each node / sample")
    return (plot, out.err, [names[j] for j in out.rows], [], "", it["ei_title"],
            {"j": [labels.number(j) for j in out.rows],
             "output vector": [names[j] for j in out.rows], "EI_j": out.err})


ERRORS = {"softmax": _softmax_errors, "hs": _items_errors, "ns": _items_errors}


def errors_panel(lab, trace) -> None:
    dims = labels.dims(lab.settings.dim)
    plot, err, err_labels, marked, note, ei_title, ei_table = ERRORS[trace.output](lab, trace)
    charts.show(fs.errors_figure(plot, err, err_labels, marked, trace.EH, dims, ei_title, note,
                                 height(520, 400)), key="insp_errors")
    left, right = st.columns([2.4, 1])
    with left:
        table(ei_table)
    with right:
        table({"i": dims, "EH_i": trace.EH})
