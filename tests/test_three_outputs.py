"""Specification of w2v_core.readouts.three_outputs (the lab's instance under any output layer,
three output layers on one instance, the small measures the pages show) and of
w2v_core.readouts.negative_sampling."""
import numpy as np
import pytest

from w2v_core import NoiseDistribution, Vocabulary, Word2Vec
from w2v_core.readouts.negative_sampling import (empirical_distribution, noise_lift, ns_rows,
                                                total_variation)
from w2v_core.readouts.three_outputs import (compare_output_layers, cosine, current_instance,
                                             instance_view, norm, output_costs, parameters_before,
                                             preview_step, sibling_model)
from w2v_core.lab import Lab, LabSettings
from w2v_core.noise import noise_probabilities

TEXT = "the cat sat on the mat\nthe dog sat on the log\na cat and a dog ran\n" * 3


def lab_with(output="softmax", **kw):
    return Lab.from_text(TEXT, LabSettings(output=output, **kw))


def same_trace(a, b):
    assert a.loss == b.loss and a.loss_after == b.loss_after
    np.testing.assert_array_equal(a.h, b.h)
    np.testing.assert_array_equal(a.EH, b.EH)
    np.testing.assert_array_equal(a.out_rows, b.out_rows)
    np.testing.assert_array_equal(a.d_in, b.d_in)


# ---- the lab's instance --------------------------------------------------------------------------
def test_current_instance_is_the_next_task_then_the_newest_step():
    lab = lab_with()
    task, trace = current_instance(lab)
    assert trace is None
    lab.step(0.1)
    task2, trace2 = current_instance(lab)
    assert task2 == task and trace2 is lab.last[1]


def test_parameters_before_undo_the_newest_step_on_copies():
    lab = lab_with("ns")
    W_in, W_out = lab.model.W_in.copy(), lab.model.W_out.copy()
    trace = lab.step(0.5)[0]
    before_in, before_out = parameters_before(lab.model, trace)
    np.testing.assert_array_equal(before_in, W_in)
    np.testing.assert_array_equal(before_out, W_out)
    assert not np.array_equal(lab.model.W_in, W_in)        # the lab itself is untouched


@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
def test_view_is_the_labs_own_step_when_the_layer_matches(output):
    lab = lab_with(output)
    lab.step(0.1, 3)
    view = instance_view(lab, output)
    assert view.from_lab and view.trace is lab.last[1]
    # the view's model sits at the parameters the trace saw: recomputing gives the same numbers
    again = preview_step(view.model, view.task.center, view.task.context, view.trace.negatives)
    np.testing.assert_array_equal(again.EH, view.trace.EH)
    assert again.loss == view.trace.loss


@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
def test_before_the_first_step_the_view_previews_it_and_changes_nothing(output):
    lab = lab_with(output)
    W_in, W_out = lab.model.W_in.copy(), lab.model.W_out.copy()
    state = lab.model.rng.bit_generator.state
    view = instance_view(lab, output)
    assert not view.from_lab and view.trace.lr == 0.0
    np.testing.assert_array_equal(lab.model.W_in, W_in)
    np.testing.assert_array_equal(lab.model.W_out, W_out)
    assert lab.model.rng.bit_generator.state == state and lab.steps_done == 0
    real = lab.step(0.1)[0]
    assert (view.task.center, view.task.context) == (real.center, real.context)
    assert view.trace.loss == real.loss
    np.testing.assert_array_equal(view.trace.EH, real.EH)
    if output == "ns":      # the negatives the lab's next step draws
        np.testing.assert_array_equal(view.trace.negatives, real.negatives)


def test_a_view_under_another_layer_shares_w_and_the_word_vectors():
    lab = lab_with("softmax")
    lab.step(0.1, 4)
    trace = lab.last[1]
    W_in, W_out = parameters_before(lab.model, trace)
    ns = instance_view(lab, "ns", negative=3, ns_power=0.5)
    hs = instance_view(lab, "hs")
    assert not ns.from_lab and not hs.from_lab
    np.testing.assert_array_equal(ns.model.W_in, W_in)
    np.testing.assert_array_equal(ns.model.W_out, W_out)             # softmax -> NS: same W'
    assert hs.model.W_out.shape == (lab.vocab.size - 1, lab.settings.dim)
    np.testing.assert_array_equal(ns.trace.h, trace.h)
    np.testing.assert_array_equal(hs.trace.h, trace.h)
    assert ns.trace.negatives.shape == (len(trace.targets), 3)


def test_ns_view_with_other_k_or_power_is_not_the_labs_step():
    lab = lab_with("ns", negative=5)
    lab.step(0.1)
    assert instance_view(lab, "ns", negative=5, ns_power=0.75).from_lab
    assert not instance_view(lab, "ns", negative=4, ns_power=0.75).from_lab
    assert not instance_view(lab, "ns", negative=5, ns_power=1.0).from_lab


def test_sibling_model_keeps_its_own_seeded_inner_vectors():
    lab = lab_with("softmax")
    hs = sibling_model(lab.model, "hs")
    again = sibling_model(lab.model, "hs")
    np.testing.assert_array_equal(hs.W_out, again.W_out)            # seeded: the same every time
    np.testing.assert_array_equal(hs.W_in, lab.model.W_in)
    assert hs.W_in is not lab.model.W_in


# ---- three output layers ------------------------------------------------------------------------
def three(lab, k=3, lr=0.1):
    views = {x: instance_view(lab, x, negative=k, ns_power=0.75) for x in ("softmax", "hs", "ns")}
    t = views["softmax"].task
    return views, compare_output_layers(lab.vocab, views["softmax"].model.W_in,
                                        views["softmax"].model.W_out, views["hs"].model.W_out,
                                        t.center, t.context, lr, views["ns"].trace.negatives,
                                        lab.settings.arch, lab.settings.convention)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_three_layers_touch_v_path_and_k_plus_one_vectors(arch):
    lab = lab_with("softmax", arch=arch)
    views, traces = three(lab, k=4)
    tree = views["hs"].model.tree
    P = len(traces["softmax"].targets)
    assert len(traces["softmax"].out_rows) == lab.vocab.size
    assert len(traces["hs"].out_rows) == len(set().union(*(tree.points[w].tolist()
                                                           for w in traces["hs"].targets)))
    assert len(traces["ns"].out_rows) <= P * 5
    for tr in traces.values():
        np.testing.assert_array_equal(tr.h, traces["softmax"].h)     # same instance, same W


@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
def test_the_labs_own_layer_gives_the_labs_own_step(output):
    lab = lab_with(output, negative=3)
    lab.step(0.1, 5)
    _, traces = three(lab, k=3, lr=0.1)
    same_trace(traces[output], lab.last[1])


def test_compare_leaves_its_inputs_alone_and_checks_shapes():
    lab = lab_with()
    views, _ = three(lab)
    W_in = views["softmax"].model.W_in.copy()
    t = views["softmax"].task
    compare_output_layers(lab.vocab, views["softmax"].model.W_in, views["softmax"].model.W_out,
                          views["hs"].model.W_out, t.center, t.context, 1.0,
                          views["ns"].trace.negatives)
    np.testing.assert_array_equal(views["softmax"].model.W_in, W_in)
    with pytest.raises(ValueError, match="hs: W' must have shape"):
        compare_output_layers(lab.vocab, W_in, views["softmax"].model.W_out,
                              views["softmax"].model.W_out, t.center, t.context, 0.1,
                              views["ns"].trace.negatives)


def test_k_larger_than_the_vocabulary_still_gives_k_negatives():
    lab = Lab.from_text("a b a b a", LabSettings(output="softmax"))
    views, traces = three(lab, k=7)
    assert traces["ns"].negatives.shape == (len(traces["ns"].targets), 7)
    assert len(traces["ns"].out_rows) == 2 and len(traces["hs"].out_rows) == 1


# ---- small measures -----------------------------------------------------------------------------
def test_cosine_and_norm():
    assert cosine([1.0, 0.0], [0.0, 2.0]) == 0.0
    assert cosine([1.0, 1.0], [-2.0, -2.0]) == pytest.approx(-1.0)
    assert np.isnan(cosine([0.0, 0.0], [1.0, 1.0]))
    assert norm([3.0, 4.0]) == 5.0 and norm([[3.0], [4.0]]) == 5.0


def test_output_costs_of_the_hand_checked_tree():
    c = {cost.name: cost for cost in output_costs([5, 2, 1, 1], k=5, word=0)}
    assert (c["softmax"].one, c["hs"].one, c["ns"].one) == (4, 1, 6)
    assert c["hs"].mean == pytest.approx(15 / 9)


@pytest.mark.parametrize("power", [0.0, 0.75, 1.0])
def test_noise_lift_multiplies_the_unigram_into_p_n(power):
    counts = np.array([50, 9, 3, 1])
    lift = noise_lift(counts, power)
    np.testing.assert_allclose(lift * noise_probabilities(counts, 1.0),
                               noise_probabilities(counts, power))
    if power == 1.0:
        np.testing.assert_allclose(lift, 1.0)
    if power == 0.75:
        assert lift[0] < 1 < lift[-1]            # frequent damped, rare lifted


def test_many_draws_approach_p_n_and_are_seeded():
    nd = NoiseDistribution([40, 10, 5, 1], power=0.75)
    small, large = (empirical_distribution(nd, n, seed=1) for n in (500, 200_000))
    assert total_variation(large, nd.probs) < 0.01
    assert total_variation(large, nd.probs) < total_variation(small, nd.probs)
    np.testing.assert_array_equal(empirical_distribution(nd, 500, 1), small)
    assert large.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="whole number"):
        empirical_distribution(nd, 0, 0)


def test_total_variation_bounds():
    assert total_variation([0.2, 0.8], [0.2, 0.8]) == 0.0
    assert total_variation([1.0, 0.0], [0.0, 1.0]) == 1.0


def test_ns_rows_flatten_the_samples_and_their_errors():
    m = Word2Vec(Vocabulary(list("abcd"), np.array([4, 3, 2, 1])), dim=3, output="ns",
                 negative=2, init="random")
    tr = m.step(0, [1, 2], lr=0.0)
    r = ns_rows(tr)
    assert len(r["word"]) == 2 * 3
    assert r["prediction"].tolist() == [1, 1, 1, 2, 2, 2]
    assert r["sample"].tolist() == [0, 1, 2, 0, 1, 2]
    np.testing.assert_array_equal(r["sigma"], tr.out.sigma.ravel())
    np.testing.assert_allclose(r["err"], (tr.out.sigma - tr.out.t).ravel(), rtol=1e-15)
