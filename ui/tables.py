"""Table formats shared by the pages: numbers as the Step inspector prints them."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import streamlit as st


def six_digits(*columns) -> dict:
    """column_config for st.dataframe: these columns show 6 significant digits (the values
    themselves stay exact, so a copied cell has every digit)."""
    return {c: st.column_config.NumberColumn(format="%.6g") for c in columns}


TABLE_ROWS = 200     # tables list every word up to this V; above, the figure's words until asked
TEXT_COLUMNS = {"word", "target", "node n", "sample", "output vector", "output", "t = 1"}
INDEX_COLUMNS = {"j", "i", "c", "code", "k", "times", "step"}


def table(columns, key: str | None = None) -> None:
    """A dataframe (``columns``: a dict of columns, or an Arrow table) tall enough for every
    row (up to 16), numbers to 6 significant digits (the values stay exact, so a copied cell
    has every digit). Sent as an Arrow table built here: Streamlit's way through pandas
    costs about ten times as much CPU (3.9 ms against 0.3 ms for the Network panel's table,
    which every student of a class redraws)."""
    data = columns if isinstance(columns, pa.Table) else pa.table(columns)
    fmt = six_digits(*(c for c in data.column_names if c not in TEXT_COLUMNS | INDEX_COLUMNS))
    st.dataframe(data, hide_index=True, height=min(16, data.num_rows + 1) * 35 + 3,
                 column_config=fmt, key=key)


def as_table(label: str, key: str, where=st) -> bool:
    """The switch under a chart that shows its numbers as a table (WCAG 1.1.1: a screen
    reader reads a table cell by cell; anyone can copy it). Off: nothing more is sent."""
    return where.toggle(label, key=key, help="The chart's numbers as a table, every digit kept "
                        "when a cell is copied.")


def table_rows(f, key: str):
    """Every row up to TABLE_ROWS words; above, the figure's rows (a readouts.focus.Focus)
    unless the student asks for all."""
    if f.total <= TABLE_ROWS or st.toggle(f"Show all {f.total:,} rows in a table", key=key):
        return np.arange(f.total)
    return f.shown
