"""Lab files a hostile user could craft, each with a valid checksum (anyone can recompute it).

``crafted_labs()`` gives {name: (file bytes, what the refusal must say)}; the message is None
for a file that is valid and must restore (its danger is elsewhere, e.g. a corpus name that
would become a link). Used by tests/test_crafted_labs.py, the hostile sweep and
bench/bench_restore.py. Files are built in memory, from a real saved lab whose arrays are
replaced; the one with a 24.9 M x 2 loss log streams its zeros into the zip, so building it
never holds the 400 MB it unpacks to.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile

import numpy as np

from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings
from w2v_core.lab.saved import checksum, lab_arrays

HUGE_STEPS = 24_900_000          # the loss log of issue 15 (about 400 MB unpacked)
EVIL_NAME = "www.evil.example"


def base_arrays() -> dict:
    lab = Lab.from_text(load_preset("fruit_drinks"), LabSettings(output="ns"))
    lab.step(0.1, 5)
    return lab_arrays(lab, "Fruit and drinks")


def npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asanyarray(array), allow_pickle=False)
    return buffer.getvalue()


def pack(arrays: dict) -> bytes:
    """A .npz of these arrays, its checksum recomputed."""
    arrays = dict(arrays)
    arrays["checksum"] = np.array(checksum(arrays))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            zf.writestr(f"{name}.npy", npy_bytes(array))
    return out.getvalue()


def with_settings(**changes) -> bytes:
    arrays = base_arrays()
    settings = {**json.loads(str(arrays["settings"])), **changes}
    return pack({**arrays, "settings": np.array(json.dumps(settings))})


def with_rng_state(text: str) -> bytes:
    return pack({**base_arrays(), "rng_state": np.array(text)})


def huge_loss_log(steps: int = HUGE_STEPS) -> bytes:
    """The base lab with a (steps, 2) loss log of zeros, streamed into the zip."""
    arrays = base_arrays()
    del arrays["losses"]
    dtype, shape, chunk = np.dtype("<f8"), (steps, 2), 1 << 20
    digest = hashlib.sha256()          # saved.checksum's recipe, with "losses" in name order
    for name in sorted([*arrays, "losses"]):
        if name == "losses":
            digest.update(f"losses|{dtype.str}|{shape}|".encode())
            left = steps * 2 * dtype.itemsize
            while left:
                digest.update(bytes(min(chunk, left)))
                left -= min(chunk, left)
        elif name != "checksum":
            a = np.ascontiguousarray(arrays[name])
            digest.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
            digest.update(a.tobytes())
    arrays["checksum"] = np.array(digest.hexdigest())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            zf.writestr(f"{name}.npy", npy_bytes(array))
        with zf.open("losses.npy", "w", force_zip64=True) as f:
            header = io.BytesIO()
            np.lib.format.write_array_header_1_0(
                header, {"descr": dtype.str, "fortran_order": False, "shape": shape})
            f.write(header.getvalue())
            left = steps * 2 * dtype.itemsize
            while left:
                f.write(bytes(min(chunk, left)))
                left -= min(chunk, left)
    return out.getvalue()


def many_words(V: int = 200_000) -> bytes:
    """A corpus of V distinct words, with a consistent vocabulary, W and W'."""
    arrays = base_arrays()
    words = [f"w{i}" for i in range(V)]
    text = "\n".join(" ".join(words[i:i + 10]) for i in range(0, V, 10))
    N = json.loads(str(arrays["settings"]))["dim"]
    return pack({**arrays, "corpus": np.frombuffer(text.encode(), dtype=np.uint8),
                 "words": np.array(words), "counts": np.ones(V, dtype=np.int64),
                 "W_in": np.zeros((V, N)), "W_out": np.zeros((V, N))})


def declared_giant_W() -> bytes:
    """W whose .npy header declares 10^9 x 10^9 floats (the data is not there)."""
    good = pack(base_arrays())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            raw = zin.read(info)
            if info.filename == "W_in.npy":
                raw = npy_bytes(np.zeros((1, 1)))
                raw = raw.replace(b"(1, 1)", b"(1000000000, 1000000000)")
            zout.writestr(info.filename, raw)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def crafted_labs() -> dict[str, tuple[bytes, str | None]]:
    """{name: (bytes, a fragment of the refusal, or None when the file must restore)}."""
    state = json.loads(str(base_arrays()["rng_state"]))
    state["state"]["state"] = 2 ** 300
    return {
        "ns_power 1e308": (with_settings(ns_power=1e308), "ns_power must be a number from 0 to 1.5"),
        "loss log 24.9M x 2": (huge_loss_log(), "steps = 24,900,000 (at most 1,000,000)"),
        "settings [ x 100000": (pack({**base_arrays(), "settings": np.array("[" * 100_000)}),
                                "settings holds strings of 100,000 characters"),
        "settings [ x 1000": (pack({**base_arrays(), "settings": np.array("[" * 1000)}),
                              "settings is nested deeper than"),
        "rng_state [ x 100000": (with_rng_state("[" * 100_000),
                                 "rng_state holds strings of 100,000 characters"),
        "rng_state 2**300": (with_rng_state(json.dumps(state)), "integer of 91 digits"),
        "rng_state wrong generator": (with_rng_state('{"bit_generator": "MT19937"}'),
                                      "not a PCG64 state"),
        "window 11": (with_settings(window=11), "window must be a whole number from 1 to 10"),
        "seed 2**31": (with_settings(seed=2 ** 31), "seed must be a whole number from 0 to 2147483647"),
        "k >= V": (with_settings(negative=99), "k = 99 negatives need at least"),
        "200,000 distinct words": (many_words(), "V = 200,000 (at most 20,000)"),
        "W declared 10^9 x 10^9": (declared_giant_W(), "V = 1,000,000,000 (at most 20,000)"),
        f"corpus name {EVIL_NAME}": (pack({**base_arrays(), "corpus_name": np.array(EVIL_NAME)}),
                                     None),
    }


def largest_lab() -> bytes:
    """The largest lab the app itself can make and save: 200,000 tokens, V x N = 1,000,000
    (V = 10,000, N = 100), 1,000,000 steps in its loss log (random numbers: they do not
    compress). A valid file: it must restore, and it is the slowest one to restore."""
    from w2v_core.lab import MAX_PARAMETERS, MAX_STEPS, MAX_TOKENS, Cursor
    from w2v_core.lab.saved import save_lab
    rng = np.random.default_rng(0)
    N = 100
    V = MAX_PARAMETERS // N
    ids = np.concatenate([np.arange(V), rng.integers(0, V, MAX_TOKENS - V)])
    rng.shuffle(ids)
    words = [f"w{i}" for i in ids]
    text = "\n".join(" ".join(words[i:i + 20]) for i in range(0, len(words), 20))
    lab = Lab.from_text(text, LabSettings(dim=N))
    V = lab.vocab.size
    lab.restore(rng.normal(size=(V, N)), rng.normal(size=(V, N)), Cursor(50, 0, 0),
                rng.random((MAX_STEPS, 2)), lab.model.rng.bit_generator.state)
    return save_lab(lab, "the largest lab")
