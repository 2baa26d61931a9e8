"""End to end, issue 15 items 5, 7 and 9 and issue 16's sidebar: what only a real server and
browser show.

- a training job whose tab was reloaded stops (the server's CPU falls back to idle);
- a reload rebuilds a linked lab; while a lab no link rebuilds is not downloaded, a reload
  asks first; after the download it does not;
- a lab file and corpus named like a domain are shown as text, never as a link;
- the first page of a fresh server never shows Streamlit's automatic list of pages/.
"""
import re
import time

import pytest
from playwright.sync_api import expect

from crafted_labs import crafted_labs
from e2e_helpers import (PAGES, STEP_BUTTON, new_page, no_exception, pick, serve, settle,
                         sidebar_text, upload)
from ui.training_job import GRACE_SECONDS
from ui.training_state import suggested_epochs

pytestmark = pytest.mark.e2e
EVIL = "www.evil.example"


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100          # utime + stime, in ticks of 10 ms


def busy_share(pid: int, seconds: float = 3.0) -> float:
    """Share of one core the process used over the next ``seconds``."""
    start = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - start) / seconds


@pytest.fixture
def own_server(chromium_path, tmp_path):
    """A server of this test's own, so that its CPU is this test's alone."""
    with serve(tmp_path / "streamlit.log") as (url, proc):
        yield url, proc


def test_a_training_whose_tab_was_reloaded_stops(own_server, browser):
    url, proc = own_server
    context, page = new_page(browser)
    try:
        page.goto(f"{url}/training")
        page.get_by_role("heading", name=re.compile("Training")).first.wait_for()
        settle(page)
        pick(page, "Corpus", "Large generated corpus (≥ 50,000 words)")
        epochs = page.get_by_role("spinbutton", name="epochs")
        expect(epochs).to_have_value(str(suggested_epochs("large_generated")))   # its rerun ran
        settle(page)
        epochs.fill("200")
        epochs.press("Enter")
        settle(page)
        expect(epochs).to_have_value("200")
        page.get_by_role("button", name="Train", exact=True).click()
        page.locator('[data-testid="stProgress"]').filter(has_text="of 200").first.wait_for()
        assert busy_share(proc.pid) > 0.3                       # training keeps a core busy
        page.reload()
        page.get_by_role("heading", name=re.compile("Training")).first.wait_for()
        settle(page)
        # the old session is gone for GRACE_SECONDS, then its job stops at its next chunk
        deadline = time.monotonic() + GRACE_SECONDS + 60
        while busy_share(proc.pid) > 0.1:
            assert time.monotonic() < deadline, "the old training thread is still running"
        no_exception(page)
    finally:
        context.close()


def _load_own_corpus(page, app_server, path) -> None:
    page.goto(f"{app_server}/corpus_lab")
    page.get_by_role("heading", name="Corpus lab").first.wait_for()
    settle(page)
    page.get_by_text("Upload .txt", exact=True).click()
    upload(page, page.locator('[data-testid="stFileUploader"]'), path)
    page.get_by_role("button", name="Use this file").click()
    page.get_by_text(f"Loaded {path.name}").wait_for()
    settle(page)


def test_a_reload_keeps_a_linked_lab_and_asks_first_when_it_cannot(app_server, browser, tmp_path):
    context, page = new_page(browser)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    try:
        # a preset and its steps live in the address: a reload rebuilds them, nothing to ask
        page.goto(f"{app_server}/step_inspector")
        page.get_by_text("to take one SGD step").wait_for()
        page.locator(STEP_BUTTON).click()
        page.get_by_text("Step 1 · epoch 1").wait_for()
        settle(page)
        page.reload()
        page.get_by_text("Step 1 · epoch 1").wait_for()
        assert asked == []

        # a corpus too long for a link: the reload asks first, and goes ahead when accepted
        own = tmp_path / "own_notes.txt"
        own.write_text(" ".join(f"w{i * 7919 % 100_003}" for i in range(4_000)), encoding="utf-8")
        _load_own_corpus(page, app_server, own)
        page.reload()
        page.get_by_role("heading", name="Corpus lab").first.wait_for()
        settle(page)
        assert asked == ["beforeunload"]
        assert "Corpus: own_notes.txt" not in sidebar_text(page)       # a new session

        # once downloaded, nothing is lost: no second question
        _load_own_corpus(page, app_server, own)
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Training").click()
        page.get_by_role("heading", name=re.compile("Training")).first.wait_for()
        settle(page)
        assert "Not downloaded yet: the lab" in sidebar_text(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the lab").click()
        download.value.save_as(tmp_path / "lab.npz")
        page.wait_for_function("() => window.w2vUnsaved === false")
        page.reload()
        page.get_by_role("heading", name=re.compile("Training")).first.wait_for()
        assert asked == ["beforeunload"]
    finally:
        context.close()


def test_a_lab_named_like_a_domain_is_never_a_link(app_server, browser, tmp_path):
    path = tmp_path / f"{EVIL}.npz"
    path.write_bytes(crafted_labs()[f"corpus name {EVIL}"][0])
    context, page = new_page(browser)
    try:
        page.goto(f"{app_server}/training")
        page.get_by_role("heading", name=re.compile("Training")).first.wait_for()
        settle(page)
        uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Restore a lab")
        upload(page, uploader, path)
        page.get_by_role("button", name="Restore this lab").click()
        page.get_by_text(re.compile("Restored the lab from")).wait_for()
        settle(page)
        for where in ("training", "corpus_lab", "step_inspector", ""):   # in this session
            title, heading = PAGES[where]
            page.locator('[data-testid="stSidebarNav"]').get_by_role(
                "link", name=title, exact=True).click()
            page.get_by_role("heading", name=re.compile(re.escape(heading))).first.wait_for()
            settle(page)
            assert EVIL in page.locator("body").inner_text()            # shown, as text
            links = page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.href)")
            assert not [h for h in links if "evil" in h], (where, links)
            no_exception(page)
    finally:
        context.close()


def test_the_first_page_of_a_fresh_server_never_shows_the_automatic_page_list(own_server,
                                                                              browser):
    url, _ = own_server
    context, page = new_page(browser)
    try:
        page.goto(url)
        seen = set()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "Training" not in " ".join(seen):
            seen.add(page.evaluate("() => document.querySelector("
                                   "'[data-testid=\"stSidebarNav\"]')?.innerText || ''"))
            page.wait_for_timeout(20)
        nav = " ".join(seen)
        assert "Training" in nav and "Watching it learn" in nav, nav
        assert not re.search(r"\b(three outputs|corpus lab|step inspector|app)\b", nav), nav
    finally:
        context.close()
