"""Issue 15, the server: nothing a crafted file can do takes the server down.

A restored lab is validated, not trusted: every crafted lab of tests/crafted_labs.py gets one
message naming its problem, through the file reader and through the Training page, and the
current lab stays as it was. The engine refuses what it cannot compute; the lab's budgets
are stated; user text never becomes a link; the vector reader refuses what the writer does.
"""

import re

import numpy as np
import pytest

import apptest
from crafted_labs import EVIL_NAME, crafted_labs, largest_lab
from ui import keep
from ui import training_state as ts
from w2v_core.lab import MAX_VOCAB, Lab, LabSettings
from w2v_core.lab.saved import LabFileError, load_lab
from w2v_core.noise import REDRAW_ROUNDS, NoiseDistribution, noise_probabilities
from w2v_core.settings import RANGES, SAMPLE_STEPS
from w2v_core.subsampling import keep_probability_word2vec

CRAFTED = crafted_labs()
REFUSED = {name: v for name, v in CRAFTED.items() if v[1] is not None}


@pytest.mark.parametrize("name", list(REFUSED))
def test_every_crafted_lab_is_refused_with_one_message_naming_its_problem(name):
    data, fragment = REFUSED[name]
    with pytest.raises(LabFileError) as refused:
        load_lab(data)
    assert fragment in str(refused.value)


def test_the_largest_lab_the_app_makes_fits_the_upload_and_restores():
    data = largest_lab()
    assert len(data) <= keep.LAB_UPLOAD_MB * 1_000_000
    lab, _ = load_lab(data)
    assert lab.steps_done == 1_000_000 and lab.model.W_in.shape[1] == 100


def restore(at, data, name="crafted.npz"):
    at.file_uploader(key="tr_up_lab").upload(name, data)
    at.button(key="tr_restore").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return apptest.shown(" ".join(str(e.value) for e in [*at.error, *at.success]))


def test_through_the_page_each_crafted_lab_is_a_message_and_the_lab_is_unchanged():
    at = apptest.open_page("pages/training.py")
    lab = at.session_state["lab"]
    for name, (data, fragment) in REFUSED.items():
        message = restore(at, data)
        assert fragment in message and "The current lab is unchanged" in message, name
        assert at.session_state["lab"] is lab, name


# ---- 1. a noise power that makes P_n NaN; no loop without a bound ------------------------------
def test_the_lab_refuses_a_noise_power_outside_its_range():
    with pytest.raises(ValueError, match="ns_power must be a number from 0 to 1.5"):
        Lab.from_text("a b c d", LabSettings(output="ns", negative=2, ns_power=1e308))


@pytest.mark.parametrize("power", [1e308, -1e308, 800.0])
def test_the_engine_refuses_a_noise_power_it_cannot_compute(power):
    with pytest.raises(ValueError, match="noise power"):
        noise_probabilities([10, 3, 2], power)


def test_a_positive_holding_nearly_all_the_mass_still_gets_k_negatives_in_bounded_time():
    noise = NoiseDistribution([10**9, 1, 1], power=1.0)         # p(0) = 1 - 2e-9
    draw = noise.draw(np.zeros(50, dtype=np.int64), k=5, rng=np.random.default_rng(0))
    assert draw.negatives.shape == (50, 5) and (draw.negatives != 0).all()
    assert all(len(r) <= (REDRAW_ROUNDS + 1) * 5 for r in draw.rejected)


def test_a_subsampling_threshold_above_1_is_refused():
    with pytest.raises(ValueError, match="from 0 to 1"):
        keep_probability_word2vec([5, 3], 1e308)


# ---- 4. one definition of each range, for the widgets, the lab and the file -------------------
WIDGETS = {"pages/step_inspector.py": {"insp_dim": "dim", "insp_window": "window",
                                        "insp_k": "negative", "insp_seed": "seed"},
           "pages/negative_sampling.py": {"ns_power": "ns_power", "ns_seed": "seed"},
           "pages/subsampling.py": {"sub_seed": "seed"}}


@pytest.mark.parametrize("page", list(WIDGETS))
def test_widgets_that_show_a_lab_setting_take_their_bounds_from_the_ranges(page):
    at = apptest.open_page(page)
    for key, setting in WIDGETS[page].items():
        widget = at.number_input(key=key) if "power" not in key else at.slider(key=key)
        assert (widget.min, widget.max) == RANGES[setting].bounds, key


@pytest.mark.parametrize("page, key", [("pages/subsampling.py", "sub_sample"),
                                       ("pages/corpus_lab.py", "cl_sample")])
def test_the_threshold_sliders_offer_the_settings_steps_all_inside_the_range(page, key):
    at = apptest.open_page(page)
    low, high = RANGES["sample"].bounds
    assert all(low <= s <= high for s in SAMPLE_STEPS)
    assert tuple(at.select_slider(key=key).options) == tuple(f"{s:g}" if s else "0 (off)"
                                                             for s in SAMPLE_STEPS)
    at.session_state[key] = 0.123                  # a value no step offers (a stale state)
    at.run()
    assert not at.exception and at.select_slider(key=key).value == 1e-3


EXTREME = LabSettings(output="ns", dim=100, window=10, negative=100, ns_power=1.5, sample=0.1,
                      seed=2**31 - 1)


@pytest.mark.parametrize("page", ["pages/corpus_lab.py", "pages/step_inspector.py",
                                  "pages/negative_sampling.py", "pages/subsampling.py",
                                  "pages/three_outputs.py", "pages/hierarchical_softmax.py"])
def test_a_lab_at_the_top_of_every_range_opens_every_page(page):
    lab = Lab.from_text(" ".join(f"w{i}" for i in range(300)) * 2, EXTREME)
    apptest.open_page(page, lab)                  # asserts no exception


# ---- 6. the lab's budgets ------------------------------------------------------------------------
def test_a_pasted_corpus_of_200000_distinct_words_is_refused_naming_the_limit():
    text = "\n".join(" ".join(f"w{i}" for i in range(j, j + 10)) for j in range(0, 200_000, 10))
    with pytest.raises(ValueError, match=f"more than {MAX_VOCAB:,} distinct words.*command line"):
        Lab.from_text(text)


def test_a_model_larger_than_the_lab_holds_is_refused_naming_the_limit():
    text = " ".join(f"w{i}" for i in range(12_000))
    with pytest.raises(ValueError, match="V x N = 12,000 x 100 = 1,200,000 numbers"):
        Lab.from_text(text, LabSettings(dim=100))


def test_a_lab_records_at_most_max_steps():
    lab = Lab.from_text("a b c a b c")
    lab.restore(lab.model.W_in, lab.model.W_out, lab.cursor, np.zeros((999_999, 2)),
                lab.model.rng.bit_generator.state)
    lab.step(0.1)
    with pytest.raises(ValueError, match="records at most 1,000,000"):
        lab.step(0.1)


# ---- 7. names from files are never links -----------------------------------------------------------
def test_a_corpus_name_that_looks_like_a_domain_is_never_markdown_a_link_could_come_from():
    at = apptest.open_page("pages/training.py")
    message = restore(at, CRAFTED[f"corpus name {EVIL_NAME}"][0], f"{EVIL_NAME}.npz")
    assert f"Restored the lab from {EVIL_NAME}.npz: {EVIL_NAME}" in message
    for page in ("pages/training.py", "pages/corpus_lab.py"):
        at.switch_page(page).run()
        markdown = [str(m.value) for m in [*at.markdown, *at.caption, *at.success, *at.info]]
        # GFM links "www." (escaped or not) and "://": a word joiner breaks both, as Chromium
        # confirms (tests/e2e/test_e2e_sessions.py finds no link on the page)
        assert not [m for m in markdown if re.search(r"www\\?\.|:/", m)], page


# ---- 8. the vector reader refuses what the writer refuses -------------------------------------------
@pytest.mark.parametrize("word", ["tab\there", "no\u00a0break", "info\x1fsep"])
def test_a_vector_word_the_writer_would_refuse_is_refused_on_import_with_its_line(word):
    at = apptest.open_page("pages/training.py")
    data = f"2 2\n{word} 1 0\nok 0 1\n".encode()
    at.file_uploader(key="tr_up_vec").upload("v.txt", data)
    at.button(key="tr_import").click().run()
    assert not at.exception
    text = apptest.shown(" ".join(str(e.value) for e in at.error))
    assert "line 2" in text and "whitespace" in text and "Nothing was imported" in text
    assert ts.IMPORTED not in at.session_state
