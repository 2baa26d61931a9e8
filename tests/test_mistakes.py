"""Check my answer: each mistake of the catalogue is made here by hand, from the matrices before
the step, and ``diagnose`` must name it; right answers, exact or rounded, are never flagged. Over
the six variants, both conventions, W' = 0 (init "word2vec"), a high eta and repeated words."""
import functools
import itertools
import math
import re

import numpy as np
import pytest

from w2v_core import LabSettings, Vocabulary, Word2Vec, tokenize
from w2v_core.readouts.answers import agrees, round_sig
from w2v_core.readouts.hand_step import QUANTITIES, by_hand, from_trace, given
from w2v_core.readouts.mistakes import (CATALOGUE, Diagnosis, diagnose, expected_value,
                                        mistake_values)
from w2v_core.readouts.worksheet import CORPUS

VARIANTS = list(itertools.product(["skipgram", "cbow"], ["softmax", "hs", "ns"]))
SETUPS = {                      # init of W', seed, eta, context (a repeated word in the first)
    "repeats": ("random", 0, 0.3, (0, 2, 0)),
    "W' = 0": ("word2vec", 1, 0.3, (3, 5)),
    "high eta": ("random", 2, 8.0, (4, 0)),
}
CASES = [(a, o, c, s) for (a, o) in VARIANTS for c in ("rong", "word2vec.c") for s in SETUPS]
VOCAB = Vocabulary.from_sentences(tokenize(CORPUS))


def sig(x):
    return 1.0 / (1.0 + np.exp(-x))                      # this file's own sigma


class Step:
    """One step: the engine's trace, and every quantity recomputed here by hand."""

    def __init__(self, arch, output, convention, setup):
        init, seed, lr, context = SETUPS[setup]
        m = Word2Vec(VOCAB, LabSettings(arch=arch, output=output, dim=3, seed=seed, init=init,
                                        convention=convention, negative=2))
        rng = np.random.default_rng(seed)
        m.W_in[:] = rng.uniform(-1, 1, m.W_in.shape)
        m.W_out[:] = rng.uniform(-1, 1, m.W_out.shape) if init == "random" else 0.0
        self.W, self.Wp, self.lr = m.W_in.copy(), m.W_out.copy(), lr
        self.softmax = output == "softmax"
        self.trace = t = m.step(1, list(context), lr=lr)
        self.made, self.inputs, self.targets = mistake_values(t), t.inputs, t.targets
        rows, m_k = np.unique(self.inputs, return_counts=True)
        mean, full = (dict(zip(rows.tolist(), a)) for a in (m_k / len(self.inputs), m_k * 1.0))
        self.share, self.other = (mean, full) if convention == "rong" else (full, mean)
        self.h = self.W[self.inputs].mean(axis=0)
        if output == "softmax":                                    # [(c, row, t)]
            self.terms = [(c, j, float(j == o)) for c, o in enumerate(self.targets)
                          for j in range(len(self.Wp))]
        elif output == "hs":
            self.terms = [(c, n, 1.0 - b) for c, o in enumerate(self.targets)
                          for n, b in zip(m.tree.points[o], m.tree.codes[o])]
        else:
            self.terms = [(c, j, float(k == 0)) for c, o in enumerate(self.targets)
                          for k, j in enumerate([o, *t.negatives[c]])]
        self.rows = sorted({j for _, j, _ in self.terms})
        self.u = {j: self.Wp[j] @ self.h for j in self.rows}
        self.y = self.probs(self.u)
        self.EI = self.errors(lambda j, tn: self.y[j] - tn)
        self.EH = sum(self.EI[j] * self.Wp[j] for j in self.rows)
        self.Wp_new = {j: self.Wp[j] - lr * self.EI[j] * self.h for j in self.rows}
        self.W_new = {k: self.W[k] - lr * a * self.EH for k, a in self.share.items()}
        self.E = self.loss(lambda tn: tn)

    def probs(self, u):
        z = np.array([u[j] for j in self.rows])
        return dict(zip(self.rows, np.exp(z - z.max()) / np.exp(z - z.max()).sum()
                        if self.softmax else sig(z)))

    def errors(self, err, only_c=None):
        return {j: sum(err(j, tn) for c, r, tn in self.terms if r == j and only_c in (None, c))
                for j in self.rows}

    def loss(self, label, only_c=None, log=np.log):
        """-log p summed over the predictions, each term's label made by ``label``."""
        terms = [(j, label(tn)) for c, j, tn in self.terms if only_c in (None, c)]
        if self.softmax:
            return -sum(log(self.y[j]) for j, t in terms if t == 1)
        return -sum(log(sig((2 * t - 1) * self.u[j])) for j, t in terms)


@functools.cache
def step(case) -> Step:                 # each step is made once, for every test
    return Step(*case)


def cells(quantity, values):
    """{(quantity, index): number} from {row or i: number}, or {row: vector} (new vectors)."""
    return {(quantity, (r, i) if np.ndim(v) else r): x for r, v in values.items()
            for i, x in (enumerate(v) if np.ndim(v) else [(None, v)])}


def right(s: Step) -> dict:
    """Every (quantity, index) of the step with this file's value."""
    return {**cells("h", dict(enumerate(s.h))), **cells("u", s.u), **cells("y", s.y),
            **cells("e", s.EI), **cells("EI", s.EI), **cells("EH", dict(enumerate(s.EH))),
            ("E", 0): s.E, **cells("v_in_new", s.W_new), **cells("v_out_new", s.Wp_new)}


def named(s: Step, mistake: str, wrong: dict, digits: int = 3) -> int:
    """Assert ``diagnose`` names ``mistake`` for each visibly wrong value; how many were."""
    seen = 0
    for (quantity, index), value in wrong.items():
        if not np.isfinite(value) or agrees(value, expected_value(s.trace, quantity, index),
                                            digits):
            continue                        # the mistake changes nothing here
        d = diagnose(s.trace, quantity, index, float(value), digits, made=s.made)
        assert not d.right and mistake in d.mistakes, (quantity, index, value, d)
        sentence = d.explanations[d.mistakes.index(mistake)]
        assert re.search(r"eqs?\. \d+", sentence) and sentence.endswith(".")
        seen += 1
    return seen


def effect(case, mistake) -> str:
    """Whether the mistake cannot happen here (none), must change a number (some) or may not:
    with W' = 0 (EH = 0, W stays put), and transposed under HS and NS (tested on its own)."""
    arch, output, _, setup = case
    if not {"no_mean": arch == "cbow", "mean_update": arch == "cbow", "one_context": arch ==
            "skipgram", "code_as_t": output == "hs", "neg_label": output == "ns"}.get(mistake, 1):
        return "none"
    return "may" if (setup == "W' = 0" and mistake in ("transposed", "old_h", "mean_update")
                     or mistake == "transposed" and output != "softmax") else "some"


cases = pytest.mark.parametrize("case", CASES, ids=["-".join(c).replace(" ", "") for c in CASES])


@cases
def test_the_step_redone_without_a_slip_here_and_by_the_engine_is_the_engines_step(case):
    s = step(case)
    mine, engine = by_hand(given(s.trace)), from_trace(s.trace)
    for q in QUANTITIES:
        np.testing.assert_allclose(mine[q], engine[q], rtol=1e-12, atol=1e-12, err_msg=q)
    for (quantity, index), mine in right(s).items():
        assert mine == pytest.approx(expected_value(s.trace, quantity, index), rel=1e-9,
                                     abs=1e-12), (quantity, index)


@cases
def test_right_answers_exact_or_rounded_to_the_digits_asked_are_never_flagged(case):
    s = step(case)
    for quantity, index in right(s):
        value = expected_value(s.trace, quantity, index)
        for digits in (2, 3, 4, 5, 6):
            for typed in (value, round_sig(value, digits)):
                d = diagnose(s.trace, quantity, index, typed, digits, made=s.made)
                assert d == Diagnosis(True, value, (), ()), (quantity, index, typed, digits)


# ---- each mistake, made by hand --------------------------------------------------------------
def made_sign(s):
    EI = {j: -e for j, e in s.EI.items()}
    return {**cells("e", EI), **cells("EI", EI), **cells("EH", dict(enumerate(-s.EH))),
            **cells("v_in_new", {k: s.W[k] + s.lr * a * s.EH for k, a in s.share.items()}),
            **cells("v_out_new", {j: s.Wp[j] + s.lr * s.EI[j] * s.h for j in s.rows})}


def made_no_lr(s):
    return {**cells("v_in_new", {k: s.W[k] - a * s.EH for k, a in s.share.items()}),
            **cells("v_out_new", {j: s.Wp[j] - s.EI[j] * s.h for j in s.rows})}


def made_new_W_out_for_EH(s):
    EH = sum(s.EI[j] * s.Wp_new[j] for j in s.rows)
    return {**cells("EH", dict(enumerate(EH))),
            **cells("v_in_new", {k: s.W[k] - s.lr * a * EH for k, a in s.share.items()})}


def made_no_mean(s):
    h = s.W[s.inputs].sum(axis=0)
    return {**cells("h", dict(enumerate(h))), **cells("u", {j: s.Wp[j] @ h for j in s.rows})}


def made_mean_update(s):
    return cells("v_in_new", {k: s.W[k] - s.lr * s.other[k] * s.EH for k in s.share})


def made_old_h(s):
    h_new = np.mean([s.W_new[k] for k in s.inputs], axis=0)
    return cells("v_out_new", {j: s.Wp[j] - s.lr * s.EI[j] * h_new for j in s.rows})


def made_one_context(s):
    return tuple({**cells("EI", s.errors(lambda j, tn: s.y[j] - tn, only_c=c)),
                  ("E", 0): s.loss(lambda tn: tn, only_c=c)} for c in range(len(s.targets)))


def made_transposed(s):
    N, known, out = len(s.h), set(s.rows), {}
    for j in [j for j in s.rows if j < N]:
        if set(range(N)) <= known:
            out[("u", j)] = sum(s.Wp[i, j] * s.h[i] for i in range(N))    # w'_ji for w'_ij
        out.update({("v_out_new", (j, i)): s.Wp[i, j] - s.lr * s.EI[j] * s.h[i]
                    for i in range(N) if i in known})
    return out


def made_code_as_t(s):                                             # t = code = 1 - t
    return {**cells("e", s.errors(lambda j, tn: s.y[j] - (1 - tn))),
            ("E", 0): s.loss(lambda tn: 1 - tn)}


def made_neg_label(s):                                             # every sample as t = 1
    e = s.errors(lambda j, tn: s.y[j] - 1.0)
    E = -sum(np.log(sig(s.u[j])) for _, j, _ in s.terms)          # sigma(v'.h) for each
    return {**cells("e", e), **cells("EI", e), ("E", 0): E}


def made_log_base(s):
    return {("E", 0): s.E / math.log(10)}, {("E", 0): s.loss(lambda tn: tn, log=np.log2)}


def made_rounded(s):
    y = s.probs({j: round_sig(x, 2) for j, x in s.u.items()})     # y from u to 2 digits
    h2 = round_sig(s.h, 2)
    return {**cells("y", y), **cells("v_out_new", {
        j: s.Wp[j] - s.lr * round_sig(s.EI[j], 2) * h2 for j in s.rows})}


MADE = {"sign": made_sign, "no_lr": made_no_lr, "new_W_out_for_EH": made_new_W_out_for_EH,
        "no_mean": made_no_mean, "mean_update": made_mean_update, "one_context": made_one_context,
        "transposed": made_transposed, "code_as_t": made_code_as_t, "neg_label": made_neg_label,
        "log_base": made_log_base, "rounded": made_rounded, "old_h": made_old_h}


def test_the_catalogue_has_every_mistake_the_issue_names():
    assert [m.id for m in CATALOGUE] == list(MADE)


@pytest.mark.parametrize("mistake", list(MADE))
@cases
def test_each_mistake_made_by_hand_is_named(case, mistake):
    s = step(case)
    if effect(case, mistake) == "none":
        assert s.made[mistake] == ()
        return
    made = MADE[mistake](s)
    seen = sum(named(s, mistake, wrong) for wrong in (made if isinstance(made, tuple) else [made]))
    assert seen > 0 or effect(case, mistake) == "may", "it should change a number of this step"


# ---- what a diagnosis says -------------------------------------------------------------------
def test_two_mistakes_that_give_the_same_value_are_both_named():
    for output, both in (("hs", {"sign", "code_as_t"}), ("ns", {"sign", "neg_label"})):
        s = step(("cbow", output, "rong", "W' = 0"))      # sigma = 1/2 at every node and sample
        j = s.rows[0] if output == "hs" else int(s.trace.negatives[0, 0])
        d = diagnose(s.trace, "e", j, -s.EI[j])
        assert both <= set(d.mistakes) and len(d.explanations) == len(d.mistakes)


def test_the_sentence_gives_the_equation_and_the_value_of_the_mistake():
    s = step(("skipgram", "softmax", "rong", "repeats"))
    d = diagnose(s.trace, "E", 0, s.E / math.log(10))
    assert d.mistakes == ("log_base",) and d.expected == s.trace.loss
    assert all(w in d.explanations[0] for w in ("eq. 29", "log10", f"{s.E / math.log(10):.6g}"))
    s, k = step(("cbow", "softmax", "rong", "repeats")), 0
    assert "eq. 21" in diagnose(s.trace, "E", 0, s.E / math.log(2), digits=4).explanations[0]
    d = diagnose(s.trace, "v_in_new", (k, 0), s.W[k][0] - s.lr * s.other[k] * s.EH[0])
    assert "eq. 23" in d.explanations[d.mistakes.index("mean_update")]


def test_a_wrong_value_no_mistake_explains_names_none():
    s = step(("cbow", "ns", "word2vec.c", "high eta"))
    assert diagnose(s.trace, "h", 0, 123.456) == Diagnosis(False, s.trace.h[0], (), ())


@pytest.mark.parametrize("quantity,index,message", [
    ("x", 0, "quantity must be one of h, u, y"), ("h", 3, "dimensions 0 to 2"),
    ("h", -1, "dimensions 0 to 2"), ("EH", 1.0, "dimensions"), ("E", 1, "index is 0"),
    ("v_in_new", 0, "(row, dimension) pair"), ("v_in_new", (1, 5), "dimensions 0 to 2"),
    ("v_out_new", (99, 0), "no row 99"), ("u", 99, "no row 99"), ("y", True, "no row True"),
    ("y", 0, "has rows 1, 2, 3, 4 (0-based)"),           # the inner node off both paths
])
def test_an_index_outside_the_step_is_refused_saying_what_exists(quantity, index, message):
    s = step(("skipgram", "hs", "rong", "repeats"))
    with pytest.raises(ValueError) as err:
        diagnose(s.trace, quantity, index, 0.0)
    assert message in str(err.value)


@pytest.mark.parametrize("output", ["hs", "ns"])
def test_transposed_is_named_under_hs_and_ns_where_the_step_reads_its_rows(output):
    m = Word2Vec(VOCAB, LabSettings(arch="skipgram", output=output, dim=2, seed=3, negative=2))
    m.W_in[:] = np.random.default_rng(3).uniform(-1, 1, m.W_in.shape)
    m.W_out[:] = np.random.default_rng(4).uniform(-1, 1, m.W_out.shape)
    Wp = m.W_out.copy()
    if output == "hs":    # two words whose paths pass inner nodes 0 and 1 (the rows w'_ji reads)
        words = [next(w for w in range(VOCAB.size) if n in m.tree.points[w]) for n in (0, 1)]
        trace = m.step(2, words, lr=0.5)
    else:
        trace = m.step(2, [0], lr=0.5, negatives=[[1, 3]])
    u1 = Wp[0, 1] * trace.h[0] + Wp[1, 1] * trace.h[1]        # w'_i2 read as w'_2i
    assert {0, 1} <= set(trace.out_rows.tolist())
    assert "transposed" in diagnose(trace, "u", 1, u1).mistakes
