"""The notation crosswalk: every quantity the app writes, under the names of the slides, the
course notes, Rong's paper, Stanford CS224n's word2vec assignment and word2vec.c, so a
student can read any of them next to the screen (shown on the Lesson page and under the
Equations panel). Plain data, no Streamlit.

A dash means the source does not name the quantity. word2vec.c's ``g`` is the error times
the learning rate with the opposite sign: g = (label − σ) · alpha = −η · (σ − t).
"""
from __future__ import annotations

SOURCES = ("app (Rong)", "slides", "notes", "CS224n", "word2vec.c")

ROWS = (   # (quantity, app = Rong's paper, slides, notes, CS224n, word2vec.c)
    ("vocabulary size, hidden size", "V, N", "V, N", "|V|, D", "|V|, d", "vocab_size, layer1_size"),
    ("input matrix (row k: word k's input vector)", "W", "W", "U (|V| × D)", "V (center vectors)", "syn0"),
    ("input vector of the input word", "v_{w_I}", "v_{w_I}", "row of U", "v_c", "syn0[l1]"),
    ("output matrix (column j: word j's output vector)", "W′", "W′", "U (D × |V|), W′", "U (outside vectors)", "syn1neg (NS), syn1 (HS)"),
    ("output vector of word j", "v′_j", "v′_{w_j}", "column of U", "u_o, u_w", "syn1neg[l2]"),
    ("one-hot input", "x", "x", "one-hot", "—", "—"),
    ("hidden layer", "h", "h", "V⃗ (projection)", "v_c", "neu1 (CBOW), syn0[l1] (skip-gram)"),
    ("score of word j", "u_j", "s_j", "z_j", "u_jᵀ v_c", "f (before σ)"),
    ("probability of word j", "y_j", "y_j", "y = softmax(z)", "ŷ_j", "—"),
    ("target (1 for the true word)", "t_j", "t_j", "—", "y_j (one-hot)", "label, 1 − code"),
    ("error of word j", "e_j = y_j − t_j", "e_j", "—", "ŷ − y", "−g / alpha"),
    ("summed error of word j", "EI_j", "Σ_c e_{j_c}", "—", "—", "−g / alpha, summed"),
    ("error sent back to h", "EH", "∂C/∂h", "—", "∂J/∂v_c", "neu1e / alpha (with sign −)"),
    ("loss of one instance", "E", "C(θ)", "—", "J", "—"),
    ("learning rate", "η", "η", "—", "step", "alpha"),
    ("inner node n of the Huffman tree (HS)", "v′_n, n1..n(V−1)", "—", "—", "—", "syn1[point[d]]"),
    ("branch at node n (HS)", "t_n = 1 − code_n", "—", "—", "—", "code[d], point[d]"),
    ("negatives (NS)", "W_neg, k", "—", "—", "K samples", "negative, table"),
)


def table() -> dict[str, list[str]]:
    """The crosswalk as columns, for st.dataframe / st.table.

    >>> t = table(); list(t)[:3], t["word2vec.c"][1]
    (['quantity', 'app (Rong)', 'slides'], 'syn0')
    """
    names = ("quantity",) + SOURCES
    return {name: [row[i] for row in ROWS] for i, name in enumerate(names)}


def symbols() -> dict[str, str]:
    """Each of the app's symbols -> one line naming it in the other sources (the Equations
    panel's caption)."""
    return {row[1]: f"{row[0]}: slides {row[2]}, notes {row[3]}, CS224n {row[4]}, "
                    f"word2vec.c {row[5]}" for row in ROWS}
