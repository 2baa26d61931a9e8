"""Read and write word vector files in the format of the original word2vec tool.

Follows word2vec.c (Mikolov et al., 2013), end of TrainModel():

    fprintf(fo, "%lld %lld\\n", vocab_size, layer1_size);
    for each word: fprintf(fo, "%s ", word);
                   binary ? fwrite(float, 4 bytes each) : fprintf(fo, "%lf ", value) for each value;
                   fprintf(fo, "\\n");

The rows are the input vectors v_w, i.e. the V x N matrix W of NOTATION.md.
The reader also accepts what gensim's ``KeyedVectors.save_word2vec_format`` writes
(text rows without the trailing space; binary rows without the final newline).
Nothing here unpickles anything: the files are parsed byte by byte.
"""

from __future__ import annotations

import math
import os
import re

import numpy as np

_FLOAT32 = np.dtype("<f4")  # word2vec.c's `real` is float; little-endian as on x86
FLOAT32_MAX = float(np.finfo(np.float32).max)
MAX_WORD_BYTES = 1000       # a longer word is not a word (word2vec.c cuts them at 100)
MAX_VALUE_CHARS = 40        # one text value and its space ("-0.123456 ", or 1.5e-07 ...)
HEADER_BYTES = 4096         # the "V N" line must end within this many bytes
_SPACE = re.compile(r"\s")  # what str.isspace() calls whitespace (Unicode included)


class VectorFileError(ValueError):
    """A word vector file that is malformed; the message names the line (text) or row (binary)."""


# ---------------------------------------------------------------- reading

def _short(raw: bytes, limit: int = 60) -> str:
    """Raw bytes shown readably and shortened for error messages: _short(b"abc") == "'abc'"."""
    text = repr(raw.decode("utf-8", errors="replace"))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse_header(line: bytes) -> tuple[int, int]:
    """Parse the 'V N' header line (without its newline).

    >>> _parse_header(b"3 2")
    (3, 2)
    """
    try:
        tokens = line.decode("ascii").split()
    except UnicodeDecodeError:
        tokens = []
    if len(tokens) != 2 or not all(t.isdigit() and len(t) <= 18 and int(t) > 0 for t in tokens):
        raise VectorFileError(
            f"line 1: expected 'V N' header with two positive integers, got {_short(line)}")
    return int(tokens[0]), int(tokens[1])


def _check_size(V: int, N: int, max_bytes: int | None) -> None:
    """Refuse a header whose V x N float32 array would exceed max_bytes (before allocating)."""
    if max_bytes is not None and V * N * _FLOAT32.itemsize > max_bytes:
        raise VectorFileError(
            f"line 1: header says {V} words x {N} values = {V * N * _FLOAT32.itemsize} bytes "
            f"as float32, more than max_bytes={max_bytes}")


def _parse_text_row(line: bytes, N: int, where: str) -> tuple[str, list[float]]:
    """Parse one text row 'word v1 ... vN' (trailing space and '\\r' allowed).

    >>> _parse_text_row(b"cat 0.5 -1 ", 2, "line 2")
    ('cat', [0.5, -1.0])
    """
    try:
        text = line.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        raise VectorFileError(f"{where}: not valid UTF-8 text: {_short(line)}") from None
    word, _, rest = text.partition(" ")
    problem = word_problem(word)
    if problem and word:
        raise VectorFileError(f"{where}: {_short(word.encode())} cannot be a word of a vector "
                              f"file: {problem}")
    tokens = rest.split()
    if word == "" or len(tokens) != N:
        raise VectorFileError(
            f"{where}: expected a word followed by {N} values, got {len(tokens)} values "
            f"after {word!r}")
    try:
        values = list(map(float, tokens))
    except ValueError:
        for token in tokens:  # find the culprit
            try:
                float(token)
            except ValueError:
                raise VectorFileError(f"{where}: value {token!r} is not a number") from None
    if not all(map(math.isfinite, values)):
        bad = next(t for t, v in zip(tokens, values) if not math.isfinite(v))
        raise VectorFileError(f"{where}: value {bad!r} is NaN or infinity")
    if max(map(abs, values)) > FLOAT32_MAX:
        bad = next(t for t, v in zip(tokens, values) if abs(v) > FLOAT32_MAX)
        raise VectorFileError(f"{where}: value {bad!r} is beyond float32's range "
                              f"(±{FLOAT32_MAX:.4g}), the precision of vector files")
    return word, values


def _add_word(word: str, index: dict[str, int], where: str, label) -> None:
    """Record a word's position; a repeated word is an error naming its first position."""
    if word in index:
        raise VectorFileError(f"{where}: duplicate word {word!r} (first in {label(index[word])})")
    index[word] = len(index)


def _read_text(rest: bytes, V: int, N: int) -> tuple[list[str], np.ndarray]:
    """Parse the rows after the header of a text file (data row i is line i + 2)."""
    lines = rest.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the final newline (or an empty body)
    if len(lines) < V:
        raise VectorFileError(
            f"line {len(lines) + 2}: file ends after {len(lines)} rows, header promises {V}")
    if len(lines) > V:
        raise VectorFileError(f"line {V + 2}: more rows than the {V} the header promises")
    vectors = np.empty((V, N), dtype=np.float32)  # (V, N)
    index: dict[str, int] = {}
    for i, line in enumerate(lines):
        word, values = _parse_text_row(line, N, f"line {i + 2}")
        _add_word(word, index, f"line {i + 2}", lambda k: f"line {k + 2}")
        vectors[i] = values
    return list(index), vectors


def _read_binary(rest: bytes, V: int, N: int) -> tuple[list[str], np.ndarray]:
    """Parse the rows after the header of a binary file: word, space, N float32, optional '\\n'."""
    row_bytes = N * _FLOAT32.itemsize
    offsets = []
    index: dict[str, int] = {}
    pos = 0
    for i in range(V):
        where = f"row {i + 1} of {V}"
        if rest[pos:pos + 1] == b"\n":
            pos += 1  # newline ending the previous row (word2vec.c writes it, gensim does not)
        space = rest.find(b" ", pos)
        if space == -1:
            raise VectorFileError(f"{where}: data ends before the word (truncated file?)")
        try:
            word = rest[pos:space].decode("utf-8")
        except UnicodeDecodeError:
            raise VectorFileError(
                f"{where}: word is not valid UTF-8: {_short(rest[pos:space])}") from None
        if word_problem(word):
            raise VectorFileError(f"{where}: expected a word before the vector, got "
                                  f"{_short(word.encode())} ({word_problem(word)})")
        if space + 1 + row_bytes > len(rest):
            have = len(rest) - space - 1
            raise VectorFileError(
                f"{where} (word {word!r}): data ends after {have} of its {row_bytes} "
                f"vector bytes (truncated file?)")
        _add_word(word, index, where, lambda k: f"row {k + 1}")
        offsets.append(space + 1)
        pos = space + 1 + row_bytes
    if rest[pos:pos + 1] == b"\n":
        pos += 1
    if pos != len(rest):
        raise VectorFileError(
            f"row {V + 1}: {len(rest) - pos} bytes follow the {V} rows the header promises")
    vectors = np.empty((V, N), dtype=np.float32)  # (V, N)
    for i, offset in enumerate(offsets):
        vectors[i] = np.frombuffer(rest, dtype=_FLOAT32, count=N, offset=offset)
    words = list(index)
    bad_rows = np.flatnonzero(~np.isfinite(vectors).all(axis=1))  # rows holding NaN or inf
    if bad_rows.size:
        k = int(bad_rows[0])
        raise VectorFileError(f"row {k + 1} of {V} (word {words[k]!r}): contains NaN or infinity")
    return words, vectors


def _looks_like_text(line: bytes) -> bool:
    """True if the bytes after the word are printable ASCII, as numbers in a text row are.

    >>> _looks_like_text(b"cat 0.1 x"), _looks_like_text(b"cat \\x00\\x00\\x80\\xbf")
    (True, False)
    """
    _, _, rest = line.partition(b" ")
    return all(32 <= b < 127 or b in (9, 13) for b in rest)


def _parse(header: bytes, rest: bytes, binary: bool | None, max_bytes: int | None):
    """Parse a whole file given its header line and everything after it."""
    V, N = _parse_header(header)
    _check_size(V, N, max_bytes)
    if binary is None:
        first = rest.split(b"\n", 1)[0]
        try:
            _parse_text_row(first, N, "line 2")
            binary = False
        except VectorFileError as text_error:
            try:
                return _read_binary(rest, V, N)
            except VectorFileError as binary_error:
                raise (text_error if _looks_like_text(first) else binary_error) from None
    return _read_binary(rest, V, N) if binary else _read_text(rest, V, N)


def read_word2vec(source, *, binary: bool | None = None, max_bytes: int | None = None):
    """Read a word2vec.c (or gensim) vector file; return (words, vectors float32 (V, N)).

    source: a path, the file's bytes, or a binary file object (e.g. an upload).
    binary: True/False to force the format; None detects it from the first row.
    max_bytes: refuse files whose V x N float32 array would be larger (checked on the header).

    >>> read_word2vec(b"2 2\\nx 1 0\\ny 0.5 0.25\\n")
    (['x', 'y'], array([[1.  , 0.  ],
           [0.5 , 0.25]], dtype=float32))
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read()
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:       # the body is read only as far as the header allows
            header = f.readline(HEADER_BYTES)
            if header.endswith(b"\n"):
                V, N = _parse_header(header[:-1])
                _check_size(V, N, max_bytes)
                data = header + f.read(longest_file(V, N) + 1)
            else:
                data = header
    else:
        raise TypeError(f"source must be a path, bytes or a binary file, got {type(source).__name__}")
    if not data:
        raise VectorFileError("line 1: the file is empty")
    header, newline, rest = data.partition(b"\n")
    if not newline or len(header) >= HEADER_BYTES:
        raise VectorFileError(f"line 1: no 'V N' header line ending within the first "
                              f"{HEADER_BYTES} bytes, got {_short(header[:40])}")
    V, N = _parse_header(header)
    if len(rest) > longest_file(V, N):
        raise VectorFileError(f"line 1: the file goes on past the {V} rows of {N} values its "
                              f"header promises (more than {longest_file(V, N):,} bytes)")
    return _parse(header, rest, binary, max_bytes)


def longest_file(V: int, N: int) -> int:
    """The most bytes V rows of N values can take after the header, text or binary.

    >>> longest_file(2, 3)
    2244
    """
    return V * (MAX_WORD_BYTES + 2 + N * MAX_VALUE_CHARS)


# The writer (writing.py) shares this module's constants; its functions are part of the
# format's interface, so they are imported here too.
from .writing import to_word2vec_bytes, values_problem, word_problem, write_word2vec  # noqa: E402,F401
