"""Each float32 mini-batch twin (w2v_core/train) equals the exact float64 function it mirrors,
on a small batch (the map is in train/batching.py's docstring)."""
import numpy as np
import pytest

from w2v_core import HuffmanTree, NoiseDistribution
from w2v_core.train.batching import (HuffmanPaths, full_softmax_batch, gather_sum,
                                    hierarchical_softmax_batch, negative_sampling_batch,
                                    scatter_add)
from w2v_core.train.stream import REAL, AliasSampler, window_pairs
from w2v_core.step.layers import FullSoftmax, HierarchicalSoftmax, NegativeSampling
from w2v_core.step.updates import hidden, input_shares, input_vectors_after, output_vectors_after
from w2v_core.windows import draw_radii, sentence_instances

COUNTS = np.array([9, 7, 5, 4, 3, 2, 2, 1])
V, N, LR = len(COUNTS), 4, 0.3
F32 = dict(rtol=2e-5, atol=2e-6)


def params(seed=0, rows=V):
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (V, N)), rng.uniform(-1, 1, (rows, N))


def test_gather_sum_is_the_hidden_layer_of_cbow():
    W_in, _ = params()
    inputs = np.array([1, 4, 6])
    got = gather_sum(W_in.astype(REAL), np.array([0, 3], dtype=np.int32), inputs.astype(np.int32),
                     np.full(3, 1 / 3, dtype=REAL))
    np.testing.assert_allclose(got[0], hidden(W_in, inputs), **F32)


def test_scatter_add_of_minus_eta_eh_is_word2vec_c_input_update():
    W_in, _ = params()
    inputs, EH = np.array([1, 4, 6]), np.array([0.5, -1.0, 0.25, 2.0])
    rows, share = input_shares(inputs, "word2vec.c")
    expected = input_vectors_after(W_in[rows], share, EH, LR)
    W = W_in.astype(REAL)
    scatter_add(W, np.array([0, 3], dtype=np.int32), inputs.astype(np.int32), np.ones(3, REAL),
                (-LR * EH).astype(REAL)[None, :])
    np.testing.assert_allclose(W[rows], expected, **F32)


def test_full_softmax_batch_is_the_softmax_layer_and_its_update():
    W_in, W_out = params()
    h, target = W_in[2], np.array([5])
    out = FullSoftmax(COUNTS).forward(W_out, h, target)
    W = W_out.astype(REAL)
    loss, dH = full_softmax_batch(W, h.astype(REAL)[None, :], target, LR)
    np.testing.assert_allclose(loss, out.loss, **F32)
    np.testing.assert_allclose(dH[0], -LR * out.EH, **F32)
    np.testing.assert_allclose(W, output_vectors_after(W_out, out.err, h, LR), **F32)


def test_negative_sampling_batch_is_the_ns_layer_and_its_update():
    W_in, W_out = params()
    h, target, negatives = W_in[3], np.array([0]), np.array([[2, 5, 7]])
    layer = NegativeSampling(COUNTS, negative=3)
    out = layer.forward(W_out, h, target, layer.given(negatives, target))
    W = W_out.astype(REAL)
    samples = np.concatenate([target[:, None], negatives], axis=1).astype(np.int32)
    loss, dH = negative_sampling_batch(W, h.astype(REAL)[None, :], samples, LR)
    np.testing.assert_allclose(loss, out.loss, **F32)
    np.testing.assert_allclose(dH[0], -LR * out.EH, **F32)
    np.testing.assert_allclose(W[out.rows], output_vectors_after(W_out[out.rows], out.err, h, LR),
                               **F32)


@pytest.mark.parametrize("word", [0, 5, 7])
def test_hierarchical_softmax_batch_is_the_hs_layer_and_its_update(word):
    tree = HuffmanTree(COUNTS)
    W_in, W_out = params(rows=V - 1)
    h, target = W_in[1], np.array([word])
    out = HierarchicalSoftmax(tree=tree).forward(W_out, h, target)
    W = W_out.astype(REAL)
    loss, dH = hierarchical_softmax_batch(W, h.astype(REAL)[None, :], target, HuffmanPaths(tree), LR)
    np.testing.assert_allclose(loss, out.loss, **F32)
    np.testing.assert_allclose(dH[0], -LR * out.EH, **F32)
    np.testing.assert_allclose(W[out.rows], output_vectors_after(W_out[out.rows], out.err, h, LR),
                               **F32)


def test_huffman_paths_are_the_trees_codes_and_points():
    tree = HuffmanTree(COUNTS)
    for paths in (HuffmanPaths(tree), HuffmanPaths.from_counts(COUNTS)):
        for w in range(V):
            rows, sign, valid = paths.of(np.array([w]))
            assert rows[0][valid[0]].tolist() == tree.points[w].tolist()
            assert sign[0][valid[0]].tolist() == (1.0 - 2.0 * tree.codes[w]).tolist()


def test_alias_table_holds_exactly_the_noise_distribution():
    noise = NoiseDistribution(COUNTS, 0.75)
    s = AliasSampler(noise)
    mass = s.accept.copy()                      # column i keeps accept[i], gives 1 - accept to alias
    np.add.at(mass, s.alias, 1.0 - s.accept)
    np.testing.assert_allclose(mass / V, noise.probs, rtol=1e-12)


def test_window_pairs_are_the_instances_of_the_dynamic_window():
    ids, window = np.arange(9), 3
    radius = draw_radii(len(ids), window, np.random.default_rng(4)).astype(np.int32)
    expected = [(inst.position, c) for inst in sentence_instances(ids, window,
                                                                  np.random.default_rng(4))
                for c in inst.context_positions]
    centre, context = window_pairs(np.zeros(len(ids), dtype=np.int32), radius, 0, len(ids), window)
    assert list(zip(centre.tolist(), context.tolist())) == expected
