"""Why a Step's chart costs the browser 100+ ms, and what a kept chart would save.

Streamlit (1.67) hashes a plotly_chart's spec into its element id, so every Step that changes
a figure mounts a new chart: Plotly.newPlot from scratch, never Plotly.react. This bench
measures that in headless Chromium on a minimal app (one Step button in a fragment, the step
number, one 10 x 40 heatmap with a number in each cell, new numbers on every click), three ways:
- "no chart": the floor of a fragment rerun;
- "st.plotly_chart": what the app's panels do today;
- "kept chart": an st.components.v2 component that keeps its div and calls Plotly.react with
  the new figure (plotly.min.js from the installed plotly package, served by Streamlit's
  static serving from a temporary app folder; nothing is downloaded).
Per click: settle and main-thread time as in bench_browser.py (bench/browser_probe.py).
Prints the figures and writes bench/results_chart_remount.md.
Run: python bench/bench_chart_remount.py [--clicks 12]
"""
from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "e2e"))
from browser_probe import Probe  # noqa: E402
from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, PROJECTOR, free_port, healthy, settle  # noqa: E402

RESULTS = HERE / "results_chart_remount.md"
WAYS = {"0": "no chart", "1": "st.plotly_chart", "2": "kept chart (Plotly.react)"}
APP = '''
import numpy as np
import plotly.graph_objects as go
import streamlit as st

JS = """
export default function(component) {
  const { data, parentElement } = component;
  const draw = () => {
    const f = JSON.parse(data);
    window.Plotly.react(parentElement.querySelector(".plot"), f.data, f.layout,
                        {displayModeBar: false});
  };
  if (window.Plotly) { draw(); return; }
  window.plotlyLoading ??= new Promise(done => {
    const s = document.createElement("script");
    s.src = "./app/static/plotly.min.js"; s.onload = done; document.head.appendChild(s);
  });
  window.plotlyLoading.then(draw);
}
"""
kept = st.components.v2.component("kept", html="<div class='plot'></div>", js=JS,
                                  isolate_styles=False)
way = st.query_params.get("way", "0")


@st.fragment
def step():
    st.session_state.setdefault("n", 0)
    if st.button("Step", key="insp_step1"):
        st.session_state.n += 1
    st.markdown(f"**Step {st.session_state.n}**")
    rng = np.random.default_rng(st.session_state.n)
    fig = go.Figure(go.Heatmap(z=rng.random((10, 40)), texttemplate="%{z:.2f}"))
    fig.update_layout(height=400)
    if way == "1":
        st.plotly_chart(fig)
    elif way == "2":
        kept(key="kept", data=fig.to_json(), height=400)


step()
'''
CONFIG = """[server]
headless = true
enableStaticServing = true
fileWatcherType = "none"
[browser]
gatherUsageStats = false
[runner]
postScriptGC = false
"""


def app_folder(root: Path) -> None:
    """The minimal app, the app's own server settings, plotly.min.js to serve (a copy:
    Streamlit's static serving refuses a symlink)."""
    import plotly
    (root / "app.py").write_text(APP, encoding="utf-8")
    (root / ".streamlit").mkdir()
    (root / ".streamlit" / "config.toml").write_text(CONFIG, encoding="utf-8")
    (root / "static").mkdir()
    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", root / "static")


def measure(url: str, clicks: int) -> dict:
    from playwright.sync_api import sync_playwright
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for way, title in WAYS.items():
            page = browser.new_context(viewport=PROJECTOR).new_page()
            page.goto(f"{url}/?way={way}")
            page.locator(".st-key-insp_step1 [data-testid^=stBaseButton]").wait_for()
            settle(page, 120_000)
            probe = Probe(page)
            rows = [probe.step(n) for n in range(1, clicks + 3)][2:]        # 2 warm-up clicks
            drawn = page.evaluate("() => document.querySelectorAll("
                                  "'.stPlotlyChart svg, .plot svg').length")
            if way != "0" and not drawn:
                raise RuntimeError(f"{title}: no chart was drawn")
            out[title] = dict(settle=statistics.median(r["settle_ms"] for r in rows),
                              main=statistics.median(r["main_ms"] for r in rows))
            print(f"  {title:<28} settle {out[title]['settle']:.0f} ms, main thread "
                  f"{out[title]['main']:.0f} ms", flush=True)
            page.context.close()
        browser.close()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clicks", type=int, default=12)
    args = ap.parse_args()
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        app_folder(root)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py",
                                   "--server.port", str(port), "--server.address", "127.0.0.1"],
                                  cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while not healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the bench's streamlit server did not start")
                time.sleep(0.25)
            results = measure(url, args.clicks)
        finally:
            server.terminate()
            server.wait(timeout=10)
    lines = ["# A Step's chart: mounted anew (st.plotly_chart) or kept (Plotly.react)", "",
             f"Date: {datetime.date.today()} · {os.cpu_count()} cores · load average before "
             f"{load0:.2f}, after {os.getloadavg()[0]:.2f} · `python bench/bench_chart_remount.py`"
             f" · one headless Chromium at 1280 x 720 · medians of {args.clicks} clicks.", "",
             "A minimal app: a Step button in a fragment, the step number, one 10 x 40 heatmap "
             "with a number in each cell (new numbers each click).", "",
             "| chart | median settle (ms) | main thread (ms) |", "|---|---:|---:|"]
    lines += [f"| {t} | {r['settle']:.0f} | {r['main']:.0f} |" for t, r in results.items()]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
