"""The Corpus lab page through AppTest, from app.py: every control, every preset, uploads
and bad input. A bad corpus or setting shows a message and keeps the previous lab."""
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from apptest import shown
from w2v_core.corpora import PRESETS
from w2v_core.lab import MAX_TEXT_CHARS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
GOOD = "the cat sat on the mat\nthe dog sat on the log\n"


@pytest.fixture
def at():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("pages/corpus_lab.py").run()
    assert not at.exception
    return at


def texts(elements):
    return [e.value for e in elements]


def source(at, name):
    at.segmented_control(key="cl_source").set_value(name).run()
    assert not at.exception


def paste(at, text):
    source(at, "Paste text")
    at.text_area(key="cl_paste").set_value(text)
    at.button(key="cl_use_paste").click().run()
    assert not at.exception


def upload(at, name, data):
    source(at, "Upload .txt")
    at.file_uploader(key="cl_upload").set_value((name, data, "text/plain")).run()
    at.button(key="cl_use_upload").click().run()
    assert not at.exception


def assert_refused(at, before, *words):
    """An error naming the problem is shown, and the previous lab is untouched."""
    assert at.session_state["lab"] is before["lab"]
    assert at.session_state["corpus_name"] == before["name"]
    errors = shown(" ".join(texts(at.error)))
    assert errors and not at.success
    for w in words:
        assert w in errors, errors


def snapshot(at):
    return {"lab": at.session_state["lab"], "name": at.session_state["corpus_name"]}


def test_page_shows_the_default_corpus_and_its_sections(at):
    assert texts(at.title) == ["Corpus lab"]
    assert [t.label for t in at.tabs] == ["Tokens", "Vocabulary & Huffman codes", "Subsampling",
                                         "Training instances"]
    lab = at.session_state["lab"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["V (words)"] == str(lab.vocab.size)
    assert metrics["Sentences"] == str(len(lab.sentences))
    assert len(at.dataframe) == 3          # tokens, vocabulary, instances
    assert not at.error


def test_vocabulary_table_has_index_word_count_frequency_and_huffman_code(at):
    table = at.dataframe[1].value
    assert list(table.columns) == ["index", "word", "count", "f(w)", "Huffman code", "code length"]
    assert len(table) == at.session_state["lab"].vocab.size


@pytest.mark.parametrize("preset", PRESETS, ids=[p.key for p in PRESETS])
def test_each_preset_loads_and_says_the_model_was_reset(at, preset):
    before = at.session_state["lab"]
    at.selectbox(key="cl_preset").set_value(preset.key).run()
    assert preset.description in shown(" ".join(texts(at.caption)))
    at.button(key="cl_load_preset").click().run()
    assert not at.exception and not at.error
    assert at.session_state["corpus_name"] == preset.title
    assert at.session_state["lab"] is not before
    assert "model was reset" in " ".join(texts(at.success))


def test_loading_a_corpus_starts_the_model_over(at):
    at.session_state["lab"].step(0.1, 3)
    paste(at, GOOD)
    assert at.session_state["lab"].steps_done == 0
    assert at.session_state["corpus_name"] == "Pasted text"
    assert at.session_state["lab"].vocab.words[:2] == ["the", "sat"]


@pytest.mark.parametrize("text,words", [
    ("", ["no words"]), ("   \n\t\n  ", ["no words"]), ("?! ... --", ["no words"]),
    ("dog dog dog\ndog dog", ["1 word"]),
    ("a b " * (MAX_TEXT_CHARS // 4 + 1), ["at most"])])
def test_bad_pasted_text_shows_a_message_and_keeps_the_previous_corpus(at, text, words):
    before = snapshot(at)
    paste(at, text)
    assert_refused(at, before, *words)


def test_a_good_upload_loads_under_its_file_name(at):
    upload(at, "mini.txt", GOOD.encode())
    assert not at.error
    assert at.session_state["corpus_name"] == "mini.txt"
    assert at.session_state["lab"].vocab.size == 7


@pytest.mark.parametrize("name,data,words", [
    ("latin1.txt", "café au lait\nun thé\n".encode("latin-1"), ["not UTF-8"]),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), ["binary"]),
    ("empty.txt", b"", ["empty"]),
    ("blank.txt", b"  \n\n  ", ["empty"]),
    ("huge.txt", b"the cat sat\n" * 90_000, ["capped"]),
    ("dogs.txt", b"dog dog dog\n", ["1 word"])])
def test_bad_uploads_show_a_message_and_keep_the_previous_corpus(at, name, data, words):
    before = snapshot(at)
    upload(at, name, data)
    assert_refused(at, before, name, *words)


def test_use_this_file_without_a_file_asks_for_one(at):
    before = snapshot(at)
    source(at, "Upload .txt")
    at.button(key="cl_use_upload").click().run()
    assert_refused(at, before, "Choose a .txt file")


def test_file_names_and_words_are_shown_as_text_not_html(at):
    evil = "<img src=x onerror=alert(1)>.txt"
    upload(at, evil, b"<b>bold</b> and <i>more</i> words\nthe <script>x</script> end\n")
    assert at.session_state["corpus_name"] == evil
    shown = " ".join(texts(at.markdown) + texts(at.success) + texts(at.caption))
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in shown
    assert not re.search(r"(?<!\\)<", shown), "a < reaches Markdown unescaped"


def test_min_count_that_empties_the_vocabulary_is_refused(at):
    before = snapshot(at)
    at.number_input(key="cl_min_count").set_value(100_000).run()
    at.button(key="cl_apply_min_count").click().run()
    assert_refused(at, before, "min_count")
    assert at.session_state["lab"].settings.min_count == 1


def test_min_count_rebuilds_the_vocabulary_and_resets(at):
    v = at.session_state["lab"].vocab.size
    at.number_input(key="cl_min_count").set_value(3).run()
    at.button(key="cl_apply_min_count").click().run()
    lab = at.session_state["lab"]
    assert not at.error and lab.settings.min_count == 3 and lab.vocab.size < v
    assert "model was reset" in " ".join(texts(at.success))
    at.button(key="cl_apply_min_count").click().run()          # again: nothing to change
    assert at.session_state["lab"] is lab and "already in use" in " ".join(texts(at.info))


def test_subsampling_threshold_redraws_and_can_be_used_for_training(at):
    at.select_slider(key="cl_sample").set_value(1e-2).run()
    assert not at.exception
    at.button(key="cl_apply_sample").click().run()
    assert at.session_state["lab"].settings.sample == 1e-2
    assert "model was reset" in " ".join(texts(at.success))
    at.select_slider(key="cl_sample").set_value(0.0).run()
    assert not at.exception


def test_subsampling_pass_controls(at):
    at.select_slider(key="cl_sample").set_value(1e-5).run()    # s T < 1: most tokens dropped
    at.number_input(key="cl_sub_sentence").set_value(5).run()
    at.number_input(key="cl_sub_seed").set_value(123).run()
    assert not at.exception
    assert any("~~" in m for m in texts(at.markdown))          # struck-through = dropped


def test_training_instance_controls(at):
    at.number_input(key="cl_inst_sentence").set_value(7).run()
    at.number_input(key="cl_inst_epoch").set_value(3).run()
    at.number_input(key="cl_window").set_value(4).run()
    at.button(key="cl_apply_window").click().run()
    assert not at.exception and at.session_state["lab"].settings.window == 4
    assert len(at.dataframe[2].value) >= 1


def test_a_long_line_gets_a_slider_for_the_tokens_drawn(at):
    paste(at, " ".join(f"w{i % 20}" for i in range(80)))
    slider = at.slider(key="cl_inst_first")
    slider.set_value(40).run()
    assert not at.exception


def test_tokens_pages_and_a_corpus_change_reset_corpus_dependent_controls(at):
    at.selectbox(key="cl_preset").set_value("royalty")
    at.button(key="cl_load_preset").click().run()
    at.number_input(key="cl_tok_page").set_value(20).run()
    at.number_input(key="cl_inst_sentence").set_value(4000).run()
    at.number_input(key="cl_sub_sentence").set_value(3999).run()
    assert not at.exception
    at.selectbox(key="cl_preset").set_value("fruit_drinks")
    at.button(key="cl_load_preset").click().run()           # 110 sentences now
    assert not at.exception and not at.error
    assert at.number_input(key="cl_inst_sentence").value == 1


PARAGRAPH = ("The king rode out at dawn. The queen stayed in the castle! Did the prince "
             "follow them? He did not. The people waited by the gate.")


def test_a_pasted_paragraph_is_split_into_sentences_and_the_page_says_so(at):
    paste(at, PARAGRAPH)
    said = " ".join(m.value for m in at.info).replace("\\", "")   # Markdown escapes off
    assert "Split 1 line(s) into 5 sentences" in said
    assert "T = 26 tokens" in " ".join(m.value for m in at.success)


def test_the_split_can_be_turned_off_to_keep_ones_own_lines(at):
    source(at, "Paste text")
    at.text_area(key="cl_paste").set_value(PARAGRAPH).run()
    at.toggle(key="cl_split_sentences").set_value(False).run()
    at.button(key="cl_use_paste").click().run()
    assert not at.exception
    assert not any("Split" in m.value for m in at.info)
