"""Specification of w2v_core.vectors.word2vec_format: word2vec.c vector files, read and written."""

import io
import re
import tracemalloc

import numpy as np
import pytest

from w2v_core.vectors.word2vec_format import VectorFileError, read_word2vec, to_word2vec_bytes, write_word2vec

WORDS = ["the", "café", "日本", "x"]


def random_vectors(V=4, N=5, seed=0):
    return np.random.default_rng(seed).normal(scale=0.7, size=(V, N)).astype(np.float32)


# ---------------------------------------------------------------- exact bytes

def test_text_bytes_match_word2vec_c_byte_for_byte():
    vectors = np.array([[0.5, -1.25], [0.0, 2.0]])
    assert to_word2vec_bytes(["cat", "dog"], vectors, binary=False) == (
        b"2 2\n"
        b"cat 0.500000 -1.250000 \n"
        b"dog 0.000000 2.000000 \n"
    )


def test_binary_bytes_match_word2vec_c_byte_for_byte():
    vectors = np.array([[0.5, -1.25], [0.0, 2.0]])
    assert to_word2vec_bytes(["cat", "dog"], vectors, binary=True) == (
        b"2 2\n"
        b"cat \x00\x00\x00\x3f\x00\x00\xa0\xbf\n"
        b"dog \x00\x00\x00\x00\x00\x00\x00\x40\n"
    )


def test_write_to_a_path_and_to_a_binary_file_give_the_same_bytes(tmp_path):
    vectors = random_vectors()
    for binary in (False, True):
        write_word2vec(tmp_path / "v.bin", WORDS, vectors, binary)
        buffer = io.BytesIO()
        write_word2vec(buffer, WORDS, vectors, binary)
        expected = to_word2vec_bytes(WORDS, vectors, binary)
        assert (tmp_path / "v.bin").read_bytes() == buffer.getvalue() == expected


# ---------------------------------------------------------------- round trips

def test_text_round_trip_is_exact_to_the_six_written_decimals():
    vectors = random_vectors()
    words, back = read_word2vec(to_word2vec_bytes(WORDS, vectors, binary=False))
    as_written = np.array([[float(f"{v:f}") for v in row] for row in vectors.tolist()])
    assert words == WORDS
    assert back.dtype == np.float32 and back.shape == (4, 5)
    np.testing.assert_array_equal(back, as_written.astype(np.float32))
    assert np.abs(back - vectors).max() <= 5e-7 + 1e-7


def test_binary_round_trip_is_exact_for_float32():
    vectors = random_vectors()
    words, back = read_word2vec(to_word2vec_bytes(WORDS, vectors, binary=True))
    assert words == WORDS
    np.testing.assert_array_equal(back, vectors)


def test_format_is_detected_and_can_be_forced():
    vectors = random_vectors()
    for binary in (False, True):
        data = to_word2vec_bytes(WORDS, vectors, binary)
        auto = read_word2vec(data)[1]
        np.testing.assert_array_equal(auto, read_word2vec(data, binary=binary)[1])


def test_binary_is_detected_even_when_a_vector_contains_a_newline_byte():
    tricky = np.frombuffer(b"\n\x00\x80\x3f" b"\x0a\x0a\x0a\x0a", dtype="<f4").reshape(1, 2)
    vectors = np.vstack([tricky, tricky + 1])
    words, back = read_word2vec(to_word2vec_bytes(["a", "b"], vectors, binary=True))
    assert words == ["a", "b"]
    np.testing.assert_array_equal(back, vectors)


def test_reading_accepts_a_path_and_a_file_object(tmp_path):
    vectors = random_vectors()
    write_word2vec(tmp_path / "v.txt", WORDS, vectors, binary=False)
    from_path = read_word2vec(tmp_path / "v.txt")
    from_str = read_word2vec(str(tmp_path / "v.txt"))
    from_file = read_word2vec(io.BytesIO((tmp_path / "v.txt").read_bytes()))
    assert from_path[0] == from_str[0] == from_file[0] == WORDS
    np.testing.assert_array_equal(from_path[1], from_file[1])


def test_a_missing_final_newline_and_crlf_line_ends_are_tolerated():
    assert read_word2vec(b"1 2\ncat 1 2")[0] == ["cat"]
    assert read_word2vec(b"2 1\r\ncat 1 \r\ndog 2\r\n")[0] == ["cat", "dog"]
    binary = to_word2vec_bytes(["cat"], np.ones((1, 2)), binary=True)
    assert read_word2vec(binary[:-1], binary=True)[0] == ["cat"]


# ---------------------------------------------------------------- gensim

def test_gensim_loads_both_of_our_formats_with_equal_values(tmp_path):
    gensim = pytest.importorskip("gensim")
    vectors = random_vectors()
    for binary in (False, True):
        path = tmp_path / f"ours_{binary}"
        write_word2vec(path, WORDS, vectors, binary)
        kv = gensim.models.KeyedVectors.load_word2vec_format(str(path), binary=binary)
        assert list(kv.index_to_key) == WORDS
        np.testing.assert_array_equal(kv.vectors, read_word2vec(path)[1])


def test_we_read_the_text_and_binary_files_gensim_writes(tmp_path):
    gensim = pytest.importorskip("gensim")
    vectors = random_vectors(V=4, N=7, seed=3)
    kv = gensim.models.KeyedVectors(vector_size=7)
    kv.add_vectors(WORDS, vectors)
    for binary in (False, True):
        path = tmp_path / f"gensim_{binary}"
        kv.save_word2vec_format(str(path), binary=binary)
        words, back = read_word2vec(path)
        assert words == WORDS
        np.testing.assert_array_equal(back, vectors)  # gensim's text holds float32 exactly


# ---------------------------------------------------------------- refusing to write

@pytest.mark.parametrize("word", ["two words", "tab\there", "new\nline", ""])
def test_words_that_cannot_be_written_are_refused_by_name(word):
    with pytest.raises(ValueError, match=re.escape(repr(word))):
        to_word2vec_bytes(["ok", word], np.ones((2, 2)), binary=False)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_vectors_are_refused(bad):
    vectors = np.ones((2, 2))
    vectors[1, 0] = bad
    with pytest.raises(ValueError, match="NaN or infinity; refusing to write"):
        to_word2vec_bytes(["a", "b"], vectors, binary=True)


def test_mismatched_words_and_rows_are_refused():
    with pytest.raises(ValueError, match="3 words but 2 vector rows"):
        to_word2vec_bytes(["a", "b", "c"], np.ones((2, 2)), binary=False)


# ---------------------------------------------------------------- malformed text

@pytest.mark.parametrize("data, message", [
    (b"", "line 1: the file is empty"),
    (b"2\ncat 1 2\n", "line 1: expected 'V N' header with two positive integers, got '2'"),
    (b"two 2\ncat 1 2\n", "line 1: expected 'V N' header"),
    (b"0 2\n", "line 1: expected 'V N' header"),
    (b"1 -2\ncat 1 2\n", "line 1: expected 'V N' header"),
    (b"2 2\ncat 1 2\ndog 1\n", "line 3: expected a word followed by 2 values, got 1"),
    (b"2 2\ncat 1 2\ndog 1 2 3\n", "line 3: expected a word followed by 2 values, got 3"),
    (b"2 2\ncat 1 2\ndog 1 abc\n", "line 3: value 'abc' is not a number"),
    (b"3 2\ncat 1 2\ndog 1 2\n", "line 4: file ends after 2 rows, header promises 3"),
    (b"1 2\ncat 1 2\ndog 1 2\n", "line 3: more rows than the 1 the header promises"),
    (b"2 2\ncat 1 2\n\xff\xfe 1 2\n", "line 3: not valid UTF-8"),
    (b"3 2\ncat 1 2\ndog 1 2\ncat 3 4\n", "line 4: duplicate word 'cat' (first in line 2)"),
    (b"2 2\ncat 1 2\ndog nan 2\n", "line 3: value 'nan' is NaN or infinity"),
    (b"2 2\ncat 1 2\ndog 1 -inf\n", "line 3: value '-inf' is NaN or infinity"),
    (b"2 2\ncat 1 x2\ndog 1 2\n", "line 2: value 'x2' is not a number"),
])
def test_malformed_text_names_the_line(data, message):
    with pytest.raises(VectorFileError, match=re.escape(message)):
        read_word2vec(data)


def test_vector_file_error_is_a_value_error():
    assert issubclass(VectorFileError, ValueError)


def test_max_bytes_refuses_a_huge_header_without_allocating(tmp_path):
    data = b"1000000000 1000\ncat " + b"0 " * 1000 + b"\n"
    (tmp_path / "huge.txt").write_bytes(data)
    tracemalloc.start()
    try:
        for source in (data, tmp_path / "huge.txt"):
            with pytest.raises(VectorFileError, match=r"line 1: .*more than max_bytes=1000000"):
                read_word2vec(source, max_bytes=10**6)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10**6


def test_a_lying_header_fails_on_the_rows_before_allocating_the_matrix():
    tracemalloc.start()
    try:
        with pytest.raises(VectorFileError, match="line 3: file ends after 1 rows"):
            read_word2vec(b"1000000000 1000\ncat " + b"0 " * 1000 + b"\n", binary=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10**6


# ---------------------------------------------------------------- malformed binary

GOOD_BINARY = to_word2vec_bytes(["cat", "dog", "emu"], np.arange(6.0).reshape(3, 2), binary=True)


@pytest.mark.parametrize("cut, message", [
    (len(b"3 2\ncat ") + 8 + 1 + 5, "row 2 of 3 (word 'dog'): data ends after 1 of its 8"),
    (len(b"3 2\ncat ") + 8 + 1 + 2, "row 2 of 3: data ends before the word"),
    (len(GOOD_BINARY) - 3, "row 3 of 3 (word 'emu'): data ends after 6 of its 8"),
])
def test_truncated_binary_names_the_row_where_it_ran_out(cut, message):
    with pytest.raises(VectorFileError, match=re.escape(message)):
        read_word2vec(GOOD_BINARY[:cut], binary=True)


def test_truncated_binary_is_reported_as_binary_when_detected():
    with pytest.raises(VectorFileError, match=re.escape("row 3 of 3 (word 'emu')")):
        read_word2vec(GOOD_BINARY[:-3])


def test_binary_with_extra_data_after_the_promised_rows_is_refused():
    with pytest.raises(VectorFileError, match="row 4: 12 bytes follow the 3 rows"):
        read_word2vec(GOOD_BINARY + b"yak \x00\x00\x00\x00\x00\x00\x00\x00", binary=True)


def test_binary_duplicate_word_names_both_rows():
    data = to_word2vec_bytes(["cat", "dog"], np.ones((2, 2)), binary=True).replace(b"dog", b"cat")
    with pytest.raises(VectorFileError, match=re.escape("row 2 of 2: duplicate word 'cat' (first in row 1)")):
        read_word2vec(data, binary=True)


def test_binary_non_utf8_word_names_the_row():
    data = to_word2vec_bytes(["cat", "dog"], np.ones((2, 2)), binary=True).replace(b"dog", b"d\xffg")
    with pytest.raises(VectorFileError, match="row 2 of 2: word is not valid UTF-8"):
        read_word2vec(data, binary=True)


def test_binary_nan_names_the_row():
    data = bytearray(to_word2vec_bytes(["cat", "dog"], np.ones((2, 2)), binary=True))
    start = data.index(b"dog ") + 4
    data[start:start + 4] = np.float32(np.nan).tobytes()
    with pytest.raises(VectorFileError, match=re.escape("row 2 of 2 (word 'dog'): contains NaN")):
        read_word2vec(bytes(data))
