"""One student's lab: corpus, vocabulary, model, the stream of instances, and the step history.

UI-free: the Streamlit pages keep one Lab in session state and call its methods.
The stream walks the corpus as word2vec.c does: each epoch, every sentence is
subsampled (word2vec.c's rule, when ``sample`` > 0) and cut into instances with the
dynamic window. Each sentence's draws come from a generator seeded by
(seed, epoch, sentence), so the stream is reproducible and Undo is exact.
"""
from __future__ import annotations

from array import array
from collections import deque
from dataclasses import dataclass, replace

import numpy as np

from ..settings import LabSettings
from .limits import (HISTORY_BYTES, MAX_STEPS, MAX_TEXT_CHARS, check_model, check_room,
                     check_sentences, check_text)
from ..step.model import Word2Vec
from ..subsampling import keep_probability_word2vec, subsample_sentence
from ..text import Vocabulary, tokenize
from ..step.trace import StepTrace
from ..windows import sentence_instances

MAX_EMPTY_EPOCHS = 100          # epochs in a row without an instance: subsampling drops all


@dataclass(frozen=True)
class Task:
    """One step's instance, located in the corpus for highlighting."""

    epoch: int
    sentence: int                  # index into Lab.sentences
    center: int                    # model.step's centre argument (word index)
    context: tuple[int, ...]       # model.step's context argument
    center_pos: int                # token position of the instance's centre word
    context_pos: tuple[int, ...]   # token positions of its context words
    radius: int                    # the drawn window radius
    dropped_pos: tuple[int, ...]   # token positions this epoch's subsampling dropped (or OOV)
    input_pos: tuple[int, ...]     # token positions of the input word(s) of this step


@dataclass(frozen=True)
class Cursor:
    epoch: int = 0
    sentence: int = 0
    item: int = 0                  # index into that sentence's task list


def text_to_sentences(text: str) -> list[list[str]]:
    """Tokenised sentences of a corpus text, refusing a text longer than a lab takes (the
    other budgets of ``limits`` are checked by the Lab)."""
    check_text(text)
    sentences = tokenize(text)
    if not sentences:
        raise ValueError("the text has no words (it is empty, or only spaces and punctuation)")
    return sentences


class LossLog:
    """(loss before, loss after) of every step taken, 16 bytes a step.

    >>> log = LossLog([(4.0, 3.0)]); log.append((2.0, 1.0)); log.to_array().tolist()
    [[4.0, 3.0], [2.0, 1.0]]
    >>> log.pop(), len(log), log[-1]
    ((2.0, 1.0), 1, (4.0, 3.0))
    """

    def __init__(self, pairs=()):
        self._flat = array("d")
        for pair in pairs:
            self.append(pair)

    @classmethod
    def from_array(cls, losses: np.ndarray) -> "LossLog":
        """A log holding a (steps, 2) array, in one copy (no Python loop over the steps)."""
        log = cls()
        log._flat.frombytes(np.ascontiguousarray(losses, dtype=np.float64).tobytes())
        return log

    def append(self, pair) -> None:
        before, after = pair
        self._flat.extend((float(before), float(after)))

    def pop(self) -> tuple[float, float]:
        after, before = self._flat.pop(), self._flat.pop()
        return before, after

    def __len__(self) -> int:
        return len(self._flat) // 2

    def __getitem__(self, i: int) -> tuple[float, float]:
        i = range(len(self))[i]
        return self._flat[2 * i], self._flat[2 * i + 1]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    def to_array(self) -> np.ndarray:
        """A copy as a (steps, 2) float64 array."""
        return np.frombuffer(self._flat, dtype=np.float64).reshape(-1, 2).copy()

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """np.asarray(log): the (steps, 2) array in one copy, not a Python loop over steps."""
        return self.to_array() if dtype is None else self.to_array().astype(dtype)


class Schedule:
    """The learning rate of every step taken, run-length encoded: [(eta, steps), ...], so a
    link can replay exactly the steps a student took.

    >>> s = Schedule(); [s.append(x) for x in (0.1, 0.1, 0.5)]; s.runs
    [None, None, None]
    [(0.1, 2), (0.5, 1)]
    >>> s.pop(); s.pop(); s.runs
    [(0.1, 1)]
    """

    def __init__(self, runs=()):
        self.runs = [(float(a), int(n)) for a, n in runs]

    def append(self, lr: float) -> None:
        if self.runs and self.runs[-1][0] == lr:
            self.runs[-1] = (lr, self.runs[-1][1] + 1)
        else:
            self.runs.append((float(lr), 1))

    def pop(self) -> None:
        lr, n = self.runs[-1]
        self.runs[-1:] = [(lr, n - 1)] if n > 1 else []

    @property
    def steps(self) -> int:
        return sum(n for _, n in self.runs)


class Lab:
    """Corpus + settings -> vocabulary, model, instance stream and step history."""

    def __init__(self, sentences: list[list[str]], settings: LabSettings = LabSettings()):
        self.settings = settings.validate()
        check_sentences(sentences)
        self.sentences = sentences
        self.vocab = Vocabulary.from_sentences(sentences, settings.min_count)
        settings.check_vocabulary(self.vocab.size)
        check_model(self.vocab.size, settings.dim)
        self.model = Word2Vec(self.vocab, settings)
        self.encoded = [self.vocab.encode(s) for s in sentences]     # [(ids, positions)]
        self.keep_prob = keep_probability_word2vec(self.vocab.counts, settings.sample)
        if not any(len(ids) >= 2 for ids, _ in self.encoded):
            raise ValueError("no sentence has two words in the vocabulary, so there is no "
                             "training instance (use longer lines or a lower min_count)")
        self.cursor = Cursor()
        self.history: deque[tuple[Cursor, Task, StepTrace]] = deque()   # for Undo, newest last
        self._history_bytes = 0                                          # their traces' arrays
        self.losses = LossLog()                                          # every step, (before, after)
        self.schedule: Schedule | None = Schedule()      # eta of every step; None: not known
        self._cache: dict[tuple[int, int], list[Task]] = {}

    @classmethod
    def from_text(cls, text: str, settings: LabSettings = LabSettings()) -> "Lab":
        return cls(text_to_sentences(text), settings)

    # ---- the stream of tasks -------------------------------------------------------------
    def tasks(self, epoch: int, s: int) -> list[Task]:
        """The tasks of sentence s in this epoch (deterministic; cached for the current epoch)."""
        key = (epoch, s)
        if key not in self._cache:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = self._make_tasks(epoch, s)
        return self._cache[key]

    def _make_tasks(self, epoch, s):
        st = self.settings
        rng = np.random.default_rng([st.seed, epoch, s])
        ids, pos = self.encoded[s]
        sub = subsample_sentence(ids, self.keep_prob, rng)
        kept_pos = pos[sub.kept_mask]
        oov = sorted(set(range(len(self.sentences[s]))) - set(pos.tolist()))
        dropped = tuple(sorted(oov + pos[sub.dropped].tolist()))
        out = []
        for inst in sentence_instances(sub.kept, st.window, rng):
            cpos = int(kept_pos[inst.position])
            xpos = tuple(int(kept_pos[p]) for p in inst.context_positions)
            base = dict(epoch=epoch, sentence=s, center_pos=cpos, context_pos=xpos,
                        radius=inst.radius, dropped_pos=dropped)
            if st.arch == "skipgram" and st.convention == "word2vec.c":
                out += [Task(center=c, context=(inst.center,), input_pos=(p,), **base)
                        for c, p in zip(inst.context, xpos)]
            else:
                inputs = (cpos,) if st.arch == "skipgram" else xpos
                out.append(Task(center=inst.center, context=inst.context, input_pos=inputs, **base))
        return out

    def _advance(self, c: Cursor) -> Cursor:
        """The cursor of the next existing task at or after c."""
        e, s, i = c.epoch, c.sentence, c.item
        for _ in range((MAX_EMPTY_EPOCHS + 1) * len(self.sentences) + 1):
            if s >= len(self.sentences):
                e, s, i = e + 1, 0, 0
            if i < len(self.tasks(e, s)):
                return Cursor(e, s, i)
            s, i = s + 1, 0
        raise ValueError(f"{MAX_EMPTY_EPOCHS} epochs in a row had no training instance: "
                         "subsampling drops nearly every word (use a larger sample, or 0)")

    def next_task(self) -> Task:
        self.cursor = self._advance(self.cursor)
        c = self.cursor
        return self.tasks(c.epoch, c.sentence)[c.item]

    # ---- stepping -----------------------------------------------------------------------
    def step(self, lr: float, n: int = 1) -> list[StepTrace]:
        """Take n SGD steps along the stream; returns their traces."""
        check_room(self.steps_done, n)
        traces = []
        for _ in range(n):
            before = self.cursor                     # Undo restores exactly this
            task = self.next_task()
            trace = self.model.step(task.center, list(task.context), lr)
            self.history.append((before, task, trace))
            self._history_bytes += trace_bytes(trace)
            self.losses.append((trace.loss, trace.loss_after))
            if self.schedule is not None:
                self.schedule.append(float(lr))
            c = self.cursor
            self.cursor = Cursor(c.epoch, c.sentence, c.item + 1)
            traces.append(trace)
            self._trim()
        return traces

    def run_epoch(self, lr: float) -> int:
        """Steps until the current epoch's last task is done; returns how many were taken."""
        start = self._advance(self.cursor).epoch
        most = sum(len(ids) for ids, _ in self.encoded)       # tasks an epoch can hold at most
        if self.settings.arch == "skipgram" and self.settings.convention == "word2vec.c":
            most *= 2 * self.settings.window
        check_room(self.steps_done, most)
        n = 0
        while self._advance(self.cursor).epoch == start:
            self.step(lr)
            n += 1
        return n

    def undo(self) -> bool:
        """Undo the newest step still in the history; False when there is none."""
        if not self.history:
            return False
        cursor, _, trace = self.history.pop()
        self._history_bytes -= trace_bytes(trace)
        self.model.undo(trace)
        self.cursor = cursor
        self.losses.pop()
        if self.schedule is not None:
            self.schedule.pop()
        return True

    def _trim(self):
        """Forget the oldest traces while they hold more than HISTORY_BYTES (keep the newest)."""
        while self._history_bytes > HISTORY_BYTES and len(self.history) > 1:
            self._history_bytes -= trace_bytes(self.history.popleft()[2])

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
        self._history_bytes = 0

    @property
    def last(self) -> tuple[Task, StepTrace] | None:
        return self.history[-1][1:] if self.history else None

    @property
    def steps_done(self) -> int:
        return len(self.losses)

    def with_settings(self, settings: LabSettings) -> "Lab":
        """A fresh lab on the same corpus (the model and history start over)."""
        return Lab(self.sentences, settings)

    def reset(self) -> "Lab":
        return self.with_settings(self.settings)


def trace_bytes(value) -> int:
    """Bytes of the arrays a trace holds, its output layer's quantities included.

    >>> trace_bytes([np.zeros(2), {"a": np.zeros(3)}])
    40
    """
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, (list, tuple)):
        return sum(trace_bytes(v) for v in value)
    if isinstance(value, dict):
        return sum(trace_bytes(v) for v in value.values())
    if hasattr(value, "__dict__"):
        return trace_bytes(vars(value))
    return 0


__all__ = ["HISTORY_BYTES", "MAX_STEPS", "MAX_TEXT_CHARS", "Cursor", "Lab", "LabSettings",
           "LossLog", "Task", "text_to_sentences", "replace"]
