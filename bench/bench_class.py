"""Live class bench: N simulated students following one lecturer, who steps every --interval s.

The lecturer (a bench/class_client.Attendee on /step_inspector, "Step in phases" and "Quiz
me" on) starts a class; N students join it by its link (/live_class?class=CODE) and follow:
each page runs its poller (the fragment's run_every timer, as the browser does; every 10 s
while the server pushes changes, ui/live_push.py, else every second). Then, for
--steps clicks, the lecturer presses Step every --interval s: each click shows the next phase
and asks the question before the phase after it. Each student votes on each question 1-4 s
after it appears (a random option). Measured per N:
- propagation delay: from sending the lecturer's click to the moment a student's screen first
  shows the new step and phase (its "Class C · step N · phase P of 3" heading), p50/p95/max
  over every student and click, and how many never showed it before the next click;
- votes: cast (the student's page confirmed "Your answer"), counted (the lecturer's "k
  answered" just before the next click, once it has caught up with the votes confirmed so
  far, waiting up to 5 s), lost = votes confirmed before that count was read and missing
  from it (target 0), late = confirmed only after it was read (the server counted them
  before the click closed the question, but their page's confirmation came after the
  lecturer's count was read: not in that count, not lost), refused, vote errors (a click
  whose page showed neither "Your answer" nor a refusal within 10 s, or whose connection
  failed: not in "cast", though the server may have counted it);
- server CPU (utime + stime of the server process(es), redis included, nginx apart) over the
  clicking window, per student-second, and in % of one core; the bench's own CPU and its
  event loop's lag (it runs on the same 2 cores).
- --redraw N (default 150): the cost of one pushed redraw alone: N students who never vote,
  the lecturer clicking 4 times; server CPU from the click until every screen shows the new
  step, divided by N (the lecturer's own click included), and that wall time.
One process: `streamlit run app.py` (the class in its memory). --replicas: deploy/run_redis.sh,
K replicas behind nginx with the class in Redis. Prints the figures and writes
bench/results_class.md. Run: python bench/bench_class.py [--students 50 100 200]
[--hall 300] [--steps 6] [--interval 10]
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests" / "e2e")]
from bench_classroom import cpu_seconds, percentile  # noqa: E402
from class_client import ANSWERED, Attendee, join, lecturer  # noqa: E402
from class_hall import serve_class_hall  # noqa: E402
from e2e_helpers import serve  # noqa: E402
from load_client import ProtocolError  # noqa: E402

RESULTS = HERE / "results_class.md"
TARGET_P95 = 2.0            # s, at 200 students on one process
JOIN_AT_ONCE = 8


def scene_after(click: int) -> tuple[int, int]:
    """(step, phase) the class shows after the lecturer's measured click number ``click``
    (0-based; one warm-up click came before)."""
    return (click + 1) // 3 + 1, (click + 1) % 3 + 1


async def student_votes(s: Attendee, tally: dict, t0: float, interval: float, end: float,
                        rng: random.Random) -> None:
    """Vote once on each question, 1-4 s after it appears (not in the last 2.5 s before the
    lecturer's next click, so that the lecturer's count has caught up when it is read);
    count what the page confirmed."""
    done = set()
    while time.monotonic() < end:
        await asyncio.sleep(0.2)
        buttons, scene = s.vote_buttons(), s.scene()
        if not buttons or scene in done:
            continue
        done.add(scene)
        await asyncio.sleep(rng.uniform(1, 4))
        next_click = t0 + interval * (1 + int((time.monotonic() - t0) // interval))
        if s.scene() != scene or not s.vote_buttons() or time.monotonic() > next_click - 2.5:
            continue                                   # the lecturer moved on meanwhile
        try:
            await s.click(rng.choice(s.vote_buttons()))
            await s.until(lambda: s.has_text("Your answer") or s.has_text("did not count"), 10)
        except (ProtocolError, asyncio.TimeoutError) as exc:
            tally["errors"] += 1
            kind = "no confirmation in 10 s" if isinstance(exc, asyncio.TimeoutError) else repr(exc)[:80]
            tally.setdefault("error_kinds", []).append(kind)
            continue
        key = "cast" if s.has_text("Your answer") else "refused"
        tally[key][scene] = tally[key].get(scene, 0) + 1


async def loop_lag(samples: list, stop: asyncio.Event) -> None:
    while not stop.is_set():
        t = time.perf_counter()
        await asyncio.sleep(0.1)
        samples.append(time.perf_counter() - t - 0.1)


async def open_class(url: str, n: int):
    teacher, code = await lecturer(url)
    gate = asyncio.Semaphore(JOIN_AT_ONCE)

    async def one():
        async with gate:
            return await join(url, code)

    students = await asyncio.gather(*(one() for _ in range(n)))
    return teacher, list(students)


async def measure(url: str, pids: list[int], n: int, steps: int, interval: float, seed: int) -> dict:
    teacher, students = await open_class(url, n)
    await teacher.click("Step")            # warm-up: the process's first figures, not measured
    await asyncio.sleep(interval)
    tally = {"cast": {}, "refused": {}, "errors": 0}
    counted, read, delays, missed = {}, {}, [], 0
    lags, stop = [], asyncio.Event()
    lag_task = asyncio.create_task(loop_lag(lags, stop))
    cpu0, own0, t0 = sum(cpu_seconds(p) for p in pids), time.process_time(), time.monotonic()
    end = t0 + steps * interval
    rng = random.Random(seed)
    voters = [asyncio.create_task(student_votes(s, tally, t0, interval, end, random.Random(rng.random())))
              for s in students]
    for k in range(steps):
        due = t0 + k * interval
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        if k:                   # the question asked since the last click: its count, caught up
            cast = tally["cast"].get(scene_after(k - 1), 0)
            with contextlib.suppress(asyncio.TimeoutError):
                await teacher.until(lambda: (teacher.number(ANSWERED) or 0) >= cast, 5)
            counted[scene_after(k - 1)] = teacher.number(ANSWERED) or 0
            read[scene_after(k - 1)] = cast
        scene, sent = scene_after(k), time.perf_counter()
        await teacher.click("Step")
        await asyncio.sleep(max(0.0, due + interval - 0.6 - time.monotonic()))
        for s in students:
            when = next((t for t, seen in s.seen if seen == scene and t >= sent), None)
            if when is None:
                missed += 1
            else:
                delays.append(when - sent)
    await asyncio.gather(*voters)
    wall = time.monotonic() - t0
    cpu, own = sum(cpu_seconds(p) for p in pids) - cpu0, time.process_time() - own0
    stop.set()
    await lag_task
    polls = sum(s.polls for s in students)
    for p in [teacher, *students]:
        await p.close()
    cast = sum(tally["cast"].get(sc, 0) for sc in counted)
    lost = sum(max(0, read[sc] - counted[sc]) for sc in counted)
    return dict(students=n, clicks=steps, p50=statistics.median(delays) if delays else float("nan"),
                p95=percentile(delays, 0.95) if delays else float("nan"), max=max(delays, default=float("nan")),
                missed=missed, cast=cast, counted=sum(counted.values()),
                lost=lost, late=cast - sum(read.values()), refused=sum(tally["refused"].values()),
                errors=tally["errors"], error_kinds=tally.get("error_kinds", []),
                cpu=100 * cpu / wall,
                per_student=1000 * cpu / (n * wall), own=100 * own / wall,
                polls=polls / (n * wall), lag95=1000 * percentile(lags, 0.95) if lags else 0.0,
                load=Path("/proc/loadavg").read_text().split()[0])


async def redraws(url: str, pid: int, n: int, clicks: int = 4) -> dict:
    """Server CPU per pushed redraw: n students who never vote, the lecturer clicking."""
    teacher, students = await open_class(url, n)
    await teacher.click("Step")            # warm-up
    await asyncio.sleep(3)
    per, walls = [], []
    for k in range(clicks):
        scene = scene_after(k)
        cpu0, start = cpu_seconds(pid), time.perf_counter()
        await teacher.click("Step")
        await asyncio.gather(*(s.until(lambda s=s: s.scene() == scene, 60, "the new step")
                               for s in students))
        walls.append(time.perf_counter() - start)
        per.append(1000 * (cpu_seconds(pid) - cpu0) / n)
        await asyncio.sleep(2)
    for p in [teacher, *students]:
        await p.close()
    return dict(students=n, clicks=clicks, ms=statistics.mean(per), lo=min(per), hi=max(per),
                wall=statistics.mean(walls))


def line(r: dict) -> str:
    return (f"{r['where']}: N={r['students']} delay p50 {r['p50']:.2f} s, p95 {r['p95']:.2f} s, "
            f"max {r['max']:.2f} s, missed {r['missed']}; votes cast {r['cast']}, counted "
            f"{r['counted']}, lost {r['lost']}, late {r['late']}, refused {r['refused']}, "
            f"errors {r['errors']}" + (f" ({', '.join(r['error_kinds'])})" if r.get('error_kinds') else "")
            + "; "
            f"server CPU {r['cpu']:.0f}% of a core = {r['per_student']:.2f} ms per student-second "
            f"({r['polls']:.2f} polls per student-second); bench CPU {r['own']:.0f}%, loop lag "
            f"p95 {r['lag95']:.0f} ms; load {r['load']}")


def run(where: str, target, n: int, args) -> dict:
    with target() as (url, pids):
        print(f"{where}, N={n}: {url}, server pids {pids}", flush=True)
        row = asyncio.run(measure(url, pids, n, args.steps, args.interval, args.seed))
    row["where"] = where
    print(line(row), flush=True)
    return row


@contextlib.contextmanager
def one_process():
    with serve() as (url, proc):
        yield url, [proc.pid]


@contextlib.contextmanager
def hall(k: int):
    with serve_class_hall(k) as h:
        yield h.url, [*h.replicas, h.redis]


def write(rows, args, started: str, redraw: dict | None = None) -> None:
    out = ["# Live class benchmark: simulated students following one lecturer", "",
           f"Date: {datetime.datetime.now().isoformat(timespec='minutes')} · machine: "
           f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()} · "
           f"load average at start (1/5/15 min): {started} (each row: the 1-min load at its end)", "",
           "Command: `python bench/bench_class.py " + " ".join(sys.argv[1:]) + "`", "",
           __doc__.split("\n\n", 1)[1].split("One process:")[0].strip(), "",
           "| served by | students | lecturer clicks | delay p50 (s) | p95 (s) | max (s) | not shown "
           "in time | votes cast | counted | lost | late | refused | vote errors | server CPU (% of a core) | CPU per "
           "student-second (ms) | polls per student-second | bench CPU (%) | bench loop lag p95 "
           "(ms) | load | p95 <= 2 s |",
           "|---|" + "---:|" * 18 + "---|"]
    for r in rows:
        ok = "met" if r["p95"] <= TARGET_P95 and not r["lost"] and not r["missed"] else "**MISSED**"
        out.append(f"| {r['where']} | {r['students']} | {r['clicks']} | {r['p50']:.2f} | {r['p95']:.2f} "
                   f"| {r['max']:.2f} | {r['missed']} | {r['cast']} | {r['counted']} | {r['lost']} | {r['late']} "
                   f"| {r['refused']} | {r['errors']} | {r['cpu']:.0f} | {r['per_student']:.2f} | {r['polls']:.2f} "
                   f"| {r['own']:.0f} | {r['lag95']:.0f} | {r['load']} | {ok} |")
    if redraw:
        out += ["", f"A pushed redraw alone ({redraw['students']} students who never vote, one "
                f"process, {redraw['clicks']} lecturer clicks): {redraw['ms']:.1f} ms of server "
                f"CPU per screen ({redraw['lo']:.1f}-{redraw['hi']:.1f}; the lecturer's click "
                f"included), every screen redrawn in {redraw['wall']:.2f} s on average."]
    RESULTS.write_text("\n".join(out) + "\n")
    print(f"wrote {RESULTS}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, nargs="*", default=[50, 100, 200])
    ap.add_argument("--hall", type=int, nargs="*", default=[300],
                    help="students on --replicas replicas with Redis (deploy/run_redis.sh)")
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--steps", type=int, default=6, help="lecturer clicks per N")
    ap.add_argument("--interval", type=float, default=10.0, help="seconds between clicks")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--redraw", type=int, default=150, help="never-voting students (0: skip)")
    args = ap.parse_args()
    started = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    redraw = None
    if args.redraw:
        with serve() as (url, proc):
            redraw = asyncio.run(redraws(url, proc.pid, args.redraw))
        print(f"a pushed redraw: {redraw['ms']:.1f} ms of server CPU per student "
              f"({redraw['lo']:.1f}-{redraw['hi']:.1f} over {redraw['clicks']} clicks), "
              f"{redraw['students']} screens in {redraw['wall']:.2f} s", flush=True)
    rows = [run("1 process", one_process, n, args) for n in args.students]
    rows += [run(f"{args.replicas} replicas + Redis + nginx", lambda: hall(args.replicas), n, args)
             for n in args.hall]
    write(rows, args, started, redraw)


if __name__ == "__main__":
    main()
