"""Specification of w2v_core.readouts.corpus_lab (and of the subsampling read-outs its tab
shows): the Corpus lab's numbers agree with the engine."""
import numpy as np
import pytest

from w2v_core.readouts.corpus_lab import (corpus_summary, sentence_rows, sentence_windows,
                                          vocabulary_table)
from w2v_core.readouts.subsampling import frequency_grid, keep_curves, sentence_pass, word_keep
from w2v_core.corpora import load_preset
from w2v_core.huffman import HuffmanTree
from w2v_core.lab import Lab, LabSettings
from w2v_core.subsampling import keep_probability_paper, keep_probability_word2vec
from w2v_core.text import Vocabulary

TEXT = "the cat sat on the mat\nthe dog sat on the log\nthe cat saw the dog\nrare words here"


def test_summary_counts_tokens_before_and_after_min_count():
    lab = Lab.from_text(TEXT, LabSettings(min_count=2))
    s = corpus_summary(lab.sentences, lab.vocab)
    assert (s.sentences, s.tokens, s.longest) == (4, 20, 6)
    assert s.V == lab.vocab.size and s.T == lab.vocab.total
    assert s.dropped_by_min_count == 20 - lab.vocab.total


def test_sentence_rows_number_from_one_and_list_words_outside_the_vocabulary():
    lab = Lab.from_text(TEXT, LabSettings(min_count=2))
    rows = sentence_rows(lab.sentences, lab.vocab, 2, 10)
    assert rows["#"] == [3, 4]
    assert rows["tokens"] == ["the cat saw the dog", "rare words here"]
    assert rows["not in vocabulary"] == ["saw", "rare words here"]


def test_vocabulary_table_pins_the_hand_computed_huffman_codes():
    table = vocabulary_table(Vocabulary(["a", "b", "c", "d"], np.array([5, 2, 1, 1])))
    assert table["index"] == [1, 2, 3, 4] and table["word"] == ["a", "b", "c", "d"]
    assert table["count"] == [5, 2, 1, 1]
    assert table["f(w)"] == pytest.approx([5 / 9, 2 / 9, 1 / 9, 1 / 9])
    assert table["Huffman code"] == ["1", "01", "001", "000"]


def test_vocabulary_table_codes_are_the_models_tree_codes():
    vocab = Lab.from_text(load_preset("short_story")).vocab
    tree, table = HuffmanTree(vocab.counts), vocabulary_table(vocab)
    assert table["Huffman code"] == [tree.code_string(w) for w in range(vocab.size)]
    assert table["code length"] == [len(c) for c in tree.codes]


@pytest.mark.parametrize("sample", [1e-1, 1e-3, 0.0])
def test_curves_pass_through_every_words_keep_probability(sample):
    vocab = Lab.from_text(load_preset("fruit_drinks")).vocab
    curves = keep_curves(vocab.frequencies, sample)
    np.testing.assert_allclose(curves["word2vec.c"],
                               keep_probability_word2vec(vocab.counts, sample))
    np.testing.assert_allclose(curves["paper"], keep_probability_paper(vocab.counts, sample))
    words = word_keep(vocab.counts, sample)
    np.testing.assert_allclose(words["word2vec.c"], curves["word2vec.c"])


def test_frequency_grid_covers_the_vocabulary_up_to_one():
    vocab = Vocabulary(["a", "b"], np.array([999, 1]))
    grid = frequency_grid(vocab.frequencies)
    assert grid[0] < vocab.frequencies.min() and grid[-1] == 1
    assert np.all(np.diff(grid) > 0)


def test_the_seeded_pass_drops_exactly_what_the_labs_first_epoch_drops():
    lab = Lab.from_text(load_preset("royalty"), LabSettings(sample=1e-3, seed=7))
    for s in range(20):
        p = sentence_pass(lab, s, 1e-3, seed=7)
        tasks = lab.tasks(0, s)
        if tasks:
            assert tuple(np.flatnonzero(~p.kept).tolist()) == tasks[0].dropped_pos


def test_the_pass_marks_words_outside_the_vocabulary_as_not_kept():
    lab = Lab.from_text(TEXT, LabSettings(min_count=2))
    p = sentence_pass(lab, 3, sample=0.0, seed=0)                # "rare words here"
    assert not p.in_vocab.any() and not p.kept.any() and np.isnan(p.keep_prob).all()
    p = sentence_pass(lab, 0, sample=0.0, seed=0)                # s = 0 keeps every word
    assert p.in_vocab.tolist() == [True] * 5 + [False]              # "mat" occurs once
    assert p.kept.tolist() == p.in_vocab.tolist() and np.all(p.keep_prob[:5] == 1.0)


@pytest.mark.parametrize("arch,convention", [("skipgram", "rong"), ("skipgram", "word2vec.c"),
                                             ("cbow", "rong")])
def test_windows_list_one_instance_per_centre_within_its_radius(arch, convention):
    lab = Lab.from_text(load_preset("fruit_drinks"),
                        LabSettings(arch=arch, convention=convention, window=3, sample=1e-2))
    for s in range(10):
        sw = sentence_windows(lab, s, epoch=1)
        kept = [p for p in range(len(sw.tokens)) if p not in sw.dropped_pos]
        assert [w.centre_pos for w in sw.windows] == sorted({w.centre_pos for w in sw.windows})
        for w in sw.windows:
            k = kept.index(w.centre_pos)
            assert 1 <= w.radius <= 3
            assert list(w.context_pos) == [p for p in kept[max(0, k - w.radius): k + w.radius + 1]
                                           if p != w.centre_pos]
            assert w.centre == sw.tokens[w.centre_pos]
            assert w.context == tuple(sw.tokens[p] for p in w.context_pos)
            one_per_pair = arch == "skipgram" and convention == "word2vec.c"
            assert w.steps == (len(w.context) if one_per_pair else 1)
