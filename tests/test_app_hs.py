"""The Hierarchical softmax page through AppTest: every control, and the numbers on screen
equal the engine's (codes, sigma values, p(w | h), the sum-to-one check and EH)."""
from pathlib import Path

import numpy as np
import pytest
import apptest
from streamlit.testing.v1 import AppTest

from w2v_core.readouts.three_outputs import instance_view
from w2v_core.corpora import load_preset
from w2v_core.readouts.hierarchical_softmax import flip_bit, path_probabilities, path_terms, sums_to_one
from w2v_core.lab import Lab, LabSettings

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "pages/hierarchical_softmax.py"


def open_page(lab: Lab | None = None, name: str = "test corpus") -> AppTest:
    return apptest.open_page(PAGE, lab, name)


def lab_of(at) -> Lab:
    return at.session_state["lab"]


def test_default_lab_page_shows_codes_path_and_a_passing_check():
    at = open_page()
    lab = lab_of(at)
    view = instance_view(lab, "hs")
    tree = view.model.tree
    at.toggle(key="hs_all_codes").set_value(True).run()      # the codes, on demand
    codes = at.dataframe[0].value
    assert codes["code"].tolist() == [tree.code_string(w) for w in range(lab.vocab.size)]
    assert codes["count"].tolist() == lab.vocab.counts.tolist()
    word = int(view.trace.targets[0])
    assert at.selectbox(key="hs_word").value == word
    pt = path_terms(view.model.W_out, view.trace.h, tree, word)
    path = at.dataframe[1].value
    np.testing.assert_array_equal(path["σ(v′ₙ·h)"].to_numpy(), pt.sigma)
    np.testing.assert_array_equal(path["code"].to_numpy(), pt.codes)
    np.testing.assert_array_equal(path["product so far"].to_numpy(), pt.running)
    assert at.metric[0].value == f"{pt.prob:.6g}"
    total = sums_to_one(path_probabilities(view.model.W_out, view.trace.h, tree.codes,
                                           tree.points)).total
    assert len(at.success) == 1 and f"{total:.12f}" in at.success[0].value
    assert at.info and "trains with **softmax**" in at.info[0].value


def test_choosing_another_word_shows_its_path_and_probability():
    at = open_page()
    lab = lab_of(at)
    at.selectbox(key="hs_word").set_value(0).run()
    view = instance_view(lab, "hs")
    pt = path_terms(view.model.W_out, view.trace.h, view.model.tree, 0)
    np.testing.assert_array_equal(at.dataframe[0].value["σ(v′ₙ·h)"].to_numpy(), pt.sigma)
    assert at.metric[0].value == f"{pt.prob:.6g}"
    assert f"`{view.model.tree.code_string(0)}`" in " ".join(m.value for m in at.markdown)


def test_the_merge_slider_replays_each_merge():
    at = open_page()
    tree = instance_view(lab_of(at), "hs").model.tree
    words = lab_of(at).vocab.words
    for merge in (1, 7, len(tree.merges)):
        at.slider(key="hs_merge").set_value(merge).run()
        m = tree.merges[merge - 1]
        text = next(x.value for x in at.markdown if x.value.startswith(f"**Merge {merge} of"))
        assert f"count {tree.count[m.first]}, bit 0" in text and f"with count {m.count}" in text
        if m.first < tree.V:
            assert words[m.first] in text
    assert not at.exception


def test_flipping_a_bit_makes_the_check_fail_on_screen():
    at = open_page()
    at.checkbox(key="hs_flip").check().run()
    lab = lab_of(at)
    view = instance_view(lab, "hs")
    word = at.selectbox(key="hs_word").value
    bad = sums_to_one(path_probabilities(view.model.W_out, view.trace.h,
                                         flip_bit(view.model.tree.codes, word, 0),
                                         view.model.tree.points))
    assert not bad.passed
    assert len(at.warning) == 1 and f"{bad.total:.12f}" in at.warning[0].value
    assert "check fails" in at.warning[0].value


def test_switch_button_makes_the_lab_hs_and_the_page_shows_the_labs_own_step():
    at = open_page()
    at.button(key="hs_switch").click().run()
    lab = lab_of(at)
    assert lab.settings.output == "hs" and lab.model.output == "hs"
    assert not at.info and not at.error
    trace = lab.step(0.1)[0]
    at.run()
    assert "same numbers as the Step inspector" in " ".join(m.value for m in at.markdown)
    shown = at.dataframe[1].value
    sigma = np.concatenate([p.sigma for p in trace.out.paths])
    np.testing.assert_array_equal(shown["σ"].to_numpy(), sigma)
    np.testing.assert_array_equal(shown["σ − t"].to_numpy(),
                                  np.concatenate([p.err for p in trace.out.paths]))
    np.testing.assert_array_equal(at.dataframe[2].value.iloc[0].to_numpy(), trace.EH)


def test_a_two_word_vocabulary_has_one_node_paths_and_no_merge_slider():
    at = open_page(Lab.from_text("a b a b a", LabSettings(output="hs")), "tiny")
    assert not at.slider
    assert len(at.dataframe[0].value) == 1                       # the path is one node
    assert len(at.success) == 1
    at.checkbox(key="hs_flip").check().run()
    assert not at.exception and (at.warning or at.info)
    at.selectbox(key="hs_word").set_value(1).run()
    assert not at.exception and len(at.dataframe[0].value) == 1


def test_a_large_vocabulary_shows_the_path_subtree_or_the_whole_tree():
    lab = Lab.from_text(load_preset("days_numbers"))
    assert lab.vocab.size > 60
    at = open_page(lab, "days")
    assert any("only the path of the chosen word" in c.value for c in at.caption)
    at.checkbox(key="hs_whole").check().run()
    assert not at.exception
    assert not any("only the path of the chosen word" in c.value for c in at.caption)


def test_words_are_data_never_markup():
    # the tokenizer only makes letters, digits and apostrophes; a lab built from given
    # sentences (as from a vector file) can hold anything
    at = open_page(Lab([["*a*", "<b>", "*a*", "<b>", "*a*"]], LabSettings()), "evil")
    text = " ".join(m.value for m in at.markdown)
    assert "**\\<b\\>**" in text and "\\*a\\*" in text
    apptest.assert_no_raw_markup(at)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_after_steps_in_any_architecture_the_page_still_checks(arch):
    lab = Lab.from_text(load_preset("fruit_drinks"), LabSettings(arch=arch, output="hs"))
    lab.step(0.5, 20)
    at = open_page(lab)
    assert len(at.success) == 1
    np.testing.assert_array_equal(at.dataframe[2].value.iloc[0].to_numpy(), lab.last[1].EH)
