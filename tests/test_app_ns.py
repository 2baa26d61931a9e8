"""The Negative sampling page through AppTest: every control, and the numbers on screen equal
the engine's (noise probabilities, the samples' sigma values, draws, costs)."""
from pathlib import Path

import numpy as np
import pytest
import apptest
from streamlit.testing.v1 import AppTest

from w2v_core.readouts.negative_sampling import empirical_distribution, noise_lift, total_variation
from w2v_core.readouts.three_outputs import instance_view, output_costs
from w2v_core.lab import Lab, LabSettings
from w2v_core.noise import NoiseDistribution, noise_probabilities

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "pages/negative_sampling.py"


def open_page(lab: Lab | None = None, name: str = "test corpus") -> AppTest:
    return apptest.open_page(PAGE, lab, name)


def metric(at, start):
    return next(m for m in at.metric if m.label.startswith(start))


def samples(at):
    return at.dataframe[0].value


def test_default_page_shows_the_engines_noise_samples_and_costs():
    at = open_page()
    lab = at.session_state["lab"]
    counts = lab.vocab.counts
    p = noise_probabilities(counts, 0.75)
    assert metric(at, "Most frequent").value == f"{p[0]:.4f}"
    assert metric(at, "Rarest").value == f"{p[-1]:.4f}"
    assert f"× {noise_lift(counts, 0.75)[0]:.3g}" in metric(at, "Most frequent").delta
    assert at.slider(key="ns_k").value == 2          # k = 2 on the 8 words of the default preset
    view = instance_view(lab, "ns", negative=2, ns_power=0.75)
    table = samples(at)
    np.testing.assert_array_equal(table["σ(v′ⱼ·h)"].to_numpy(), view.trace.out.sigma.ravel())
    np.testing.assert_array_equal(table["σ − t"].to_numpy(), view.trace.out.sample_err.ravel())
    np.testing.assert_allclose(table["σ − t"].to_numpy(),
                               (view.trace.out.sigma - view.trace.out.t).ravel(), rtol=1e-15)
    assert table["word"].tolist() == [lab.vocab.words[w] for w in view.trace.out.samples.ravel()]
    assert metric(at, "Loss E").value == f"{view.trace.loss:.6g}"
    nd = NoiseDistribution(counts, 0.75)
    emp = empirical_distribution(nd, 10_000, lab.settings.seed)
    assert metric(at, "Total variation").value == f"{total_variation(emp, nd.probs):.4f}"
    costs = output_costs(counts, 2, int(view.trace.targets[0]))
    cost_chart = apptest.figures(at)[-1]
    assert [t["x"] for t in cost_chart["data"]] == [[c.one for c in costs]]


@pytest.mark.parametrize("power,words", [(0.0, "equally likely"), (1.0, "plain unigram"),
                                         (0.5, "flattens")])
def test_power_slider_changes_p_n_and_the_note(power, words):
    at = open_page()
    at.slider(key="ns_power").set_value(power).run()
    assert not at.exception
    p = noise_probabilities(at.session_state["lab"].vocab.counts, power)
    assert metric(at, "Most frequent").value == f"{p[0]:.4f}"
    assert any(words in c.value for c in at.caption)


def test_log_axis_checkbox_switches_the_axis():
    at = open_page()
    assert apptest.figures(at)[0]["layout"]["yaxis"]["type"] == "log"
    at.checkbox(key="ns_logy").uncheck().run()
    assert apptest.figures(at)[0]["layout"]["yaxis"].get("type", "linear") == "linear"


def test_k_starts_at_2_on_a_toy_vocabulary_and_at_5_on_a_larger_one():
    words = " ".join(f"w{i}" for i in range(30))
    at = open_page(Lab.from_text(words, LabSettings()), "30 words")
    assert at.slider(key="ns_k").value == 5
    at = open_page(Lab.from_text(words, LabSettings(negative=3)), "30 words, k = 3")
    assert at.slider(key="ns_k").value == 3              # a k someone chose is kept


def test_k_slider_sets_the_number_of_negatives():
    at = open_page()
    at.slider(key="ns_k").set_value(12).run()
    lab = at.session_state["lab"]
    P = len(instance_view(lab, "ns", negative=12, ns_power=0.75).trace.targets)
    assert len(samples(at)) == P * 13
    assert "k + 1 = 13" in " ".join(c.value for c in at.caption)


def test_draws_and_seed_controls_give_the_engines_distance():
    at = open_page()
    at.select_slider(key="ns_draws").set_value(100_000).run()
    at.number_input(key="ns_seed").set_value(7).run()
    nd = NoiseDistribution(at.session_state["lab"].vocab.counts, 0.75)
    emp = empirical_distribution(nd, 100_000, 7)
    assert metric(at, "Total variation").value == f"{total_variation(emp, nd.probs):.4f}"


def test_train_button_switches_the_lab_and_the_page_shows_its_own_step():
    at = open_page()
    at.slider(key="ns_k").set_value(3).run()
    at.slider(key="ns_power").set_value(0.5).run()
    at.button(key="ns_switch").click().run()
    lab = at.session_state["lab"]
    assert (lab.settings.output, lab.settings.negative, lab.settings.ns_power) == ("ns", 3, 0.5)
    assert any("next step will draw" in c.value for c in at.caption)
    preview = samples(at)
    trace = lab.step(0.1)[0]
    assert preview["word"].tolist() == [lab.vocab.words[w] for w in trace.out.samples.ravel()]
    at.run()
    assert any("Step inspector" in c.value for c in at.caption)
    np.testing.assert_array_equal(samples(at)["σ(v′ⱼ·h)"].to_numpy(), trace.out.sigma.ravel())


def test_tiny_vocabulary_with_k_larger_than_v_shows_repeats_and_redraws():
    at = open_page(Lab.from_text("a b a b a", LabSettings()), "tiny")
    at.slider(key="ns_k").set_value(30).run()
    assert not at.exception
    assert any("some negatives repeat" in w.value for w in at.warning)
    table = samples(at)
    negatives = table[table["role"] != "positive wₒ"]
    assert (negatives["word"] != negatives["prediction"]).all()
    # with two words, P_n(positive) is large: some draw hit the positive and was drawn again
    assert any("drawn again" in m.value for m in at.markdown)


@pytest.mark.parametrize("power", [0.0, 1.0, 1.5])
def test_tiny_vocabulary_at_extreme_powers(power):
    at = open_page(Lab.from_text("a b a b a a a", LabSettings()), "tiny")
    at.slider(key="ns_power").set_value(power).run()
    assert not at.exception


def test_words_are_data_never_markup():
    at = open_page(Lab([["*a*", "<b>", "*a*", "<b>", "*a*"]], LabSettings()), "evil")
    apptest.assert_no_raw_markup(at)
