"""Bad input to the engine gets an exception whose message names the problem."""
import numpy as np
import pytest

from w2v_core import Vocabulary, Word2Vec, tokenize

VOCAB = Vocabulary.from_sentences([["a", "b", "a", "c"]])


@pytest.mark.parametrize("sentences", [[], [[]], tokenize(" \n\t\n...!")])
def test_empty_corpus(sentences):
    with pytest.raises(ValueError, match="no words"):
        Vocabulary.from_sentences(sentences)


def test_vocabulary_emptied_by_min_count_names_the_most_frequent_word():
    with pytest.raises(ValueError, match=r"min_count=5 .*'a', occurs 2 times"):
        Vocabulary.from_sentences([["a", "b", "a"]], min_count=5)


@pytest.mark.parametrize("bad", [0, -1, 1.5])
def test_min_count_must_be_a_whole_number(bad):
    with pytest.raises(ValueError, match="min_count"):
        Vocabulary.from_sentences([["a"]], min_count=bad)


@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
def test_a_single_word_vocabulary_is_refused(output):
    with pytest.raises(ValueError, match="at least 2 distinct words"):
        Word2Vec(Vocabulary.from_sentences([["a", "a"]]), output=output)


@pytest.mark.parametrize("kw,match", [
    (dict(dim=0), "dim"), (dict(dim=2.5), "dim"), (dict(arch="glove"), "arch"),
    (dict(output="nce"), "output"), (dict(negative=0), "negative"), (dict(seed=-1), "seed"),
    (dict(init="he"), "init"), (dict(convention="gensim"), "convention"),
    (dict(output="ns", ns_power=float("nan")), "power"),
])
def test_bad_hyperparameters_are_named(kw, match):
    with pytest.raises(ValueError, match=match):
        Word2Vec(VOCAB, **kw)


@pytest.mark.parametrize("center,context,match", [
    (3, [0], "centre word index 3 is out of range for a vocabulary of 3 words"),
    (-1, [0], "out of range"), (0, [7], "context word index 7"), (0, [], "at least one context"),
])
def test_index_out_of_range_or_empty_context(center, context, match):
    with pytest.raises((IndexError, ValueError), match=match):
        Word2Vec(VOCAB).step(center, context, 0.1)


@pytest.mark.parametrize("lr", [-0.1, float("nan"), float("inf"), "0.1"])
def test_learning_rate_must_be_finite_and_not_negative(lr):
    with pytest.raises(ValueError, match="learning rate"):
        Word2Vec(VOCAB).step(0, [1], lr)


def test_wrongly_shaped_negatives_are_refused():
    with pytest.raises(ValueError, match="negatives must have shape"):
        Word2Vec(VOCAB, output="ns", negative=2).step(0, [1], 0.1, negatives=np.array([[1]]))
