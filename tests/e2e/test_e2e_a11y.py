"""WCAG 2.1 AA in a real Chromium: axe-core on every page and every Step inspector panel,
presenter on and off, Step in phases with the quiz, and the Training page after a short
training; then the keyboard alone: Tab reaches Step, the panel picker, the switches, and
each works with Enter or Space; focus is visible; the single-key shortcuts can be turned off.

axe-core comes from npm (tests/e2e/package.json, installed by scripts/test.sh) and is injected
from disk. Streamlit's own sidebar navigation is left out of the scan: its grouped page list
puts <div>s between <ul> and <li> ("list", "listitem"), which the README's accessibility
statement names; everything else must have no violation at any impact.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from e2e_helpers import STEP_BUTTON, new_page, no_exception, panel, presenter, settle, switch

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NAV = '[data-testid="stSidebarNav"]'
PAGES = ["", "lesson", "live_class", "corpus_lab", "step_inspector", "worksheet",
         "hierarchical_softmax", "negative_sampling", "subsampling", "three_outputs", "training"]
PANELS = ["Network", "Forward pass", "Errors", "Updates", "Hand-check sheet", "Equations",
          "Loss", "Check", "Probe", "Overview"]
RUN = """async ([tags, nav]) => {
  const r = await axe.run({exclude: [[nav]]}, {runOnly: {type: "tag", values: tags}});
  return r.violations.map(v => ({rule: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " +
                                   (n.failureSummary || "").split("\\n").slice(1, 2).join(""))}));
}"""


@pytest.fixture(scope="module")
def axe_path():
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: scripts/test.sh installs axe-core with npm")
    return str(AXE)


def _violations(page, axe_path: str, where: str) -> list[str]:
    settle(page)
    page.wait_for_timeout(300)                   # charts drawn, the a11y script has run
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=axe_path)
    found = page.evaluate(RUN, [TAGS, NAV])
    return [f"{where}: {v['rule']} ({v['impact']}): {v['nodes']}" for v in found]


def test_every_page_has_no_violation_in_the_projects_content(app_server, browser, axe_path):
    context, page = new_page(browser)
    faults = []
    try:
        for path in PAGES:
            page.goto(f"{app_server}/{path}")
            faults += _violations(page, axe_path, path or "home")
            page.wait_for_function("() => / · word2vec, step by step$/.test(document.title)")
    finally:
        context.close()
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("presenting", [False, True])
def test_every_panel_phases_and_quiz_have_no_violation(app_server, browser, axe_path, presenting):
    context, page = new_page(browser)
    faults = []
    try:
        page.goto(f"{app_server}/step_inspector?corpus=eat_drink&eta=0.1x2")
        settle(page)
        presenter(page, presenting)
        for name in PANELS:
            panel(page, name).click()
            faults += _violations(page, axe_path, f"presenter={presenting} {name}")
        if not presenting:
            switch(page, "insp_phased", "Step in phases").click()
            settle(page)
            switch(page, "insp_quiz", "Quiz me").click()
            settle(page)
            for phase in range(3):
                faults += _violations(page, axe_path, f"phases, quiz, before phase {phase + 1}")
                page.locator(STEP_BUTTON).click()
    finally:
        context.close()
    assert not faults, "\n".join(faults)


def test_the_training_page_after_a_short_training(app_server, browser, axe_path):
    context, page = new_page(browser)
    try:
        page.goto(f"{app_server}/training")
        settle(page)
        page.locator(".st-key-tr_train button").click()
        page.locator(".st-key-tr_train button[disabled]").wait_for()          # training ...
        page.locator(".st-key-tr_train button:not([disabled])").wait_for()   # ... done
        faults = _violations(page, axe_path, "training, trained")
        # the PCA figure's snapshots by keyboard: the page's slider takes ← and →
        thumb = page.locator(".st-key-tr_snapshot input[type=range]")
        last = int(thumb.input_value())
        thumb.focus()
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("(v) => document.querySelector('.st-key-tr_snapshot "
                               "input[type=range]')?.value === v", arg=str(last - 1))
        settle(page)
        page.wait_for_function("(v) => document.querySelector('.st-key-tr_pca .js-plotly-plot')"
                               "?.layout?.sliders?.[0]?.active === v", arg=last - 1)
        assert page.evaluate(FOCUSED)["outline"]
    finally:
        context.close()
    assert not faults, "\n".join(faults)


FOCUSED = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return {text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          colour: s.outlineColor}; }"""


def _tab_to(page, name: str, most: int = 80) -> dict:
    """Tab until the focused element's text is ``name`` (a shown shortcut key may follow)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if re.fullmatch(re.escape(name) + r"(\s+\S)?", " ".join(now["text"].split())):
            return now
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_keyboard_alone_steps_and_sees_where_it_is(app_server, browser):
    context, page = new_page(browser)
    try:
        page.goto(f"{app_server}/step_inspector")
        settle(page)
        page.locator("h1").first.click()                  # start from the top of the page
        step = _tab_to(page, "Step")
        assert step["outline"] and step["colour"] in ("rgb(26, 26, 26)",), step
        page.keyboard.press("Enter")
        page.get_by_text(re.compile(r"^Step 1 · epoch")).first.wait_for()
        settle(page)
        picker = _tab_to(page, "Network")             # the picker: one Tab stop, arrows inside
        assert picker["outline"], picker
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Space")
        page.get_by_role("radio", name="Forward pass", checked=True).wait_for()
        settle(page)
        # the chart of the panel says in words what it shows (ui/figures/describe.py)
        # (waited for: the Network panel's chart may still be leaving the page)
        page.wait_for_function("""() => [...document.querySelectorAll('.w2v-chart[role=img]')]
            .some((c) => /bars from -?\\d/.test(c.getAttribute('aria-label') || ''))""")
        # the single-key shortcuts: S steps; with the switch off it does nothing
        page.locator("h1").first.click()
        page.keyboard.press("s")
        page.get_by_text(re.compile(r"^Step 2 · epoch")).first.wait_for()
        settle(page)
        page.get_by_text("Single-key shortcuts", exact=True).click()
        settle(page)
        page.locator("h1").first.click()
        page.keyboard.press("s")
        page.wait_for_timeout(800)
        settle(page)
        assert page.get_by_text(re.compile(r"^Step 2 · epoch")).count()
        assert not page.get_by_text(re.compile(r"^Step 3 · epoch")).count()
        # the live region says what the step did
        said = page.evaluate("() => document.getElementById('w2v-live')?.textContent")
        assert said and said.startswith("Step 2:") and "loss E" in said, said
    finally:
        context.close()


ON_PRESENTER = "() => !!document.activeElement?.closest('.st-key-presenter')"


def test_presenter_on_by_keyboard_keeps_the_focus_on_its_switch(app_server, browser):
    """2.4.3: Space on the Presenter switch redraws the page (the switch moves to the
    presenter bar); the focus stays on the switch, not at the top of the page."""
    context, page = new_page(browser)
    try:
        page.goto(f"{app_server}/step_inspector")
        settle(page)
        page.locator(".st-key-presenter input").focus()
        page.keyboard.press("Space")
        page.get_by_role("button", name="Settings").wait_for()          # the presenter bar
        settle(page)
        page.wait_for_function(ON_PRESENTER, timeout=20_000)
        assert page.evaluate(FOCUSED)["outline"]
        page.keyboard.press("Space")                                      # and off again
        page.get_by_role("heading", name="Step inspector").wait_for()
        settle(page)
        page.wait_for_function(ON_PRESENTER, timeout=20_000)
    finally:
        context.close()


def test_the_keyboard_alone_answers_the_quiz_undoes_and_downloads(app_server, browser):
    """Tab and Space/Enter: the phase switches, a quiz answer, Step, Undo, a download."""
    context, page = new_page(browser)
    try:
        page.goto(f"{app_server}/step_inspector")
        settle(page)
        page.locator("h1").first.click()
        for key in ("insp_phased", "insp_quiz"):           # Step in phases, Quiz me: Space
            switch = page.locator(f".st-key-{key} input:not([disabled])")
            switch.focus()
            page.keyboard.press("Space")
            page.wait_for_function("(k) => document.querySelector(`.st-key-${k} input`)"
                                   "?.checked", arg=key)
            settle(page)
        page.locator('[data-testid="stRadio"]').first.wait_for()            # the question
        page.locator("h1").first.click()
        _tab_to_radio(page)                                        # the question's options
        page.keyboard.press("Space")
        settle(page)
        _tab_to(page, "Step")
        page.keyboard.press("Enter")
        page.get_by_text("Phase 1 of 3").wait_for()
        settle(page)
        page.get_by_text(re.compile(r"^(Right|Not quite)")).first.wait_for()
        page.locator("h1").first.click()
        undo = _tab_to(page, "Undo")
        assert undo["outline"], undo
        page.keyboard.press("Enter")
        settle(page)
        page.wait_for_function("() => !document.body.innerText.includes('Phase 1 of 3')")
        # a download by keyboard: the Hand-check sheet of a step
        page.goto(f"{app_server}/step_inspector?eta=0.1x1&panel=Hand-check+sheet")
        settle(page)
        page.get_by_text("Download CSV", exact=True).wait_for()
        page.locator("h1").first.click()
        download = _tab_to(page, "Download CSV", most=160)
        assert download["outline"], download
        with page.expect_download() as got:
            page.keyboard.press("Enter")
        assert got.value.suggested_filename.endswith(".csv")
        no_exception(page)
    finally:
        context.close()


def _tab_to_radio(page, most: int = 120) -> None:
    """Tab until a radio option (the quiz's) has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.type === 'radio'"):
            return
    raise AssertionError("Tab never reached the quiz's options")
