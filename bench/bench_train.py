"""Benchmark of w2v_core.trainer against gensim's Word2Vec (compiled, workers=1).

Run it in one go:  python bench/bench_train.py   (about 10 minutes on 2 cores)
It writes bench/results_train.json (every run) and bench/results_train.md (the summary).

Every training runs in a fresh subprocess, so peak RSS (``ru_maxrss``) is whole-process, and
runs alternate ours, gensim, ours, gensim, ... so that load from other programs hits both.
Both sides get the same token lists (w2v_core's tokenizer) and the same settings; BLAS is
held to one thread on both sides (gensim's workers=1 is one training thread too).

- Throughput: head500.noblanks.cor (331k words, shipped with gensim): all six variants,
  SG and CBOW with NS, HS and (ours only: gensim has none) full softmax; dim 100, window 5,
  5 negatives, sample 1e-3, min_count 5, 5 epochs. words/second = (in-vocabulary corpus
  words x epochs) / seconds spent in the training call (vocabulary building excluded on both
  sides); the median over the repeats. Full softmax costs O(V) per prediction, so its runs
  stop early (a progress callback) after ``SOFTMAX_WORDS`` words and count the words done.
  Targets: SG-NS >= 1.0x, CBOW-NS >= 1.0x, SG-HS >= 0.7x.
- Quality: lee_background.cor (60k words): for gensim's 300 most frequent words, the overlap
  of the top-10 cosine neighbours between our vectors and gensim's, over the agreement
  between two gensim seeds (3 seeds a side). Target: SG-NS >= 0.9x.
- Memory: the largest peak RSS of our head500 runs. Target: < 500 MB.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
VARIANTS = {"sg-ns": ("skipgram", "ns"), "cbow-ns": ("cbow", "ns"),
            "sg-hs": ("skipgram", "hs"), "cbow-hs": ("cbow", "hs"),
            "sg-softmax": ("skipgram", "softmax"), "cbow-softmax": ("cbow", "softmax")}
SOFTMAX_WORDS = {"sg-softmax": 10_000, "cbow-softmax": 30_000}   # corpus words, then stop
TARGETS = {"sg-ns": 1.0, "cbow-ns": 1.0, "sg-hs": 0.7}           # ours / gensim words per second
SETTINGS = dict(dim=100, window=5, negative=5, sample=1e-3, min_count=5, epochs=5, alpha=0.025)


def corpus_path(name: str) -> str:
    from gensim.test.utils import datapath
    return datapath({"head500": "head500.noblanks.cor", "lee": "lee_background.cor"}[name])


# ---- one training, in its own process ------------------------------------------------------
def worker(args) -> dict:
    sys.path.insert(0, str(ROOT))
    from w2v_core.text import tokenize
    arch, output = VARIANTS[args.variant]
    with open(corpus_path(args.corpus), encoding="utf-8") as f:
        sentences = tokenize(f.read())
    s = SETTINGS
    if args.side == "ours":
        from w2v_core.text import Vocabulary
        from w2v_core.train.trainer import train
        from w2v_core.train.config import StopTraining, TrainConfig
        vocab = Vocabulary.from_sentences(sentences, s["min_count"])
        tree = gensim_tree(sentences, vocab, args.seed) if args.tree == "gensim" else None
        limit = SOFTMAX_WORDS.get(args.variant)

        def stop_early(progress):
            if limit is not None and progress.words_done >= limit:
                raise StopTraining
        from w2v_core.train import sequential
        # numba's import and loading of the cached loop, once per process, before the timer
        # (as gensim's compiled module is imported before its timer); reported apart
        prepare = time.perf_counter()
        if TrainConfig(output=output).compiled:
            sequential.prepare()
        prepare = time.perf_counter() - prepare
        start, cpu = time.perf_counter(), time.process_time()
        result = train(sentences, vocab=vocab, arch=arch, output=output, dim=s["dim"],
                       window=s["window"], negative=s["negative"] if output == "ns" else 0,
                       sample=s["sample"], epochs=s["epochs"], alpha=s["alpha"],
                       seed=args.seed, init_range=args.init_range, tree=tree,
                       callback=stop_early if limit is not None else None)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        words, vectors, done = vocab.words, result.W_in, result.words_done
    else:
        model, prepare = gensim_model(sentences, arch, output, args.seed), 0.0
        start, cpu = time.perf_counter(), time.process_time()
        model.train(sentences, total_examples=model.corpus_count, epochs=s["epochs"])
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        words, vectors = list(model.wv.index_to_key), model.wv.vectors
        done = int(sum(model.wv.get_vecattr(w, "count") for w in words)) * s["epochs"]
    if args.dump:
        np.save(args.dump + ".npy", np.asarray(vectors, dtype=np.float32))
        Path(args.dump + ".json").write_text(json.dumps(words))
    return dict(side=args.side, variant=args.variant, corpus=args.corpus, seed=args.seed,
                train_seconds=seconds, prepare_seconds=prepare, words_done=done,
                words_per_second=done / seconds,
                cpu_seconds=cpu, words_per_cpu_second=done / cpu,
                vocab=len(words),
                max_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def gensim_model(sentences, arch, output, seed):
    from gensim.models import Word2Vec
    s = SETTINGS
    model = Word2Vec(vector_size=s["dim"], window=s["window"], min_count=s["min_count"],
                     sample=s["sample"], sg=int(arch == "skipgram"), hs=int(output == "hs"),
                     negative=s["negative"] if output == "ns" else 0, alpha=s["alpha"],
                     epochs=s["epochs"], seed=seed, workers=1)
    model.build_vocab(sentences)
    return model


def gensim_tree(sentences, vocab, seed):
    """gensim's Huffman codes and points, indexed by our vocabulary (a diagnostic)."""
    from types import SimpleNamespace
    model = gensim_model(sentences, "skipgram", "hs", seed)
    codes = [np.asarray(model.wv.get_vecattr(w, "code")) for w in vocab.words]
    points = [np.asarray(model.wv.get_vecattr(w, "point")) for w in vocab.words]
    return SimpleNamespace(codes=codes, points=points)


# ---- the parent: schedule, measure, report --------------------------------------------------
def run_worker(side, variant, corpus, seed=1, dump=None, init_range=0.5, tree="ours") -> dict:
    cmd = [sys.executable, __file__, "--worker", "--side", side, "--variant", variant,
           "--corpus", corpus, "--seed", str(seed), "--init-range", str(init_range),
           "--tree", tree] + (["--dump", dump] if dump else [])
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **SINGLE_THREAD})
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    record = json.loads(proc.stdout.strip().splitlines()[-1])
    record["process_seconds"] = time.perf_counter() - start
    record.update(init_range=init_range, tree=tree)
    print(f"  {side:6} {variant:7} {corpus:7} seed {seed} ir {init_range} tree {tree}: "
          f"{record['train_seconds']:6.2f} s train ({record['cpu_seconds']:6.2f} s CPU), "
          f"{record['words_per_second']:9,.0f} words/s, "
          f"{record['max_rss_mb']:5.0f} MB", flush=True)
    return record


def neighbours(dump: str, queries: list[str], k: int = 10) -> list[set[str]]:
    sys.path.insert(0, str(ROOT))
    from w2v_core.vectors.similarity import unit_rows
    words = json.loads(Path(dump + ".json").read_text())
    unit = unit_rows(np.load(dump + ".npy"))                                  # (V, N)
    index = {w: i for i, w in enumerate(words)}
    rows = [index[q] for q in queries]
    sims = unit[rows] @ unit.T                                                # (Q, V)
    sims[np.arange(len(rows)), rows] = -np.inf
    top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return [{words[j] for j in row} for row in top]


def agreement(a: list[set[str]], b: list[set[str]]) -> float:
    return float(np.mean([len(x & y) / len(x) for x, y in zip(a, b)]))


def quality(tmp: Path, variant: str, seeds, records, **ours_options) -> dict:
    """Neighbour agreement ours-gensim over gensim-gensim for one variant (runs interleaved)."""
    tag = "-".join(f"{k}{v}" for k, v in ours_options.items())
    ours, theirs = [], []
    for seed in seeds:
        o = str(tmp / f"ours-{variant}-{tag}-{seed}")
        g = str(tmp / f"gensim-{variant}-{seed}")
        records.append(run_worker("ours", variant, "lee", seed, o, **ours_options))
        if not Path(g + ".npy").exists():
            records.append(run_worker("gensim", variant, "lee", seed, g))
        ours.append(o)
        theirs.append(g)
    gensim_words = json.loads(Path(theirs[0] + ".json").read_text())
    queries = gensim_words[:300]                    # gensim's 300 most frequent words
    on, gn = [neighbours(d, queries) for d in ours], [neighbours(d, queries) for d in theirs]
    n = len(seeds)
    gg = np.mean([agreement(gn[i], gn[j]) for i in range(n) for j in range(i + 1, n)])
    og = np.mean([agreement(on[i], gn[j]) for i in range(n) for j in range(n)])
    oo = np.mean([agreement(on[i], on[j]) for i in range(n) for j in range(i + 1, n)])
    return dict(variant=variant, options=ours_options, gensim_gensim=float(gg),
                ours_gensim=float(og), ours_ours=float(oo), ratio=float(og / gg))


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    import gensim
    import scipy
    import numba
    return dict(cores=os.cpu_count(), cpu=cpu, python=platform.python_version(),
                numpy=np.__version__, scipy=scipy.__version__, gensim=gensim.__version__,
                numba=numba.__version__,
                date=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
                load_average_at_start=os.getloadavg())


def main_parent(args):
    info = machine()
    print(f"machine: {info['cores']} cores, {info['cpu']}, load {info['load_average_at_start']}")
    records, throughput, qualities = [], {}, []
    print("throughput on head500 (interleaved ours / gensim):")
    plan = (("sg-ns", args.reps), ("cbow-ns", args.reps), ("sg-hs", args.hs_reps),
            ("cbow-hs", args.hs_reps), ("sg-softmax", args.softmax_reps),
            ("cbow-softmax", args.softmax_reps))
    for variant, reps in plan:
        sides = ("ours",) if variant in SOFTMAX_WORDS else ("ours", "gensim")
        runs = {side: [] for side in sides}
        for _ in range(reps):
            for side in sides:
                r = run_worker(side, variant, "head500")
                records.append(r)
                runs[side].append(r)
        throughput[variant] = x = summary(runs)
        if "gensim" in runs:
            print(f"  -> {variant}: ours {x['ours']:,.0f} words/s, gensim {x['gensim']:,.0f}: "
                  f"{x['ratio']:.2f}x")
        else:
            print(f"  -> {variant}: ours {x['ours']:,.0f} words/s (gensim has none)")
    print("quality on lee_background (top-10 neighbours of gensim's 300 most frequent words):")
    seeds = (1, 2, 3)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plan = [("sg-ns", {}), ("sg-ns", dict(init_range=1.0)), ("cbow-ns", {}),
                ("sg-hs", {}), ("sg-hs", dict(tree="gensim")), ("cbow-hs", {}),
                ("cbow-hs", dict(tree="gensim"))]
        for variant, options in plan:
            q = quality(tmp, variant, seeds, records, **options)
            qualities.append(q)
            print(f"  -> {variant} {options or ''}: ours-gensim {q['ours_gensim']:.3f}, "
                  f"gensim-gensim {q['gensim_gensim']:.3f}, ours-ours {q['ours_ours']:.3f}: "
                  f"{q['ratio']:.2f}x")
    info["load_average_at_end"] = os.getloadavg()
    peak = max(r["max_rss_mb"] for r in records if r["side"] == "ours" and r["corpus"] == "head500")
    results = dict(machine=info, settings=SETTINGS, throughput=throughput, quality=qualities,
                   ours_peak_rss_head500_mb=peak, runs=records)
    (HERE / "results_train.json").write_text(json.dumps(results, indent=1))
    (HERE / "results_train.md").write_text(report(results))
    print(f"wrote {HERE / 'results_train.md'} and results_train.json")


def summary(runs: dict) -> dict:
    """Medians of one variant's runs (ours, and gensim's when gensim has the variant)."""
    def median(side, key):
        return statistics.median(r[key] for r in runs[side])
    x = dict(ours=median("ours", "words_per_second"),
             ours_runs=[r["words_per_second"] for r in runs["ours"]],
             ours_words=[r["words_done"] for r in runs["ours"]],
             ours_max_rss_mb=max(r["max_rss_mb"] for r in runs["ours"]))
    if "gensim" in runs:
        x.update(gensim=median("gensim", "words_per_second"),
                 cpu_ratio=median("ours", "words_per_cpu_second")
                 / median("gensim", "words_per_cpu_second"),
                 gensim_runs=[r["words_per_second"] for r in runs["gensim"]],
                 gensim_max_rss_mb=max(r["max_rss_mb"] for r in runs["gensim"]))
        x["ratio"] = x["ours"] / x["gensim"]
    return x


def prepare_median(r: dict) -> str:
    """The median time our processes spent loading the compiled loop, as text."""
    times = [x["prepare_seconds"] for x in r["runs"]
             if x["side"] == "ours" and x.get("prepare_seconds")]
    return f"{statistics.median(times):.2f} s" if times else "not measured"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(r: dict) -> str:
    m, t = r["machine"], r["throughput"]
    lines = [
        "# Training benchmark: w2v_core.trainer vs gensim",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), shared with other jobs (load average "
        f"{m['load_average_at_start'][0]:.1f} at start, {m['load_average_at_end'][0]:.1f} at "
        f"end); date {m['date']}; Python {m['python']}, NumPy {m['numpy']}, SciPy "
        f"{m['scipy']}, gensim {m['gensim']}, numba {m.get('numba', 'none')}. Produced by "
        "`python bench/bench_train.py` in one run; every training in its own process, ours and "
        "gensim's interleaved; BLAS on one thread, gensim workers=1. Ours: the default backend "
        "(NS and HS: word2vec.c's sequential loop compiled by numba, `w2v_core/train/"
        "sequential.py`; full softmax: NumPy mini-batches). numba's import and the loading of "
        "the cached loop happen once per process before the timer, as gensim's compiled module "
        f"is imported before its timer: {prepare_median(r)} median, not counted.",
        "",
        f"Settings: dim {r['settings']['dim']}, window {r['settings']['window']}, "
        f"{r['settings']['negative']} negatives, sample {r['settings']['sample']:g}, min_count "
        f"{r['settings']['min_count']}, {r['settings']['epochs']} epochs, alpha "
        f"{r['settings']['alpha']}; same token lists on both sides.",
        "",
        "## Throughput (head500.noblanks.cor, 331k words)",
        "",
        "words/s = in-vocabulary words x epochs / wall-clock seconds in the training call; "
        "median of the runs (each run listed). The CPU-time ratio uses process CPU seconds "
        "instead (less sensitive to other jobs on the machine). Full softmax (O(V) = "
        "8,049 scores per prediction) runs only a first part of epoch 1 (" +
        ", ".join(f"{v} {n:,} words" for v, n in SOFTMAX_WORDS.items()) +
        ", stopped by a progress callback) and its words/s counts the words done; gensim has "
        "no full softmax.",
        "",
        "| variant | ours words/s | gensim words/s | ratio | ratio in CPU time | ours runs | "
        "gensim runs |",
        "|---|---|---|---|---|---|---|",
    ]
    for v, x in t.items():
        ours_runs = ', '.join(f'{w:,.0f}' for w in x['ours_runs'])
        if "gensim" not in x:
            lines.append(f"| {v} | {x['ours']:,.0f} | gensim has none | | | {ours_runs} | |")
            continue
        lines.append(f"| {v} | {x['ours']:,.0f} | {x['gensim']:,.0f} | **{x['ratio']:.2f}x** | "
                     f"{x['cpu_ratio']:.2f}x | {ours_runs} | "
                     f"{', '.join(f'{w:,.0f}' for w in x['gensim_runs'])} |")
    lines.append("")
    for v, goal in TARGETS.items():
        ratio = t[v]["ratio"]
        lines.append(f"Target {v.upper()} >= {goal}x gensim: {verdict(ratio >= goal)} "
                     f"({ratio:.2f}x).  ")
    lines += ["",
              "## Quality (lee_background.cor, 60k words)", "",
              "Agreement = mean share of the top-10 cosine neighbours two models have in common, "
              "over gensim's 300 most frequent words; 3 seeds a side (ours-gensim: all 9 pairs; "
              "gensim-gensim and ours-ours: the 3 pairs). ratio = ours-gensim / gensim-gensim.",
              "", "| variant | our options | ours-gensim | gensim-gensim | ours-ours | ratio |",
              "|---|---|---|---|---|---|"]
    for q in r["quality"]:
        options = ", ".join(f"{k}={v}" for k, v in q["options"].items()) or "defaults"
        lines.append(f"| {q['variant']} | {options} | {q['ours_gensim']:.3f} | "
                     f"{q['gensim_gensim']:.3f} | {q['ours_ours']:.3f} | **{q['ratio']:.2f}x** |")
    sgq = next(q["ratio"] for q in r["quality"] if q["variant"] == "sg-ns" and not q["options"])
    peak = r["ours_peak_rss_head500_mb"]
    gensim_peak = max(x["gensim_max_rss_mb"] for x in t.values() if "gensim" in x)
    lines += [
        "", f"Target SG-NS >= 0.9x (our defaults): {verdict(sgq >= 0.9)} ({sgq:.2f}x).", "",
        "Notes: `init_range=1.0` starts W in [-1/N, 1/N) as gensim >= 4.0 does (word2vec.c and "
        "our default: [-0.5/N, 0.5/N)). `tree=gensim` trains our HS on gensim's Huffman codes: "
        "gensim builds its tree with a heap and breaks ties between equal counts differently "
        "from word2vec.c's two queues (which `w2v_core.huffman` follows), and HS vectors "
        "depend on which words share inner nodes, so HS agreement with gensim's own tree is "
        "the like-for-like figure. gensim has no full softmax, so softmax is not compared.",
        "",
        "## Memory", "",
        f"Peak RSS of our head500 training processes (whole process, `ru_maxrss`): "
        f"{peak:.0f} MB (gensim's: {gensim_peak:.0f} MB). Target < 500 MB: "
        f"{verdict(peak < 500)}.", ""]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--side", choices=("ours", "gensim"))
    p.add_argument("--variant", choices=tuple(VARIANTS))
    p.add_argument("--corpus", choices=("head500", "lee"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--init-range", type=float, default=0.5)
    p.add_argument("--tree", choices=("ours", "gensim"), default="ours")
    p.add_argument("--dump")
    p.add_argument("--reps", type=int, default=3, help="throughput repeats for NS (default 3)")
    p.add_argument("--hs-reps", type=int, default=2, help="throughput repeats for HS")
    p.add_argument("--softmax-reps", type=int, default=1,
                   help="throughput repeats for full softmax (ours only)")
    p.add_argument("--report-only", action="store_true",
                   help="rewrite results_train.md from results_train.json, run nothing")
    args = p.parse_args()
    if args.report_only:
        results = json.loads((HERE / "results_train.json").read_text())
        (HERE / "results_train.md").write_text(report(results))
    elif args.worker:
        print(json.dumps(worker(args)))
    else:
        main_parent(args)


if __name__ == "__main__":
    main()
