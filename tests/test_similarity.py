"""Specification of w2v_core.similarity: cosine neighbours, analogies and similarity matrices."""

import warnings

import numpy as np
import pytest

from w2v_core.vectors.similarity import analogy, nearest, similarity_matrix, unit_rows

WORDS = ["x", "y", "xy", "minus_x"]
VECTORS = np.array([[2.0, 0.0], [0.0, 3.0], [1.0, 1.0], [-1.0, 0.0]])


def random_vocabulary(V=30, N=8, seed=0):
    rng = np.random.default_rng(seed)
    return [f"w{k}" for k in range(V)], rng.normal(size=(V, N)).astype(np.float32)


def test_unit_rows_have_length_one_and_keep_direction():
    unit = unit_rows(VECTORS)
    np.testing.assert_allclose(np.linalg.norm(unit, axis=1), 1.0)
    np.testing.assert_allclose(unit[0], [1.0, 0.0])
    np.testing.assert_allclose(unit[2], [2 ** -0.5, 2 ** -0.5])


def test_cosine_matches_a_hand_computed_example():
    # cos(x, xy) = (2*1 + 0*1) / (2 * sqrt(2)) = 1/sqrt(2); cos(x, y) = 0; cos(x, -x) = -1
    assert nearest(WORDS, VECTORS, "x", topn=3) == [
        ("xy", pytest.approx(2 ** -0.5)), ("y", pytest.approx(0.0)), ("minus_x", pytest.approx(-1.0))]


def test_nearest_excludes_the_query_word_and_sorts_best_first():
    words, vectors = random_vocabulary()
    result = nearest(words, vectors, "w3", topn=len(words))
    assert "w3" not in [w for w, _ in result]
    assert len(result) == len(words) - 1
    scores = [s for _, s in result]
    assert scores == sorted(scores, reverse=True)


def test_nearest_returns_at_most_topn_and_what_there_is():
    assert len(nearest(WORDS, VECTORS, "x", topn=2)) == 2
    assert len(nearest(WORDS, VECTORS, "x", topn=50)) == 3


def test_nearest_agrees_with_gensim():
    gensim = pytest.importorskip("gensim")
    words, vectors = random_vocabulary()
    kv = gensim.models.KeyedVectors(vector_size=vectors.shape[1])
    kv.add_vectors(words, vectors)
    ours = nearest(words, vectors, "w7", topn=5)
    theirs = kv.most_similar("w7", topn=5)
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)


def test_analogy_equals_gensim_most_similar_on_twenty_random_triples():
    gensim = pytest.importorskip("gensim")
    words, vectors = random_vocabulary(V=40, N=10, seed=1)
    kv = gensim.models.KeyedVectors(vector_size=vectors.shape[1])
    kv.add_vectors(words, vectors)
    rng = np.random.default_rng(2)
    for _ in range(20):
        a, b, c = (words[k] for k in rng.choice(len(words), size=3, replace=False))
        ours = analogy(words, vectors, a, b, c, topn=5)
        theirs = kv.most_similar(positive=[b, c], negative=[a], topn=5)
        assert [w for w, _ in ours] == [w for w, _ in theirs], (a, b, c)
        np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)


def test_analogy_excludes_its_three_words_and_solves_a_hand_made_case():
    words = ["man", "king", "woman", "queen", "apple"]
    vectors = np.array([[1.0, 0, 0], [1, 1, 0], [-1, 0, 0], [-1, 1, 0], [0, 0, 1]])
    result = analogy(words, vectors, "man", "king", "woman", topn=5)
    assert [w for w, _ in result] == ["queen", "apple"]  # fewer candidates than topn: all of them


def test_similarity_matrix_holds_pairwise_cosines_in_the_given_order():
    matrix = similarity_matrix(WORDS, VECTORS, ["xy", "x", "minus_x"])
    s = 2 ** -0.5
    np.testing.assert_allclose(matrix, [[1, s, -s], [s, 1, -1], [-s, -1, 1]])
    assert similarity_matrix(WORDS, VECTORS, []).shape == (0, 0)


@pytest.mark.parametrize("call", [
    lambda: nearest(WORDS, VECTORS, "xyz"),
    lambda: analogy(WORDS, VECTORS, "x", "y", "xyz"),
    lambda: analogy(WORDS, VECTORS, "xyz", "x", "y"),
    lambda: similarity_matrix(WORDS, VECTORS, ["x", "xyz"]),
])
def test_unknown_words_give_a_clear_value_error(call):
    with pytest.raises(ValueError, match=r"^'xyz' is not in the vocabulary$"):
        call()


@pytest.mark.parametrize("a, b, c", [("x", "x", "y"), ("x", "y", "x"), ("x", "y", "y")])
def test_analogy_with_repeated_words_gives_a_clear_value_error(a, b, c):
    with pytest.raises(ValueError, match="three different words"):
        analogy(WORDS, VECTORS, a, b, c)


@pytest.mark.parametrize("topn", [0, -1, 2.5, True])
def test_topn_must_be_a_positive_integer(topn):
    with pytest.raises(ValueError, match="topn must be a positive integer"):
        nearest(WORDS, VECTORS, "x", topn=topn)


def test_mismatched_words_and_vectors_give_a_clear_value_error():
    with pytest.raises(ValueError, match="3 words but 4 vector rows"):
        nearest(WORDS[:3], VECTORS, "x")


def test_zero_vectors_give_zero_cosines_without_warnings():
    words = ["zero", "x", "y", "z"]
    vectors = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert unit_rows(vectors)[0].tolist() == [0.0, 0.0]
        assert all(s == 0.0 for _, s in nearest(words, vectors, "zero"))
        assert dict(nearest(words, vectors, "x"))["zero"] == 0.0
        assert analogy(words, vectors, "zero", "x", "z") == [("y", 0.0)]
        assert all(s == 0.0 for _, s in analogy(words, np.zeros((4, 2)), "zero", "x", "y"))
        assert similarity_matrix(words, vectors, ["zero", "x"]).tolist() == [[0.0, 0.0], [0.0, 1.0]]
