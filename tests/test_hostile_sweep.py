"""A crawl through every page that drives every control to its extremes.

Every button several times, every slider and number input to both ends, every option
of every select, hostile text in every text box and hostile files in every uploader, the
crafted lab files of tests/crafted_labs.py among them.
After each rerun: no exception, no user text rendered as raw HTML, and no NaN or
infinity shown without a warning on the page.
"""
import re
from pathlib import Path

import pytest
from streamlit.runtime.state.common import TESTING_KEY
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = re.findall(r'"(pages/\w+\.py)"', Path(APP).read_text(encoding="utf-8"))
MARKER = "zqxjk"      # a word no preset contains, to find user text on the page
HOSTILE_TEXTS = [
    "", "a", (MARKER + " ") * 8000,                               # empty, one char, 48k characters
    f"<script>alert('{MARKER}')</script> <b>{MARKER}</b> <img src=x onerror=alert(1)>",
    f"ctrl\x00\x01\x1b[31m \u202e{MARKER}\u202c \u200fright-to-left\u200f",
    "王 后 国王 女人 男人 かな 한국어 " + MARKER,
    "nan inf -inf 1e309 NaN",
]
HOSTILE_FILES = [
    ("empty.txt", b""), ("binary.txt", b"\x00\x01\x02\xff" * 100),
    ("latin1.txt", "caf\xe9 na\xefve".encode("latin-1")),
    ("<script>alert(1)</script>.txt", f"<script>{MARKER}</script> the cat\nthe dog".encode()),
    ("huge.txt", b"word other " * 1_200_000),
]
NUMBER_WORDS = re.compile(r"(?<![\w.])(nan|[-+]?inf(inity)?)(?![\w])", re.IGNORECASE)


def fresh(page):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(page)
    at.run()
    return at


def check(at, what):
    assert not at.exception, f"{what}: {[e.value for e in at.exception]}"
    for md in at.markdown:
        assert not (md.proto.allow_html and ("<script" in md.value or MARKER in md.value)), (
            f"{what}: user text rendered as HTML: {md.value[:80]!r}")
    shown = [m.value for m in at.metric] + [t.value for t in at.text] + [m.value for m in at.markdown]
    if any(NUMBER_WORDS.search(str(s)) for s in shown if MARKER not in str(s)):
        assert at.warning or at.error, f"{what}: NaN/inf shown without a warning"


def drive(at, kind, index, action, what):
    widgets = at.get(kind)
    if index >= len(widgets) or getattr(widgets[index].proto, "disabled", False):
        return                              # a student cannot touch a disabled widget either
    action(widgets[index])
    at.run()
    check(at, f"{what} {kind}[{index}]")


def ends_of(w):
    p = w.proto
    cast = int if p.data_type == 0 else float    # NumberInput/Slider data_type 0 = INT
    lo = p.min if getattr(p, "has_min", True) else -1e9
    hi = p.max if getattr(p, "has_max", True) else 1e9
    return cast(lo), cast(hi)


def set_ends(kind):
    def actions(w):
        lo, hi = ends_of(w)
        if isinstance(w.value, (tuple, list)):
            return [lambda w: w.set_range(lo, hi)]
        return [lambda w, v=v: w.set_value(v) for v in (lo, hi, lo)]
    return actions


def choose(formatted):
    """Select an option by its label as shown: AppTest's option lists hold the labels a
    format_func made, so map labels to themselves and let the widget send the index."""
    def act(w):
        w.root.session_state[TESTING_KEY][w.id] = lambda x: x
        w.set_value(formatted)
    return act


ACTIONS = {
    "slider": set_ends("slider"),
    "number_input": set_ends("number_input"),
    "selectbox": lambda w: [choose(o) for o in w.options],
    "radio": lambda w: [choose(o) for o in w.options],
    "select_slider": lambda w: [choose(o) for o in (w.options[-1], w.options[0])],
    "button_group": lambda w: [choose([o] if isinstance(w.value, list) else o) for o in w.options],
    "checkbox": lambda w: [lambda w: w.check(), lambda w: w.uncheck()],
    "toggle": lambda w: [lambda w: w.set_value(True), lambda w: w.set_value(False)],
    "multiselect": lambda w: [choose(list(w.options)[: w.proto.max_selections or None]), choose([])],
    "text_input": lambda w: [lambda w, t=t: w.set_value(t[: w.proto.max_chars or None])
                             for t in HOSTILE_TEXTS],
    "text_area": lambda w: [lambda w, t=t: w.set_value(t[: w.proto.max_chars or None])
                            for t in HOSTILE_TEXTS],
    "file_uploader": lambda w: [lambda w, f=f: w.set_value((f[0], f[1], "text/plain"))
                                for f in HOSTILE_FILES],
}


def press_every_button(at, what, times=3):
    for i in range(len(at.button)):
        for _ in range(times):
            if i < len(at.button) and not at.button[i].proto.disabled:
                at.button[i].click()
                at.run()
                check(at, f"{what} button[{i}] {at.button[i].label if i < len(at.button) else ''}")


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_every_control_at_its_extremes_keeps_the_page_alive(page):
    at = fresh(page)
    check(at, page)
    press_every_button(at, page)
    for kind, make in ACTIONS.items():
        i = 0
        while i < len(at.get(kind)):
            for act in make(at.get(kind)[i]):
                drive(at, kind, i, act, page)
            if kind in ("text_input", "text_area"):
                at.get(kind)[i].set_value(HOSTILE_TEXTS[3])
                at.run()
                press_every_button(at, f"{page} after hostile text", times=1)
            i += 1
    press_every_button(at, f"{page} at the end", times=1)


@pytest.mark.slow
@pytest.mark.parametrize("page", [p for p in PAGES if "training" in p or "corpus_lab" in p])
def test_every_crafted_lab_in_every_uploader_keeps_the_page_alive(page):
    """The crafted lab files of tests/crafted_labs.py (valid checksums, hostile contents) in
    every file uploader of the pages that have one, then every button once."""
    from crafted_labs import crafted_labs
    at = fresh(page)
    for name, (data, _) in crafted_labs().items():
        for i in range(len(at.get("file_uploader"))):
            at.get("file_uploader")[i].set_value((f"{name}.npz", data, "application/octet-stream"))
            at.run()
            check(at, f"{page} {name} in uploader[{i}]")
            press_every_button(at, f"{page} after {name}", times=1)
