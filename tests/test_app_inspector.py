"""The Step inspector through AppTest: every control and button, and the numbers on screen
are the engine's (compared with a Lab built with the same settings, stepped the same way)."""
from dataclasses import replace

import numpy as np
import pytest

import apptest
from ui import equations as eq
from ui import state
from w2v_core.readouts import step_inspector as ins
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings

PAGE = "pages/step_inspector.py"
TEXT = load_preset("fruit_drinks")        # 42 words in sentences of 4 to 6 words
BASE = LabSettings(dim=10)
LR = state.DEFAULT_LR


@pytest.fixture
def at():
    return apptest.open_page(PAGE, lab=Lab.from_text(TEXT, BASE), name="Fruit and drinks")


def _lab(at) -> Lab:
    return at.session_state[state.LAB]


def _reference(settings=BASE, steps=1, lr=LR) -> Lab:
    lab = Lab.from_text(TEXT, settings)
    lab.step(lr, steps)
    return lab


def _click(at, key):
    at.button(key=key).click().run()
    assert not at.exception, at.exception


def _tab(at, name):
    at.session_state["insp_tab"] = name
    at.run()
    assert not at.exception, at.exception


def _metric(at, label) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _frame(at, column):
    """The first dataframe on screen having this column, as a pandas DataFrame."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _set(at, key, value):
    widget = at.get("selectbox") + at.get("number_input") + at.get("toggle")
    next(w for w in widget if w.key == key).set_value(value).run()
    assert not at.exception, at.exception


def _assert_shows(at, trace):
    assert _metric(at, "Loss E before the step") == eq.number(trace.loss)
    assert _metric(at, "Loss E after the step") == eq.number(trace.loss_after)
    assert _metric(at, "Output vectors updated") == f"{trace.vectors_touched:,}"


# ---- opening, stepping ---------------------------------------------------------------------------
def test_page_opens_with_the_controls_and_asks_for_a_step(at):
    assert at.title[0].value == "Step inspector"
    assert any("Press **Step**" in i.value for i in at.info)
    assert at.selectbox(key="insp_arch").value == "skipgram"
    assert at.selectbox(key="insp_output").value == "softmax"
    assert at.number_input(key="insp_lr").value == LR


def test_step_shows_the_engine_trace_forward_pass(at):
    _click(at, "insp_step1")
    ref = _reference().last[1]
    _assert_shows(at, ref)
    _tab(at, "Forward pass")
    table = _frame(at, "y_j")
    np.testing.assert_array_equal(table["y_j"].to_numpy(), ref.out.y)
    np.testing.assert_array_equal(table["u_j"].to_numpy(), ref.out.u)
    assert "Step 1" in at.markdown[0].value


def test_errors_tab_shows_ei_and_eh_of_the_trace(at):
    _click(at, "insp_step1")
    _click(at, "insp_step1")
    _tab(at, "Errors")
    ref = _reference(steps=2).last[1]
    np.testing.assert_array_equal(_frame(at, "EH_i")["EH_i"].to_numpy(), ref.EH)
    np.testing.assert_array_equal(_frame(at, "EI_j")["EI_j"].to_numpy(), ref.out.EI)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
def test_each_architecture_and_output_layer(at, arch, output):
    _set(at, "insp_arch", arch)
    _set(at, "insp_output", output)
    settings = replace(BASE, arch=arch, output=output)
    assert _lab(at).settings == settings
    _click(at, "insp_step1")
    _click(at, "insp_step1")
    ref = _reference(settings, steps=2).last[1]
    _assert_shows(at, ref)
    _tab(at, "Forward pass")
    if output == "hs":
        sigma = np.concatenate([p.sigma for p in ref.out.paths])
        np.testing.assert_array_equal(_frame(at, "σ")["σ"].to_numpy(), sigma)
    elif output == "ns":
        np.testing.assert_array_equal(_frame(at, "σ")["σ"].to_numpy(), ref.out.sigma.ravel())
    else:
        np.testing.assert_array_equal(_frame(at, "y_j")["y_j"].to_numpy(), ref.out.y)
    _tab(at, "Errors")
    np.testing.assert_array_equal(_frame(at, "EH_i")["EH_i"].to_numpy(), ref.EH)
    np.testing.assert_array_equal(_frame(at, "EI_j")["EI_j"].to_numpy(), ref.out_err)
    _tab(at, "Updates")
    (chart,) = apptest.figures(at)                     # one figure: W', ΔW', W, ΔW
    assert [t["type"] for t in chart["data"]] == ["heatmap"] * 4
    _tab(at, "Equations")
    j = int(ref.out.paths[0].nodes[0]) if output == "hs" else int(ref.targets[0])
    plugged = ins.output_element(ref, j, 0)
    assert any(eq.tex_number(plugged.new) in x.value for x in at.latex)
    _tab(at, "Loss")
    assert len(apptest.figures(at)) == 1


def test_step_x10_x100_one_epoch_and_undo_walk_the_same_stream(at):
    _click(at, "insp_step10")
    assert _lab(at).steps_done == 10
    _assert_shows(at, _reference(steps=10).last[1])
    _click(at, "insp_step100")
    assert _lab(at).steps_done == 110
    _click(at, "insp_undo")
    _click(at, "insp_undo")
    assert _lab(at).steps_done == 108
    ref = _reference(steps=108)
    _assert_shows(at, ref.last[1])
    np.testing.assert_array_equal(_lab(at).model.W_in, ref.model.W_in)
    _click(at, "insp_epoch")
    ref.run_epoch(LR)
    assert _lab(at).steps_done == ref.steps_done
    np.testing.assert_array_equal(_lab(at).model.W_out, ref.model.W_out)


def test_undo_with_no_history_says_so(at):
    _click(at, "insp_undo")
    assert any("Nothing to undo" in i.value for i in at.info)


def test_reset_starts_over_with_the_same_settings(at):
    _set(at, "insp_output", "ns")
    _click(at, "insp_step10")
    _click(at, "insp_reset")
    lab = _lab(at)
    assert lab.steps_done == 0 and lab.settings.output == "ns"
    assert any("Press **Step**" in i.value for i in at.info)
    np.testing.assert_array_equal(lab.model.W_in, Lab.from_text(TEXT, lab.settings).model.W_in)


def test_negative_sampling_starts_at_k_2_on_the_default_presets_8_words():
    """k = 5 on V = 8 would draw most of the vocabulary, often one word twice (26 of the
    first 30 predictions do); k = 2 repeats a word in 4 of them, and not in the first."""
    at = apptest.open_page(PAGE)
    _set(at, "insp_output", "ns")
    lab = _lab(at)
    assert (lab.vocab.size, lab.settings.negative) == (8, 2)
    assert any("starts at k = 2" in i.value for i in at.info)
    _click(at, "insp_step1")
    negatives = lab.history[-1][2].out.samples[:, 1:]                 # (P, k)
    assert all(len(set(row)) == len(row) for row in negatives.tolist())


def test_negative_sampling_keeps_word2vec_cs_k_5_on_a_larger_vocabulary(at):
    _set(at, "insp_output", "ns")
    assert _lab(at).settings.negative == 5                        # V = 42


# ---- each control ----------------------------------------------------------------------------------
@pytest.mark.parametrize("key,field,value", [
    ("insp_dim", "dim", 4), ("insp_window", "window", 4), ("insp_k", "negative", 3),
    ("insp_seed", "seed", 7), ("insp_init", "init", "word2vec")])
def test_each_setting_rebuilds_the_lab_and_says_so(at, key, field, value):
    base = BASE
    if field == "negative":                          # k can be set under negative sampling only
        assert at.number_input(key="insp_k").disabled
        _set(at, "insp_output", "ns")
        base = replace(BASE, output="ns")
    _click(at, "insp_step1")
    _set(at, key, value)
    settings = replace(base, **{field: value})
    assert _lab(at).settings == settings and _lab(at).steps_done == 0
    assert any("Settings changed" in i.value for i in at.info)
    _click(at, "insp_step1")
    _assert_shows(at, _reference(settings).last[1])


def test_word2vec_c_switch_trains_one_pair_per_step(at):
    _set(at, W2VC := "insp_w2vc", True)
    assert at.toggle(key=W2VC).value and _lab(at).settings.convention == "word2vec.c"
    _click(at, "insp_step1")
    ref = _reference(replace(BASE, convention="word2vec.c")).last[1]
    _assert_shows(at, ref)
    assert len(ref.targets) == 1
    assert any("one (context → centre) pair" in c.value for c in at.caption)


def test_learning_rate_change_keeps_the_model(at):
    _click(at, "insp_step10")
    lab = _lab(at)
    _set(at, "insp_lr", 0.5)
    assert _lab(at) is lab and lab.steps_done == 10
    assert at.session_state[state.LR] == 0.5
    _click(at, "insp_step1")
    assert _lab(at).last[1].lr == 0.5


def test_word2vec_init_explains_why_w_does_not_move(at):
    _set(at, "insp_init", "word2vec")
    _click(at, "insp_step1")
    assert any("W did not move" in i.value for i in at.info)


# ---- bad input -------------------------------------------------------------------------------------
def test_k_not_below_v_is_refused_and_the_lab_kept():
    small = Lab.from_text("a b c d\nd c b a\n", LabSettings(output="ns", negative=2))
    at = apptest.open_page(PAGE, lab=small, name="four words")
    _set(at, "insp_k", 4)
    assert _lab(at) is small
    assert any("k = 4 negatives" in e.value and "V = 4" in e.value for e in at.error)
    assert at.number_input(key="insp_k").value == 2           # the widget shows the lab again


def test_k_is_not_checked_against_v_when_the_output_layer_does_not_sample():
    small = Lab.from_text("a b c\nc b a\n", LabSettings(output="softmax", negative=5))
    at = apptest.open_page(PAGE, lab=small, name="three words")
    _set(at, "insp_arch", "cbow")
    assert _lab(at).settings.arch == "cbow" and not at.error


def test_a_learning_rate_that_blows_up_warns_and_undo_reset_still_work(at):
    _set(at, "insp_lr", 1e4)
    _click(at, "insp_epoch")
    trace = _lab(at).last[1]
    assert ins.blew_up(trace)
    assert any("blew up" in w.value for w in at.warning)
    assert _metric(at, "Loss E before the step") == "NaN"
    for tab in ("Errors", "Updates", "Equations", "Loss", "Check"):
        _tab(at, tab)
    steps = _lab(at).steps_done
    _click(at, "insp_undo")
    assert _lab(at).steps_done == steps - 1
    _click(at, "insp_reset")
    assert _lab(at).steps_done == 0 and not at.warning


def test_a_large_learning_rate_that_raises_the_loss_warns(at):
    _set(at, "insp_lr", 100.0)
    _click(at, "insp_step1")
    _click(at, "insp_step1")           # step 2 of the default stream overshoots at eta = 100
    trace = _lab(at).last[1]
    assert ins.overshot(trace) and not ins.blew_up(trace)
    assert any("overshoots" in w.value for w in at.warning)


# ---- check this step ---------------------------------------------------------------------------------
def test_check_this_step_passes_for_the_slides_convention(at):
    _click(at, "insp_step1")
    _tab(at, "Check")
    _click(at, "insp_check_btn")
    assert any(s.value.startswith("Passed") for s in at.success)


def test_check_fails_by_design_for_word2vec_c_cbow_and_says_why(at):
    _set(at, "insp_arch", "cbow")
    _set(at, "insp_w2vc", True)
    _click(at, "insp_step1")
    _click(at, "insp_step1")                 # the second instance has C = 2 context words
    assert len(_lab(at).last[1].inputs) == 2
    _tab(at, "Check")
    assert any("fails here by design" in i.value for i in at.info)
    _click(at, "insp_check_btn")
    assert any(e.value.startswith("Failed") for e in at.error)


@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
def test_words_are_data_never_markup_on_every_tab(output):
    # a lab built from given sentences (as from a saved lab) can hold any token
    lab = Lab([["<b>", "*a*", "<b>", "*a*", "[x](y)", "<b>"]], LabSettings(output=output, negative=1))
    at = apptest.open_page(PAGE, lab=lab, name="<b>evil</b>")
    _click(at, "insp_step1")
    for name in ("Forward pass", "Errors", "Updates", "Equations", "Loss", "Check"):
        _tab(at, name)
        apptest.assert_no_raw_markup(at)


def test_the_status_line_counts_steps_and_how_far_undo_goes(at):
    def status():
        return next(c.value for c in at.caption if c.value.startswith("Steps taken"))
    _click(at, "insp_step1")
    assert "Steps taken: 1 · Undo can go back 1 step ·" in status()
    _click(at, "insp_step1")
    assert "Steps taken: 2 · Undo can go back 2 steps ·" in status()


def test_the_panel_picker_opens_one_panel_and_clicking_it_again_keeps_it_open(at):
    at.button(key="insp_step1").click().run()
    picker = at.button_group(key="insp_tab")
    assert picker.options == ["Network", "Forward pass", "Errors", "Updates", "Hand-check sheet",
                              "Equations", "Loss", "Check", "Probe", "Overview"]
    assert picker.value == "Network" and apptest.figure(at, "insp_network")
    picker.set_value("Errors").run()
    assert at.button_group(key="insp_tab").value == "Errors"
    assert apptest.figure(at, "insp_errors") and len(apptest.figures(at)) == 1
    at.button_group(key="insp_tab").set_value(None).run()        # the open one clicked again
    assert at.button_group(key="insp_tab").value == "Errors"
    assert apptest.figure(at, "insp_errors")
    at.button(key="insp_next").click().run()
    assert at.button_group(key="insp_tab").value == "Updates"
    assert not at.exception


def test_presenter_mode_keeps_every_control_and_shows_the_losses_on_one_line(at):
    at.toggle(key="presenter").set_value(True).run()
    assert not at.exception and not at.title                      # no large title
    assert at.selectbox(key="insp_output").value == "softmax"     # the settings, in the bar
    at.selectbox(key="insp_output").set_value("ns").run()
    assert _lab(at).settings.output == "ns"
    _click(at, "insp_step1")
    ref = _reference(replace(BASE, output="ns"))
    trace = ref.last[1]
    line = next(m.value for m in at.markdown if m.value.startswith("E **"))
    assert line.startswith(f"E **{eq.number(trace.loss)}** → **{eq.number(trace.loss_after)}**")
    assert not at.metric                                          # no large metrics
    at.toggle(key="presenter").set_value(False).run()
    assert at.title and at.metric
