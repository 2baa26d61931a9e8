"""The class store in Redis, for several replicas behind deploy/'s nginx: the students of one
class land on different replicas, and every replica reads the same class from here.

Per class (code C), all with a time to live:
- ``w2v:room:C`` the Room as JSON, ``w2v:ver:C`` its version (what students poll: one GET),
  ``w2v:ballot:C`` "serial:round:options" of the open poll ("" when none): written together
  by the lecturer in one MULTI, under WATCH (optimistic; retried when a vote came in
  between), and living IDLE_END seconds after the lecturer was last seen: the class ends
  when they expire;
- ``w2v:students:C`` sid -> name, ``w2v:clients:C`` browser -> sid, ``w2v:seen:C`` sid ->
  last seen (sorted set), ``w2v:votes:C:S:R`` sid -> option for poll S, round R.
Votes and joins are Lua scripts, so each is one atomic step on the server: a vote counts
only for the open poll round, for a joined student, once (HSETNX).
"""
from __future__ import annotations

import secrets

from .room import (IDLE_END, MAX_CLASSES, MAX_STUDENTS, PRESENT_WINDOW, ClassError, ClassView,
                   Room, Scene, clean_name, new_code, new_token, poll_view)
from .store import (FULL, NO_CLASS, WINDOW, Report, Store, Ticket, finished, join_code,
                    refuse_fails, score)

LEDGER_TTL = int(IDLE_END) + 12 * 3600      # s: students and votes outlive a quiet lecturer
TOUCH_EVERY = 60.0                          # s between two refreshes of the lecturer's time

OPEN = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return -1 end
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('SET', KEYS[2], ARGV[5], 'EX', ARGV[3])
redis.call('SET', KEYS[3], ARGV[6], 'EX', ARGV[3])
redis.call('SET', KEYS[4], '', 'EX', ARGV[3])
return 1
"""
JOIN = """
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, ''} end
local sid = redis.call('HGET', KEYS[3], ARGV[1])
if not sid then
  if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[5]) then return {-1, ''} end
  sid = ARGV[2]
  redis.call('HSET', KEYS[3], ARGV[1], sid)
  redis.call('HSET', KEYS[2], sid, ARGV[3])
elseif ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], sid, ARGV[3])
end
redis.call('ZADD', KEYS[4], ARGV[4], sid)
for i = 2, 4 do redis.call('EXPIRE', KEYS[i], ARGV[6]) end
return {1, sid}
"""
VOTE = """
local b = redis.call('GET', KEYS[1])
if not b or b == '' then return 0 end
local s, r, n = string.match(b, '^(%d+):(%d+):(%d+)$')
if s .. ':' .. r ~= ARGV[2] then return 0 end
local option = tonumber(ARGV[3])
if not option or option < 0 or option >= tonumber(n) or option % 1 ~= 0 then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[3]) == 0 then return 0 end
redis.call('EXPIRE', KEYS[3], ARGV[4])
return 1
"""


def _keys(code: str) -> dict[str, str]:
    return {k: f"w2v:{k}:{code}" for k in ("room", "ver", "ballot", "students", "clients", "seen")}


def _votes_key(code: str, serial: int, round_: int) -> str:
    return f"w2v:votes:{code}:{int(serial)}:{int(round_)}"


class RedisStore(Store):
    def __init__(self, url: str, clock=None, max_classes: int = MAX_CLASSES,
                 max_students: int = MAX_STUDENTS):
        import redis                      # only a deployment with W2V_CLASS_STORE needs it
        super().__init__(*(() if clock is None else (clock,)))
        self.redis = redis.Redis.from_url(url, decode_responses=True, health_check_interval=30)
        self._watch_error = redis.WatchError
        self.max_classes, self.max_students = max_classes, max_students
        self._open, self._join, self._vote = (self.redis.register_script(s) for s in (OPEN, JOIN, VOTE))

    # ---- the lecturer ----
    def open(self, scene: Scene) -> Ticket:
        for _ in range(20):
            code, token, now = new_code(), new_token(), self.clock()
            room = Room.new(code, token, now, scene)
            k = _keys(code)
            done = self._open(keys=["w2v:classes", k["room"], k["ver"], k["ballot"]],
                              args=[code, now, int(IDLE_END), self.max_classes, room.to_json(),
                                    room.version])
            if done == 1:
                return Ticket(code, token)
            if done == -1:
                raise ClassError(f"This server runs {self.max_classes} classes already: "
                                 "end one, or try again later.")
        raise ClassError("Could not find a free class code: try again.")

    def _change(self, code: str, token: str, act) -> Room:
        """Apply ``act(room, counts)`` to the class under WATCH, retried on a conflict."""
        k = _keys(code)
        with self.redis.pipeline() as pipe:
            for _ in range(200):
                try:
                    pipe.watch(k["room"])
                    text = pipe.get(k["room"])
                    room = Room.from_json(text) if text else None
                    if room is None or not room.alive(self.clock()) or not room.is_lecturer(token):
                        raise ClassError("This is not the lecturer of a running class.")
                    before = (room.to_json(), room.ballot())

                    def counts(serial, round_, pipe=pipe):
                        vkey = _votes_key(code, serial, round_)
                        pipe.watch(vkey)
                        return _tally(pipe.hvals(vkey), len(room.poll.asked.options))

                    act(room, counts)
                    now = self.clock()
                    touch = now - room.lecturer_seen >= TOUCH_EVERY
                    if touch:
                        room.lecturer_seen = now
                    if room.to_json() == before[0] and not touch:
                        pipe.unwatch()
                        return room
                    pipe.multi()
                    if room.ended:
                        pipe.delete(*k.values())
                        pipe.zrem("w2v:classes", code)
                    else:
                        ttl = int(IDLE_END)
                        pipe.set(k["room"], room.to_json(), ex=ttl)
                        pipe.set(k["ver"], room.version, ex=ttl)
                        pipe.set(k["ballot"], room.ballot(), ex=ttl)
                        pipe.zadd("w2v:classes", {code: room.lecturer_seen})
                    pipe.execute()
                    return room
                except self._watch_error:
                    continue
        raise ClassError("The class is too busy to change just now: try again.")

    def is_lecturer(self, code: str, token: str) -> bool:
        try:
            self._change(code, token, lambda room, counts: None)
            return True
        except ClassError:
            return False

    def publish(self, code: str, token: str, scene: Scene) -> int:
        return self._change(code, token, lambda room, counts: room.publish(scene, counts)).version

    def show_votes(self, code: str, token: str) -> None:
        self._change(code, token, lambda room, counts: room.show_votes())

    def vote_again(self, code: str, token: str) -> None:
        self._change(code, token, lambda room, counts: room.vote_again(counts))

    def reveal(self, code: str, token: str) -> None:
        self._change(code, token, lambda room, counts: room.reveal())

    def lock(self, code: str, token: str, panels) -> None:
        self._change(code, token, lambda room, counts: room.lock(panels))

    def end(self, code: str, token: str) -> None:
        self._change(code, token, lambda room, counts: room.end())

    def report(self, code: str, token: str) -> Report:
        room = self._change(code, token, lambda room, counts: None)
        k = _keys(code)
        polls = list(room.history)
        if room.poll is not None:
            p = room.poll
            polls.append(finished(p, self._counts(code, p.serial, p.round, len(p.asked.options))))
        students = self.redis.hgetall(k["students"])
        rounds = [(p.serial, r) for p in polls for r in range(1, p.round + 1)]
        with self.redis.pipeline(transaction=False) as pipe:
            for s, r in rounds:
                pipe.hgetall(_votes_key(code, s, r))
            ledgers = pipe.execute()
        answers = []
        for sid, name in students.items():
            chose = {s: (r, int(votes[sid])) for (s, r), votes in zip(rounds, ledgers) if sid in votes}
            answers.append((name, chose))
        return Report(tuple(polls), tuple(answers))

    def _counts(self, code, serial, round_, n) -> list[int]:
        return _tally(self.redis.hvals(_votes_key(code, serial, round_)), n)

    # ---- everyone ----
    def version(self, code: str) -> int | None:
        v = self.redis.get(f"w2v:ver:{code}")
        return None if v is None else int(v)

    def view(self, code: str) -> ClassView | None:
        k = _keys(code)
        text = self.redis.get(k["room"])
        if text is None:
            return None
        room, now = Room.from_json(text), self.clock()
        if not room.alive(now):
            return None
        p = room.poll
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.hvals(_votes_key(code, p.serial, p.round) if p else "w2v:none")
            pipe.zcount(k["seen"], now - PRESENT_WINDOW, "+inf")
            pipe.hlen(k["students"])
            votes, present, joined = pipe.execute()
        counts = _tally(votes, len(p.asked.options)) if p else []
        open_poll = finished(p, counts)
        return ClassView(code, room.version, room.scene, room.locked, poll_view(p, counts),
                         poll_view(room.last, room.last.final()) if room.last else None,
                         present, joined,
                         score(room.history + ([open_poll] if open_poll else [])))

    # ---- a student ----
    def join(self, code: str, client: str, name: str = "") -> str:
        code, name = join_code(code), clean_name(name)
        mine, everyone = f"w2v:fails:{client}", "w2v:fails"
        refuse_fails(*(int(v or 0) for v in self.redis.mget(mine, everyone)))
        k = _keys(code)
        done, sid = self._join(keys=[k["ver"], k["students"], k["clients"], k["seen"]],
                               args=[client, secrets.token_urlsafe(16), name, self.clock(),
                                     self.max_students, LEDGER_TTL])
        if done == 1:
            return sid
        if done == -1:
            raise ClassError(FULL)
        with self.redis.pipeline() as pipe:
            for key in (mine, everyone):
                pipe.incr(key)
                pipe.expire(key, int(WINDOW), nx=True)
            pipe.execute()
        raise ClassError(NO_CLASS)

    def seen(self, code: str, sid: str) -> bool:
        k = _keys(code)
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.exists(k["ver"])
            pipe.zadd(k["seen"], {sid: self.clock()}, xx=True)
            pipe.zscore(k["seen"], sid)
            live, _, joined = pipe.execute()
        return bool(live) and joined is not None

    def vote(self, code: str, sid: str, serial: int, round_: int, option: int) -> bool:
        k = _keys(code)
        return self._vote(keys=[k["ballot"], k["students"], _votes_key(code, serial, round_)],
                          args=[sid, f"{int(serial)}:{int(round_)}", int(option), LEDGER_TTL]) == 1


def _tally(values, n: int) -> list[int]:
    counts = [0] * n
    for v in values:
        if 0 <= int(v) < n:
            counts[int(v)] += 1
    return counts
