"""A corpus file read for the command line in one streaming pass, in bounded memory.

``tokenize`` + ``Vocabulary.from_sentences`` + ``encode_corpus`` hold every token as a
Python string, about 60 bytes a token (one 50 MB line took 925 MB). Here the file is read
in pieces of ``chunk_bytes``, cut after a space or line break, each word is replaced at
once by the number of its first occurrence (4 bytes a token), and those numbers are mapped
to the vocabulary's indices once the counts are known. The result is exactly what the three
steps give on the whole text: the same tokens (``text.WORD_RE`` on lower-cased lines split
as ``str.splitlines`` splits them), vocabulary and sentences (tests pin it).

A run of more than ``max_run`` characters without a space or line break is refused: it
cannot be cut, and no text has one.
"""
from __future__ import annotations

import codecs
import os
from array import array
from dataclasses import dataclass

import numpy as np

from ..text import WORD_RE, Vocabulary
from .stream import INDEX, MAX_SENTENCE_WORDS, Corpus

UTF8_BOM = b"\xef\xbb\xbf"
CHUNK_BYTES = 1 << 20
MAX_RUN_CHARS = 1_000_000
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"     # where str.splitlines splits


@dataclass(frozen=True)
class CorpusFile:
    """A corpus file, counted and encoded."""

    vocab: Vocabulary
    corpus: Corpus
    longest: int            # most in-vocabulary words in one sentence (after the cut)
    tokens: int             # words in the file, in the vocabulary or not


def _pieces(path, chunk_bytes: int, max_run: int):
    """The file's text in pieces that end just after a whitespace character (the last one
    may end anywhere); a ValueError for bytes that are not UTF-8 or for an endless run."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    fed, carry, lines = 0, "", 1
    with open(path, "rb") as f:
        while True:
            data = f.read(chunk_bytes)
            end = not data
            if fed == 0 and data.startswith(UTF8_BOM):
                data, fed = data[len(UTF8_BOM):], len(UTF8_BOM)
            try:
                text = carry + decoder.decode(data, final=end)
            except UnicodeDecodeError as e:
                at = fed - len(e.object) + len(data) + e.start
                raise ValueError(f"{path} is not UTF-8 text (byte 0x{e.object[e.start]:02x} "
                                 f"at offset {at})") from None
            fed += len(data)
            if end:
                if text:
                    yield text
                return
            cut = len(text)
            while cut > 0 and not text[cut - 1].isspace() and len(text) - cut <= max_run:
                cut -= 1
            if len(text) - cut > max_run:
                line = lines + sum(text[:cut].count(b) for b in LINE_BREAKS)
                raise ValueError(f"{path}, line {line}: more than {max_run:,} characters "
                                 "without a space or a line break")
            carry = text[cut:]
            if cut:
                lines += sum(text[:cut].count(b) for b in LINE_BREAKS)
                yield text[:cut]


def read_corpus_file(path, min_count: int = 5, *, chunk_bytes: int = CHUNK_BYTES,
                     max_run: int = MAX_RUN_CHARS) -> CorpusFile:
    """The vocabulary and the encoded corpus of a UTF-8 text file, one sentence per line."""
    first: dict[str, int] = {}               # word -> its first-seen number
    number = first.setdefault
    ids = array("i")                         # (T,) first-seen numbers of every token
    line_words = array("q")                  # words of each line that has any
    words_now = 0                            # of the line being read
    for piece in _pieces(path, chunk_bytes, max_run):
        for line in piece.splitlines(keepends=True):
            found = WORD_RE.findall(line.lower())
            ids.extend([number(w, len(first)) for w in found])
            words_now += len(found)
            if line[-1] in LINE_BREAKS and words_now:
                line_words.append(words_now)
                words_now = 0
    if words_now:
        line_words.append(words_now)
    if not ids:
        empty = " (it is empty)" if os.stat(path).st_size == 0 else ""
        raise ValueError(f"{path} contains no words{empty}")
    seen = np.frombuffer(ids, dtype=np.int32)                            # (T,)
    counts = np.bincount(seen, minlength=len(first))                    # by first-seen number
    vocab = Vocabulary.from_counts(dict(zip(first, counts.tolist())), min_count)
    to_vocab = np.full(len(first), -1, dtype=INDEX)                     # first-seen -> index
    to_vocab[[first[w] for w in vocab.words]] = np.arange(vocab.size, dtype=INDEX)
    mapped = to_vocab[seen]                                              # (T,) -1 = dropped
    del seen
    keep = mapped >= 0
    words = np.frombuffer(line_words, dtype=np.int64)                   # (lines,)
    kept = np.add.reduceat(keep, np.cumsum(words) - words, dtype=np.int64)   # per line
    lengths = _sentence_lengths(kept)
    corpus = Corpus(mapped[keep], np.repeat(np.arange(len(lengths), dtype=INDEX), lengths))
    longest = int(lengths.max()) if len(lengths) else 0
    return CorpusFile(vocab, corpus, longest, len(ids))


def _sentence_lengths(kept: np.ndarray) -> np.ndarray:
    """Lengths of the sentences made of lines with ``kept`` in-vocabulary words each: none
    for a line without any, and a line longer than ``MAX_SENTENCE_WORDS`` cut into pieces of
    that many (``encode_corpus`` cuts the same way).

    >>> _sentence_lengths(np.array([3, 0, MAX_SENTENCE_WORDS + 2])).tolist()
    [3, 10000, 2]
    """
    full, rest = np.divmod(kept, MAX_SENTENCE_WORDS)                     # (lines,)
    pieces = full + (rest > 0)
    lengths = np.full(int(pieces.sum()), MAX_SENTENCE_WORDS, dtype=np.int64)
    last = np.cumsum(pieces) - 1                                         # each line's last piece
    lengths[last[rest > 0]] = rest[rest > 0]
    return lengths
