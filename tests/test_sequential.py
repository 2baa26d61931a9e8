"""Specification of w2v_core.train.sequential: word2vec.c's sequential loop, compiled.

It is held to two independent computations: the exact float64 step engine, one prediction at
a time, and the NumPy mini-batch trainer with one prediction per batch, a whole training run.
"""

import numpy as np
import pytest

from w2v_core import HuffmanTree, Vocabulary, Word2Vec
from w2v_core.corpora.generator import generate_class_corpus
from w2v_core.train import sequential
from w2v_core.train.paths import HuffmanPaths
from w2v_core.train.sequential import train_predictions
from w2v_core.train.stream import REAL
from w2v_core.train.trainer import TrainConfig, train
from w2v_core.text import tokenize

needs_numba = pytest.mark.skipif(not sequential.AVAILABLE, reason="numba is not installed")
ARCHS = ("skipgram", "cbow")


def _inputs_of(arch):
    """(centre, context): skip-gram's pair is context word 5 predicting centre 2 (word2vec.c);
    CBOW's context 0, 5, 1 predicts centre 2."""
    return (2, [5]) if arch == "skipgram" else (2, [0, 5, 1])


@needs_numba
@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("output", ["ns", "hs"])
def test_one_prediction_is_the_step_engines_word2vec_c_step(arch, output):
    vocab = Vocabulary.from_sentences([list("aaaabbbccdefg")])
    model = Word2Vec(vocab, dim=4, arch=arch, output=output, negative=3, seed=0, init="random",
                     convention="word2vec.c")
    W_in, W_out = model.W_in.astype(REAL), model.W_out.astype(REAL)
    centre, context = _inputs_of(arch)
    negatives = np.array([[4, 6, 0]])
    if arch == "skipgram":
        trace = model.step(context[0], [centre], 0.1,
                           negatives=negatives if output == "ns" else None)
    else:
        trace = model.step(centre, context, 0.1, negatives=negatives if output == "ns" else None)
    if output == "ns":
        out = (np.array([0]), np.array([[2, 4, 6, 0]]), np.array([[1, -1, -1, -1]]),
               np.array([4]))
    else:
        paths = HuffmanPaths(HuffmanTree(vocab.counts))
        out = (np.array([centre]), paths.rows, paths.sign, paths.length)
    loss = train_predictions(W_in, W_out, np.array([0, len(context)]), np.array(context), *out,
                             np.array([0.1]))
    assert loss == pytest.approx(trace.loss, rel=1e-6)
    np.testing.assert_allclose(W_in, model.W_in, atol=1e-7)
    np.testing.assert_allclose(W_out, model.W_out, atol=1e-7)


@pytest.fixture(scope="module")
def corpus():
    lines, _ = generate_class_corpus(200, seed=3)
    return tokenize("\n".join(lines))


@needs_numba
@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("output,negative", [("hs", 0), ("ns", 1)])
def test_a_run_is_the_mini_batch_trainer_with_one_prediction_per_batch(corpus, arch, output,
                                                                       negative):
    # negative=1: a prediction's two output rows always differ (a negative equal to its
    # target is redrawn), so the mini-batch's repeat damping never applies
    settings = dict(arch=arch, output=output, negative=negative, dim=12, min_count=1,
                    epochs=2, seed=5, alpha=0.05)
    compiled = train(corpus, backend="compiled", **settings)
    batched = train(corpus, backend="numpy", batch_size=1, **settings)
    assert compiled.predictions == batched.predictions
    np.testing.assert_allclose(compiled.W_in, batched.W_in, atol=2e-5)
    np.testing.assert_allclose(compiled.W_out, batched.W_out, atol=2e-5)
    np.testing.assert_allclose(compiled.losses, batched.losses, rtol=1e-5)


@needs_numba
def test_auto_picks_the_compiled_loop_for_ns_and_hs_and_numpy_for_full_softmax():
    assert TrainConfig(output="ns").compiled and TrainConfig(output="hs").compiled
    assert not TrainConfig(output="softmax").compiled
    assert not TrainConfig(output="ns", backend="numpy").compiled


@needs_numba
def test_full_softmax_is_refused_on_the_compiled_backend_with_the_way_out():
    with pytest.raises(ValueError, match="full softmax runs with backend 'numpy'"):
        TrainConfig(output="softmax", backend="compiled")



def test_without_numba_auto_falls_back_to_numpy_and_compiled_says_what_to_install(monkeypatch):
    monkeypatch.setattr(sequential, "AVAILABLE", False)
    assert not TrainConfig(output="ns").compiled
    with pytest.raises(ValueError, match=r"needs numba \(pip install numba\)"):
        TrainConfig(output="ns", backend="compiled")
