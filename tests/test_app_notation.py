"""One notation on every page, the paper's: no raw TeX in chart text, indices counted from 1
the same way everywhere, and a default lab small enough that every number fits on screen."""

import pytest

import apptest
from ui.inspector.panels import PANELS as ALL_PANELS
from ui.inspector.keys import TAB
from w2v_core.corpora import DEFAULT_PRESET, load_preset
from w2v_core.lab import Lab, LabSettings

PAGES = ["pages/home.py", "pages/corpus_lab.py", "pages/step_inspector.py",
         "pages/hierarchical_softmax.py", "pages/negative_sampling.py", "pages/subsampling.py",
         "pages/three_outputs.py", "pages/training.py"]
PANELS = [p for p in ALL_PANELS if p not in ("Network", "Probe")]   # the panels with tables


def texts_of_charts(at) -> list[str]:
    """Titles, axis titles and annotations of every chart on the page."""
    out = []
    for fig in apptest.figures(at):
        layout = fig["layout"]
        out += [a.get("text", "") for a in layout.get("annotations", [])]
        title = layout.get("title") or {}
        out.append(title.get("text", "") if isinstance(title, dict) else str(title))
        for key, axis in layout.items():
            if key.startswith(("xaxis", "yaxis")) and isinstance(axis.get("title"), dict):
                out.append(axis["title"].get("text", ""))
    return out


def test_the_default_lab_is_small_enough_to_read_every_number():
    at = apptest.open_page("pages/step_inspector.py")
    lab = at.session_state["lab"]
    assert DEFAULT_PRESET == "eat_drink" and lab.vocab.size <= 10 and lab.settings.dim <= 3


@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
@pytest.mark.parametrize("page", PAGES)
def test_no_chart_text_on_any_page_shows_raw_tex(page, output):
    lab = Lab.from_text(load_preset(DEFAULT_PRESET), LabSettings(output=output))
    lab.step(0.1, 3)
    at = apptest.open_page(page, lab=lab, name="eat and drink")
    panels = PANELS if page.endswith("step_inspector.py") else [None]
    for panel in panels:
        if panel:
            at.session_state[TAB] = panel
            at.run()
        bad = [t for t in texts_of_charts(at) if "_{" in t or "^{" in t]
        assert not bad, (page, panel, bad)


def test_inner_nodes_and_words_are_numbered_alike_on_every_page():
    lab = Lab.from_text(load_preset(DEFAULT_PRESET), LabSettings(output="hs"))
    lab.step(0.1, 2)
    trace = lab.last[1]
    inspector = apptest.open_page("pages/step_inspector.py", lab=lab, name="eat and drink")
    inspector.session_state[TAB] = "Forward pass"
    inspector.run()
    nodes = next(d.value for d in inspector.dataframe if "node n" in d.value.columns)
    first = nodes[nodes["target"] == lab.vocab.words[trace.targets[0]]]["node n"].tolist()
    hs = apptest.open_page("pages/hierarchical_softmax.py", lab=lab, name="eat and drink")
    path = next(d.value for d in hs.dataframe if "node n" in d.value.columns)
    assert path["node n"].tolist() == first == [f"n{n + 1}" for n in trace.out.paths[0].nodes]
    inspector.session_state[TAB] = "Hand-check sheet"
    inspector.run()
    instance = next(d.value for d in inspector.dataframe if "role" in d.value.columns)
    corpus = apptest.open_page("pages/corpus_lab.py", lab=lab, name="eat and drink")
    vocabulary = next(d.value for d in corpus.dataframe if "Huffman code" in d.value.columns)
    index = dict(zip(vocabulary["word"], vocabulary["index"]))
    for word, number in zip(instance["word"], instance["index"]):
        assert index[word] == number == lab.vocab.index[word] + 1
