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

The Undo history (the traces of the last steps) is not saved: a restored lab continues
exactly where the saved one was, but cannot undo the steps taken before saving.

Loading never unpickles (``np.load(..., allow_pickle=False)``); before any array is read,
the zip entries' sizes and the .npy headers are checked, so a tampered or foreign file
gets a ``LabFileError`` naming the problem instead of an allocation or an exception.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import zipfile

import numpy as np

from .lab import Cursor, Lab, LabSettings, text_to_sentences

FORMAT = "w2v-lab"
VERSION = 1
MAX_FILE_BYTES = 10_000_000          # an upload larger than this is refused
MAX_UNPACKED_BYTES = 400_000_000     # the arrays inside, once decompressed
MAX_NAME_CHARS = 200
FIELDS = ("format", "version", "corpus_name", "corpus", "settings", "words", "counts", "W_in",
          "W_out", "cursor", "losses", "rng_state", "checksum")


class LabFileError(ValueError):
    """A lab file that cannot be loaded; the message says why."""


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
        h.update(a.tobytes())
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
    }
    arrays["checksum"] = np.array(checksum(arrays))
    return arrays


def save_lab(lab: Lab, corpus_name: str) -> bytes:
    """The lab as the bytes of a compressed .npz file (nothing is written to disk)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **lab_arrays(lab, corpus_name))
    return buffer.getvalue()


# ---- loading -----------------------------------------------------------------------------
def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> np.ndarray:
    """One .npy entry, its header checked before the array is allocated."""
    name = info.filename[:-4]
    try:
        raw = zf.read(info)
    except Exception as err:  # a damaged archive can fail in many ways (CRC, zlib, ...)
        raise LabFileError(f"the entry {name!r} cannot be read ({err})") from None
    f = io.BytesIO(raw)
    try:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, _, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise ValueError(f".npy format version {version}")
    except ValueError as err:
        raise LabFileError(f"the entry {name!r} is not a valid .npy array ({err})") from None
    if dtype.hasobject or dtype.kind not in "iufU":
        raise LabFileError(f"the entry {name!r} has dtype {dtype}; only numbers and text are "
                           "accepted (Python objects are never loaded)")
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if expected != len(raw) - f.tell():
        raise LabFileError(f"the entry {name!r} declares shape {shape} ({expected} bytes) but "
                           f"holds {len(raw) - f.tell()} bytes")
    f.seek(0)
    return np.load(f, allow_pickle=False)


def read_arrays(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> dict[str, np.ndarray]:
    """The named arrays of a lab file, with its format, version and checksum checked."""
    if len(data) > max_bytes:
        raise LabFileError(f"the file is {len(data):,} bytes; lab files are capped at "
                           f"{max_bytes:,} bytes")
    if not data.startswith(b"PK"):
        raise LabFileError("this is not a .npz file (a .npz file is a zip archive of arrays)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise LabFileError(f"this is not a readable .npz file ({err})") from None
    names = [i.filename for i in infos]
    if len(set(names)) != len(names) or not all(n.endswith(".npy") for n in names):
        raise LabFileError("this .npz file holds entries that are not arrays of a lab file")
    missing = sorted(set(FIELDS) - {n[:-4] for n in names})
    extra = sorted({n[:-4] for n in names} - set(FIELDS))
    if missing or extra:
        raise LabFileError("this .npz file was not saved by this app's lab export "
                           f"(missing: {', '.join(missing) or 'none'}; "
                           f"unexpected: {', '.join(extra) or 'none'})")
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise LabFileError(f"the arrays inside would take more than {MAX_UNPACKED_BYTES:,} bytes")
    arrays = {i.filename[:-4]: _read_member(zf, i) for i in infos}
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
    try:
        return json.loads(_text(arrays, name))
    except json.JSONDecodeError as err:
        raise LabFileError(f"{name} is not valid JSON ({err})") from None


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
    n_out = V - 1 if settings.output == "hs" else V
    what = (f"hierarchical softmax has V - 1 = {n_out} inner nodes" if settings.output == "hs"
            else f"the vocabulary has {V} words")
    W_out = _matrix(arrays, "W_out", "W′", n_out, what, N)
    cursor = _restore_cursor(lab, _integers(arrays, "cursor", (3,)))
    losses = arrays["losses"]
    if losses.dtype.kind != "f" or losses.ndim != 2 or losses.shape[1] != 2:
        raise LabFileError(f"losses must be a (steps, 2) array of floats, got dtype "
                           f"{losses.dtype} shape {losses.shape}")
    rng_state = _json(arrays, "rng_state")
    try:
        lab.restore(W_in, W_out, cursor, losses, rng_state)
    except (ValueError, TypeError, KeyError) as err:
        raise LabFileError(f"the saved generator state is not usable ({err})") from None
    return lab, name
