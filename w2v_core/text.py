"""Text to word indices: the tokenizer and the Vocabulary.

One sentence per line; words are runs of Unicode letters and digits (apostrophes
inside a word are kept), lower-cased. The vocabulary is sorted as word2vec.c
sorts it: by descending count, ties in first-seen order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def tokenize_line(line: str) -> list[str]:
    """Lower-cased word tokens of one line.

    >>> tokenize_line("The King's crown, 2 Äpfel!")
    ['the', "king's", 'crown', '2', 'äpfel']
    """
    return WORD_RE.findall(line.lower())


def tokenize(text: str) -> list[list[str]]:
    """One token list per non-empty line.

    >>> tokenize("A b a\\n\\nc")
    [['a', 'b', 'a'], ['c']]
    """
    return [toks for toks in map(tokenize_line, text.splitlines()) if toks]


SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+")


def split_sentences(text: str) -> str:
    """Prose with one sentence per line: every line split after . ! ? or … followed by a
    space (closing quotes and brackets stay with their sentence); lines kept as they are.

    >>> print(split_sentences('The cat sat. "Did it?" It did!\\nA new line'))
    The cat sat.
    "Did it?"
    It did!
    A new line
    """
    return "\n".join(part for line in text.splitlines()
                     for part in SENTENCE_END.split(line) if part.strip())


def looks_like_prose(text: str) -> bool:
    """More sentence ends inside lines than lines: a paragraph pasted as it is, not one
    sentence per line. Explicit training pairs (a '|' on a line, pairs.py) never are.

    >>> looks_like_prose("One. Two. Three."), looks_like_prose("the cat sat\\nthe dog sat")
    (True, False)
    >>> looks_like_prose("Eat. Now. | apple")
    False
    """
    if "|" in text:                  # pairs.BAR (pairs.py builds on this module)
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    inner = sum(len(SENTENCE_END.findall(line)) for line in lines)
    return inner > len(lines)


STOP_WORDS = frozenset("""a about above after again against all also am an and any are as at be
because been before being below between both but by can could did do does doing down during
each few for from further had has have having he her here hers herself him himself his how i
if in into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yourself
yourselves""".split())


def content_words(words, n: int) -> list[str]:
    """The first ``n`` of ``words`` (most frequent first) that carry meaning: no stop word,
    no number, at least three letters; what a student would follow or try an analogy on.

    >>> content_words(["the", "of", "king", "a", "queen", "2024", "man"], 2)
    ['king', 'queen']
    """
    return [w for w in words if w not in STOP_WORDS and len(w) >= 3 and not w.isdigit()][:n]


@dataclass(frozen=True)
class Vocabulary:
    """Words kept by ``min_count``, most frequent first, ties in first-seen order.

    >>> v = Vocabulary.from_sentences([["b", "a", "a", "c", "b"]])
    >>> v.words, v.counts.tolist(), v.index["c"]
    (['b', 'a', 'c'], [2, 2, 1], 2)
    """

    words: list[str]
    counts: np.ndarray          # (V,) int64, aligned with words
    min_count: int = 1
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "index", {w: i for i, w in enumerate(self.words)})

    @classmethod
    def from_sentences(cls, sentences, min_count: int = 1) -> "Vocabulary":
        seen: dict[str, int] = {}            # insertion order = first-seen order
        for sentence in sentences:
            for w in sentence:
                seen[w] = seen.get(w, 0) + 1
        return cls.from_counts(seen, min_count)

    @classmethod
    def from_counts(cls, seen: dict, min_count: int = 1) -> "Vocabulary":
        """The vocabulary of ``{word: count}`` in first-seen (insertion) order.

        >>> Vocabulary.from_counts({"x": 1, "y": 3, "z": 1}, min_count=1).words
        ['y', 'x', 'z']
        """
        if int(min_count) != min_count or min_count < 1:
            raise ValueError(f"min_count must be a whole number >= 1, got {min_count!r}")
        if not seen:
            raise ValueError("the corpus has no words")
        kept = [(w, c) for w, c in seen.items() if c >= min_count]
        if not kept:
            top, n = max(seen.items(), key=lambda wc: wc[1])
            raise ValueError(
                f"no word occurs at least min_count={min_count} times "
                f"(the most frequent, {top!r}, occurs {n} times)")
        kept.sort(key=lambda wc: -wc[1])    # stable: ties keep first-seen order
        return cls([w for w, _ in kept], np.array([c for _, c in kept], dtype=np.int64),
                   int(min_count))

    @property
    def size(self) -> int:
        """V, the number of words."""
        return len(self.words)

    def __len__(self) -> int:
        return len(self.words)

    @property
    def total(self) -> int:
        """T, the number of corpus tokens kept by min_count."""
        return int(self.counts.sum())

    @property
    def frequencies(self) -> np.ndarray:
        """f(w) = count(w) / T.  # (V,)"""
        return self.counts / self.total

    def encode(self, tokens) -> tuple[np.ndarray, np.ndarray]:
        """Word indices of the in-vocabulary tokens, and their positions in ``tokens``.

        >>> v = Vocabulary.from_sentences([["a", "a", "b"]], min_count=2)
        >>> [x.tolist() for x in v.encode(["b", "a", "x", "a"])]
        [[0, 0], [1, 3]]
        """
        pairs = [(self.index[w], p) for p, w in enumerate(tokens) if w in self.index]
        ids = np.array([i for i, _ in pairs], dtype=np.int64)
        pos = np.array([p for _, p in pairs], dtype=np.int64)
        return ids, pos

    def check_index(self, i, what: str = "word index") -> int:
        """``i`` as an int, or a clear IndexError when it is not a row of this vocabulary."""
        if isinstance(i, (bool, np.bool_)) or int(i) != i or not 0 <= int(i) < self.size:
            raise IndexError(f"{what} {i!r} is out of range for a vocabulary of {self.size} words")
        return int(i)

    def check_indices(self, indices, what: str = "word index") -> np.ndarray:
        """``indices`` as int64, or ``check_index``'s IndexError for the first that is not a
        row. Plain ints in range (every step's context) pass without a call each.  # (n,)

        >>> v = Vocabulary.from_sentences([["a", "b"]])
        >>> v.check_indices((1, 0)).tolist()
        [1, 0]
        >>> v.check_indices([1, True], "context word index")
        Traceback (most recent call last):
        ...
        IndexError: context word index True is out of range for a vocabulary of 2 words
        """
        V = self.size
        if all(type(i) is int and 0 <= i < V for i in indices):
            return np.array(indices, dtype=np.int64)
        return np.array([self.check_index(i, what) for i in indices], dtype=np.int64)
