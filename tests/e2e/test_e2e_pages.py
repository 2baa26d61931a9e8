"""End to end, as a student would: every page, a preset, an upload, Step with another output
layer, training, a vector download; screenshots of every page at 1280 x 720 and 1440 x 900.

Uses the shared ``app_server``/``browser``/``page`` fixtures (tests/e2e/conftest.py), except
the deep-link test, which needs a server no session has touched yet (e2e_helpers.serve).
"""
import re

import pytest
from plotly.offline import get_plotlyjs_version

from e2e_helpers import (ARTIFACTS, CHART, LAPTOP, PAGES, PROJECTOR, SECTIONS, STEP_BUTTON, WAIT_MS,
                         new_page, no_exception, pick, upload, serve, settle, sidebar_text)
from w2v_core.vectors.word2vec_format import read_word2vec

pytestmark = pytest.mark.e2e


def _heading(page, text):
    page.get_by_role("heading", name=re.compile(re.escape(text))).first.wait_for()


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_load_state("networkidle")  # lazily loaded widget code (else grey placeholders)
    settle(page)
    page.wait_for_timeout(300)              # let Plotly finish its transition before the picture
    page.screenshot(path=ARTIFACTS / f"{name}.png")


@pytest.fixture(scope="module")
def fresh_server(chromium_path, tmp_path_factory):
    with serve(tmp_path_factory.mktemp("fresh") / "streamlit.log") as (url, _proc):
        yield url


def test_deep_link_on_a_fresh_server_runs_through_the_navigation(fresh_server, browser):
    """The first request to a new server is /step_inspector: it runs through app.py (wide
    layout, its sidebar), not as Streamlit's old pages-folder page (ui/entry.py)."""
    context, page = new_page(browser)
    try:
        page.goto(f"{fresh_server}/step_inspector")
        _heading(page, "Step inspector")
        settle(page)
        side = sidebar_text(page)
        for section in SECTIONS:
            assert section in side, f"sidebar lacks {section!r}: {side!r}"
        assert "V = 8 words" in side
        page.get_by_text("Press Step to take one SGD step").wait_for()
        no_exception(page)
    finally:
        context.close()


def test_a_fresh_servers_first_page_is_laid_out_by_app_py(chromium_path, browser, tmp_path):
    """A new server's very first request, /lesson (a lecturer opening the deck before class),
    runs through app.py: its wide layout, its title and sidebar, not Streamlit's old
    pages-folder mode (ui/entry.py; before, the page ran alone: 736 px wide, no sidebar)."""
    with serve(tmp_path / "streamlit.log") as (url, _proc):
        context, page = new_page(browser)
        try:
            page.goto(f"{url}/lesson")
            _heading(page, "Lesson")
            page.wait_for_function("() => getComputedStyle(document.querySelector("
                                   "'[data-testid=stMainBlockContainer]')).maxWidth === 'none'")
            assert "Current lab" in sidebar_text(page)
            no_exception(page)
        finally:
            context.close()


def test_every_page_by_direct_url_and_screenshots(app_server, browser):
    for name, viewport in (("1280x720", PROJECTOR), ("1440x900", LAPTOP)):
        context, page = new_page(browser, viewport)
        try:
            for path, (_title, heading) in PAGES.items():
                page.goto(f"{app_server}/{path}")
                _heading(page, heading)
                settle(page)
                assert "One update" in sidebar_text(page)
                no_exception(page)
                _shot(page, f"page_{path or 'home'}_{name}")
        finally:
            context.close()


CHART_PAGES = ["corpus_lab", "hierarchical_softmax", "negative_sampling", "subsampling",
               "three_outputs"]           # pages with a chart before any click


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_is_drawn_by_the_plotly_the_app_serves(app_server, page, path):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(f"{app_server}/{path}")
    _heading(page, PAGES[path][1])
    settle(page)
    page.locator(CHART).first.wait_for(state="attached")      # some are in hidden tabs
    page.wait_for_function(f"""() => [...document.querySelectorAll('{CHART}')]
        .every(c => c.querySelector('.main-svg'))""")
    # drawn by the installed plotly package's own plotly.js, served by the app
    assert page.evaluate("() => window.Plotly.version") == get_plotlyjs_version()
    assert not [url for url in failed if "/app/static/" in url], failed


def test_every_page_through_the_sidebar(app_server, page):
    page.goto(app_server)
    _heading(page, PAGES[""][1])
    for path, (title, heading) in PAGES.items():
        page.locator('[data-testid="stSidebarNav"]').get_by_role(
            "link", name=title, exact=True).click()
        _heading(page, heading)
        page.wait_for_url(re.compile(rf"/{path}(\?[^/]*)?$"))   # the lab rides in the query
        settle(page)
        no_exception(page)


def test_preset_upload_and_step_with_another_output_layer(app_server, page, tmp_path):
    page.goto(f"{app_server}/corpus_lab")
    _heading(page, "Corpus lab")
    settle(page)
    # a preset
    pick(page, "Preset", "Fruit and drinks")
    page.get_by_role("button", name="Load this preset").click()
    page.get_by_text("Loaded Fruit and drinks").wait_for()
    settle(page)
    assert "Corpus: Fruit and drinks" in sidebar_text(page)
    _shot(page, "corpus_lab_preset_loaded")

    # a .txt through the file chooser
    corpus = tmp_path / "my_corpus.txt"
    corpus.write_text("the cat sat on the mat\nthe dog sat on the log\n"
                      "a cat and a dog sat together on the mat\n" * 5, encoding="utf-8")
    page.get_by_text("Upload .txt", exact=True).click()
    uploader = page.locator('[data-testid="stFileUploader"]')
    upload(page, uploader, corpus)
    page.get_by_role("button", name="Use this file").click()
    page.get_by_text("Loaded my_corpus.txt").wait_for()
    settle(page)
    side = sidebar_text(page)
    assert "Corpus: my_corpus.txt" in side and "V = 10 words, 110 tokens" in side, side
    no_exception(page)
    _shot(page, "corpus_lab_uploaded")

    # the step inspector: switch the output layer, then step
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Step inspector").click()
    _heading(page, "Step inspector")
    settle(page)
    pick(page, "Output layer", "hierarchical softmax")
    settle(page)
    page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]').innerText.includes(', hs, N')")
    step = page.locator(STEP_BUTTON)
    step.click()
    page.get_by_text(re.compile(r"Step 1 · epoch 1")).wait_for()
    settle(page)
    loss = page.locator('[data-testid="stMetricValue"]').first
    first = loss.inner_text()
    charts = page.locator(CHART)
    charts.first.wait_for()
    step.click()
    page.get_by_text(re.compile(r"Step 2 · epoch 1")).wait_for()
    settle(page)
    assert loss.inner_text() != first
    page.get_by_text(re.compile(r"Steps taken: 2 · Undo")).wait_for()   # the fragment's caption
    assert charts.count() >= 1
    no_exception(page)
    _shot(page, "inspector_hs_after_two_steps")


def test_train_then_download_vectors(app_server, page, tmp_path):
    page.goto(f"{app_server}/training")
    _heading(page, "Training")
    settle(page)
    # Royalty and gender with the page's defaults (20 epochs, ~550,000 words: a few seconds)
    page.get_by_role("button", name="Train", exact=True).click()
    progress = page.locator('[data-testid="stProgress"]')
    # the progress bar while it runs, or, when numba's loop is compiled already (an earlier
    # test trained) and the job ended within the click's own run, the result
    progress.or_(page.get_by_text(re.compile(r"all 20 epochs"))).first.wait_for()
    page.screenshot(path=ARTIFACTS / "training_running.png")
    page.get_by_text("Words processed", exact=True).wait_for(timeout=2 * WAIT_MS)  # the training itself
    settle(page)
    page.get_by_text(re.compile(r"all 20 epochs")).wait_for()
    assert progress.count() == 0
    assert page.get_by_text(re.compile(r"nearest to king − man \+ woman is")).count() == 1
    no_exception(page)
    _shot(page, "training_done")

    with page.expect_download() as info:
        page.get_by_role("button", name="word2vec text (.txt)").click()
    download = info.value
    target = tmp_path / "vectors.txt"
    download.save_as(target)
    header = target.read_bytes().split(b"\n", 1)[0].decode()
    assert re.fullmatch(r"\d+ \d+", header), header
    V, N = map(int, header.split())
    words, vectors = read_word2vec(target)
    assert len(words) == V and vectors.shape == (V, N) and N == 30 and "queen" in words
