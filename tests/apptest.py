"""Opening a page of the app through AppTest, as a student would: app.py first, then the page."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_page(page: str, lab=None, name: str = "test corpus", timeout: float = 60) -> AppTest:
    """Run app.py, optionally with a prepared Lab in session state, then switch to ``page``."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if lab is not None:
        at.session_state["lab"] = lab
        at.session_state["corpus_name"] = name
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
