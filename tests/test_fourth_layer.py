"""A fourth output layer is one class and one ``register`` call: a toy layer defined here (full
softmax under another name and title) appears in every page and every panel of the Step
inspector, saves, restores and travels in a link, and trains; a layer the trainer has no form
of is refused with one message. Nothing outside this file changes for that."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import apptest
from ui.inspector.keys import TAB
from ui.inspector.panels import PANELS
from w2v_core.corpora import load_preset
from w2v_core.train.trainer import TrainConfig, train
from w2v_core.lab import Lab, LabSettings
from w2v_core.lab.link import decode, encode
from w2v_core.lab.saved import load_lab, save_lab
from w2v_core.step.layer import OutputLayer
from w2v_core.step.layers import LAYERS, FullSoftmax, register, unregister
from w2v_core.corpora import preset_keys

PAGES = ["pages/home.py", "pages/lesson.py", "pages/corpus_lab.py", "pages/step_inspector.py",
         "pages/hierarchical_softmax.py", "pages/negative_sampling.py", "pages/subsampling.py",
         "pages/three_outputs.py", "pages/training.py"]


class OtherSoftmax(FullSoftmax):
    """Full softmax under another name: the same numbers, a new entry everywhere."""

    name, title = "softmax2", "full softmax, second copy"


class NoTrainer(OutputLayer):
    """A layer the trainer has no batched form of (its numbers are never computed here)."""

    name, title = "untrainable", "a layer without a trainer"


@pytest.fixture
def fourth():
    register(OtherSoftmax)
    yield OtherSoftmax
    unregister(OtherSoftmax.name)


def opened_with_the_fourth_layer() -> AppTest:
    at = AppTest.from_file(apptest.APP, default_timeout=120)
    at.query_params.update({"corpus": "fruit_drinks", "output": "softmax2", "eta": "0.1x3"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["lab"].settings.output == "softmax2"
    return at


def test_registering_a_layer_offers_it_in_the_settings(fourth):
    at = opened_with_the_fourth_layer()
    at.switch_page("pages/step_inspector.py").run()
    apptest.open_settings(at)                        # opened from a link: closed until then
    assert "softmax2" in at.selectbox(key="insp_output").options or \
        "full softmax, second copy" in at.selectbox(key="insp_output").options


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_the_fourth_layer(fourth, page):
    at = opened_with_the_fourth_layer()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]


def test_every_step_inspector_panel_renders_the_fourth_layer_in_phases_and_whole(fourth):
    at = opened_with_the_fourth_layer()
    at.switch_page("pages/step_inspector.py").run()
    for panel in PANELS:
        at.session_state[TAB] = panel
        at.button(key="insp_step1").click().run()
        assert not at.exception, (panel, [e.value for e in at.exception])
    at.toggle(key="insp_phased").set_value(True).run()
    at.toggle(key="insp_quiz").set_value(True).run()
    for _ in range(4):
        at.button(key="insp_step1").click().run()
        assert not at.exception, [e.value for e in at.exception]


def test_the_fourth_layer_gives_the_numbers_of_the_layer_it_extends(fourth):
    text = load_preset("fruit_drinks")
    a = Lab.from_text(text, LabSettings(output="softmax2"))
    b = Lab.from_text(text, LabSettings(output="softmax"))
    a.step(0.1, 5)
    b.step(0.1, 5)
    np.testing.assert_array_equal(a.model.W_out, b.model.W_out)


def test_a_lab_with_the_fourth_layer_saves_restores_and_travels_in_a_link(fourth):
    lab = Lab.from_text(load_preset("fruit_drinks"), LabSettings(output="softmax2"))
    lab.step(0.1, 4)
    back, _ = load_lab(save_lab(lab, "fruit"))
    assert back.settings.output == "softmax2"
    np.testing.assert_array_equal(back.model.W_out, lab.model.W_out)
    link, said = decode(encode(lab.settings, "fruit_drinks", None, lab.schedule.runs),
                        preset_keys())
    assert not said and link.settings.output == "softmax2"


def test_the_trainer_trains_the_fourth_layer(fourth):
    sentences = [s.split() for s in load_preset("fruit_drinks").splitlines() if s.split()]
    result = train(sentences, TrainConfig(output="softmax2", dim=5, epochs=1, min_count=1))
    assert np.isfinite(result.W_in).all() and result.words_done > 0


def test_a_layer_without_a_trainer_is_refused_with_one_message():
    register(NoTrainer)
    try:
        with pytest.raises(ValueError, match="the trainer has no batched form of a layer "
                                             "without a trainer"):
            TrainConfig(output="untrainable")
    finally:
        unregister(NoTrainer.name)
    assert "untrainable" not in LAYERS
