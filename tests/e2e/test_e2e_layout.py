"""Every picture tells the truth, at any vocabulary and on any screen: every page and every
Step inspector panel, presenter mode off and on, on the default preset and on a pasted
40-word paragraph, at 1280 x 720 (a projector) and 390 x 844 (a phone). In each state the
page itself is measured (tests/e2e/layout_probe.py): no two text boxes of a chart overlap,
no equation wider than its column without a scroll cue, and in presenter mode no text
under 18 px. A screenshot of each state goes to /tmp/layout/.

One Chromium, launched here without Playwright's --hide-scrollbars (a scroll cue is a real
scrollbar); one browser context (one Streamlit session) per screen size and corpus, pages
opened through the sidebar as a student does. The paragraph skips the pages that do not
depend on the corpus (Home, Lesson, Live class, Worksheet).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import layout_probe as probe
from e2e_helpers import (CHROMIUM_ARGS, PRESENTER_CSS, PROJECTOR, STEP_BUTTON, no_exception,
                         panel, presenter, settle, switch)
from ui.inspector.panels import PANELS
from w2v_core.lab.link import encode_text

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/layout")
PHONE = {"width": 390, "height": 844}
PARAGRAPH = ("The king and the queen ruled the old kingdom together. A wise man and a clever "
             "woman advised them every morning. The people of the kingdom loved their king, "
             "their queen and the quiet river near the castle walls.")
STEPS = "eta=0.1x3"                         # three seeded steps: every panel has a step to show
CORPORA = {"default": STEPS, "paragraph": f"text={encode_text(PARAGRAPH)}&{STEPS}"}
PAGES = ["Home", "Lesson", "Live class", "Corpus lab", "Worksheet", "Hierarchical softmax",
         "Negative sampling", "Subsampling", "One instance, three output layers", "Training"]
SAME_FOR_ANY_CORPUS = {"Home", "Lesson", "Live class", "Worksheet"}
NAV = """(title) => [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
    .find(a => a.innerText.trim().endsWith(title)).click()"""
OVERFLOWING = """() => [...document.querySelectorAll('.katex-display')]
    .filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1).length"""


@pytest.fixture(scope="module")
def scrollbar_browser(chromium_path, playwright_session):
    b = playwright_session.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS,
                                           ignore_default_args=["--hide-scrollbars"])
    yield b
    b.close()


def _check(page, name: str, presenting: bool, faults: list, seen: dict) -> None:
    """Measure the page as it is now, keep a screenshot, and note what is wrong."""
    settle(page)
    page.wait_for_timeout(350)                  # Plotly's redraw after the run settles
    if presenting:
        page.wait_for_function(PRESENTER_CSS, arg=True)
    no_exception(page)
    found = probe.overlaps(page) + probe.equations(page) + probe.truncated(page)
    found += probe.small_text(page) if presenting else []
    seen["overflowing"] += page.evaluate(OVERFLOWING)
    page.screenshot(path=SHOTS / f"{re.sub(r'[^A-Za-z0-9]+', '_', name)}.png")
    faults += [f"{name}: {f}" for f in found]


def _round(page, corpus: str, size: str, presenting: bool, faults: list, seen: dict) -> None:
    tag = f"{corpus}_{size}_{'presenter' if presenting else 'plain'}"
    presenter(page, presenting)
    page.evaluate(NAV, "Step inspector")
    settle(page)
    page.locator(STEP_BUTTON).wait_for()
    for name in PANELS:
        panel(page, name).click()
        _check(page, f"{tag}_inspector_{name}", presenting, faults, seen)
    for title in PAGES:
        if corpus != "default" and title in SAME_FOR_ANY_CORPUS:
            continue
        page.evaluate(NAV, title)
        _check(page, f"{tag}_{title}", presenting, faults, seen)


@pytest.mark.parametrize("size", ["1280x720", "390x844"])
def test_every_page_and_panel_keeps_its_text_apart_and_readable(app_server, scrollbar_browser,
                                                                 size):
    SHOTS.mkdir(exist_ok=True)
    viewport = PROJECTOR if size == "1280x720" else PHONE
    faults: list[str] = []
    seen = {"overflowing": 0}
    for corpus, query in CORPORA.items():
        context = scrollbar_browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(180_000)
        try:
            page.goto(f"{app_server}/step_inspector?{query}")
            page.locator(STEP_BUTTON).wait_for()
            settle(page)
            for presenting in (False, True):
                _round(page, corpus, size, presenting, faults, seen)
        finally:
            context.close()
    assert not faults, f"{len(faults)} faults:\n" + "\n".join(faults[:60])
    assert seen["overflowing"] > 0        # some equation was too wide and showed its cue


def test_presenter_off_from_its_own_bar_brings_back_title_settings_and_switches(
        app_server, scrollbar_browser):
    """Regression: turning presenter mode off in its bar (inside the Step inspector's
    fragment) left the page without its title, settings and switches until a reload."""
    context = scrollbar_browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    try:
        page.goto(f"{app_server}/step_inspector?{STEPS}")
        page.locator(STEP_BUTTON).wait_for()
        settle(page)
        page.get_by_text("Presenter", exact=True).first.click()
        settle(page)
        page.get_by_role("button", name="Settings").wait_for()     # the compact bar
        assert page.get_by_role("heading", name="Step inspector").count() == 0
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.bounding_box() is None or sidebar.bounding_box()["x"] < 0 or \
            sidebar.get_attribute("aria-expanded") == "false"      # collapsed
        page.get_by_text("Presenter", exact=True).first.click()    # off, in the bar
        settle(page)
        page.get_by_role("heading", name="Step inspector").wait_for()
        page.locator(".st-key-insp_settings").wait_for()
        switch(page, "insp_phased", "Step in phases").wait_for()
        no_exception(page)
    finally:
        context.close()


def test_on_a_phone_step_and_its_result_are_on_the_first_screen(app_server, scrollbar_browser):
    context = scrollbar_browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{app_server}/step_inspector")
        page.locator(STEP_BUTTON).wait_for()
        settle(page)
        step = page.locator(STEP_BUTTON).bounding_box()
        assert step["y"] + step["height"] <= PHONE["height"] / 3, step
        page.locator(STEP_BUTTON).click()
        result = page.get_by_text(re.compile(r"^Loss E after the step")).first
        result.wait_for()
        settle(page)
        box = result.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], box
        page.screenshot(path=SHOTS / "phone_first_screen_after_step.png")
    finally:
        context.close()


@pytest.mark.parametrize("size", ["1280x720", "390x844"])
def test_with_widened_text_spacing_no_label_is_cut(app_server, scrollbar_browser, size):
    """WCAG 1.4.12: line height 1.5, letter spacing 0.12 em, word spacing 0.16 em, and no
    label ends in an ellipsis (ui/a11y.py lets them wrap)."""
    context = scrollbar_browser.new_context(viewport=PROJECTOR if size == "1280x720" else PHONE)
    page = context.new_page()
    faults = []
    try:
        for path in ("step_inspector?" + STEPS, "negative_sampling", "subsampling",
                     "corpus_lab", "worksheet", "training"):
            page.goto(f"{app_server}/{path}")
            settle(page)
            page.add_style_tag(content=probe.SPACING)
            page.wait_for_timeout(300)
            faults += [f"{path}: {f}" for f in probe.truncated(page)]
            no_exception(page)
    finally:
        context.close()
    assert not faults, "\n".join(faults)
