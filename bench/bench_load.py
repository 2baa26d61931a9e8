"""Load bench: N simulated students pressing Step on one server, or through nginx on K replicas.

Each student is a bench/load_client.Student: a websocket client of a real `streamlit run`
speaking Streamlit's own protocol (no browser), on /step_inspector with the default lab. All N
open the page first (a few at a time); then, for --seconds, each presses Step about every 5 s
(the next click uniform in --interval after the previous one was sent, or at once if the page
took longer than that), the first click of each at a random moment in the first interval.
Measured per N:
- latency: from sending a click's BackMsg to receiving the script_finished of its run, in the
  bench's event loop (its own lag, sampled every 0.1 s, is reported beside it);
- errors: a click whose page then shows a step count other than previous + 1 (a lost
  session shows "Step 1" again), an exception drawn on the page, a timeout, a websocket the
  server closed (the student reconnects once, as the frontend would, asking to resume its
  session), a page that did not open;
- server CPU (utime + stime from /proc/<pid>/stat over the clicking window, % of one core;
  the sum over replicas, nginx apart), server VmRSS at the end, and the bench's own CPU: it
  runs on the same 2 cores.
Each N gets a fresh server (or replica set), warmed up by one student's two clicks per replica
(the first Step of a process imports and compiles what later ones reuse).
Prints a table and writes bench/results_load.md (or, through a proxy, results_load_proxy.md).

Run: python bench/bench_load.py [--students 10 25 50 100 150 200] [--seconds 180]
     python bench/bench_load.py --replicas 1 2      # deploy/run_replicas.sh: nginx + K replicas
     python bench/bench_load.py --proxy http://host:8500   # a running deployment: no CPU/RSS
"""
import argparse
import asyncio
import collections
import contextlib
import datetime
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "e2e"))
from e2e_helpers import ROOT, free_port, rss_kib, serve  # noqa: E402
from bench_classroom import cpu_seconds, percentile  # noqa: E402
from load_client import ProtocolError, Student  # noqa: E402

TARGET_MS = 1000.0          # p95 of click -> finished (issue #14)
CLICK_TIMEOUT = 60.0        # s; a click slower than this ends that student (counted)
OPEN_AT_ONCE = 4            # students opening the page at the same time
RUN_REPLICAS = ROOT / "deploy" / "run_replicas.sh"


@dataclass
class Tally:
    latencies: list = field(default_factory=list)      # s, one per answered click
    received: int = 0                                   # bytes of ForwardMsgs for those clicks
    errors: collections.Counter = field(default_factory=collections.Counter)


@dataclass
class Target:
    """Where the students go, and which processes serve them (empty for --proxy)."""
    url: str
    servers: list                # pids of the streamlit processes
    nginx: int | None = None     # pid of the nginx master


def children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


def cpu_of(pids) -> float:
    return sum(cpu_seconds(p) for p in pids)


def machine_busy() -> float:
    """CPU seconds all cores spent busy so far (user, nice, system, irq, softirq and steal:
    time the hypervisor gave to other guests), from /proc/stat."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def cpu_pressure() -> float:
    """Seconds so far in which some runnable task waited for a core (Linux PSI), or nan."""
    try:
        some = Path("/proc/pressure/cpu").read_text().split("\n", 1)[0]
    except OSError:
        return float("nan")
    return int(some.rsplit("total=", 1)[1]) / 1e6


@contextlib.contextmanager
def direct(log_dir: Path):
    log_dir.mkdir()
    with serve(log_dir / "streamlit.log") as (url, proc):
        yield Target(url, [proc.pid])


@contextlib.contextmanager
def replicas(k: int, log_dir: Path):
    """deploy/run_replicas.sh with k replicas on free ports; stopped with SIGTERM (it cleans up)."""
    port = free_port()
    log_dir.mkdir()
    log = open(log_dir / "run_replicas.log", "w")
    proc = subprocess.Popen(["bash", str(RUN_REPLICAS), "-n", str(k), "-a", "127.0.0.1",
                             "-p", str(port), "-b", "0"], stdout=subprocess.PIPE,
                            stderr=log, text=True)
    try:
        servers, nginx = [], None
        for line in proc.stdout:
            log.write(line)
            if m := re.match(r"replica r\d+: pid (\d+)", line):
                servers.append(int(m[1]))
            elif m := re.match(r"nginx: pid (\d+)", line):
                nginx = int(m[1])
            elif line.startswith("ready:"):
                break
        else:
            raise RuntimeError(f"run_replicas.sh exited with {proc.wait()}; see {log.name}")
        yield Target(f"http://127.0.0.1:{port}", servers, nginx)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


async def warm_up(url: str, n: int) -> None:
    """n students (one per replica: round robin on first visit) press Step twice, then leave."""
    for _ in range(n):
        s = Student(url)
        await s.open()
        for _ in range(2):
            await s.click("Step")
        await s.close()


async def open_all(url: str, n: int, tally: Tally) -> list[Student]:
    gate = asyncio.Semaphore(OPEN_AT_ONCE)

    async def one():
        async with gate:
            s = Student(url, timeout=CLICK_TIMEOUT)
            try:
                await s.open()
                return s
            except (OSError, ProtocolError, asyncio.TimeoutError) as err:
                tally.errors[f"page did not open ({type(err).__name__})"] += 1
                return None

    return [s for s in await asyncio.gather(*(one() for _ in range(n))) if s]


async def student(s: Student, tally: Tally, end: float, interval, rng) -> None:
    prev = s.page.step_count() or 0
    due = time.monotonic() + rng.uniform(0, interval[1])
    while True:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        sent = time.monotonic()
        if sent >= end:
            return
        try:
            click = await s.click("Step")
        except asyncio.TimeoutError:
            tally.errors["click timed out"] += 1
            return
        except ProtocolError as err:
            if not s.lost:                 # the page is not what a student could click on
                tally.errors[f"page error: {err}"] += 1
                return
            tally.errors["websocket closed; reconnected"] += 1
            try:
                await s.reconnect()
            except (OSError, ProtocolError, asyncio.TimeoutError):
                tally.errors["reconnect failed"] += 1
                return
            continue
        tally.latencies.append(click.latency)
        tally.received += click.received
        if click.exceptions:
            tally.errors["exception on the page"] += 1
        if click.step != prev + 1:
            tally.errors["lost session (Step 1 again)" if click.step == 1 and prev
                         else f"step count not previous + 1 ({prev} -> {click.step})"] += 1
        prev = click.step or 0
        due = sent + rng.uniform(*interval)


async def loop_lag(samples: list, stop: asyncio.Event) -> None:
    """How late the bench's own event loop wakes up (s): its lag is inside every latency."""
    while not stop.is_set():
        t = time.perf_counter()
        await asyncio.sleep(0.1)
        samples.append(time.perf_counter() - t - 0.1)


async def measure(target: Target, n: int, seconds: float, interval, seed: int) -> dict:
    tally = Tally()
    rss_before = sum(rss_kib(p) for p in target.servers)
    opened = await open_all(target.url, n, tally)
    servers, nginx = target.servers, ([target.nginx] + children(target.nginx)) if target.nginx else []
    lags, stop = [], asyncio.Event()
    lag_task = asyncio.create_task(loop_lag(lags, stop))
    load_before = Path("/proc/loadavg").read_text().split()[0]
    cpu0, nginx0, own0 = cpu_of(servers), cpu_of(nginx), time.process_time()
    busy0, pressure0, t0 = machine_busy(), cpu_pressure(), time.monotonic()
    rng = random.Random(seed)
    await asyncio.gather(*(student(s, tally, t0 + seconds, interval, random.Random(rng.random()))
                           for s in opened))
    wall = time.monotonic() - t0
    cpu, nginx_cpu, own = cpu_of(servers) - cpu0, cpu_of(nginx) - nginx0, time.process_time() - own0
    others = machine_busy() - busy0 - cpu - nginx_cpu - own     # other engineers' processes, steal
    pressure = cpu_pressure() - pressure0
    rss_after = sum(rss_kib(p) for p in target.servers)
    stop.set()
    await lag_task
    for s in opened:
        await s.close()
    lat = [x * 1000 for x in tally.latencies]          # ms
    clicks = len(lat)
    return dict(
        students=n, opened=len(opened), clicks=clicks, rate=clicks / wall,
        p50=statistics.median(lat) if lat else float("nan"),
        p95=percentile(lat, 0.95) if lat else float("nan"), max=max(lat, default=float("nan")),
        cpu=100 * cpu / wall if servers else None, cpu_per_click=1000 * cpu / clicks if servers and clicks else None,
        nginx=100 * nginx_cpu / wall if nginx else None, own=100 * own / wall,
        rss=rss_after / 1024 if servers else None,
        per_session=(rss_after - rss_before) / 1024 / max(len(opened), 1) if servers else None,
        kb_per_click=tally.received / 1024 / max(clicks, 1),
        lag_p95=1000 * percentile(lags, 0.95) if lags else 0.0, lag_max=1000 * max(lags, default=0.0),
        others=100 * others / wall, pressure=100 * pressure / wall,
        errors=dict(tally.errors), load=load_before)


def run_all(make_target, k: int, counts, seconds, interval, seed, logs: Path) -> list[dict]:
    rows = []
    for n in counts:
        with make_target(logs / f"{len(rows)}_{k}x{n}") as target:
            print(f"N={n}: {target.url}, server pids {target.servers}, nginx {target.nginx}",
                  flush=True)                   # to profile them meanwhile, e.g. with py-spy
            asyncio.run(warm_up(target.url, k))
            row = asyncio.run(measure(target, n, seconds, interval, seed))
        row["replicas"] = k
        rows.append(row)
        print(line(row), flush=True)
    return rows


def fmt(x, spec=".0f"):
    return "n/a" if x is None else format(x, spec)


def errors_text(errors: dict) -> str:
    return "none" if not errors else "; ".join(f"{v} × {k}" for k, v in sorted(errors.items()))


def line(r) -> str:
    return (f"N={r['students']:4d} clicks={r['clicks']:5d} ({r['rate']:.1f}/s)  p50={r['p50']:.0f} "
            f"p95={r['p95']:.0f} max={r['max']:.0f} ms  server CPU={fmt(r['cpu'])}% "
            f"({fmt(r['cpu_per_click'])} ms/click)  nginx={fmt(r['nginx'])}%  bench={r['own']:.0f}%  "
            f"others={r['others']:.0f}%  waiting for a core={r['pressure']:.0f}%  "
            f"RSS={fmt(r['rss'])} MiB  lag p95/max={r['lag_p95']:.0f}/{r['lag_max']:.0f} ms  "
            f"errors: {errors_text(r['errors'])}")


def knee(rows) -> str:
    over = [r for r in rows if not r["p95"] <= TARGET_MS or r["errors"]]
    if not over:
        return f"not reached: p95 under {TARGET_MS:.0f} ms, no errors, up to N = {rows[-1]['students']}"
    first = over[0]
    below = [r["students"] for r in rows if r["students"] < first["students"]]
    why = (f"p95 {first['p95']:.0f} ms" if not first["p95"] <= TARGET_MS
           else f"errors: {errors_text(first['errors'])}")
    return (f"between N = {below[-1]} and N = {first['students']} ({why} at {first['students']})"
            if below else f"at or below N = {first['students']} ({why})")


HEADER = ("| students | clicks (per s) | p50 (ms) | p95 (ms) | max (ms) | server CPU (% of one core) "
          "| server CPU per click (ms) | nginx CPU (%) | server RSS (MiB) | RSS per session (MiB) "
          "| KiB per click | bench CPU (%) | others' CPU (%) | some task waiting for a core (% of time) "
          "| bench loop lag p95 / max (ms) | load avg at start "
          "| errors | p95 < 1 s |")


def table(rows) -> list[str]:
    out = [HEADER, "|---:" * 15 + "|---:|---|---|"]
    for r in rows:
        ok = "met" if r["p95"] <= TARGET_MS and not r["errors"] else "**MISSED**"
        out.append(f"| {r['students']} | {r['clicks']} ({r['rate']:.1f}) | {r['p50']:.0f} | {r['p95']:.0f} "
                   f"| {r['max']:.0f} | {fmt(r['cpu'])} | {fmt(r['cpu_per_click'])} | {fmt(r['nginx'])} "
                   f"| {fmt(r['rss'])} | {fmt(r['per_session'], '.2f')} | {r['kb_per_click']:.0f} "
                   f"| {r['own']:.0f} | {r['others']:.0f} | {r['pressure']:.0f} "
                   f"| {r['lag_p95']:.0f} / {r['lag_max']:.0f} | {r['load']} "
                   f"| {errors_text(r['errors'])} | {ok} |")
    return out


def side_by_side(rows) -> list[str]:
    """Same N, each replica count: p95, server CPU (sum over replicas), errors."""
    ks = sorted({r["replicas"] for r in rows})
    head = "| students | " + " | ".join(f"{k} replica{'s' * (k > 1)}: p95 (ms) · CPU (%) · errors"
                                        for k in ks) + " |"
    out = [head, "|---:" + "|---" * len(ks) + "|"]
    for n in sorted({r["students"] for r in rows}):
        cells = []
        for k in ks:
            r = next((r for r in rows if r["students"] == n and r["replicas"] == k), None)
            cells.append("not run" if r is None else
                         f"{r['p95']:.0f} · {fmt(r['cpu'])} · {errors_text(r['errors'])}")
        out.append(f"| {n} | " + " | ".join(cells) + " |")
    return out


def write(path: Path, rows, args, how: str, started: str) -> None:
    counts = " ".join(map(str, args.students))
    lines = [
        "# Load benchmark: simulated students pressing Step (Streamlit's protocol, no browser)", "",
        f"Date: {datetime.date.today()} · machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, Linux {platform.release()} · load average at start "
        f"(1/5/15 min): {started} (other engineers' test runs share this machine; each row gives "
        "the 1-min load when its clicking began) · served by: " + how + ".", "",
        "Command: `python bench/bench_load.py " + " ".join(sys.argv[1:]) + "`", "",
        f"What is measured: for each N ({counts}) a fresh server, warmed up by one student's two "
        "clicks per replica; N simulated students (bench/load_client.py: a websocket client "
        "of the real server sending the BackMsgs a browser sends, checked against Chromium by "
        "tests/e2e/test_e2e_load_click.py) open /step_inspector with the default lab, "
        f"{OPEN_AT_ONCE} at a time; then for {args.seconds:g} s each presses **Step** about every "
        f"{sum(args.interval) / 2:g} s (uniform {args.interval[0]:g}–{args.interval[1]:g} s after "
        "its previous click, or at once when the page took longer). Latency: from sending the "
        "click to receiving its run's script_finished, taken in the bench's event loop (its own "
        "wake-up lag is the loop-lag column). An error: a step count other than previous + 1, "
        "an exception on the page, a click over "
        f"{CLICK_TIMEOUT:.0f} s, a closed websocket (then one reconnect), a page that did not "
        "open. Server CPU: utime + stime of the streamlit process(es) over the clicking window, "
        "% of one core (one process is one GIL: 100% is its ceiling; the machine has 200%); "
        "nginx apart. The bench itself runs on the same 2 cores (its CPU column). RSS per "
        "session: (VmRSS after − before the N opened) / N. Others' CPU: every core's busy time "
        "(/proc/stat, hypervisor steal included) minus the server's, nginx's and the bench's: "
        "what other engineers' processes took meanwhile. Waiting for a core: the share of the "
        "window in which some runnable task waited for a CPU (/proc/pressure/cpu, \"some\").", "",
    ]
    for k in sorted({r["replicas"] for r in rows}):
        group = [r for r in rows if r["replicas"] == k]
        if how != "one `streamlit run app.py` process, direct":
            lines += [f"## {k} replica{'s' * (k > 1)} behind nginx", ""]
        counts = [r["students"] for r in group]
        lines += table(group) + ["", f"**Knee** (first N where p95 passes 1 s or a click "
                                     f"fails): {knee(group)}." if counts == sorted(set(counts))
                                 else "Repeated runs of the same N: their spread is the point, "
                                      "no knee.", ""]
    if len({r["replicas"] for r in rows}) > 1:
        lines += ["## Side by side", ""] + side_by_side(rows) + [""]
    path.write_text("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, nargs="+", default=[10, 25, 50, 100, 150, 200])
    ap.add_argument("--seconds", type=float, default=180, help="clicking time per N")
    ap.add_argument("--interval", type=float, nargs=2, default=[4.0, 6.0],
                    help="seconds between one student's clicks: uniform in [a, b]")
    ap.add_argument("--replicas", type=int, nargs="+",
                    help="through deploy/run_replicas.sh (nginx) with these replica counts")
    ap.add_argument("--proxy", help="base URL of a running deployment (no server CPU/RSS)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="default bench/results_load.md (direct) or "
                                             "bench/results_load_proxy.md (--replicas, --proxy)")
    args = ap.parse_args()
    started = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    logs = Path(tempfile.mkdtemp(prefix="bench_load."))
    print(f"server logs in {logs}")
    common = (args.students, args.seconds, args.interval, args.seed, logs)
    if args.proxy:
        how = f"the deployment at {args.proxy} (its processes are not measured)"
        rows = run_all(lambda _: contextlib.nullcontext(Target(args.proxy, [])), 1, *common)
    elif args.replicas:
        how = "deploy/run_replicas.sh: nginx (Debian's) in front of K `streamlit run` replicas"
        rows = [r for k in args.replicas
                for r in run_all(lambda d, k=k: replicas(k, d), k, *common)]
    else:
        how = "one `streamlit run app.py` process, direct"
        rows = run_all(direct, 1, *common)
    out = args.out or HERE / ("results_load_proxy.md" if args.proxy or args.replicas
                              else "results_load.md")
    write(out, rows, args, how, started)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
