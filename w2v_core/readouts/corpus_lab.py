"""What the Corpus lab page shows about a corpus: counts, the vocabulary table, subsampling
curves, one seeded subsampling pass, and the window of each training instance.

Thin read-only views over a Lab, so that the page never does arithmetic on the model.
Every probability comes from w2v_core.subsampling, every code from w2v_core.huffman and
every instance from Lab.tasks; this file only arranges them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..huffman import HuffmanTree
from ..lab import Lab
from ..subsampling import RULES, keep_probability_word2vec, subsample_sentence
from ..text import Vocabulary

TRAINING_RULE = "word2vec.c"     # the keep rule Lab uses (see Lab.__init__)


@dataclass(frozen=True)
class CorpusSummary:
    sentences: int         # non-empty lines
    tokens: int            # all tokens, before min_count
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
    return CorpusSummary(len(sentences), sum(map(len, sentences)), vocab.size, vocab.total,
                         max(map(len, sentences), default=0))


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
        "length": [len(sentences[i]) for i in rows],
        "not in vocabulary": [" ".join(w for w in sentences[i] if w not in vocab.index)
                              for i in rows],
    }


def vocabulary_table(vocab: Vocabulary) -> dict:
    """Columns index, word, count, f(w), Huffman code (root first, 0 = left), code length.

    The codes are word2vec.c's (HuffmanTree), the worked example of huffman.py:
    >>> t = vocabulary_table(Vocabulary(["a", "b", "c", "d"], np.array([5, 2, 1, 1])))
    >>> t["Huffman code"], t["code length"], t["f(w)"][0]
    (['1', '01', '001', '000'], [1, 2, 3, 3], 0.5555555555555556)
    """
    tree = HuffmanTree(vocab.counts)
    codes = [tree.code_string(w) for w in range(vocab.size)]
    return {
        "index": list(range(vocab.size)),
        "word": list(vocab.words),
        "count": vocab.counts.tolist(),
        "f(w)": vocab.frequencies.tolist(),
        "Huffman code": codes,
        "code length": [len(c) for c in codes],
    }


def keep_probability_curves(frequencies, sample: float) -> dict[str, np.ndarray]:
    """P(keep) under each rule of subsampling.RULES, as a function of f = count / T.

    Both rules depend on a count only through f, so each point is the rule applied to
    the two-word corpus [f, 1 - f] (its first word has frequency exactly f).
    Frequencies must lie in (0, 1).
    >>> c = keep_probability_curves([0.9, 0.1], sample=0.1)
    >>> c["word2vec.c"].round(4).tolist(), c["paper"].round(4).tolist()
    ([0.4444, 1.0], [0.3333, 1.0])
    """
    f = np.asarray(frequencies, dtype=np.float64)                    # (n,)
    if np.any((f <= 0) | (f >= 1)):
        raise ValueError("frequencies for the curves must lie strictly between 0 and 1")
    return {name: np.array([rule(np.array([x, 1.0 - x]), sample)[0] for x in f])
            for name, rule in RULES.items()}


def frequency_grid(vocab: Vocabulary, n: int = 200) -> np.ndarray:
    """n log-spaced frequencies around the vocabulary's, from f_min / 2 to ~min(1, 2 f_max)."""
    f = vocab.frequencies
    return np.geomspace(f.min() / 2, min(0.999, 2 * f.max()), n)   # (n,)


def word_keep_probabilities(vocab: Vocabulary, sample: float) -> dict[str, np.ndarray]:
    """P(keep w) for every vocabulary word under each rule.  # (V,) each"""
    return {name: rule(vocab.counts, sample) for name, rule in RULES.items()}


@dataclass(frozen=True)
class SubsamplingPass:
    """One seeded pass of word2vec.c's subsampling over a sentence."""

    tokens: list[str]
    keep_prob: np.ndarray    # (L,) P(keep) of each token's word; nan when not in the vocabulary
    kept: np.ndarray         # (L,) bool; False for dropped and out-of-vocabulary tokens
    in_vocab: np.ndarray     # (L,) bool


def subsampling_pass(lab: Lab, s: int, sample: float, seed: int, epoch: int = 0) -> SubsamplingPass:
    """The tokens of sentence s that word2vec.c's rule keeps, with the generator Lab uses.

    The draws come from default_rng([seed, epoch, s]) as in Lab, so with the lab's own
    seed and sample this is exactly what training drops in that epoch.
    """
    tokens = lab.sentences[s]
    ids, pos = lab.encoded[s]
    keep = keep_probability_word2vec(lab.vocab.counts, sample)        # (V,)
    sub = subsample_sentence(ids, keep, np.random.default_rng([seed, epoch, s]))
    keep_prob = np.full(len(tokens), np.nan)
    keep_prob[pos] = keep[ids]
    kept = np.zeros(len(tokens), dtype=bool)
    kept[pos[sub.kept_mask]] = True
    in_vocab = np.zeros(len(tokens), dtype=bool)
    in_vocab[pos] = True
    return SubsamplingPass(list(tokens), keep_prob, kept, in_vocab)


@dataclass(frozen=True)
class Window:
    """One training instance drawn over its sentence."""

    centre_pos: int
    radius: int                        # R, drawn from 1..window
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
    sub = subsampling_pass(lab, s, lab.settings.sample, lab.settings.seed, epoch)
    return SentenceWindows(list(tokens), list(windows.values()),
                           tuple(np.flatnonzero(~sub.kept).tolist()))
