"""“Enter your own W and W′” on the Step inspector, through AppTest from app.py: weights
pasted in any form become the lab's starting weights (Reset returns to them), a bad box is
refused naming its row and column and keeps what was typed, the boxes show the current values
and the vocabulary order, a chosen instance is the next step, a link opens its own weights, and
a worked-example preset sets its η."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import apptest
from test_own_weights import link_of, own_lab, same_weights
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings

PAGE = "pages/step_inspector.py"


@pytest.fixture
def at():
    return apptest.open_own(apptest.open_page(PAGE, lab=Lab.from_text(
        load_preset("pencil_four"), LabSettings(dim=2)), name="four"))


def test_the_boxes_are_drawn_only_while_open_and_keep_what_was_typed_when_closed():
    at = apptest.open_page(PAGE, lab=Lab.from_text(load_preset("pencil_four"), LabSettings(dim=2)))
    assert not at.get("text_area")                      # closed: no weights sent
    apptest.open_own(at)
    at.text_area(key="insp_own_W").input("0.1 0.2\n0.3 half-typed")
    at.toggle(key="insp_own_rows").set_value(True).run()
    at.session_state["insp_own_open"] = False
    at.run()
    assert not at.get("text_area")
    apptest.open_own(at)
    assert at.text_area(key="insp_own_W").value == "0.1 0.2\n0.3 half-typed"
    assert at.toggle(key="insp_own_rows").value


def _apply(at, W, Wo, rows=False):
    at.text_area(key="insp_own_W").input(W)
    at.text_area(key="insp_own_Wo").input(Wo)
    at.toggle(key="insp_own_rows").set_value(rows)
    at.button(key="insp_own_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_pasted_weights_in_any_form_become_the_labs_starting_weights(at):
    _apply(at, "0.4\t−0.2\n1e-1; 0.3\n-3/10, 0.2\n[0.2 0.1]", "0.1 0.5 -0.2 0.3\n0.2 -0.1 0.3 0.4")
    lab = at.session_state["lab"]
    assert lab.start[0].tolist() == [[0.4, -0.2], [0.1, 0.3], [-0.3, 0.2], [0.2, 0.1]]
    assert lab.start[1][1].tolist() == [0.5, -0.1]                   # column 2 of W′ = v′_2
    assert any("starting weights" in s.value for s in at.success)
    at.button(key="insp_step1").click().run()
    at.button(key="insp_reset").click().run()
    np.testing.assert_array_equal(at.session_state["lab"].model.W_in, lab.start[0])


def test_word2vec_c_rows_read_W_prime_one_row_per_output_vector(at):
    _apply(at, "0 0\n0 0\n0 0\n0 0", "0.1 0.2\n0.5 -0.1\n-0.2 0.3\n0.3 0.4", rows=True)
    assert at.session_state["lab"].start[1][1].tolist() == [0.5, -0.1]


@pytest.mark.parametrize("W,Wo,message", [
    ("0.1 0.2\n0.3\n0.5 0.6\n0.7 0.8", "0 0 0 0\n0 0 0 0", "row 2 of W has 1 number; N = 2"),
    ("0.1 0.2\n0.3 x\n0.5 0.6\n0.7 0.8", "0 0 0 0\n0 0 0 0", "row 2, column 2 of W is not a number"),
    ("0 0\n0 0\n0 0\n0 inf", "0 0 0 0\n0 0 0 0", "row 4, column 2 of W is not a number: 'inf'"),
    ("0 0\n0 0\n0 0\n0 0", "0 0 0 0\n0 0 0 250", "row 2, column 4 of W′ is 250"),
    ("0 0\n0 0\n0 0\n0 0", "0 0\n0 0\n0 0\n0 0", "switch on “word2vec.c's rows”"),
])
def test_a_bad_box_is_refused_naming_row_and_column_and_what_was_typed_is_kept(at, W, Wo,
                                                                               message):
    before = at.session_state["lab"]
    _apply(at, W, Wo)
    assert at.session_state["lab"] is before
    assert any(message in apptest.shown(e.value) for e in at.error), [e.value for e in at.error]
    assert at.text_area(key="insp_own_W").value == W and at.text_area(key="insp_own_Wo").value == Wo


def test_the_boxes_are_filled_with_the_current_values_and_name_the_rows(at):
    W = at.text_area(key="insp_own_W").value.splitlines()
    lab = at.session_state["lab"]
    assert len(W) == 4 and [float(x) for x in W[0].split()] == pytest.approx(lab.model.W_in[0], 1e-5)
    assert "1 chase" in " ".join(t.value for t in at.text)
    at.selectbox(key="insp_output").set_value("hs").run()
    assert len(at.text_area(key="insp_own_Wo").value.splitlines()) == 2           # N x (V - 1)
    assert any("n1..n3" in c.value for c in at.caption)


def test_a_chosen_instance_in_the_expander_is_the_next_step(at):
    at.multiselect(key="insp_own_in").set_value([1])
    at.multiselect(key="insp_own_out").set_value([3])
    at.button(key="insp_own_pick").click().run()
    at.button(key="insp_step1").click().run()
    trace = at.session_state["lab"].last[1]
    assert trace.inputs.tolist() == [1] and trace.targets.tolist() == [3]
    assert any("your own instance" in m.value for m in at.markdown)


def test_a_link_with_own_weights_opens_them():
    lab = own_lab()
    at = AppTest.from_file(apptest.APP, default_timeout=60)
    for k, v in link_of(lab).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    same_weights(at.session_state["lab"], lab)


def test_loading_a_worked_example_preset_sets_its_eta_and_says_so(at):
    at.selectbox(key="insp_corpus").set_value("cs224n_dummy").run()
    assert at.session_state["learning_rate"] == 0.3
    assert at.session_state["lab"].start is not None
    assert any("example's own W and W′" in s.value for s in at.success)


def test_the_corpus_lab_offers_the_same_boxes():
    at = apptest.open_page("pages/corpus_lab.py", lab=Lab.from_text(load_preset("pencil_four"),
                                                                    LabSettings(dim=2)))
    apptest.open_own(at, "cl")
    at.text_area(key="cl_own_W").input("1 2\n3 4\n5 6\n7 8")
    at.button(key="cl_own_apply").click().run()
    assert not at.exception
    assert at.session_state["lab"].start[0].tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]
    at.button(key="cl_own_seeded").click().run()
    assert at.session_state["lab"].start is None


def test_using_the_boxes_unchanged_keeps_every_digit_of_the_weights():
    """The boxes are filled with every digit, so "Use these weights" on them as they are
    leaves W and W′ bit for bit as they were."""
    from ui.own_weights import _text
    from w2v_core.readouts.matrix_text import parse_matrix
    lab = Lab.from_text(load_preset("eat_drink"))
    W = lab.model.W_in
    again = parse_matrix(_text(W), *W.shape)
    assert np.array_equal(again, W)


@pytest.mark.parametrize("output,rows", [("softmax", False), ("softmax", True), ("hs", False)])
def test_opening_the_boxes_and_using_them_unchanged_keeps_the_weights_bit_for_bit(output, rows):
    lab = Lab.from_text(load_preset("eat_drink"), LabSettings(dim=3, output=output))
    lab.step(0.37, 5)                          # W and W′ full of long decimals
    W_in, W_out = lab.model.W_in.copy(), lab.model.W_out.copy()
    at = apptest.open_own(apptest.open_page(PAGE, lab=lab))
    if rows:
        at.toggle(key="insp_own_rows").set_value(True).run()
    at.button(key="insp_own_apply").click().run()
    assert not at.exception and any("starting weights" in s.value for s in at.success)
    new = at.session_state["lab"]
    assert new.start is not None and new.start[0].tobytes() == W_in.tobytes()
    assert new.start[1].tobytes() == W_out.tobytes()


def test_what_was_typed_and_not_used_is_kept_on_another_page_and_back(at):
    at.text_area(key="insp_own_W").input("0.1 0.2\n0.3 half-typed").run()
    at.switch_page("pages/hierarchical_softmax.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    apptest.open_own(at)                                       # it opens closed on a new page
    assert at.text_area(key="insp_own_W").value == "0.1 0.2\n0.3 half-typed"
    at.button(key="insp_step1").click().run()                  # a step: the typed box stays,
    assert at.text_area(key="insp_own_W").value == "0.1 0.2\n0.3 half-typed"
    at.run()                   # Step reran only its fragment; the next whole run redraws the
    lab = at.session_state["lab"]                              # boxes: the untouched one follows W′
    assert [float(x) for x in at.text_area(key="insp_own_Wo").value.split()] == \
        lab.model.W_out.T.ravel().tolist()


def test_the_orientation_switch_turns_an_untouched_W_prime_box_to_word2vec_c_rows(at):
    lab = at.session_state["lab"]
    V, N = lab.model.W_in.shape
    assert len(at.text_area(key="insp_own_Wo").value.splitlines()) == N          # N x V
    at.toggle(key="insp_own_rows").set_value(True).run()
    rows = at.text_area(key="insp_own_Wo").value.splitlines()
    assert len(rows) == V and [float(x) for x in rows[1].split()] == lab.model.W_out[1].tolist()
