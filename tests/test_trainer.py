"""Specification of w2v_core.trainer: word2vec.c's training loop, vectorised in NumPy."""

import dataclasses
import math

import numpy as np
import pytest

from w2v_core import HuffmanTree, NoiseDistribution, Vocabulary, Word2Vec
from w2v_core.train import stream, trainer
from w2v_core.train.batching import (HuffmanPaths, full_softmax_batch, gather_sum,
                                    hierarchical_softmax_batch, negative_sampling_batch,
                                    repeat_damping, scatter_add)
from w2v_core.train.stream import (REAL, AliasSampler, draw_epoch, encode_corpus, ragged_take,
                                  spread_order, window_pairs)
from w2v_core.corpora.generator import generate_class_corpus
from w2v_core.subsampling import keep_probability_word2vec
from w2v_core.text import tokenize
from w2v_core.train.trainer import (StopTraining, TrainConfig, TrainingDiverged, effective_batch,
                              train)
from w2v_core.vectors.word2vec_format import read_word2vec
from w2v_core.windows import sentence_instances

VARIANTS = [(a, o) for a in ("skipgram", "cbow") for o in ("softmax", "hs", "ns")]
# every variant on each backend it runs on (full softmax: NumPy mini-batches only)
ON_BACKENDS = [(a, o, b) for a, o in VARIANTS
               for b in (("numpy",) if o == "softmax" else ("compiled", "numpy"))]
SMALL = dict(dim=8, min_count=1, epochs=2)           # settings for quick runs


@pytest.fixture(scope="module")
def class_corpus():
    lines, word_to_class = generate_class_corpus(1200, seed=0)
    return tokenize("\n".join(lines)), word_to_class


@pytest.fixture(scope="module")
def small_corpus():
    lines, _ = generate_class_corpus(150, seed=1)
    return tokenize("\n".join(lines))


# ---- the configuration ---------------------------------------------------------------------
def test_defaults_are_gensims():
    c = TrainConfig()
    assert (c.arch, c.output, c.dim, c.window, c.negative, c.sample, c.min_count, c.epochs,
            c.alpha, c.seed) == ("cbow", "ns", 100, 5, 5, 1e-3, 5, 5, 0.025, 1)


def test_the_learning_rate_ends_at_alpha_times_1e_4_unless_min_alpha_is_given():
    assert TrainConfig(alpha=0.05).final_alpha == pytest.approx(0.05e-4)
    assert TrainConfig(min_alpha=0.0001).final_alpha == 0.0001


@pytest.mark.parametrize("field,value,message", [
    ("window", 0, "window must be a whole number >= 1, got 0"),
    ("dim", 2.5, "dim must be a whole number >= 1"),
    ("dim", True, "dim must be a whole number"),
    ("epochs", 0, "epochs must be"),
    ("min_count", 0, "min_count must be"),
    ("negative", 0, "negative must be a whole number >= 1"),
    ("seed", -1, "seed must be"),
    ("batch_size", 0, "batch_size must be"),
    ("batch_words", 0, "batch_words must be"),
    ("sample", -1e-3, "sample must be a number from 0 to 1"),
    ("alpha", 0.0, "alpha must be a number > 0"),
    ("alpha", float("nan"), "alpha must be"),
    ("alpha", float("inf"), "alpha must be"),
    ("alpha", "0.1", "alpha must be"),
    ("min_alpha", 1.0, "min_alpha must be a number >= 0 and <= alpha"),
    ("ns_power", float("nan"), "ns_power must be"),
    ("init_range", -1.0, "init_range must be"),
    ("arch", "glove", "arch must be one of skipgram, cbow"),
    ("output", "nce", "output must be one of softmax, hs, ns"),
    ("snapshots", -1, "snapshots must be"),
    ("backend", "cuda", "backend must be one of auto, compiled, numpy"),
])
def test_bad_settings_name_the_field(field, value, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        TrainConfig(**{field: value})


def test_negative_may_be_zero_without_negative_sampling():
    assert TrainConfig(output="hs", negative=0).negative == 0


def test_snapshots_and_snapshot_every_are_exclusive():
    with pytest.raises(ValueError, match="not both"):
        TrainConfig(snapshots=3, snapshot_every=100)


def test_small_corpora_and_vocabularies_get_smaller_batches():
    assert effective_batch(TrainConfig(), V=10_000, words_per_epoch=10**6) == 1024
    assert effective_batch(TrainConfig(), V=200, words_per_epoch=10**6) == 50
    assert effective_batch(TrainConfig(), V=10_000, words_per_epoch=3_000) == 30
    assert effective_batch(TrainConfig(batch_size=1), V=200, words_per_epoch=10**6) == 1


# ---- one prediction is the step engine's word2vec.c step -----------------------------------
@pytest.mark.parametrize("arch,output", VARIANTS)
def test_a_batch_of_one_prediction_is_the_step_engines_word2vec_c_step(arch, output):
    vocab = Vocabulary.from_sentences([list("aaaabbbccdefg")])
    model = Word2Vec(vocab, dim=4, arch=arch, output=output, negative=3, seed=0, init="random",
                     convention="word2vec.c")
    W_in, W_out = model.W_in.astype(REAL), model.W_out.astype(REAL)
    negatives = np.array([[4, 6, 0]])
    if arch == "skipgram":      # word2vec.c's pair: context word 5 predicts centre word 2
        trace = model.step(5, [2], 0.1, negatives=negatives if output == "ns" else None)
        ptr, rows = np.array([0, 1], np.int32), np.array([5], np.int32)
        H = W_in[rows]
    else:                       # context 0, 5, 1 predicts centre 2
        trace = model.step(2, [0, 5, 1], 0.1, negatives=negatives if output == "ns" else None)
        ptr, rows = np.array([0, 3], np.int32), np.array([0, 5, 1], np.int32)
        H = gather_sum(W_in, ptr, rows, np.full(3, 1 / 3, REAL))
    target = np.array([2])
    if output == "ns":
        loss, dH = negative_sampling_batch(W_out, H, np.array([[2, 4, 6, 0]], np.int32), 0.1)
    elif output == "hs":
        paths = HuffmanPaths(HuffmanTree(vocab.counts))
        loss, dH = hierarchical_softmax_batch(W_out, H, target, paths, 0.1)
    else:
        loss, dH = full_softmax_batch(W_out, H, target, 0.1)
    scatter_add(W_in, ptr, rows, np.ones(len(rows), REAL), dH)
    assert loss.sum() == pytest.approx(trace.loss, rel=1e-6)
    np.testing.assert_allclose(W_in, model.W_in, atol=1e-7)
    np.testing.assert_allclose(W_out, model.W_out, atol=1e-7)


def test_a_batch_applies_the_sum_of_its_predictions_steps_taken_from_the_old_parameters():
    """Hogwild-like staleness: rows met once get exactly their own update."""
    rng = np.random.default_rng(0)
    W_out = rng.normal(0, 0.3, (20, 5)).astype(REAL)
    H = rng.normal(0, 0.3, (2, 5)).astype(REAL)
    samples = np.array([[1, 2, 3], [4, 5, 6]], np.int32)       # no row shared
    together = W_out.copy()
    loss, dH = negative_sampling_batch(together, H, samples, 0.05)
    for b in range(2):
        alone = W_out.copy()
        loss_b, dH_b = negative_sampling_batch(alone, H[b:b + 1], samples[b:b + 1], 0.05)
        np.testing.assert_allclose(dH[b], dH_b[0], rtol=1e-6)
        assert loss[b] == pytest.approx(loss_b[0])
        np.testing.assert_allclose(together[samples[b]], alone[samples[b]], rtol=1e-6)


def test_a_row_met_many_times_in_a_batch_is_damped_to_what_sequential_steps_would_do():
    # one row, curvature 1 per update, eta a/m: m sequential steps of a quadratic
    m, a = 50, 5.0
    sequential = 1.0 - (1.0 - a / m) ** m          # fraction of the way to the minimum
    scale = repeat_damping(np.zeros(m, np.int64), np.ones(m), a / m, 1)
    assert scale[0] * a == pytest.approx(sequential)
    assert repeat_damping(np.arange(4), np.full(4, 9.0), 0.5, 4).tolist() == [1.0] * 4


def test_the_huffman_root_met_by_every_prediction_does_not_diverge():
    """Without damping, a batch of 1024 predictions all updating the root overshoots."""
    lines, _ = generate_class_corpus(3000, seed=2)
    result = train(tokenize("\n".join(lines)), arch="cbow", output="hs", dim=20, epochs=2,
                   alpha=0.1, min_count=1, batch_size=1024, backend="numpy")
    assert np.isfinite(result.losses).all() and result.losses[-1] < result.losses[0]


# ---- the pieces --------------------------------------------------------------------------
def test_scatter_add_adds_repeated_rows_like_np_add_at_with_or_without_the_fast_kernel():
    rng = np.random.default_rng(1)
    rows = rng.integers(0, 7, 40).astype(np.int32)
    weights = rng.normal(size=40).astype(REAL)
    X = rng.normal(size=(10, 3)).astype(REAL)
    indptr = np.arange(0, 41, 4, dtype=np.int32)                 # 4 entries per column
    expected = np.zeros((7, 3))
    np.add.at(expected, rows, weights[:, None] * np.repeat(X, 4, axis=0))
    for fast in (True, False):
        W = np.zeros((7, 3), REAL)
        scatter_add(W, indptr, rows, weights, X, fast=fast)
        np.testing.assert_allclose(W, expected, rtol=1e-5, atol=1e-6)


def test_gather_sum_is_the_weighted_sum_of_rows():
    W = np.arange(12, dtype=REAL).reshape(4, 3)
    out = gather_sum(W, np.array([0, 1, 3]), np.array([2, 0, 3]), np.array([1.0, 0.5, 0.5], REAL))
    np.testing.assert_allclose(out, [W[2], 0.5 * W[0] + 0.5 * W[3]])


def test_window_pairs_are_the_step_engines_instances_for_the_same_radii():
    rng = np.random.default_rng(3)
    sentence = np.array([0] * 7 + [1] * 4)
    radius = rng.integers(1, 4, len(sentence))
    centre, context = window_pairs(sentence, radius, 0, len(sentence), 3)
    pairs = set(zip(centre.tolist(), context.tolist()))
    expected = set()
    for start, stop in ((0, 7), (7, 11)):
        for i in range(start, stop):
            r = int(radius[i])
            expected |= {(i, j) for j in range(max(start, i - r), min(stop, i + r + 1)) if j != i}
    assert pairs == expected
    # the same rule as windows.sentence_instances: a 3-word sentence with radius 1
    inst = sentence_instances([7, 8, 9], 1, np.random.default_rng(0))
    c, x = window_pairs(np.zeros(3, int), np.ones(3, int), 0, 3, 1)
    assert [(i.position, p) for i in inst for p in i.context_positions] == list(zip(c, x))


def test_skip_gram_trains_one_context_to_centre_pair_per_context_word():
    # sample=0 and window 1: every sentence of L words gives 2 (L - 1) pairs, L centres for CBOW
    sentences = [["a", "b", "c", "d"], ["b", "c"], ["e"]]
    sg = train(sentences, arch="skipgram", output="ns", dim=4, min_count=1, sample=0,
               window=1, epochs=3)
    cbow = train(sentences, arch="cbow", output="ns", dim=4, min_count=1, sample=0,
                 window=1, epochs=3)
    assert sg.predictions == 3 * (2 * 3 + 2 * 1)
    assert cbow.predictions == 3 * (4 + 2)        # "e" alone has no context


def test_spread_order_puts_neighbouring_predictions_in_different_batches():
    order, bounds = spread_order(10, 4)           # 3 batches of at most 4
    batches = [order[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    assert sorted(order.tolist()) == list(range(10))
    assert [len(b) for b in batches] == [4, 3, 3]
    assert all(np.diff(np.sort(b)).min() == 3 for b in batches)


def test_ragged_take_keeps_each_rows_values_together():
    indptr, values = np.array([0, 3, 3, 5]), np.array([1, 2, 3, 4, 5])
    p, v = ragged_take(indptr, values, np.array([2, 0, 1]))
    assert p.tolist() == [0, 2, 5, 5] and v.tolist() == [4, 5, 1, 2, 3]


@pytest.mark.parametrize("V", [2, 3, 4, 17, 300])
def test_the_training_paths_are_the_huffman_tree_of_the_step_engine(V):
    rng = np.random.default_rng(V)
    for high in (3, 1000):                        # many ties, few ties
        counts = np.sort(rng.integers(1, high, V))[::-1]
        lean, tree = HuffmanPaths.from_counts(counts), HuffmanPaths(HuffmanTree(counts))
        np.testing.assert_array_equal(lean.length, tree.length)
        np.testing.assert_array_equal(lean.rows, tree.rows)
        np.testing.assert_array_equal(lean.sign, tree.sign)


def test_negatives_follow_the_noise_distribution_and_never_hit_their_positive():
    counts = np.array([50, 20, 10, 5, 5, 1])
    noise = NoiseDistribution(counts)
    sampler = AliasSampler(noise)
    rng = np.random.default_rng(4)
    draws = sampler.sample(400_000, rng)
    freq = np.bincount(draws, minlength=len(counts)) / len(draws)
    np.testing.assert_allclose(freq, noise.probs, atol=0.004)
    positives = rng.integers(0, len(counts), 5000).astype(np.int32)
    neg = sampler.negatives(positives, 5, rng)
    assert neg.shape == (5000, 5) and not (neg == positives[:, None]).any()


def test_subsampling_and_radii_are_redrawn_every_epoch_with_word2vec_c_rules():
    words = ["the"] * 600 + ["cat", "dog", "sat"] * 100
    vocab = Vocabulary.from_sentences([words])
    corpus = encode_corpus([words], vocab)
    keep = keep_probability_word2vec(vocab.counts, 0.01)
    rng = np.random.default_rng(5)
    first, second = draw_epoch(corpus, keep, 5, rng), draw_epoch(corpus, keep, 5, rng)
    assert not np.array_equal(first.position, second.position)
    kept_the = np.mean([(draw_epoch(corpus, keep, 5, rng).ids == 0).sum() for _ in range(50)])
    assert kept_the == pytest.approx(600 * keep[0], rel=0.05)
    radii = np.concatenate([draw_epoch(corpus, keep, 5, rng).radius for _ in range(20)])
    assert set(radii.tolist()) == {1, 2, 3, 4, 5}
    assert np.bincount(radii)[1:].min() > 0.17 * len(radii)


def test_the_corpus_is_encoded_once_without_unknown_words_and_with_sentence_numbers(
        monkeypatch):
    vocab = Vocabulary.from_sentences([["a", "b", "a", "b"]], min_count=2)
    corpus = encode_corpus([["a", "x", "b"], [], ["x"], ["b", "a"]], vocab)
    assert corpus.ids.dtype == np.int32
    assert corpus.ids.tolist() == [0, 1, 1, 0] and corpus.sentence.tolist() == [0, 0, 1, 1]
    monkeypatch.setattr(stream, "MAX_SENTENCE_WORDS", 2)     # long sentences are cut
    assert encode_corpus([["a", "b", "a", "b", "a"]], vocab).sentence.tolist() == [0, 0, 1, 1, 2]


# ---- the training loop -------------------------------------------------------------------
def test_progress_reports_words_speed_alpha_and_epoch_and_alpha_falls_linearly(small_corpus):
    seen = []
    result = train(small_corpus, arch="skipgram", output="ns", callback=seen.append,
                   batch_words=300, alpha=0.04, **SMALL)
    total = result.words_done
    assert [p.total_words for p in seen] == [total] * len(seen)
    assert [p.words_done for p in seen] == sorted({p.words_done for p in seen})
    assert seen[-1].words_done == total and {p.epoch for p in seen} == {1, 2}
    assert all(p.words_per_second > 0 and p.epochs == 2 for p in seen)
    for p in seen:
        assert p.alpha == pytest.approx(0.04 - (0.04 - 0.04e-4) * p.words_done / total)
    assert seen[-1].alpha == pytest.approx(0.04e-4)


def test_returning_false_from_the_callback_stops_early_and_keeps_the_vectors(small_corpus):
    calls = []

    def stop_after_two(progress):
        calls.append(progress)
        return len(calls) < 2

    result = train(small_corpus, callback=stop_after_two, batch_words=300, **SMALL)
    full = train(small_corpus, batch_words=300, **SMALL)
    assert result.stopped_early and not full.stopped_early
    assert len(calls) == 2 and result.words_done == calls[-1].words_done < full.words_done
    assert len(result.losses) == 2
    initial = train(small_corpus, batch_words=300, callback=lambda p: False, **SMALL)
    assert not np.array_equal(initial.W_in, result.W_in)     # learned between the two stops


def test_raising_stop_training_stops_early_too(small_corpus):
    def stop(progress):
        raise StopTraining

    result = train(small_corpus, callback=stop, batch_words=300, **SMALL)
    assert result.stopped_early and len(result.losses) == 1


@pytest.mark.parametrize("arch,output,backend", ON_BACKENDS)
def test_should_stop_is_asked_inside_a_chunk_and_asking_changes_nothing(small_corpus, monkeypatch,
                                                                         arch, output, backend):
    """A chunk of a whole epoch is cut into pieces (the compiled loop's sub-ranges, or its
    mini-batches) with a question between two; answering no gives the same vectors."""
    monkeypatch.setattr(trainer, "POLL_WORK", 2_000)           # many pieces in a small run
    cfg = dict(arch=arch, output=output, backend=backend, batch_words=10**6, **SMALL)
    asked = []
    polled = train(small_corpus, should_stop=lambda: asked.append(1) and False, **cfg)
    plain = train(small_corpus, **cfg)
    assert len(asked) > 2 * cfg["epochs"]                    # more often than once a chunk
    np.testing.assert_array_equal(polled.W_in, plain.W_in)
    np.testing.assert_array_equal(polled.W_out, plain.W_out)


@pytest.mark.parametrize("arch,output,backend", ON_BACKENDS)
def test_should_stop_stops_within_a_chunk_and_keeps_the_vectors(small_corpus, monkeypatch, arch,
                                                                 output, backend):
    monkeypatch.setattr(trainer, "POLL_WORK", 2_000)
    reports = []
    result = train(small_corpus, arch=arch, output=output, backend=backend, batch_words=10**6,
                   should_stop=lambda: True, callback=reports.append, snapshots=3, **SMALL)
    T = len(encode_corpus(small_corpus, result.vocab).ids)
    assert result.stopped_early and 0 < result.words_done < T // 2   # inside the first chunk
    assert [p.words_done for p in reports] == [result.words_done]    # then reported once
    assert result.snapshots[-1][0] == result.words_done
    assert np.isfinite(result.W_in).all() and result.predictions > 0


def test_snapshots_are_float32_copies_spread_from_the_start_to_the_end(small_corpus):
    result = train(small_corpus, snapshots=4, batch_words=100, **SMALL)
    words = [w for w, _, _ in result.snapshots]
    assert len(words) == 4 and words[0] == 0 and words[-1] == result.words_done
    assert words == sorted(words)
    first, last = result.snapshots[0], result.snapshots[-1]
    assert first[1].dtype == np.float32 and first[2].dtype == np.float32
    assert not np.shares_memory(last[1], result.W_in)
    np.testing.assert_array_equal(last[1], result.W_in)
    assert not first[2].any()                                # W' starts at zero
    assert len(train(small_corpus, snapshots=1, **SMALL).snapshots) == 1


def test_snapshot_every_takes_one_per_so_many_words(small_corpus):
    result = train(small_corpus, snapshot_every=1000, batch_words=100, **SMALL)
    words = [w for w, _, _ in result.snapshots]
    assert words[0] == 0 and words[-1] == result.words_done
    assert len(words) == result.words_done // 1000 + 1 + (result.words_done % 1000 > 0)


def test_the_loss_is_reported_per_chunk_and_falls(class_corpus):
    sentences, _ = class_corpus
    result = train(sentences, arch="skipgram", output="ns", dim=16, min_count=1, epochs=3,
                   batch_words=2000)
    T = result.words_done // 3
    assert len(result.losses) == len(result.loss_words) == 3 * math.ceil(T / 2000)
    assert np.isfinite(result.losses).all()
    assert result.losses[-3:].mean() < 0.8 * result.losses[:3].mean()


@pytest.mark.parametrize("arch,output,backend", ON_BACKENDS)
def test_the_same_seed_gives_bit_identical_vectors(small_corpus, arch, output, backend):
    a = train(small_corpus, arch=arch, output=output, seed=7, backend=backend, **SMALL)
    b = train(small_corpus, arch=arch, output=output, seed=7, backend=backend, **SMALL)
    c = train(small_corpus, arch=arch, output=output, seed=8, backend=backend, **SMALL)
    assert a.W_in.tobytes() == b.W_in.tobytes() and a.W_out.tobytes() == b.W_out.tobytes()
    assert a.losses.tobytes() == b.losses.tobytes()
    assert not np.array_equal(a.W_in, c.W_in)


@pytest.mark.parametrize("arch,output,backend", ON_BACKENDS)
def test_a_learning_rate_that_diverges_raises_instead_of_returning_nan(small_corpus, arch,
                                                                        output, backend):
    with pytest.raises(TrainingDiverged, match="diverged.*smaller alpha"):
        train(small_corpus, arch=arch, output=output, alpha=1e30, backend=backend, **SMALL)


def test_a_loss_that_explodes_while_staying_finite_is_divergence_too(small_corpus):
    # mini-batches at alpha 1 blow the loss up long before the vectors overflow
    with pytest.raises(TrainingDiverged, match="over 100 times the untrained model"):
        train(small_corpus, arch="skipgram", output="ns", alpha=1.0, backend="numpy", **SMALL)


def test_a_text_is_tokenized_one_sentence_per_line():
    result = train("The cat sat.\nThe dog sat!", min_count=1, dim=4, epochs=1)
    assert result.vocab.words == ["the", "sat", "cat", "dog"]
    assert result.W_in.shape == (4, 4) and result.W_in.dtype == np.float32


def test_a_given_vocabulary_and_shapes_of_the_matrices(small_corpus):
    vocab = Vocabulary.from_sentences(small_corpus, min_count=3)
    result = train(small_corpus, vocab=vocab, output="hs", dim=6, epochs=1)
    assert result.vocab is vocab
    assert result.W_in.shape == (vocab.size, 6) and result.W_out.shape == (vocab.size - 1, 6)


def test_one_distinct_word_is_refused():
    with pytest.raises(ValueError, match="at least 2 distinct words"):
        train([["a", "a", "a"]], min_count=1)


def test_save_writes_a_word2vec_file_and_to_model_hands_the_vectors_to_the_step_engine(
        small_corpus, tmp_path):
    result = train(small_corpus, arch="skipgram", output="hs", **SMALL)
    for binary in (False, True):
        result.save(tmp_path / "v", binary=binary)
        words, vectors = read_word2vec(tmp_path / "v")
        assert words == result.vocab.words
        np.testing.assert_allclose(vectors, result.W_in, atol=1e-6)
    model = result.to_model()
    assert (model.arch, model.output, model.convention) == ("skipgram", "hs", "word2vec.c")
    np.testing.assert_array_equal(model.W_out, result.W_out.astype(np.float64))


def test_config_and_overrides_combine():
    cfg = TrainConfig(dim=5, min_count=1, epochs=1)
    result = train([["a", "b", "a", "c"]], cfg, window=2)
    assert result.config == dataclasses.replace(cfg, window=2)


# ---- it learns -----------------------------------------------------------------------------
def class_purity(vocab, W, word_to_class, k=5):
    """Share of each class word's k nearest class words (cosine) in its own class."""
    words = [w for w in word_to_class if w in vocab.index]
    W = W[[vocab.index[w] for w in words]].astype(np.float64)
    unit = W / np.linalg.norm(W, axis=1, keepdims=True)
    sims = unit @ unit.T
    np.fill_diagonal(sims, -np.inf)
    nearest = np.argsort(-sims, axis=1)[:, :k]
    return np.mean([[word_to_class[words[j]] == word_to_class[w] for j in row]
                    for w, row in zip(words, nearest)])


@pytest.mark.slow
@pytest.mark.parametrize("arch,output,backend", ON_BACKENDS)
def test_every_variant_learns_the_classes_of_a_generated_corpus(class_corpus, arch, output,
                                                                 backend):
    sentences, word_to_class = class_corpus
    result = train(sentences, arch=arch, output=output, dim=16, min_count=1, epochs=10,
                   alpha=0.025 if arch == "skipgram" else 0.05, snapshots=2, backend=backend)
    start = result.snapshots[0][1]                               # W before training
    assert class_purity(result.vocab, start, word_to_class) < 0.4    # 6 classes: chance ~ 0.15
    assert class_purity(result.vocab, result.W_in, word_to_class) >= 0.9
