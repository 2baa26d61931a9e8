"""What a student keeps: the vector and lab files they download, restore and import, and the
work a reload would lose.

A Streamlit session lives as long as its browser tab's connection: a reload or a typed
address starts a new session. The address bar gives the lab back when it can (ui.links:
presets and short corpora, up to MAX_REPLAY seeded steps); trained vectors, long corpora and
labs restored from a file it cannot. So losing work is never silent: the downloads below
record what they saved (``mark_*``), ``unsaved`` lists what is not in any file yet, and
``guard`` (run by app.py on every page) says in the sidebar how to keep it and asks the
browser to confirm before leaving the page while it holds any (the browser shows its own
"Leave site?" question; the text on the page says why).
"""
from __future__ import annotations

import time
import zlib

import numpy as np
import streamlit as st

from ui import links, state
from ui import training_state as ts
from ui.safe import md
from w2v_core.lab.saved import MAX_FILE_BYTES, load_lab, save_lab
from w2v_core.vectors.word2vec_format import read_word2vec, to_word2vec_bytes, values_problem

UPLOAD_MB = 10                     # vector files (each uploader sets its cap)
UPLOAD_BYTES = UPLOAD_MB * 1_000_000   # checked again in code: a client can skip the cap
LAB_UPLOAD_MB = MAX_FILE_BYTES // 1_000_000   # lab files: the largest lab the app makes fits
VECTOR_BYTES = 40_000_000          # largest V x N float32 array an uploaded vector file may hold
KEPT_LAB, KEPT_VECTORS = "keep_lab", "keep_vectors"     # what the last downloads saved
EAGER_ENTRIES = 200_000            # W and W' entries up to which a file is made with the page
MADE = "keep_made"                 # {what: (mark, bytes)}: the files made with the page, once
# Static script, no user text in it: ask before leaving while window.w2vUnsaved is true.
GUARD = """<script>
window.w2vUnsaved = %s;
if (!window.w2vGuard) {
  window.w2vGuard = true;
  window.addEventListener("beforeunload", (event) => {
    if (window.w2vUnsaved) { event.preventDefault(); event.returnValue = ""; }
  });
}
</script>"""


# ---- names of the files ----------------------------------------------------------------------
def step_file(preset: str | None, settings, step: int, ext: str) -> str:
    """The name of one step's download: the corpus (a preset's key, or "own-text"), the
    model, the output layer, word2vec.c's conventions when on, and the step's number, so
    that the files of two steps, or of two labs, never overwrite each other.

    >>> from w2v_core import LabSettings
    >>> step_file("eat_drink", LabSettings(), 3, "csv")
    'eat_drink_skipgram_softmax_step3.csv'
    >>> step_file(None, LabSettings(arch="cbow", convention="word2vec.c"), 12, "md")
    'own-text_cbow_softmax_word2vec.c_step12.md'
    """
    parts = [preset or "own-text", settings.arch, settings.output]
    if settings.convention != "rong":
        parts.append(settings.convention)
    return "_".join(parts) + f"_step{step}.{ext}"


def step_download_name(lab, ext: str) -> str:
    """``step_file`` for the lab's newest step."""
    return step_file(state.preset(), lab.settings, lab.steps_done, ext)


# ---- what is not kept yet ---------------------------------------------------------------------
def _lab_mark():
    lab = state.lab()
    return id(lab), lab.steps_done


def mark_lab_kept() -> None:
    """The lab as it is now is in a file (downloaded, or just restored from one)."""
    st.session_state[KEPT_LAB] = _lab_mark()


def mark_vectors_kept(uid: str) -> None:
    """The vector set ``uid`` (``VectorSet.uid``) is in a file."""
    st.session_state[KEPT_VECTORS] = uid


def unsaved() -> list[str]:
    """What a reload would lose, for people: [] when everything is in a file."""
    lost = []
    # a new session could not give the lab back: its address (ui.links) rebuilds a preset or
    # short corpus and up to MAX_REPLAY seeded steps; anything else needs a file
    if not links.reproducible() and st.session_state.get(KEPT_LAB) != _lab_mark():
        lost.append(f"the lab ({state.corpus_name()}, {state.lab().steps_done:,} steps)")
    t = ts.trained()
    if t is not None and st.session_state.get(KEPT_VECTORS) != ts.trained_set(t).uid:
        lost.append(f"the vectors trained on {t.corpus_name}")
    return lost


def guard() -> None:
    """In the sidebar (app.py, after the page ran): how to keep work, what is not downloaded
    yet, and the browser's question before a reload or another address leaves the page."""
    lost = unsaved()
    with st.sidebar:
        st.caption((md(f"Not downloaded yet: {' and '.join(lost)}. A reload or a new address "
                       "would lose it. ") if lost else
                    "The address bar holds this lab: a reload or its link rebuilds it. ")
                   + "Keep trained vectors, long corpora and restored labs with the downloads "
                     "under **Save and load** on the Training page.")
        arm(lost)


def arm(lost=None) -> None:
    """Set the leave-page question on or off, here (a fragment that changes the lab, which
    reruns without app.py, calls this itself). An invisible element holding a static script."""
    lost = unsaved() if lost is None else lost
    st.html(GUARD % ("true" if lost else "false"), unsafe_allow_javascript=True)


# ---- downloads --------------------------------------------------------------------------------
def vector_problem(vs: ts.VectorSet) -> str | None:
    """Why these vectors cannot be written to a vector file (None when they can): NaN or
    infinity, or a float64 lab's value beyond float32's range (vectors.word2vec_format.values_problem)."""
    problem = values_problem(vs.W)
    return None if problem is None else f"these vectors {problem}: the learning rate was too large"


def vectors_file(vs: ts.VectorSet, binary: bool) -> bytes:
    """The explored W in word2vec.c's text or binary format (the page's download)."""
    return to_word2vec_bytes(vs.words, vs.W, binary)


def vectors_download(vs: ts.VectorSet, binary: bool):
    """The explored W as a vector file for the page's download: bytes now for up to
    EAGER_ENTRIES numbers, else a callable run on the click (see lab_download); nothing for
    vectors no file can hold (the page disables the button and says why)."""
    if vector_problem(vs) is not None:
        return b""
    if vs.W.size <= EAGER_ENTRIES:
        return _made(f"vectors{binary}", vs.uid, lambda: vectors_file(vs, binary))
    return lambda: vectors_file(vs, binary)


def lab_download():
    """The step inspector's lab as .npz bytes for the page's download: made now for a lab
    of up to EAGER_ENTRIES weights (milliseconds), else a callable Streamlit runs on the
    click, which captures the lab now (it runs in a server thread where session state
    cannot be read). A deferred file can be lost when the click's own rerun replaces it
    before the browser fetches it (seen in Chromium about one click in three), so small
    labs, nearly all of them, are made with the page instead, once per state of the lab
    (see _made)."""
    lab, name = state.lab(), state.corpus_name()
    if lab.model.W_in.size + lab.model.W_out.size <= EAGER_ENTRIES:
        m = lab.model                          # same steps, other weights: Undo, then Step
        weights = zlib.crc32(np.ascontiguousarray(m.W_out),
                             zlib.crc32(np.ascontiguousarray(m.W_in)))
        return _made("lab", (*_lab_mark(), name, weights), lambda: save_lab(lab, name))
    return lambda: save_lab(lab, name)


def _made(what: str, mark, make) -> bytes:
    """``make()``'s bytes, made again only when ``mark`` (what they were made from) changed:
    the Training page reruns on every widget, its files need not."""
    made = st.session_state.setdefault(MADE, {})
    if what not in made or made[what][0] != mark:
        made[what] = (mark, make())
    return made[what][1]


# ---- uploads ----------------------------------------------------------------------------------
def import_vectors(data: bytes, file_name: str) -> None:
    """Read an uploaded word2vec file into ``IMPORTED``; a note either way."""
    if len(data) > UPLOAD_BYTES:
        ts.note("error", f"{file_name} is {len(data):,} bytes; vector files are capped at "
                         f"{UPLOAD_BYTES:,} bytes. Nothing was imported.", "vectors")
        return
    try:
        words, W = read_word2vec(data, max_bytes=VECTOR_BYTES)
    except ValueError as err:       # VectorFileError is a ValueError
        ts.note("error", f"{file_name} is not a word2vec vector file we can read: {err}. "
                         "Nothing was imported.", "vectors")
        return
    st.session_state[ts.IMPORTED] = ts.VectorSet(f"imported from {file_name}", words, W, None,
                                                 [(0, W, None)], "", f"imported{time.time_ns()}")
    st.session_state[ts.SOURCE] = "imported"
    ts.note("success", f"Imported {len(words):,} words with N = {W.shape[1]} from {file_name}.",
            "vectors")


def restore_lab(data: bytes, file_name: str) -> None:
    """Replace the lab by the one saved in an uploaded .npz; a note either way."""
    try:
        lab, name = load_lab(data, max_bytes=MAX_FILE_BYTES)
    except ValueError as err:       # LabFileError is a ValueError
        ts.note("error", f"{file_name}: {err}. The current lab is unchanged.", "lab")
        return
    state.set_lab(lab, name)
    mark_lab_kept()
    ts.note("success", f"Restored the lab from {file_name}: {name}, V = {lab.vocab.size}, "
                       f"{lab.steps_done} steps taken. The step inspector continues from there "
                       "(its Undo history was not saved).", "lab")
