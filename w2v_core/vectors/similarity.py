"""Cosine nearest neighbours and analogies over word vectors (rows of W, NOTATION.md).

Follows word2vec.c's distance.c / word-analogy.c and gensim's ``KeyedVectors.most_similar``:
vectors are normalised to unit length, the query is a sum of normalised vectors, and the
answers are ranked by cosine similarity with the query words themselves left out.
Analogy a : b :: c : ? uses 3CosAdd, unit(unit(b) - unit(a) + unit(c)).
"""

from __future__ import annotations

import numpy as np


def unit_rows(vectors) -> np.ndarray:
    """Each row divided by its length; all-zero rows stay zero (no division warnings).

    >>> unit_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    array([[0.6, 0.8],
           [0. , 0. ]])
    """
    vectors = np.asarray(vectors, dtype=np.float64)  # (V, N)
    if vectors.ndim != 2:
        raise ValueError(f"vectors must be a 2-D array (V, N), got shape {vectors.shape}")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)  # (V, 1)
    out = np.zeros_like(vectors)  # (V, N)
    np.divide(vectors, norms, out=out, where=norms > 0)
    return out


def _index_of(words: list[str], vectors, word: str) -> int:
    """Position of word in words, with a clear error if it is missing.

    >>> _index_of(["a", "b"], np.zeros((2, 1)), "b")
    1
    """
    if len(words) != len(vectors):
        raise ValueError(f"{len(words)} words but {len(vectors)} vector rows")
    try:
        return words.index(word)
    except ValueError:
        raise ValueError(f"{word!r} is not in the vocabulary") from None


def _check_topn(topn: int) -> None:
    """topn must be a positive integer."""
    if not isinstance(topn, (int, np.integer)) or isinstance(topn, bool) or topn < 1:
        raise ValueError(f"topn must be a positive integer, got {topn!r}")


def _ranked(words: list[str], scores: np.ndarray, exclude: set[int], topn: int):
    """The topn (word, score) pairs by descending score, skipping the indices in exclude.

    >>> _ranked(["a", "b", "c"], np.array([0.1, 0.9, 0.5]), {1}, 5)
    [('c', 0.5), ('a', 0.1)]
    """
    order = np.argsort(-scores, kind="stable")  # (V,) best first; ties keep vocabulary order
    picked = [int(k) for k in order[: topn + len(exclude)] if int(k) not in exclude]
    return [(words[k], float(scores[k])) for k in picked[:topn]]


def nearest(words: list[str], vectors, query: str, topn: int = 10) -> list[tuple[str, float]]:
    """The topn words with the highest cosine similarity to query, query itself excluded.

    >>> nearest(["x", "y", "xy"], np.array([[1.0, 0], [0, 1], [1, 1]]), "x", topn=2)
    [('xy', 0.7071067811865475), ('y', 0.0)]
    """
    _check_topn(topn)
    i = _index_of(words, vectors, query)
    unit = unit_rows(vectors)  # (V, N)
    scores = unit @ unit[i]  # (V,)
    return _ranked(words, scores, {i}, topn)


def analogy(words: list[str], vectors, a: str, b: str, c: str,
            topn: int = 5) -> list[tuple[str, float]]:
    """a : b :: c : ?  -- words nearest to unit(b) - unit(a) + unit(c), excluding a, b and c.

    Same ranking and scores as gensim's most_similar(positive=[b, c], negative=[a]).

    >>> vocab = ["man", "king", "woman", "queen"]
    >>> W = np.array([[1.0, 0], [1, 1], [-1, 0], [-1, 1]])
    >>> analogy(vocab, W, "man", "king", "woman", topn=1)
    [('queen', 0.9596829822606672)]
    """
    _check_topn(topn)
    if len({a, b, c}) < 3:
        raise ValueError(f"an analogy needs three different words, got {a!r} : {b!r} :: {c!r} : ?")
    ia, ib, ic = (_index_of(words, vectors, w) for w in (a, b, c))
    unit = unit_rows(vectors)  # (V, N)
    target = unit_rows((unit[ib] - unit[ia] + unit[ic])[None, :])[0]  # (N,)
    scores = unit @ target  # (V,)
    return _ranked(words, scores, {ia, ib, ic}, topn)


def similarity_matrix(words: list[str], vectors, chosen: list[str]) -> np.ndarray:
    """Cosine similarities between the chosen words, a (k, k) matrix in the order given.

    >>> similarity_matrix(["x", "y"], np.array([[2.0, 0], [1, 1]]), ["x", "y"]).round(3)
    array([[1.   , 0.707],
           [0.707, 1.   ]])
    """
    rows = [_index_of(words, vectors, w) for w in chosen]
    unit = unit_rows(vectors)[rows] if rows else np.zeros((0, np.shape(vectors)[-1]))  # (k, N)
    return unit @ unit.T  # (k, k)
