"""End to end: the Step inspector in a real headless Chromium against a real server: Step
redraws the panel, presenter mode keeps the main figure on a 1280 x 720 screen, the keys
work, and a student's own 5,000-word text settles after a Step."""
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from e2e_helpers import CHART, STEP_BUTTON as STEP, panel, settle, switch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_app_large_vocabulary import large_text  # noqa: E402

pytestmark = pytest.mark.e2e


def _figures(page):
    return page.locator(f"{CHART} .main-svg")


def _open_inspector(page, app_server):
    page.goto(app_server)          # through the navigation, as a student arrives
    page.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name="Step inspector", exact=True).click()
    page.get_by_text("Press Step to take one SGD step").wait_for()
    settle(page)


def _step(page, n):
    page.locator(STEP).click()
    page.get_by_text(re.compile(rf"^Step {n} · epoch")).first.wait_for(timeout=120_000)
    settle(page, 120_000)


def test_step_button_draws_and_updates_the_panel(app_server, page, screenshot_path):
    _open_inspector(page, app_server)
    assert _figures(page).count() == 0
    _step(page, 1)
    _figures(page).first.wait_for()
    loss = page.locator('[data-testid="stMetricValue"]').first
    first_loss = loss.inner_text()
    first_bars = page.locator(CHART).first.inner_html()
    page.evaluate(f"document.querySelector('{CHART}').dataset.drawnAt = 'step 1'")
    _step(page, 2)
    page.wait_for_function(
        "([old]) => document.querySelector('.w2v-chart')?.innerHTML !== old",
        arg=[first_bars])
    assert loss.inner_text() != first_loss
    # the same chart element, redrawn in place (Plotly.react), not a new chart mounted
    assert page.evaluate(f"document.querySelector('{CHART}').dataset.drawnAt") == "step 1"
    assert page.locator('[data-testid="stException"]').count() == 0
    page.wait_for_timeout(300)
    page.screenshot(path=screenshot_path("inspector_after_step"))


def _plotly_fetches(page) -> list[str]:
    """The file names of plotly.js the page asks the server for, in order."""
    fetched = []
    page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]) if "/app/static/" in r.url else None)
    return fetched


def test_a_page_loads_plotly_js_once_as_a_script_file(app_server, page):
    # a script file the browser caches with its compiled code: a gzipped copy unzipped in
    # the page cost the server less on a first visit but every later full page load 0.8-1 s
    # more before its first chart (decompressed and compiled again each time)
    fetched = _plotly_fetches(page)
    _open_inspector(page, app_server)
    _step(page, 1)
    _figures(page).first.wait_for()
    assert fetched == ["plotly.min.js"]


def test_presenter_mode_keeps_the_instance_and_the_main_figure_on_screen(app_server, page,
                                                                          screenshot_path):
    _open_inspector(page, app_server)
    page.get_by_text("Presenter", exact=True).click()
    settle(page)
    page.locator(STEP).wait_for()
    stepped = page.get_by_text(re.compile(r"^Step 1 · epoch")).first
    for _ in range(3):      # the key listener mounts with the presenter rerun: a key pressed
        page.evaluate("document.activeElement.blur()")  # before it exists is lost, not queued
        page.keyboard.press("s")                   # the Step key
        try:
            stepped.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            assert page.get_by_text("Press Step to take one SGD step").count(), "stepped twice?"
    stepped.wait_for()
    settle(page)
    view = page.viewport_size
    for name in ("Forward pass", "Errors", "Updates", "Loss"):
        panel(page, name).click()
        settle(page)
        chart = page.locator(CHART).first
        chart.locator(".main-svg").first.wait_for()
        page.wait_for_timeout(300)
        box = chart.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"], (name, box)
        instance = page.get_by_text(re.compile(r"^Step 1 · epoch")).first.bounding_box()
        assert 0 <= instance["y"] < box["y"]
        page.screenshot(path=screenshot_path(f"presenter_{name.replace(' ', '_').lower()}"))
    page.keyboard.press("n")                       # the next-panel key: Loss -> Check
    page.get_by_role("radio", name="Check", checked=True).wait_for()
    page.keyboard.press("u")                       # the Undo key
    page.get_by_text("Press Step to take one SGD step").wait_for()


@pytest.mark.slow
def test_a_5000_word_upload_steps_and_settles(app_server, page, tmp_path, screenshot_path):
    page.goto(f"{app_server}/corpus_lab")
    page.get_by_role("heading", name="Corpus lab").wait_for()
    settle(page)
    page.get_by_text("Upload .txt", exact=True).click()
    settle(page)
    corpus = tmp_path / "student_text.txt"
    corpus.write_text(large_text(), encoding="utf-8")
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.locator('input[type="file"]').set_input_files(str(corpus))
    uploader.get_by_role("button", name="Remove student_text.txt", exact=True).wait_for()
    settle(page)
    page.get_by_role("button", name="Use this file").click()
    page.get_by_text(re.compile("Loaded student")).wait_for(timeout=120_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name="Step inspector", exact=True).click()
    page.get_by_text("Press Step to take one SGD step").wait_for(timeout=120_000)
    _step(page, 1)
    for name in ("Errors", "Updates", "Hand-check sheet"):
        panel(page, name).click()
        settle(page, 120_000)
    _step(page, 2)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text(re.compile(r"more words|more output vectors|of 5,000")).count() > 0
    page.screenshot(path=screenshot_path("inspector_5000_words"))


def test_three_phases_and_a_question_in_the_browser(app_server, page, screenshot_path):
    _open_inspector(page, app_server)
    switch(page, "insp_phased", "Step in phases").click()
    settle(page)
    switch(page, "insp_quiz", "Quiz me").click()
    settle(page)
    for phase in (1, 2, 3):
        question = page.locator('[data-testid="stRadio"]').first
        question.wait_for()
        question.locator('[role="radiogroup"] label').first.click()   # an answer, right or wrong
        settle(page)
        page.locator(STEP).click()
        page.get_by_text(f"Phase {phase} of 3").wait_for()
        settle(page)
        page.get_by_text(re.compile(r"^(Right|Not quite)")).first.wait_for()
        if phase < 3:
            page.locator(f"{CHART} .main-svg").first.wait_for()
        else:                     # the next step's question: its numbers would give it away
            page.get_by_text("The numbers of the forward pass appear when you press Step.").wait_for()
        page.screenshot(path=screenshot_path(f"phase_{phase}"))
    page.get_by_text(re.compile(r"Your score this session: \d of 3")).wait_for()
    page.locator(".st-key-insp_undo [data-testid^=stBaseButton]").click()    # back one phase
    page.get_by_text("Phase 2 of 3").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_link_opened_in_a_fresh_browser_shows_the_same_step(app_server, browser, page):
    _open_inspector(page, app_server)
    for n in (1, 2, 3):
        _step(page, n)
    page.wait_for_function("() => location.search.includes('eta=0.1x3')")
    link = page.url
    loss = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    fresh = browser.new_context(viewport=page.viewport_size)
    other = fresh.new_page()
    try:
        other.goto(link)
        other.get_by_text(re.compile(r"^Step 3 · epoch")).first.wait_for(timeout=60_000)
        settle(other)
        assert other.locator('[data-testid="stMetricValue"]').first.inner_text() == loss
        assert other.locator('[data-testid="stException"]').count() == 0
    finally:
        fresh.close()
