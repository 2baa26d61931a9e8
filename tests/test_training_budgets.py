"""Issue "A hall of 200", item 7: training jobs are limited per browser, not per tab; each job
has a CPU budget, refused beforehand when its estimated work exceeds it and stopped when its
thread's CPU time does; Stop and a closed tab take effect inside a chunk of words; a job
uses one BLAS thread."""
import math
import re
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from threadpoolctl import threadpool_info

import apptest
from ui import job_budgets as jb
from ui import training_job as tj
from ui import training_state as ts
from w2v_core.corpora import load_preset, preset_keys
from w2v_core.train import work
from w2v_core.train.stream import encode_corpus
from w2v_core.train.trainer import TrainConfig, train_encoded
from w2v_core.lab import text_to_sentences
from w2v_core.text import Vocabulary

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LARGE = text_to_sentences(load_preset("large_generated"))
# one chunk of words per epoch: before, a job looked at Stop and its session between chunks only
HEAVY = {"compiled NS": TrainConfig(arch="skipgram", output="ns", dim=300, window=10, negative=20,
                                    epochs=50, min_count=1, batch_words=10**7),
         "full softmax": TrainConfig(arch="skipgram", output="softmax", dim=300, window=10,
                                     epochs=50, min_count=1, batch_words=10**7)}


def page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/training.py")
    return at.run()


def shown(at: AppTest) -> str:
    return apptest.shown(" ".join(str(e.value) for e in
                                  list(at.error) + list(at.warning) + list(at.info)
                                  + list(at.success)))


def start_long(at: AppTest) -> AppTest:
    at.selectbox(key="tr_corpus").set_value("large_generated").run()
    at.number_input(key="tr_epochs").set_value(200)
    return at.button(key="tr_train").click().run()


def finish(at: AppTest) -> AppTest:
    if ts.JOB in at.session_state:
        at.session_state[ts.JOB].thread.join(timeout=120)
    return at.run()


class Watch:
    """A session watch whose tab closes when the test says so; it notes the job thread's CPU
    time at every question and the BLAS threads it saw."""

    def __init__(self):
        self.closed = threading.Event()
        self.cpu: list[float] = []
        self.blas_threads = None

    def gone(self) -> bool:
        self.cpu.append(time.thread_time())
        if self.blas_threads is None:
            self.blas_threads = {i["num_threads"] for i in threadpool_info()
                                 if i["user_api"] == "blas"}
        return self.closed.is_set()


def wait_for(condition, seconds=60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# ---- per browser ------------------------------------------------------------------------------
def xsrf(token: bytes, mask: bytes) -> str:
    """Streamlit's cookie for a browser's token, masked anew as on every response."""
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(token))
    return f"2|{mask.hex()}|{masked.hex()}|1796529181"


def test_a_browser_is_its_xsrf_token_not_the_cookies_text_nor_the_replica_cookie():
    token = bytes(range(16))
    one, two = (jb.client_key({jb.XSRF_COOKIE: xsrf(token, mask)})
                for mask in (b"\1\2\3\4", b"\x09\x08\x07\x06"))
    other = jb.client_key({jb.XSRF_COOKIE: xsrf(bytes(16), b"\1\2\3\4")})
    assert one == two != other and one.startswith("browser-")
    assert token.hex() not in one                           # the token itself is never kept
    assert jb.client_key({}) is None and jb.client_key({"w2v_replica": "r0"}) is None


def test_a_second_tab_of_the_same_browser_is_told_which_job_runs_and_can_stop_it(monkeypatch):
    masks = iter(bytes([i, 7, 7, 7]) for i in range(1, 100))
    monkeypatch.setattr(ts, "_cookies",
                        lambda: {jb.XSRF_COOKIE: xsrf(b"one browser!", next(masks))})
    first = start_long(page())
    try:
        running = first.session_state[ts.JOB]
        assert running.running
        second = start_long(page())
        said = shown(second)
        assert "Training on Large generated" in said and "another tab of this browser" in said
        assert "Nothing was started" in said and ts.JOB not in second.session_state
        assert len(tj.SLOTS) == 1
        second.button(key="tr_stop_other").click().run()
        running.thread.join(timeout=60)
        assert not running.running and running.stop_reason == "stop"
        assert "was stopped" in shown(second)
        second.button(key="tr_train").click().run()            # now this tab may train
        assert ts.JOB in second.session_state
        finish(second)
    finally:
        for at in (first,):
            if ts.JOB in at.session_state:
                at.session_state[ts.JOB].stop()
                at.session_state[ts.JOB].thread.join(timeout=60)


def test_two_browsers_behind_one_address_each_train():
    slots = jb.JobSlots(2)
    config = replace(HEAVY["compiled NS"], epochs=1)
    jobs = [tj.TrainingJob(LARGE, config, "x", "x", slots=slots, client=c)
            for c in ("browser-a", "browser-b")]
    for job in jobs:
        job.start()
    with pytest.raises(jb.ClientBusy):
        tj.TrainingJob(LARGE, config, "x", "x", slots=slots, client="browser-a").start()
    for job in jobs:
        job.stop()
        job.thread.join(timeout=60)
    assert len(slots) == 0


# ---- a CPU budget per job ---------------------------------------------------------------------
def test_every_preset_at_the_page_defaults_is_far_within_the_budget():
    for key in preset_keys():
        sentences = text_to_sentences(load_preset(key))
        vocab = Vocabulary.from_sentences(sentences, 1)
        corpus = encode_corpus(sentences, vocab)
        epochs = int(min(200, max(5, 5 * math.ceil(ts.EPOCH_WORDS / corpus.total / 5))))
        for output in ("ns", "hs", "softmax"):
            config = replace(ts.PAGE_CONFIG, output=output, epochs=epochs)
            assert work.estimate(config, vocab.counts, corpus).seconds < jb.JOB_CPU_SECONDS / 10


@pytest.mark.parametrize("config", [
    TrainConfig(arch="skipgram", output="ns", dim=20, window=5, negative=7, min_count=1),
    TrainConfig(arch="cbow", output="hs", dim=20, window=3, min_count=1, sample=0),
    TrainConfig(arch="cbow", output="softmax", dim=20, window=10, min_count=1, sample=1e-4),
], ids=["skipgram-ns", "cbow-hs", "cbow-softmax"])
def test_the_estimate_counts_the_predictions_the_trainer_makes(config):
    sentences = text_to_sentences(load_preset("royalty"))
    vocab = Vocabulary.from_sentences(sentences, 1)
    corpus = encode_corpus(sentences, vocab)
    estimated = work.estimate(config, vocab.counts, corpus)
    made = train_encoded(corpus, vocab, config).predictions
    assert estimated.predictions == pytest.approx(made, rel=0.1)
    assert estimated.words == config.epochs * corpus.total


def test_a_run_over_the_budget_is_refused_before_training_saying_what_to_lower():
    at = page()
    at.selectbox(key="tr_corpus").set_value("large_generated").run()
    at.selectbox(key="tr_output").set_value("softmax")
    at.number_input(key="tr_dim").set_value(300)
    at.number_input(key="tr_window").set_value(10)
    at.number_input(key="tr_epochs").set_value(200)
    at.button(key="tr_train").click().run()
    at = finish(at)
    said = shown(at)
    assert not at.exception and ts.TRAINED not in at.session_state
    assert "Not started: this training would need about" in said
    fit = int(re.search(r"lower the epochs to (\d+) or fewer", said).group(1))
    assert 0 < fit < 200 and "full softmax scores all V = 254 words" in said


def test_a_job_stops_when_its_cpu_budget_runs_out_and_says_so(monkeypatch):
    monkeypatch.setattr(tj, "JOB_CPU_SECONDS", 1.0)
    monkeypatch.setattr(tj, "refuse_too_much_work", lambda *args: None)   # estimate too low
    at = finish(start_long(page()))
    said = shown(at)
    r = at.session_state[ts.TRAINED].result
    assert r.stopped_early and 0 < r.words_done < at.session_state[ts.TRAINED].total_words
    assert f"Stopped after {r.words_done:,} of" in said
    assert "the job's CPU budget (1 s) ran out" in said and "lower the epochs" in said


# ---- Stop and a closed tab, inside a chunk; one BLAS thread -------------------------------------
@pytest.mark.parametrize("name", list(HEAVY))
def test_a_job_whose_tab_closed_stops_inside_its_chunk(name):
    watch = Watch()
    job = tj.TrainingJob(LARGE, HEAVY[name], "x", "x", watch=watch, slots=jb.JobSlots(1),
                         cpu_budget=10**6).start()
    wait_for(lambda: len(watch.cpu) >= 3)                  # it is training its first chunk
    watch.closed.set()
    job.thread.join(timeout=60)
    r = job.result
    T = sum(map(len, LARGE))
    assert job.abandoned and r.stopped_early
    assert r.words_done < T                                # within the first (one-epoch) chunk
    assert max(np.diff(watch.cpu)) < 1.0                   # asked at least every CPU second


def test_stop_takes_effect_inside_a_chunk():
    watch = Watch()
    job = tj.TrainingJob(LARGE, HEAVY["compiled NS"], "x", "x", watch=watch,
                         slots=jb.JobSlots(1), cpu_budget=10**6).start()
    wait_for(lambda: len(watch.cpu) >= 3)
    job.stop()
    job.thread.join(timeout=60)
    assert job.stop_reason == "stop" and job.result.words_done < sum(map(len, LARGE))


def test_a_job_trains_on_one_blas_thread_and_gives_the_others_back():
    before = {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}
    watch = Watch()
    job = tj.TrainingJob(LARGE, replace(HEAVY["full softmax"], epochs=1, dim=20), "x", "x",
                         watch=watch, slots=jb.JobSlots(1)).start()
    job.thread.join(timeout=60)
    assert job.error is None and watch.blas_threads == {1}
    assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == before
