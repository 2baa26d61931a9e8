"""A Step as the student's browser sees it: click to settled page, the browser's main-thread
time and the bytes a rerun sends, on the default lab and on a student's own large text.

One `streamlit run app.py` server and one headless Chromium at 1280 x 720 (the projector).
1. Default lab: on the Step inspector, for each panel in turn, press Step STEPS times; then
   the same in presenter mode.
2. A corpus of about 5,000 distinct words (generated, uploaded in the Corpus lab as a
   student would), full softmax: each inspector panel, Step STEPS times; then every page, twice.
Per click: settle (ms, performance.now() in the page, from the click until "Step n" shows
and Streamlit is idle), main-thread time (ms, CDP TaskDuration), KiB received over the
websocket. Targets (issue "Any vocabulary, any tab"): default lab median settle <= 150 ms and
main thread <= 150 ms per click; large vocabulary: every click settles within 1.5 s.
Prints the figures and writes bench/results_browser.md.
Run: python bench/bench_browser.py [--steps 8] [--words 5000]
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "e2e"))
sys.path.insert(0, str(HERE.parent))
from browser_probe import Probe  # noqa: E402
from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, PROJECTOR, serve, settle, upload  # noqa: E402

RESULTS = HERE / "results_browser.md"
PAGES = ["Corpus lab", "Hierarchical softmax", "Negative sampling", "Subsampling",
         "One instance, three output layers", "Training", "Step inspector"]


def large_text(words: int, seed: int = 0) -> str:
    """A text with about ``words`` distinct words, Zipf-like counts, short sentences."""
    import numpy as np
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}x" for i in range(words)]
    weights = 1.0 / np.arange(1, words + 1)
    draws = rng.choice(words, size=words * 6, p=weights / weights.sum())
    draws[:words] = rng.permutation(words)             # every word at least once
    lines = [" ".join(vocab[i] for i in draws[k:k + 9]) for k in range(0, len(draws), 9)]
    return "\n".join(lines) + "\n"


def panels(page) -> list[str]:
    picker = page.locator(".st-key-insp_tab")                 # the panel picker's buttons
    return [t.inner_text().strip() for t in picker.get_by_role("radio").all()]


def open_panel(page, name: str) -> None:
    page.get_by_role("radio", name=name, exact=True).click()
    settle(page, 120_000)


def step_series(probe: Probe, first: int, steps: int) -> list[dict]:
    return [probe.step(first + i) for i in range(steps)]


def summary(rows: list[dict]) -> dict:
    s = sorted(r["settle_ms"] for r in rows)
    return dict(clicks=len(rows), median=statistics.median(s), p95=s[int(0.95 * (len(s) - 1))],
                max=s[-1], main=statistics.median(r["main_ms"] for r in rows),
                kib=statistics.median(r["kib"] for r in rows))


def inspector_round(page, probe, steps: int, done: int) -> tuple[list, int]:
    out = []
    for name in panels(page):
        open_panel(page, name)
        rows = step_series(probe, done + 1, steps)
        done += steps
        out.append((name, summary(rows)))
        r = out[-1][1]
        print(f"  {name:<22} settle median {r['median']:.0f} ms, p95 {r['p95']:.0f}, max "
              f"{r['max']:.0f}; main thread {r['main']:.0f} ms; {r['kib']:.0f} KiB", flush=True)
    return out, done


def presenter(page) -> None:
    """Switch presenter mode (compact controls, the metrics on one line)."""
    page.get_by_text("Presenter", exact=True).click()
    settle(page, 120_000)
    page.wait_for_function("document.querySelectorAll("
                           "'.st-key-insp_step1 [data-testid^=stBaseButton]').length === 1")


def nav(page, title: str) -> None:
    """Open a page through the sidebar, as a student does (a typed URL starts a new session)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    page.wait_for_timeout(100)
    settle(page, 300_000)


def visit(page, probe, title: str) -> dict:
    task0, bytes0 = probe.task_seconds(), probe.received
    t0 = time.perf_counter()
    nav(page, title)
    ms = (time.perf_counter() - t0) * 1000
    return dict(ms=ms, main=(probe.task_seconds() - task0) * 1000,
                kib=(probe.received - bytes0) / 1024)


def run(url: str, steps: int, words: int) -> dict:
    from playwright.sync_api import sync_playwright
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PROJECTOR)
        page = context.new_page()
        page.set_default_timeout(300_000)
        page.goto(f"{url}/step_inspector")
        page.locator(".st-key-insp_step1 [data-testid^=stBaseButton]").wait_for()
        settle(page, 120_000)
        probe = Probe(page)
        step_series(probe, 1, 3)                     # warm-up: imports, first figures
        print("default lab:", flush=True)
        results["default"], done = inspector_round(page, probe, steps, 3)
        print("default lab, presenter mode (the lecture):", flush=True)
        presenter(page)
        results["presenter"], done = inspector_round(page, probe, steps, done)
        presenter(page)                               # off again for the rest

        print(f"a {words:,}-word upload, full softmax:", flush=True)
        nav(page, "Corpus lab")
        page.get_by_text("Upload .txt", exact=True).click()
        settle(page)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "student_text.txt"
            path.write_text(large_text(words), encoding="utf-8")
            uploader = page.locator('[data-testid="stFileUploader"]').first
            upload(page, uploader, path)
            page.get_by_role("button", name="Use this file").click()
            settle(page, 300_000)
        nav(page, "Step inspector")
        page.locator(".st-key-insp_step1 [data-testid^=stBaseButton]").wait_for()
        probe.step(1)
        results["large"], _ = inspector_round(page, probe, steps, 1)
        results["pages"] = []
        for visit_no in (1, 2):          # the first visit also loads the page's widget code
            for p in PAGES:
                r = visit(page, probe, p)
                results["pages"].append((p, visit_no, r))
                print(f"  page {p:<22} visit {visit_no}: {r['ms']:.0f} ms to settle, main "
                      f"thread {r['main']:.0f} ms, {r['kib']:.0f} KiB", flush=True)
        browser.close()
    return results


def write(results: dict, steps: int, words: int, load: tuple) -> None:
    d = results["default"]
    med = statistics.median(r["median"] for _, r in d)
    main = statistics.median(r["main"] for _, r in d)
    worst = max(r["max"] for _, r in results["large"])
    lines = [
        "# Browser benchmark: a Step click as the student's browser sees it", "",
        f"Date: {datetime.date.today()} · {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()} · load average before the run {load[0]:.2f}, after "
        f"{load[1]:.2f} · one `streamlit run app.py`, one headless Chromium at 1280 x 720.", "",
        "Per click: **settle** = performance.now() in the page from the click until \"Step n\" "
        "shows and Streamlit's status widget is gone; **main thread** = the change of Chromium's "
        "TaskDuration (CDP Performance.getMetrics: every task of the renderer's main thread); "
        "**KiB** = websocket frames received. Medians over "
        f"{steps} clicks per panel.", "",
        "## The default lab, each panel of the Step inspector", "",
        "| panel | median settle (ms) | p95 | max | main thread (ms) | KiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {n} | {r['median']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | {r['main']:.0f} | "
              f"{r['kib']:.0f} |" for n, r in d]
    lines += ["", f"Over the panels: median settle {med:.0f} ms (target 150: "
              f"{'met' if med <= 150 else 'MISSED'}), median main thread {main:.0f} ms (target 150: "
              f"{'met' if main <= 150 else 'MISSED'}).", "",
              "## The same in presenter mode (what a lecturer projects)", "",
              "| panel | median settle (ms) | p95 | max | main thread (ms) | KiB |",
              "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {n} | {r['median']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | {r['main']:.0f} | "
              f"{r['kib']:.0f} |" for n, r in results["presenter"]]
    p_med = statistics.median(r["median"] for _, r in results["presenter"])
    p_main = statistics.median(r["main"] for _, r in results["presenter"])
    lines += ["", f"Over the panels: median settle {p_med:.0f} ms, median main thread "
              f"{p_main:.0f} ms.", "",
              f"## A student's own text: {words:,} distinct words uploaded, full softmax", "",
              "| panel | median settle (ms) | p95 | max | main thread (ms) | KiB |",
              "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {n} | {r['median']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | {r['main']:.0f} | "
              f"{r['kib']:.0f} |" for n, r in results["large"]]
    lines += ["", f"Slowest click: {worst:.0f} ms (target 1,500: "
              f"{'met' if worst <= 1500 else 'MISSED'}).", "",
              "Opening each page on that corpus through the sidebar (click to settled), twice: "
              "the first visit also loads the code of the page's widgets and charts once per "
              "tab.", "",
              "| page | visit | settle (ms) | main thread (ms) | KiB |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {p} | {n} | {r['ms']:.0f} | {r['main']:.0f} | {r['kib']:.0f} |"
              for p, n, r in results["pages"]]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--words", type=int, default=5000)
    args = ap.parse_args()
    load0 = os.getloadavg()[0]
    with serve() as (url, _):
        results = run(url, args.steps, args.words)
    write(results, args.steps, args.words, (load0, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
