"""Check my answer, through AppTest from app.py: on the Hand-check sheet a student types a
number beside each quantity of the step; a right one is marked right (to 2-6 significant
digits, the rule stated), a wrong one wrong with the likely mistake named in one sentence
with its equation, text that is no number is said so and kept, and a running count follows."""
import numpy as np
import pytest

import apptest
from w2v_core.corpora import load_preset, preset_example
from w2v_core.lab import LabSettings, Lab, own
from w2v_core.readouts.answers import rule
from w2v_core.readouts.mistakes import diagnose, expected_value
from w2v_core.readouts.sheet_answers import answer_groups
from ui.labels import out_names

PAGE = "pages/step_inspector.py"
SHEET = "Hand-check sheet"


def pencil_lab() -> Lab:
    return own.open_example(load_preset("pencil_four"), preset_example("pencil_four"),
                            LabSettings())


def open_sheet(lab: Lab, check: bool = True):
    at = apptest.open_page(PAGE, lab=lab, name="Pencil and paper")
    at.session_state["learning_rate"] = 0.5
    at.button(key="insp_step1").click().run()
    at.session_state["insp_tab"] = SHEET
    at.run()
    if check:
        at.toggle(key="ans_on").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def trace_of(at):
    return at.session_state["lab"].last[1]


def type_answer(at, key: str, text: str):
    at.text_input(key=f"ans_box_{key}").input(text).run()
    assert not at.exception, [e.value for e in at.exception]


def marks(at) -> list[str]:
    return [m.value for m in at.markdown if m.value in (":green[✓ right]", ":red[✗ wrong]")]


def count(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Running count"))


def said(at) -> str:
    return apptest.shown(" ".join(m.value for m in at.markdown))


@pytest.fixture(scope="module")
def at():
    return open_sheet(pencil_lab())


def test_checking_hides_the_results_and_gives_a_box_beside_every_quantity(at):
    trace = trace_of(at)
    labels = [t.label for t in at.text_input]
    N, V = 2, 4
    assert len(labels) == N + 3 * V + N + 1 + N + V * N
    assert {"h_1", "u_2 (cats)", "y_2 (cats)", "e_2 (cats)", "EH_2", "E", "new v_chase, i = 1",
            "new v′_mice, i = 2"} <= set(labels)
    titles = " ".join(c.value for c in at.caption)
    assert "before" in titles and not any(", after" in c.value for c in at.caption)
    assert trace.lr == 0.5 and "(η = 0.5)" in said(at)


def test_a_right_answer_is_marked_right_and_counted(at):
    trace = trace_of(at)
    type_answer(at, "h_0", "0.4")
    type_answer(at, "u_1", f"{expected_value(trace, 'u', 1):.3g}")   # 0.22
    assert marks(at) == [":green[✓ right]"] * 2
    assert count(at).startswith("**Running count: 2 right of 2 checked**")


def test_a_wrong_answer_names_the_likely_mistake_with_its_equation(at):
    trace = trace_of(at)
    e = expected_value(trace, "e", 1)
    type_answer(at, "e_1", f"{-e:.4g}")                         # t − y instead of y − t
    d = diagnose(trace, "e", 1, float(f"{-e:.4g}"))
    assert "sign" in d.mistakes
    assert ":red[✗ wrong]" in marks(at)
    assert "e_2 (cats)** is not right to 3 significant digits" in said(at)
    assert "y − t, not t − y" in said(at) and "eq. 30" in said(at)
    assert count(at).startswith("**Running count: 2 right of 3 checked**")


def test_text_that_is_no_number_is_said_so_and_kept(at):
    type_answer(at, "E_0", "1,000")
    assert any("not a number" in c.value and "1000 or 1.000" in apptest.shown(c.value)
               for c in at.caption)
    assert at.text_input(key="ans_box_E_0").value == "1,000"
    type_answer(at, "E_0", "")


def test_fewer_digits_make_a_rougher_answer_right_and_the_rule_is_stated(at):
    trace = trace_of(at)
    loss = expected_value(trace, "E", 0)
    rough = loss + 0.3 * 10 ** (np.floor(np.log10(loss)) - 1)     # 0.3 of the 2nd digit off
    type_answer(at, "E_0", repr(rough))
    assert ":red[✗ wrong]" in marks(at)
    at.radio(key="ans_digits").set_value(2).run()
    assert rule(2) in [c.value for c in at.caption]
    assert marks(at).count(":red[✗ wrong]") == 1                 # only e_2 now
    at.radio(key="ans_digits").set_value(3).run()


def test_answers_are_kept_on_another_panel_and_a_new_step_starts_empty():
    at = open_sheet(pencil_lab())
    type_answer(at, "h_1", "-0.2")
    at.session_state["insp_tab"] = "Errors"
    at.run()
    at.session_state["insp_tab"] = SHEET
    at.run()
    assert at.text_input(key="ans_box_h_1").value == "-0.2" and marks(at) == [":green[✓ right]"]
    at.button(key="insp_step1").click().run()
    assert at.text_input(key="ans_box_h_1").value == "" and not marks(at)


def test_right_answers_are_never_flagged_on_any_variant():
    for arch, output in (("cbow", "softmax"), ("skipgram", "hs"), ("cbow", "ns")):
        at = open_sheet(Lab.from_text(load_preset("eat_drink"),
                                      LabSettings(arch=arch, output=output, negative=2)))
        trace, lab = trace_of(at), at.session_state["lab"]
        groups, _ = answer_groups(trace, lab.vocab.words, out_names(lab, trace))
        for c in [c for g in groups for _, cells in g.rows for c in cells][:12]:
            value = expected_value(trace, c.quantity, c.index)
            at.text_input(key=f"ans_box_{c.key}").input(f"{value:.5g}")
        at.run()
        assert marks(at) == [":green[✓ right]"] * 12, (arch, output)


def test_a_large_vocabulary_gets_boxes_for_the_rows_shown_and_says_so():
    at = open_sheet(Lab.from_text(load_preset("fruit_drinks"), LabSettings(dim=2)))
    assert any("Answer boxes for 10 of the" in c.value for c in at.caption)
    assert len(at.text_input) == 2 + 3 * 10 + 2 + 1 + 2 + 10 * 2


def test_the_sheet_is_unchanged_while_checking_is_off():
    at = open_sheet(pencil_lab(), check=False)
    assert not at.text_input and any(", after" in m.value for m in at.markdown)
