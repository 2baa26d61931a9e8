"""Smoke test: every page that app.py lists opens without an exception and shows a title.

The pages are read from app.py's st.Page(...) calls, so a new page is covered as soon as
it is listed there.
"""
import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PLACEHOLDER = "Placeholder: this page is being built."


def listed_pages() -> list[str]:
    """Paths of the files passed to st.Page in app.py, in order."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    return [node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"
            and node.args and isinstance(node.args[0], ast.Constant)]


PAGES = listed_pages()


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, f"app.py's first run raised: {at.exception}"
    at.switch_page(page).run()
    return at


def test_app_lists_the_pages_that_exist():
    assert "pages/home.py" in PAGES and "pages/corpus_lab.py" in PAGES
    for page in PAGES:
        assert (ROOT / page).is_file(), page


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_an_exception_and_shows_its_title(page):
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    if PLACEHOLDER in (ROOT / page).read_text(encoding="utf-8"):
        return                      # still being written: it only has to open cleanly
    titles = [t.value for t in at.title]
    assert titles and titles[0].strip(), f"{page} shows no st.title"
    if page != "pages/home.py":     # the switch really happened: not the home page's title
        assert titles != [t.value for t in open_page("pages/home.py").title]


def test_the_menu_is_made_once_per_process_and_every_run_gets_its_own_pages():
    from types import SimpleNamespace

    from ui import entry
    made = []

    def pages():
        made.append(1)
        return {"Start": [SimpleNamespace(title="Home")]}

    first, second = entry.menu(pages), entry.menu(pages)
    assert len(made) == 1                                      # st.Page's checks paid once
    assert first["Start"][0] is not second["Start"][0]         # st.navigation marks its own
    assert second["Start"][0].title == "Home"

    def edited():                                              # app.py's code changed
        return {"Start": []}
    assert entry.menu(edited) == {"Start": []}
