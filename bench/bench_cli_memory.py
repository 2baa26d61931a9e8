"""The command line on huge inputs and extreme flags: time, peak RSS, and the memory estimate.

Cases of issue 15 (items 10 and 12), each run as ``python3 -m w2v_core train`` in a child
process whose peak RSS comes from ``os.wait4``. For the runs that train, the estimate the
command line checks before allocating (``train.memory.training_parts``, plus the process's
RSS once the corpus is read) is printed next to the measured peak: it should be above it,
within about a factor of two. Issue 15 measured, before: one 50 MB line 925 MB; one word
repeated 10 M times 890 MB; 1 M distinct words 3.3 GB and 320 s; --window 1000000000 killed
at 20.8 GB; --dim 100000000 a MemoryError traceback; --negative 1000000 7.3 GB.
The extreme flags run under a 4 GB address-space limit (ulimit -v), so that a run the
estimate lets through on a large machine does not run for many minutes. Writes
bench/results_cli_memory.md. Run: python3 bench/bench_cli_memory.py
"""
import datetime
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from w2v_core.train.corpus_file import read_corpus_file  # noqa: E402
from w2v_core.train.memory import size, training_parts  # noqa: E402
from w2v_core.train.trainer import TrainConfig  # noqa: E402
from w2v_core.subsampling import keep_probability_word2vec  # noqa: E402

BASELINE_MB = 60          # python3 with numpy and scipy imported, before the corpus


def files(tmp: str) -> dict:
    paths = {}
    unit = "the cat sat on the mat and the dog ran off "
    paths["one 50 MB line"] = (unit * (50_000_000 // len(unit)) + "\n", [
        "--epochs", "1", "--dim", "10", "--sample", "1e-4"])
    paths["one word 10 M times"] = ("the " * 10_000_000 + "\n", [])
    words = [f"w{i}" for i in range(1_000_000)]
    paths["1 M distinct words"] = ("\n".join(" ".join(words[i:i + 10])
                                             for i in range(0, len(words), 10)) + "\n",
                                   ["--min-count", "1", "--epochs", "1", "--binary"])
    sentence = " ".join(f"w{(j * 7) % 300}" for j in range(2000))
    long = "\n".join([sentence] * 30) + "\n"
    paths["2,000-word sentences, --window 1000000000"] = (long, [
        "--min-count", "1", "--window", "1000000000", "--epochs", "1", "--dim", "20"])
    long10k = "\n".join(" ".join(f"w{(i * 7 + j) % 50}" for j in range(10_000))
                        for i in range(10)) + "\n"
    for flag in (["--window", "1000000000"], ["--window", "1000000000", "--sample", "0"],
                 ["--dim", "100000000"], ["--negative", "1000000"]):
        paths[f"10,000-word sentences, {' '.join(flag)} (ulimit -v 4 GB)"] = (
            long10k, ["--min-count", "1", *flag])
    out = {}
    for i, (name, (text, flags)) in enumerate(paths.items()):
        path = os.path.join(tmp, f"corpus{i}.txt")
        with open(path, "w") as f:
            f.write(text)
        out[name] = (path, flags)
    return out


def estimate(path: str, flags: list) -> float:
    """What the command line expects to need: the reader's result plus the parts to come."""
    opts = dict(zip(flags[::2], flags[1::2]))
    cfg = TrainConfig(dim=int(opts.get("--dim", 100)), window=int(opts.get("--window", 5)),
                      negative=int(opts.get("--negative", 5)), epochs=int(opts.get("--epochs", 5)),
                      sample=float(opts.get("--sample", 1e-3)),
                      min_count=int(opts.get("--min-count", 5)))
    read = read_corpus_file(path, cfg.min_count)
    kept = float(keep_probability_word2vec(read.vocab.counts, cfg.sample) @ read.vocab.counts)
    parts = training_parts(cfg, read.vocab.size, read.corpus.total, read.longest, kept)
    held = 8 * read.corpus.total + 200 * read.vocab.size         # the encoded corpus, vocabulary
    return (BASELINE_MB << 20) + held + sum(p.bytes for p in parts)


def run(path: str, flags: list, out: str, limit: int | None) -> tuple[float, float, int, str]:
    def set_limit():
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "w2v_core", "train", path, "--out", out,
                             "--quiet", *flags], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": ROOT}, preexec_fn=set_limit)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().strip()
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err


def main() -> None:
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (path, flags) in files(tmp).items():
            limit = 4 << 30 if "ulimit" in name else None
            seconds, peak, code, err = run(path, flags, os.path.join(tmp, "v.out"), limit)
            guess = estimate(path, flags) / 2**20 if code == 0 else None
            rows.append((name, seconds, peak, code, err, guess))
            print(f"{name:45s} {seconds:7.1f} s {peak:8.0f} MB exit {code} "
                  + (f"estimate {guess:.0f} MB" if guess else err[:90]))
    lines = [
        "# The command line on huge inputs and extreme flags", "",
        f"`python3 -m w2v_core train` in a child process, peak RSS from os.wait4; estimate = what "
        f"the command line checks before allocating plus the encoded corpus and ~{BASELINE_MB} MB "
        f"of Python. Machine: {platform.machine()}, {os.cpu_count()} cores (load average "
        f"{load:.1f} at the start), Python {platform.python_version()}; run "
        f"{datetime.date.today().isoformat()}.", "",
        "| case | seconds | peak RSS MB | exit | estimate MB | message |", "|---|---|---|---|---|---|"]
    lines += [f"| {n} | {s:.1f} | {p:.0f} | {c} | {'' if g is None else f'{g:.0f}'} | "
              f"{e.replace('|', '/')} |" for n, s, p, c, e, g in rows]
    with open(os.path.join(ROOT, "bench", "results_cli_memory.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote bench/results_cli_memory.md ({size(max(r[2] for r in rows) * 2**20)} at most)")


if __name__ == "__main__":
    main()
