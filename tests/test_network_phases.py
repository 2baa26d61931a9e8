"""The network diagram, the step in phases, the probe and the quiz: every number the diagram
shows is the trace's; three phases end exactly where a whole Step ends; Undo walks back one
phase; the probe's p sums to 1; each quiz answer is recomputed here from the matrices."""
import itertools

import numpy as np
import pytest

import apptest
from ui.labels import out_names
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings
from w2v_core.lab.phases import Phases
from w2v_core.readouts.network import network
from w2v_core.readouts.probe import probe
from w2v_core.readouts import quiz

VARIANTS = list(itertools.product(["skipgram", "cbow"], ["softmax", "hs", "ns"]))
PAGE = "pages/step_inspector.py"


def fresh(arch, output, text="eat_drink", **kw) -> Lab:
    return Lab.from_text(load_preset(text), LabSettings(arch=arch, output=output, **kw))


def same(a: Lab, b: Lab) -> bool:
    return (np.array_equal(a.model.W_in, b.model.W_in) and np.array_equal(a.model.W_out, b.model.W_out)
            and a.cursor == b.cursor and a.losses == b.losses
            and a.model.rng.bit_generator.state == b.model.rng.bit_generator.state)


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_three_phases_end_bit_for_bit_where_a_whole_step_ends(arch, output):
    whole, phased = fresh(arch, output), fresh(arch, output)
    ph = Phases(phased)
    for _ in range(4):
        whole.step(0.3)
        assert [ph.advance(0.3) for _ in range(3)] == [1, 2, 3]
        assert same(whole, phased)
        np.testing.assert_array_equal(whole.last[1].out.loss, phased.last[1].out.loss)


def test_phases_one_and_two_change_nothing_and_undo_walks_back_one_phase():
    lab = fresh("skipgram", "ns")
    lab.step(0.3, 2)
    reference = fresh("skipgram", "ns")
    reference.step(0.3, 2)
    ph = Phases(lab)
    ph.advance(0.3)
    ph.advance(0.3)
    assert ph.phase == 2 and same(lab, reference)          # shown, not applied
    ph.advance(0.3)
    assert lab.steps_done == 3
    assert ph.back() and ph.phase == 2 and same(lab, reference)    # the update taken back
    assert ph.back() and ph.phase == 1 and ph.back() and ph.phase == 0
    assert ph.back() and lab.steps_done == 1                      # then the steps before


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_every_number_on_the_diagram_is_the_traces(arch, output):
    lab = fresh(arch, output)
    lab.step(0.3, 3)
    at = apptest.open_page(PAGE, lab=lab, name="eat and drink")
    at.button(key="insp_step1").click().run()
    trace = lab.last[1]
    at.session_state["insp_tab"] = "Network"
    at.run()
    spec = apptest.figure(at, "insp_network")
    nodes = [t for t in spec["data"] if t.get("mode", "").startswith("markers")]
    inputs, hidden, outputs = nodes
    np.testing.assert_array_equal(hidden["marker"]["color"], trace.h)
    lit = [c == "#f58518" for c in inputs["marker"]["color"]]
    assert [w.strip() for w, on in zip(inputs["text"], lit) if on] == sorted(
        {lab.vocab.words[k] for k in trace.inputs}, key=[w.strip() for w in inputs["text"]].index)
    names = out_names(lab, trace)
    err = dict(zip(trace.out_rows.tolist(), trace.out_err.tolist()))
    for text, value in zip(outputs["text"], outputs["marker"]["color"]):
        name = text.split()[0]
        j = names.index(name)
        if output == "softmax":
            assert value == trace.out.y[j]
        assert f"EI {err[j]:.3g}" in text
    notes = " ".join(a.get("text", "") for a in spec["layout"]["annotations"])
    for i, (h, e) in enumerate(zip(trace.h, trace.EH), 1):
        assert f"h{i} = {h:.3g}" in notes and f"EH{i} = {e:.3g}" in notes


@pytest.mark.parametrize("presenting", [False, True])
def test_the_margins_hold_every_one_line_label_at_the_fonts_size(presenting):
    lab = Lab.from_text("a verylongwordindeed b c a b verylongwordindeed c",
                        LabSettings(output="softmax"))
    at = apptest.open_page(PAGE, lab=lab, name="long words")
    at.toggle(key="presenter").set_value(presenting).run()
    at.button(key="insp_step1").click().run()
    at.session_state["insp_tab"] = "Network"
    at.run()
    spec = apptest.figure(at, "insp_network")
    inputs, _, outputs = [t for t in spec["data"] if t.get("mode", "").startswith("markers")]
    font = spec["layout"]["font"]["size"]
    assert font == (20 if presenting else 16)
    margin = spec["layout"]["margin"]          # text needs about 0.5 em per character
    assert margin["l"] >= 0.5 * font * max(map(len, inputs["text"])) + 26   # beside its marker
    lines = outputs["text"]
    assert not any("<br>" in t for t in lines)             # one line each: none can collide
    assert margin["r"] >= 0.5 * font * max(map(len, lines)) + 13
    assert spec["layout"]["xaxis"]["range"][1] < 2.1      # no empty data space beyond the outputs


@pytest.mark.parametrize("output", ["softmax", "hs"])
def test_the_probe_gives_a_distribution_that_sums_to_one(output):
    lab = fresh("cbow", output, text="fruit_drinks")
    lab.step(0.5, 30)
    p = probe(lab.model, [0, 3])
    assert p.distribution and p.total == pytest.approx(1.0, abs=1e-12)
    h = lab.model.W_in[[0, 3]].mean(axis=0)
    np.testing.assert_allclose(p.h, h)
    if output == "softmax":
        u = lab.model.W_out @ h
        np.testing.assert_allclose(p.values, np.exp(u) / np.exp(u).sum(), rtol=1e-12)


def test_negative_sampling_probe_scores_are_sigmoids_not_a_distribution():
    lab = fresh("skipgram", "ns", text="fruit_drinks")
    lab.step(0.5, 30)
    p = probe(lab.model, [2])
    assert not p.distribution
    np.testing.assert_allclose(p.values, 1 / (1 + np.exp(-(lab.model.W_out @ lab.model.W_in[2]))))


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_each_quiz_answer_is_recomputed_from_the_matrices(arch, output):
    lab = fresh(arch, output, text="fruit_drinks")
    lab.step(0.3, 5)
    W, Wp = lab.model.W_in.copy(), lab.model.W_out.copy()
    trace = lab.step(0.3)[0]
    names = out_names(lab, trace)
    net = network(trace, W, Wp)
    h = W[trace.inputs].mean(axis=0)
    if output == "softmax":
        y = np.exp(Wp @ h) / np.exp(Wp @ h).sum()
        values = y[net.outputs]
        true, err = int(trace.targets[0]), (y - np.isin(np.arange(len(y)), trace.targets) *
                                            np.bincount(trace.targets, minlength=len(y)))
    else:
        values = 1 / (1 + np.exp(-(Wp[net.outputs] @ h)))
        true = int(trace.out.paths[0].nodes[0]) if output == "hs" else int(trace.targets[0])
    q = quiz.largest_output(trace, net, [names[r] for r in net.outputs], "y", seed=1)
    assert q.options[q.answer] == names[net.outputs[int(np.argmax(values))]]
    q = quiz.error_sign(trace, names, seed=0)                  # a true output's EI
    if output == "softmax":
        row = names.index(q.prompt.split("EI of ")[1].split(" be ")[0])
        assert q.answer == (0 if err[row] < 0 else 1)
    q = quiz.output_direction(trace, names)
    v_new = lab.model.W_out[true]
    moved = (v_new - Wp[true]) @ h                              # along h (> 0) or against it
    assert q.options[q.answer] == ("towards h" if moved > 0 else "away from h")
    q = quiz.loss_direction(trace)
    assert q.options[q.answer] == ("down" if trace.loss_after < trace.loss else "up")
    q = quiz.rows_changed(trace)
    changed = np.flatnonzero(np.any(lab.model.W_out != Wp, axis=1))
    expected = {"softmax": len(names), "hs": len(changed), "ns": len(changed)}[output]
    assert len(changed) == expected and q.answer == ["softmax", "hs", "ns"].index(output)
    assert set(np.flatnonzero(np.any(lab.model.W_in != W, axis=1))) == set(trace.in_rows.tolist())


def test_the_quiz_checks_the_answer_and_keeps_a_score():
    at = apptest.open_page(PAGE)
    at.toggle(key="insp_phased").set_value(True).run()
    at.toggle(key="insp_quiz").set_value(True).run()
    for _ in range(3):
        at.radio[0].set_value(0).run()
        at.button(key="insp_step1").click().run()
        assert not at.exception
        assert at.success or at.warning                        # the verdict, with its why
    right, asked = at.session_state["insp_score"]
    assert asked == 3 and 0 <= right <= 3
    assert any(f"{right} of 3" in c.value for c in at.caption)
