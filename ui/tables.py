"""Table formats shared by the pages: numbers as the Step inspector prints them, and the
view of a long sentence."""
from __future__ import annotations

import streamlit as st


def six_digits(*columns) -> dict:
    """column_config for st.dataframe: these columns show 6 significant digits (the values
    themselves stay exact, so a copied cell has every digit)."""
    return {c: st.column_config.NumberColumn(format="%.6g") for c in columns}


SHOWN_TOKENS = 60      # tokens of a sentence shown at once (a longer line gets a slider)


def token_span(label: str, key: str, n: int, shown: int) -> tuple[int, int]:
    """(start, stop) of the tokens of a sentence of ``n`` to show: all of them up to
    ``shown``; past that a slider picks where a view of ``shown`` starts, with a caption. A
    start left from a longer sentence is brought into range first."""
    if n <= shown:
        return 0, n
    last = n - shown + 1
    if st.session_state.get(key, 1) > last:
        st.session_state[key] = last
    start = st.slider(label, 1, last, key=key) - 1
    st.caption(f"Tokens {start + 1} to {start + shown} of {n:,}.")
    return start, start + shown
