"""Shared test setup."""
import pytest
from streamlit import config

# The app hides error details from students (.streamlit/config.toml); tests want them.
config.set_option("client.showErrorDetails", "full")


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright for the whole run: its sync API cannot start a second one while the
    first runs (every browser of the tests is launched from this one)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        yield pw
