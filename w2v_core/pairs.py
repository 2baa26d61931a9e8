"""Explicit training pairs (wevi's format): a corpus whose every line is ``context words | target``.

wevi, Xin Rong's word embedding visual inspector, trains on pairs an instructor writes
(``eat|apple``). Here a line ``drink milk | juice`` is exactly one training instance,
``Instance(center=juice, context=(drink, milk))``, whatever the window: under CBOW the
C = 2 context words are the inputs (h is their mean) and juice is predicted; under skip-gram
juice is the input w_I and drink, milk are the C predicted words. Nothing is drawn: no
window radius, no subsampling (a lab refuses s > 0 on pairs).

A lab keeps such a line as the tokens ``["drink", "milk", "|", "juice"]``: the bar stays a
token (BAR), so the corpus written back as text (a link, a saved lab) is still a pairs
corpus, and the line on screen shows where the target is. The bar is never a word of the
vocabulary; the vocabulary counts the words on both sides.
"""
from __future__ import annotations

import numpy as np

from .text import tokenize_line
from .windows import Instance

BAR = "|"                       # between the context words and the target
NO_WINDOW = 0                   # Instance.radius of a pair: no radius was drawn
EXAMPLE = "eat | apple"         # how a pair line is written, for the messages


def _pair_tokens(line: str, n: int, first: int) -> list[str]:
    """The tokens of line ``n``: its context words, BAR, its target; or a ValueError saying
    why the line is not a pair (``first``: the number of the first line that is one)."""
    bars = line.count(BAR)
    if bars == 0:
        raise ValueError(f"line {n} is not a pair 'context words | target' but line {first} "
                         "is: in a corpus of explicit training pairs every line is a pair "
                         "(pairs and plain sentences cannot be mixed)")
    if bars > 1:
        raise ValueError(f"line {n} has {bars} bars '|'; an explicit training pair has exactly "
                         f"one, between the context words and the target (e.g. {EXAMPLE})")
    left, right = (tokenize_line(side) for side in line.split(BAR))
    if not left or not right:
        side = "before" if not left else "after"
        raise ValueError(f"line {n} has no word {side} its '|': write the context word(s), "
                         f"'|', then the target word (e.g. {EXAMPLE})")
    if len(right) > 1:
        raise ValueError(f"line {n} has {len(right)} words after its '|' ({' '.join(right)}); "
                         "the target is one word (several context words go before the bar)")
    return [*left, BAR, right[0]]


def parse_pairs(text: str) -> list[list[str]] | None:
    """The tokenised lines of an explicit-pairs text, or None when no line holds a bar (a
    plain corpus). Empty lines are skipped; every other line must be a pair, else a
    ValueError naming the first line that is not (numbered from 1, as in an editor).

    >>> parse_pairs("eat|apple\\n\\nDrink milk | juice")
    [['eat', '|', 'apple'], ['drink', 'milk', '|', 'juice']]
    >>> parse_pairs("the cat sat") is None
    True
    """
    if BAR not in text:
        return None
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines, 1) if BAR in line)
    return [_pair_tokens(line, n, first) for n, line in enumerate(lines, 1)
            if BAR in line or tokenize_line(line)]


def explicit_pairs(sentences, max_words: int | None = None) -> bool:
    """Whether tokenised sentences are explicit pairs (they hold the bar); a ValueError when
    some do and some do not, or one is not context words, BAR, one target word, or one has
    more than ``max_words`` tokens (a pair is never cut in pieces).

    >>> explicit_pairs([["eat", "|", "apple"]]), explicit_pairs([["eat", "apple"]])
    (True, False)
    """
    marked = [BAR in s for s in sentences]
    if not any(marked):
        return False
    for n, s in enumerate(sentences, 1):
        if s.count(BAR) != 1 or len(s) < 3 or s[-2] != BAR:
            raise ValueError(f"sentence {n} ({' '.join(s[:8])}) is not an explicit pair: "
                             "context words, '|', one target word")
        if max_words is not None and len(s) > max_words:
            raise ValueError(f"pair {n} has {len(s) - 2:,} context words; a pair takes at most "
                             f"{max_words - 2:,}")
    return True


def words(sentence) -> list[str]:
    """The words of a sentence, the bar left out.

    >>> words(["drink", "milk", "|", "juice"])
    ['drink', 'milk', 'juice']
    """
    return [w for w in sentence if w != BAR]


def plain_sentences(sentences) -> list[list[str]]:
    """Each pair as a plain sentence (its context words, then its target), as the fast trainer
    reads it; plain sentences are returned as they are.

    >>> plain_sentences([["drink", "milk", "|", "juice"]])
    [['drink', 'milk', 'juice']]
    """
    return [words(s) for s in sentences] if explicit_pairs(sentences) else sentences


def pair_instance(ids, positions, length: int) -> Instance | None:
    """The one instance of an encoded pair line of ``length`` tokens (the bar included): the
    last token is the target (the centre), the in-vocabulary words before the bar are its
    context; positions are token positions in the line. ``ids``, ``positions`` are
    ``Vocabulary.encode`` of the line (the bar is never in the vocabulary). None when
    min_count left out the target or every context word.

    >>> pair_instance(np.array([3, 4, 5]), np.array([0, 1, 3]), 4)   # drink milk | juice
    Instance(center=5, context=(3, 4), position=3, context_positions=(0, 1), radius=0)
    """
    ids, positions = np.asarray(ids), np.asarray(positions)           # (L',), (L',)
    target = length - 1
    if len(positions) < 2 or positions[-1] != target:
        return None
    return Instance(int(ids[-1]), tuple(int(i) for i in ids[:-1]), target,
                    tuple(int(p) for p in positions[:-1]), NO_WINDOW)
