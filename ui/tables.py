"""Table formats shared by the pages: numbers as the Step inspector prints them."""
from __future__ import annotations

import streamlit as st


def six_digits(*columns) -> dict:
    """column_config for st.dataframe: these columns show 6 significant digits (the values
    themselves stay exact, so a copied cell has every digit)."""
    return {c: st.column_config.NumberColumn(format="%.6g") for c in columns}
