"""End to end, the hall of 200's lost work: a pasted corpus comes back whole after a reload,
with the sidebar's V unchanged and no leave-page question (the address carries it all); a
corpus too long to travel makes the reload ask first (the guard is armed)."""
import pytest

from e2e_helpers import new_page, settle, sidebar_text
from w2v_core.corpora import load_preset

pytestmark = pytest.mark.e2e
ANIMALS = load_preset("animals_actions")           # V = 62: cut to 200 characters it was 23


def _paste(page, server, text: str) -> None:
    page.goto(f"{server}/corpus_lab")
    page.get_by_role("heading", name="Corpus lab").first.wait_for()
    settle(page)
    page.get_by_role("radio", name="Paste text").or_(
        page.get_by_role("button", name="Paste text")).first.click()
    settle(page)
    box = page.get_by_label("Your text")
    box.fill(text)
    box.press("Control+Enter")                      # commit the text area's value
    settle(page)
    page.get_by_role("button", name="Use this text").click()
    settle(page)


def test_a_pasted_corpus_comes_back_whole_after_a_reload(app_server, browser):
    context, page = new_page(browser)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    try:
        _paste(page, app_server, ANIMALS)
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("V = 62 words").wait_for()
        page.wait_for_url("**text=**")                  # the address carries the corpus now
        page.reload()
        page.get_by_role("heading", name="Corpus lab").first.wait_for()
        settle(page)
        sidebar.get_by_text("V = 62 words").wait_for()
        assert "Text from a link" in sidebar_text(page) and asked == []
    finally:
        context.close()
