"""The interface of a class store, the rules both stores share, and the session's report.

A store holds every live class of a server (memory.py: in the process; redis_store.py: in
Redis, shared by replicas). Lecturer operations need the class's secret token; a student
is a random id handed out by ``join`` and kept in the student's server-side session, so a
browser never sees it and cannot vote as another student. ``join`` is rate-limited: a code
is 6 of 23 characters, and a guesser gets JOIN_FAILS wrong codes a minute per browser and
the whole server JOIN_FAILS_ALL (so trying codes finds a live class with a chance of about
MAX_CLASSES * JOIN_FAILS_ALL * 180 / 23^6 = 0.7 % in a class's 3 hours).
"""
from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass

from .room import ClassError, ClassView, Poll, Scene, typed_code

JOIN_FAILS = 10            # wrong codes a minute from one browser
JOIN_FAILS_ALL = 120       # wrong codes a minute on the whole server (all browsers)
WINDOW = 60.0              # s, the rate limits' window


@dataclass(frozen=True)
class Ticket:
    """What ``open`` gives the lecturer: the code students type and the secret token."""
    code: str
    token: str


@dataclass(frozen=True)
class Report:
    """The session's questions with their counts, and each student's answers (by name only
    when the student gave one)."""
    polls: tuple               # Poll, oldest first, the open one last with its counts so far
    answers: tuple             # (name or "", {serial: (round, option)}) per student


class Store:
    """Every method takes the class's code; those of the lecturer also its token. Failures a
    person should read raise ClassError; a stale vote or a gone class returns False/None."""

    def __init__(self, clock=time.time):
        self.clock = clock

    # the lecturer
    def open(self, scene: Scene) -> Ticket: raise NotImplementedError
    def is_lecturer(self, code: str, token: str) -> bool: raise NotImplementedError
    def publish(self, code: str, token: str, scene: Scene) -> int: raise NotImplementedError
    def show_votes(self, code: str, token: str) -> None: raise NotImplementedError
    def vote_again(self, code: str, token: str) -> None: raise NotImplementedError
    def reveal(self, code: str, token: str) -> None: raise NotImplementedError
    def lock(self, code: str, token: str, panels) -> None: raise NotImplementedError
    def end(self, code: str, token: str) -> None: raise NotImplementedError
    def report(self, code: str, token: str) -> Report: raise NotImplementedError

    # everyone
    def version(self, code: str) -> int | None: raise NotImplementedError
    def view(self, code: str) -> ClassView | None: raise NotImplementedError

    # a student
    def join(self, code: str, client: str, name: str = "") -> str: raise NotImplementedError
    def seen(self, code: str, sid: str) -> bool: raise NotImplementedError
    def vote(self, code: str, sid: str, serial: int, round_: int, option: int) -> bool:
        raise NotImplementedError


def join_code(typed: str) -> str:
    """The code someone typed, or ClassError (before any store is asked)."""
    code = typed_code(typed)
    if code is None:
        raise ClassError("A class code is 6 letters and digits, e.g. HX74KA.")
    return code


def refuse_fails(mine: int, everyone: int) -> None:
    if mine >= JOIN_FAILS or everyone >= JOIN_FAILS_ALL:
        raise ClassError("Too many wrong class codes: wait a minute and try again.")


NO_CLASS = "No class is running with this code (it may have ended)."
FULL = "This class is full."


def report_csv(report: Report) -> str:
    """One row per question and round: step, phase, question, each option with its count,
    how many answered, the right answer and how many chose it. No names."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["question", "step", "phase", "round", "prompt", "option", "count", "answered",
                "right option", "right answer", "chose the right answer"])
    for n, poll in enumerate(report.polls, 1):
        a = poll.asked
        for r, counts in enumerate(poll.rounds, 1):
            right = counts[a.answer] if poll.revealed else ""
            for i, option in enumerate(a.options):
                w.writerow([n, a.step, a.phase, r, a.prompt, option, counts[i], sum(counts),
                            a.options[a.answer] if poll.revealed else "",
                            "yes" if poll.revealed and i == a.answer else "", right])
    return out.getvalue()


def answers_csv(report: Report) -> str:
    """One row per student: the name given (or "anonymous N"), then per question the option
    chosen in its last round and whether it was right."""
    out = io.StringIO()
    w = csv.writer(out)
    polls = report.polls
    w.writerow(["student"] + [f"question {n} (step {p.asked.step}, phase {p.asked.phase})"
                              for n, p in enumerate(polls, 1)] + ["right"])
    for k, (name, chose) in enumerate(report.answers, 1):
        row, right = [name or f"anonymous {k}"], 0
        for p in polls:
            round_, option = chose.get(p.serial, (None, None))
            if option is None or round_ != p.round:
                row.append("")
                continue
            ok = p.revealed and option == p.asked.answer
            right += ok
            row.append(p.asked.options[option] + (" (right)" if ok else ""))
        w.writerow(row + [right])
    return out.getvalue()


def score(polls) -> tuple[int, int]:
    """(right, answered) over the revealed polls' last rounds: the class score."""
    right = answered = 0
    for p in polls:
        if p.revealed and p.rounds:
            right += p.rounds[-1][p.asked.answer]
            answered += sum(p.rounds[-1])
    return right, answered


def finished(poll: Poll | None, counts) -> Poll | None:
    """A copy of ``poll`` with the open round's counts appended (for the report)."""
    if poll is None:
        return None
    return Poll(poll.serial, poll.asked, poll.round, poll.shown, poll.revealed,
                [*poll.rounds, list(counts)])
