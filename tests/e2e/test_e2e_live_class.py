"""A live class in Chromium: a lecturer at 1280 x 720 (the projector) and a student on a phone
(390 x 844), one server. The student joins by the link the lecturer's page shows, follows
the lecturer's Step within 2 s, votes, sees the histogram and the reveal, goes on their own
and follows again; the QR code on the projector decodes to the join link; the class ends.
Screenshots: /tmp/live_class_projector.png, /tmp/live_class_student*.png (looked at by a person).
"""
from __future__ import annotations

import io
import re
import statistics
import tempfile
import time
from pathlib import Path

import pytest

from e2e_helpers import STEP_BUTTON, new_page, no_exception, settle, sidebar_text, switch

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
SHOTS = Path(tempfile.gettempdir())
FOLLOW_SECONDS = 2.0


def _scene(step: int, phase: int) -> re.Pattern:
    return re.compile(rf"Class \w{{6}} · step {step} · phase {phase} of 3")


def _wait_scene(student, step: int, phase: int) -> float:
    """Seconds until the student's heading shows (step, phase)."""
    t0 = time.perf_counter()
    student.get_by_text(_scene(step, phase)).wait_for()
    return time.perf_counter() - t0


def _start_class(lecturer, url: str) -> str:
    lecturer.goto(f"{url}/step_inspector")
    lecturer.get_by_text("Press Step to take one SGD step").wait_for()
    for key, label in (("insp_phased", "Step in phases"), ("insp_quiz", "Quiz me")):
        switch(lecturer, key, label).click()
        settle(lecturer)
    lecturer.get_by_role("button", name="Start a class").click()
    code = lecturer.get_by_text(re.compile(r"^Class \w{6}$")).first
    code.wait_for()
    return code.inner_text().split()[1]


QR_DRAWN = """() => [...document.querySelectorAll('[data-testid="stImage"] img')]
    .some(i => i.complete && i.naturalWidth > 0)
    && !document.querySelector('[data-stale="true"]')"""


def _decode_qr(png: bytes) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp", reason="the QR decoder is a test requirement")
    from PIL import Image
    return [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]


def test_a_lecturer_and_a_student_on_a_phone(app_server, browser):
    lecturer_ctx, lecturer = new_page(browser)
    phone_ctx, student = new_page(browser, PHONE)
    try:
        _class(lecturer, student, app_server)
    except Exception:
        lecturer.screenshot(path=SHOTS / "live_class_failed_lecturer.png")
        student.screenshot(path=SHOTS / "live_class_failed_student.png")
        lecturer.screenshot(path=SHOTS / "live_class_failed_lecturer_full.png", full_page=True)
        raise
    finally:
        lecturer_ctx.close()
        phone_ctx.close()


def _class(lecturer, student, app_server) -> None:
    """The whole lesson, in the order a class meets it."""
    code = _start_class(lecturer, app_server)
    link = f"{app_server}/?class={code}"
    lecturer.get_by_text(link, exact=True).wait_for()
    student.goto(link)
    student.get_by_role("textbox", name="Your name (optional)").fill("Ada <b>")
    student.get_by_role("button", name="Join").click()
    student.get_by_text(f"Class {code} · step 0").wait_for()
    lecturer.get_by_text(re.compile(r"^1 present \(1 joined\)")).wait_for()
    assert f"The lecturer's lab (class {code}): its step is on this page." in sidebar_text(student)

    delays = []
    for phase in (1, 2):
        student.get_by_role("button", name=re.compile(r"^A · ")).wait_for()
        settle(lecturer)
        lecturer.locator(STEP_BUTTON).click()
        delays.append(_wait_scene(student, 1, phase))

    student.get_by_role("button", name=re.compile(r"^B · ")).click()
    student.get_by_text(re.compile(r"^Your answer: B")).wait_for()
    lecturer.get_by_text(re.compile(r"1 answered")).wait_for()
    lecturer.get_by_role("button", name="Show votes").click()
    student.get_by_text(re.compile(r"^Your answer")).wait_for()
    lecturer.locator(".w2v-chart .main-svg").first.wait_for()
    student.locator(".w2v-chart .main-svg").first.wait_for()    # the histogram, without the answer
    student.screenshot(path=SHOTS / "live_class_student_votes.png", full_page=True)

    lecturer.get_by_role("link", name="Live class").click()      # the projector view
    lecturer.get_by_role("button", name="Reveal").wait_for()
    settle(lecturer)
    lecturer.locator(".w2v-chart .main-svg").first.wait_for()
    lecturer.wait_for_function(QR_DRAWN, polling=50)             # its PNG comes from /media
    shot = lecturer.screenshot(path=SHOTS / "live_class_projector.png")
    assert _decode_qr(shot) == [link]
    lecturer.get_by_role("button", name="Reveal").click()
    delays.append(_wait_scene(student, 1, 3))                   # the phase asked about
    assert statistics.median(delays) <= FOLLOW_SECONDS, delays
    student.get_by_text(re.compile(r"^(Right|Not quite)")).wait_for()
    student.screenshot(path=SHOTS / "live_class_student.png")

    student.get_by_role("button", name="Go on my own").click()
    student.get_by_text(re.compile(r"^You are on your own")).wait_for()
    student.get_by_role("button", name="Step", exact=True).click()
    student.get_by_text(re.compile(r"^Step 2 · epoch")).wait_for()
    assert student.get_by_text(_scene(1, 3)).count() == 1       # the class did not move
    assert "Corpus: Eat and drink" in sidebar_text(student)     # the copy stepped
    assert "The lecturer's lab" not in sidebar_text(student)
    student.screenshot(path=SHOTS / "live_class_student_own.png")
    student.get_by_role("button", name="Follow again").click()
    # the class at phase 3, asking before the next forward pass: as on the projector, the
    # next step's instance, and no numbers of the last step (they would answer the question)
    student.get_by_text("The numbers of the forward pass appear when the lecturer presses Step.").wait_for()
    assert student.get_by_text(re.compile(r"^Step 2 · epoch")).count() == 1
    assert "The lecturer's lab" in sidebar_text(student)
    no_exception(student)
    no_exception(lecturer)

    lecturer.get_by_role("button", name="Class", exact=True).click()
    lecturer.get_by_role("button", name="End the class").click()
    student.get_by_text("The class has ended").wait_for()
