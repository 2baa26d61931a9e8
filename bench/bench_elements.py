"""What a rerun sends: the size of every element on the page after a Step, on a student's own
text of about 5,000 distinct words, for each output layer and each inspector panel, and for
every page (AppTest from app.py; the element protos as the server sends them).

Target (issue "Any vocabulary, any tab"): at most 300 KB per page after the rerun.
Prints the figures and writes bench/results_elements.md.
Run: python bench/bench_elements.py [--words 5000]
"""
from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))
import apptest  # noqa: E402
from test_app_large_vocabulary import PAGES, PANELS, large_text  # noqa: E402
from w2v_core.lab import Lab, LabSettings  # noqa: E402

RESULTS = HERE / "results_elements.md"
LIMIT_KB = 300


def measure(words: int) -> list[tuple]:
    text = large_text(words)
    rows = []
    for output in ("softmax", "hs", "ns"):
        lab = Lab.from_text(text, LabSettings(output=output))
        at = apptest.open_page("pages/step_inspector.py", lab=lab, name="a large text",
                               timeout=300)
        at.button(key="insp_step1").click().run()
        for panel in PANELS:
            at.session_state["insp_tab"] = panel
            t0 = time.perf_counter()
            at.run()
            ms = (time.perf_counter() - t0) * 1000
            rows.append((f"Step inspector, {output}", panel, apptest.element_bytes(at) / 1024, ms))
            print(f"{rows[-1][0]:<28} {panel:<18} {rows[-1][2]:7.1f} KB  {ms:6.0f} ms", flush=True)
    for page in PAGES:
        t0 = time.perf_counter()
        at = apptest.open_page(page, lab=Lab.from_text(text), name="a large text", timeout=300)
        ms = (time.perf_counter() - t0) * 1000
        rows.append((page, "(whole page)", apptest.element_bytes(at) / 1024, ms))
        print(f"{page:<28} {'':<18} {rows[-1][2]:7.1f} KB  {ms:6.0f} ms", flush=True)
    return rows


def write(rows, words: int) -> None:
    worst = max(r[2] for r in rows)
    lines = ["# Elements a rerun sends, on a student's own large text", "",
             f"Date: {datetime.date.today()} · a generated text of {words:,} distinct words "
             "(Zipf-like counts), default settings (N = 3) · AppTest from app.py; KB = the sum "
             "of the page's element protos after the run (sidebar included); ms = the script "
             "run in AppTest (server side only).", "",
             "| page | panel | KB | run (ms) |", "|---|---|---:|---:|"]
    lines += [f"| {p} | {panel} | {kb:.1f} | {ms:.0f} |" for p, panel, kb, ms in rows]
    lines += ["", f"Largest: {worst:.1f} KB (target {LIMIT_KB} KB: "
              f"{'met' if worst <= LIMIT_KB else 'MISSED'})."]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=5000)
    args = ap.parse_args()
    write(measure(args.words), args.words)


if __name__ == "__main__":
    main()
