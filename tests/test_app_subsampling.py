"""Subsampling: the engine behind the page (w2v_core.subsampling, w2v_core.readouts.subsampling)
and the page through AppTest."""
from pathlib import Path

import numpy as np
import pytest
import apptest
from streamlit.testing.v1 import AppTest

from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings
from w2v_core.readouts.subsampling import (corpus_pass, expected_kept, frequency_grid,
                                           sentence_pass, top_share)
from w2v_core.subsampling import RULES, keep_probability, keep_probability_word2vec, subsample_sentence
from w2v_core.windows import sentence_instances

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "pages/subsampling.py"
TEXT = load_preset("fruit_drinks")


# ---- the engine ------------------------------------------------------------------------------
@pytest.mark.parametrize("sample", [0.0, 1e-4, 1e-3, 0.05])
@pytest.mark.parametrize("rule", ["word2vec.c", "paper"])
def test_the_curves_pass_through_the_training_rules_values(rule, sample):
    counts = np.array([300, 120, 40, 9, 1])
    f = counts / counts.sum()
    np.testing.assert_allclose(keep_probability(f, sample, rule), RULES[rule](counts, sample),
                               rtol=1e-12)


def test_word2vec_rule_keeps_everything_up_to_about_2_6_s():
    # r + r^2 = 1 at r = sqrt(s / f) = 0.618..., i.e. f = 2.618 s (the page's caption)
    s = 1e-3
    assert keep_probability([2.6 * s], s)[0] == 1.0
    assert keep_probability([2.7 * s], s)[0] < 1.0
    assert keep_probability([s], s, "paper")[0] == 1.0
    assert keep_probability([1.1 * s], s, "paper")[0] < 1.0


def test_bad_threshold_and_rule_are_refused():
    with pytest.raises(ValueError, match="threshold"):
        keep_probability([0.1], -1.0)
    with pytest.raises(ValueError, match="rule"):
        keep_probability([0.1], 1e-3, "other")


def test_frequency_grid_spans_the_rarest_word_to_one():
    g = frequency_grid([0.2, 0.01], points=50)
    assert g[0] == pytest.approx(0.005) and g[-1] == 1.0 and len(g) == 50


def test_sentence_pass_is_the_labs_first_epoch_and_shows_its_draws():
    lab = Lab.from_text(TEXT, LabSettings(sample=1e-3, seed=4))
    for s in range(10):
        ids, pos = lab.encoded[s]
        one = sentence_pass(lab, s, 1e-3, 4)
        np.testing.assert_array_equal(one.kept[pos], one.draws[pos] < one.keep_prob[pos])
        dropped = tuple(np.flatnonzero(~one.kept).tolist())
        tasks = lab.tasks(0, s)
        if tasks:
            assert tasks[0].dropped_pos == dropped
        ref = subsample_sentence(ids, lab.keep_prob, np.random.default_rng([4, 0, s]))
        np.testing.assert_array_equal(ids[one.kept[pos]], ref.kept)


@pytest.mark.parametrize("sample", [0.0, 1e-3])
def test_corpus_pass_counts_the_labs_instances(sample):
    lab = Lab.from_text(TEXT, LabSettings(sample=sample, seed=2, window=3))
    p = corpus_pass([i for i, _ in lab.encoded], lab.keep_prob, 3, 2)
    assert p.instances == sum(len(lab.tasks(0, s)) for s in range(len(lab.sentences)))
    assert p.pairs == sum(len(t.context) for s in range(len(lab.sentences))
                          for t in lab.tasks(0, s))
    assert p.tokens == p.kept_counts.sum()
    if sample == 0:
        np.testing.assert_array_equal(p.kept_counts, lab.vocab.counts)


def test_corpus_pass_counts_what_sentence_instances_makes():
    ids = [np.array([0, 1, 2, 1, 0, 3, 1]), np.array([2]), np.array([3, 3])]
    keep = np.array([0.5, 0.9, 1.0, 0.7])
    p = corpus_pass(ids, keep, window=2, seed=9)
    n = pairs = 0
    for s, x in enumerate(ids):
        rng = np.random.default_rng([9, 0, s])
        made = sentence_instances(subsample_sentence(x, keep, rng).kept, 2, rng)
        n += len(made)
        pairs += sum(len(i.context) for i in made)
    assert (p.instances, p.pairs) == (n, pairs)


def test_expected_kept_and_top_share():
    assert expected_kept([10, 4], [0.5, 1.0]).tolist() == [5.0, 4.0]
    assert top_share([6, 3, 1], top=1) == 0.6 and top_share([6, 3, 1], top=5) == 1.0
    assert top_share([0, 0]) == 0.0


# ---- the page ---------------------------------------------------------------------------------
def open_page(lab: Lab | None = None, name: str = "test corpus") -> AppTest:
    return apptest.open_page(PAGE, lab, name)


def metric(at, start):
    return next(m for m in at.metric if m.label.startswith(start))


def check_effect(at, sample):
    lab = at.session_state["lab"]
    keep = keep_probability_word2vec(lab.vocab.counts, sample)
    ids = [i for i, _ in lab.encoded]
    on = corpus_pass(ids, keep, lab.settings.window, lab.settings.seed)
    off = corpus_pass(ids, np.ones(lab.vocab.size), lab.settings.window, lab.settings.seed)
    assert metric(at, "Training instances").value == f"{on.instances:,}"
    assert metric(at, "Training instances").delta == f"without subsampling: {off.instances:,}"
    assert metric(at, "Tokens kept").value == f"{on.tokens:,}"
    assert metric(at, "(centre, context)").value == f"{on.pairs:,}"
    assert metric(at, "Share of the top").value == f"{top_share(lab.vocab.counts):.1%}"
    expected = expected_kept(lab.vocab.counts, keep)
    assert metric(at, "… expected").value == f"{top_share(expected):.1%}"
    assert metric(at, "… after this").value == f"{top_share(on.kept_counts):.1%}"


def test_default_page_shows_the_engines_numbers_at_1e_3():
    at = open_page()
    assert at.select_slider(key="sub_sample").value == 1e-3
    check_effect(at, 1e-3)
    lab = at.session_state["lab"]
    one = sentence_pass(lab, 0, 1e-3, lab.settings.seed)
    table, v = at.dataframe[0].value, one.in_vocab
    np.testing.assert_array_equal(table["P(keep)"].to_numpy(), one.keep_prob[v])
    np.testing.assert_array_equal(table["uniform draw"].to_numpy(), one.draws[v])
    np.testing.assert_array_equal(table["kept"].to_numpy(), one.kept[v])


@pytest.mark.parametrize("sample", [0.0, 1e-5, 1e-1])
def test_threshold_slider_updates_every_number(sample):
    at = open_page()
    at.select_slider(key="sub_sample").set_value(sample).run()
    assert not at.exception
    check_effect(at, sample)
    if sample == 0:
        assert at.dataframe[0].value["kept"].all()


def test_sentence_and_seed_controls_pick_the_pass_shown():
    at = open_page()
    at.number_input(key="sub_sentence").set_value(5).run()
    at.number_input(key="sub_seed").set_value(11).run()
    lab = at.session_state["lab"]
    ids, pos = lab.encoded[4]
    one = sentence_pass(lab, 4, 1e-3, 11)
    np.testing.assert_array_equal(at.dataframe[0].value["kept"].to_numpy(), one.kept[pos])
    after = next(m.value for m in at.markdown if m.value.startswith("**After:**"))
    kept_words = [lab.sentences[4][p] for p in pos if one.kept[p]]
    assert after == "**After:** " + (" ".join(kept_words) or "*(every token dropped)*")


def test_train_button_sets_the_labs_threshold():
    at = open_page()
    at.select_slider(key="sub_sample").set_value(1e-2).run()
    at.button(key="sub_switch").click().run()
    lab = at.session_state["lab"]
    assert lab.settings.sample == 1e-2
    assert "s = 0.01." in at.info[0].value
    assert at.button(key="sub_switch").disabled


def test_tiny_corpus_and_out_of_vocabulary_tokens():
    at = open_page(Lab.from_text("a b a b a c", LabSettings(min_count=2)), "tiny")
    marked = next(m.value for m in at.markdown if m.value.startswith("**Marked:**"))
    assert "*c*" in marked                                      # italic: not in the vocabulary
    at.select_slider(key="sub_sample").set_value(1e-1).run()
    assert not at.exception


def test_words_are_data_never_markup():
    at = open_page(Lab([["*a*", "<b>", "*a*", "<b>", "*a*"]], LabSettings()), "evil")
    apptest.assert_no_raw_markup(at)
