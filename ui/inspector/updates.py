"""The Updates panel (W' and W after the step and their changes, as the slides draw them)
and the Hand-check sheet (every number of the step as tables, and as CSV and Markdown)."""
from __future__ import annotations

import streamlit as st

from ui import answers_sheet, charts, crosswalk, keep, labels, worked_example
from ui.figures import step as fs
from ui.figures.parts import left_out, positions
from ui.charts import height
from ui.labels import out_names
from ui.safe import md
from ui.tables import as_table, table
from ui.tables import six_digits
from w2v_core.readouts import step_inspector as ins
from w2v_core.readouts.hand_check import hand_check, sheet_csv

SHEET_ROWS = 40          # a sheet table longer than this shows its first rows until asked


def updates_panel(lab, trace) -> None:
    model, words = lab.model, lab.vocab.words
    names = out_names(lab, trace)
    f_out = ins.changed_focus(model.W_out.shape[0], trace.out_rows, trace.d_out,
                               [trace.true_output])
    f_in = ins.input_focus(model.W_in, trace.in_rows, 3 if charts.presenting() else 12)
    d_out = ins.dense_change(model.W_out.shape[0], trace.out_rows, trace.d_out)[f_out.shown]
    d_in = ins.dense_change(model.W_in.shape[0], trace.in_rows, trace.d_in)[f_in.shown]
    charts.show(lambda: fs.updates_figure(
        model.W_out[f_out.shown].T, d_out.T, [names[j] for j in f_out.shown],
        positions(f_out.shown, trace.out_rows) if len(trace.out_rows) < len(names) else [],
        model.W_in[f_in.shown], d_in, [words[k] for k in f_in.shown],
        positions(f_in.shown, trace.in_rows), labels.dims(lab.settings.dim),
        left_out(f_out, "|change|", names, "output vectors"),
        left_out(f_in, "|entry|", words, "rows"), height(600, 420)), key="insp_updates")
    if as_table("Show the changed vectors as a table", key="insp_updates_as_table"):
        for n, t in enumerate(hand_check(trace, words, names).tables):
            if t.title.startswith(("Input vectors", "Output vectors")):
                st.markdown(f"##### {md(t.title)}")
                _sheet_table(t, f"insp_updates_{n}")
    every = len(trace.out_rows) == len(names)
    st.caption(("Full softmax changes every column of W′: all V output vectors. " if every else
                f"Outlined: the {len(trace.out_rows)} column(s) of W′ and the "
                f"{len(trace.in_rows)} row(s) of W this step changed. ")
               + "The Hand-check sheet lists their old values, changes and new values.")


def _sheet_table(t, key: str) -> None:
    columns = list(t.columns)
    rows = t.rows
    if len(rows) > SHEET_ROWS and not st.toggle(f"Show all {len(rows):,} rows", key=key):
        rows = rows[:SHEET_ROWS]
        st.caption(f"The first {SHEET_ROWS} of {len(t.rows):,} rows (the downloads have all).")
    data = {c: [r[q] for r in rows] for q, c in enumerate(columns)}
    numeric = [c for c in columns if rows and isinstance(rows[0][columns.index(c)], float)]
    st.dataframe(data, hide_index=True, height=min(16, len(rows) + 1) * 35 + 3,
                 column_config=six_digits(*numeric), key=f"{key}_table")


def sheet_panel(lab, trace, task) -> None:
    words = lab.vocab.words
    sheet = hand_check(trace, words, out_names(lab, trace))
    st.markdown("Every number this step used, to redo it with pencil and calculator "
                "(6 significant digits on screen, every digit when copied or downloaded). "
                "Indices count from 1 as in the paper; W′ is N × V, column j is v′_j.")
    c1, c2, _ = st.columns([2, 3, 3])          # wide enough for the 2nd label at 1280 px
    c1.download_button("Download CSV", lambda: sheet_csv(sheet),
                       file_name=keep.step_download_name(lab, "csv"),
                       mime="text/csv", on_click="ignore", key="insp_sheet_csv")
    c2.download_button("Download worked example (Markdown)",
                       lambda: worked_example.markdown(lab, trace, task, sheet),
                       file_name=keep.step_download_name(lab, "md"), mime="text/markdown",
                       on_click="ignore",
                       key="insp_sheet_md")
    if answers_sheet.checking(lab, trace, sheet, _sheet_table):    # results hidden, answers typed
        return
    for n, t in enumerate(sheet.tables):
        st.markdown(f"##### {md(t.title)}")           # a heading (WCAG 1.3.1), not bold text
        _sheet_table(t, f"insp_sheet_{n}")
    with st.expander("Notation: the app, the slides, the notes, CS224n and word2vec.c"):
        st.dataframe(crosswalk.table(), hide_index=True)


__all__ = ["sheet_panel", "table", "updates_panel"]
