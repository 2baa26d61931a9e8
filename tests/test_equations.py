"""The inspector's equations: the plugged-in numbers are the trace's, and they add up.

Also pins the read-outs of w2v_core.inspect the equations and the metrics use
(element look-ups, costs, the loss curve, the chunked epoch).
"""
import re

import numpy as np
import pytest

from ui import equations as eq
from w2v_core.readouts import step_inspector as ins
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings

CASES = [(a, o, c) for a in ("skipgram", "cbow") for o in ("softmax", "hs", "ns")
         for c in ("rong", "word2vec.c")]
TEXT = load_preset("fruit_drinks")      # 42 words, sentences of 4 to 6 words


def _stepped(arch, output, convention, steps=5, lr=0.1, **kw):
    lab = Lab.from_text(TEXT, LabSettings(arch=arch, output=output, convention=convention, **kw))
    lab.step(lr, steps)
    return lab, lab.last[1]


def _evaluate(tex: str) -> float:
    """Evaluate the numeric right-hand side of a plugged-in equation: 'a - b \\cdot (c) ...'."""
    expr = tex.split("&=")[-1].split("=")[0]
    expr = re.sub(r"\\frac\{(\d+)\}\{(\d+)\}", r"(\1/\2)", expr)
    expr = re.sub(r"\\times 10\^\{(-?\d+)\}", r"e\1", expr).replace(" e", "e")
    expr = expr.replace(r"\cdot", "*").replace(r"\end{aligned}", "")
    assert re.fullmatch(r"[-+*/().\de ]+", expr), expr
    return eval(expr)  # noqa: S307 - digits and operators only, checked above


# ---- the numbers are the trace's ---------------------------------------------------------------
@pytest.mark.parametrize("arch,output,convention", CASES)
def test_output_element_reads_the_trace_and_its_update_adds_up(arch, output, convention):
    _, tr = _stepped(arch, output, convention)
    for r in (0, len(tr.out_rows) - 1):
        j, i = int(tr.out_rows[r]), tr.h.size - 1
        el = ins.output_element(tr, j, i)
        assert (el.old, el.new, el.EI, el.h_i, el.lr) == (
            tr.out_before[r, i], tr.out_after[r, i], tr.out_err[r], tr.h[i], tr.lr)
        assert sum(a - t for a, t in el.terms) == pytest.approx(el.EI, rel=1e-12, abs=1e-15)
        assert el.old - el.lr * el.EI * el.h_i == pytest.approx(el.new, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("arch,output,convention", CASES)
def test_input_element_reads_the_trace_and_uses_the_right_share(arch, output, convention):
    _, tr = _stepped(arch, output, convention)
    for r, k in enumerate(tr.in_rows.tolist()):
        el = ins.input_element(tr, k, 0)
        assert (el.old, el.new, el.EH_i) == (tr.in_before[r, 0], tr.in_after[r, 0], tr.EH[0])
        expected = {"skipgram": el.m, "cbow": el.m / el.C if convention == "rong" else el.m}[arch]
        assert el.share == pytest.approx(expected)
        assert el.old - el.lr * el.share * el.EH_i == pytest.approx(el.new, rel=1e-12, abs=1e-15)


def test_softmax_error_terms_are_y_minus_t_for_each_context_word():
    _, tr = _stepped("skipgram", "softmax", "rong")
    j = int(tr.targets[0])
    terms = tr.out.error_terms(j)
    assert len(terms) == len(tr.targets)
    assert all(a == tr.out.y[j] for a, _ in terms)
    assert [t for _, t in terms] == tr.out.t[:, j].tolist()


def test_an_element_the_step_did_not_change_is_refused():
    _, tr = _stepped("skipgram", "ns", "rong")
    untouched = next(j for j in range(100) if j not in tr.out_rows)
    with pytest.raises(ValueError, match="not changed"):
        ins.output_element(tr, untouched, 0)


# ---- the plugged-in LaTeX ------------------------------------------------------------------------
@pytest.mark.parametrize("arch,output,convention", CASES)
def test_plugged_equations_show_the_trace_numbers_and_evaluate_to_the_new_value(
        arch, output, convention):
    _, tr = _stepped(arch, output, convention)
    j, k, i = int(tr.out_rows[-1]), int(tr.in_rows[0]), 1
    out, inp = ins.output_element(tr, j, i), ins.input_element(tr, k, i)
    tex_out = eq.output_update_plugged(out)
    for value in (out.old, out.EI, out.h_i, out.new):
        assert eq.tex_number(value) in tex_out
    assert _evaluate(tex_out) == pytest.approx(out.new, rel=1e-4, abs=1e-9)
    tex_in = eq.input_update_plugged(inp, arch, convention)
    for value in (inp.old, inp.EH_i, inp.new):
        assert eq.tex_number(value) in tex_in
    assert _evaluate(tex_in) == pytest.approx(inp.new, rel=1e-4, abs=1e-9)
    tex_ei = eq.error_plugged(out, output)
    assert eq.tex_number(out.EI) in tex_ei


def test_cbow_plugged_equation_shows_one_over_c_only_in_the_slides_convention():
    _, tr = _stepped("cbow", "softmax", "rong")
    el = ins.input_element(tr, int(tr.in_rows[0]), 0)
    assert rf"\frac{{{el.m}}}{{{el.C}}}" in eq.input_update_plugged(el, "cbow", "rong")
    assert r"\frac" not in eq.input_update_plugged(el, "cbow", "word2vec.c")


def test_general_equations_follow_the_slides():
    assert r"C \log \sum_{j'=1}^{V}" in eq.loss_equation("skipgram", "softmax")
    assert r"\sum_{c=1}^{C} (y_j - t_{c,j})" in eq.output_update_equation("skipgram", "softmax")
    assert r"\frac{1}{C}" in eq.input_update_equation("cbow", "rong")
    assert r"\frac{1}{C}\," not in eq.input_update_equation("cbow", "word2vec.c")
    assert r"\mathcal{W}_{neg}" in eq.eh_equation("cbow", "ns")
    assert r"\sum_{c=1}^{C}" in eq.eh_equation("skipgram", "hs")
    for arch, output, _ in CASES:
        assert eq.forward_equations(arch, output)[0].startswith("h = ")


def test_numbers_spell_out_nan_and_infinity():
    assert eq.number(float("nan")) == "NaN"
    assert eq.tex_number(float("inf")) == r"\infty"
    assert eq.tex_number(2.5e-12) == r"2.5 \times 10^{-12}"
    assert eq.factor(-1e-20).startswith("(")


def test_element_caption_escapes_the_word_for_latex():
    assert r"\text{a\_b\$}" in eq.element_caption("a_b$", 0, 1, 2, "x")


# ---- read-outs for the metrics and the history ----------------------------------------------------
def test_instance_costs_count_v_path_lengths_and_k_plus_one_per_prediction():
    lab = Lab.from_text(TEXT)
    targets = [0, 5, 20]
    costs = ins.instance_costs(lab.vocab.counts, targets, k=5)
    lengths = ins.path_lengths(lab.vocab.counts)
    assert costs == {"softmax": 3 * lab.vocab.size, "hs": int(lengths[targets].sum()), "ns": 18}


def test_hs_cost_equals_the_nodes_an_hs_step_visits():
    lab, tr = _stepped("skipgram", "hs", "rong", steps=1)
    cost = ins.instance_costs(lab.vocab.counts, tr.targets, 5)["hs"]
    assert cost == sum(len(p.nodes) for p in tr.out.paths)


def test_loss_curve_bins_long_histories_and_keeps_short_ones():
    losses = [(float(s), float(s) - 0.5) for s in range(10)]
    steps, before, after = ins.loss_curve(losses)
    assert steps.tolist() == list(range(1, 11)) and before.tolist() == [l[0] for l in losses]
    steps, before, after = ins.loss_curve(losses, max_points=5)
    assert steps.tolist() == [2, 4, 6, 8, 10] and before.tolist() == [0.5, 2.5, 4.5, 6.5, 8.5]


def test_word2vec_init_freezes_w_in_the_first_step():
    _, tr = _stepped("skipgram", "softmax", "rong", steps=1, init="word2vec")
    assert ins.input_frozen(tr)
    np.testing.assert_array_equal(tr.in_before, tr.in_after)
