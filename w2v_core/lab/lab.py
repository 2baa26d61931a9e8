"""One student's lab: corpus, vocabulary, model, the stream of instances, and the step history.

UI-free: the Streamlit pages keep one Lab in session state and call its methods.
The stream walks the corpus as word2vec.c does: each epoch, every sentence is
subsampled (word2vec.c's rule, when ``sample`` > 0) and cut into instances with the
dynamic window. Each sentence's draws come from a generator seeded by
(seed, epoch, sentence), so the stream is reproducible and Undo is exact.
A corpus of explicit training pairs (pairs.py, lines ``context words | target``) makes one
instance per line instead, as written: no window, no subsampling.
"""
from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, replace

import numpy as np

from ..settings import SAMPLE_STEPS, LabSettings
from .budget import MIN_INSTANCES, Budget, BudgetSpent, expected_instances, no_instance_message
from .limits import (HISTORY_BYTES, MAX_SENTENCE_WORDS, MAX_STEPS, MAX_TEXT_CHARS, check_model,
                     check_pairs, check_room, check_sentences, check_text)
from ..step.model import Word2Vec
from ..subsampling import keep_probability_word2vec, subsample_sentence
from ..pairs import BAR, explicit_pairs, pair_instance, parse_pairs, plain_sentences
from ..text import Vocabulary, tokenize
from ..step.trace import StepTrace
from .records import LossLog, Schedule, trace_bytes
from ..windows import Instance, sentence_instances

MAX_EMPTY_EPOCHS = 100          # epochs in a row without an instance: subsampling drops all
CACHE_TASKS = 20_000            # tasks of recent sentences kept (about 7 MB at most)


@dataclass(frozen=True)
class Task:
    """One step's instance, located in the corpus for highlighting."""

    epoch: int
    sentence: int                  # index into Lab.sentences
    center: int                    # model.step's centre argument (word index)
    context: tuple[int, ...]       # model.step's context argument
    center_pos: int                # token position of the instance's centre word
    context_pos: tuple[int, ...]   # token positions of its context words
    radius: int                    # the drawn window radius (0: an explicit pair, no window)
    dropped_pos: tuple[int, ...]   # token positions this epoch's subsampling dropped (or OOV)
    input_pos: tuple[int, ...]     # token positions of the input word(s) of this step


@dataclass(frozen=True)
class Cursor:
    epoch: int = 0
    sentence: int = 0
    item: int = 0                  # index into that sentence's task list


def text_to_sentences(text: str) -> list[list[str]]:
    """Tokenised sentences of a corpus text, refusing a text longer than a lab takes (the
    other budgets of ``limits`` are checked by the Lab). A text of explicit pairs keeps its
    bar as a token (``pairs.parse_pairs``: ``eat | apple`` -> ["eat", "|", "apple"]).

    >>> text_to_sentences("The cat sat"), text_to_sentences("eat|apple")
    ([['the', 'cat', 'sat']], [['eat', '|', 'apple']])
    """
    check_text(text)
    sentences = parse_pairs(text)
    if sentences is None:
        sentences = tokenize(text)
    if not sentences:
        raise ValueError("the text has no words (it is empty, or only spaces and punctuation)")
    return sentences


def shared_sentences(sentences) -> list[list[str]]:
    """The sentences a lab trains on: lines longer than MAX_SENTENCE_WORDS cut into pieces
    of that length (word2vec.c cuts at 1,000 words too), every token one shared string per
    word (a corpus of 200,000 tokens then holds a few distinct strings, not 200,000).

    >>> shared_sentences([["a"] * 2500])[2] == ["a"] * 500
    True
    """
    one: dict[str, str] = {}
    return [[one.setdefault(w, w) for w in line[start:start + MAX_SENTENCE_WORDS]]
            for line in sentences for start in range(0, len(line), MAX_SENTENCE_WORDS)]


class Lab:
    """Corpus + settings -> vocabulary, model, instance stream and step history."""

    def __init__(self, sentences: list[list[str]], settings: LabSettings = LabSettings()):
        self.settings = settings.validate()
        check_sentences(sentences)
        self.pairs = explicit_pairs(sentences, MAX_SENTENCE_WORDS)   # one instance per line
        self.sentences = sentences = shared_sentences(sentences)
        self.vocab = Vocabulary.from_sentences(plain_sentences(sentences) if self.pairs
                                               else sentences, settings.min_count)
        settings.check_vocabulary(self.vocab.size)
        check_model(self.vocab.size, settings.dim)
        if not self.pairs:                       # a pair makes len(context) pairs, any window
            check_pairs(sum(map(len, sentences)), settings.window)
        self.model = Word2Vec(self.vocab, settings)
        self.encoded = [self.vocab.encode(s) for s in sentences]     # [(ids, positions)]; no BAR
        self.keep_prob = keep_probability_word2vec(self.vocab.counts, settings.sample)
        # only these sentences can ever yield an instance: the stream jumps over the others
        self.productive = np.flatnonzero([                                             # (S',)
            pair_instance(ids, pos, len(s)) is not None if self.pairs else len(ids) >= 2
            for (ids, pos), s in zip(self.encoded, sentences)])
        if not len(self.productive):
            why = ("no pair has its target and a context word in the vocabulary" if self.pairs
                   else "no sentence has two words in the vocabulary")
            raise ValueError(f"{why}, so there is no training instance (use "
                             f"{'' if self.pairs else 'longer lines or '}a lower min_count)")
        self._check_subsampling()
        self.cursor = Cursor()
        self.history: deque[tuple[Cursor, Task, StepTrace]] = deque()   # for Undo, newest last
        self._history_bytes = 0                                          # their traces' arrays
        self._history_sizes: deque[int] = deque()                        # each one's, in order
        self.losses = LossLog()                                          # every step, (before, after)
        self.schedule: Schedule | None = Schedule()      # eta of every step; None: not known
        self._cache: OrderedDict[tuple[int, int], list[Task]] = OrderedDict()
        self._cached_tasks = 0                           # tasks held by _cache
        self.start = None        # own starting weights (W, W′), read-only, or None (own.py)
        self.chosen = {}         # {step number: own.Pick}: instances chosen instead of the stream's

    @classmethod
    def from_text(cls, text: str, settings: LabSettings = LabSettings()) -> "Lab":
        return cls(text_to_sentences(text), settings)

    def _check_subsampling(self) -> None:
        """ValueError when subsampling keeps on average less than one instance an epoch, or
        is asked of explicit pairs (each line is one instance as written: nothing is dropped)."""
        if self.settings.sample <= 0:
            return
        if self.pairs:
            raise ValueError(f"subsampling (s = {self.settings.sample:g}) does not apply to "
                             "explicit training pairs: each line is one instance, as written; "
                             "choose s = 0 (off)")
        expected = expected_instances(self.encoded, self.keep_prob)
        if expected >= MIN_INSTANCES:
            return
        better = next((s for s in SAMPLE_STEPS if s > self.settings.sample and expected_instances(
            self.encoded, keep_probability_word2vec(self.vocab.counts, s)) >= MIN_INSTANCES), None)
        raise ValueError(no_instance_message(expected, self.settings.sample, better))

    def copy(self) -> "Lab":
        """An independent lab in the same state, sharing what never changes (the corpus,
        vocabulary, cached tasks and the traces of the history, which are never mutated)."""
        new = object.__new__(Lab)
        new.__dict__.update(self.__dict__)
        new.model = self.model.copy()
        new.chosen = dict(self.chosen)
        new.history = deque(self.history)
        new._history_sizes = deque(self._history_sizes)
        new.losses = self.losses.copy()
        new.schedule = None if self.schedule is None else Schedule(self.schedule.runs)
        new._cache = OrderedDict(self._cache)
        return new

    # ---- the stream of tasks -------------------------------------------------------------
    def tasks(self, epoch: int, s: int) -> list[Task]:
        """The tasks of sentence s in this epoch (deterministic; the newest few are cached,
        at most CACHE_TASKS tasks in all besides the newest sentence's)."""
        key = (epoch, s)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        made = self._cache[key] = self._make_tasks(epoch, s)
        self._cached_tasks += len(made)
        while self._cached_tasks > CACHE_TASKS and len(self._cache) > 1:
            self._cached_tasks -= len(self._cache.popitem(last=False)[1])
        return made

    def _make_tasks(self, epoch, s):
        if self.pairs:
            return self._pair_tasks(epoch, s)
        st = self.settings
        rng = np.random.default_rng([st.seed, epoch, s])
        ids, pos = self.encoded[s]
        sub = subsample_sentence(ids, self.keep_prob, rng)
        kept_pos = pos[sub.kept_mask]
        oov = sorted(set(range(len(self.sentences[s]))) - set(pos.tolist()))
        dropped = tuple(sorted(oov + pos[sub.dropped].tolist()))
        out = []
        for inst in sentence_instances(sub.kept, st.window, rng):   # positions among the kept
            placed = replace(inst, position=int(kept_pos[inst.position]), context_positions=tuple(
                int(kept_pos[p]) for p in inst.context_positions))
            out += self._instance_tasks(placed, epoch, s, dropped)
        return out

    def _pair_tasks(self, epoch, s):
        """The one instance of pair line s, the same in every epoch (nothing is drawn)."""
        ids, pos = self.encoded[s]
        tokens = self.sentences[s]
        inst = pair_instance(ids, pos, len(tokens))
        if inst is None:
            return []
        oov = tuple(sorted(set(range(len(tokens))) - set(pos.tolist()) - {tokens.index(BAR)}))
        return self._instance_tasks(inst, epoch, s, oov)

    def _instance_tasks(self, inst: Instance, epoch: int, s: int, dropped: tuple) -> list[Task]:
        """The steps of one instance of sentence s (its positions are token positions): one,
        or under word2vec.c's skip-gram one per context word, that word predicting the centre."""
        st = self.settings
        base = dict(epoch=epoch, sentence=s, center_pos=inst.position,
                    context_pos=inst.context_positions, radius=inst.radius, dropped_pos=dropped)
        if st.arch == "skipgram" and st.convention == "word2vec.c":
            return [Task(center=c, context=(inst.center,), input_pos=(p,), **base)
                    for c, p in zip(inst.context, inst.context_positions)]
        inputs = (inst.position,) if st.arch == "skipgram" else inst.context_positions
        return [Task(center=inst.center, context=inst.context, input_pos=inputs, **base)]

    def _advance(self, c: Cursor, budget: Budget | None = None) -> Cursor:
        """The cursor of the next existing task at or after c. Sentences that can never
        yield an instance are jumped over; BudgetSpent when ``budget`` runs out first."""
        e, s, i = c.epoch, c.sentence, c.item
        productive = self.productive
        for walked in range((MAX_EMPTY_EPOCHS + 1) * len(productive) + 1):
            at = int(np.searchsorted(productive, s))        # the first productive sentence >= s
            if at == len(productive):
                e, at, i = e + 1, 0, 0
            if productive[at] != s:
                s, i = int(productive[at]), 0
            if i < len(self.tasks(e, s)):
                return Cursor(e, s, i)
            s, i = s + 1, 0
            if budget is not None and walked % 64 == 63 and budget.spent():
                raise BudgetSpent
        raise ValueError(f"{MAX_EMPTY_EPOCHS} epochs in a row had no training instance: "
                         "subsampling drops nearly every word (use a larger sample, or 0)")

    def next_task(self, budget: Budget | None = None) -> Task:
        self.cursor = self._advance(self.cursor, budget)
        c = self.cursor
        return self.tasks(c.epoch, c.sentence)[c.item]

    # ---- stepping -----------------------------------------------------------------------
    def step(self, lr: float, n: int = 1, budget: Budget | None = None) -> list[StepTrace]:
        """Take n SGD steps along the stream; returns their traces. With a ``budget`` the
        steps stop early once its thread CPU time is spent (fewer traces are returned).
        Every trace holds what its step changed (under full softmax the whole old W'):
        for many steps, ``advance`` keeps only those the Undo history keeps."""
        traces: list[StepTrace] = []
        self._take(lr, n, budget, traces)
        return traces

    def advance(self, lr: float, n: int = 1, budget: Budget | None = None) -> int:
        """``step`` without its list of traces: how many steps were taken. Replaying a
        link's 2,000 full-softmax steps (V = 254, N = 100) held 400 MB of old W' until the
        last step, and faulted that much fresh memory in: ~0.3 s of a 1 s replay."""
        return self._take(lr, n, budget, None)

    def _take(self, lr: float, n: int, budget: Budget | None, traces: list | None) -> int:
        check_room(self.steps_done, n)
        taken = 0
        for _ in range(n):
            if budget is not None and taken and budget.spent():
                break
            before = self.cursor                     # Undo restores exactly this
            pick = self.chosen.get(self.steps_done)  # chosen instead of the stream's (own.py)
            try:
                task = self.next_task(budget) if pick is None else pick.task(self)
            except BudgetSpent:
                self.cursor = before
                break
            trace = self.model.step(task.center, list(task.context), lr,
                                    None if pick is None else pick.negatives)
            self.history.append((before, task, trace))
            self._history_sizes.append(trace_bytes(trace))
            self._history_bytes += self._history_sizes[-1]
            self.losses.append((trace.loss, trace.loss_after))
            if self.schedule is not None:
                self.schedule.append(float(lr))
            c = self.cursor
            if pick is None:                         # a chosen instance leaves the stream
                self.cursor = Cursor(c.epoch, c.sentence, c.item + 1)
            if traces is not None:
                traces.append(trace)
            taken += 1
            self._trim()
        return taken

    def epoch_now(self) -> int:
        """The epoch of the next step."""
        return self._advance(self.cursor).epoch

    def run_epoch(self, lr: float, budget: Budget | None = None, epoch: int | None = None) -> int:
        """Steps until the last task of ``epoch`` (default: the next step's) is done, or
        until ``budget`` is spent; returns how many were taken."""
        epoch = self.epoch_now() if epoch is None else epoch
        n = 0
        while self._advance(self.cursor).epoch == epoch:
            if not self.advance(lr, 1, budget):
                break
            n += 1
            if budget is not None and budget.spent():
                break
        return n

    def undo(self) -> bool:
        """Undo the newest step still in the history; False when there is none."""
        if not self.history:
            return False
        cursor, _, trace = self.history.pop()
        self._history_bytes -= self._history_sizes.pop()
        self.model.undo(trace)
        self.cursor = cursor
        self.losses.pop()
        if self.schedule is not None:
            self.schedule.pop()
        return True

    def _trim(self):
        """Forget the oldest traces while they hold more than HISTORY_BYTES (keep the newest)."""
        while self._history_bytes > HISTORY_BYTES and len(self.history) > 1:
            self.history.popleft()
            self._history_bytes -= self._history_sizes.popleft()

    def restore(self, W_in, W_out, cursor: Cursor, losses, rng_state: dict) -> None:
        """Continue from a saved point: parameters, stream position, loss log and the
        generator of the negatives. The Undo history starts empty."""
        if W_in.shape != self.model.W_in.shape or W_out.shape != self.model.W_out.shape:
            raise ValueError(f"W and W′ must have shapes {self.model.W_in.shape} and "
                             f"{self.model.W_out.shape}, got {W_in.shape} and {W_out.shape}")
        self.model.rng.bit_generator.state = rng_state
        self.model.W_in, self.model.W_out = W_in, W_out
        check_room(len(losses), 0)
        self.cursor = cursor
        self.losses = LossLog.from_array(losses)
        self.schedule = None                         # the saved file does not say
        self.history.clear()
        self._history_sizes.clear()
        self._history_bytes = 0

    @property
    def last(self) -> tuple[Task, StepTrace] | None:
        return self.history[-1][1:] if self.history else None

    @property
    def steps_done(self) -> int:
        return len(self.losses)

    def with_settings(self, settings: LabSettings) -> "Lab":
        """A fresh lab on the same corpus (the model and history start over; own starting
        weights and chosen instances are kept where they still fit: own.carry)."""
        from .own import carry                       # own.py builds on Lab
        return carry(self, Lab(self.sentences, settings))

    def reset(self) -> "Lab":
        return self.with_settings(self.settings)


__all__ = ["HISTORY_BYTES", "MAX_STEPS", "MAX_TEXT_CHARS", "Cursor", "Lab", "LabSettings",
           "LossLog", "Task", "text_to_sentences", "replace"]
