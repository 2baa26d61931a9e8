"""End to end: markup in a corpus, in a file name and in a vector file shows as text.

A pasted corpus line, an uploaded corpus whose FILE NAME carries tags, and an imported
vector file whose words and name carry tags; then window.__pwned must be undefined and no
injected <script>/<img onerror> may exist in the DOM.
"""
import re

import numpy as np
import pytest

from e2e_helpers import no_exception, settle, upload
from w2v_core.vectors.word2vec_format import to_word2vec_bytes

pytestmark = pytest.mark.e2e

PAYLOAD = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> hello world'
TAG_NAME = '<img src=x onerror=window.__pwned=1><b>bold<script>window.__pwned=1<'   # + ".txt"
VECTOR_WORDS = ["<script>window.__pwned=1</script>", "<img/src=x/onerror=window.__pwned=1>",
                "<b>bold</b>", "hello", "world"]


def _assert_not_pwned(page):
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    injected = page.evaluate("""() => [
        ...[...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned')),
        ...document.querySelectorAll('img[onerror], img[src="x"], [onerror]'),
        ...[...document.querySelectorAll('b')].filter(b => b.textContent === 'bold'),
    ].map(e => e.outerHTML)""")
    assert injected == []


def test_markup_in_corpus_and_file_names_is_shown_as_text(app_server, page, tmp_path):
    page.goto(f"{app_server}/corpus_lab")
    page.get_by_role("heading", name="Corpus lab").wait_for()
    settle(page)

    # pasted text
    page.get_by_text("Paste text", exact=True).click()
    area = page.get_by_label("Your text")
    area.fill(PAYLOAD + "\nhello world again\n")
    area.press("Control+Enter")
    settle(page)
    page.get_by_role("button", name="Use this text").click()
    page.get_by_text(re.compile("Loaded Pasted text")).wait_for()
    settle(page)
    _assert_not_pwned(page)

    # an uploaded file whose name is markup
    path = tmp_path / f"{TAG_NAME}.txt"
    path.write_text(PAYLOAD + "\n", encoding="utf-8")
    page.get_by_text("Upload .txt", exact=True).click()
    upload(page, page.locator('[data-testid="stFileUploader"]'), path)
    page.get_by_role("button", name="Use this file").click()
    page.get_by_text(re.compile(r"^Loaded .*img src=x onerror")).first.wait_for()
    settle(page)
    # the name is on screen as typed, and in the sidebar
    assert f"{TAG_NAME}.txt" in page.locator('[data-testid="stAlert"]').first.inner_text()
    assert f"Corpus: {TAG_NAME}.txt" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.get_by_role("tab", name="Tokens").click()
    settle(page)
    no_exception(page)
    _assert_not_pwned(page)

    # the step inspector draws the corpus's words in its figures and markdown
    page.goto(f"{app_server}/step_inspector")
    page.get_by_role("heading", name=re.compile("Step inspector")).wait_for()
    settle(page)
    page.get_by_role("button", name="Step ×10", exact=True).click()
    page.get_by_text(re.compile(r"Step 10 · epoch")).wait_for()
    settle(page)
    no_exception(page)
    _assert_not_pwned(page)


def test_markup_in_an_imported_vector_file_is_shown_as_text(app_server, page, tmp_path):
    vectors = np.random.default_rng(0).normal(size=(len(VECTOR_WORDS), 4)).astype(np.float32)
    path = tmp_path / f"{TAG_NAME}.txt"
    path.write_bytes(to_word2vec_bytes(VECTOR_WORDS, vectors, binary=False))

    page.goto(f"{app_server}/training")
    page.get_by_role("heading", name=re.compile("Training")).first.wait_for()
    settle(page)
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="word2vec text or binary")
    upload(page, uploader, path)
    page.get_by_role("button", name="Explore these vectors").click()
    settle(page)
    page.get_by_text(re.compile(r"V = 5 words, N = 4")).first.wait_for()
    for tab in ("Neighbours & analogies", "Similarity heatmap", "PCA over time"):
        page.get_by_role("tab", name=tab).click()
        settle(page)
        no_exception(page)
        _assert_not_pwned(page)
    body = page.locator("body").inner_text()
    assert "img src=x onerror" in body      # shown, as text
