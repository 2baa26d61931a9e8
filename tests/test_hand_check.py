"""The hand-check sheet: every number of the exported CSV is recomputed here from the two
matrices before the step and the instance alone, with this file's own numpy code (not the
trace), for all six variants; and the Markdown worked example carries the same numbers."""
import itertools

import numpy as np
import pytest

from ui import worked_example
from ui.safe import md
from ui.labels import out_names
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings
from w2v_core.readouts.hand_check import hand_check, read_sheet_csv, sheet_csv

VARIANTS = list(itertools.product(["skipgram", "cbow"], ["softmax", "hs", "ns"]))


def sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def lse(u):
    m = u.max()
    return m + np.log(np.exp(u - m).sum())


def recompute(W, Wp, inputs, targets, lr, output, tree=None, negatives=None, cbow_share="rong"):
    """Every quantity of one step from W (V, N), W' (rows, N) and the instance, by hand."""
    h = W[inputs].mean(axis=0)
    q = {"h": h}
    if output == "softmax":
        u = Wp @ h
        y = np.exp(u - lse(u))
        t = np.zeros((len(targets), len(u)))
        t[np.arange(len(targets)), targets] = 1
        e = y - t
        err_rows, err = np.arange(len(u)), e.sum(axis=0)
        q.update(u=u, y=y, t=t, e=e)
        loss = lambda Wp_, h_: sum(lse(Wp_ @ h_) - (Wp_ @ h_)[o] for o in targets)  # noqa: E731
        nodes = None
    else:
        if output == "hs":
            nodes = [(c, n, 1.0 - b) for c, o in enumerate(targets)
                     for n, b in zip(tree.points[o], tree.codes[o])]
        else:
            nodes = [(c, j, 1.0 if s == 0 else 0.0) for c, o in enumerate(targets)
                     for s, j in enumerate([o, *negatives[c]])]
        acc = {}
        for c, n, tn in nodes:
            acc[n] = acc.get(n, 0.0) + sig(Wp[n] @ h) - tn
        err_rows = np.array(sorted(acc))
        err = np.array([acc[n] for n in err_rows])

        def loss(Wp_, h_):
            return sum(-np.log(sig((2 * tn - 1) * (Wp_[n] @ h_))) for _, n, tn in nodes)
    EH = err @ Wp[err_rows]
    q.update(EI=dict(zip(err_rows.tolist(), err)), EH=EH, nodes=nodes)
    rows, counts = np.unique(inputs, return_counts=True)
    share = counts / len(inputs) if cbow_share == "rong" else counts.astype(float)
    W_new, Wp_new = W.copy(), Wp.copy()
    W_new[rows] -= lr * share[:, None] * EH[None, :]
    Wp_new[err_rows] -= lr * np.outer(err, h)
    q.update(share=dict(zip(rows.tolist(), share)), W=W, W_new=W_new, Wp=Wp, Wp_new=Wp_new,
             loss=loss(Wp, h), loss_after=loss(Wp_new, W_new[inputs].mean(axis=0)))
    return q


def expected(row, q, lr):
    """The value a CSV row must hold, from the recomputed quantities."""
    name, c, s, idx, i = row["quantity"], row["c"], row["sample"], row["index"], row["i"]
    j = int(idx) - 1 if idx else None
    d = int(i) - 1 if i else None
    ci = int(c) - 1 if c else None
    simple = {"eta": lr, "loss before": q["loss"], "loss after": q["loss_after"]}
    if name in simple:
        return simple[name]
    if name == "h":
        return q["h"][d]
    if name == "EH":
        return q["EH"][d]
    if name in ("u", "y"):
        return q[name][j]
    if name in ("t", "e") and q.get("t") is not None and s == "" and "u" in q:
        return q[name][ci, j]
    if name == "EI":
        return q["EI"][j]
    if name == "share":
        return q["share"][j]
    if name in ("x", "sigma", "t", "sigma - t"):
        hits = [(cc, n, tn) for k, (cc, n, tn) in enumerate(q["nodes"]) if cc == ci and n == j
                and (s == "" or k - [x[0] for x in q["nodes"]].index(ci) == int(s))]
        _, n, tn = hits[0]
        x = q["Wp"][n] @ q["h"]
        return {"x": x, "sigma": sig(x), "t": tn, "sigma - t": sig(x) - tn}[name]
    symbol, what = name.split(" ")
    old, new = (q["W"], q["W_new"]) if symbol == "v" else (q["Wp"], q["Wp_new"])
    return {"old": old[j, d], "new": new[j, d], "change": new[j, d] - old[j, d]}[what]


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_every_number_of_the_exported_sheet_is_recomputed_by_hand(arch, output):
    lab = Lab.from_text(load_preset("fruit_drinks"), LabSettings(arch=arch, output=output, dim=4))
    lab.step(0.3, 7)
    W, Wp = lab.model.W_in.copy(), lab.model.W_out.copy()
    trace = lab.step(0.3)[0]
    rows = read_sheet_csv(sheet_csv(hand_check(trace, lab.vocab.words, out_names(lab, trace))))
    q = recompute(W, Wp, trace.inputs, trace.targets, 0.3, output, lab.model.tree,
                  trace.negatives)
    checked = 0
    for row in rows:
        if row["value"] == "":
            continue
        assert row["value"] == pytest.approx(expected(row, q, 0.3), rel=1e-9, abs=1e-12), row
        checked += 1
    names = {r["quantity"] for r in rows}
    assert {"h", "EH", "EI", "v old", "v new", "v' old", "v' change", "loss after"} <= names
    assert checked == sum(r["value"] != "" for r in rows) > 20
    words = [r["name"] for r in rows if r["quantity"] == "input word"]
    assert words == [lab.vocab.words[k] for k in trace.inputs]


def test_the_worked_example_prints_the_sheet_and_the_plugged_in_equations():
    lab = Lab.from_text(load_preset("eat_drink"))
    lab.step(0.1, 2)
    task, trace = lab.last
    sheet = hand_check(trace, lab.vocab.words, out_names(lab, trace))
    text = worked_example.markdown(lab, trace, task, sheet)
    assert text.startswith("# One SGD step of word2vec, worked by hand")
    assert "\\tag" not in text and "$$" in text
    for t in sheet.tables:
        assert md(t.title) in text
    assert f"{trace.loss_after:.6g}" in text
