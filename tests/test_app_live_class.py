"""A live class through AppTest: a lecturer and three students, each an AppTest session of
app.py in this one process, so they share the process's class store (the default
MemoryStore), as the sessions of one `streamlit run` do. A student's page is redrawn here by
a rerun; in a browser the page's poller does that within a second (tests/e2e/
test_e2e_live_class.py times it)."""
import io

import pytest
from streamlit.testing.v1 import AppTest

from apptest import APP, shown
from w2v_core.classroom import ALPHABET, shared_store
from w2v_core.lab.link import decode


def _lecturer() -> tuple[AppTest, str]:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/step_inspector.py").run()
    at.toggle(key="insp_phased").set_value(True).run()
    at.toggle(key="insp_quiz").set_value(True).run()
    at.button(key="class_start").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at, at.session_state["class_lecturer"][0]


def _student(code: str, by_link: bool = True, name: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if by_link:
        at.query_params["class"] = code
        at.run()
    else:
        at.run()
        at.switch_page("pages/live_class.py").run()
        at.text_input[0].input(code.lower())
    assert [t.value for t in at.title] == ["Live class"]
    at.text_input[1].input(name)
    at.button[0].click().run()                                   # Join
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    return "\n".join(shown(e.value) for kind in ("subheader", "markdown", "info", "success",
                                                  "warning", "caption") for e in at.get(kind))


def _votes(at: AppTest) -> list:
    return [b for b in at.button if b.key and b.key.startswith("class_vote_")]


@pytest.fixture
def room():
    lecturer, code = _lecturer()
    students = [_student(code), _student(code), _student(code, by_link=False, name="<b>Ada</b>")]
    return lecturer, code, students


def test_a_lecturer_starts_a_class_with_a_code_and_a_qr_code_of_the_join_link():
    lecturer, code = _lecturer()
    assert len(code) == 6 and set(code) <= set(ALPHABET)
    assert lecturer.get("image"), "no QR code"
    link = next(c.value for c in lecturer.code if c.value.endswith(f"/?class={code}"))
    assert "**0** present" in _texts(lecturer)
    zxingcpp = pytest.importorskip("zxingcpp", reason="the QR decoder is a test requirement")
    from PIL import Image
    from ui.live_lecturer import qr_png
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(link))).convert("L"))
    assert [b.text for b in found] == [link]


def test_a_class_link_is_not_a_lab_link():
    assert decode({"class": "HX74KA"}, ["eat_drink"]) == (None, [])


def test_three_students_join_by_link_and_by_code_and_are_counted(room):
    lecturer, code, students = room
    for s in students:
        assert f"Class {code} · step 0" in _texts(s)
        assert s.query_params["class"] == code
    lecturer.run()
    assert "**3** present (3 joined)" in _texts(lecturer)


def test_students_follow_the_lecturers_step_phase_and_panel(room):
    lecturer, code, students = room
    lecturer.button(key="insp_step1").click().run()              # phase 1 of step 1
    lecturer.button(key="insp_step1").click().run()              # phase 2
    for s in students:
        s.run()                                                  # what the poller does on a change
        text = _texts(s)
        assert f"Class {code} · step 1 · phase 2 of 3" in text and "Step 1" in text
        assert "Phase 2, the errors flow back" in text           # the lecturer's Network panel


def test_a_class_in_whole_steps_shows_students_the_whole_step_as_the_projector_does():
    lecturer = AppTest.from_file(APP, default_timeout=60)
    lecturer.run()
    lecturer.switch_page("pages/step_inspector.py").run()
    lecturer.button(key="class_start").click().run()            # no "Step in phases"
    code = lecturer.session_state["class_lecturer"][0]
    s = _student(code)
    lecturer.button(key="insp_step1").click().run()
    s.run()
    text = _texts(s)
    assert f"Class {code} · step 1" in text and "phase" not in text.split("\n")[0]
    assert "Phase 3, the update" in text                         # the Network panel, whole step
    assert "Revealed in phase" not in text and "Revealed in phase" not in _texts(lecturer)


def test_before_a_forward_pass_question_students_see_the_next_instance_as_the_projector_does(room):
    lecturer, code, students = room
    for _ in range(3):                                           # phases 1, 2, 3 of step 1
        lecturer.button(key="insp_step1").click().run()
    assert shared_store().view(code).poll.phase == 1             # asked before step 2's forward pass
    projector = _texts(lecturer)
    assert "**Step 2**" in projector and "Phase 3, the update" not in projector
    s = students[0]
    s.run()
    text = _texts(s)
    assert f"Class {code} · step 1 · phase 3 of 3" in text
    assert "**Step 2**" in text and "forward pass appear when the lecturer presses Step" in text
    assert "Phase 3, the update" not in text and not s.selectbox      # no panel that would tell
    lecturer.button(key="insp_step1").click().run()              # the forward pass of step 2
    s.run()
    assert "**Step 2**" in _texts(s) and "Phase 1, the forward pass" in _texts(s)


def test_votes_are_counted_once_shown_on_show_votes_and_revealed_to_each_student(room):
    lecturer, code, students = room
    q = shared_store().view(code).poll
    assert q.answer is None                                      # not told before the reveal
    answer = shared_store()._classes[code].room.poll.asked.answer       # the server's secret
    picks = [answer, answer, (answer + 1) % len(q.options)]
    for s, pick in zip(students, picks):
        _votes(s)[pick].click().run()
        assert "Your answer" in _texts(s) and not _votes(s)
    students[0].run()
    assert not _votes(students[0])                               # one vote per student
    lecturer.run()
    assert "**3** answered" in _texts(lecturer)
    assert shared_store().view(code).poll.counts is None          # not shown yet
    lecturer.button(key="class_show").click().run()
    counts = shared_store().view(code).poll.counts
    assert sum(counts) == 3 and counts[answer] == 2
    lecturer.button(key="class_reveal").click().run()
    verdicts = []
    for s in students:
        s.run()
        verdicts.append("Right" in _texts(s))
        assert "2 of 3 right" in _texts(s)
    assert verdicts == [True, True, False]
    assert f"Class {code} · step 1 · phase 1 of 3" in _texts(students[0])   # the phase shown


def test_vote_again_clears_the_votes_for_a_second_round(room):
    lecturer, code, students = room
    for s in students:
        _votes(s)[0].click().run()
    lecturer.run()
    lecturer.button(key="class_again").click().run()
    students[0].run()
    assert len(_votes(students[0])) == len(shared_store().view(code).poll.options)
    assert shared_store().view(code).poll.answered == 0


def test_go_on_my_own_and_follow_again(room):
    lecturer, code, students = room
    lecturer.button(key="insp_step1").click().run()
    s = students[0]
    s.run()
    s.button(key="class_go_own").click().run()
    s.button(key="class_own_step").click().run()
    s.button(key="class_own_step").click().run()
    assert "You are on your own. The class is at step 0" in _texts(s) and "Step 2" in _texts(s)
    assert shared_store().view(code).scene.steps == 0            # the class did not move
    s.button(key="class_follow").click().run()
    assert f"Class {code} · step 1 · phase 1 of 3" in _texts(s) and "Step 1" in _texts(s)


def test_a_student_cannot_step_the_class(room):
    lecturer, code, students = room
    s = students[0]
    version = shared_store().version(code)
    assert not [b for b in s.button if b.key in ("class_reveal", "class_show", "class_end")]
    s.switch_page("pages/step_inspector.py").run()
    s.button(key="insp_step1").click().run()                     # steps the student's own lab
    assert shared_store().version(code) == version
    assert [p.label for p in s.get("page_link")] == [f"Back to class {code}"]


def test_the_lecturer_link_gives_another_browser_the_class_and_its_controls(room):
    lecturer, code, students = room
    token = lecturer.session_state["class_lecturer"][1]
    lecturer.button(key="insp_step1").click().run()
    other = AppTest.from_file(APP, default_timeout=60)
    other.query_params.update({"class": code, "lecturer": token})
    other.run()
    other.run()
    assert other.session_state["class_lecturer"] == (code, token)
    assert "lecturer" not in other.query_params                   # the secret left the address
    other.button(key="insp_step1").click().run()                  # steps the class: phase 2
    assert shared_store().view(code).scene.phase == 2


def test_a_name_is_capped_and_only_in_the_lecturers_csv(room):
    lecturer, code, students = room
    assert "Ada" not in _texts(lecturer)
    token = lecturer.session_state["class_lecturer"][1]
    from w2v_core.classroom import answers_csv
    names = answers_csv(shared_store().report(code, token))
    assert "<b>Ada</b>" in names and "anonymous" in names


def test_locked_panels_are_not_offered_to_students(room):
    lecturer, code, students = room
    token = lecturer.session_state["class_lecturer"][1]
    shared_store().lock(code, token, ["Check", "Probe"])
    lecturer.button(key="insp_step1").click().run()
    students[0].run()
    options = students[0].selectbox(key="class_panel").options
    assert "Check" not in options and "Probe" not in options and "Errors" in options


def test_the_class_ends(room):
    lecturer, code, students = room
    lecturer.button(key="class_end").click().run()
    assert "class_lecturer" not in lecturer.session_state
    for s in students:
        s.run()
        assert "The class has ended" in _texts(s)
