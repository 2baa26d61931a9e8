"""What the Corpus lab page shows about a corpus: counts, the vocabulary table, and the
window of each training instance (its subsampling tab reads ``readouts.subsampling``).

Thin read-only views over a Lab, so that the page never does arithmetic on the model.
Every code comes from w2v_core.huffman and every instance from Lab.tasks; this file only
arranges them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..huffman import HuffmanTree
from ..lab import Lab
from ..pairs import BAR, words
from ..text import Vocabulary
from .subsampling import sentence_pass

TRAINING_RULE = "word2vec.c"     # the keep rule Lab uses (see Lab.__init__)


@dataclass(frozen=True)
class CorpusSummary:
    sentences: int         # non-empty lines
    tokens: int            # all tokens, before min_count (the bar of a pair is no token)
    V: int                 # vocabulary size
    T: int                 # tokens whose word is in the vocabulary
    longest: int           # tokens in the longest sentence

    @property
    def dropped_by_min_count(self) -> int:
        return self.tokens - self.T


def corpus_summary(sentences: list[list[str]], vocab: Vocabulary) -> CorpusSummary:
    """Counts shown above the tokens.

    >>> corpus_summary([["a", "b", "a"], ["c"]], Vocabulary.from_sentences([["a", "b", "a"]]))
    CorpusSummary(sentences=2, tokens=4, V=2, T=3, longest=3)
    """
    lengths = [len(words(s)) for s in sentences]
    return CorpusSummary(len(sentences), sum(lengths), vocab.size, vocab.total,
                         max(lengths, default=0))


def pairs_caption(lab: Lab) -> str | None:
    """What the page says of a corpus of explicit training pairs (None for a plain corpus).

    >>> lab = Lab.from_text("eat|apple\\ndrink milk|juice")
    >>> print(pairs_caption(lab))  # doctest: +NORMALIZE_WHITESPACE
    2 explicit training pairs: each line is one instance; the window does not apply (nor does
    subsampling).
    """
    if not lab.pairs:
        return None
    n = len(lab.sentences)
    return (f"{n:,} explicit training pair{'s' if n != 1 else ''}: each line is one instance; "
            "the window does not apply (nor does subsampling).")


def sentence_rows(sentences: list[list[str]], vocab: Vocabulary, start: int, stop: int) -> dict:
    """Columns of a table of sentences start..stop-1 (numbered from 1, as on screen).

    >>> v = Vocabulary.from_sentences([["a", "a", "b"]], min_count=2)
    >>> sentence_rows([["a", "a", "b"]], v, 0, 5)
    {'#': [1], 'tokens': ['a a b'], 'length': [3], 'not in vocabulary': ['b']}
    """
    rows = range(max(0, start), min(len(sentences), stop))
    return {
        "#": [i + 1 for i in rows],
        "tokens": [" ".join(sentences[i]) for i in rows],
        "length": [len(words(sentences[i])) for i in rows],
        "not in vocabulary": [" ".join(w for w in words(sentences[i]) if w not in vocab.index)
                              for i in rows],
    }


def vocabulary_table(vocab: Vocabulary) -> dict:
    """Columns index (from 1), word, count, f(w), Huffman code (root first, 0 = left), code length.

    The codes are word2vec.c's (HuffmanTree), the worked example of huffman.py:
    >>> t = vocabulary_table(Vocabulary(["a", "b", "c", "d"], np.array([5, 2, 1, 1])))
    >>> t["Huffman code"], t["code length"], t["f(w)"][0]
    (['1', '01', '001', '000'], [1, 2, 3, 3], 0.5555555555555556)
    """
    tree = HuffmanTree(vocab.counts)
    codes = [tree.code_string(w) for w in range(vocab.size)]
    return {
        "index": list(range(1, vocab.size + 1)),         # counted from 1, as in the paper
        "word": list(vocab.words),
        "count": vocab.counts.tolist(),
        "f(w)": vocab.frequencies.tolist(),
        "Huffman code": codes,
        "code length": [len(c) for c in codes],
    }


@dataclass(frozen=True)
class Window:
    """One training instance drawn over its sentence."""

    centre_pos: int
    radius: int                        # R, drawn from 1..window (0: an explicit pair)
    context_pos: tuple[int, ...]
    centre: str
    context: tuple[str, ...]
    steps: int                         # SGD steps it makes (one per pair in word2vec.c's skip-gram)


@dataclass(frozen=True)
class SentenceWindows:
    tokens: list[str]
    windows: list[Window]
    dropped_pos: tuple[int, ...]       # dropped by subsampling, or not in the vocabulary


def sentence_windows(lab: Lab, s: int, epoch: int = 0) -> SentenceWindows:
    """The instances of sentence s in an epoch of the lab's stream, one per centre word.

    >>> lab = Lab([["a", "b", "c"]])
    >>> [(w.centre, w.radius, w.context) for w in sentence_windows(lab, 0).windows]
    [('a', 2, ('b', 'c')), ('b', 2, ('a', 'c')), ('c', 2, ('a', 'b'))]
    """
    tokens = lab.sentences[s]
    windows: dict[int, Window] = {}
    for t in lab.tasks(epoch, s):       # word2vec.c's skip-gram gives one task per pair
        w = windows.get(t.center_pos)
        steps = 1 if w is None else w.steps + 1
        windows[t.center_pos] = Window(t.center_pos, t.radius, t.context_pos, tokens[t.center_pos],
                                       tuple(tokens[p] for p in t.context_pos), steps)
    sub = sentence_pass(lab, s, lab.settings.sample, lab.settings.seed, epoch)
    return SentenceWindows(list(tokens), list(windows.values()),
                           tuple(p for p in np.flatnonzero(~sub.kept).tolist() if tokens[p] != BAR))
