"""The Worksheet page through AppTest: one step on a small lab as a sheet with blanks and a
separate answer key, one variant per student number, the same variant from its link (the
page's query), Markdown and web-page downloads, and print CSS that leaves the sheet alone."""
from streamlit.testing.v1 import AppTest

import apptest
from ui.worksheet import PRINT_CSS
from w2v_core.readouts.worksheet import BLANK, make_worksheet

PAGE = "pages/worksheet.py"


def open_worksheet(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(apptest.APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sheet(at) -> str:
    return at.markdown[-1].value + "\n"


def test_the_page_shows_a_sheet_with_blanks_and_the_key_on_request():
    at = open_worksheet()
    ws = make_worksheet(student=1)
    assert sheet(at) == ws.markdown() and BLANK in sheet(at)
    at.radio(key="wsp_show").set_value("The answer key").run()
    assert sheet(at) == ws.key_markdown() and BLANK not in sheet(at)
    h = next(e for e in ws.key() if e.quantity == "h")
    assert f"{h.value:.6g}" in sheet(at)


def test_each_student_number_gets_its_own_numbers():
    at = open_worksheet()
    first = sheet(at)
    at.number_input(key="wsp_student").set_value(2).run()
    assert sheet(at) != first and sheet(at) == make_worksheet(student=2).markdown()


def test_the_same_variant_rebuilds_from_its_link():
    at = open_worksheet()
    at.number_input(key="wsp_student").set_value(17).run()
    at.selectbox(key="wsp_output").set_value("ns").run()
    at.number_input(key="wsp_eta").set_value(0.5).run()
    query = {k: v for k, v in at.query_params.items()}
    assert {"ws_student": "17", "ws_output": "ns", "ws_eta": "0.5"}.items() <= {
        k: (v[0] if isinstance(v, list) else v) for k, v in query.items()}.items()
    again = open_worksheet({k: (v[0] if isinstance(v, list) else v) for k, v in query.items()})
    assert sheet(again) == sheet(at) == make_worksheet(student=17, output="ns", eta=0.5).markdown()
    assert not again.warning                                 # the lab's link is not disturbed


def test_a_bad_worksheet_link_is_adjusted_with_one_message():
    at = open_worksheet({"ws_student": "-3", "ws_arch": "lstm", "ws_eta": "nan", "ws_dim": "x"})
    warning = apptest.shown(" ".join(w.value for w in at.warning))
    for said in ("ws_student='-3' is not a whole number from 0 to 100000",
                 "ws_arch='lstm' is not one of skipgram, cbow", "ws_eta='nan' is not a number",
                 "ws_dim='x' is not a whole number from 1 to 3"):
        assert said in warning
    assert sheet(at) == make_worksheet(student=1).markdown()


def test_the_sheet_and_the_key_download_as_markdown_and_as_a_web_page():
    at = open_worksheet()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Sheet (Markdown)", "Answer key (Markdown)", "Sheet (web page)",
                      "Answer key (web page)"]


def test_print_shows_the_sheet_alone_with_static_css():
    at = open_worksheet()
    bodies = [e.proto.body for e in at.get("html")]
    assert PRINT_CSS in bodies
    for hidden in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', ".stButton",
                   ".stDownloadButton", ".st-key-ws_controls"):
        assert hidden in PRINT_CSS.split("{ display: none")[0]
    assert PRINT_CSS.startswith("<style>\n@media print {")
