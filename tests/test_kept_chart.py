"""The charts the browser keeps (ui/kept_chart.py): what they send, the plotly.js they are drawn
with, and the Streamlit chart a server without static serving shows instead."""
import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit import config

import apptest
from ui import kept_chart
from ui.figures.theme import CHART_CONFIG


def test_the_payload_is_the_figure_as_plotly_writes_it_the_config_and_its_text():
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1.5, -2.0]), layout=dict(height=300,
                                                                    title="y, the outputs"))
    sent = json.loads(kept_chart.payload(fig, CHART_CONFIG))
    assert sent == {"figure": json.loads(fig.to_json()), "config": CHART_CONFIG,
                    "alt": "Chart: y, the outputs. 2 bars from -2 (b) to 1.5 (a)."}


def test_words_in_a_figure_are_json_data_not_code():
    fig = go.Figure(go.Bar(x=["</script><b>x</b>", '"quoted"'], y=[1, 2]))
    sent = json.loads(kept_chart.payload(fig, CHART_CONFIG))
    assert sent["figure"]["data"][0]["x"] == ["</script><b>x</b>", '"quoted"']


def test_the_served_plotly_js_is_the_installed_packages_own():
    assert kept_chart.write_plotly_js()
    served = kept_chart.STATIC / kept_chart.PLOTLY_JS
    assert served.read_bytes() == kept_chart.SOURCE.read_bytes()


def test_the_inspector_draws_a_kept_chart_that_stays_the_same_element_across_steps():
    at = apptest.open_page("pages/step_inspector.py")
    at.button(key="insp_step1").click().run()
    (first,) = at.get("bidi_component")
    before = apptest.figure(at, "insp_network")
    at.button(key="insp_step1").click().run()
    (second,) = at.get("bidi_component")
    assert second.proto.id == first.proto.id                  # the browser keeps its element
    assert apptest.figure(at, "insp_network") != before       # ... and redraws the new numbers
    assert not at.get("plotly_chart")


@pytest.fixture
def static_serving_off():
    served = config.get_option("server.enableStaticServing")      # on: .streamlit/config.toml
    config.set_option("server.enableStaticServing", False)
    yield
    config.set_option("server.enableStaticServing", served)


def test_without_static_serving_the_same_figure_is_a_streamlit_chart(static_serving_off):
    at = apptest.open_page("pages/negative_sampling.py")
    assert not at.get("bidi_component") and at.get("plotly_chart")
    fallback = apptest.figures(at)
    config.set_option("server.enableStaticServing", True)
    at = apptest.open_page("pages/negative_sampling.py")
    assert not at.get("plotly_chart")
    assert _without_template(apptest.figures(at)) == _without_template(fallback)


def _without_template(figures: list[dict]) -> list[dict]:
    """The figures' traces and layouts, templates left out (the kept charts replace
    Streamlit's placeholder template, which only st.plotly_chart understands)."""
    return [dict(f, layout={k: v for k, v in f["layout"].items() if k != "template"})
            for f in figures]


@pytest.mark.parametrize("page", ["pages/corpus_lab.py", "pages/hierarchical_softmax.py",
                                  "pages/negative_sampling.py", "pages/subsampling.py",
                                  "pages/three_outputs.py"])
def test_no_chart_reaches_the_browser_with_streamlits_placeholder_colours(page):
    """Streamlit's default template colours a figure #000001, #000002...; only st.plotly_chart
    replaces them, so a kept chart would draw its bars black."""
    at = apptest.open_page(page)
    assert at.get("bidi_component")
    for element in at.get("bidi_component"):
        assert b'"#0000' not in element.proto.bytes, element.proto.id


def test_a_figure_without_a_template_gets_plotlys_colours_on_a_white_background():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))               # Streamlit's template, by default
    sent = json.loads(kept_chart.payload(fig, CHART_CONFIG))["figure"]["layout"]["template"]
    assert sent["layout"]["colorway"][0] == "#636efa"
    assert sent["layout"]["plot_bgcolor"] == "white"


def _plotlys_own(fig) -> str:
    return pio.to_json(fig.to_dict(), validate=False)


def test_the_figure_dict_is_plotlys_own_to_dict_for_every_kind_of_value():
    import numpy as np
    kitchen = go.Figure(data=[
        go.Scatter(x=np.linspace(0, 1, 5), y=np.arange(5), text=["a", "</b>", "c", "d", "e"],
                   marker=dict(color=np.array([1, 2, 3, 4, 5], dtype=np.uint64),
                               size=np.array([5.0, 6, 7, 8, 9], dtype=np.float32))),
        go.Heatmap(z=np.arange(12.0).reshape(3, 4), x=("p", "q", "r", "s")),
        go.Scatter(x=np.array([], dtype=np.float64), y=np.array([2**40, 1], dtype=np.int64)),
        go.Bar(x=np.array([1.5, 2.5]).astype(">f8"), y=[np.float64(1.0), 2]),
    ], layout=dict(xaxis=dict(range=np.array([0.0, 1.0])), title="t"),
        frames=[go.Frame(data=[go.Scatter(x=np.arange(3.0), y=np.ones(3))], name="f0")])
    unvalidated = go.Figure(data=[dict(type="scatter", x=np.arange(3.0), y=(1, 2, 3))],
                            layout=dict(xaxis=dict(range=np.array([0.0, 2.0]))), _validate=False)
    for fig in (kitchen, unvalidated, _network_figure()):
        before = _plotlys_own(fig)
        assert pio.to_json(kept_chart.figure_dict(fig), validate=False) == before
        assert _plotlys_own(fig) == before                 # the figure itself is not changed


def _network_figure():
    from ui.figures.network import network_figure
    from ui.inspector import phases
    from w2v_core.corpora import load_preset
    from w2v_core.lab.lab import Lab
    lab = Lab.from_text(load_preset("eat_drink"))
    lab.step(0.1)
    net = phases.diagram(lab, lab.last[1], applied=True, limit=18)
    return network_figure(net, [lab.vocab.words[k] for k in net.inputs],
                          [lab.vocab.words[k] for k in net.outputs], 3, "y", 520)
