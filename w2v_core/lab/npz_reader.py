"""Reading an uploaded lab file's arrays without trusting it.

A lab file is a zip of .npy arrays with a sha256 inside; the checksum only catches
accidents (anyone can recompute it), so everything is checked before it costs anything:
the file's size; the zip's entries (only the expected names, each once); for every entry,
its .npy header, read from the stream before the array is decompressed: the dtype (numbers
and text only, never Python objects), the number of dimensions and the size of each, against
``BUDGETS`` (which follow the lab's own limits, ``limits.py``); the bytes it holds against
what its header declares. The JSON strings inside (settings, generator state) are parsed with
a bound on their nesting and on the digits of their integers (``guarded_json``).
"""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np

from ..settings import RANGES
from .limits import MAX_PARAMETERS, MAX_STEPS, MAX_TEXT_CHARS, MAX_VOCAB, MAX_WORD_CHARS

MAX_NAME_CHARS = 200
MAX_JSON_CHARS = 2000            # the settings and the generator state are ~200 characters
MAX_JSON_DEPTH = 4               # {"state": {"state": ...}} is 2 deep
MAX_INT_DIGITS = 40              # a PCG64 state is a 128-bit number: 39 digits
N_MAX = int(RANGES["dim"].high)
STEPS, V, N = ("steps", MAX_STEPS), ("V", MAX_VOCAB), ("N", N_MAX)
# entry -> (dtype kinds, each dimension's name and largest size, largest string length)
BUDGETS = {
    "format": ("U", (), 20), "version": ("iu", (), 0), "checksum": ("U", (), 64),
    "corpus_name": ("U", (), MAX_NAME_CHARS), "settings": ("U", (), MAX_JSON_CHARS),
    "rng_state": ("U", (), MAX_JSON_CHARS),
    "corpus": ("u", (("bytes", 4 * MAX_TEXT_CHARS),), 0),    # UTF-8: up to 4 bytes a char
    "words": ("U", (V,), MAX_WORD_CHARS), "counts": ("iu", (V,), 0),
    "W_in": ("f", (V, N), 0), "W_out": ("f", (V, N), 0),
    "cursor": ("iu", (("3", 3),), 0), "losses": ("f", (STEPS, ("2", 2)), 0),
    "W_in_start": ("f", (V, N), 0), "W_out_start": ("f", (V, N), 0),   # own.py: own weights
    "chosen": ("U", (), 40_000),                                       # and chosen instances
}
OPTIONAL = ("W_in_start", "W_out_start", "chosen")    # only in the file of a lab that has them
KINDS = {"U": "text", "iu": "integers", "u": "unsigned integers", "f": "floats"}
FIELDS = tuple(k for k in BUDGETS if k not in OPTIONAL)


class LabFileError(ValueError):
    """A lab file that cannot be loaded; the message says why."""


def read_entries(data: bytes, max_bytes: int) -> dict[str, np.ndarray]:
    """The arrays of a lab file, each checked against ``BUDGETS`` before it is unpacked."""
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
    extra = sorted({n[:-4] for n in names} - set(BUDGETS))
    if missing or extra:
        raise LabFileError("this .npz file was not saved by this app's lab export "
                           f"(missing: {', '.join(missing) or 'none'}; "
                           f"unexpected: {', '.join(extra) or 'none'})")
    return {i.filename[:-4]: _read_entry(zf, i) for i in infos}


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> np.ndarray:
    name = info.filename[:-4]
    try:
        with zf.open(info) as f:             # decompresses as it is read: the header first
            shape, dtype = _header(f, name)
            _check_budget(name, shape, dtype)
            expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
            raw = f.read(expected + 1)
    except LabFileError:
        raise
    except Exception as err:  # a damaged archive can fail in many ways (CRC, zlib, ...)
        raise LabFileError(f"the entry {name!r} cannot be read ({err})") from None
    if len(raw) != expected:
        raise LabFileError(f"the entry {name!r} declares shape {shape} ({expected} bytes) but "
                           f"holds {len(raw)} bytes")
    return np.frombuffer(raw, dtype=dtype).reshape(shape)     # read-only, no second copy


def _header(f, name: str):
    try:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise ValueError(f".npy format version {version}")
    except ValueError as err:
        raise LabFileError(f"the entry {name!r} is not a valid .npy array ({err})") from None
    if dtype.hasobject or dtype.kind not in "iufU":
        raise LabFileError(f"the entry {name!r} has dtype {dtype}; only numbers and text are "
                           "accepted (Python objects are never loaded)")
    if fortran and len(shape) > 1:
        raise LabFileError(f"the entry {name!r} is stored in Fortran order; lab files are not")
    return shape, dtype


def _check_budget(name: str, shape, dtype) -> None:
    kinds, dims, chars = BUDGETS[name]
    form = "(" + ", ".join(d for d, _ in dims) + ("," if len(dims) == 1 else "") + ")"
    if dtype.kind not in kinds or len(shape) != len(dims) or (
            dtype.kind != "U" and dtype.itemsize > 8):
        raise LabFileError(f"{name} must be {'a single string' if not dims else f'a {form} array'}"
                           f" of {KINDS[kinds]}, got dtype {dtype} shape {shape}")
    too_big = [f"{d} = {n:,} (at most {most:,})" for n, (d, most) in zip(shape, dims) if n > most]
    if too_big:
        raise LabFileError(f"{name} has shape {shape}: {', '.join(too_big)}, more than a lab "
                           "holds")
    if name.startswith("W_") and shape[0] * shape[1] > MAX_PARAMETERS:
        raise LabFileError(f"{name} has shape {shape}: {shape[0] * shape[1]:,} numbers, more "
                           f"than the {MAX_PARAMETERS:,} a lab holds")
    if dtype.kind == "U" and dtype.itemsize // 4 > chars:
        raise LabFileError(f"{name} holds strings of {dtype.itemsize // 4:,} characters; at "
                           f"most {chars:,} are expected")


def guarded_json(text: str, name: str):
    """``json.loads`` of a string already capped in length, refusing nesting deeper than
    ``MAX_JSON_DEPTH``, integers longer than ``MAX_INT_DIGITS`` digits and NaN/Infinity
    (``"[" * 100000`` would hit Python's recursion limit, ``2**300`` overflow the generator).

    >>> guarded_json('{"a": [1, 2.5]}', "x")
    {'a': [1, 2.5]}
    >>> guarded_json("[" * 9 + "]" * 9, "x")
    Traceback (most recent call last):
    ...
    w2v_core.lab.npz_reader.LabFileError: x is nested deeper than 4 levels
    """
    depth = most = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            most = max(most, depth)
        elif ch in "]}":
            depth -= 1
    if most > MAX_JSON_DEPTH:
        raise LabFileError(f"{name} is nested deeper than {MAX_JSON_DEPTH} levels")

    def whole(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_INT_DIGITS:
            raise LabFileError(f"{name} holds an integer of {len(digits):,} digits; at most "
                               f"{MAX_INT_DIGITS} are expected")
        return int(digits)

    def constant(word: str):
        raise LabFileError(f"{name} holds {word}, which is not a number")

    try:
        return json.loads(text, parse_int=whole, parse_constant=constant)
    except (json.JSONDecodeError, RecursionError) as err:
        raise LabFileError(f"{name} is not valid JSON ({err})") from None
