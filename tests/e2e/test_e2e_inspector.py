"""End to end: the Step inspector in a real headless Chromium against a real server."""
import re

import pytest

pytestmark = pytest.mark.e2e


def _plotly_charts(page):
    return page.locator('[data-testid="stPlotlyChart"] .main-svg')


def test_step_button_draws_and_updates_the_charts(app_server, page, screenshot_path):
    page.goto(app_server)          # through the navigation, as a student arrives
    page.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name="Step inspector", exact=True).click()
    page.get_by_role("heading", name=re.compile("Step inspector")).wait_for()
    page.get_by_text("Press Step to take one SGD step").wait_for()
    assert _plotly_charts(page).count() == 0

    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text("Step 1 · epoch 1").wait_for()
    _plotly_charts(page).first.wait_for()
    loss = page.locator('[data-testid="stMetricValue"]').first
    first_loss = loss.inner_text()
    first_bars = page.locator('[data-testid="stPlotlyChart"]').nth(2).inner_html()

    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text("Step 2 · epoch 1").wait_for()
    page.wait_for_function(
        "([old]) => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')[2]?.innerHTML !== old",
        arg=[first_bars])
    assert _plotly_charts(page).count() >= 3          # x, h, u, y
    assert loss.inner_text() != first_loss
    assert page.locator('[data-testid="stException"]').count() == 0
    page.wait_for_timeout(500)                         # let the charts finish their transition
    page.screenshot(path=screenshot_path("inspector_after_step"))
    page.locator('[data-testid="stPlotlyChart"]').nth(2).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=screenshot_path("inspector_charts"))
