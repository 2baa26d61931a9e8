"""Tokenizer and vocabulary."""
import numpy as np

from w2v_core import Vocabulary, tokenize, tokenize_line


def test_tokens_are_lowercased_unicode_words_one_sentence_per_line():
    assert tokenize("Der Bär aß Äpfel.\nСлово, 字 and l'été!\n\n   \n") == [
        ["der", "bär", "aß", "äpfel"], ["слово", "字", "and", "l'été"]]


def test_punctuation_underscores_and_markup_are_not_words():
    assert tokenize_line("<script>alert('x')</script> a_b -- 3.5") == [
        "script", "alert", "x", "script", "a", "b", "3", "5"]


def test_vocabulary_sorts_by_count_with_ties_in_first_seen_order():
    v = Vocabulary.from_sentences([["c", "b", "a"], ["a", "b", "d", "e", "d"]])
    assert v.words == ["b", "a", "d", "c", "e"]
    assert v.counts.tolist() == [2, 2, 2, 1, 1]
    assert v.index == {"b": 0, "a": 1, "d": 2, "c": 3, "e": 4}
    assert v.total == 8 and np.isclose(v.frequencies.sum(), 1.0)


def test_min_count_drops_rare_words_and_encode_skips_them_keeping_positions():
    v = Vocabulary.from_sentences([["x", "a", "a", "y", "a"]], min_count=2)
    assert v.words == ["a"]
    ids, pos = v.encode(["x", "a", "y", "a"])
    assert ids.tolist() == [0, 0] and pos.tolist() == [1, 3]
