"""One SGD step is the exact gradient step of one instance's loss, for all six variants."""
import copy
import itertools
import warnings

import numpy as np
import pytest

from w2v_core import ARCHS, OUTPUTS, Vocabulary, Word2Vec
from w2v_core.step.gradcheck import check_step, numerical_gradient

VARIANTS = list(itertools.product(ARCHS, OUTPUTS))
WORDS = "a a a a a b b b c c d e e f g".split()


def make_model(arch, output, scale=1.0, dim=4, seed=3, **kw):
    vocab = Vocabulary.from_sentences([WORDS])
    m = Word2Vec(vocab, dim=dim, arch=arch, output=output, negative=3, seed=seed,
                 init="random", **kw)
    rng = np.random.default_rng(seed + 100)
    m.W_in[:] = rng.normal(0, scale, m.W_in.shape)
    m.W_out[:] = rng.normal(0, scale, m.W_out.shape)
    return m


def assert_update_is_minus_lr_times_fd_gradient(m, center, context, lr, rel=1e-6, eps=1e-6):
    before = copy.deepcopy(m)
    trace = m.step(center, context, lr)
    g_in, g_out = numerical_gradient(before, center, context, trace.negatives, eps=eps)
    scale = max(1.0, np.abs(g_in).max(), np.abs(g_out).max())
    np.testing.assert_allclose(m.W_in - before.W_in, -lr * g_in, rtol=0, atol=rel * scale * lr)
    np.testing.assert_allclose(m.W_out - before.W_out, -lr * g_out, rtol=0, atol=rel * scale * lr)
    return trace


@pytest.mark.parametrize("arch,output", VARIANTS)
@pytest.mark.parametrize("context", [[1, 2, 3, 4], [2, 2, 5, 2], [6]], ids=["four", "repeated", "one"])
def test_update_equals_minus_lr_times_finite_difference_gradient(arch, output, context):
    assert_update_is_minus_lr_times_fd_gradient(make_model(arch, output), 0, context, lr=0.3)


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_huge_scores_give_exact_steps_without_warnings_or_nan(arch, output):
    m = make_model(arch, output, scale=12.0, dim=8)        # |u| of several hundred to 1e3
    h = m.W_in[0]
    assert np.abs(m.W_out @ h).max() > 300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trace = assert_update_is_minus_lr_times_fd_gradient(m, 0, [1, 2, 2], lr=1e-3,
                                                            rel=1e-5, eps=1e-5)
    assert np.isfinite(trace.loss) and np.isfinite(trace.loss_after) and not trace.diverged


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_check_step_agrees_with_the_step(arch, output):
    m = make_model(arch, output)
    trace = m.step(0, [1, 3], 0.5)
    assert check_step(m, trace).passed()


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_reported_losses_are_the_loss_before_and_after_the_step(arch, output):
    m = make_model(arch, output)
    before = copy.deepcopy(m)
    trace = m.step(0, [1, 3, 3], 0.2)
    assert trace.loss == pytest.approx(before.loss(0, [1, 3, 3], trace.negatives), rel=1e-12)
    assert trace.loss_after == pytest.approx(m.loss(0, [1, 3, 3], trace.negatives), rel=1e-12)
    assert trace.loss_after < trace.loss          # a small step goes downhill


def naive_loss(m, center, context, negatives):
    """The loss from the textbook formulas, written independently of w2v_core.outputs."""
    sig = lambda x: 1.0 / (1.0 + np.exp(-x))
    if m.arch == "skipgram":
        h, targets = m.W_in[center], context
    else:
        h, targets = m.W_in[context].sum(axis=0) / len(context), [center]
    total = 0.0
    for c, o in enumerate(targets):
        if m.output == "softmax":
            u = m.W_out @ h
            total += -np.log(np.exp(u[o]) / np.exp(u).sum())
        elif m.output == "hs":
            p = 1.0
            for node, bit in zip(m.tree.points[o], m.tree.codes[o]):
                p *= sig(m.W_out[node] @ h) if bit == 0 else 1 - sig(m.W_out[node] @ h)
            total += -np.log(p)
        else:
            total += -np.log(sig(m.W_out[o] @ h))
            total += -sum(np.log(sig(-m.W_out[n] @ h)) for n in negatives[c])
    return total


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_loss_matches_the_textbook_formulas(arch, output):
    m = make_model(arch, output)
    before = copy.deepcopy(m)
    trace = m.step(2, [0, 1, 1, 4], 0.1)
    assert trace.loss == pytest.approx(naive_loss(before, 2, [0, 1, 1, 4], trace.negatives), rel=1e-10)


def test_softmax_step_exposes_u_y_t_e_ei_eh_as_rong_defines_them():
    m = make_model("skipgram", "softmax")
    h = m.W_in[0].copy()
    W_out = m.W_out.copy()
    tr = m.step(0, [1, 2], 0.1)
    u = W_out @ h
    y = np.exp(u) / np.exp(u).sum()
    t = np.zeros((2, len(u)))
    t[0, 1] = t[1, 2] = 1
    np.testing.assert_allclose(tr.out.u, u, rtol=1e-12)
    np.testing.assert_allclose(tr.out.y, y, rtol=1e-12)
    np.testing.assert_array_equal(tr.out.t, t)
    np.testing.assert_allclose(tr.out.e, y - t, atol=1e-15)
    np.testing.assert_allclose(tr.out.EI, (y - t).sum(0), atol=1e-15)
    np.testing.assert_allclose(tr.EH, W_out.T @ (y - t).sum(0), atol=1e-15)
    np.testing.assert_allclose(tr.d_out, -0.1 * np.outer(tr.out.EI, h), atol=1e-15)
    np.testing.assert_allclose(tr.d_in, -0.1 * tr.EH[None, :], atol=1e-15)


def test_cbow_inputs_each_get_one_over_c_of_eta_eh():
    m = make_model("cbow", "softmax")
    tr = m.step(0, [1, 2, 3], 0.5)
    np.testing.assert_allclose(tr.d_in, np.repeat(-0.5 / 3 * tr.EH[None, :], 3, axis=0), atol=1e-15)


def test_word2vec_c_cbow_convention_adds_the_full_eh_to_every_context_vector():
    m = make_model("cbow", "ns", convention="word2vec.c")
    tr = m.step(0, [1, 2, 2], 0.5)
    np.testing.assert_array_equal(tr.in_rows, [1, 2])
    np.testing.assert_allclose(tr.d_in, -0.5 * np.array([[1.0], [2.0]]) * tr.EH, atol=1e-15)
    assert not check_step(m, tr).passed()          # no longer the gradient step, by design


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_undo_restores_parameters_and_generator_bit_for_bit(arch, output):
    m = make_model(arch, output)
    W_in, W_out = m.W_in.copy(), m.W_out.copy()
    first = m.step(0, [1, 2], 0.4)
    m.undo(first)
    np.testing.assert_array_equal(m.W_in, W_in)
    np.testing.assert_array_equal(m.W_out, W_out)
    again = m.step(0, [1, 2], 0.4)
    if output == "ns":
        np.testing.assert_array_equal(again.negatives, first.negatives)


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_diverging_learning_rate_is_flagged_without_warnings_and_undo_recovers(arch, output):
    m = make_model(arch, output)
    W_in = m.W_in.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traces = [m.step(0, [1, 2], 1e300) for _ in range(4)]
    assert any(t.diverged for t in traces)
    for t in reversed(traces):
        m.undo(t)
    np.testing.assert_array_equal(m.W_in, W_in)


def test_zero_output_vectors_leave_w_unchanged_on_the_first_step():
    vocab = Vocabulary.from_sentences([WORDS])
    m = Word2Vec(vocab, dim=4, arch="skipgram", output="softmax", init="word2vec")
    assert not m.W_out.any()
    tr = m.step(0, [1, 2], 0.5)
    assert not tr.EH.any() and not tr.d_in.any() and tr.d_out.any()


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_same_seed_same_numbers(arch, output):
    a, b = make_model(arch, output, seed=7), make_model(arch, output, seed=7)
    for m in (a, b):
        for c in range(4):
            m.step(c, [(c + 1) % 7, (c + 2) % 7], 0.3)
    np.testing.assert_array_equal(a.W_in, b.W_in)
    np.testing.assert_array_equal(a.W_out, b.W_out)


def test_vectors_touched_are_v_path_nodes_or_k_plus_one():
    vocab = Vocabulary.from_sentences([WORDS])
    kw = dict(dim=4, arch="cbow", negative=3, seed=0)
    assert Word2Vec(vocab, output="softmax", **kw).step(0, [1], 0.1).vectors_touched == vocab.size
    hs = Word2Vec(vocab, output="hs", **kw)
    assert hs.step(6, [1], 0.1).vectors_touched == len(hs.tree.points[6])
    ns = Word2Vec(vocab, output="ns", **kw).step(0, [1], 0.1)
    assert ns.vectors_touched == len(np.unique(ns.out.samples))


@pytest.mark.parametrize("scale", [0.1, 5.0, 1e3])
def test_hierarchical_softmax_probabilities_sum_to_one_for_any_h(scale):
    m = make_model("skipgram", "hs")
    for h in np.random.default_rng(0).normal(0, scale, (5, m.dim)):
        assert m.word_probabilities(h).sum() == pytest.approx(1.0, abs=1e-12)


def test_full_softmax_probabilities_sum_to_one():
    m = make_model("cbow", "softmax", scale=50.0)
    assert m.word_probabilities(m.W_in[0]).sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_trace_after_values_equal_the_models_new_rows_bit_for_bit(arch, output):
    m = make_model(arch, output)
    tr = m.step(0, [1, 2, 2], 0.37)
    np.testing.assert_array_equal(m.W_in[tr.in_rows], tr.in_after)
    np.testing.assert_array_equal(m.W_out[tr.out_rows], tr.out_after)


@pytest.mark.parametrize("seed", range(20))
def test_hidden_layer_and_input_shares_are_numpys_mean_and_unique_bit_for_bit(seed):
    """The step's faster h and s_k (w2v_core/step/updates.py) give exactly the floats of
    W[inputs].mean(axis=0) and np.unique's counts, so a link replays the sender's lab
    bit for bit whichever of the two computed it."""
    from w2v_core.step.updates import hidden, input_shares
    rng = np.random.default_rng(seed)
    W = rng.normal(0, 10.0 ** rng.integers(-3, 3), (30, 7))
    inputs = rng.integers(0, 30, rng.integers(2, 21))
    assert np.array_equal(hidden(W, inputs), W[inputs].mean(axis=0))
    rows, counts = np.unique(inputs, return_counts=True)
    for convention, want in (("rong", counts / len(inputs)), ("word2vec.c", counts.astype(float))):
        got_rows, got_share = input_shares(inputs, convention)
        assert got_rows.dtype == np.int64 and np.array_equal(got_rows, rows)
        assert np.array_equal(got_share, want)
