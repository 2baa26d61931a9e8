"""One live class as data: its code, the lecturer's secret, what the lecturer shows (the
scene), the question put to the room (the poll) and what students may open; no I/O here.

The stores (memory.py, redis_store.py) keep a Room per class and the votes beside it (the
ledger: who voted what in which poll round), and assemble a ``ClassView`` from both. The
Room changes only through its methods, each of which bumps ``version`` when students must
see something new; a vote does not (a hall of votes would otherwise redraw every phone).

Peer instruction, as the poll runs it: the question is asked (round 1); "Show votes" shows
the histogram without the right answer; "Vote again" starts round 2 with the histogram
hidden; "Reveal" marks the answer. A new question in the lecturer's scene (the lecturer
stepped on) closes the open poll as revealed: the phase it asked about is on screen now.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass, field

ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"   # no look-alikes: no 0 O, 1 I L, 2 Z, 5 S, 6 G, 8 B
CODE_LENGTH = 6                        # 23^6 = 148 million codes
MAX_CLASSES = 50                       # live classes one store holds
MAX_STUDENTS = 500                     # students one class admits
IDLE_END = 3 * 3600.0                  # s without the lecturer: the class ends
PRESENT_WINDOW = 30.0                  # s: a student seen this recently counts as present
NAME_MAX = 24                          # characters of a student's name
OPTIONS_MAX = 8                        # options of one question


class ClassError(Exception):
    """What a student or lecturer is told when the store refuses (shown as the message)."""


def new_code() -> str:
    """Six characters from ALPHABET, from the OS's random source (not guessable by seed)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def typed_code(text: str) -> str | None:
    """A code as someone typed it: case, spaces and dashes do not matter; None if it cannot
    be one.

    >>> typed_code(" hx-7 4ka"), typed_code("HX74KB")
    ('HX74KA', None)
    """
    code = re.sub(r"[\s-]", "", str(text)[:40]).upper()
    ok = len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)
    return code if ok else None


def clean_name(raw: str) -> str:
    """A student's name as it may be shown: control and format characters removed (no
    newlines, no bidirectional overrides), runs of blanks as one space, at most NAME_MAX
    characters. It is still shown only as text.

    >>> clean_name("  Ada\\n\\u202eLovelace\\x00 and a very long tail  ")
    'Ada Lovelace and a very'
    """
    kept = "".join(" " if c.isspace() else c for c in str(raw)[:400]
                   if c.isspace() or not unicodedata.category(c).startswith("C"))
    return " ".join(kept.split())[:NAME_MAX].strip()


def new_token() -> str:
    return secrets.token_urlsafe(18)


def token_hash(token: str) -> str:
    return hashlib.sha256(str(token).encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class Asked:
    """A question of the lecturer's scene: the engine's Question at one step and phase."""
    qid: str                   # names the question (the same step, phase and text: the same id)
    step: int
    phase: int                 # the phase it asks about (1..3)
    prompt: str
    options: tuple
    answer: int
    explanation: str

    @staticmethod
    def of(step: int, phase: int, prompt: str, options, answer: int, explanation: str) -> "Asked":
        options = tuple(str(o) for o in options)[:OPTIONS_MAX]
        digest = hashlib.sha256(json.dumps([prompt, options]).encode()).hexdigest()[:10]
        return Asked(f"{step}.{phase}.{digest}", int(step), int(phase), str(prompt), options,
                     int(answer), str(explanation))


@dataclass(frozen=True)
class Scene:
    """What the lecturer shows: the lab as its link's query, the step, phase, panel, question."""
    lab: dict = field(default_factory=dict)
    steps: int = 0
    phase: int = 0
    panel: str | None = None
    asked: Asked | None = None


@dataclass
class Poll:
    """One asking of a question to the room, and its rounds."""
    serial: int                # the class's n-th poll: the ledger's key with ``round``
    asked: Asked
    round: int = 1
    shown: bool = False        # histogram on screen (without the answer)
    revealed: bool = False
    rounds: list = field(default_factory=list)   # counts of each finished round

    def final(self) -> list[int]:
        return self.rounds[-1] if self.rounds else [0] * len(self.asked.options)


@dataclass(frozen=True)
class PollView:
    """A poll as a student may see it: counts only once shown, the answer once revealed."""
    serial: int
    round: int
    qid: str
    step: int
    phase: int
    prompt: str
    options: tuple
    answered: int
    counts: tuple | None
    answer: int | None
    explanation: str | None

    @property
    def right(self) -> int | None:
        return None if self.answer is None or self.counts is None else self.counts[self.answer]


@dataclass(frozen=True)
class ClassView:
    """Everything a participant's screen shows of the class, as of ``version``."""
    code: str
    version: int
    scene: Scene
    locked: tuple
    poll: PollView | None        # the open (or revealed, not yet replaced) poll
    last: PollView | None        # the poll before it, closed and revealed
    present: int                 # students seen in the last PRESENT_WINDOW seconds
    joined: int
    score: tuple                 # (right, answered) over every revealed poll


def poll_view(poll: Poll | None, counts) -> PollView | None:
    if poll is None:
        return None
    a = poll.asked
    counts = tuple(counts)
    return PollView(poll.serial, poll.round, a.qid, a.step, a.phase, a.prompt, a.options,
                    sum(counts), counts if (poll.shown or poll.revealed) else None,
                    a.answer if poll.revealed else None,
                    a.explanation if poll.revealed else None)


@dataclass
class Room:
    """The lecturer's side of one class. ``counts(serial, round)`` (given by the store)
    reads the ledger when a round closes."""
    code: str
    token_hash: str
    created: float
    lecturer_seen: float
    scene: Scene = field(default_factory=Scene)
    version: int = 1
    locked: tuple = ()
    poll: Poll | None = None
    last: Poll | None = None
    history: list = field(default_factory=list)   # closed polls, oldest first
    serial: int = 0
    ended: bool = False

    @staticmethod
    def new(code: str, token: str, now: float, scene: Scene) -> "Room":
        """A class that has just started, showing ``scene`` (its question asked)."""
        room = Room(code, token_hash(token), now, now)
        room.publish(scene, lambda serial, round_: [])
        room.version = 1
        return room

    def is_lecturer(self, token: str) -> bool:
        return hmac.compare_digest(self.token_hash, token_hash(token))

    def alive(self, now: float) -> bool:
        return not self.ended and now - self.lecturer_seen < IDLE_END

    def ballot(self) -> str:
        """What a vote must name to count: "serial:round:options" of the open poll, or ""."""
        p = self.poll
        return "" if p is None or p.revealed else f"{p.serial}:{p.round}:{len(p.asked.options)}"

    def _bump(self) -> None:
        self.version += 1

    def publish(self, scene: Scene, counts) -> bool:
        """Take the lecturer's scene; False when nothing changed."""
        if scene == self.scene:
            return False
        p = self.poll
        if p is not None and (scene.asked is None or scene.asked.qid != p.asked.qid):
            p.rounds.append(list(counts(p.serial, p.round)))
            p.revealed, p.shown = True, True
            self.history.append(p)
            self.last, self.poll = p, None
        if scene.asked is not None and self.poll is None:
            self.serial += 1
            self.poll = Poll(self.serial, scene.asked)
        self.scene = scene
        self._bump()
        return True

    def show_votes(self) -> None:
        if self.poll is not None and not self.poll.shown:
            self.poll.shown = True
            self._bump()

    def vote_again(self, counts) -> None:
        p = self.poll
        if p is not None and not p.revealed:
            p.rounds.append(list(counts(p.serial, p.round)))
            p.round, p.shown = p.round + 1, False
            self._bump()

    def reveal(self) -> None:
        if self.poll is not None and not self.poll.revealed:
            self.poll.revealed = self.poll.shown = True
            self._bump()

    def lock(self, panels) -> None:
        locked = tuple(sorted({str(p) for p in panels}))
        if locked != self.locked:
            self.locked = locked
            self._bump()

    def end(self) -> None:
        if not self.ended:
            self.ended = True
            self._bump()

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @staticmethod
    def from_json(text: str) -> "Room":
        d = json.loads(text)
        d["scene"] = _scene(d["scene"])
        d["locked"] = tuple(d["locked"])
        for key in ("poll", "last"):
            d[key] = _poll(d[key])
        d["history"] = [_poll(p) for p in d["history"]]
        return Room(**d)


def _asked(d) -> Asked | None:
    return None if d is None else Asked(**dict(d, options=tuple(d["options"])))


def _scene(d) -> Scene:
    return Scene(d["lab"], d["steps"], d["phase"], d["panel"], _asked(d["asked"]))


def _poll(d) -> Poll | None:
    return None if d is None else Poll(**dict(d, asked=_asked(d["asked"])))
