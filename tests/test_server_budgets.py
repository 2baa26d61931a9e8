"""Issue 15, items 5 and 9: training jobs have a budget per session and per server, and losing
work is never silent. (That a job stops once its browser tab is gone, and that a download
disarms the leave-page question, need a real server: tests/e2e/test_e2e_sessions.py.)"""
from pathlib import Path

from streamlit.testing.v1 import AppTest

import apptest
from ui import keep
from ui import training_job as tj
from ui import training_state as ts
from w2v_core.corpora import load_preset
from w2v_core.train.trainer import TrainConfig
from w2v_core.lab import Lab
from w2v_core.lab.saved import load_lab, save_lab

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LONG = TrainConfig(arch="skipgram", output="ns", dim=30, epochs=200, min_count=1)


def training_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/training.py")
    return at.run()


def start_long(at: AppTest) -> AppTest:
    at.selectbox(key="tr_corpus").set_value("large_generated").run()
    at.number_input(key="tr_epochs").set_value(200)
    return at.button(key="tr_train").click().run()


def stop_all(*sessions) -> None:
    for at in sessions:
        job = at.session_state[ts.JOB] if ts.JOB in at.session_state else None
        if job is not None:
            job.stop()
            job.thread.join(timeout=60)


def test_a_full_server_says_it_is_busy_and_starts_nothing():
    running = [start_long(training_page()) for _ in range(tj.MAX_JOBS)]
    try:
        assert all(at.session_state[ts.JOB].running for at in running)
        late = start_long(training_page())
        shown = apptest.shown(" ".join(str(w.value) for w in late.warning))
        assert "The server is busy" in shown and "nothing was started" in shown
        assert ts.JOB not in late.session_state
    finally:
        stop_all(*running)
    assert len(tj.SLOTS) == 0                      # every finished job gave its slot back


def test_a_finished_job_gives_its_slot_back_even_when_it_fails():
    slots = tj.JobSlots(1)
    job = tj.TrainingJob([["a"]], LONG, "one word", "x", slots=slots).start()
    job.thread.join(timeout=30)
    assert job.error and len(slots) == 0
    again = tj.TrainingJob([["a", "b"]], LONG, "ok", "x", slots=slots).start()   # the slot is free
    again.stop()
    again.thread.join(timeout=30)


def test_outside_a_server_a_session_is_never_gone():
    assert not tj.SessionWatch("no-runtime").gone() and not tj.SessionWatch(None).gone()


def test_one_job_per_session():
    at = start_long(training_page())
    try:
        assert at.button(key="tr_train").disabled and len(tj.SLOTS) == 1
        at.button(key="tr_stop").click().run()
    finally:
        stop_all(at)


# ---- 9. losing work is never silent ---------------------------------------------------------------
def sidebar_captions(lab=None, name="Fruit and drinks") -> str:
    """The sidebar's captions on a first run of app.py (AppTest keeps the sidebar of the
    first run only), with ``lab`` as the session's lab."""
    at = AppTest.from_file(APP, default_timeout=60)
    if lab is not None:
        at.session_state["lab"], at.session_state["corpus_name"] = lab, name
    at.run()
    return apptest.shown(" ".join(str(c.value) for c in at.sidebar.caption))


def restored(steps: int) -> Lab:
    """A lab as "Restore a lab" gives it back: its steps are not known, so no link rebuilds it."""
    lab = Lab.from_text(load_preset("fruit_drinks"))
    lab.step(0.1, steps)
    return load_lab(save_lab(lab, "Fruit and drinks"))[0]


def test_the_sidebar_always_says_how_to_keep_work_and_names_what_is_not_downloaded():
    fresh = sidebar_captions()
    assert "The address bar holds this lab: a reload or its link rebuilds it" in fresh
    assert "**Save and load** on the Training page" in fresh and "Not downloaded yet" not in fresh
    stepped = Lab.from_text(load_preset("fruit_drinks"))
    stepped.step(0.1, 3)                                 # a preset and 3 seeded steps: the link
    assert "Not downloaded yet" not in sidebar_captions(stepped)
    assert "Not downloaded yet: the lab (Fruit and drinks, 3 steps)" in sidebar_captions(restored(3))
    words = " ".join(f"w{i * 7919 % 100_003}" for i in range(4_000))  # no link carries this text
    own = Lab.from_text(words)
    assert "Not downloaded yet: the lab (My notes, 0 steps)" in sidebar_captions(own, "My notes")


def test_the_training_page_warns_while_trained_vectors_are_not_downloaded():
    at = training_page()
    at.button(key="tr_train").click().run()
    if ts.JOB in at.session_state:
        at.session_state[ts.JOB].thread.join(timeout=120)
    at.run()
    warnings = apptest.shown(" ".join(str(w.value) for w in at.warning))
    assert "Not downloaded yet: the vectors trained on Royalty and gender" in warnings
    assert "Save and load" in warnings


def armed(at: AppTest) -> list[bool]:
    return ["w2vUnsaved = true" in h.proto.body for h in at.get("html") if "beforeunload" in h.proto.body]


def test_the_leave_page_question_is_armed_only_while_a_reload_would_lose_the_lab():
    at = apptest.open_page("pages/step_inspector.py")
    assert armed(at) == [False]
    at.button(key="insp_step1").click().run()
    assert armed(at) == [False]                         # the link rebuilds a preset's steps
    at = apptest.open_page("pages/step_inspector.py", lab=restored(2), name="Fruit and drinks")
    assert armed(at) == [True]


def test_a_restored_lab_counts_as_kept():
    at = apptest.open_page("pages/training.py")
    lab = at.session_state["lab"]
    lab.step(0.1, 3)
    at.file_uploader(key="tr_up_lab").upload("lab.npz", save_lab(lab, "Fruit and drinks"))
    at.button(key="tr_restore").click().run()
    assert "Restored the lab" in apptest.shown(" ".join(str(m.value) for m in at.success))
    assert at.session_state[keep.KEPT_LAB] == (id(at.session_state["lab"]), 3)
