"""Worksheet: one SGD step on a tiny lab, as a printable page with blanks and a separate
answer key; each student number gives its own variant (w2v_core.readouts.worksheet).

The settings travel in the page's query, so the same variant rebuilds from its link
(ui.worksheet); the browser's print to PDF gives the sheet alone on one clean A4/Letter page
(ui.worksheet.PRINT_CSS hides the sidebar, header, settings and buttons).
"""
import streamlit as st

from ui import notes, state
from ui.worksheet import PLACE, PRINT_CSS, controls, from_query, to_query
from w2v_core.readouts.worksheet import make_worksheet
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

state.leave_legacy_page_mode()         # a first deep link runs through app.py too
st.html(PRINT_CSS)
from_query()
with st.container(key="ws_controls"):
    st.title("Worksheet")
    st.markdown("One SGD step on a six-word lab (N ≤ 3, weights with one decimal) to do with "
                "pencil and calculator, with blanks for h, u, y, e, EI, EH, E and the new "
                "vectors, and a separate answer key. Each student number gives other numbers; "
                "the link to this page rebuilds the same sheet. To print: the browser's Print "
                "(or Save as PDF) prints the sheet alone.")
    notes.show(PLACE)
    values = controls()
    to_query(values)
    ws = make_worksheet(**values)
    shown = st.radio("Show", ["The sheet", "The answer key"], horizontal=True, key="wsp_show")
    d = st.columns(4)
    n = values["student"]
    d[0].download_button("Sheet (Markdown)", ws.markdown(), f"worksheet_{n}.md", "text/markdown",
                         on_click="ignore", key="ws_dl_sheet")
    d[1].download_button("Answer key (Markdown)", ws.key_markdown(), f"worksheet_{n}_key.md",
                         "text/markdown", on_click="ignore", key="ws_dl_key")
    d[2].download_button("Sheet (web page)", ws.html(), f"worksheet_{n}.html", "text/html",
                         on_click="ignore", key="ws_dl_html")
    d[3].download_button("Answer key (web page)", ws.html(key=True), f"worksheet_{n}_key.html",
                         "text/html", on_click="ignore", key="ws_dl_key_html")
    st.divider()
with st.container(key="ws_sheet"):
    st.markdown(ws.key_markdown() if shown == "The answer key" else ws.markdown())
