"""A student's own text with 5,000 distinct words: every output layer, every panel of the Step
inspector and every page works; the figures draw the true word and the touched vectors, and
say exactly what they leave out (numbers recomputed here with numpy on the full arrays)."""

import numpy as np
import pytest

import apptest
from ui.inspector.panels import PANELS as ALL_PANELS
from w2v_core.lab import Lab, LabSettings

PAGE = "pages/step_inspector.py"
PANELS = [p for p in ALL_PANELS if p not in ("Network", "Probe")]   # the panels with tables
PAGES = ["pages/corpus_lab.py", "pages/hierarchical_softmax.py", "pages/negative_sampling.py",
         "pages/subsampling.py", "pages/three_outputs.py"]
V = 5000


def large_text(words: int = V, seed: int = 0) -> str:
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, words + 1)
    draws = rng.choice(words, size=words * 4, p=weights / weights.sum())
    draws[:words] = rng.permutation(words)                      # every word at least once
    return "\n".join(" ".join(f"w{i}x" for i in draws[k:k + 8]) for k in range(0, len(draws), 8))


@pytest.fixture(scope="module")
def text():
    return large_text()


def notes_of(spec) -> str:
    return " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))


def ticks(spec, axis="xaxis2") -> list[str]:
    return spec["layout"][axis]["ticktext"]


@pytest.mark.slow
@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
def test_every_panel_works_at_5000_words_and_says_what_it_leaves_out(text, output):
    lab = Lab.from_text(text, LabSettings(output=output))
    assert lab.vocab.size == V
    at = apptest.open_page(PAGE, lab=lab, name="a large text")
    at.button(key="insp_step1").click().run()
    at.button(key="insp_step1").click().run()
    trace, words = lab.last[1], lab.vocab.words
    for name in PANELS:
        at.session_state["insp_tab"] = name
        at.run()
        assert not at.exception, (name, at.exception)
        assert apptest.element_bytes(at) <= 300_000, name
    at.session_state["insp_tab"] = "Forward pass"
    at.run()
    spec = apptest.figures(at)[0]
    if output == "softmax":
        y = trace.out.y
        assert all(words[t] in ticks(spec) for t in trace.targets)        # the true words drawn
        assert len(ticks(spec)) == 40
        shown = {int(w[1:-1]) for w in ticks(spec)}
        rest = np.array(sorted({int(w[1:-1]) for w in words} - shown))
        idx = [words.index(f"w{i}x") for i in rest]
        note = notes_of(spec)
        assert f"+ {V - 40:,} more words" in note
        assert f"{y[idx].max():.6g} ({words[idx[np.argmax(y[idx])]]})" in note
    at.session_state["insp_tab"] = "Updates"
    at.run()
    spec = apptest.figures(at)[0]
    names = ticks(spec, "xaxis2")
    if output != "softmax":                                    # every touched vector is drawn
        touched = [(f"n{j + 1}" if output == "hs" else words[j]) for j in trace.out_rows]
        assert set(touched) <= set(names)
    assert all(words[k] in ticks(spec, "yaxis3") for k in trace.in_rows)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_a_5000_word_text(text, page):
    at = apptest.open_page(page, lab=Lab.from_text(text), name="a large text", timeout=120)
    assert not at.exception
    for spec in apptest.figures(at):
        bars = sum(len(t.get("x") or []) for t in spec["data"] if t.get("type") == "bar")
        assert bars <= 3 * 60, (page, bars)                   # no chart draws thousands of bars
    assert apptest.element_bytes(at) <= 300_000


def one_long_line(words: int = 4_000) -> str:
    """A pasted paragraph without line breaks: one sentence of ``words`` distinct words."""
    return " ".join(f"w{i * 7919 % 100_003}" for i in range(words))


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES + [PAGE])
def test_one_4000_word_line_shows_a_view_of_its_tokens_on_every_page(page):
    at = apptest.open_page(page, lab=Lab.from_text(one_long_line()), name="one long line",
                           timeout=120)
    if page == PAGE:
        at.button(key="insp_step1").click().run()
    assert not at.exception
    for spec in apptest.figures(at):
        for axis in ("xaxis", "xaxis2"):
            assert len(spec["layout"].get(axis, {}).get("ticktext") or []) <= 60, (page, axis)
    assert all(m.value.count(" ") <= 200 for m in at.markdown), page    # no 4,000-word line
    assert apptest.element_bytes(at) <= 300_000
