"""Helpers for the end-to-end tests and bench/bench_classroom.py (no fixtures here).

``serve()`` starts a fresh ``streamlit run app.py`` on a free port (a context manager that
yields (url, process)); the rest are waits and widget actions on a Playwright page.
"""
from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

from launch import free_port, healthy, started  # noqa: F401  (free_port, healthy: for callers)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = ROOT / "test-artifacts"
PROJECTOR = {"width": 1280, "height": 720}
# The longest any wait may take. Every wait is for a real condition (a text, a heading, the
# run indicator gone), so a generous limit costs nothing when the machine is fast, and a
# busy shared machine (other test suites on the same 2 cores) only makes the tests slower.
WAIT_MS = 180_000
LAPTOP = {"width": 1440, "height": 900}
PAGES = {            # URL path -> (title in the sidebar, heading on the page)
    "": ("Home", "How word2vec is trained"),
    "corpus_lab": ("Corpus lab", "Corpus lab"),
    "step_inspector": ("Step inspector", "Step inspector"),
    "hierarchical_softmax": ("Hierarchical softmax", "Hierarchical softmax"),
    "negative_sampling": ("Negative sampling", "Negative sampling"),
    "subsampling": ("Subsampling", "Subsampling"),
    "three_outputs": ("One instance, three output layers", "One instance, three output layers"),
    "training": ("Training", "Training: watching the vectors learn"),
}
# A chart the browser keeps across reruns (ui/kept_chart.py): the div Plotly draws in.
CHART = ".w2v-chart"
# The Step inspector's Step button (its accessible name also carries its shortcut: "Step S").
# Not a stale copy: while a rerun replaces the page, Streamlit can keep the previous run's
# button (data-stale="true") beside the new one for a moment.
STEP_BUTTON = '.st-key-insp_step1:not([data-stale="true"]) [data-testid^=stBaseButton]'
SECTIONS = ("Start", "One update", "Making it cheap", "Watching it learn")
# Idle: the app says no run is requested or running, nor that the first run has yet to start
# ("initial": right after a page load; the frontend marks a rerun as requested the moment it
# sends one, so a wait right after a click cannot pass before the run), and no
# run indicator or skeleton is showing.
IDLE_JS = """() => !["initial", "running", "rerunRequested"].includes(document.querySelector(
        '[data-testid="stApp"]')?.getAttribute("data-test-script-state"))
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !!document.querySelector('[data-testid="stAppViewContainer"]')"""


@contextlib.contextmanager
def serve(log_path: Path | None = None, timeout: float = WAIT_MS / 1000):
    """A fresh server: yields (base URL, Popen). Stopped (by its pid) on exit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with contextlib.ExitStack() as stack:
        log = stack.enter_context(open(log_path, "w")) if log_path else subprocess.DEVNULL
        proc = stack.enter_context(started(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            lambda: healthy(url), f"streamlit on {url}", timeout,
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
        yield url, proc


def rss_kib(pid: int) -> int:
    """VmRSS of a process in KiB, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def settle(page, timeout: float = WAIT_MS) -> None:
    """Wait until Streamlit's run indicator is gone (the script has finished)."""
    page.wait_for_function(IDLE_JS, timeout=timeout, polling=50)


# Presenter mode's style sheet is in the page (app.py sends it with each run of a presenting
# session): its presence says the server has taken the switch, not only the browser.
PRESENTER_CSS = """(on) => [...document.querySelectorAll('style')]
    .some(s => s.textContent.includes('max(18px, 1em)')) === on"""


def presenter(page, on: bool) -> None:
    """Presenter mode on or off (one switch for every page, kept in the session), and wait
    until the server's run with it has reached the page (a page switched before that would
    open without it)."""
    toggle = page.locator(".st-key-presenter input").first
    if toggle.is_checked() != on:
        page.get_by_text("Presenter", exact=True).first.click()
    settle(page)
    page.wait_for_function(PRESENTER_CSS, arg=on)
    settle(page)


def panel(page, name: str):
    """The Step inspector's panel choice ``name`` (not a stale copy of the picker that a
    rerun can keep for a moment beside the new one)."""
    return page.locator('.st-key-insp_tab:not([data-stale="true"])').get_by_role(
        "radio", name=name, exact=True)


def switch(page, key: str, label: str):
    """The label of the switch whose widget key is ``key`` (not a stale copy a rerun keeps
    for a moment; the ticks of a trimmed link carry the same words, hence the key)."""
    return page.locator(f'.st-key-{key}:not([data-stale="true"])').get_by_text(label, exact=True)


def new_page(browser, viewport=PROJECTOR):
    """(context, page): a new browser context (a new Streamlit session) with the waits'
    limit set. Close the context when done."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    return context, page


def no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def pick(page, label: str, option: str) -> None:
    """Choose `option` in the selectbox labelled `label`."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def upload(page, uploader, path: Path) -> None:
    """Choose `path` in the file uploader `uploader` and wait until the upload has landed.

    Streamlit sends the file to the server in its own request; pressing a button before the
    file shows in the uploader acts on no file at all. A long name is shortened on screen, so
    the wait is for the file's "Remove <name>" button, which carries the whole name.
    """
    uploader.locator('input[type="file"]').set_input_files(str(path))
    uploader.get_by_role("button", name=f"Remove {path.name}", exact=True).wait_for()
    settle(page)


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()
