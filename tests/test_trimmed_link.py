"""An instructor's trimmed link (TensorFlow Playground's hidable controls): in "Link to this
step" the instructor ticks the controls students see; the link carries them as ``show``;
students opening it see only those, and nothing on screen un-hides the others. ``show`` is a
view option: the lab the link builds is the same with or without it."""
import pytest
from streamlit.testing.v1 import AppTest

import apptest
from ui import charts, links
from ui.inspector.keys import LINK_SETTINGS, PHASED, QUIZ, TAB
from w2v_core.lab import LabSettings
from w2v_core.lab.link import decode, encode
from w2v_core.lab.trim import CONTROLS, decode_show, encode_show

PAGE = "pages/step_inspector.py"
PRESETS = ("eat_drink",)
WIDGETS = {                          # control id -> the widget keys it stands for
    "corpus": ["insp_corpus"], "settings": ["insp_arch", "insp_output", "insp_dim", "insp_seed"],
    "eta": ["insp_lr"], "undo": ["insp_undo", "insp_reset"],
    "steps": ["insp_step10", "insp_step100", "insp_epoch"], "panels": [TAB, "insp_next"],
    "phases": [PHASED], "quiz": [QUIZ], "presenter": [charts.PRESENTER], "own": ["insp_own_W"],
}
LAB = {"corpus": "eat_drink", "eta": "0.1x3"}


def keys(at: AppTest) -> set:
    """The key of every widget on the page (popovers' and expanders' contents included)."""
    return {getattr(e, "key", None) for e in apptest._elements(at)} - {None}


def open_link(params: dict) -> AppTest:
    """The link opened, then the Step inspector with "Link to this step", the link's
    settings and "Enter your own W and W′" open (each drawn only when open), as the
    instructor choosing would."""
    at = apptest.open_link(params)
    said = [w.value for w in at.warning]
    at.session_state[links.BOX] = at.session_state["insp_own_open"] = True
    at.session_state[LINK_SETTINGS] = True
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    at.said = said
    return at


def hidden(at: AppTest) -> set:
    """The controls none of whose widgets are on the page."""
    on = keys(at)
    return {c for c, ws in WIDGETS.items() if not any(w in on for w in ws)}


# ---- the encoding ------------------------------------------------------------------------------
def test_every_control_has_its_widgets_named_here():
    assert set(WIDGETS) == set(CONTROLS)


@pytest.mark.parametrize("shown", [set(), {"eta"}, {"undo", "panels", "own"},
                                   set(CONTROLS) - {"corpus"}])
def test_the_controls_shown_round_trip_through_the_link(shown):
    params = encode(LabSettings(), "eat_drink", None, [(0.1, 3)], show=shown)
    assert decode_show(params["show"]) == (frozenset(shown), [])
    assert params["show"] == (".".join(c for c in CONTROLS if c in shown) or "none")


def test_showing_every_control_adds_nothing_to_the_link():
    assert encode_show(set(CONTROLS)) == {} and encode_show(None) == {}
    assert "show" not in encode(LabSettings(), "eat_drink", None, [(0.1, 3)], show=set(CONTROLS))


def test_show_is_a_view_option_the_lab_is_the_same_with_or_without_it():
    plain = encode(LabSettings(dim=3), "eat_drink", None, [(0.1, 3)])
    trimmed = encode(LabSettings(dim=3), "eat_drink", None, [(0.1, 3)], show={"eta"})
    assert decode(trimmed, PRESETS) == decode(plain, PRESETS)
    assert decode({"show": "eta"}, PRESETS) == (None, [])        # it names no lab


def test_encoding_an_unknown_control_is_refused():
    with pytest.raises(ValueError, match="not a control: bogus"):
        encode_show({"eta", "bogus"})


@pytest.mark.parametrize("raw,shown,message", [
    ("eta.bogus", {"eta"}, "names no control 'bogus'"),
    ("ETA", None, "is not a list of controls"),
    ("<script>alert(1)</script>", None, "is not a list of controls"),
    ("eta,undo", None, "is not a list of controls"),
    ("eta." * 100, None, "is not a list of controls"),
    ("", None, "is not a list of controls"),
    ("__class__", None, "is not a list of controls"),
])
def test_a_hostile_show_value_is_refused_with_a_message(raw, shown, message):
    got, said = decode_show(raw)
    assert got == (None if shown is None else frozenset(shown))
    assert len(said) == 1 and message in said[0]


# ---- in the app --------------------------------------------------------------------------------
def test_an_untrimmed_lab_shows_every_control_and_offers_the_ticks():
    at = open_link(LAB)
    assert hidden(at) == set()
    assert all(at.checkbox(key=f"link_show_{c}").value for c in CONTROLS)


@pytest.mark.parametrize("shown", [set(), {"eta", "undo"}, set(CONTROLS) - {"own"},
                                   {"corpus", "panels", "presenter", "quiz"}])
def test_a_trimmed_link_hides_exactly_the_controls_not_ticked(shown):
    at = open_link(LAB | encode_show(shown))
    assert hidden(at) == set(CONTROLS) - shown
    assert "insp_step1" in keys(at)                     # Step is always there
    assert at.session_state["lab"].steps_done == 3      # the same lab as without show


def test_the_instructors_ticks_make_the_link_and_students_opening_it_see_only_those():
    at = open_link(LAB)
    for control in ("corpus", "settings", "steps", "own", "presenter"):
        at.checkbox(key=f"link_show_{control}").uncheck()
    at.run()
    (link,) = [c.value for c in at.code if "?" in c.value]
    assert "show=eta.undo.panels.phases.quiz" in link
    assert hidden(at) == set()                          # the instructor still sees everything
    params = dict(p.split("=", 1) for p in link.split("?", 1)[1].split("&"))
    student = open_link(params)
    assert hidden(student) == {"corpus", "settings", "steps", "own", "presenter"}


def test_a_student_cannot_un_hide_the_controls_on_screen():
    at = open_link(LAB | {"show": "panels"})
    assert not any(k.startswith("link_show_") for k in keys(at))          # no ticks offered
    (link,) = [c.value for c in at.code if "?" in c.value]
    assert "show=panels" in link                        # the link they pass on keeps it
    at.button(key="insp_step1").click().run()
    at.switch_page("pages/hierarchical_softmax.py").run()
    at.switch_page(PAGE).run()
    assert hidden(at) == set(CONTROLS) - {"panels"}
    assert at.query_params["show"] == ["panels"] or at.query_params["show"] == "panels"


def test_the_keys_listed_are_those_of_the_buttons_shown():
    at = open_link(LAB | {"show": "eta"})
    (line,) = [c.value for c in at.caption if c.value.startswith("Steps taken")]
    assert line.endswith("Keys: **S** Step") and "Undo" not in line


def test_a_hostile_show_in_a_link_says_so_and_hides_nothing():
    at = open_link(LAB | {"show": "<b>x</b>"})
    assert any("is not a list of controls" in s for s in at.said), at.said
    assert hidden(at) == set()
    at = open_link(LAB | {"show": "eta.nosuch"})
    assert any("names no control 'nosuch'" in s for s in at.said), at.said
    assert hidden(at) == set(CONTROLS) - {"eta"}


@pytest.mark.parametrize("shown", [set(), {"eta", "steps", "quiz"}])
def test_in_presenter_mode_the_compact_bar_is_trimmed_the_same_way(shown):
    at = open_link(LAB | encode_show(shown))
    at.session_state[charts.PRESENTER] = True
    at.run()
    assert not at.exception and charts.presenting() is not None
    assert hidden(at) == set(CONTROLS) - shown
    assert "insp_step1" in keys(at)


def test_another_link_without_show_in_the_same_session_keeps_the_trimming():
    at = open_link(LAB | {"show": "eta"})
    at.query_params.clear()
    for k, v in {"corpus": "eat_drink", "eta": "0.2x5"}.items():     # e.g. a Lesson stop's link
        at.query_params[k] = v
    at.switch_page("app.py").run()                  # app.py reads the new link
    assert at.session_state["lab"].steps_done == 5
    at.switch_page(PAGE).run()
    assert hidden(at) == set(CONTROLS) - {"eta"}


def test_link_to_this_step_is_drawn_only_while_open_and_keeps_the_ticks_when_closed():
    at = open_link(LAB)
    at.checkbox(key="link_show_corpus").uncheck()
    at.session_state[links.BOX] = False
    at.run()
    assert not at.code and not any(k.startswith("link_show_") for k in keys(at))
    at.session_state[links.BOX] = True
    at.run()
    assert not at.checkbox(key="link_show_corpus").value           # the untick was kept
    (link,) = [c.value for c in at.code if "?" in c.value]
    assert "show=" in link and "corpus" not in link.split("show=")[1]
