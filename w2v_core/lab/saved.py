"""Save a lab to .npz bytes and load it back, so a student can resume exactly where it was.

What is saved (all plain numeric or string arrays, never Python objects):

    format, version     "w2v-lab", 1
    corpus_name         what the corpus is called on screen
    corpus              the tokenised sentences as UTF-8 text (uint8): words joined by one
                        space, sentences by one newline
    settings            the LabSettings as a JSON string
    words, counts       the vocabulary (fixed-width unicode, int64), checked against the corpus
    W_in, W_out         W (V x N) and W' (V x N, or V-1 x N for hierarchical softmax), float64
    cursor              (epoch, sentence, item) of the instance stream
    losses              (steps, 2) the loss before and after every step taken
    rng_state           the model's generator state (it draws the negatives) as JSON
    checksum            sha256 over every other array's name, dtype, shape and bytes
    W_in_start, W_out_start, chosen   only when the lab has them: own starting weights and
                        chosen instances (own.py), checked like the widgets check them

The Undo history (the traces of the last steps) is not saved: a restored lab continues
exactly where the saved one was, but cannot undo the steps taken before saving.

A restored lab is validated, not trusted (the checksum only catches accidents: anyone can
recompute it). ``npz_reader`` checks every entry's dtype and shape against the lab's budgets
before it is unpacked and parses the JSON strings with bounds; here every field is checked
against the lab it makes: the settings against ``settings.RANGES`` (the widgets' bounds),
the corpus against ``limits``, the vocabulary, W and W' against the corpus and N, the stream
position against the corpus, the loss log against ``MAX_STEPS``, the generator state
against the generator's own format. Any failure is one ``LabFileError`` naming the problem.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json

import numpy as np

from ..settings import OUTPUT_TITLES
from ..step.layers import LAYERS
from . import own
from .lab import Cursor, Lab, LabSettings, text_to_sentences
from .npz_reader import FIELDS, MAX_NAME_CHARS, LabFileError, guarded_json, read_entries

FORMAT = "w2v-lab"
VERSION = 1
MAX_FILE_BYTES = 40_000_000          # an upload larger than this is refused (the largest
                                     # lab the app makes is ~35 MB: bench/bench_restore.py)
MAX_UNPACKED_BYTES = 100_000_000     # the arrays inside, once decompressed (the budgets' sum)
__all__ = ["FIELDS", "FORMAT", "LabFileError", "VERSION", "checksum", "lab_arrays", "load_lab",
           "save_lab"]


# ---- saving ------------------------------------------------------------------------------
def corpus_text(sentences) -> str:
    """The tokenised corpus as text, one sentence per line.

    >>> corpus_text([["the", "cat"], ["a"]])
    'the cat\\na'
    """
    return "\n".join(" ".join(s) for s in sentences)


def checksum(arrays: dict) -> str:
    """sha256 (hex) over the arrays' names, dtypes, shapes and bytes, in name order."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        if name == "checksum":
            continue
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
        h.update(a.reshape(-1).view(np.uint8))            # the bytes, without a copy
    return h.hexdigest()


def lab_arrays(lab: Lab, corpus_name: str) -> dict[str, np.ndarray]:
    """Everything that is saved, as named arrays (the checksum included)."""
    c = lab.cursor
    arrays = {
        "format": np.array(FORMAT),
        "version": np.array(VERSION, dtype=np.int64),
        "corpus_name": np.array(str(corpus_name)[:MAX_NAME_CHARS]),
        "corpus": np.frombuffer(corpus_text(lab.sentences).encode("utf-8"), dtype=np.uint8),
        "settings": np.array(json.dumps(dataclasses.asdict(lab.settings))),
        "words": np.array(lab.vocab.words, dtype=str),
        "counts": np.asarray(lab.vocab.counts, dtype=np.int64),
        "W_in": np.asarray(lab.model.W_in, dtype=np.float64),
        "W_out": np.asarray(lab.model.W_out, dtype=np.float64),
        "cursor": np.array([c.epoch, c.sentence, c.item], dtype=np.int64),
        "losses": lab.losses.to_array(),
        "rng_state": np.array(json.dumps(lab.model.rng.bit_generator.state)),
        **own.to_arrays(lab),
    }
    arrays["checksum"] = np.array(checksum(arrays))
    return arrays


def save_lab(lab: Lab, corpus_name: str) -> bytes:
    """The lab as the bytes of a compressed .npz file (nothing is written to disk)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **lab_arrays(lab, corpus_name))
    return buffer.getvalue()


# ---- loading -----------------------------------------------------------------------------
def read_arrays(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> dict[str, np.ndarray]:
    """The named arrays of a lab file, with its format, version and checksum checked."""
    arrays = read_entries(data, max_bytes)
    if sum(a.nbytes for a in arrays.values()) > MAX_UNPACKED_BYTES:
        raise LabFileError(f"the arrays inside would take more than {MAX_UNPACKED_BYTES:,} bytes")
    if _text(arrays, "format") != FORMAT:
        raise LabFileError("this .npz file is not a lab file of this app")
    version = _integers(arrays, "version", ())
    if int(version) != VERSION:
        raise LabFileError(f"this lab file has format version {int(version)}; this app reads "
                           f"version {VERSION}")
    if _text(arrays, "checksum") != checksum(arrays):
        raise LabFileError("the file was changed after it was saved (its checksum does not "
                           "match its contents)")
    return arrays


def _text(arrays, name: str) -> str:
    a = arrays[name]
    if a.dtype.kind != "U" or a.shape != ():
        raise LabFileError(f"{name} must be a single string, got dtype {a.dtype} shape {a.shape}")
    return str(a)


def _integers(arrays, name: str, shape) -> np.ndarray:
    a = arrays[name]
    if a.dtype.kind not in "iu" or a.shape != tuple(shape):
        raise LabFileError(f"{name} must be integers of shape {tuple(shape)}, "
                           f"got dtype {a.dtype} shape {a.shape}")
    return a


def _json(arrays, name: str):
    return guarded_json(_text(arrays, name), name)


def _settings(arrays) -> LabSettings:
    saved = _json(arrays, "settings")
    defaults = dataclasses.asdict(LabSettings())
    if not isinstance(saved, dict) or set(saved) != set(defaults):
        raise LabFileError(f"settings must name exactly these fields: {', '.join(defaults)}")
    for key, default in defaults.items():
        value = saved[key]
        ok = (isinstance(value, str) if isinstance(default, str) else
              isinstance(value, (int, float)) and not isinstance(value, bool))
        if not ok or (isinstance(default, int) and not isinstance(value, int)):
            raise LabFileError(f"setting {key} has the wrong type: {value!r}")
    try:
        return LabSettings(**saved).validate()
    except ValueError as err:
        raise LabFileError(f"the saved settings are invalid: {err}") from None


def _sentences(arrays) -> list[list[str]]:
    corpus = arrays["corpus"]
    if corpus.dtype != np.uint8 or corpus.ndim != 1:
        raise LabFileError(f"corpus must be UTF-8 bytes (uint8), got dtype {corpus.dtype}")
    try:
        text = corpus.tobytes().decode("utf-8")
        sentences = text_to_sentences(text)
    except (UnicodeDecodeError, ValueError) as err:
        raise LabFileError(f"the saved corpus is not usable: {err}") from None
    if sentences != [line.split(" ") for line in text.split("\n")]:
        raise LabFileError("the saved corpus is not in tokenised form (lower-case words, "
                           "one space between words, one sentence per line)")
    return sentences


def _matrix(arrays, name: str, symbol: str, rows: int, what: str, N: int) -> np.ndarray:
    a = arrays[name]
    if a.dtype.kind != "f" or a.ndim != 2:
        raise LabFileError(f"{symbol} must be a 2-D array of floats, got dtype {a.dtype} "
                           f"shape {a.shape}")
    if a.shape != (rows, N):
        raise LabFileError(f"{symbol} has shape {a.shape} but {what} and N = {N}, so it "
                           f"must be {(rows, N)}")
    if not np.isfinite(a).all():
        raise LabFileError(f"{symbol} contains NaN or infinity")
    return a.astype(np.float64)


def _restore_cursor(lab: Lab, cursor: np.ndarray) -> Cursor:
    epoch, sentence, item = (int(v) for v in cursor)
    S = len(lab.sentences)
    if not (0 <= epoch <= 10**9 and 0 <= sentence <= S and item >= 0):
        raise LabFileError(f"the stream position (epoch {epoch}, sentence {sentence}, "
                           f"item {item}) is outside a corpus of {S} sentences")
    if item > (len(lab.tasks(epoch, sentence)) if sentence < S else 0):
        raise LabFileError(f"the stream position item {item} is past the end of sentence "
                           f"{sentence}")
    return Cursor(epoch, sentence, item)


def load_lab(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> tuple[Lab, str]:
    """(the restored Lab, its corpus name) from ``save_lab``'s bytes, or a LabFileError."""
    arrays = read_arrays(data, max_bytes)
    name = _text(arrays, "corpus_name")[:MAX_NAME_CHARS]
    settings = _settings(arrays)
    try:
        lab = Lab(_sentences(arrays), settings)
    except ValueError as err:
        raise LabFileError(f"the saved corpus and settings make no lab: {err}") from None
    V, N = lab.vocab.size, settings.dim
    words, counts = arrays["words"], arrays["counts"]
    if words.dtype.kind != "U" or words.shape != (V,) or words.tolist() != lab.vocab.words:
        raise LabFileError(f"the saved vocabulary ({words.size} words) does not match the one "
                           f"its corpus gives ({V} words)")
    if counts.shape != (V,) or not np.array_equal(counts, lab.vocab.counts):
        raise LabFileError("the saved word counts do not match the corpus")
    W_in = _matrix(arrays, "W_in", "W", V, f"the vocabulary has {V} words", N)
    layer = LAYERS[settings.output]
    n_out = layer.rows_for(V)
    what = (f"the vocabulary has {V} words" if layer.rows_are_words else
            f"{OUTPUT_TITLES[settings.output]} has V - 1 = {n_out} inner nodes")
    W_out = _matrix(arrays, "W_out", "W′", n_out, what, N)
    cursor = _restore_cursor(lab, _integers(arrays, "cursor", (3,)))
    losses = arrays["losses"]
    if losses.dtype.kind != "f" or losses.ndim != 2 or losses.shape[1] != 2:
        raise LabFileError(f"losses must be a (steps, 2) array of floats, got dtype "
                           f"{losses.dtype} shape {losses.shape}")
    if len(losses) > cursor_steps_bound(lab, cursor):
        raise LabFileError(f"the loss log has {len(losses):,} steps, more than the stream "
                           f"position (epoch {cursor.epoch + 1}) allows")
    rng_state = _generator_state(lab, _json(arrays, "rng_state"))
    try:
        lab.restore(W_in, W_out, cursor, losses, rng_state)
    except (ValueError, TypeError, KeyError, OverflowError) as err:
        raise LabFileError(f"the saved generator state is not usable ({err})") from None
    try:
        own.from_arrays(lab, arrays, _json(arrays, "chosen") if "chosen" in arrays else None)
    except ValueError as err:
        raise LabFileError(f"the saved own weights or chosen instances: {err}") from None
    return lab, name


def cursor_steps_bound(lab: Lab, cursor: Cursor) -> int:
    """The most steps a lab can have taken to reach ``cursor``: every epoch up to its one
    whole, each at most every token times the window's pairs."""
    per_epoch = sum(len(ids) for ids, _ in lab.encoded)
    if lab.settings.arch == "skipgram" and lab.settings.convention == "word2vec.c":
        per_epoch *= 2 * lab.settings.window
    return (cursor.epoch + 1) * per_epoch


def _generator_state(lab: Lab, state) -> dict:
    """The saved state of the model's generator, checked field by field against the format
    numpy writes for it (for PCG64: two 128-bit numbers, a flag and a 32-bit number)."""
    current = lab.model.rng.bit_generator.state
    if not isinstance(state, dict) or set(state) != set(current) or \
            state.get("bit_generator") != current["bit_generator"]:
        raise LabFileError(f"the saved generator state is not a {current['bit_generator']} "
                           f"state (fields: {', '.join(current)})")
    for key, value in state.items():
        like = current[key]
        if isinstance(like, dict):
            if not isinstance(value, dict) or set(value) != set(like):
                raise LabFileError(f"the saved generator state's {key} must hold "
                                   f"{', '.join(like)}")
            bad = [k for k, v in value.items() if not _uint(v, 128)]
        else:
            bad = [] if key == "bit_generator" or _uint(value, 64) else [key]
        if bad:
            raise LabFileError(f"the saved generator state's {', '.join(bad)} must be whole "
                               "numbers in the generator's range")
    return state


def _uint(value, bits: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2 ** bits
