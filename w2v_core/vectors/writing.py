"""Writing word vector files in word2vec.c's text and binary formats (the format, its
limits and the reader: word2vec_format.py)."""
from __future__ import annotations

import numpy as np

from .word2vec_format import _FLOAT32, _SPACE, FLOAT32_MAX, MAX_WORD_BYTES


# ---------------------------------------------------------------- writing

def _checked(words: list[str], vectors) -> np.ndarray:
    """Validate words and vectors for writing; return the vectors as float32 (V, N)."""
    vectors = np.asarray(vectors)
    if vectors.ndim != 2 or vectors.shape[1] < 1:
        raise ValueError(f"vectors must be a 2-D array (V, N) with N >= 1, got shape {vectors.shape}")
    if len(words) != vectors.shape[0]:
        raise ValueError(f"{len(words)} words but {vectors.shape[0]} vector rows")
    if len(words) == 0:
        raise ValueError("no words to write (V = 0)")
    if (not all(isinstance(w, str) for w in words) or "" in words   # one pass per test, in C
            or _SPACE.search("\0".join(words)) or max(map(len, words)) > MAX_WORD_BYTES // 4):
        for word in words:
            if not isinstance(word, str):
                raise ValueError(f"every word must be a non-empty string, got {word!r}")
            if word_problem(word):
                raise ValueError(f"word {word!r} cannot be written: {word_problem(word)}")
    if len(set(words)) != len(words):
        seen = set()
        twice = next(w for w in words if w in seen or seen.add(w))
        raise ValueError(f"word {twice!r} appears twice")
    problem = values_problem(vectors)
    if problem:
        raise ValueError(f"vectors {problem}; refusing to write")
    return np.asarray(vectors, dtype=_FLOAT32)  # (V, N), no copy when it is float32


def values_problem(vectors) -> str | None:
    """Why these values cannot be written to a vector file (None when they can): NaN or
    infinity, or a value beyond float32's range (a file stores float32, word2vec.c's `real`;
    a float64 lab's W can outgrow it while still finite). Checked in blocks of rows.

    >>> values_problem(np.ones((2, 2))), values_problem(np.array([[1.0, 2.6e39]]))
    (None, 'hold a value of 2.6e+39, beyond the largest float32 a vector file stores (3.4e+38)')
    """
    vectors = np.asarray(vectors)
    for i in range(0, len(vectors), 65536):
        block = vectors[i:i + 65536]
        if not np.isfinite(block).all():
            return "contain NaN or infinity"
        big = float(np.abs(block).max()) if block.size else 0.0
        if big > FLOAT32_MAX:
            return (f"hold a value of {big:.2g}, beyond the largest float32 a vector file "
                    f"stores ({FLOAT32_MAX:.2g})")
    return None


def word_problem(word: str) -> str | None:
    """Why ``word`` cannot be a word of a vector file (None when it can). The writer and the
    reader use this one rule, so a file one of them accepts the other accepts too.

    >>> word_problem("king"), word_problem("a\u00a0b"), word_problem("")
    (None, 'it contains whitespace (U+00A0)', 'it is empty')
    """
    if word == "":
        return "it is empty"
    space = _SPACE.search(word)
    if space:
        return f"it contains whitespace (U+{ord(space.group()):04X})"
    if len(word.encode("utf-8")) > MAX_WORD_BYTES:
        return f"it is longer than {MAX_WORD_BYTES} bytes"
    return None


def to_word2vec_bytes(words: list[str], vectors: np.ndarray, binary: bool) -> bytes:
    """The bytes word2vec.c would write for these words and vectors.

    >>> to_word2vec_bytes(["a"], np.array([[0.5, -1.0]]), binary=False)
    b'1 2\\na 0.500000 -1.000000 \\n'
    >>> to_word2vec_bytes(["a"], np.array([[0.5, -1.0]]), binary=True)
    b'1 2\\na \\x00\\x00\\x00?\\x00\\x00\\x80\\xbf\\n'
    """
    return b"".join(_chunks(_checked(words, vectors), words, binary))


def _chunks(vectors: np.ndarray, words: list[str], binary: bool, rows: int = 2000):
    """The file's bytes in pieces of ``rows`` rows (a large file is never one bytes object)."""
    V, N = vectors.shape
    yield f"{V} {N}\n".encode("ascii")
    row_format = "%f " * N  # "%lf " per value, trailing space included
    for start in range(0, V, rows):
        block = zip(words[start:start + rows], vectors[start:start + rows])
        if binary:
            yield b"".join(w.encode("utf-8") + b" " + row.tobytes() + b"\n" for w, row in block)
        else:
            yield "".join(f"{w} {row_format % tuple(row.tolist())}\n" for w, row in block
                          ).encode("utf-8")


def write_word2vec(path_or_binary_file, words: list[str], vectors: np.ndarray, binary: bool) -> None:
    """Write a word2vec.c vector file to a path or to a file object opened in binary mode."""
    chunks = _chunks(_checked(words, vectors), words, binary)
    if hasattr(path_or_binary_file, "write"):
        for chunk in chunks:
            path_or_binary_file.write(chunk)
    else:
        with open(path_or_binary_file, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
