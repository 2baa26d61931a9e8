"""Time one Word2Vec.step for every variant at V=1000, N=100, C=4.

Targets (issue: the engine): at most 0.3 ms for HS and NS, 1 ms for full softmax.
Prints the figures and writes them to bench/results_step.md.
Run: python bench/bench_step.py
"""
import datetime
import itertools
import os
import platform
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from w2v_core import ARCHS, OUTPUTS, Vocabulary, Word2Vec  # noqa: E402

V, N, C, REPEATS = 1000, 100, 4, 2000
TARGET_MS = {"softmax": 1.0, "hs": 0.3, "ns": 0.3}


def zipf_vocabulary(V):
    counts = np.maximum(1, (100_000 / np.arange(1, V + 1)).astype(int))
    return Vocabulary([f"w{i}" for i in range(V)], counts)


def time_steps(model, rng):
    centers = rng.integers(0, V, REPEATS)
    contexts = rng.integers(0, V, (REPEATS, C))
    for i in range(50):                                  # warm up
        model.step(int(centers[i]), contexts[i].tolist(), 0.025)
    times = []
    for i in range(REPEATS):
        ctx = contexts[i].tolist()
        t0 = time.perf_counter()
        model.step(int(centers[i]), ctx, 0.025)
        times.append(time.perf_counter() - t0)
    return np.array(times) * 1e3


def main():
    vocab = zipf_vocabulary(V)
    rows = []
    for arch, output in itertools.product(ARCHS, OUTPUTS):
        model = Word2Vec(vocab, dim=N, arch=arch, output=output, negative=5, seed=0, init="random")
        ms = time_steps(model, np.random.default_rng(0))
        med, p95 = statistics.median(ms), float(np.percentile(ms, 95))
        ok = "yes" if med <= TARGET_MS[output] else "NO"
        rows.append(f"| {arch} | {output} | {med:.3f} | {p95:.3f} | {TARGET_MS[output]} | {ok} |")
        print(rows[-1], flush=True)
    header = (f"# One step() per variant\n\nV={V}, N={N}, C={C}, k=5, {REPEATS} timed steps each "
              f"(after 50 warm-up), float64.\nMachine: {platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}; "
              f"run {datetime.date.today()}.\n\n"
              "| arch | output | median ms | p95 ms | target ms | met |\n|---|---|---|---|---|---|\n")
    with open(os.path.join(os.path.dirname(__file__), "results_step.md"), "w") as f:
        f.write(header + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
