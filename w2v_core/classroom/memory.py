"""The class store of one server process (the default: `streamlit run app.py` serves a class
with nothing else to install). Every session of the process shares it; one lock keeps each
operation whole. Bounded: MAX_CLASSES classes, MAX_STUDENTS per class, a class ends
IDLE_END seconds after the lecturer was last seen, and ended classes are dropped."""
from __future__ import annotations

import secrets
import threading
from collections import defaultdict, deque

from .room import (MAX_CLASSES, MAX_STUDENTS, PRESENT_WINDOW, ClassError, ClassView, Room, Scene,
                   clean_name, new_code, new_token, poll_view)
from .store import (FULL, NO_CLASS, WINDOW, Report, Store, Ticket, finished, join_code,
                    refuse_fails, score)


VIEW_FRESH = 1.0     # s a class's view is reused while only who is present may have changed


class _Class:
    """A Room and its ledger: students {sid: [name, client, last seen]}, votes; and the
    class's last view (every screen of a hall reads it at each change: counting the present
    and the votes once per change, not once per screen)."""

    def __init__(self, room: Room):
        self.room = room
        self.students: dict[str, list] = {}
        self.by_client: dict[str, str] = {}
        self.votes: dict[tuple, dict[str, int]] = defaultdict(dict)   # (serial, round) -> sid -> option
        self.kept: tuple | None = None            # (what it depends on, when, ClassView)

    def stamp(self) -> tuple:
        """What a view depends on besides the time: the room's version (every change of
        the room bumps it), the votes on the open question, the students who joined."""
        poll = self.room.poll
        cast = len(self.votes.get((poll.serial, poll.round), ())) if poll else 0
        return self.room.version, cast, len(self.students)

    def counts(self, serial: int, round_: int) -> list[int]:
        p = self.room.poll if self.room.poll and self.room.poll.serial == serial else None
        n = len(p.asked.options) if p else 0
        tally = [0] * n
        for option in self.votes.get((serial, round_), {}).values():
            tally[option] += 1
        return tally


class MemoryStore(Store):
    def __init__(self, clock=None, max_classes: int = MAX_CLASSES, max_students: int = MAX_STUDENTS):
        super().__init__(*(() if clock is None else (clock,)))
        self.max_classes, self.max_students = max_classes, max_students
        self._lock = threading.Lock()
        self._classes: dict[str, _Class] = {}
        self._fails: dict[str, deque] = defaultdict(deque)     # client -> times of wrong codes
        self._all_fails: deque = deque()

    # ---- helpers (called with the lock held) ----
    def _live(self, code: str) -> _Class | None:
        c = self._classes.get(code)
        if c is not None and not c.room.alive(self.clock()):
            del self._classes[code]
            return None
        return c

    def _lecturer(self, code: str, token: str) -> _Class:
        c = self._live(code)
        if c is None or not c.room.is_lecturer(token):
            raise ClassError("This is not the lecturer of a running class.")
        c.room.lecturer_seen = self.clock()
        return c

    def _sweep(self) -> None:
        for code in list(self._classes):
            self._live(code)

    # ---- the lecturer ----
    def open(self, scene: Scene) -> Ticket:
        with self._lock:
            self._sweep()
            if len(self._classes) >= self.max_classes:
                raise ClassError(f"This server runs {self.max_classes} classes already: "
                                 "end one, or try again later.")
            code = new_code()
            while code in self._classes:
                code = new_code()
            token, now = new_token(), self.clock()
            self._classes[code] = _Class(Room.new(code, token, now, scene))
            return Ticket(code, token)

    def is_lecturer(self, code: str, token: str) -> bool:
        with self._lock:
            try:
                self._lecturer(code, token)
                return True
            except ClassError:
                return False

    def publish(self, code: str, token: str, scene: Scene) -> int:
        with self._lock:
            c = self._lecturer(code, token)
            c.room.publish(scene, c.counts)
            return c.room.version

    def show_votes(self, code: str, token: str) -> None:
        with self._lock:
            self._lecturer(code, token).room.show_votes()

    def vote_again(self, code: str, token: str) -> None:
        with self._lock:
            c = self._lecturer(code, token)
            c.room.vote_again(c.counts)

    def reveal(self, code: str, token: str) -> None:
        with self._lock:
            self._lecturer(code, token).room.reveal()

    def lock(self, code: str, token: str, panels) -> None:
        with self._lock:
            self._lecturer(code, token).room.lock(panels)

    def end(self, code: str, token: str) -> None:
        with self._lock:
            self._lecturer(code, token).room.end()
            del self._classes[code]

    def report(self, code: str, token: str) -> Report:
        with self._lock:
            c = self._lecturer(code, token)
            room = c.room
            now = finished(room.poll, c.counts(room.poll.serial, room.poll.round)) if room.poll else None
            polls = tuple(room.history) + ((now,) if now else ())
            answers = []
            for sid, (name, _, _) in c.students.items():
                chose = {s: (r, votes[sid]) for (s, r), votes in sorted(c.votes.items())
                         if sid in votes}
                answers.append((name, chose))
            return Report(polls, tuple(answers))

    # ---- everyone ----
    def version(self, code: str) -> int | None:
        with self._lock:
            c = self._live(code)
            return None if c is None else c.room.version

    def view(self, code: str) -> ClassView | None:
        """The class as its screens show it; the same view while nothing in it changed
        (``present`` at most VIEW_FRESH seconds old)."""
        with self._lock:
            c = self._live(code)
            if c is None:
                return None
            room, now, stamp = c.room, self.clock(), c.stamp()
            if c.kept and c.kept[0] == stamp and now - c.kept[1] < VIEW_FRESH:
                return c.kept[2]
            counts = c.counts(room.poll.serial, room.poll.round) if room.poll else []
            present = sum(1 for _, _, seen in c.students.values() if now - seen < PRESENT_WINDOW)
            open_poll = finished(room.poll, counts)
            view = ClassView(code, room.version, room.scene, room.locked,
                             poll_view(room.poll, counts),
                             poll_view(room.last, room.last.final()) if room.last else None,
                             present, len(c.students),
                             score(room.history + ([open_poll] if open_poll else [])))
            c.kept = (stamp, now, view)
            return view

    # ---- a student ----
    def join(self, code: str, client: str, name: str = "") -> str:
        code, name = join_code(code), clean_name(name)
        with self._lock:
            now = self.clock()
            mine, everyone = self._fails[client], self._all_fails
            for times in (mine, everyone):
                while times and now - times[0] > WINDOW:
                    times.popleft()
            refuse_fails(len(mine), len(everyone))
            c = self._live(code)
            if c is None:
                mine.append(now)
                everyone.append(now)
                raise ClassError(NO_CLASS)
            sid = c.by_client.get(client)
            if sid is None:
                if len(c.students) >= self.max_students:
                    raise ClassError(FULL)
                sid = c.by_client[client] = secrets.token_urlsafe(16)
                c.students[sid] = [name, client, now]
            elif name:
                c.students[sid][0] = name
            c.students[sid][2] = now
            return sid

    def seen(self, code: str, sid: str) -> bool:
        with self._lock:
            c = self._live(code)
            if c is None or sid not in c.students:
                return False
            c.students[sid][2] = self.clock()
            return True

    def vote(self, code: str, sid: str, serial: int, round_: int, option: int) -> bool:
        with self._lock:
            c = self._live(code)
            if c is None or sid not in c.students:
                return False
            ballot = c.room.ballot()
            if not ballot:
                return False
            s, r, n = map(int, ballot.split(":"))
            votes = c.votes[(serial, round_)] if (s, r) == (serial, round_) else None
            if votes is None or sid in votes or not 0 <= int(option) < n:
                return False
            votes[sid] = int(option)
            c.students[sid][2] = self.clock()
            return True
