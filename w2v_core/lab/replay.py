"""A link's lab rebuilt: its seeded steps replayed within a work budget, once per process.

A link replays at most MAX_REPLAY steps and at most REPLAY_WORK of work (output vectors
touched x N, see ``replay_limit``): a bound on work, not on wall time, so a loaded server
rebuilds the same lab as an idle one. The sender's side asks ``replay_limit`` too
(``what_is_lost``), so a lab that a link cannot rebuild is known as such before anyone
opens the link. A hall opening the same link at once builds it once: ``BUILT`` keeps the
newest few built labs of the process, and every session gets its own copy.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from .lab import Lab
from .link import MAX_REPLAY, MAX_RUNS, Link
from .own_link import apply_own, too_many

REPLAY_WORK = 600_000_000     # output vectors touched x N over a replay: about 1 s of CPU
STEP_OVERHEAD = 30_000        # the same units for the fixed cost of one step (~50 us)
CACHED_LABS = 8               # built labs a server process keeps for links opened again


def step_work(lab: Lab) -> int:
    """An upper bound on one step's work in REPLAY_WORK's units: predictions per step
    (skip-gram in Rong's form predicts up to 2 window words at once) x the output vectors
    one prediction touches on average x N, plus the fixed cost of a step."""
    st = lab.settings
    predictions = 2 * st.window if (st.arch == "skipgram" and st.convention == "rong") else 1
    V = lab.vocab.size
    per_prediction = lab.model.layer.mean_cost(V)                   # V, mean path length, k + 1
    return int(predictions * per_prediction * st.dim) + STEP_OVERHEAD


def replay_limit(lab: Lab) -> int:
    """How many steps a link to this lab replays: MAX_REPLAY, or fewer when they would
    cost more than REPLAY_WORK (a large vocabulary under full softmax)."""
    return min(MAX_REPLAY, REPLAY_WORK // step_work(lab))


def what_is_lost(lab: Lab, corpus_travels: bool) -> str | None:
    """None when a link rebuilds ``lab`` exactly, else what the link cannot carry."""
    if too_many(lab.start):
        return too_many(lab.start)
    if lab.schedule is None and lab.steps_done:
        return "This lab was restored from a file: the link carries its corpus and settings, not its steps."
    if not corpus_travels:
        return ("The corpus is too long to travel in a link: the link opens the default preset "
                "with these settings, and none of the steps.")
    runs = lab.schedule.runs if lab.schedule is not None else []
    if len(runs) > MAX_RUNS:
        kept = sum(n for _, n in runs[:MAX_RUNS])
        return (f"η changed {len(runs) - 1:,} times; a link carries the first {MAX_RUNS} values "
                f"of η, so it replays the first {kept:,} of the {lab.steps_done:,} steps.")
    limit = replay_limit(lab)
    if lab.steps_done > limit:
        return (f"A link to this lab replays at most {limit:,} steps (a server's work budget "
                f"for one link), not all {lab.steps_done:,}.")
    return None


def replay(lab: Lab, schedule) -> str | None:
    """Take the link's steps on ``lab`` (each at its own eta), within ``replay_limit``; a
    message when the schedule asked for more."""
    left = limit = replay_limit(lab)
    for eta, n in schedule:
        take = min(n, left)
        if take:
            lab.advance(eta, take)
            left -= take
        if take < n:
            return (f"the link asks for {sum(k for _, k in schedule):,} steps; a link to this "
                    f"lab replays at most {limit:,} (one server's work budget for a link): "
                    f"replayed the first {limit:,}")
    return None


def _fresh(link: Link, text: str, said: list) -> Lab:
    """The lab before its steps: the link's settings on ``text``, else the nearest that works."""
    try:
        return Lab.from_text(text, link.settings)
    except ValueError as err:
        said.append(f"{err}: using the default settings")
    return Lab.from_text(text)


def _build(link: Link, text: str) -> tuple[Lab, tuple[str, ...]]:
    said: list[str] = []
    lab = apply_own(_fresh(link, text, said), link.weights, link.picks, said)   # before the steps
    try:
        stopped = replay(lab, link.schedule)
    except ValueError as err:                      # e.g. a lab past its steps budget
        stopped = f"the replay stopped at step {lab.steps_done:,}: {err}"
    if stopped:
        said.append(stopped)
    return lab, tuple(said)


class BuiltLabs:
    """The newest ``size`` labs built from links in this process, each built once even when
    a hall of students opens the same link at the same moment (the others wait for it)."""

    def __init__(self, size: int = CACHED_LABS):
        self.size = size
        self._lock = threading.Lock()
        self._labs: OrderedDict = OrderedDict()          # key -> (lab, said)
        self._building: dict = {}                        # key -> lock held while building
        self.builds = 0                                  # how many were built (for tests, bench)

    def get(self, key, make):
        with self._lock:
            if key in self._labs:
                self._labs.move_to_end(key)
                return self._labs[key]
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._labs:
                    return self._labs[key]
            try:
                built = make()
            finally:
                with self._lock:
                    self._building.pop(key, None)
            with self._lock:
                self.builds += 1
                self._labs[key] = built
                while len(self._labs) > self.size:
                    self._labs.popitem(last=False)
            return built

    def clear(self) -> None:
        with self._lock:
            self._labs.clear()


BUILT = BuiltLabs()


def build(link: Link, text: str) -> tuple[Lab, list[str]]:
    """The lab a link asks for on ``text``, its steps replayed (built once per process and
    copied for each caller); messages on what was adjusted. ValueError when ``text`` cannot
    make a lab at all (no two words on a line ...)."""
    lab, said, _ = build_shared(link, text)
    return lab, said


def build_shared(link: Link, text: str) -> tuple[Lab, list[str], Lab]:
    """``build``, and the process's built lab the copy was made from (read, never changed:
    while the copy has not moved on, whatever is drawn of it is drawn of this one)."""
    key = (link.settings, link.corpus, link.text, link.schedule, link.weights, link.picks)
    lab, said = BUILT.get(key, lambda: _build(link, text))
    return lab.copy(), list(said), lab
