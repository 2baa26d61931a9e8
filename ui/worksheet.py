"""The Worksheet page's settings and its query (pages/worksheet.py lays them out).

The worksheet's parameters travel in the page's query as ``ws_student``, ``ws_seed``,
``ws_arch``, ``ws_output``, ``ws_eta``, ``ws_dim`` (ui.links keeps a page's ``ws_``
parameters beside the lab's), each read as its widget reads it; a value that does not fit
leaves one message and the default. ``PRINT_CSS`` (static, no user text) leaves the sheet
alone in print: no sidebar, header, settings or buttons, the sheet in two columns so that one
step fits one A4 or Letter page.
"""
import streamlit as st

from ui import notes
from w2v_core.readouts.worksheet import MAX_STUDENT
from w2v_core.settings import ARCH_TITLES, OUTPUT_TITLES, RANGES

PLACE = "worksheet"
DEFAULTS = {"student": 1, "seed": 0, "arch": "skipgram", "output": "softmax", "eta": 0.1,
            "dim": 2}
WHOLE = {"student": (0, MAX_STUDENT), "seed": RANGES["seed"].bounds, "dim": (1, 3)}
CHOICES = {"arch": tuple(ARCH_TITLES), "output": tuple(OUTPUT_TITLES)}
ETA = (0.001, 10.0)
APPLIED = "ws_applied"             # the query last read into the widgets
KEPT = "ws_kept"                   # the settings last shown
# Static CSS, no user text: in print, only the sheet (no sidebar, header, settings, buttons).
PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header,
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], .st-key-ws_controls, .stButton, .stDownloadButton,
  [data-testid="stAlert"] { display: none !important; }
  html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] { overflow: visible !important; height: auto !important;
    position: static !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  .st-key-ws_sheet [data-testid="stMarkdownContainer"] { column-count: 2; column-gap: 8mm;
    font-size: 9pt; line-height: 1.3; }
  .st-key-ws_sheet h1 { column-span: all; font-size: 14pt; padding: 0 0 0.3em; }
  .st-key-ws_sheet h2 { font-size: 10pt; padding: 0.4em 0 0.1em; break-after: avoid; }
  .st-key-ws_sheet p { margin: 0 0 0.4em; font-size: 9pt; }
  .st-key-ws_sheet table { break-inside: avoid; margin: 0 0 0.3em; font-size: 9pt; }
  .st-key-ws_sheet td, .st-key-ws_sheet th { padding: 0.2em 0.6em; }
  @page { margin: 12mm; }
}
</style>"""


def _read(name: str, raw: str):
    """One query value checked as the widget checks it; ValueError when it does not fit."""
    if name in CHOICES:
        if raw not in CHOICES[name]:
            raise ValueError(f"is not one of {', '.join(CHOICES[name])}")
        return raw
    if name in WHOLE:
        low, high = WHOLE[name]
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise ValueError(f"is not a whole number from {low} to {high}")
        return int(raw)
    try:
        value = float(raw) if len(raw) < 30 else float("nan")
    except ValueError:
        value = float("nan")
    if not ETA[0] <= value <= ETA[1]:                      # NaN fails too
        raise ValueError(f"is not a number from {ETA[0]:g} to {ETA[1]:g}")
    return value


def from_query() -> None:
    """The query's worksheet into the widgets (once per query: a widget change wins)."""
    query = {k: v for k, v in st.query_params.to_dict().items() if k.startswith("ws_")}
    if not query or query == st.session_state.get(APPLIED):
        return
    st.session_state[APPLIED] = query
    said = []
    for name in DEFAULTS:
        raw = query.get(f"ws_{name}")
        if raw is None:
            continue
        try:
            st.session_state[f"wsp_{name}"] = _read(name, raw)
        except ValueError as err:
            said.append(f"ws_{name}={raw[:20]!r} {err}: using {DEFAULTS[name]}")
    if said:
        notes.leave(PLACE, "warning", "The worksheet link was adjusted: " + "; ".join(said) + ".")


def to_query(values: dict) -> None:
    query = {f"ws_{k}": str(v) for k, v in values.items()}
    for key, value in query.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    st.session_state[APPLIED] = query


def controls() -> dict:
    """The six settings (kept across pages: Streamlit forgets a widget not drawn)."""
    kept = st.session_state.setdefault(KEPT, dict(DEFAULTS))
    for name, value in kept.items():
        st.session_state.setdefault(f"wsp_{name}", value)
    c = st.columns(6)
    values = {
        "student": c[0].number_input("Student number", *WHOLE["student"], key="wsp_student",
                                     help="Each number gives its own weights and sentence."),
        "seed": c[1].number_input("Seed", *WHOLE["seed"], key="wsp_seed",
                                  help="The class's seed: one seed and a student number per sheet."),
        "arch": c[2].selectbox("Architecture", CHOICES["arch"], format_func=ARCH_TITLES.get,
                               key="wsp_arch"),
        "output": c[3].selectbox("Output layer", CHOICES["output"],
                                 format_func=OUTPUT_TITLES.get, key="wsp_output"),
        "eta": c[4].number_input("η", *ETA, step=0.05, format="%g", key="wsp_eta"),
        "dim": c[5].number_input("N", *WHOLE["dim"], key="wsp_dim"),
    }
    kept.update(values)
    return values
