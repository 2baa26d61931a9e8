"""The "One instance, three output layers" page through AppTest: the k slider, and the numbers
on screen equal compare_output_layers' (and the lab's own step for the lab's own layer)."""
import json
from pathlib import Path

import numpy as np
import pytest

import apptest
from streamlit.testing.v1 import AppTest

from w2v_core.readouts.three_outputs import compare_output_layers, cosine, instance_view, norm
from w2v_core.lab import Lab, LabSettings

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "pages/three_outputs.py"
LAYERS = ("softmax", "hs", "ns")


def open_page(lab: Lab | None = None, name: str = "test corpus") -> AppTest:
    return apptest.open_page(PAGE, lab, name)


def engine_traces(lab, k, lr=0.1):
    views = {x: instance_view(lab, x, negative=k, ns_power=lab.settings.ns_power) for x in LAYERS}
    t = views["softmax"].task
    return compare_output_layers(lab.vocab, views["softmax"].model.W_in,
                                 views["softmax"].model.W_out, views["hs"].model.W_out,
                                 t.center, t.context, lr, views["ns"].trace.negatives,
                                 lab.settings.arch, lab.settings.convention)


def check_table(at, k):
    lab = at.session_state["lab"]
    traces = engine_traces(lab, k)
    table = at.dataframe[0].value
    assert table["loss before"].tolist() == [traces[x].loss for x in LAYERS]
    assert table["loss after"].tolist() == [traces[x].loss_after for x in LAYERS]
    assert table["vectors touched"].tolist() == [len(traces[x].out_rows) for x in LAYERS]
    assert table["|EH|"].tolist() == [norm(traces[x].EH) for x in LAYERS]
    np.testing.assert_array_equal(table["cos(EH, softmax's)"].to_numpy(),
                                  [cosine(traces[x].EH, traces["softmax"].EH) for x in LAYERS])
    assert table["|Δ input vector(s)|"].tolist() == [norm(traces[x].d_in) for x in LAYERS]
    return traces


def test_default_page_shows_the_engines_comparison():
    at = open_page()
    assert at.slider(key="three_k").value == 2          # k = 2 on the default preset's 8 words
    traces = check_table(at, 2)
    lab = at.session_state["lab"]
    assert at.dataframe[0].value["vectors touched"][0] == lab.vocab.size
    assert traces["softmax"].loss_after < traces["softmax"].loss


def test_k_slider_changes_the_cost_of_negative_sampling():
    at = open_page()
    at.slider(key="three_k").set_value(2).run()
    traces = check_table(at, 2)
    P = len(traces["ns"].targets)
    assert at.dataframe[0].value["vectors touched"][2] <= P * 3


@pytest.mark.parametrize("output", LAYERS)
def test_the_labs_own_layer_shows_the_labs_own_step(output):
    lab = Lab.from_text("the cat sat on the mat\nthe dog sat on the log\n" * 4,
                        LabSettings(output=output, negative=3))
    lab.step(0.1, 6)
    at = open_page(lab)
    at.slider(key="three_k").set_value(3).run()
    row = at.dataframe[0].value.iloc[LAYERS.index(output)]
    trace = lab.last[1]
    assert row["loss before"] == trace.loss and row["loss after"] == trace.loss_after
    assert row["|EH|"] == norm(trace.EH)


def test_tiny_vocabulary_and_large_k():
    at = open_page(Lab.from_text("a b a b a", LabSettings(arch="cbow")), "tiny")
    at.slider(key="three_k").set_value(30).run()
    assert not at.exception
    check_table(at, 30)


def test_words_are_data_never_markup():
    at = open_page(Lab([["<b>", "*a*", "<b>", "*a*", "*a*"]], LabSettings()), "evil")
    assert "&lt;b&gt;" in json.dumps(apptest.figures(at)[1])      # the input word, in a title
    apptest.assert_no_raw_markup(at)
