"""Specification of w2v_core.readouts.hierarchical_softmax: p(w | h) from explicit codes, the sum-to-one check
(and that it can fail), and the terms along one word's path."""
import numpy as np
import pytest

from w2v_core import HuffmanTree, Vocabulary, Word2Vec
from w2v_core.readouts.hierarchical_softmax import (eh_terms, flip_bit, path_probabilities, path_terms, sums_to_one)

HAND = HuffmanTree([5, 2, 1, 1])          # codes a '1', b '01', c '001', d '000'


def hs_model(counts=(9, 5, 4, 3, 2, 2, 1), dim=4, seed=3):
    words = [f"w{i}" for i in range(len(counts))]
    return Word2Vec(Vocabulary(words, np.array(counts)), dim=dim, output="hs", seed=seed,
                    init="random")


def random_inner(tree, dim=4, seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    return rng.normal(scale=scale, size=(tree.V - 1, dim)), rng.normal(size=dim)


def test_zero_vectors_give_two_to_the_minus_code_length():
    p = path_probabilities(np.zeros((3, 2)), np.ones(2), HAND.codes, HAND.points)
    np.testing.assert_allclose(p, [0.5, 0.25, 0.125, 0.125])


def test_path_probabilities_equal_the_models_word_probabilities():
    m = hs_model()
    h = m.hidden([0])
    np.testing.assert_allclose(path_probabilities(m.W_out, h, m.tree.codes, m.tree.points),
                               m.word_probabilities(h), rtol=1e-14)


def test_hand_computed_probability_of_b():
    # b = '01': root n2 with t = 1, then n1 with t = 0: p = sigma(x2) * sigma(-x1)
    W, h = random_inner(HAND, dim=2)
    x = W @ h
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    p = path_probabilities(W, h, HAND.codes, HAND.points)
    assert p[1] == pytest.approx(sig(x[2]) * sig(-x[1]), rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_probabilities_sum_to_one(seed):
    W, h = random_inner(HAND, seed=seed, scale=3.0)
    assert sums_to_one(path_probabilities(W, h, HAND.codes, HAND.points)).passed


@pytest.mark.parametrize("word,position", [(0, 0), (1, 0), (1, 1), (2, 2), (3, 1)])
def test_the_check_fails_when_a_code_bit_is_flipped(word, position):
    W, h = random_inner(HAND, seed=1)
    bad = flip_bit(HAND.codes, word, position)
    check = sums_to_one(path_probabilities(W, h, bad, HAND.points))
    assert not check.passed
    assert check.deviation > 1e-6


def test_the_check_fails_for_a_flipped_bit_in_a_real_vocabularys_tree():
    m = hs_model()
    h = m.hidden([1])
    bad = flip_bit(m.tree.codes, 0, 0)
    assert not sums_to_one(path_probabilities(m.W_out, h, bad, m.tree.points)).passed


def test_flip_bit_copies_and_leaves_the_tree_alone():
    before = [c.copy() for c in HAND.codes]
    bad = flip_bit(HAND.codes, 2, 2)
    assert HAND.code_string(2) == "001"
    assert all(np.array_equal(a, b) for a, b in zip(before, HAND.codes))
    assert "".join(map(str, bad[2])) == "000"
    with pytest.raises(IndexError, match="no bit 5"):
        flip_bit(HAND.codes, 0, 5)


def test_sums_to_one_reports_total_and_deviation_and_rejects_nan():
    c = sums_to_one([0.5, 0.25, 0.25 + 2e-9], tol=1e-9)
    assert c.total == pytest.approx(1 + 2e-9) and c.deviation == pytest.approx(2e-9)
    assert not c.passed
    assert not sums_to_one([np.nan, 0.5]).passed


def test_path_terms_of_the_worked_example():
    pt = path_terms(np.zeros((3, 2)), np.ones(2), HAND, 2)      # c = '001'
    assert pt.nodes.tolist() == [2, 1, 0] and pt.codes.tolist() == [0, 0, 1]
    assert pt.t.tolist() == [1.0, 1.0, 0.0]
    assert pt.running.tolist() == [0.5, 0.25, 0.125] and pt.prob == pytest.approx(0.125)


def test_path_terms_equal_the_steps_trace_exactly():
    m = hs_model()
    W_before = m.W_out.copy()
    trace = m.step(2, [0, 5], lr=0.3)
    for path in trace.out.paths:
        pt = path_terms(W_before, trace.h, m.tree, path.word)
        np.testing.assert_array_equal(pt.nodes, path.nodes)
        np.testing.assert_array_equal(pt.t, path.t)
        np.testing.assert_array_equal(pt.sigma, path.sigma)
        np.testing.assert_array_equal(pt.err, path.err)
        assert pt.prob == path.prob
        assert pt.running[-1] == pytest.approx(pt.prob, rel=1e-12)


def test_eh_terms_add_up_to_the_steps_eh():
    m = hs_model()
    W_before = m.W_out.copy()
    trace = m.step(1, [0, 3, 6], lr=0.1)
    words, nodes, terms = eh_terms(W_before, trace.h, m.tree, trace.targets)
    assert terms.shape == (sum(len(p.nodes) for p in trace.out.paths), m.dim)
    assert words.tolist() == [p.word for p in trace.out.paths for _ in p.nodes]
    np.testing.assert_allclose(terms.sum(axis=0), trace.EH, rtol=1e-12, atol=1e-15)


def test_a_two_word_vocabulary_has_one_node_paths():
    t = HuffmanTree([3, 1])
    W, h = np.array([[0.7, -0.2]]), np.array([1.0, 2.0])
    p = path_probabilities(W, h, t.codes, t.points)
    assert sums_to_one(p).passed
    pt = path_terms(W, h, t, 0)
    assert len(pt.nodes) == 1 and pt.running.tolist() == [pt.prob]
    assert not sums_to_one(path_probabilities(W, h, flip_bit(t.codes, 0), t.points)).passed


def test_huge_scores_give_exact_zeros_and_ones_without_warnings():
    W = np.array([[1e6], [-1e6], [3e5]])
    p = path_probabilities(W, np.ones(1), HAND.codes, HAND.points)
    assert np.all(np.isfinite(p)) and sums_to_one(p).passed
