"""The Step inspector's Overview panel (wevi's one glance), the softmax's denominator in the
Forward pass, the step downloads' names, and the page style (equations that scroll, the
presenter sizes), through AppTest."""
import numpy as np
import pytest

import apptest
from ui import page_style, state
from ui.keep import step_file
from ui.worked_example import markdown
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings
from w2v_core.readouts.hand_check import hand_check
from w2v_core.readouts.overview import project_lab
from w2v_core.readouts.step_inspector import normaliser

PAGE = "pages/step_inspector.py"
CHARTS = ("insp_overview_network", "insp_overview_pca", "insp_overview_w", "insp_overview_w_out")


def _open(text=None, settings=LabSettings(), panel="Overview"):
    lab = Lab.from_text(text or load_preset("eat_drink"), settings)
    at = apptest.open_page(PAGE, lab=lab, name="test")
    at.button(key="insp_step1").click().run()
    at.session_state["insp_tab"] = panel
    at.run()
    assert not at.exception, at.exception
    return at, lab


def test_the_overview_shows_the_network_the_pca_and_both_matrices_on_one_panel():
    at, lab = _open()
    for key in CHARTS:
        assert apptest.figure(at, key), key
    pca = apptest.figure(at, "insp_overview_pca")
    proj = project_lab(lab.model.W_in, lab.model.W_out)
    ins, outs = pca["data"]
    assert len(ins["x"]) == lab.vocab.size == len(outs["x"])
    rows = [lab.vocab.index[word] for word in ins["hovertext"]]      # the step's words first
    assert sorted(rows) == list(range(lab.vocab.size))
    np.testing.assert_allclose(np.abs(ins["x"]), np.abs(proj.inputs[rows, 0]), atol=1e-12)
    w = apptest.figure(at, "insp_overview_w")
    shown = w["layout"]["yaxis"]["ticktext"]
    rows = [lab.vocab.index[word] for word in shown]
    np.testing.assert_allclose(w["data"][0]["z"], lab.model.W_in[rows])
    assert w["data"][0]["texttemplate"] == "%{z:.2f}"              # with their numbers


def test_step_x10_redraws_the_overview_in_place():
    at, lab = _open()
    before = apptest.figure(at, "insp_overview_w")["data"][0]["z"]
    at.button(key="insp_step10").click().run()
    assert not at.exception and lab.steps_done == 11
    after = apptest.figure(at, "insp_overview_w")
    assert after["data"][0]["z"] != before                           # the same chart, new W
    rows = [lab.vocab.index[word] for word in after["layout"]["yaxis"]["ticktext"]]
    np.testing.assert_allclose(after["data"][0]["z"], lab.model.W_in[rows])


def test_the_overview_draws_a_few_rows_and_says_how_many_it_leaves_out():
    at, lab = _open(load_preset("fruit_drinks"), LabSettings(output="hs"))
    w = apptest.figure(at, "insp_overview_w")
    assert len(w["layout"]["yaxis"]["ticktext"]) == 8
    notes = " ".join(a["text"] for a in w["layout"]["annotations"])
    assert f"+ {lab.vocab.size - 8} more" in notes
    w_out = apptest.figure(at, "insp_overview_w_out")
    assert all(t.startswith("n") for t in w_out["layout"]["yaxis"]["ticktext"])   # HS nodes


def test_the_pca_keeps_its_axes_signs_from_one_step_to_the_next():
    rng = np.random.default_rng(0)
    W, Wo = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))
    first = project_lab(W, Wo)
    flipped = project_lab(W + 1e-9, Wo, -first.components)
    np.testing.assert_allclose(flipped.components, -first.components, atol=1e-6)


def test_full_softmax_s_forward_pass_gives_the_sum_of_exp_u_and_its_log():
    at, lab = _open(panel="Forward pass")
    u = lab.last[1].out.u
    latex = " ".join(e.value for e in at.latex)
    assert r"\sum_{j'=1}^{V} \exp(u_{j'})" in latex and r"\log \sum" in latex
    n = normaliser(u)
    assert n.total == pytest.approx(np.exp(u).sum()) and n.log_sum == pytest.approx(np.log(n.total))


def test_a_sum_that_overflows_is_not_shown_and_its_log_still_is():
    n = normaliser(np.array([1000.0, 0.0]))
    assert n.total is None and n.log_sum == pytest.approx(1000.0)


def test_step_downloads_are_named_by_preset_variant_and_step():
    """Regression: every step downloaded as step.csv / step.md, one file over the other."""
    at, lab = _open(panel="Hand-check sheet")
    assert {b.proto.label for b in at.get("download_button")} >= {"Download CSV"}
    assert step_file("eat_drink", lab.settings, 1, "csv") == "eat_drink_skipgram_softmax_step1.csv"
    assert step_file("eat_drink", lab.settings, 2, "md") != step_file("eat_drink", lab.settings,
                                                                        1, "md")


def test_the_worked_example_names_its_convention_by_its_title():
    lab = Lab.from_text(load_preset("eat_drink"))
    lab.step(0.1)
    task, trace = lab.last
    text = markdown(lab, trace, task, hand_check(trace, lab.vocab.words, lab.vocab.words))
    assert "convention: Rong's paper" in text and "rong." not in text


def test_the_style_sheet_has_the_presenter_rules_only_when_presenting():
    """app.py sends ``page_style.css(presenting)`` on every page (the browser test checks
    what it does: tests/e2e/test_e2e_layout.py)."""
    plain, presenting = page_style.css(False), page_style.css(True)
    assert ".katex-display" in plain and "overflow-x: auto" in plain and "gradient" in plain
    assert "stSidebar\"] { position: fixed" not in plain and "max(18px, 1em)" not in plain
    assert "stSidebar" in presenting and "max(18px, 1em)" in presenting


def test_the_phone_rules_move_the_settings_below_the_step():
    css = page_style.css(False)
    assert f"@media {page_style.PHONE}" in css and f".st-key-{page_style.SETTINGS_KEY}" in css
    assert "st-key-insp_sheet_" in css                   # room above the sheet's tables


def test_a_lab_key_is_kept_for_the_axes():
    at, lab = _open()
    kept = at.session_state["insp_overview_axes"]
    assert kept[0] is lab and np.shape(kept[1]) == (2, lab.settings.dim)
    assert state.LAB in at.session_state


def test_the_hs_tree_at_v_42_fits_one_screen_in_presenter_mode():
    """Regression: in presenter mode the whole tree of 42 words was 2.5 screens tall."""
    at = apptest.open_page("pages/hierarchical_softmax.py",
                           lab=Lab.from_text(load_preset("fruit_drinks")), name="test")
    at.session_state["presenter"] = True
    at.run()
    assert not at.exception
    tree = apptest.figure(at, "hs_tree")
    assert tree["layout"]["height"] <= 620 and tree["layout"]["font"]["size"] >= 18
    assert not any(c.label.startswith("Draw all") for c in at.checkbox)
