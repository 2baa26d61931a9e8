"""The training page through AppTest: train, stop, export, import, and bad input."""
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import apptest

from ui import keep
from ui import training_job as tj
from ui import training_state as ts
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, text_to_sentences
from w2v_core.lab.saved import load_lab, save_lab
from w2v_core.vectors.similarity import analogy
from w2v_core.train.trainer import Progress, train
from w2v_core.vectors.word2vec_format import to_word2vec_bytes

APP = str(Path(__file__).resolve().parents[1] / "app.py")
VECTORS = to_word2vec_bytes(["cat", "dog", "<script>", "car", "bus"],
                            np.array([[1.0, 0.1, 0], [0.9, 0.2, 0], [0, 0, 1], [0, 1, 0.1],
                                      [0.1, 0.9, 0]]), binary=False)


def page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/training.py")
    return at.run()


def finish(at: AppTest) -> AppTest:
    """Wait for the background training job, then rerun so the page collects it."""
    if ts.JOB in at.session_state:
        at.session_state[ts.JOB].thread.join(timeout=60)
    return at.run()


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


def no_errors(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, texts(at.error)


def messages(at: AppTest) -> str:
    return apptest.shown(texts(list(at.error) + list(at.success) + list(at.warning)))


def trained(at: AppTest = None) -> tuple[AppTest, str]:
    """Press Train and wait; also the messages of both runs (a quick job may end, and
    be collected, in the run of the click already)."""
    at = at or page()
    at.button(key="tr_train").click().run()
    seen = messages(at)
    at = finish(at)
    return at, seen + " " + messages(at)


def widget(elements, label):
    return next(e for e in elements if e.label == label)


# ---- training ---------------------------------------------------------------------------------
def test_the_page_opens_with_the_first_example_waiting_for_training():
    at = page()
    no_errors(at)
    assert "Royalty and gender" in texts(at.info)
    assert at.selectbox(key="tr_corpus").value == "royalty"


def test_default_training_on_royalty_puts_queen_first_seeded():
    result = train(text_to_sentences(load_preset("royalty")), ts.PAGE_CONFIG)
    top = analogy(result.vocab.words, result.W_in, "man", "king", "woman", topn=5)
    assert top[0][0] == "queen" and top[0][1] > 0.9


def test_training_shows_king_minus_man_plus_woman_is_queen():
    at, seen = trained()
    no_errors(at)
    t = at.session_state[ts.TRAINED]
    assert not t.result.stopped_early and t.result.words_done == t.total_words
    example = at.dataframe[0].value
    assert example["word"].iloc[0] == "queen"
    expected = analogy(t.result.vocab.words, t.result.W_in, "man", "king", "woman", topn=5)
    assert np.allclose(example["cosine"], [s for _, s in expected])
    assert "Trained on 547,080 words" in seen
    assert at.session_state[ts.SOURCE] == "trained"
    assert len(apptest.figures(at)) >= 3          # loss curve, PCA, heatmap


def test_the_snapshot_slider_opens_the_pca_figure_on_its_snapshot():
    """The keyboard's way through the PCA frames (Plotly's Play is for the mouse)."""
    at, _ = trained()
    snapshot = at.select_slider(key="tr_snapshot")
    frames = len(at.session_state[ts.TRAINED].result.snapshots)
    assert snapshot.value == frames - 1 and len(snapshot.options) == frames
    assert snapshot.options[2].startswith(f"3 of {frames}: after ")
    pca = next(f for f in apptest.figures(at) if f.get("frames"))
    assert pca["layout"]["sliders"][0]["active"] == frames - 1
    snapshot.set_value(2).run()
    pca = next(f for f in apptest.figures(at) if f.get("frames"))
    assert pca["layout"]["sliders"][0]["active"] == 2


def test_the_pca_snapshot_as_a_table_is_sklearns_projection_of_the_final_vectors():
    from sklearn.decomposition import PCA
    at, _ = trained()
    at.toggle(key="tr_pca_as_table").set_value(True).run()
    shown = next(d.value for d in at.dataframe if "PC1" in d.value.columns)
    t = at.session_state[ts.TRAINED]
    words = t.result.vocab.words
    rows = [words.index(w) for w in shown["word"]]
    W = t.result.snapshots[-1][1][rows].astype(np.float64)       # the last snapshot's W rows
    expected = PCA(n_components=2).fit_transform(W)               # (M, 2), signs arbitrary
    for c, name in enumerate(("PC1", "PC2")):
        got = shown[name].to_numpy()
        sign = np.sign(got @ expected[:, c])
        np.testing.assert_allclose(got, sign * expected[:, c], atol=1e-9)


def test_stop_keeps_what_was_learned():
    at = page()
    at.selectbox(key="tr_corpus").set_value("large_generated").run()
    at.number_input(key="tr_epochs").set_value(200)          # far longer than the test
    at.button(key="tr_train").click().run()
    assert ts.JOB in at.session_state and at.session_state[ts.JOB].running
    assert at.button(key="tr_stop") and at.button(key="tr_train").disabled
    at.button(key="tr_stop").click().run()
    seen = messages(at)
    at = finish(at)
    no_errors(at)
    seen += messages(at)
    r = at.session_state[ts.TRAINED].result
    assert r.config.epochs == 200 and r.stopped_early
    assert 0 < r.words_done < at.session_state[ts.TRAINED].total_words
    assert "Stopped after" in seen
    assert r.snapshots[-1][0] == r.words_done               # the last picture is what was learned
    assert np.array_equal(r.snapshots[-1][1], r.W_in)


def test_progress_text_and_eta_come_from_the_trainers_progress():
    p = Progress(30_000, 120_000, 60_000.0, 0.01, 1, 4, 2.0, 0.5)
    assert tj.progress_fraction(p) == 0.25 and tj.eta_seconds(p) == 1.5
    assert tj.progress_text(p) == ("Epoch 1 of 4 · 30,000 of 120,000 words · 60,000 words/s · "
                                   "ETA 1.5 s")
    assert [tj.duration(s) for s in (0.42, 12.3, 185)] == ["0.4 s", "12 s", "3 min 05 s"]


def test_snapshots_are_capped_by_memory_and_rows_include_followed_words():
    assert tj.capped_snapshots(ts.PAGE_CONFIG, 155).snapshots == 21
    assert tj.capped_snapshots(ts.PAGE_CONFIG, 10**6).snapshots == 2
    assert ts.plot_rows(["a", "b", "c", "d", "e"], ["e", "b"], 2) == ([0, 1, 4], [2, 1])


def test_a_training_error_is_a_message_and_keeps_the_previous_vectors():
    at, _ = trained()
    before = at.session_state[ts.TRAINED]
    at.session_state["lab"] = Lab.from_text("a b c")
    at.selectbox(key="tr_corpus").set_value(ts.LAB_CORPUS)
    at.number_input(key="tr_min_count").set_value(2)         # empties the vocabulary
    at, seen = trained(at)
    assert not at.exception and "min_count=2" in seen
    assert "previously trained vectors (if any) are kept" in seen
    assert at.session_state[ts.TRAINED] is before


def test_three_words_are_enough_to_train_and_draw():
    at = page()
    at.session_state["lab"] = Lab.from_text("a b c\nc b a")
    at.selectbox(key="tr_corpus").set_value(ts.LAB_CORPUS)
    at.number_input(key="tr_dim").set_value(2)
    at, _ = trained(at)
    no_errors(at)
    assert at.session_state[ts.TRAINED].result.vocab.size == 3


# ---- export -----------------------------------------------------------------------------------
@pytest.mark.parametrize("binary", [False, True])
def test_exported_vectors_load_in_gensim(tmp_path, binary):
    gensim = pytest.importorskip("gensim")
    at, _ = trained()
    assert {"tr_dl_txt", "tr_dl_bin", "tr_dl_lab"} <= {b.key for b in at.get("download_button")}
    vs = ts.trained_set(at.session_state[ts.TRAINED])
    path = tmp_path / "vectors"
    path.write_bytes(keep.vectors_file(vs, binary))
    kv = gensim.models.KeyedVectors.load_word2vec_format(str(path), binary=binary)
    assert kv.index_to_key == vs.words
    if binary:
        assert np.array_equal(kv.vectors, vs.W)
    else:
        assert np.allclose(kv.vectors, vs.W, atol=5e-7)
    assert kv.most_similar(positive=["king", "woman"], negative=["man"])[0][0] == "queen"


def test_the_exported_lab_restores_through_the_page():
    at = page()
    lab = at.session_state["lab"]
    lab.step(0.1, 17)
    data = save_lab(lab, "Fruit and drinks")
    at.file_uploader(key="tr_up_lab").upload("lab.npz", data)
    at.button(key="tr_restore").click().run()
    no_errors(at)
    restored = at.session_state["lab"]
    assert restored is not lab and restored.steps_done == 17
    assert np.array_equal(restored.model.W_in, lab.model.W_in)
    assert np.array_equal(restored.model.W_out, lab.model.W_out)
    assert restored.step(0.1)[0].loss == lab.step(0.1)[0].loss
    assert "Restored the lab" in texts(at.success)


@pytest.mark.parametrize("data,match", [
    (b"not a zip", "not a .npz file"),
    (save_lab(Lab.from_text("a b c\nb c a"), "x")[:300], ".npz"),             # truncated
], ids=["not-a-zip", "truncated"])
def test_a_bad_lab_file_is_a_message_and_the_lab_is_untouched(data, match):
    at = page()
    lab = at.session_state["lab"]
    at.file_uploader(key="tr_up_lab").upload("lab.npz", data)
    at.button(key="tr_restore").click().run()
    assert not at.exception and match in messages(at)
    assert "The current lab is unchanged" in messages(at)
    assert at.session_state["lab"] is lab


def test_a_lab_whose_w_outgrows_float32_offers_no_vector_file_and_says_why():
    """Issue "A hall of 200", item 12: eta = 100 for 47 steps leaves the float64 lab's W
    finite but beyond float32; the page used to raise while making the vector file."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["corpus"], at.query_params["eta"] = "eat_drink", "100x47"
    at.run()
    at.switch_page("pages/training.py").run()
    assert not at.exception, [e.value for e in at.exception]
    W = at.session_state["lab"].model.W_in
    assert np.isfinite(W).all() and np.abs(W).max() > np.finfo(np.float32).max
    said = messages(at)
    assert "No vector file: these vectors hold a value of" in said
    assert "beyond the largest float32 a vector file stores" in said
    disabled = {b.proto.id.rsplit("-", 1)[-1]: b.proto.disabled
                for b in at.get("download_button")}
    assert disabled == {"tr_dl_txt": True, "tr_dl_bin": True, "tr_dl_lab": False}  # .npz keeps W


# ---- import and exploring -----------------------------------------------------------------------
def imported(data=VECTORS, name="mine.txt", at=None) -> AppTest:
    at = at or page()
    at.file_uploader(key="tr_up_vec").upload(name, data)
    return at.button(key="tr_import").click().run()


def test_imported_vectors_are_explored_and_never_touch_the_lab():
    at = page()
    lab = at.session_state["lab"]
    weights = lab.model.W_in.copy()
    at = imported(at=at)
    no_errors(at)
    assert "Imported 5 words with N = 3 from mine.txt" in messages(at)
    vs = at.session_state[ts.IMPORTED]
    assert vs.words[2] == "<script>" and at.session_state[ts.SOURCE] == "imported"
    assert at.session_state["lab"] is lab and np.array_equal(lab.model.W_in, weights)
    query = widget(at.text_input, "Word")
    query.set_value("cat").run()
    assert at.dataframe[0].value["word"].iloc[0] == "dog"
    assert any("&lt;script&gt;" in text for text in apptest.chart_strings(at))   # drawn, escaped
    apptest.assert_no_raw_markup(at, "<script>")


@pytest.mark.parametrize("data,match", [
    (b"2 3\ncat 1 2\n", "line 2: expected a word followed by 3 values"),   # wrong dimension
    (b"hello world", "header"),
    (b"", "empty"),
    (b"100000 100000\ncat 1\n", "more than max_bytes"),
])
def test_a_bad_vector_file_is_a_message_and_the_previous_import_stays(data, match):
    at = imported()
    before = at.session_state[ts.IMPORTED]
    at = imported(data, "bad.txt", at)
    assert not at.exception
    assert match in messages(at) and "Nothing was imported" in messages(at)
    assert at.session_state[ts.IMPORTED] is before


def test_an_oversized_upload_is_refused(monkeypatch):
    monkeypatch.setattr(keep, "UPLOAD_BYTES", 100)
    at = imported()
    assert "capped at 100 bytes" in messages(at) and ts.IMPORTED not in at.session_state


def test_unknown_words_and_repeated_analogy_words_get_messages():
    at = imported()
    widget(at.text_input, "Word").set_value("unicorn").run()
    assert "'unicorn' is not in the vocabulary" in messages(at)
    widget(at.text_input, "+ c").set_value("dog")
    widget(at.text_input, "− a").set_value("dog").run()
    assert "three different words" in messages(at)
    assert not at.exception


def test_pca_with_fewer_than_three_words_is_a_message():
    at = imported(b"2 2\nx 1 0\ny 0 1\n", "two.txt")
    assert not at.exception and "PCA needs at least 3 words, got 2" in messages(at)


def test_choosing_a_corpus_suggests_epochs_for_about_half_a_million_words():
    at = page()
    assert at.number_input(key="tr_epochs").value == 20                     # royalty
    at.selectbox(key="tr_corpus").set_value("fruit_drinks").run()
    assert at.number_input(key="tr_epochs").value == 200
    at.selectbox(key="tr_corpus").set_value("large_generated").run()
    assert at.number_input(key="tr_epochs").value == 10
    no_errors(at)


def test_the_lab_file_is_made_once_per_state_of_the_lab():
    """The Training page reruns on every widget; its lab download is made again only when
    the lab changed, steps or weights (Undo, then Step with another eta: same step count)."""
    at = apptest.open_page("pages/training.py")
    lab = at.session_state["lab"]
    lab.step(0.1, 2)
    at.run()
    first = at.session_state[keep.MADE]["lab"][1]
    assert load_lab(first)[0].steps_done == 2
    at.run()                                                 # nothing changed
    assert at.session_state[keep.MADE]["lab"][1] is first
    lab.undo()
    lab.step(0.5, 1)
    at.run()
    again, _ = load_lab(at.session_state[keep.MADE]["lab"][1])
    assert again.steps_done == 2
    np.testing.assert_array_equal(again.model.W_in, lab.model.W_in)
    assert not np.array_equal(again.model.W_in, load_lab(first)[0].model.W_in)


def test_a_users_own_corpus_gets_content_words_to_follow_and_for_the_analogy():
    """Not "the − by + and": the defaults are the most frequent words that carry meaning."""
    from ui.training_state import default_highlight
    from w2v_core.text import STOP_WORDS
    words = ["the", "and", "by", "of", "river", "boat", "water", "a", "fish", "to", "net"]
    chosen = default_highlight(words, "own text")
    assert chosen[:3] == ["river", "boat", "water"]
    assert not set(chosen) & STOP_WORDS


def test_every_chart_streamlit_draws_has_its_text_for_screen_readers():
    at, _ = trained()
    said = [h.proto.body for h in at.get("html") if h.proto.body.startswith('<p class="w2v-sr">')]
    assert len(at.get("plotly_chart")) == 3 and len(said) == 3
    loss, pca, grid = said
    assert "a line, loss, from" in loss
    assert "PCA of input vectors W" in pca and "king" in pca
    assert "a 12 × 12 grid of values" in grid
