"""A link carries the whole lab or says what it could not: a pasted corpus, every value of
eta and the eta of the next step come back exactly; a corpus that cannot travel is named
as such; a link that makes no lab gets a message once, not a red box on every rerun; and a
hall opening the same link builds it once."""
import threading

import numpy as np
from streamlit.testing.v1 import AppTest

import apptest
from ui import links
from w2v_core.corpora import load_preset, preset_keys
from w2v_core.lab import Lab, LabSettings
from w2v_core.lab import saved
from w2v_core.lab.link import MAX_RUNS, decode, decode_text, encode, encode_text
from w2v_core.lab.replay import BUILT, build, replay_limit, what_is_lost

PRESETS = preset_keys()
ANIMALS = load_preset("animals_actions")          # 2,390 characters: 767 packed, V = 62


open_link = apptest.open_link


def published(at: AppTest) -> dict:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def same_lab(a, b) -> None:
    assert a.settings == b.settings and a.steps_done == b.steps_done
    assert a.sentences == b.sentences
    np.testing.assert_array_equal(a.model.W_in, b.model.W_in)
    np.testing.assert_array_equal(a.model.W_out, b.model.W_out)
    assert a.model.rng.bit_generator.state == b.model.rng.bit_generator.state


def messages(at) -> str:
    return " ".join(str(m.value) for m in [*at.success, *at.warning, *at.error, *at.info])


# ---- a pasted corpus ---------------------------------------------------------------------------
def test_a_pasted_corpus_comes_back_whole_from_its_link():
    at = AppTest.from_file(apptest.APP, default_timeout=60)
    at.run()
    at.switch_page("pages/corpus_lab.py").run()
    at.segmented_control(key="cl_source").set_value("Paste text").run()
    at.text_area(key="cl_paste").set_value(ANIMALS).run()
    at.button(key="cl_use_paste").click().run()
    at.switch_page("pages/step_inspector.py").run()      # its fragment publishes the link
    sent = at.session_state["lab"]
    assert sent.vocab.size == 62
    params = published(at)
    assert len(params["text"]) > 200                 # longer than the old cut of every value
    back = open_link(params)
    same_lab(back.session_state["lab"], sent)
    assert "Opened the lab of the link" in messages(back)


def test_a_corpus_cut_short_is_an_error_not_a_shorter_corpus():
    packed = encode_text(ANIMALS)
    try:
        decode_text(packed[:600])
    except ValueError as err:
        assert "cut off" in str(err)
    else:
        raise AssertionError("a cut stream was read as a corpus")
    link, said = decode({"text": packed[:600]}, PRESETS)
    assert link.text is None and any("cut off" in s for s in said)


def test_a_repetitive_text_that_unpacks_too_long_does_not_claim_to_travel():
    text = "a b\n" * 200_000                       # packs into < 1,500 characters
    assert encode_text(text) is None


# ---- eta ---------------------------------------------------------------------------------------
def test_every_value_of_eta_comes_back_and_the_next_step_uses_the_senders_eta():
    lab = Lab.from_text(load_preset("eat_drink"))
    for i in range(16):                              # eta changed before every step
        lab.step(0.1 + 0.05 * i)
    assert len(lab.schedule.runs) == 16
    params = encode(lab.settings, "eat_drink", None, lab.schedule.runs, lr=0.7)
    link, said = decode(params, PRESETS)
    assert not said and link.lr == 0.7
    back, _ = build(link, load_preset("eat_drink"))
    same_lab(back, lab)
    lab.step(0.7)
    back.step(link.lr)
    same_lab(back, lab)


def test_a_link_made_after_changing_eta_reopens_at_that_eta_through_the_app():
    at = open_link({"corpus": "eat_drink", "eta": "0.1x3"})
    at.switch_page("pages/step_inspector.py").run()
    apptest.open_settings(at)
    at.number_input(key="insp_lr").set_value(0.45).run()
    params = published(at)
    assert params["lr"] == "0.45"
    back = open_link(params)
    assert back.session_state["learning_rate"] == 0.45


def test_a_lab_opened_from_a_link_keeps_its_settings_closed_until_the_student_opens_them():
    at = open_link({"corpus": "eat_drink", "arch": "cbow", "eta": "0.1x3"})
    at.switch_page("pages/step_inspector.py").run()
    assert [e.label for e in at.expander] == ["Settings of this lab",
                                              "Enter your own W and W′"]
    assert not at.selectbox and not at.number_input              # not built, not sent
    assert at.button(key="insp_step1") and at.toggle(key="insp_phased")   # stepping is there
    apptest.open_settings(at)
    assert at.selectbox(key="insp_arch").value == "cbow"          # the link's settings
    at.selectbox(key="insp_output").set_value("hs").run()
    lab = at.session_state["lab"]
    assert lab.settings.output == "hs" and lab.steps_done == 0    # a new lab, as anywhere
    assert at.selectbox(key="insp_output").value == "hs"          # and the box stays open


def test_without_a_link_the_settings_are_open_as_ever():
    at = apptest.open_page("pages/step_inspector.py")
    assert at.selectbox(key="insp_arch") and at.number_input(key="insp_dim")
    assert "Settings of this lab" not in [e.label for e in at.expander]


def test_a_schedule_longer_than_a_link_carries_is_named_on_the_senders_side():
    lab = Lab.from_text(load_preset("eat_drink"))
    for i in range(MAX_RUNS + 5):
        lab.step(0.1 if i % 2 else 0.2)
    said = what_is_lost(lab, corpus_travels=True)
    assert said is not None and f"first {MAX_RUNS} values of η" in said
    link, notes = decode(encode(lab.settings, "eat_drink", None, lab.schedule.runs), PRESETS)
    assert len(link.schedule) == MAX_RUNS


def test_phase_two_then_a_new_eta_then_step_matches_a_whole_step_at_that_eta():
    from w2v_core.lab.phases import Phases
    lab, twin = (Lab.from_text(load_preset("eat_drink")) for _ in range(2))
    ph = Phases(lab)
    ph.advance(0.1)
    ph.advance(0.1)
    ph.advance(0.9)                                   # eta changed while the errors were shown
    twin.step(0.9)
    same_lab(lab, twin)


# ---- which corpus ------------------------------------------------------------------------------
def test_a_restored_lab_with_a_presets_title_publishes_its_own_text():
    other = "the cat sat\nthe dog ran\nthe cat ran\n"
    data = saved.save_lab(Lab.from_text(other), "Eat and drink (wevi)")
    at = AppTest.from_file(apptest.APP, default_timeout=60)
    at.run()
    lab, name = saved.load_lab(data)
    at.session_state["lab"], at.session_state["corpus_name"] = lab, name
    at.session_state["corpus_preset"] = None
    at.switch_page("pages/step_inspector.py").run()
    params = published(at)
    assert "corpus" not in params and decode_text(params["text"]) .split() == other.split()


def test_a_link_to_a_corpus_too_long_to_travel_says_so_and_replays_nothing():
    lab = Lab.from_text(load_preset("short_story"))
    lab.step(0.1, 8)
    params = encode(lab.settings, None, load_preset("short_story"), lab.schedule.runs)
    assert params.get("own") == "1" and "eta" not in params
    link, said = decode(params, PRESETS)
    assert link.schedule == () and any("too long to travel" in s for s in said)
    assert "too long to travel" in what_is_lost(lab, corpus_travels=False)


# ---- links that make no lab --------------------------------------------------------------------
def test_links_that_make_no_lab_say_so_once_and_open_a_lab():
    for params in ({"text": encode_text("a")}, {"text": encode_text("!!! ??? ...")},
                   {"text": encode_text("the cat sat\nthe dog ran"), "min_count": "1000000"},
                   {"corpus": "large_generated", "sample": "1e-300", "eta": "0.1x1"},
                   {"corpus": "large_generated", "sample": "1e-300", "eta": "0.1x1",
                    "phase": "1"}):
        at = open_link(params)
        assert at.warning, params
        at.run()                                      # the next rerun: no second build
        assert not at.exception and not at.warning
        assert at.session_state["lab"].vocab.size >= 2


def test_subsampling_that_leaves_no_instance_is_refused_with_a_threshold_that_works():
    try:
        Lab.from_text(load_preset("eat_drink"), LabSettings(sample=1e-5))
    except ValueError as err:
        assert "s = 1e-05" in str(err) and "choose s ≥" in str(err)
    else:
        raise AssertionError("a threshold that keeps no instance was accepted")


# ---- a hall opening one link -------------------------------------------------------------------
def test_a_hall_opening_the_same_link_builds_it_once_and_each_gets_its_own_copy():
    BUILT.clear()
    before = BUILT.builds
    link, _ = decode({"corpus": "fruit_drinks", "arch": "cbow", "eta": "0.1x300"}, PRESETS)
    got = [None] * 20

    def open_it(i):
        got[i] = build(link, load_preset("fruit_drinks"))[0]

    threads = [threading.Thread(target=open_it, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert BUILT.builds - before == 1
    for lab in got[1:]:
        same_lab(lab, got[0])
    got[0].step(0.1)
    assert got[1].steps_done == 300 and got[0].steps_done == 301
    got[0].undo()
    got[0].undo()
    same_lab(got[1], got[2])                        # Undo in one copy leaves the others alone
    assert got[0].steps_done == 299


def test_a_costly_link_replays_within_its_work_budget_and_the_sender_is_told():
    words = " ".join(f"w{i}" for i in range(2_000))
    text = "\n".join(words[i:i + 400] for i in range(0, len(words), 400))
    settings = LabSettings(dim=100, window=10)
    lab = Lab.from_text(text, settings)
    limit = replay_limit(lab)
    assert limit < 2_000
    link, _ = decode({"text": encode_text(text), "dim": "100", "window": "10",
                      "eta": "0.1x2000"}, PRESETS)
    built, said = build(link, text)
    assert built.steps_done == limit and any(f"at most {limit:,}" in s for s in said)
    lab.step(0.1, limit + 1)
    assert f"at most {limit:,} steps" in what_is_lost(lab, corpus_travels=True)


def test_links_module_reads_no_title_to_find_a_preset():
    import inspect
    assert "PRESET_TITLES.items()" not in inspect.getsource(links)
