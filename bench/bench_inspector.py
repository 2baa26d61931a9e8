"""Server-side time of a Step click on the Step inspector, and one user's session-state size.

Target (issue: the Step inspector): median at most 100 ms for a Step rerun on the default
preset, and under 10 MB of session state per user, so one small server holds a class.

AppTest reruns the whole script on every click (app.py, the sidebar, the controls and the
fragment), while a browser click reruns only the fragment, so these figures are an upper
bound. Three clocks per click, for each tab being open:
- "fragment": the body of the page's st.fragment (buttons, Step, instance, metrics, open tab),
- "script": the whole script run in Streamlit's script thread (wall time),
- "AppTest": click().run() as the test sees it (adds AppTest's polling and tree parsing).
Session state: pickle of every session-state value after one epoch (the history is full).

Prints the figures and writes them to bench/results_inspector.md.
Run: python bench/bench_inspector.py
"""
import datetime
import logging
import os
import pickle
import platform
import statistics
import sys
import time

import numpy as np
import streamlit as st
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from ui import state  # noqa: E402

TABS = ("Forward pass", "Errors", "Updates", "Equations", "Loss", "Check")
WARMUP, CLICKS = 5, 40
TARGET_MS, TARGET_MB = 100.0, 10.0
CLOCKS = {"fragment": [], "script": []}


def _install_clocks():
    """Time the fragment body and the script run without touching the page."""
    make_fragment = st.fragment

    def timed_fragment(func=None, **kw):
        def wrap(f):
            frag = make_fragment(f, **kw)

            def run(*a, **k):
                t0 = time.perf_counter()
                try:
                    return frag(*a, **k)
                finally:
                    CLOCKS["fragment"].append(time.perf_counter() - t0)
            return run
        return wrap(func) if func is not None else wrap

    st.fragment = timed_fragment
    run_script = script_runner.ScriptRunner._run_script

    def timed_run(self, rerun_data):
        t0 = time.perf_counter()
        try:
            return run_script(self, rerun_data)
        finally:
            CLOCKS["script"].append(time.perf_counter() - t0)

    script_runner.ScriptRunner._run_script = timed_run


def _stats(seconds):
    ms = np.asarray(seconds) * 1e3
    return statistics.median(ms), float(np.percentile(ms, 95))


def time_tabs(at):
    rows = {}
    for tab in TABS:
        at.session_state["insp_tab"] = tab
        at.run()
        wall = []
        for n in range(WARMUP + CLICKS):
            for clock in CLOCKS.values():
                clock.clear()
            t0 = time.perf_counter()
            at.button(key="insp_step1").click().run()
            if n >= WARMUP:
                wall.append(time.perf_counter() - t0)
                rows.setdefault(tab, {"fragment": [], "script": [], "AppTest": wall})
                rows[tab]["fragment"] += CLOCKS["fragment"]
                rows[tab]["script"] += CLOCKS["script"]
        assert not at.exception, at.exception
    return rows


def session_megabytes(at):
    values = at.session_state.to_dict()
    total = len(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL))
    lab = values[state.LAB]
    arrays = sum(v.nbytes for _, _, tr in lab.history for v in vars(tr).values()
                 if isinstance(v, np.ndarray))
    return total / 1e6, arrays / 1e6, len(lab.history), lab.steps_done


def main():
    logging.disable(logging.WARNING)
    _install_clocks()
    at = AppTest.from_file(os.path.join(ROOT, "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/step_inspector.py")
    at.run()
    rows = time_tabs(at)
    at.session_state["insp_tab"] = "Forward pass"
    at.button(key="insp_epoch").click().run()
    mb, history_mb, kept, steps = session_megabytes(at)

    lines = ["| open tab | fragment median / p95 ms | script median / p95 ms | "
             "AppTest click median / p95 ms | target met (script median) |",
             "|---|---|---|---|---|"]
    for tab, clocks in rows.items():
        f, s, a = (_stats(clocks[k]) for k in ("fragment", "script", "AppTest"))
        ok = "yes" if s[0] <= TARGET_MS else "NO"
        lines.append(f"| {tab} | {f[0]:.1f} / {f[1]:.1f} | {s[0]:.1f} / {s[1]:.1f} | "
                     f"{a[0]:.1f} / {a[1]:.1f} | {ok} |")
    lines += ["", f"Session state after {steps:,} steps (the clicks above, then One epoch to "
                  f"the end of epoch 1): **{mb:.2f} MB** pickled (target < {TARGET_MB:g} MB: "
                  f"{'yes' if mb < TARGET_MB else 'NO'}); the Undo history holds {kept} steps, "
                  f"{history_mb:.2f} MB of arrays."]
    header = ("# Step inspector: a Step click, server side\n\n"
              f"Default preset, default settings (skip-gram, full softmax, N = 10); {CLICKS} Step "
              f"clicks per open tab after {WARMUP} warm-up clicks, through AppTest (a full rerun; "
              "a browser click reruns only the fragment).\n"
              f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, Streamlit {st.__version__}; "
              f"run {datetime.date.today()}.\n\n")
    text = header + "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results_inspector.md"),
              "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
