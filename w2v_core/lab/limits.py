"""What one lab may hold: the budgets of one student's session on a shared server.

A lab lives in the server's memory as long as its browser tab, and every page recomputes
from it on each click, so each of its sizes has a ceiling. The pages' cost grows with V
(the vocabulary table, the Huffman tree, full softmax, the noise distribution) and with
the tokens (the encoded corpus, one epoch of steps); at these ceilings the slowest page
takes a few seconds and one lab a few tens of MB (bench/bench_restore.py measures the
worst saved lab). Larger corpora are for the command line (``python3 -m w2v_core train``),
which only checks that a run fits in memory.

The file reader (saved.py) checks a restored lab against the same numbers, so a file can
never hold more than the app itself would have made.
"""
from __future__ import annotations

MAX_TEXT_CHARS = 2_000_000      # characters of corpus text (a 1 MB upload is at most 1M)
MAX_TOKENS = 200_000            # words in the corpus (the largest preset has ~55k)
MAX_VOCAB = 20_000              # V, distinct words
MAX_WORD_CHARS = 100            # the longest word (word2vec.c cuts words at 100 bytes)
MAX_PARAMETERS = 1_000_000      # V x N of W (and of W'): 8 MB each in float64
MAX_STEPS = 1_000_000           # steps one lab records (its loss log: 16 bytes a step)
HISTORY_BYTES = 4_000_000       # traces kept for Undo; older ones are forgotten
MAX_SENTENCE_WORDS = 1_000      # longer lines are cut into pieces (word2vec.c does the same)
MAX_PAIRS = 2_000_000           # tokens x 2 window: the (centre, context) pairs of an epoch
LARGER = "larger corpora are for the command line (python3 -m w2v_core train)"


def check_text(text: str) -> None:
    """ValueError when a corpus text is longer than a lab takes."""
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"the text has {len(text):,} characters; the lab takes at most "
                         f"{MAX_TEXT_CHARS:,} ({LARGER})")


def check_sentences(sentences) -> None:
    """ValueError naming the first budget a tokenised corpus exceeds.

    >>> check_sentences([["a" * 101]])
    Traceback (most recent call last):
    ...
    ValueError: the word 'aaaaaaaaaaaaaaaaaaaa…' has 101 characters; the lab takes words of at most 100
    """
    tokens, seen = 0, set()
    for sentence in sentences:
        tokens += len(sentence)
        if tokens > MAX_TOKENS:
            raise ValueError(f"the corpus has more than {MAX_TOKENS:,} words; the lab takes at "
                             f"most {MAX_TOKENS:,} ({LARGER})")
        seen.update(sentence)
        if len(seen) > MAX_VOCAB:
            raise ValueError(f"the corpus has more than {MAX_VOCAB:,} distinct words; the lab "
                             f"takes at most {MAX_VOCAB:,} ({LARGER})")
    long = next((w for w in seen if len(w) > MAX_WORD_CHARS), None)
    if long is not None:
        raise ValueError(f"the word {long[:20] + '…'!r} has {len(long):,} characters; the lab "
                         f"takes words of at most {MAX_WORD_CHARS}")


def check_model(V: int, N: int) -> None:
    """ValueError when W (V x N) would hold more numbers than a lab takes.

    >>> check_model(20_000, 100)
    Traceback (most recent call last):
    ...
    ValueError: W would hold V x N = 20,000 x 100 = 2,000,000 numbers; the lab holds at most 1,000,000 (choose a smaller N or a larger min_count; larger corpora are for the command line (python3 -m w2v_core train))
    """
    if V * N > MAX_PARAMETERS:
        raise ValueError(f"W would hold V x N = {V:,} x {N} = {V * N:,} numbers; the lab holds "
                         f"at most {MAX_PARAMETERS:,} (choose a smaller N or a larger "
                         f"min_count; {LARGER})")


def check_pairs(tokens: int, window: int) -> None:
    """ValueError when an epoch could hold more (centre, context) pairs than a lab takes.

    >>> check_pairs(200_000, 10)
    Traceback (most recent call last):
    ...
    ValueError: window 10 on 200,000 tokens makes up to 200,000 x 2 x 10 = 4,000,000 (centre, context) pairs an epoch; the lab takes at most 2,000,000: choose window <= 5 or a shorter corpus (larger corpora are for the command line (python3 -m w2v_core train))
    """
    if tokens * 2 * window > MAX_PAIRS:
        most = max(1, MAX_PAIRS // (2 * tokens))
        raise ValueError(f"window {window} on {tokens:,} tokens makes up to {tokens:,} x 2 x "
                         f"{window} = {tokens * 2 * window:,} (centre, context) pairs an epoch; "
                         f"the lab takes at most {MAX_PAIRS:,}: choose window <= {most} or a "
                         f"shorter corpus ({LARGER})")


def check_room(steps_done: int, more: int) -> None:
    """ValueError when ``more`` steps would take a lab past ``MAX_STEPS``."""
    if steps_done + more > MAX_STEPS:
        raise ValueError(f"this lab has taken {steps_done:,} steps and records at most "
                         f"{MAX_STEPS:,}, so {more:,} more do not fit: Reset it (download it "
                         "first to keep it), or train whole corpora on the Training page")
