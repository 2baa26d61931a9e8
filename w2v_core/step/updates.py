"""The hidden layer and the two SGD updates of one step, each in one function (Rong,
arXiv:1411.2738). The step applies them; the trace recomputes its after-values with the
same functions on the same numbers, so both agree bit for bit.
"""
from __future__ import annotations

import numpy as np


def hidden(W_in, inputs) -> np.ndarray:
    """h = v_{w_I} for one input word (eqs. 1, 24); h = (1/C) sum_c v_{w_I,c} for C context
    words (CBOW, eqs. 17-18).  # (N,)

    >>> hidden(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0, 1])).tolist()
    [2.0, 3.0]
    """
    if len(inputs) == 1:
        return W_in[inputs[0]].copy()
    return np.add.reduce(W_in[inputs], axis=0) / len(inputs)     # = .mean(axis=0), sooner


def input_shares(inputs, convention: str = "rong") -> tuple[np.ndarray, np.ndarray]:
    """(distinct input rows, each row's share s_k of EH): s_k = 1 for one input word; m_k / C
    for CBOW (eq. 23: each of the C context vectors gets (1/C) eta EH, a word there m_k times
    gets m_k of them); m_k with word2vec.c's convention (no 1/C).  -> (I,), (I,)

    >>> [a.tolist() for a in input_shares(np.array([4, 2, 4]))]
    [[2, 4], [0.3333333333333333, 0.6666666666666666]]
    """
    inputs = np.asarray(inputs, dtype=np.int64)
    if len(inputs) == 1:
        return inputs, np.ones(1)
    rows: list[int] = []                          # np.unique(return_counts=True), 2x sooner
    counts: list[int] = []
    for k in sorted(inputs.tolist()):
        if rows and rows[-1] == k:
            counts[-1] += 1
        else:
            rows.append(k)
            counts.append(1)
    m = np.array(counts, dtype=np.int64)
    return (np.array(rows, dtype=np.int64),
            m / len(inputs) if convention == "rong" else m.astype(float))


def input_vectors_after(before, share, EH, lr: float) -> np.ndarray:
    """v_w(new) = v_w(old) - eta * s_w * EH for each input row (eqs. 16, 23, 35).  # (I, N)"""
    return before - lr * (share[:, None] * EH[None, :])


def output_vectors_after(before, err, h, lr: float) -> np.ndarray:
    """v'_j(new) = v'_j(old) - eta * EI_j * h for each touched output row (full softmax eqs.
    11, 22, 34; hierarchical softmax eq. 51; negative sampling eq. 59).  # (R, N)

    One new array, ``before`` untouched (the full-softmax step keeps the old W' as its own
    "before" instead of copying all V rows).
    """
    step = np.outer(err, h)                                                # (R, N)
    step *= lr
    return np.subtract(before, step, out=step)
