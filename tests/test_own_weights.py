"""My numbers: a student's own W and W′ and a chosen instance reproduce a textbook step exactly.
Checked against shape and bounds, carried by the link (every digit) and the lab file, kept by
Reset; a chosen instance steps exactly and Undo takes it back; the two worked-example presets
open with them. (The boxes on the Step inspector: test_app_own_weights.py.)"""
import numpy as np
import pytest

from test_lab_state import arrays_of, pack
from w2v_core.corpora import load_preset, preset_example, preset_keys
from w2v_core.lab import Lab, LabSettings, own
from w2v_core.lab.link import decode, encode
from w2v_core.lab.own_link import MAX_LINK_WEIGHTS
from w2v_core.lab.phases import Phases
from w2v_core.lab.replay import build, what_is_lost
from w2v_core.lab.saved import LabFileError, load_lab, save_lab
from w2v_core.readouts.matrix_text import LARGEST
from w2v_core.step.model import Word2Vec

TEXT = load_preset("eat_drink")                  # V = 8


def own_lab(**settings) -> Lab:
    """A lab on TEXT started from full-precision random weights (every digit matters)."""
    lab = Lab.from_text(TEXT, LabSettings(**settings))
    rng = np.random.default_rng(7)
    return own.start_from(lab, rng.uniform(-1, 1, lab.model.W_in.shape) / 3,
                          rng.uniform(-1, 1, lab.model.W_out.shape) / 7)


def same_weights(a: Lab, b: Lab) -> None:
    assert a.model.W_in.tobytes() == b.model.W_in.tobytes()
    assert a.model.W_out.tobytes() == b.model.W_out.tobytes()


# ---- the lab keeps its own starting weights ------------------------------------------------------
def test_own_weights_start_a_fresh_lab_and_reset_returns_to_them():
    lab = own_lab(output="hs")
    start = lab.start
    assert lab.steps_done == 0 and not start[0].flags.writeable
    np.testing.assert_array_equal(lab.model.W_in, start[0])
    lab.step(0.5, 7)
    assert not np.array_equal(lab.model.W_in, start[0])
    again = lab.reset()
    same_weights(again, own.start_from(lab, *start))
    np.testing.assert_array_equal(again.model.W_out, start[1])


def test_settings_on_the_same_shapes_keep_them_and_other_shapes_go_back_to_the_seed():
    lab = own_lab()
    for same in (dict(arch="cbow"), dict(seed=3), dict(output="ns", negative=2)):
        changed = lab.with_settings(LabSettings(**same))
        np.testing.assert_array_equal(changed.model.W_in, lab.start[0])
    for other in (dict(dim=4), dict(output="hs")):
        changed = lab.with_settings(LabSettings(**other))
        assert changed.start is None
        same_weights(changed, Lab.from_text(TEXT, LabSettings(**other)))
    assert own.seeded(lab).start is None


@pytest.mark.parametrize("W_in,message", [
    (np.ones((8, 2)), "W must have shape 8 x 3, got 8 x 2"),
    (np.full((8, 3), np.nan), "not finite"),
    (np.full((8, 3), 100.5), "row 1, column 1 of W is 100.5; a weight must be between -100 and 100"),
])
def test_weights_of_the_wrong_shape_or_out_of_bounds_are_refused(W_in, message):
    lab = Lab.from_text(TEXT)
    with pytest.raises(ValueError, match=message):
        own.start_from(lab, W_in, lab.model.W_out)
    assert own.MAX_WEIGHT == LARGEST                # the same bound as the boxes' parser


# ---- a chosen instance ---------------------------------------------------------------------------
@pytest.mark.parametrize("arch,output", [("skipgram", "softmax"), ("cbow", "hs"),
                                         ("skipgram", "ns"), ("cbow", "ns")])
def test_a_chosen_instance_is_the_step_word2vec_takes_on_those_words(arch, output):
    lab = own_lab(arch=arch, output=output, negative=2)
    words = lab.vocab.index
    ins, outs = ((["eat"], ["apple", "rice"]) if arch == "skipgram" else
                 (["eat", "drink"], ["apple"]))
    negatives = [[words["milk"], words["water"]]] * len(outs) if output == "ns" else None
    own.choose(lab, [words[w] for w in ins], [words[w] for w in outs], negatives)
    model = Word2Vec(lab.vocab, lab.settings)
    model.W_in[:], model.W_out[:] = lab.start
    pick = own.next_pick(lab)
    expected = model.step(pick.center, list(pick.context), 0.5, negatives)
    cursor = lab.cursor
    trace = lab.step(0.5)[0]
    assert [lab.vocab.words[k] for k in trace.inputs] == ins
    assert [lab.vocab.words[k] for k in trace.targets] == outs
    assert trace.loss == expected.loss and trace.EH.tobytes() == expected.EH.tobytes()
    same = lab.model.W_out.tobytes() == model.W_out.tobytes()
    assert same and lab.cursor == cursor                     # the stream waited
    assert lab.last[0].sentence == own.CHOSEN


def test_undo_takes_a_chosen_step_back_exactly_and_the_next_step_takes_it_again():
    lab = own_lab(output="ns", negative=2)
    own.choose(lab, [3], [5])                                 # negatives drawn by the seed
    rng_before = lab.model.rng.bit_generator.state
    first = lab.step(0.1)[0]
    lab.step(0.1, 4)
    for _ in range(5):
        lab.undo()
    same_weights(lab, own.start_from(lab, *lab.start))
    assert lab.model.rng.bit_generator.state == rng_before and lab.steps_done == 0
    again = lab.step(0.1)[0]
    assert again.negatives.tolist() == first.negatives.tolist() and again.loss == first.loss
    assert own.forget_pick(lab) is False and lab.steps_done == 1   # it belongs to step 1


@pytest.mark.parametrize("settings,ins,outs,negatives,message", [
    (dict(), [0, 1], [2], None, "skip-gram has one input word"),
    (dict(arch="cbow"), [0, 1], [2, 3], None, "CBOW predicts one word"),
    (dict(convention="word2vec.c"), [0], [2, 3], None, "one word per step"),
    (dict(output="ns", negative=2), [0], [2], [[1]], "k = 2 negatives for each"),
    (dict(output="ns", negative=2), [0], [2], [[2, 1]], "cannot be 'eat' itself"),
    (dict(), [0], [99], None, "out of range for a vocabulary of 8 words"),
    (dict(), [], [1], None, "at least one input word"),
])
def test_an_instance_that_does_not_fit_is_refused_with_the_reason(settings, ins, outs,
                                                                   negatives, message):
    lab = Lab.from_text(TEXT, LabSettings(**settings))
    with pytest.raises(ValueError, match=message):
        own.choose(lab, ins, outs, negatives)
    assert own.next_pick(lab) is None


# ---- the link and the lab file ---------------------------------------------------------------
def link_of(lab: Lab) -> dict:
    return encode(lab.settings, "eat_drink", None, lab.schedule.runs, start=lab.start,
                  chosen=lab.chosen)


@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
def test_own_weights_and_the_chosen_instance_travel_in_a_link_every_digit(output):
    lab = own_lab(output=output, negative=2)
    own.choose(lab, [1], [4], [[0, 2]] if output == "ns" else None)
    lab.step(0.3, 5)
    own.choose(lab, [2], [6])                                    # one for step 6, not yet taken
    params = link_of(lab)
    assert all(set(params[k]) <= set("0123456789.-e_~") for k in ("w", "wo", "pick"))
    link, said = decode(params, preset_keys())
    rebuilt, adjusted = build(link, TEXT)
    assert not said and not adjusted and what_is_lost(lab, True) is None
    same_weights(rebuilt, lab)
    assert rebuilt.start[0].tobytes() == lab.start[0].tobytes()
    assert rebuilt.chosen == lab.chosen
    assert rebuilt.step(0.3)[0].loss == lab.step(0.3)[0].loss


def test_more_weights_than_a_link_carries_are_named_and_leave_the_steps_out():
    base = Lab.from_text(load_preset("fruit_drinks"), LabSettings(dim=5))
    lab = own.start_from(base, np.full(base.model.W_in.shape, 0.1),
                         np.full(base.model.W_out.shape, -0.1))
    assert lab.start[0].size + lab.start[1].size > MAX_LINK_WEIGHTS
    lab.step(0.1, 3)
    params = encode(lab.settings, "fruit_drinks", None, lab.schedule.runs, start=lab.start)
    assert params.get("wlost") == "1" and "w" not in params and "eta" not in params
    assert f"at most {MAX_LINK_WEIGHTS}" in what_is_lost(lab, True)
    link, said = decode(params, preset_keys())
    assert link.weights is None and not link.schedule and "too many to travel" in said[0]


@pytest.mark.parametrize("w,message", [
    ("0.1_nan_0.3", "row 1, column 2 ('nan') is not a number"),
    ("0.1_1e999_0.3", "is not a number"),
    ("0.1_0.2_100.5", "from -100 to 100"),
    ("0.1_0.2_0.3~0.4_0.5", "row 2 has 2 numbers, row 1 3"),
    ("0.1_0.2_0.3", "do not fit this lab"),                  # 1 row, V = 8
])
def test_a_hostile_weight_link_opens_the_seeded_weights_with_one_message(w, message):
    params = {**link_of(own_lab()), "w": w}
    link, said = decode(params, preset_keys())
    lab, adjusted = build(link, TEXT)
    assert any(message in m for m in said + adjusted), said + adjusted
    assert lab.start is None
    same_weights(lab, Lab.from_text(TEXT))


def test_own_weights_and_chosen_instances_round_trip_through_the_lab_file():
    lab = own_lab(output="ns", negative=2)
    own.choose(lab, [1], [4], [[0, 2]])
    lab.step(0.2, 3)
    own.choose(lab, [3], [5])
    back, _ = load_lab(save_lab(lab, "mine"))
    assert back.start[0].tobytes() == lab.start[0].tobytes()
    assert back.start[1].tobytes() == lab.start[1].tobytes()
    assert back.chosen == lab.chosen
    np.testing.assert_array_equal(back.reset().model.W_in, lab.start[0])
    assert set(arrays_of(save_lab(Lab.from_text(TEXT), "x"))) == set(
        arrays_of(save_lab(lab, "x"))) - {"W_in_start", "W_out_start", "chosen"}


@pytest.mark.parametrize("changes,message", [
    (dict(W_in_start=np.full((8, 3), 101.0)), "between -100 and 100"),
    (dict(W_in_start=np.zeros((8, 2))), "shape 8 x 3"),
    (dict(chosen=np.array('{"0": [1, [99], null]}')), "step 1: predicted word index 99"),
    (dict(chosen=np.array('{"x": 1}')), "step numbers"),
])
def test_a_lab_file_with_bad_own_numbers_is_refused(changes, message):
    lab = own_lab()
    own.choose(lab, [1], [4])
    with pytest.raises(LabFileError, match=message):
        load_lab(pack({**arrays_of(save_lab(lab, "x")), **changes}))


# ---- the worked examples -------------------------------------------------------------------
def test_the_pencil_example_opens_with_its_weights_and_its_first_step_is_done_by_hand():
    ex = preset_example("pencil_four")
    lab = own.open_example(load_preset("pencil_four"), ex, LabSettings(dim=9, output="hs"))
    assert (lab.vocab.size, lab.settings.dim, lab.settings.output, ex.eta) == (4, 2, "softmax", 0.5)
    assert all(round(x, 1) == x for x in np.concatenate([m.ravel() for m in lab.start]))
    trace = lab.step(ex.eta)[0]
    assert trace.h.tolist() == [0.4, -0.2]                                # v_chase
    cats = lab.vocab.index["cats"]
    assert trace.out.u[cats] == pytest.approx(0.5 * 0.4 + -0.1 * -0.2)  # v'_cats . h = 0.22


def test_the_dummy_example_has_5_words_N_3_and_starts_from_its_numbers():
    ex = preset_example("cs224n_dummy")
    lab = own.open_example(load_preset("cs224n_dummy"), ex, LabSettings())
    assert (lab.vocab.size, lab.settings.dim) == (5, 3)
    np.testing.assert_array_equal(lab.model.W_in[lab.vocab.index["c"]], ex.W["c"])
    trace = lab.step(ex.eta)[0]
    assert [lab.vocab.words[k] for k in trace.targets] == ["a", "b", "e", "d"]


def test_step_in_phases_shows_the_chosen_instance_and_applies_it_once():
    lab = own_lab()
    own.choose(lab, [2], [5])
    ph = Phases(lab)
    shown = [ph.advance(0.1) and ph.shown[1] for _ in range(3)]
    assert all(t.inputs.tolist() == [2] and t.targets.tolist() == [5] for t in shown)
    assert lab.steps_done == 1 and shown[0].loss == shown[2].loss
