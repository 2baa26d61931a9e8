"""A live class (w2v_core.classroom): codes, names, the lecturer's secret, the poll's rounds,
one vote per student, the bounds, and the same promises from both stores: the process's
MemoryStore and the RedisStore (against a real redis-server on a free port; skipped with the
reason when Debian's redis-server is missing)."""
import csv
import io
import threading

import pytest

from redis_helper import MISSING, REDIS, redis_server
from w2v_core.classroom import ALPHABET, Asked, ClassError, Scene, answers_csv, report_csv
from w2v_core.classroom.memory import MemoryStore
from w2v_core.classroom.room import IDLE_END, Room, clean_name, new_code, typed_code
from w2v_core.classroom.store import JOIN_FAILS, JOIN_FAILS_ALL

Q1 = Asked.of(1, 1, "Which output gets the largest y?", ["eat", "drink", "apple"], 1, "y = 0.4")
Q2 = Asked.of(1, 2, "Will EI be negative?", ["negative", "positive", "zero"], 0, "EI = y - 1")
LAB = {"corpus": "eat_drink"}


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def redis_url():
    if REDIS is None:
        pytest.skip(MISSING)
    with redis_server() as url:
        yield url


@pytest.fixture(params=["memory", "redis"])
def make(request):
    """make(**options) -> a fresh store of the parametrized kind (Redis: flushed first)."""
    if request.param == "memory":
        return lambda **kw: MemoryStore(**kw)
    from w2v_core.classroom.redis_store import RedisStore
    url = request.getfixturevalue("redis_url")

    def redis_store(**kw):
        store = RedisStore(url, **kw)
        store.redis.flushall()
        return store
    return redis_store


def asking(store, asked=Q1, steps=0, phase=0):
    t = store.open(Scene(LAB))
    store.publish(t.code, t.token, Scene(LAB, steps, phase, "Network", asked))
    return t


# ---- the model ----

def test_a_code_is_six_characters_from_an_alphabet_without_look_alikes():
    assert not set(ALPHABET) & set("0O1IL2Z5S6G8B")
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and set(c) <= set(ALPHABET) for c in codes) and len(codes) > 190


def test_a_typed_code_ignores_case_spaces_and_dashes_and_refuses_other_characters():
    assert typed_code("hx7-4ka") == "HX74KA"
    assert typed_code("HX74K0") is None and typed_code("HX74K") is None


def test_a_name_is_plain_text_of_at_most_24_characters():
    assert clean_name("Ada\x00\u202e\n<b>Lovelace</b>" + "x" * 40) == "Ada <b>Lovelace</b>xxxxx"
    assert clean_name("\t\r\n") == ""


def test_a_room_survives_its_json():
    room = Room("HX74KA", "h", 1.0, 2.0, Scene(LAB, 1, 1, "Errors", Q1))
    room.publish(Scene(LAB, 1, 1, "Errors", Q1), lambda s, r: [0, 0, 0])
    room.publish(Scene(LAB, 1, 2, "Errors", Q2), lambda s, r: [1, 2, 0])
    assert Room.from_json(room.to_json()) == room


def test_a_new_question_closes_the_open_poll_as_revealed_with_its_counts():
    room = Room("HX74KA", "h", 1.0, 2.0)
    room.publish(Scene(LAB, 0, 0, None, Q1), lambda s, r: [])
    room.publish(Scene(LAB, 0, 1, None, Q2), lambda s, r: [3, 4, 0])
    assert room.last.asked == Q1 and room.last.revealed and room.last.final() == [3, 4, 0]
    assert room.poll.asked == Q2 and room.poll.serial == 2 and not room.poll.revealed


# ---- both stores ----

def test_only_the_lecturer_token_changes_the_class(make):
    store = make()
    t = asking(store)
    for act in (lambda tok: store.publish(t.code, tok, Scene(LAB, 5)), lambda tok: store.reveal(t.code, tok),
                lambda tok: store.end(t.code, tok), lambda tok: store.lock(t.code, tok, ["Check"])):
        with pytest.raises(ClassError):
            act("not-the-token")
    assert store.view(t.code).scene.steps == 0 and store.is_lecturer(t.code, t.token)
    one_character_off = t.token[:-1] + ("y" if t.token.endswith("x") else "x")
    assert not store.is_lecturer(t.code, one_character_off)


def test_the_version_changes_exactly_when_students_must_see_something_new(make):
    store = make()
    t = asking(store)
    v = store.version(t.code)
    assert store.publish(t.code, t.token, Scene(LAB, 0, 0, "Network", Q1)) == v      # the same scene
    sid = store.join(t.code, "browser-a")
    assert store.vote(t.code, sid, 1, 1, 0) and store.version(t.code) == v           # a vote: no redraw
    store.show_votes(t.code, t.token)
    assert store.version(t.code) == v + 1


def test_a_student_votes_once_per_question_round_and_only_for_the_open_round(make):
    store = make()
    t = asking(store)
    a, b = store.join(t.code, "browser-a", "Ada"), store.join(t.code, "browser-b")
    assert store.vote(t.code, a, 1, 1, 2)
    assert not store.vote(t.code, a, 1, 1, 1)                 # twice
    assert not store.vote(t.code, "made-up-id", 1, 1, 1)      # for nobody
    assert not store.vote(t.code, b, 1, 2, 1)                 # a round that is not open
    assert not store.vote(t.code, b, 1, 1, 3)                 # no such option
    assert store.view(t.code).poll.answered == 1
    store.reveal(t.code, t.token)
    assert not store.vote(t.code, b, 1, 1, 1)                 # after the reveal


def test_counts_show_after_show_votes_and_the_answer_after_reveal(make):
    store = make()
    t = asking(store)
    for i, option in enumerate([1, 1, 0]):
        assert store.vote(t.code, store.join(t.code, f"browser-{i}"), 1, 1, option)
    poll = store.view(t.code).poll
    assert (poll.answered, poll.counts, poll.answer) == (3, None, None)
    store.show_votes(t.code, t.token)
    poll = store.view(t.code).poll
    assert (poll.counts, poll.answer) == ((1, 2, 0), None)
    store.reveal(t.code, t.token)
    poll = store.view(t.code).poll
    assert (poll.counts, poll.answer, poll.right, poll.explanation) == ((1, 2, 0), 1, 2, "y = 0.4")
    assert store.view(t.code).score == (2, 3)


def test_vote_again_starts_a_new_round_and_the_report_keeps_both(make):
    store = make()
    t = asking(store)
    sids = [store.join(t.code, f"browser-{i}", f"S{i}" if i else "") for i in range(3)]
    for sid, option in zip(sids, [0, 0, 1]):
        store.vote(t.code, sid, 1, 1, option)
    store.show_votes(t.code, t.token)
    store.vote_again(t.code, t.token)
    poll = store.view(t.code).poll
    assert (poll.round, poll.answered, poll.counts) == (2, 0, None)       # cleared and hidden
    for sid in sids:
        assert store.vote(t.code, sid, 1, 2, 1)                           # each votes again
    store.reveal(t.code, t.token)
    store.publish(t.code, t.token, Scene(LAB, 0, 1, "Network", Q2))       # the lecturer goes on
    last = store.view(t.code).last
    assert (last.counts, last.answer, last.right) == ((0, 3, 0), 1, 3)
    rows = list(csv.DictReader(io.StringIO(report_csv(store.report(t.code, t.token)))))
    first = [(r["round"], r["option"], r["count"]) for r in rows if r["question"] == "1"]
    assert first == [("1", "eat", "2"), ("1", "drink", "1"), ("1", "apple", "0"),
                     ("2", "eat", "0"), ("2", "drink", "3"), ("2", "apple", "0")]
    people = list(csv.reader(io.StringIO(answers_csv(store.report(t.code, t.token)))))
    assert sorted(r[0] for r in people[1:]) == ["S1", "S2", "anonymous 1"]   # names only if given


def test_one_browser_is_one_student_however_many_tabs(make):
    store = make()
    t = asking(store)
    a = store.join(t.code, "browser-a")
    assert store.join(t.code.lower(), "browser-a", "Ada") == a
    assert store.view(t.code).joined == 1


def test_a_class_admits_at_most_its_students_and_a_store_at_most_its_classes(make):
    store = make(max_classes=2, max_students=2)
    t = asking(store)
    store.join(t.code, "a"), store.join(t.code, "b")
    with pytest.raises(ClassError, match="full"):
        store.join(t.code, "c")
    store.open(Scene(LAB))
    with pytest.raises(ClassError, match="2 classes"):
        store.open(Scene(LAB))


def test_wrong_codes_are_rate_limited_per_browser_and_per_server(make):
    store = make()
    t = asking(store)
    wrong = t.code[:-1] + next(c for c in ALPHABET if c != t.code[-1])
    for _ in range(JOIN_FAILS):
        with pytest.raises(ClassError, match="No class"):
            store.join(wrong, "guesser")
    with pytest.raises(ClassError, match="Too many"):
        store.join(t.code, "guesser")                        # even the right code, for a minute
    assert store.join(t.code, "student")                     # other browsers still join
    for i in range(JOIN_FAILS_ALL - JOIN_FAILS):
        with pytest.raises(ClassError):
            store.join(wrong, f"guesser-{i // 5}")
    with pytest.raises(ClassError, match="Too many"):
        store.join(t.code, "another student")


def test_ending_the_class_ends_it_for_everyone(make):
    store = make()
    t = asking(store)
    sid = store.join(t.code, "a")
    store.end(t.code, t.token)
    assert store.version(t.code) is None and store.view(t.code) is None
    assert not store.vote(t.code, sid, 1, 1, 0) and not store.seen(t.code, sid)
    with pytest.raises(ClassError):
        store.join(t.code, "b")


def test_votes_from_a_hall_at_once_are_all_counted(make):
    store = make()
    t = asking(store)
    sids = [store.join(t.code, f"browser-{i}") for i in range(200)]
    accepted = []
    threads = [threading.Thread(target=lambda s=s, i=i: accepted.append(store.vote(t.code, s, 1, 1, i % 3)))
               for i, s in enumerate(sids)]
    mover = threading.Thread(target=lambda: [store.lock(t.code, t.token, [f"p{i}"]) for i in range(20)])
    for th in threads + [mover]:
        th.start()
    for th in threads + [mover]:
        th.join()
    store.show_votes(t.code, t.token)
    assert accepted.count(True) == 200 and store.view(t.code).poll.counts == (67, 67, 66)


def test_present_counts_students_seen_in_the_last_30_seconds():
    clock = Clock()
    store = MemoryStore(clock=clock)
    t = asking(store)
    a = store.join(t.code, "a")
    store.join(t.code, "b")
    clock.now += 20
    assert store.seen(t.code, a)
    clock.now += 20
    assert (store.view(t.code).present, store.view(t.code).joined) == (1, 2)


def test_a_hall_reads_one_view_per_change_of_the_class_and_present_at_most_a_second_old():
    from w2v_core.classroom.memory import VIEW_FRESH
    clock = Clock()
    store = MemoryStore(clock=clock)
    t = asking(store)
    a = store.join(t.code, "a")
    first = store.view(t.code)
    assert store.view(t.code) is first                          # nothing changed: the same view
    b = store.join(t.code, "b")
    assert store.view(t.code).joined == 2                       # a join: a new view
    assert store.vote(t.code, a, 1, 1, 0)
    assert store.view(t.code).poll.answered == 1                # a vote: a new view
    store.show_votes(t.code, t.token)
    assert store.view(t.code).poll.counts == (1, 0, 0)          # the lecturer's change: a new one
    clock.now += 40                                             # no one seen for 40 s ...
    store.seen(t.code, b)
    assert store.view(t.code).present == 1                      # ... counted anew after VIEW_FRESH
    kept = store.view(t.code)
    clock.now += VIEW_FRESH / 2
    assert store.view(t.code) is kept


def test_a_class_ends_three_hours_after_the_lecturer_was_last_seen():
    clock = Clock()
    store = MemoryStore(clock=clock)
    t = asking(store)
    clock.now += IDLE_END - 10
    assert store.is_lecturer(t.code, t.token)                 # seen again: three more hours
    clock.now += IDLE_END - 10
    assert store.version(t.code) is not None
    clock.now += 20
    assert store.version(t.code) is None


def test_redis_keys_of_a_class_live_three_hours_after_the_lecturer(redis_url):
    from w2v_core.classroom.redis_store import RedisStore
    store = RedisStore(redis_url)
    t = asking(store)
    assert IDLE_END - 5 <= store.redis.ttl(f"w2v:ver:{t.code}") <= IDLE_END


def test_two_replicas_share_one_class_through_redis(redis_url):
    from w2v_core.classroom.redis_store import RedisStore
    one, two = RedisStore(redis_url), RedisStore(redis_url)
    t = asking(one)
    sid = two.join(t.code, "a")
    assert two.vote(t.code, sid, 1, 1, 1) and not one.vote(t.code, sid, 1, 1, 1)
    one.show_votes(t.code, t.token)
    assert two.view(t.code).poll.counts == (0, 1, 0)
