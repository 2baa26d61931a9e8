"""Fixtures for end-to-end tests: the real Streamlit server and a headless Chromium page.

``app_server`` starts ``python -m streamlit run app.py`` on a free port once per session
and yields its base URL; ``page`` is a fresh 1280 x 720 Chromium page (the projector size).
Tests using them are skipped, with the reason, when /usr/bin/chromium is missing.
Screenshots go to ``test-artifacts/`` (gitignored) through ``screenshot_path``.
"""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from e2e_helpers import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, WAIT_MS, new_page, serve

expect.set_options(timeout=WAIT_MS)      # expect(...) waits as long as every other wait


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: end-to-end tests need a Chromium (CI installs it)")
    return CHROMIUM


@pytest.fixture(scope="session")
def app_server(chromium_path, tmp_path_factory):
    """Base URL of the app served by a real `streamlit run` on a free port."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    try:
        with serve(log) as (url, _):
            yield url
    except RuntimeError as err:          # it did not start: say why, with its log
        pytest.fail(f"{err}; see {log}")


@pytest.fixture(scope="session")
def browser(chromium_path, playwright_session):
    b = playwright_session.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def page(browser):
    """A fresh page (new browser context, so a new Streamlit session) at 1280 x 720."""
    context, p = new_page(browser)
    yield p
    context.close()


@pytest.fixture
def screenshot_path():
    """Path for a screenshot in test-artifacts/: screenshot_path("name") -> .../name.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    return lambda name: ARTIFACTS / f"{name}.png"
