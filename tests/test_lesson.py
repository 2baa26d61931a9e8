"""The Lesson is the lecture: its stops come in a lecture's order (skip-gram's network and loss,
the updates of W′ and W, the SGD step, CBOW with C >= 2, the cost of full softmax, HS, NS,
subsampling, training); every number a stop states is on the page its link opens; the deck
walks with ← and →; a lesson downloads and loads back as TOML, and a hostile file is refused
with a message naming the stop and the field."""
import base64
import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import apptest
from ui import crosswalk, lesson
from ui.lesson_file import read_lesson, write_lesson

NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?")


def page_strings(at) -> list[str]:
    """Every text a student reads on the page, and every number in its charts and tables."""
    out = [str(e.value) for e in [*at.markdown, *at.caption, *at.latex, *at.success, *at.info]]
    out += [f"{m.label} {m.value}" for m in at.metric]
    out += [str(n.value) for n in at.number_input]
    for df in at.dataframe:
        out += [str(v) for v in np.ravel(df.value.to_numpy())]
    for fig in apptest.figures(at):
        out.append(json.dumps(fig))
        for trace in fig.get("data", []):
            for key in ("x", "y", "z", "text"):
                values = trace.get(key)
                if isinstance(values, dict) and "bdata" in values:
                    arr = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
                    out += [repr(float(v)) for v in arr.ravel()]
    return out


def shown_on(strings, value) -> bool:
    """``value`` is on the page to the precision the page prints it with."""
    if isinstance(value, str):
        return any(value in s for s in strings)
    for s in strings:
        for m in NUMBER.findall(s):
            text = m.replace(",", "").replace("−", "-")
            try:
                shown = float(text)
            except ValueError:
                continue
            mantissa = text.split("e")[0]
            decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
            scale = 10.0 ** int(text.split("e")[1]) if "e" in text else 1.0
            if abs(shown - float(value)) <= 0.5 * 10.0 ** -decimals * scale * 1.001:
                return True
    return False


def opened(stop) -> AppTest:
    at = AppTest.from_file(apptest.APP, default_timeout=120)
    at.query_params.update(stop.params)
    at.run()
    at.switch_page(stop.page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("n", range(len(lesson.STOPS)))
def test_every_number_a_stop_states_is_on_the_page_its_link_opens(n):
    stop = lesson.STOPS[n]
    shown = lesson.show(stop)
    strings = page_strings(opened(stop))
    for name, value in shown.numbers.items():
        assert shown_on(strings, value), (stop.title, name, value)


def test_the_stops_follow_a_lecture_and_cbow_has_several_context_words():
    kinds = [s.kind for s in lesson.STOPS]
    assert kinds == ["network", "loss", "output_update", "input_update", "sgd", "cbow",
                     "costs", "hs", "ns", "subsampling", "training"]
    for stop in lesson.STOPS:
        if stop.kind in ("loss", "cbow"):
            assert lesson.show(stop).numbers["C"] >= 2, stop.title


def test_subsampling_stop_shows_frequent_words_go_and_rare_ones_stay():
    numbers = lesson.show(next(s for s in lesson.STOPS if s.kind == "subsampling")).numbers
    assert numbers["keep_frequent"] < 0.5 and numbers["keep_rare"] == 1.0


def test_the_deck_walks_with_the_arrows_and_every_stop_renders():
    at = apptest.open_page("pages/lesson.py")
    for n in range(len(lesson.STOPS)):
        assert any(f"Stop {n + 1} of {len(lesson.STOPS)}" in m.value for m in at.markdown)
        assert not at.exception, [e.value for e in at.exception]
        if n + 1 < len(lesson.STOPS):
            at.button(key="lesson_next").click().run()
    at.button(key="lesson_prev").click().run()
    assert any(f"Stop {len(lesson.STOPS) - 1} of" in m.value for m in at.markdown)


def test_a_lesson_round_trips_through_its_file():
    text = write_lesson(lesson.TITLE, lesson.STOPS)
    title, stops = read_lesson(text.encode("utf-8"))
    assert title == lesson.TITLE and stops == lesson.STOPS


@pytest.mark.parametrize("change,message", [
    (lambda t: t.replace('kind = "loss"', 'kind = "exec"'), "stop 2's kind must be one of"),
    (lambda t: t.replace('page = "pages/training.py"', 'page = "../../etc/passwd"'), "page must be one of"),
    (lambda t: t.replace("E = {E}", "E = {__class__}"), "names {__class__}"),
    (lambda t: t.replace("E = {E}", "E = {E.real}"), "names {E.real}"),
    (lambda t: t.replace('eta = "0.1x7", panel = "Forward pass"', 'eta = "fast", panel = "Forward pass"'), "not a lab the app opens"),
    (lambda t: t + "\n[evil]\nx = 1\n", "unknown top-level key"),
    (lambda t: t.replace("[[stop]]", "[[stop]]\nextra = 1", 1), "exactly the keys"),
    (lambda t: "not = [toml", "not valid TOML"),
    (lambda t: "x" * 70_000, "at most 64,000"),
])
def test_a_hostile_lesson_is_refused_with_one_message(change, message):
    text = change(write_lesson(lesson.TITLE, lesson.STOPS))
    with pytest.raises(ValueError, match=re.escape(message)):
        read_lesson(text.encode("utf-8"))


def test_the_crosswalk_names_every_symbol_the_equations_panel_writes():
    names = " ".join(crosswalk.table()["app (Rong)"])
    for symbol in ("W", "W′", "v_{w_I}", "v′_j", "h", "u_j", "y_j", "t_j", "e_j", "EI_j", "EH",
                   "E", "η", "V, N"):
        assert symbol in names, symbol
    assert crosswalk.table()["word2vec.c"][1] == "syn0"
