"""A training job of the Training page: ``trainer.train`` in a background thread, its
progress, and the server's budget of jobs.

Why a thread: ``trainer.train`` runs the whole schedule in one call (word2vec.c's learning
rate falls linearly over all epochs, so training cannot be cut into separate calls without
changing the result). The job runs ``train`` in a daemon thread; its progress callback only
records the ``Progress`` it receives (no Streamlit call happens in the thread) and raises
``StopTraining`` once Stop was pressed, which makes ``train`` return what was learned so far.
The thread only ever touches its own job object, never session state, so nothing it does can
race with a rerun.

Budgets, per server: one job per session (ui.training_state refuses a second); at most
``MAX_JOBS`` at once on the server (one per core: a job keeps a core busy), a further Train
click gets "the server is busy"; and a job whose session is gone stops. A session is gone
when its browser tab has been closed or reloaded: Streamlit keeps a disconnected session for
a while (``server.disconnectedSessionTTL``) in case the connection comes back, so the job
stops once its session has not been connected for ``GRACE_SECONDS``, checked after every
chunk of words (the runtime's ``is_active_session``; outside a server, under AppTest, there
is no runtime and the session counts as present).
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import numpy as np
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from w2v_core.fast.trainer import (Progress, StopTraining, TrainConfig, TrainingDiverged,
                                   TrainResult, train)
from w2v_core.text import Vocabulary

MAX_JOBS = max(1, os.cpu_count() or 1)   # trainings at once on one server
GRACE_SECONDS = 10.0                     # a session disconnected this long is gone
SNAPSHOT_BYTES = 150_000_000             # memory for the snapshots of one training run


class SessionWatch:
    """Whether the browser session that started a job is still there (thread-safe)."""

    def __init__(self, session_id: str | None, grace: float = GRACE_SECONDS):
        self.session_id, self.grace = session_id, grace
        self._away_since: float | None = None

    @classmethod
    def of_this_session(cls) -> "SessionWatch":
        ctx = get_script_run_ctx(suppress_warning=True)
        return cls(ctx.session_id if ctx is not None else None)

    def gone(self) -> bool:
        if self.session_id is None or not runtime.exists():
            return False
        if runtime.get_instance().is_active_session(self.session_id):
            self._away_since = None
            return False
        now = time.monotonic()
        if self._away_since is None:
            self._away_since = now
        return now - self._away_since > self.grace


class JobSlots:
    """At most ``limit`` jobs running at once, shared by every session of the server."""

    def __init__(self, limit: int):
        self.limit = limit
        self._lock = threading.Lock()
        self._running: set = set()

    def take(self, job) -> bool:
        with self._lock:
            if len(self._running) >= self.limit:
                return False
            self._running.add(job)
            return True

    def give_back(self, job) -> None:
        with self._lock:
            self._running.discard(job)

    def __len__(self) -> int:
        with self._lock:
            return len(self._running)


SLOTS = JobSlots(MAX_JOBS)


class ServerBusy(Exception):
    """Every job slot of the server is taken."""


class TrainingJob:
    """``train(sentences, config)`` in a daemon thread, with its progress and a stop flag."""

    def __init__(self, sentences, config: TrainConfig, corpus_name: str, corpus_key: str,
                 watch: SessionWatch | None = None, slots: JobSlots = SLOTS):
        self.sentences, self.config = sentences, config
        self.corpus_name, self.corpus_key = corpus_name, corpus_key
        self.watch = watch or SessionWatch(None)
        self.slots = slots
        self.stop_requested, self.finished = threading.Event(), threading.Event()
        self.abandoned = False                   # stopped because its session was gone
        self._lock = threading.Lock()
        self.progress: Progress | None = None
        self.loss_words: list[int] = []
        self.losses: list[float] = []
        self.report_times: list[float] = []      # perf_counter of every progress report
        self.result: TrainResult | None = None
        self.error: str | None = None
        self.thread = threading.Thread(target=self._run, name="w2v-training", daemon=True)

    def start(self) -> "TrainingJob":
        """Start the thread, or raise ServerBusy when the server runs ``MAX_JOBS`` already."""
        if not self.slots.take(self):
            raise ServerBusy
        self.started = time.perf_counter()
        self.thread.start()
        return self

    def _callback(self, progress: Progress) -> None:
        with self._lock:
            self.progress = progress
            self.loss_words.append(progress.words_done)
            self.losses.append(progress.loss)
            self.report_times.append(time.perf_counter())
        if not self.stop_requested.is_set() and self.watch.gone():
            self.abandoned = True
            self.stop_requested.set()
        if self.stop_requested.is_set():
            raise StopTraining

    def _run(self) -> None:
        try:
            vocab = Vocabulary.from_sentences(self.sentences, self.config.min_count)
            config = capped_snapshots(self.config, vocab.size)
            self.result = train(self.sentences, config, vocab=vocab, callback=self._callback)
        except (ValueError, TrainingDiverged) as err:
            self.error = str(err)
        except MemoryError:
            self.error = "training ran out of memory: choose a smaller N or a smaller corpus"
        except Exception as err:   # the page must show a message, never a traceback
            self.error = f"training failed unexpectedly ({type(err).__name__}: {err})"
        finally:
            self.sentences = None                # the corpus is not needed any more
            self.slots.give_back(self)
            self.finished.set()

    def stop(self) -> None:
        self.stop_requested.set()

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    def view(self) -> tuple[Progress | None, np.ndarray, np.ndarray]:
        """(the latest progress, words done at each report, the loss at each report)."""
        with self._lock:
            return self.progress, np.array(self.loss_words), np.array(self.losses)


def capped_snapshots(config: TrainConfig, V: int) -> TrainConfig:
    """Fewer snapshots when V x N is large, so they fit in ``SNAPSHOT_BYTES``.

    >>> from ui.training_state import PAGE_CONFIG
    >>> capped_snapshots(PAGE_CONFIG, 155).snapshots, capped_snapshots(PAGE_CONFIG, 10**6).snapshots
    (21, 2)
    """
    per_snapshot = 2 * V * config.dim * 4                  # W and W' in float32
    return replace(config, snapshots=min(config.snapshots, max(2, SNAPSHOT_BYTES // per_snapshot)))


def progress_fraction(p: Progress) -> float:
    """Share of the words done, in [0, 1]."""
    return min(1.0, p.words_done / max(1, p.total_words))


def duration(seconds: float) -> str:
    """A short duration: '0.4 s', '12 s', '3 min 05 s'.

    >>> duration(0.42), duration(12.3), duration(185)
    ('0.4 s', '12 s', '3 min 05 s')
    """
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes} min {rest:02d} s"


def eta_seconds(p: Progress) -> float:
    """Time left at the current speed: (total - done) / (words per second)."""
    return (p.total_words - p.words_done) / max(p.words_per_second, 1e-9)


def progress_text(p: Progress) -> str:
    """The line under the progress bar.

    >>> progress_text(Progress(25_000, 100_000, 50_000.0, 0.02, 2, 4, 1.5, 0.5))
    'Epoch 2 of 4 · 25,000 of 100,000 words · 50,000 words/s · ETA 1.5 s'
    """
    return (f"Epoch {p.epoch} of {p.epochs} · {p.words_done:,} of {p.total_words:,} words · "
            f"{p.words_per_second:,.0f} words/s · ETA {duration(eta_seconds(p))}")
