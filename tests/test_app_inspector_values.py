"""The step inspector shows the engine's numbers: the same lab stepped by w2v_core gives the
same losses, u and y; Undo and Reset work; a diverging learning rate is flagged."""
import itertools

import numpy as np
import pytest

import apptest
from w2v_core import ARCHS, OUTPUTS
from w2v_core.corpora import DEFAULT_PRESET, load_preset
from w2v_core.lab import Lab

PAGE = "pages/step_inspector.py"


def click(at, label):
    next(b for b in at.button if b.label == label).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def metric(at, start):
    return float(next(m for m in at.metric if m.label.startswith(start)).value)


def engine_lab(at):
    """A lab built and stepped by the engine alone, like the page's."""
    shown = at.session_state["lab"]
    return Lab.from_text(load_preset(DEFAULT_PRESET), shown.settings)


@pytest.mark.parametrize("arch,output", list(itertools.product(ARCHS, OUTPUTS)))
def test_losses_shown_after_steps_equal_the_engines(arch, output):
    at = apptest.open_page(PAGE)
    next(s for s in at.selectbox if s.label == "Architecture").set_value(arch)
    next(s for s in at.selectbox if s.label == "Output layer").set_value(output)
    at.run()
    assert at.session_state["lab"].settings.arch == arch
    assert at.session_state["lab"].settings.output == output
    for _ in range(3):
        click(at, "Step")
    ref = engine_lab(at)
    trace = ref.step(0.1, 3)[-1]
    assert metric(at, "Loss E before") == pytest.approx(trace.loss, rel=1e-5)
    assert metric(at, "Loss E after") == pytest.approx(trace.loss_after, rel=1e-5)
    assert metric(at, "Output vectors updated") == trace.vectors_touched
    np.testing.assert_array_equal(at.session_state["lab"].model.W_in, ref.model.W_in)


def test_softmax_table_shows_u_and_y_of_the_step():
    at = apptest.open_page(PAGE)
    click(at, "Step")
    trace = engine_lab(at).step(0.1)[0]
    at.session_state["insp_tab"] = "Forward pass"
    at.run()
    table = next(d.value for d in at.dataframe if "y_j" in d.value.columns)
    table = table.sort_values("j")
    np.testing.assert_allclose(table["u_j"].to_numpy(float), trace.out.u, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(table["y_j"].to_numpy(float), trace.out.y, rtol=1e-4, atol=1e-6)


def test_undo_goes_back_and_reset_starts_over():
    at = apptest.open_page(PAGE)
    W0 = at.session_state["lab"].model.W_in.copy()
    click(at, "Step ×10")
    assert at.session_state["lab"].steps_done == 10
    click(at, "Undo")
    assert at.session_state["lab"].steps_done == 9
    click(at, "Reset")
    assert at.session_state["lab"].steps_done == 0
    np.testing.assert_array_equal(at.session_state["lab"].model.W_in, W0)


def test_a_diverging_learning_rate_is_shown_with_a_warning_and_undo_recovers():
    at = apptest.open_page(PAGE)
    W0 = at.session_state["lab"].model.W_in.copy()
    eta = next(n for n in at.number_input if n.label.startswith("η"))
    eta.set_value(eta.proto.max).run()
    for _ in range(3):
        click(at, "Step ×10")
    lab = at.session_state["lab"]
    if not all(np.isfinite(lab.losses[-1])):
        assert at.warning, "a non-finite loss must come with a warning"
    while lab.steps_done:
        click(at, "Undo")
        lab = at.session_state["lab"]
    np.testing.assert_array_equal(lab.model.W_in, W0)


def test_switching_to_ns_on_a_tiny_vocabulary_lowers_k_below_v_and_says_so():
    at = apptest.open_page(PAGE, lab=Lab.from_text("a b a b a b"), name="tiny")   # V = 2, k = 5
    assert next(n for n in at.number_input if n.label.startswith("k")).disabled   # softmax: no k
    next(s for s in at.selectbox if s.label == "Output layer").set_value("ns").run()
    assert not at.exception and not at.error
    settings = at.session_state["lab"].settings
    assert settings.output == "ns" and settings.negative == 1
    assert any("starts at k = 1 on this vocabulary of V = 2 words" in i.value for i in at.info)
