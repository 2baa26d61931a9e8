"""The address bar holds the lab: a link rebuilds exactly the lab it was made from, on every
page and for all six variants; a hostile link gets one clear message and the nearest valid
lab, never a traceback or a long replay (the Lesson's links: tests/test_lesson.py)."""
import base64
import itertools
import zlib

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import apptest
from w2v_core.corpora import preset_keys
from w2v_core.lab import LabSettings
from w2v_core.lab.link import MAX_REPLAY, MAX_TEXT_LINK, decode, encode, encode_text

VARIANTS = list(itertools.product(["skipgram", "cbow"], ["softmax", "hs", "ns"]))
PAGES = ["pages/step_inspector.py", "pages/corpus_lab.py", "pages/hierarchical_softmax.py",
         "pages/negative_sampling.py", "pages/subsampling.py", "pages/three_outputs.py"]
PRESETS = preset_keys()


def from_link(params: dict, page: str) -> AppTest:
    at = AppTest.from_file(apptest.APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at) -> list:
    """What a student reads on the page: messages, metrics, tables."""
    return ([m.value for m in at.markdown] + [(m.label, m.value) for m in at.metric]
            + [d.value.to_json() for d in at.dataframe])


def same_lab(a, b) -> None:
    assert a.settings == b.settings and a.steps_done == b.steps_done
    np.testing.assert_array_equal(a.model.W_in, b.model.W_in)
    np.testing.assert_array_equal(a.model.W_out, b.model.W_out)
    assert a.model.rng.bit_generator.state == b.model.rng.bit_generator.state


# ---- the encoding ------------------------------------------------------------------------------
def test_a_lab_encodes_and_decodes_to_itself():
    s = LabSettings(arch="cbow", output="ns", dim=4, negative=3, seed=9, sample=1e-3,
                    ns_power=0.5, init="word2vec", convention="word2vec.c")
    params = encode(s, "fruit_drinks", None, [(0.1, 3), (0.30000000000000004, 2)], 2, "Errors")
    link, said = decode(params, PRESETS)
    assert not said and link.settings == s and link.corpus == "fruit_drinks"
    assert link.schedule == ((0.1, 3), (0.30000000000000004, 2)) and link.phase == 2
    text = "my own words\nmy own sentence\n"
    link, _ = decode(encode(LabSettings(), None, text, []), PRESETS)
    assert link.text == text


BOMB = base64.urlsafe_b64encode(zlib.compress(b"a " * 500_000, 9)).decode().rstrip("=")  # 1 MB


@pytest.mark.parametrize("params,message,check", [
    ({"dim": "1000"}, "outside 1..100: using 100", lambda l: l.settings.dim == 100),
    ({"seed": "-5"}, "using 0", lambda l: l.settings.seed == 0),
    ({"power": "nan"}, "not a number", lambda l: l.settings.ns_power == 0.75),
    ({"arch": "<script>alert(1)</script>"}, "not one of skipgram, cbow",
     lambda l: l.settings.arch == "skipgram"),
    ({"eta": "0.1x1000000000"}, f"more than {MAX_REPLAY:,} steps",
     lambda l: sum(n for _, n in l.schedule) == MAX_REPLAY),
    ({"eta": "fast"}, "not of the form", lambda l: l.schedule == ()),
    ({"text": "%%%"}, "not a valid encoding", lambda l: l.text is None),
    ({"text": "QUJD" * 10}, "cannot be read", lambda l: l.text is None),
    ({"text": BOMB}, "too long", lambda l: l.text is None),
    ({"phase": "9"}, "must be 0, 1, 2 or 3", lambda l: l.phase == 0),
    ({"corpus": "../../etc/passwd"}, "not a preset", lambda l: l.corpus is None),
    ({"corpus": "eat_drink", "bogus": "1"}, "unknown parameter", lambda l: True),
    ({"window": "9" * 100_000}, "over-long value(s) of window", lambda l: l.settings.window == 2),
])
def test_a_hostile_link_gets_one_message_and_the_nearest_valid_lab(params, message, check):
    assert len(BOMB) <= MAX_TEXT_LINK
    link, said = decode(params, PRESETS)
    assert any(message in s for s in said), said
    assert check(link)


def test_a_corpus_too_long_for_a_link_is_left_out():
    assert encode_text("word " * 100_000) is None or len(encode_text("word " * 100_000)) <= MAX_TEXT_LINK


@pytest.mark.parametrize("params", [{"dim": "1e400"}, {"eta": "1e999x3"}, {"k": "5", "output": "ns",
                                                                             "corpus": "eat_drink"},
                                    {"text": BOMB, "eta": "0.1x1000000000"}])
def test_a_hostile_link_opens_the_app_without_a_traceback(params):
    at = from_link(params, "pages/step_inspector.py")
    assert at.session_state["lab"].steps_done <= MAX_REPLAY


# ---- the round trip ---------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("arch,output", VARIANTS)
def test_a_state_reached_by_clicks_is_rebuilt_from_its_link_on_every_page(arch, output):
    at = apptest.open_page("pages/step_inspector.py")
    at.selectbox(key="insp_arch").set_value(arch).run()
    at.selectbox(key="insp_output").set_value(output).run()
    for _ in range(3):
        at.button(key="insp_step1").click().run()
    at.number_input(key="insp_lr").set_value(0.5).run()
    at.button(key="insp_step1").click().run()
    params = dict(at.query_params)
    assert params["eta"] == "0.1x3,0.5x1"
    clicked = at.session_state["lab"]
    for page in PAGES:
        at.switch_page(page).run()
        rebuilt = from_link(params, page)
        same_lab(clicked, rebuilt.session_state["lab"])
        assert shown(rebuilt) == shown(at), page


def test_the_phase_travels_in_the_link():
    at = apptest.open_page("pages/step_inspector.py")
    at.toggle(key="insp_phased").set_value(True).run()
    for _ in range(5):                       # step 1 in three phases, then phase 2 of step 2
        at.button(key="insp_step1").click().run()
    params = dict(at.query_params)
    assert params["phase"] == "2" and params["eta"] == "0.1x1"
    rebuilt = from_link(params, "pages/step_inspector.py")
    assert any("Phase 2 of 3" in m.value for m in rebuilt.markdown)
    assert rebuilt.session_state["insp_phases"].shown[1].loss == \
        at.session_state["insp_phases"].shown[1].loss
