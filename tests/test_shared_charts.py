"""Charts shared by a class's students (ui.charts.shared): every student who follows the
lecturer sees the same frame, so each of its charts is built once for the hall and sent to
every screen as the same bytes, and the bytes are exactly the chart the lecturer sees. The
same for a hall opening one link: every session shows the same step until it moves on."""
import gc
import json

import pytest

import apptest
from apptest import figure
from test_app_live_class import _lecturer, _student
from ui import charts
from w2v_core.classroom.frame import frame


class Owner:
    """Anything a weak reference can follow (a class frame, in the app)."""


def test_a_shared_chart_is_built_once_per_owner_key_and_presenter_mode():
    owner, built = Owner(), []

    def build(name):
        built.append(name)
        return name.encode()

    assert charts._shared_value(owner, ("a", False), lambda: build("a")) == b"a"
    assert charts._shared_value(owner, ("a", False), lambda: build("again")) == b"a"
    assert charts._shared_value(owner, ("a", True), lambda: build("presenter")) == b"presenter"
    assert built == ["a", "presenter"]


def test_a_shared_chart_goes_when_its_owner_goes():
    owner = Owner()
    charts._shared_value(owner, ("a", False), lambda: b"x")
    assert id(owner) in charts._SHARED
    key = id(owner)
    del owner
    gc.collect()
    assert key not in charts._SHARED


def test_students_following_a_class_get_the_lecturers_network_panel_built_once():
    lecturer, code = _lecturer()
    lecturer.button(key="insp_step1").click().run()              # phase 1 of step 1
    students = [_student(code) for _ in range(3)]
    for s in students:
        s.run()
        assert not s.exception, [e.value for e in s.exception]
    shared = charts._SHARED[id(frame(lecturer.session_state["class_published"].lab))]
    assert set(shared) == {("insp_network", False), ("insp_network_diagram_1", False),
                           ("insp_net_table", False),     # the chart, its diagram, its table,
                           ("insp_net_equations_1", False)}                 # its equations
    sent = json.loads(shared[("insp_network", False)])["figure"]
    assert all(figure(s, "insp_network") == sent for s in students)
    assert figure(lecturer, "insp_network") == sent


def _opened(params: dict):
    at = apptest.open_link(params)
    at.switch_page("pages/step_inspector.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_sessions_opening_one_link_share_its_charts_until_each_moves_on():
    params = {"corpus": "eat_drink", "output": "hs", "eta": "0.1x3", "panel": "Updates"}
    a, b, c = _opened(params), _opened(params), _opened(params)
    origin = a.session_state["link_origin"]()
    assert origin is b.session_state["link_origin"]() and origin is not a.session_state["lab"]
    sent = json.loads(charts._SHARED[id(origin)][("insp_updates", False)])["figure"]
    assert figure(a, "insp_updates") == figure(b, "insp_updates") == sent
    a.button(key="insp_step1").click().run()                    # a moves on: its own chart
    assert figure(a, "insp_updates") != sent
    lab = b.session_state["lab"]
    assert lab.model.W_in is origin.model.W_in                  # shared, and read-only:
    with pytest.raises(ValueError, match="read-only"):          # no session changes another's
        lab.model.W_in[0] += 1.0
    lab.model.W_in = lab.model.W_in.copy()                      # b's W changed (own weights)
    lab.model.W_in[lab.last[1].inputs[0]] += 1.0
    b.run()
    assert figure(b, "insp_updates") != sent
    c.run()                                                     # c has not moved: still shared
    assert figure(c, "insp_updates") == sent
    assert json.loads(charts._SHARED[id(origin)][("insp_updates", False)])["figure"] == sent
