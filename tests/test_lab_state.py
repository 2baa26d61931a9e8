"""Saving and restoring a lab (.npz bytes): exact resume, and bad files refused clearly."""
import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from w2v_core.lab import saved as ls
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings
from w2v_core.lab.saved import LabFileError, checksum, load_lab, save_lab

TEXT = load_preset("fruit_drinks")
UNPICKLED = []


def stepped_lab(steps=23, **settings) -> Lab:
    lab = Lab.from_text(TEXT, LabSettings(**{"dim": 10, **settings}))
    lab.step(0.1, steps)
    return lab


def arrays_of(data: bytes) -> dict:
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def pack(arrays: dict, *, fix_checksum=True) -> bytes:
    arrays = dict(arrays)
    if fix_checksum:
        arrays["checksum"] = np.array(checksum(arrays))
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def tampered(**changes) -> bytes:
    return pack({**arrays_of(save_lab(stepped_lab(), "Fruit")), **changes})


@pytest.mark.parametrize("settings", [
    dict(output="softmax"), dict(output="hs", sample=1e-3), dict(output="ns", arch="cbow"),
    dict(output="ns", convention="word2vec.c", window=3),
])
def test_a_resumed_lab_takes_the_same_next_steps_bit_for_bit(settings):
    original = stepped_lab(**settings)
    resumed, name = load_lab(save_lab(original, "Fruit and drinks"))
    assert name == "Fruit and drinks"
    for _ in range(3):
        a, b = original.step(0.1, 4)[-1], resumed.step(0.1, 4)[-1]
        assert a.loss == b.loss and a.center == b.center and a.context == b.context
    assert np.array_equal(original.model.W_in, resumed.model.W_in)
    assert np.array_equal(original.model.W_out, resumed.model.W_out)
    assert original.cursor == resumed.cursor and original.losses == resumed.losses


def test_the_round_trip_restores_identical_arrays():
    original = stepped_lab(output="ns", dim=7)
    resumed, _ = load_lab(save_lab(original, "x"))
    assert resumed.sentences == original.sentences and resumed.settings == original.settings
    assert resumed.vocab.words == original.vocab.words
    assert np.array_equal(resumed.vocab.counts, original.vocab.counts)
    for name in ("W_in", "W_out"):
        a, b = getattr(original.model, name), getattr(resumed.model, name)
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert resumed.model.rng.bit_generator.state == original.model.rng.bit_generator.state
    assert resumed.steps_done == original.steps_done == 23
    assert len(resumed.history) == 0              # Undo history is not saved


def test_the_file_holds_only_plain_arrays():
    arrays = arrays_of(save_lab(stepped_lab(), "x"))      # allow_pickle=False would refuse objects
    assert set(arrays) == set(ls.FIELDS)
    assert all(a.dtype.kind in "iufU" for a in arrays.values())
    assert arrays["words"].dtype.kind == "U" and arrays["corpus"].dtype == np.uint8


def test_a_changed_byte_is_caught_by_the_checksum():
    arrays = arrays_of(save_lab(stepped_lab(), "x"))
    arrays["W_in"] = arrays["W_in"].copy()
    arrays["W_in"][0, 0] += 1e-9
    with pytest.raises(LabFileError, match="checksum"):
        load_lab(pack(arrays, fix_checksum=False))


class Payload:
    def __reduce__(self):
        return (UNPICKLED.append, ("unpickled!",))


def test_a_pickled_object_is_never_unpickled():
    arrays = arrays_of(save_lab(stepped_lab(), "x"))
    arrays["W_in"] = np.array([Payload()], dtype=object)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    with pytest.raises(LabFileError, match="only numbers and text"):
        load_lab(buffer.getvalue())
    assert UNPICKLED == []


def test_a_pickle_file_is_not_a_lab_file():
    with pytest.raises(LabFileError, match="not a .npz file"):
        load_lab(pickle.dumps(Payload()))
    assert UNPICKLED == []


@pytest.mark.parametrize("data,match", [
    (b"", "not a .npz file"),
    (b"PK\x03\x04garbage", "not a readable .npz"),
    (b"1 2\nx 0.5 0.5\n", "not a .npz file"),
])
def test_files_that_are_not_npz_are_refused(data, match):
    with pytest.raises(LabFileError, match=match):
        load_lab(data)


def test_a_truncated_file_is_refused():
    data = save_lab(stepped_lab(), "x")
    with pytest.raises(LabFileError):
        load_lab(data[: len(data) // 2])


def test_an_npz_from_elsewhere_is_refused():
    buffer = io.BytesIO()
    np.savez(buffer, embeddings=np.zeros((3, 2)))
    with pytest.raises(LabFileError, match="not saved by this app.*missing: W_in"):
        load_lab(buffer.getvalue())


def test_an_oversized_upload_is_refused_before_reading():
    with pytest.raises(LabFileError, match="capped at 100 bytes"):
        load_lab(save_lab(stepped_lab(), "x"), max_bytes=100)


def test_arrays_that_would_unpack_too_large_are_refused(monkeypatch):
    monkeypatch.setattr(ls, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(LabFileError, match="more than 1,000 bytes"):
        load_lab(save_lab(stepped_lab(), "x"))


def test_an_npy_header_that_lies_about_its_shape_is_refused_before_allocating():
    good = save_lab(stepped_lab(), "x")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            raw = zin.read(info)
            if info.filename == "losses.npy":
                raw = raw.replace(b"(23, 2)", b"(99, 2)")
            zout.writestr(info.filename, raw)
    with pytest.raises(LabFileError, match="declares shape"):
        load_lab(out.getvalue())


@pytest.mark.parametrize("changes,match", [
    (dict(W_in=np.zeros((12, 5))), r"W has shape \(12, 5\) but the vocabulary has 42 words"),
    (dict(W_out=np.zeros((42, 9))), r"W′ has shape \(42, 9\).*N = 10"),
    (dict(W_in=np.full((42, 10), np.nan)), "W contains NaN"),
    (dict(W_in=np.zeros((42, 10), dtype=np.int64)), r"W_in must be a \(V, N\) array of floats"),
    (dict(version=np.array(2)), "format version 2"),
    (dict(format=np.array("other")), "not a lab file"),
    (dict(settings=np.array("{not json")), "settings is not valid JSON"),
    (dict(settings=np.array(json.dumps({"dim": 3}))), "settings must name exactly"),
    (dict(words=np.array(["a", "b"])), "saved vocabulary"),
    (dict(counts=np.arange(42)), "word counts"),
    (dict(cursor=np.array([0, 999, 0])), "outside a corpus"),
    (dict(cursor=np.array([0, 1.5, 0])), r"cursor must be a \(3,\) array of integers"),
    (dict(losses=np.zeros(5)), r"losses must be a \(steps, 2\) array of floats"),
    (dict(rng_state=np.array('{"bit_generator": "MT19937"}')), "generator state"),
    (dict(corpus=np.frombuffer(b"The Cat\nsat", dtype=np.uint8)), "not in tokenised form"),
    (dict(corpus=np.frombuffer(b"\xff\xfe", dtype=np.uint8)), "corpus is not usable"),
])
def test_tampered_contents_get_a_clear_message(changes, match):
    with pytest.raises(LabFileError, match=match):
        load_lab(tampered(**changes))


def test_settings_with_wrong_types_are_named():
    settings = json.loads(str(arrays_of(save_lab(stepped_lab(), "x"))["settings"]))
    settings["dim"] = "10"
    with pytest.raises(LabFileError, match="setting dim has the wrong type"):
        load_lab(tampered(settings=np.array(json.dumps(settings))))


def test_hierarchical_softmax_wprime_must_have_v_minus_1_rows():
    arrays = arrays_of(save_lab(stepped_lab(output="hs"), "x"))
    arrays["W_out"] = np.zeros((42, 10))
    with pytest.raises(LabFileError, match="V - 1 = 41 inner nodes"):
        load_lab(pack(arrays))
