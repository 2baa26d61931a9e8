"""A training job of the Training page: ``trainer.train`` in a background thread, its
progress, and the server's budgets of jobs.

Why a thread: ``trainer.train`` runs the whole schedule in one call (word2vec.c's learning
rate falls linearly over all epochs, so training cannot be cut into separate calls without
changing the result). The job runs ``train`` in a daemon thread; its progress callback only
records the ``Progress`` it receives (no Streamlit call happens in the thread), and the
trainer asks the job's ``should_stop`` every few milliseconds of work, inside its chunks of
words too, which makes ``train`` return what was learned so far. The thread only ever
touches its own job object, never session state, so nothing it does can race with a rerun.

Budgets (ui.job_budgets): one running job per browser, ``MAX_JOBS`` per server,
``JOB_CPU_SECONDS`` of CPU per job (refused beforehand when the estimate exceeds it, stopped
when its thread's CPU time does), one BLAS thread; and a job whose session is gone stops. A
session is gone when its browser tab has been closed or reloaded: Streamlit keeps a
disconnected session for a while (``server.disconnectedSessionTTL``) in case the connection
comes back, so the job stops once its session has not been connected for
``GRACE_SECONDS`` (the runtime's ``is_active_session``; outside a server, under AppTest,
the session counts as present).
"""
from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.job_budgets import (JOB_CPU_SECONDS, MAX_JOBS, ONE_BLAS_THREAD, SLOTS,  # noqa: F401
                            ClientBusy, JobSlots, ServerBusy, client_key)
from w2v_core.train.stream import encode_corpus
from w2v_core.train.trainer import (Progress, TrainConfig, TrainingDiverged, TrainResult,
                                   train_encoded)
from w2v_core.train.work import epochs_within, estimate
from w2v_core.settings import OUTPUTS
from w2v_core.text import Vocabulary

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


class TrainingJob:
    """``train(sentences, config)`` in a daemon thread, with its progress and a stop flag.
    ``client``: its browser (``client_key``; None: not counted per client). ``stop_reason``:
    None (not stopped), "stop" (Stop pressed), "gone" (its session is gone) or "budget" (its
    CPU time passed ``cpu_budget`` seconds, default ``JOB_CPU_SECONDS``)."""

    def __init__(self, sentences, config: TrainConfig, corpus_name: str, corpus_key: str,
                 watch: SessionWatch | None = None, slots: JobSlots = SLOTS,
                 client: str | None = None, cpu_budget: float | None = None):
        self.sentences, self.config = sentences, config
        self.corpus_name, self.corpus_key, self.client = corpus_name, corpus_key, client
        self.watch = watch or SessionWatch(None)
        self.slots = slots
        self.cpu_budget = JOB_CPU_SECONDS if cpu_budget is None else cpu_budget
        self.stop_requested, self.finished = threading.Event(), threading.Event()
        self.stop_reason: str | None = None
        self._cpu_start = float("inf")           # thread CPU time when training began
        self._lock = threading.Lock()
        self.progress: Progress | None = None
        self.loss_words: list[int] = []
        self.losses: list[float] = []
        self.report_times: list[float] = []      # perf_counter of every progress report
        self.result: TrainResult | None = None
        self.error: str | None = None
        self.thread = threading.Thread(target=self._run, name="w2v-training", daemon=True)

    def start(self) -> "TrainingJob":
        """Start the thread, or raise ClientBusy / ServerBusy (``JobSlots.take``)."""
        self.slots.take(self)
        self.started = time.perf_counter()
        self.thread.start()
        return self

    @property
    def abandoned(self) -> bool:
        return self.stop_reason == "gone"

    def should_stop(self) -> bool:
        """Asked by the trainer every few milliseconds of work, in the job's thread."""
        if not self.stop_requested.is_set():
            if self.watch.gone():
                self.stop_reason = "gone"
            elif time.thread_time() - self._cpu_start > self.cpu_budget:
                self.stop_reason = "budget"
            else:
                return False
            self.stop_requested.set()
        return True

    def _callback(self, progress: Progress) -> None:
        with self._lock:
            self.progress = progress
            self.loss_words.append(progress.words_done)
            self.losses.append(progress.loss)
            self.report_times.append(time.perf_counter())

    def _run(self) -> None:
        try:
            vocab = Vocabulary.from_sentences(self.sentences, self.config.min_count)
            corpus = encode_corpus(self.sentences, vocab)
            self.sentences = None                # the corpus is encoded: free the lists
            config = capped_snapshots(self.config, vocab.size)
            refuse_too_much_work(config, vocab.counts, corpus, self.cpu_budget)
            with ONE_BLAS_THREAD:
                self._cpu_start = time.thread_time()
                self.result = train_encoded(corpus, vocab, config, callback=self._callback,
                                            should_stop=self.should_stop)
        except (ValueError, TrainingDiverged) as err:
            self.error = str(err)
        except MemoryError:
            self.error = "training ran out of memory: choose a smaller N or a smaller corpus"
        except Exception as err:   # the page must show a message, never a traceback
            self.error = f"training failed unexpectedly ({type(err).__name__}: {err})"
        finally:
            self.sentences = None
            self.slots.give_back(self)
            self.finished.set()

    def stop(self) -> None:
        if not self.stop_requested.is_set():
            self.stop_reason = "stop"
        self.stop_requested.set()

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    def view(self) -> tuple[Progress | None, np.ndarray, np.ndarray]:
        """(the latest progress, words done at each report, the loss at each report)."""
        with self._lock:
            return self.progress, np.array(self.loss_words), np.array(self.losses)


def refuse_too_much_work(config: TrainConfig, counts, corpus, budget: float) -> None:
    """A ValueError saying what to lower when the run's estimated CPU time exceeds ``budget``
    seconds (``w2v_core.train.work``)."""
    work = estimate(config, counts, corpus)
    if work.seconds <= budget:
        return
    fit = epochs_within(work, config.epochs, budget)
    lower = (f"lower the epochs to {fit} or fewer, or N, the window or k" if fit else
             "lower N, the window or k, or train on a shorter corpus (one epoch alone is "
             "over the budget)")
    if OUTPUTS[config.output].updates_every_row:
        lower += (f"; {OUTPUTS[config.output].title} scores all V = {len(counts):,} words at "
                  "every prediction: negative sampling or hierarchical softmax cost far less")
    raise ValueError(f"Not started: this training would need about {duration(work.seconds)} "
                     f"of CPU time ({work.words:,} words), more than the "
                     f"{duration(budget)} one training may use on this server. To train, "
                     f"{lower}")


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


def job_line(job: TrainingJob) -> str:
    """'Training on Royalty and gender (Epoch 2 of 20 · ...)': a job and how far it is."""
    p = job.view()[0]
    return f"Training on {job.corpus_name}" + (f" ({progress_text(p)})" if p else "")
