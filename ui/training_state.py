"""The training page's state: the training job (ui.training_job), the vectors it trained,
and vectors imported from a file. The step inspector's lab is never touched, except when a
lab file is restored on purpose.

The page polls the job from two fragments (progress every ``POLL_SECONDS``, loss every
``LOSS_SECONDS``); a full run after it finished moves its result into state (``collect``).
"""
from __future__ import annotations

import functools
import math
import uuid
from dataclasses import dataclass

import numpy as np
import streamlit as st

from ui import notes, state
from ui import training_job as tj
from ui.training_job import (MAX_JOBS, SLOTS, ClientBusy, ServerBusy, SessionWatch, TrainingJob,
                             client_key)
from w2v_core.corpora import get_preset, load_preset, preset_keys, preset_word_classes
from w2v_core.lab import text_to_sentences
from w2v_core.pairs import explicit_pairs, plain_sentences
from w2v_core.text import content_words
from w2v_core.train.trainer import TrainConfig, TrainResult

JOB, TRAINED, IMPORTED = "tr_job", "tr_trained", "tr_imported"
SOURCE = "tr_source"               # the explore section's choice of vectors (a widget key)
OTHER = "tr_other_job"             # this browser's job in another tab, after a refused Train
CLIENT = "tr_client"               # this session's client key when the browser sends no cookie
MIN_SHOWN = 3                      # PCA needs three words
MAX_CHOICES = 2000                 # words offered in pickers (the most frequent ones)
LAB_CORPUS = "lab"                 # corpus choice: the step inspector's lab corpus
POLL_SECONDS = 0.25                # the progress bar redraws this often while training runs
LOSS_SECONDS = 1.0                 # and the live loss curve this often (a chart costs more)
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
    """ui.notes.leave in the Training page's order (``place``: train, vectors or lab)."""
    notes.leave(place, kind, text)


def corpus_choices() -> list[str]:
    """Presets (royalty first: the page's first example), then the lab's corpus."""
    keys = preset_keys()
    return ["royalty"] + [k for k in keys if k != "royalty"] + [LAB_CORPUS]


def corpus_title(key: str) -> str:
    if key == LAB_CORPUS:
        return f"The lab's corpus ({state.corpus_name()})"
    return get_preset(key).title


def corpus_sentences(key: str) -> list[list[str]]:
    """The sentences the trainer reads: an explicit pair as one sentence (context words, then
    the target; w2v_core.pairs)."""
    if key == LAB_CORPUS:
        return plain_sentences(state.lab().sentences)
    return plain_sentences(text_to_sentences(load_preset(key)))


def corpus_is_pairs(key: str) -> bool:
    """Whether corpus ``key`` is written as explicit training pairs."""
    return state.lab().pairs if key == LAB_CORPUS else _preset_pairs(key)


@functools.lru_cache(maxsize=16)
def _preset_pairs(key: str) -> bool:
    return explicit_pairs(text_to_sentences(load_preset(key)))


@functools.lru_cache(maxsize=16)
def _preset_words(key: str) -> int:   # T of a preset, tokenised once
    return sum(map(len, plain_sentences(text_to_sentences(load_preset(key)))))


def corpus_words(key: str) -> int:
    """T, the words of one epoch of the corpus ``key``."""
    return state.lab().vocab.total if key == LAB_CORPUS else _preset_words(key)


def suggested_epochs(key: str) -> int:
    """Epochs for about ``EPOCH_WORDS`` words in all, rounded up to a multiple of 5, in 5..200
    (royalty: 27,354 words -> 20; a toy preset of ~600 words -> 200)."""
    try:
        T = corpus_words(key)
    except ValueError:
        return PAGE_CONFIG.epochs
    return int(min(200, max(5, 5 * math.ceil(EPOCH_WORDS / max(T, 1) / 5))))


def client() -> str:
    """This browser (ui.job_budgets.client_key); without its cookie, this session alone."""
    return client_key(_cookies()) or st.session_state.setdefault(CLIENT, f"session-{uuid.uuid4()}")


def _cookies():
    try:
        return st.context.cookies
    except Exception:          # no request to read (a bare script run)
        return {}


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
    job = TrainingJob(sentences, config, corpus_title(key), key, SessionWatch.of_this_session(),
                      client=client())
    try:
        st.session_state[JOB] = job.start()
    except ClientBusy as busy:
        st.session_state[OTHER] = busy.job
        note("warning", f"{tj.job_line(busy.job)} is running in another tab of this browser (or "
                        "in this tab before a reload). One training runs per browser at a "
                        "time: stop it there or with the button below, then press Train "
                        "again. Nothing was started.")
    except ServerBusy:
        note("warning", f"The server is busy: {len(SLOTS)} trainings are running for other "
                        f"students, the most it runs at once ({MAX_JOBS}, one per core). Try "
                        "again in a minute; nothing was started.")


def other_job() -> TrainingJob | None:
    """This browser's job in another tab, while it runs, after a refused Train click."""
    j = st.session_state.get(OTHER)
    if j is not None and not j.running:
        del st.session_state[OTHER]
        return None
    return j


def stop_other() -> None:
    """Stop this browser's job in another tab (the Stop button under the refusal)."""
    j = other_job()
    if j is not None:
        j.stop()
        j.finished.wait(timeout=1.0)
        st.session_state.pop(OTHER, None)
        note("info", f"The training on {j.corpus_name} in the other tab was stopped (that tab "
                     "keeps what it learned). Press Train to start yours.")


def stop() -> None:
    """Ask the job to stop, and give it a moment (it stops within milliseconds of work), so
    that the rerun the Stop click makes already shows what was kept."""
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
    speed = f"{r.seconds:.1f} s, {r.words_per_second:,.0f} words/s."
    if j.stop_reason == "budget":
        note("warning", f"Stopped after {r.words_done:,} of {total:,} words: the job's CPU "
                        f"budget ({j.cpu_budget:.0f} s) ran out. The vectors learned so far "
                        "are kept; to train to the end, lower the epochs, N, the window or k. "
                        + speed)
        return
    how = (f"Stopped after {r.words_done:,} of {total:,} words; the vectors learned so far are "
           "kept." if r.stopped_early else f"Trained on {r.words_done:,} words.")
    note("success", f"{how} {speed}")


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


def imported() -> VectorSet | None:
    return st.session_state.get(IMPORTED)


def default_highlight(words: list, key: str, count: int = 12) -> list:
    """Words to follow: the preset's chosen ones, one per class for a generated corpus, or
    the most frequent content words (no 'the', 'a', ...)."""
    present = set(words)
    chosen = [w for w in HIGHLIGHTS.get(key, []) if w in present]
    if not chosen and key in preset_keys() and preset_word_classes(key):
        by_class: dict = {}
        for w, c in preset_word_classes(key).items():
            if w in present and len(by_class.setdefault(c, [])) < 2:
                by_class[c].append(w)
        chosen = [w for ws in by_class.values() for w in ws][:count]
    if not chosen:
        chosen = content_words(words, count // 2) or list(words[:count // 2])
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
