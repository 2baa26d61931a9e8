"""The training page's state: a training job running in a background thread, the vectors
it trained, and vectors imported from a file. The step inspector's lab is never touched,
except when a lab file is restored on purpose.

Why a thread: ``trainer.train`` runs the whole schedule in one call (word2vec.c's learning
rate falls linearly over all epochs, so training cannot be cut into separate calls without
changing the result). The job runs ``train`` in a daemon thread; its progress callback
only records the ``Progress`` it receives (no Streamlit call happens in the thread) and
raises ``StopTraining`` once Stop was pressed, which makes ``train`` return what was
learned so far. The page polls the job from two fragments, the progress bar every
``POLL_SECONDS`` and the loss curve every ``LOSS_SECONDS``; when the job has finished, a
full run moves its result into session state (``collect``). The thread only ever touches
its own job object, never session state, so nothing it does can race with a rerun.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from ui import state
from w2v_core.corpora import get_preset, load_preset, preset_keys, preset_word_classes
from w2v_core.lab import text_to_sentences
from w2v_core.lab.saved import load_lab, save_lab
from w2v_core.text import Vocabulary
from w2v_core.fast.trainer import (Progress, StopTraining, TrainConfig, TrainingDiverged, TrainResult,
                              train)
from w2v_core.fast.vectors_io import read_word2vec, to_word2vec_bytes

JOB, TRAINED, IMPORTED, NOTES = "tr_job", "tr_trained", "tr_imported", "tr_notes"
SOURCE = "tr_source"               # the explore section's choice of vectors (a widget key)
MIN_SHOWN = 3                      # PCA needs three words
MAX_CHOICES = 2000                 # words offered in pickers (the most frequent ones)
LAB_CORPUS = "lab"                 # corpus choice: the step inspector's lab corpus
POLL_SECONDS = 0.25                # the progress bar redraws this often while training runs
LOSS_SECONDS = 1.0                 # and the live loss curve this often (a chart costs more)
SNAPSHOT_BYTES = 150_000_000       # memory for the snapshots of one training run
UPLOAD_MB = 10                     # vector files and lab files (the server's cap is 10 MB too)
UPLOAD_BYTES = UPLOAD_MB * 1_000_000   # checked again in code: a client can skip the cap
VECTOR_BYTES = 40_000_000          # largest V x N float32 array an uploaded vector file may hold
# The page's defaults: enough for the royalty preset's king - man + woman ~ queen (a few seconds).
PAGE_CONFIG = TrainConfig(arch="skipgram", output="ns", dim=30, window=3, negative=5, epochs=20,
                          min_count=1, sample=1e-3, seed=1, snapshots=21)
EPOCH_WORDS = 500_000              # suggested epochs: about this many words in all
HIGHLIGHTS = {                     # words to follow in the PCA picture, per preset
    "royalty": ["king", "queen", "man", "woman", "prince", "princess", "boy", "girl",
                "father", "mother", "son", "daughter"],
    "fruit_drinks": ["apple", "banana", "mango", "pear", "peach", "plum", "tea", "coffee",
                     "milk", "cocoa", "juice", "lemonade"],
    "days_numbers": ["monday", "tuesday", "wednesday", "friday", "sunday", "one", "two",
                     "three", "five", "seven"],
    "animals_actions": ["dog", "cat", "cow", "horse", "duck", "barks", "meows", "moos",
                        "neighs", "quacks"],
    "short_story": ["nell", "arlo", "biscuit", "pavel", "tomas", "lamp", "boat", "sea",
                    "lighthouse", "harbour"],
}


# ---- the background job -------------------------------------------------------------------
class TrainingJob:
    """``train(sentences, config)`` in a daemon thread, with its progress and a stop flag."""

    def __init__(self, sentences, config: TrainConfig, corpus_name: str, corpus_key: str):
        self.sentences, self.config = sentences, config
        self.corpus_name, self.corpus_key = corpus_name, corpus_key
        self.stop_requested, self.finished = threading.Event(), threading.Event()
        self._lock = threading.Lock()
        self.progress: Progress | None = None
        self.loss_words: list[int] = []
        self.losses: list[float] = []
        self.report_times: list[float] = []      # perf_counter of every progress report
        self.result: TrainResult | None = None
        self.error: str | None = None
        self.thread = threading.Thread(target=self._run, name="w2v-training", daemon=True)

    def start(self) -> "TrainingJob":
        self.started = time.perf_counter()
        self.thread.start()
        return self

    def _callback(self, progress: Progress) -> None:
        with self._lock:
            self.progress = progress
            self.loss_words.append(progress.words_done)
            self.losses.append(progress.loss)
            self.report_times.append(time.perf_counter())
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


# ---- session state -------------------------------------------------------------------------
@dataclass(frozen=True)
class Trained:
    """What the page trained, kept in session state under ``TRAINED``."""

    result: TrainResult
    corpus_name: str
    corpus_key: str
    total_words: int               # epochs x T: what a run to the end would process


@dataclass(frozen=True)
class VectorSet:
    """Vectors to explore: trained here, imported from a file, or the lab's."""

    name: str
    words: list
    W: np.ndarray                  # (V, N) input vectors
    W_out: np.ndarray | None       # (V, N) output vectors, None when there is none per word
    snapshots: list                # [(words_done, W, W' or None)], oldest first
    key: str = ""                  # corpus key (to pick the words to follow)
    uid: str = ""                  # changes when the vectors are replaced (widget keys use it)
    total_words: int = 0           # words a full training run processes (0: not trained here)


def job() -> TrainingJob | None:
    return st.session_state.get(JOB)


def running() -> bool:
    j = job()
    return j is not None and j.running


def note(kind: str, text: str, place: str = "train") -> None:
    """Leave a message for the page to show at ``place`` ("train", "vectors" or "lab")."""
    st.session_state.setdefault(NOTES, {})[place] = (kind, text)


def pop_note(place: str = "train"):
    """(kind, text) of the message left for ``place``, or (None, None)."""
    return st.session_state.get(NOTES, {}).pop(place, (None, None))


def corpus_choices() -> list[str]:
    """Presets (royalty first: the page's first example), then the lab's corpus."""
    keys = preset_keys()
    return ["royalty"] + [k for k in keys if k != "royalty"] + [LAB_CORPUS]


def corpus_title(key: str) -> str:
    if key == LAB_CORPUS:
        return f"The lab's corpus ({state.corpus_name()})"
    return get_preset(key).title


def corpus_sentences(key: str) -> list[list[str]]:
    if key == LAB_CORPUS:
        return state.lab().sentences
    return text_to_sentences(load_preset(key))


def suggested_epochs(key: str) -> int:
    """Epochs for about ``EPOCH_WORDS`` words in all, rounded up to a multiple of 5, in 5..200
    (royalty: 27,354 words -> 20; a toy preset of ~600 words -> 200)."""
    try:
        T = state.lab().vocab.total if key == LAB_CORPUS else \
            sum(map(len, corpus_sentences(key)))
    except ValueError:
        return PAGE_CONFIG.epochs
    return int(min(200, max(5, 5 * math.ceil(EPOCH_WORDS / max(T, 1) / 5))))


def start(key: str, config: TrainConfig) -> None:
    """Start training on corpus ``key``; a message note if it cannot start."""
    if running():
        note("warning", "Training is already running: stop it first.")
        return
    try:
        sentences = corpus_sentences(key)
    except ValueError as err:
        note("error", f"{err}. Nothing was trained.")
        return
    st.session_state[JOB] = TrainingJob(sentences, config, corpus_title(key), key).start()


def stop() -> None:
    """Ask the job to stop, and give it a moment (it stops at the end of its current chunk
    of words), so that the rerun the Stop click makes already shows what was kept."""
    j = job()
    if j is not None:
        j.stop()
        j.finished.wait(timeout=1.0)


def collect() -> None:
    """Move a finished job's result into ``TRAINED`` (or its error into a note)."""
    j = job()
    if j is None or j.running:
        return
    del st.session_state[JOB]
    if j.error is not None:
        note("error", f"{j.error}. The previously trained vectors (if any) are kept.")
        return
    r = j.result
    total = j.progress.total_words if j.progress else r.words_done
    st.session_state[TRAINED] = Trained(r, j.corpus_name, j.corpus_key, total)
    st.session_state[SOURCE] = "trained"
    how = (f"Stopped after {r.words_done:,} of {total:,} words; the vectors learned so far are "
           "kept." if r.stopped_early else f"Trained on {r.words_done:,} words.")
    note("success", f"{how} {r.seconds:.1f} s, {r.words_per_second:,.0f} words/s.")


def trained() -> Trained | None:
    return st.session_state.get(TRAINED)


def trained_set(t: Trained) -> VectorSet:
    r = t.result
    per_word = len(r.W_out) == len(r.W_in)
    snaps = [(w, a, b if per_word else None) for w, a, b in r.snapshots] or \
        [(r.words_done, r.W_in, r.W_out if per_word else None)]
    return VectorSet(f"trained here on {t.corpus_name}", list(r.vocab.words), r.W_in,
                     r.W_out if per_word else None, snaps, t.corpus_key, f"trained{id(r)}",
                     t.total_words)


def lab_set() -> VectorSet:
    lab = state.lab()
    m = lab.model
    W_out = m.W_out if len(m.W_out) == len(m.W_in) else None
    return VectorSet(f"the step inspector's lab ({state.corpus_name()}, {lab.steps_done} steps)",
                     list(lab.vocab.words), m.W_in, W_out, [(lab.steps_done, m.W_in, W_out)],
                     "", f"lab{id(lab)}")


def import_vectors(data: bytes, file_name: str) -> None:
    """Read an uploaded word2vec file into ``IMPORTED``; a note either way."""
    if len(data) > UPLOAD_BYTES:
        note("error", f"{file_name} is {len(data):,} bytes; vector files are capped at "
                      f"{UPLOAD_BYTES:,} bytes. Nothing was imported.", "vectors")
        return
    try:
        words, W = read_word2vec(data, max_bytes=VECTOR_BYTES)
    except ValueError as err:       # VectorFileError is a ValueError
        note("error", f"{file_name} is not a word2vec vector file we can read: {err}. "
                      "Nothing was imported.", "vectors")
        return
    st.session_state[IMPORTED] = VectorSet(f"imported from {file_name}", words, W, None,
                                           [(0, W, None)], "", f"imported{time.time_ns()}")
    st.session_state[SOURCE] = "imported"
    note("success", f"Imported {len(words):,} words with N = {W.shape[1]} from {file_name}.",
         "vectors")


def imported() -> VectorSet | None:
    return st.session_state.get(IMPORTED)


def restore_lab(data: bytes, file_name: str) -> None:
    """Replace the lab by the one saved in an uploaded .npz; a note either way."""
    try:
        lab, name = load_lab(data, max_bytes=UPLOAD_BYTES)
    except ValueError as err:       # LabFileError is a ValueError
        note("error", f"{file_name}: {err}. The current lab is unchanged.", "lab")
        return
    state.set_lab(lab, name)
    note("success", f"Restored the lab from {file_name}: {name}, V = {lab.vocab.size}, "
                    f"{lab.steps_done} steps taken. The step inspector continues from there "
                    "(its Undo history was not saved).", "lab")


def default_highlight(words: list, key: str, count: int = 12) -> list:
    """Words to follow: the preset's chosen ones, one per class for a generated corpus, or
    frequent words past the first few (which are mostly 'the', 'a', ...)."""
    present = set(words)
    chosen = [w for w in HIGHLIGHTS.get(key, []) if w in present]
    if not chosen and key in preset_keys() and preset_word_classes(key):
        by_class: dict = {}
        for w, c in preset_word_classes(key).items():
            if w in present and len(by_class.setdefault(c, [])) < 2:
                by_class[c].append(w)
        chosen = [w for ws in by_class.values() for w in ws][:count]
    if not chosen:
        start_at = min(len(words) // 10, 20)
        chosen = list(words[start_at:start_at + count // 2])
    return chosen


def sources() -> dict:
    """The vector sets that can be explored now: {"trained" | "imported" | "lab": VectorSet}."""
    out = {}
    if trained() is not None:
        out["trained"] = trained_set(trained())
    if imported() is not None:
        out["imported"] = imported()
    out["lab"] = lab_set()
    return out


def choices(words: list, keep=()) -> list:
    """Words offered in a picker: the ``MAX_CHOICES`` first (most frequent), plus ``keep``."""
    first = list(words[:MAX_CHOICES])
    return first + [w for w in keep if w in set(words) and w not in set(first)]


def plot_rows(words: list, highlight, count: int) -> tuple[list, list]:
    """(rows to plot: the ``count`` first words and the followed ones, positions of the
    followed words among those rows).

    >>> plot_rows(["a", "b", "c", "d", "e"], ["e", "b"], 2)
    ([0, 1, 4], [2, 1])
    """
    index = {w: i for i, w in enumerate(words)}
    wanted = [index[w] for w in highlight if w in index]
    rows = sorted(set(range(min(count, len(words)))) | set(wanted))
    where = {r: k for k, r in enumerate(rows)}
    return rows, [where[r] for r in wanted]


def word_groups(words: list, key: str) -> list:
    """The class of each word in a generated preset (for colours), "" for the others."""
    classes = (preset_word_classes(key) if key in preset_keys() else None) or {}
    return [classes.get(w, "") for w in words]


def vectors_file(vs: VectorSet, binary: bool) -> bytes:
    """The explored W in word2vec.c's text or binary format (the page's download)."""
    return to_word2vec_bytes(vs.words, vs.W, binary)


def lab_download():
    """A callable giving the step inspector's lab as .npz bytes (the page's download).

    It captures the lab now: Streamlit runs a download's callable on the click, in a
    server thread where session state cannot be read.
    """
    lab, name = state.lab(), state.corpus_name()
    return lambda: save_lab(lab, name)
