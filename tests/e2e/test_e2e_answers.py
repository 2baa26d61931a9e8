"""End to end, in a real headless Chromium: a student opens the pencil-and-paper example,
takes its first step, types a right and a mistaken answer on the Hand-check sheet and reads the
verdicts and the named mistake; the Worksheet prints as one page with the sheet alone.
Screenshots at 1280 x 720 go to /tmp (and test-artifacts/)."""
import re

import pytest

from e2e_helpers import STEP_BUTTON, no_exception, panel, pick, settle

pytestmark = pytest.mark.e2e


def _shot(page, screenshot_path, name):
    page.wait_for_timeout(300)
    page.screenshot(path=f"/tmp/e2e_answers_{name}.png")
    page.screenshot(path=screenshot_path(f"answers_{name}"))


def _answer(page, label, text):
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")
    settle(page)


def test_a_right_and_a_mistaken_answer_get_their_verdicts_and_the_mistake_is_named(
        app_server, page, screenshot_path):
    page.goto(app_server + "/step_inspector")
    page.get_by_text("Press Step to take one SGD step").wait_for()
    settle(page)
    pick(page, "Corpus", "Pencil and paper: 4 words, N = 2")
    page.get_by_text(re.compile("example's own W and W′")).wait_for()
    settle(page)
    page.locator(STEP_BUTTON).click()
    page.get_by_text(re.compile(r"your own instance: chase → cats")).wait_for()
    settle(page)
    panel(page, "Hand-check sheet").click()
    settle(page)
    page.get_by_text("Check my answers", exact=True).click()
    page.get_by_label("h_1", exact=True).wait_for()
    settle(page)
    _answer(page, "h_1", "0.4")                                  # v_chase: right
    page.get_by_text("✓ right").wait_for()
    _answer(page, "e_2 (cats)", "0.7002")                        # t − y instead of y − t
    page.get_by_text("✗ wrong").wait_for()
    mistake = page.get_by_text(re.compile(r"The error is y − t, not t − y"))
    mistake.wait_for()
    assert "eq. 30" in mistake.inner_text() and "0.700192" in mistake.inner_text()
    page.get_by_text(re.compile(r"Running count: 1 right of 2 checked")).wait_for()
    no_exception(page)
    mistake.evaluate("e => e.scrollIntoView({block: 'center'})")
    _shot(page, screenshot_path, "verdicts")
    page.get_by_text(re.compile(r"Running count")).scroll_into_view_if_needed()
    _shot(page, screenshot_path, "count")


def test_the_worksheet_prints_the_sheet_alone_on_one_page(app_server, page, screenshot_path):
    page.goto(app_server + "/worksheet?ws_student=4&ws_output=ns&ws_dim=3")
    page.get_by_text("word2vec by hand: skip-gram, negative sampling, student 4").wait_for()
    settle(page)
    _shot(page, screenshot_path, "worksheet")
    page.emulate_media(media="print")
    for size in ("A4", "Letter"):
        pdf = page.pdf(format=size)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, size
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.get_by_role("button", name="Sheet (Markdown)").is_hidden()
    page.set_viewport_size({"width": 794, "height": 1123})      # A4 at 96 dpi
    settle(page)
    page.screenshot(path="/tmp/e2e_answers_print.png")
