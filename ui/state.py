"""The per-user lab in ``st.session_state``: one Lab that every page reads.

A change that would fail (an empty corpus, a vocabulary emptied by min_count, k >= V
...) leaves the previous lab in place and returns the message to show.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from w2v_core.corpora import DEFAULT_PRESET, PRESETS, load_preset, preset_example
from w2v_core.lab import Lab, LabSettings
from w2v_core.lab.own import open_example
from w2v_core.settings import DEFAULT_LEARNING_RATE

LAB = "lab"                # the Lab
CORPUS = "corpus_name"     # what the corpus is called on screen
PRESET = "corpus_preset"   # the preset key of the corpus, None for any other text
LR = "learning_rate"       # eta, a per-step setting that never resets the lab
DEFAULT_LR = DEFAULT_LEARNING_RATE
UPLOAD_MAX_BYTES = 1_000_000     # a corpus upload; the lab also caps the text's length
PRESET_TITLES = {p.key: p.title for p in PRESETS}


def leave_legacy_page_mode() -> None:
    """Make a deep link (/step_inspector) on a fresh server run through app.py.

    Streamlit treats a `pages/` folder as the old pages-folder app until app.py first
    calls st.navigation; a deep link served before that runs the page on its own (no
    sections, no shared sidebar). Clearing the flag and rerunning sends this and every
    later run through app.py. Only on a session's first view, so no click can be lost
    (AppTest resets the flag before every run). Covered by tests/e2e (a fresh server,
    a page URL first).
    """
    if PagesManager.uses_pages_directory and LAB not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()


def lab() -> Lab:
    """This user's lab, made from the default preset on first use."""
    leave_legacy_page_mode()
    if LAB not in st.session_state:
        set_lab(Lab.from_text(load_preset(DEFAULT_PRESET)), PRESET_TITLES[DEFAULT_PRESET],
                DEFAULT_PRESET)
    return st.session_state[LAB]


def corpus_name() -> str:
    lab()
    return st.session_state[CORPUS]


def preset() -> str | None:
    """The preset key of the lab's corpus; None for pasted, uploaded or restored text (a
    restored lab may carry a preset's title and still hold other text)."""
    lab()
    return st.session_state.get(PRESET)


def learning_rate() -> float:
    return st.session_state.get(LR, DEFAULT_LR)


def set_lab(new: Lab, name: str, preset_key: str | None = None) -> None:
    """Make ``new`` this user's lab, its corpus called ``name`` on screen (the preset
    ``preset_key`` when it is one)."""
    st.session_state[LAB], st.session_state[CORPUS] = new, name
    st.session_state[PRESET] = preset_key


def load_corpus(text: str, name: str, preset_key: str | None = None) -> str | None:
    """Replace the corpus (keeping the settings; a worked example's preset opens with its
    own settings, W, W′, first instance and η); the error message, or None on success."""
    example = preset_example(preset_key) if preset_key is not None else None
    try:
        new = (Lab.from_text(text, lab().settings) if example is None
               else open_example(text, example, lab().settings))
    except ValueError as err:
        return f"{name}: {err}. The previous corpus is still loaded."
    set_lab(new, name, preset_key)
    if example is not None:
        st.session_state[LR] = example.eta
    return None


def apply_settings(settings: LabSettings) -> str | None:
    """Rebuild the lab with new settings; the error message, or None (no change also gives None)."""
    current = lab()
    if settings == current.settings:
        return None
    try:
        st.session_state[LAB] = current.with_settings(settings)
    except ValueError as err:
        return f"{err}. The previous settings are still in use."
    return None


def reset() -> None:
    st.session_state[LAB] = lab().reset()


def oversized(upload, max_bytes: int, what: str) -> str | None:
    """Why an uploaded file is refused before it is read (its size as the server received
    it: a client can skip the uploader's own cap in the browser), or None."""
    if upload.size > max_bytes:
        return (f"{upload.name} is {upload.size:,} bytes; {what} are capped at {max_bytes:,} "
                "bytes")
    return None


def decode_upload(data: bytes, name: str = "the file", max_bytes: int = UPLOAD_MAX_BYTES) -> str:
    """UTF-8 text of an uploaded corpus, or a ValueError saying why not. Nothing touches disk."""
    if len(data) > max_bytes:
        raise ValueError(f"{name} is {len(data):,} bytes; corpora are capped at {max_bytes:,} bytes")
    if not data.strip():
        raise ValueError(f"{name} is empty")
    if b"\x00" in data[:4096]:
        raise ValueError(f"{name} looks binary (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"{name} is not UTF-8 text (byte 0x{data[err.start]:02x} at offset "
                         f"{err.start})") from None
