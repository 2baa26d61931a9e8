"""What one click may take from a shared server: every Step click stops on its CPU budget and
says after how many steps; One epoch runs in chunks with progress and Stop; the stream jumps
over sentences that can never yield an instance; a lab's memory is bounded by what it
holds, not by the length of a line; a setting that leaves no instance is refused where it is
chosen; and no plugged-in number overflows."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import apptest
from ui.equations import score_plugged
from ui.inspector import actions
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings
from w2v_core.lab.budget import Budget, expected_instances
from w2v_core.lab.lab import CACHE_TASKS
from w2v_core.lab.limits import MAX_SENTENCE_WORDS, check_pairs
from w2v_core.subsampling import keep_probability_word2vec


def inspector(lab=None, name="test corpus") -> AppTest:
    at = apptest.open_page("pages/step_inspector.py", lab, name)
    if lab is not None:
        at.session_state["corpus_preset"] = None
    return at


def said(at) -> str:
    return apptest.shown(" ".join(str(m.value) for m in [*at.success, *at.warning, *at.error,
                                                          *at.info]))


# ---- the stream --------------------------------------------------------------------------------
def test_a_budget_stops_steps_between_two_steps_and_the_lab_stays_whole():
    lab = Lab.from_text(load_preset("fruit_drinks"))
    taken = lab.step(0.1, 100, Budget(0.0))
    assert len(taken) == 1 and lab.steps_done == 1 and lab.undo() and lab.steps_done == 0


def test_the_stream_jumps_over_sentences_that_cannot_yield_an_instance():
    text = "a b c\n" + "d\n" * 150_000 + "e f\n"
    lab = Lab.from_text(text)
    made = []
    original = lab._make_tasks
    lab._make_tasks = lambda e, s: made.append(s) or original(e, s)
    lab.step(0.1, 100)
    assert lab.steps_done == 100
    assert set(made) <= {0, 150_001}                 # only the two lines with two words


def test_a_one_line_corpus_is_cut_into_pieces_and_its_task_cache_is_bounded():
    text = "a b " * 20_000                               # 40,000 words on one line
    lab = Lab.from_text(text, LabSettings(window=10, convention="word2vec.c"))
    assert max(map(len, lab.sentences)) == MAX_SENTENCE_WORDS and len(lab.sentences) == 40
    for s in range(40):
        lab.tasks(0, s)
    assert sum(map(len, lab._cache.values())) <= CACHE_TASKS + 20 * MAX_SENTENCE_WORDS
    assert len({id(w) for line in lab.sentences for w in line}) == 2   # one string a word


def test_an_epoch_of_too_many_pairs_is_refused_with_the_window_that_fits():
    with pytest.raises(ValueError, match="choose window <= 5"):
        check_pairs(200_000, 10)


def test_expected_instances_agree_with_a_count_over_many_seeded_epochs():
    lab = Lab.from_text(load_preset("fruit_drinks"), LabSettings(sample=1e-3))
    expected = expected_instances(lab.encoded, lab.keep_prob)
    counted = np.mean([sum(1 for s in range(len(lab.sentences)) for t in lab.tasks(e, s))
                       for e in range(200)])
    assert counted == pytest.approx(expected, rel=0.05)


# ---- clicks ------------------------------------------------------------------------------------
def test_step_x100_on_a_costly_lab_stops_on_the_clicks_budget_and_says_so(monkeypatch):
    monkeypatch.setattr(actions, "CLICK_SECONDS", 0.0)
    at = inspector()
    at.button(key="insp_step100").click().run()
    assert at.session_state["lab"].steps_done == 1
    assert "Stopped after 1 of 100 steps" in said(at)


def test_one_epoch_of_a_long_lab_runs_in_chunks_with_progress_and_stop():
    lab = Lab.from_text(load_preset("large_generated"),
                        LabSettings(window=10, convention="word2vec.c"))
    at = inspector(lab, "Large generated")
    at.button(key="insp_epoch").click().run()
    assert not at.exception
    first = at.session_state["lab"].steps_done
    assert 0 < first and at.button(key="insp_epoch_stop")
    assert at.get("progress")
    at.run()                                             # the fragment's next poll: one more chunk
    assert at.session_state["lab"].steps_done > first
    at.button(key="insp_epoch_stop").click().run()
    assert "Stopped the epoch after" in said(at)
    at.run()
    assert actions.EPOCH not in at.session_state


def test_one_epoch_of_a_small_lab_ends_in_one_click_like_run_epoch():
    at = inspector()
    at.button(key="insp_epoch").click().run()
    ref = Lab.from_text(load_preset("eat_drink"))
    ref.run_epoch(0.1)
    assert at.session_state["lab"].steps_done == ref.steps_done
    assert "epoch 1 is done" in said(at)


# ---- settings that leave no instance ----------------------------------------------------------
def test_the_subsampling_pages_train_button_refuses_a_threshold_without_instances():
    at = AppTest.from_file(apptest.APP, default_timeout=60)
    at.run()
    at.switch_page("pages/subsampling.py").run()
    at.select_slider(key="sub_sample").set_value(1e-5).run()
    at.button(key="sub_switch").click().run()
    assert "s = 1e-05 keeps on average" in said(at) and "choose s ≥" in said(at)
    assert at.session_state["lab"].settings.sample == 0.0
    for page in ("pages/hierarchical_softmax.py", "pages/negative_sampling.py",
                 "pages/three_outputs.py"):
        at.switch_page(page).run()
        assert not at.exception, page


# ---- numbers on screen -------------------------------------------------------------------------
def test_a_plugged_in_sigmoid_of_a_very_negative_score_does_not_overflow():
    line = score_plugged(0, "w", [1000.0], [-1.0], "ns")
    assert r"\sigma(-1000)" in line
