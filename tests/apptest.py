"""Opening a page of the app through AppTest, as a student would: app.py first, then the page."""
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_page(page: str, lab=None, name: str = "test corpus", timeout: float = 60) -> AppTest:
    """Run app.py, optionally with a prepared Lab in session state, then switch to ``page``."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if lab is not None:
        at.session_state["lab"] = lab
        at.session_state["corpus_name"] = name
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_own(at: AppTest, prefix: str = "insp") -> AppTest:
    """Open "Enter your own W and W′" (drawn only while open), as a click on it does."""
    at.session_state[f"{prefix}_own_open"] = True
    return at.run()


def open_settings(at: AppTest) -> AppTest:
    """Open the Step inspector's settings of a lab opened from a link (closed under one
    expander, drawn only when open), as a click on it does."""
    from ui.inspector.keys import LINK_SETTINGS
    at.session_state[LINK_SETTINGS] = True
    return at.run()


def shown(markdown: str) -> str:
    """Markdown made by ui.safe.md as a student reads it: no escapes, no invisible joiners."""
    return markdown.replace("\\", "").replace("\u2060", "")


def figures(at: AppTest) -> list[dict]:
    """The figure of every chart on the page, in page order, as the browser receives it: the
    kept charts' data (ui/kept_chart.py) and the specs of Streamlit's own charts."""
    found = []
    for element in at.get("bidi_component") + at.get("plotly_chart"):
        if element.type == "plotly_chart":
            found.append((element, json.loads(element.proto.spec)))
        else:
            found.append((element, json.loads(element.proto.bytes)["figure"]))
    order = {id(e): n for n, e in enumerate(_elements(at))}
    return [figure for element, figure in sorted(found, key=lambda pair: order[id(pair[0])])]


def figure(at: AppTest, key: str) -> dict:
    """The figure of the chart named ``key`` (the key its page gave ui.charts.show)."""
    (element,) = [e for e in at.get("bidi_component") + at.get("plotly_chart")
                  if e.proto.id.endswith(f"-{key}")]
    if element.type == "plotly_chart":
        return json.loads(element.proto.spec)
    return json.loads(element.proto.bytes)["figure"]


def _elements(at: AppTest) -> list:
    out = []

    def walk(node):
        out.append(node)
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return out


def chart_strings(at: AppTest) -> list[str]:
    """Every string in the page's Plotly specs (decoded: the JSON writes "<" as \\u003c)."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for fig in figures(at):
        walk(fig)
    return found


def assert_no_raw_markup(at: AppTest, tag: str = "<b>") -> None:
    """No markdown element and no string in a chart of the page carries ``tag`` unescaped."""
    assert all(tag not in m.value for m in at.markdown)
    leaks = [text for text in chart_strings(at) if tag in text]
    assert not leaks, leaks


def element_bytes(at: AppTest) -> int:
    """The size of every element proto on the page as AppTest holds it after the run (what
    the server sent for it), sidebar included."""
    total = 0

    def walk(node):
        nonlocal total
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            total += proto.ByteSize()
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return total


def open_link(params: dict, timeout: float = 60) -> AppTest:
    """app.py opened with the query parameters of a link (no exception on the way)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
