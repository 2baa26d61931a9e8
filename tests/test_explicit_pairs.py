"""Explicit training pairs (wevi's format): a corpus of lines ``context words | target`` is one
training instance per line, as written, under every architecture; the window does not apply."""
import numpy as np
import pytest

import apptest
from w2v_core.corpora import get_preset, load_preset, preset_keys
from w2v_core.lab import Lab, LabSettings, text_to_sentences
from w2v_core.lab.link import decode, decode_text, encode, encode_text
from w2v_core.lab.saved import corpus_text, load_lab, save_lab
from w2v_core.pairs import BAR, parse_pairs, plain_sentences
from w2v_core.readouts.corpus_lab import corpus_summary, pairs_caption, sentence_rows

WEVI = ["eat|apple", "eat|orange", "eat|rice", "drink|juice", "drink|milk", "drink|water",
        "orange|juice", "apple|juice", "rice|milk", "milk|drink", "water|drink", "juice|drink"]
MIXED = "eat | apple\ndrink milk | juice\nbread | butter\n"


def _instances(lab: Lab, epoch: int = 0) -> list[tuple[tuple[str, ...], str]]:
    """(context words, target) of each task of ``epoch``, in stream order."""
    w = lab.vocab.words
    return [(tuple(w[c] for c in t.context), w[t.center])
            for s in range(len(lab.sentences)) for t in lab.tasks(epoch, s)]


# ---- the format --------------------------------------------------------------------------------
def test_a_pair_line_is_its_context_words_the_bar_and_its_target():
    assert parse_pairs("Eat | apple\n\n  drink milk|juice  \n") == [
        ["eat", BAR, "apple"], ["drink", "milk", BAR, "juice"]]


def test_a_text_without_a_bar_is_a_plain_corpus():
    assert parse_pairs("the cat sat\nthe dog sat") is None
    assert text_to_sentences("the cat sat") == [["the", "cat", "sat"]]


@pytest.mark.parametrize("text,line,words", [
    ("eat | apple\ndrink juice\n", 2, ["not a pair", "line 1 is", "cannot be mixed"]),
    ("drink juice\neat | apple\n", 1, ["not a pair", "line 2 is"]),
    ("eat | apple\n\ndrink | milk | juice\n", 3, ["2 bars", "exactly one"]),
    ("eat | apple\n | juice\n", 2, ["no word before"]),
    ("eat | apple\ndrink |\n", 2, ["no word after"]),
    ("eat | apple\ndrink | ?!\n", 2, ["no word after"]),
    ("eat | green apple\n", 1, ["2 words after", "green apple", "one word"]),
    ("|\n", 1, ["no word before"]),
])
def test_a_bad_pairs_corpus_is_refused_naming_its_first_bad_line(text, line, words):
    with pytest.raises(ValueError) as refused:
        Lab.from_text(text)
    said = str(refused.value)
    assert f"line {line} " in said
    for word in words:
        assert word in said


def test_two_bars_are_named_with_their_number():
    with pytest.raises(ValueError, match=r"line 1 has 2 bars '\|'; an explicit training pair "
                                         r"has exactly one"):
        parse_pairs("a | b | c")


def test_a_pair_line_longer_than_a_lab_cuts_is_refused_not_cut():
    with pytest.raises(ValueError, match="context words; a pair takes at most"):
        Lab.from_text("a " * 1000 + "| b")


# ---- the stream ------------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_the_first_epoch_is_exactly_the_lines_instances_in_order(arch):
    lab = Lab.from_text(load_preset("eat_drink_pairs"), LabSettings(arch=arch))
    expected = [((line.split("|")[0],), line.split("|")[1]) for line in WEVI]
    assert _instances(lab) == expected
    assert lab.run_epoch(0.1) == len(WEVI)
    w = lab.vocab.words
    assert [(tuple(w[c] for c in t.context), w[t.center]) for _, t, _ in lab.history] == expected
    assert [t.sentence for _, t, _ in lab.history] == list(range(len(WEVI)))
    assert lab.epoch_now() == 1 and _instances(lab, 1) == expected    # the same every epoch


@pytest.mark.parametrize("arch,inputs,predicted", [
    ("skipgram", ["juice"], ["drink", "milk"]),       # the target is w_I, the context predicted
    ("cbow", ["drink", "milk"], ["juice"])])          # the context words in, the target predicted
def test_the_roles_are_those_of_an_instance_around_a_centre(arch, inputs, predicted):
    lab = Lab.from_text(MIXED, LabSettings(arch=arch))
    lab.step(0.1, 2)
    task, trace = lab.last
    w = lab.vocab.words
    assert [w[k] for k in trace.inputs] == inputs and [w[k] for k in trace.targets] == predicted
    tokens = lab.sentences[task.sentence]
    assert tokens == ["drink", "milk", BAR, "juice"]
    assert task.center_pos == 3 and task.context_pos == (0, 1) and task.radius == 0
    assert [tokens[p] for p in task.input_pos] == inputs


def test_a_cbow_line_with_two_context_words_has_c_2_and_h_their_mean():
    lab = Lab.from_text(MIXED, LabSettings(arch="cbow"))
    W = lab.model.W_in.copy()
    lab.step(0.1, 2)
    task, trace = lab.last
    assert len(task.context) == 2                                          # C = 2
    np.testing.assert_allclose(trace.h, W[list(task.context)].mean(axis=0))  # h = (v_drink + v_milk) / 2


def test_word2vec_c_skipgram_trains_one_context_to_target_pair_per_step():
    lab = Lab.from_text(MIXED, LabSettings(convention="word2vec.c"))
    w = lab.vocab.words
    assert [(w[t.center], w[t.context[0]]) for t in lab.tasks(0, 1)] == [
        ("drink", "juice"), ("milk", "juice")]


def test_the_window_does_not_change_the_instances():
    one = Lab.from_text(MIXED, LabSettings(window=1))
    ten = Lab.from_text(MIXED, LabSettings(window=10, seed=7))
    assert _instances(one) == _instances(ten) == [
        (("eat",), "apple"), (("drink", "milk"), "juice"), (("bread",), "butter")]


def test_min_count_drops_a_line_whose_target_is_left_out_and_words_it_leaves_out():
    lab = Lab.from_text("eat | apple\neat apple | juice\ndrink | juice\n", LabSettings(min_count=2))
    assert lab.vocab.words == ["eat", "apple", "juice"]
    assert _instances(lab) == [(("eat",), "apple"), (("eat", "apple"), "juice")]
    lab = Lab.from_text("milk eat | apple\neat | apple\n", LabSettings(min_count=2))
    (task,) = lab.tasks(0, 0)
    assert task.context_pos == (1,) and task.dropped_pos == (0,)          # milk; never the bar


def test_a_corpus_with_no_instance_left_is_refused():
    with pytest.raises(ValueError, match="no pair has its target and a context word"):
        Lab.from_text("eat | x\neat | y\nz | apple\nw | apple\n", LabSettings(min_count=2))


def test_subsampling_does_not_apply_to_explicit_pairs():
    with pytest.raises(ValueError, match="subsampling .* does not apply to explicit training "
                                         "pairs.*choose s = 0"):
        Lab.from_text(MIXED, LabSettings(sample=1e-3))
    lab = Lab.from_text(MIXED)
    with pytest.raises(ValueError, match="does not apply"):
        lab.with_settings(LabSettings(sample=1e-3))


# ---- the vocabulary ----------------------------------------------------------------------------
def test_the_vocabulary_counts_every_word_on_both_sides_of_the_bar():
    lab = Lab.from_text(load_preset("eat_drink_pairs"))
    assert dict(zip(lab.vocab.words, lab.vocab.counts.tolist())) == {
        "drink": 6, "juice": 4, "eat": 3, "milk": 3, "apple": 2, "orange": 2, "rice": 2,
        "water": 2}
    assert BAR not in lab.vocab.index and lab.vocab.total == 24


def test_the_corpus_lab_counts_words_not_bars_and_says_what_a_pairs_corpus_is():
    lab = Lab.from_text(MIXED)
    summary = corpus_summary(lab.sentences, lab.vocab)
    assert (summary.sentences, summary.tokens, summary.longest) == (3, 7, 3)
    rows = sentence_rows(lab.sentences, lab.vocab, 0, 3)
    assert rows["tokens"][1] == "drink milk | juice" and rows["length"] == [2, 3, 2]
    assert rows["not in vocabulary"] == ["", "", ""]
    assert pairs_caption(Lab.from_text(load_preset("eat_drink_pairs"))).startswith(
        "12 explicit training pairs: each line is one instance; the window does not apply")
    assert pairs_caption(Lab.from_text("the cat sat")) is None


def test_the_fast_trainer_reads_a_pair_as_one_sentence_context_then_target():
    assert plain_sentences(text_to_sentences(MIXED)) == [
        ["eat", "apple"], ["drink", "milk", "juice"], ["bread", "butter"]]


# ---- copies, links, files ------------------------------------------------------------------------
def test_a_copy_is_an_independent_pairs_lab_in_the_same_state():
    lab = Lab.from_text(MIXED, LabSettings(arch="cbow"))
    lab.step(0.1, 2)
    twin = lab.copy()
    assert twin.pairs and twin.cursor == lab.cursor
    a, b = lab.step(0.1, 1)[0], twin.step(0.1, 1)[0]
    assert a.loss == b.loss and a.center == b.center == lab.vocab.index["butter"]
    np.testing.assert_array_equal(lab.model.W_in, twin.model.W_in)
    lab.step(0.1, 1)
    assert twin.steps_done == 3 and lab.steps_done == 4


def test_new_settings_keep_the_corpus_a_pairs_corpus():
    lab = Lab.from_text(MIXED).with_settings(LabSettings(arch="cbow", window=5))
    assert lab.pairs and _instances(lab)[1] == (("drink", "milk"), "juice")


def test_the_bar_survives_a_links_round_trip():
    text = corpus_text(Lab.from_text(MIXED).sentences)
    assert text == "eat | apple\ndrink milk | juice\nbread | butter"
    assert decode_text(encode_text(text)) == text
    link, said = decode(encode(LabSettings(arch="cbow"), None, text, [(0.1, 3)]), preset_keys())
    assert not said and link.text == text
    again = Lab.from_text(link.text, link.settings)
    assert again.pairs and _instances(again) == _instances(Lab.from_text(MIXED))


def test_a_saved_pairs_lab_loads_back_where_it_was():
    lab = Lab.from_text(MIXED, LabSettings(arch="cbow"))
    lab.step(0.1, 4)
    back, name = load_lab(save_lab(lab, "pairs"))
    assert name == "pairs" and back.pairs and back.sentences == lab.sentences
    assert back.cursor == lab.cursor
    np.testing.assert_array_equal(back.model.W_in, lab.model.W_in)
    assert back.step(0.1, 1)[0].loss == lab.step(0.1, 1)[0].loss


# ---- the preset and the app --------------------------------------------------------------------------
def test_the_preset_is_wevis_default_data_right_after_eat_drink():
    assert load_preset("eat_drink_pairs").splitlines() == WEVI
    keys = preset_keys()
    assert keys.index("eat_drink_pairs") == keys.index("eat_drink") + 1
    preset = get_preset("eat_drink_pairs")
    assert preset.title == "Eat and drink as explicit pairs (wevi's format)"
    assert "drink milk | juice" in preset.description


def test_the_step_inspector_opened_on_the_preset_steps_the_instance_of_line_1():
    at = apptest.AppTest.from_file(apptest.APP, default_timeout=60)
    at.query_params["corpus"] = "eat_drink_pairs"
    at.run()
    at.switch_page("pages/step_inspector.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="insp_step1").click().run()
    assert not at.exception, [e.value for e in at.exception]
    lab = at.session_state["lab"]
    task, trace = lab.last
    assert lab.pairs and task.sentence == 0
    assert [lab.vocab.words[k] for k in trace.inputs] == ["apple"]      # skip-gram: w_I = target
    assert [lab.vocab.words[k] for k in trace.targets] == ["eat"]
    said = apptest.shown(at.markdown[0].value)
    assert "Step 1" in said and "line 1 (an explicit pair: the window does not apply)" in said
    assert "eat" in said and "|" in said and "apple" in said
    apptest.open_settings(at)                                          # a link's: closed
    assert at.number_input(key="insp_window").disabled                 # the window does not apply


def _corpus_lab() -> apptest.AppTest:
    return apptest.open_page("pages/corpus_lab.py")


def _paste(at, text: str) -> None:
    at.segmented_control(key="cl_source").set_value("Paste text").run()
    at.text_area(key="cl_paste").set_value(text)
    at.button(key="cl_use_paste").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_the_corpus_lab_says_when_its_text_is_explicit_pairs():
    at = _corpus_lab()
    at.selectbox(key="cl_preset").set_value("eat_drink_pairs").run()
    at.button(key="cl_load_preset").click().run()
    assert not at.exception and not at.error
    captions = [apptest.shown(c.value) for c in at.caption]
    assert ("12 explicit training pairs: each line is one instance; the window does not "
            "apply (nor does subsampling).") in captions
    assert any("the window does not apply" in c and "'|'" in c for c in captions)
    assert {m.label: m.value for m in at.metric}["Tokens"] == "24"


def test_a_pasted_pairs_text_loads_and_a_mixed_one_is_refused_naming_its_line():
    at = _corpus_lab()
    _paste(at, MIXED)
    lab = at.session_state["lab"]
    assert lab.pairs and lab.sentences[1] == ["drink", "milk", BAR, "juice"]
    _paste(at, "eat | apple\nthe cat sat\n")
    assert at.session_state["lab"] is lab
    errors = apptest.shown(" ".join(e.value for e in at.error))
    assert "line 2 is not a pair" in errors and "previous corpus is still loaded" in errors


def test_the_training_page_trains_pairs_as_sentences_and_says_so():
    from ui import training_state as ts
    assert ts.corpus_sentences("eat_drink_pairs") == [line.split("|") for line in WEVI]
    assert ts.corpus_words("eat_drink_pairs") == 24
    at = apptest.open_page("pages/training.py")
    at.selectbox(key="tr_corpus").set_value("eat_drink_pairs").run()
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(apptest.shown(c.value) for c in at.caption)
    assert "T = 24 words an epoch. Explicit training pairs: the fast trainer reads each line " \
           "as one sentence (context words, then the target)" in said


PAGES = ["pages/step_inspector.py", "pages/worksheet.py", "pages/hierarchical_softmax.py",
         "pages/negative_sampling.py", "pages/three_outputs.py", "pages/corpus_lab.py",
         "pages/subsampling.py"]


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_of_the_stream_opens_on_a_stepped_pairs_lab(page, arch):
    lab = Lab.from_text(MIXED, LabSettings(arch=arch))
    lab.step(0.1, 2)                                   # the last step: drink milk | juice
    at = apptest.open_page(page, lab=lab, name="pairs")
    assert not at.error, [e.value for e in at.error]
