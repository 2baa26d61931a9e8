"""Restoring lab files: the crafted ones of tests/crafted_labs.py, and the largest valid one.

Each file is restored (``saved.load_lab``, what the Training page's Restore button calls) in
a fresh Python process, which reports the seconds the call took and its peak RSS (VmHWM,
reset just before the call through /proc/self/clear_refs, minus the RSS before the call). Issue 15 measured 82 s
and more than 1.1 GB for one crafted 392 KB file (a 24.9 M x 2 loss log).
Target: every crafted file is refused in under 1 s and 50 MB; the largest lab the app can
make (V x N = 1,000,000, 1,000,000 steps, 200,000 tokens) restores in a few seconds.
Writes bench/results_restore.md.
Run: python3 bench/bench_restore.py
"""
import datetime
import json
import os
import platform
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]
from crafted_labs import crafted_labs, largest_lab  # noqa: E402

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from w2v_core.lab.saved import LabFileError, load_lab

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024

data = open(sys.argv[2], "rb").read()
open("/proc/self/clear_refs", "w").write("5")      # VmHWM (peak RSS) starts again from here
before = status("VmRSS")
start = time.perf_counter()
try:
    load_lab(data)
    outcome = "restored"
except LabFileError as err:
    outcome = "refused: " + str(err)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": status("VmHWM") - before, "outcome": outcome}))
"""


def measure(data: bytes, path: str) -> dict:
    with open(path, "wb") as f:
        f.write(data)
    out = subprocess.run([sys.executable, "-c", CHILD, ROOT, path], capture_output=True,
                         text=True, check=True, timeout=600)
    return json.loads(out.stdout)


def main() -> None:
    load = os.getloadavg()[0]
    files = {name: data for name, (data, _) in crafted_labs().items()}
    files["largest valid lab"] = largest_lab()
    rows, path = [], os.path.join("/tmp", f"bench_restore_{os.getpid()}.npz")
    try:
        for name, data in files.items():
            r = measure(data, path)
            rows.append((name, len(data), r))
            print(f"{name:32s} {len(data):>11,} B {r['seconds']:7.3f} s {r['peak_mb']:7.1f} MB  "
                  f"{r['outcome'][:70]}")
    finally:
        if os.path.exists(path):
            os.remove(path)
    crafted = [r for name, _, r in rows if name != "largest valid lab"]
    worst_t = max(r["seconds"] for r in crafted)
    worst_m = max(r["peak_mb"] for r in crafted)
    largest = rows[-1][2]
    met = worst_t < 1 and worst_m < 50
    lines = [
        "# Restoring crafted and large lab files", "",
        f"Each file restored by `saved.load_lab` in a fresh process; seconds of the call and its "
        f"peak RSS above the process's RSS before it. Machine: {platform.machine()}, "
        f"{os.cpu_count()} cores (load average {load:.1f} when the run started), Python "
        f"{platform.python_version()}; run {datetime.date.today().isoformat()}.", "",
        f"Crafted files: worst {worst_t:.3f} s and {worst_m:.1f} MB (target: under 1 s and "
        f"50 MB: {'met' if met else 'missed'}). The largest lab the app makes "
        f"({rows[-1][1] / 1e6:.1f} MB file): {largest['outcome']} in {largest['seconds']:.2f} s, "
        f"{largest['peak_mb']:.0f} MB.", "",
        "| file | bytes | seconds | peak MB | outcome |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {size:,} | {r['seconds']:.3f} | {r['peak_mb']:.1f} | "
              f"{r['outcome'].replace('|', '/')} |" for name, size, r in rows]
    with open(os.path.join(ROOT, "bench", "results_restore.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[4:6]))


if __name__ == "__main__":
    main()
