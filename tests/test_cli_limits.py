"""Issue 15, the command line (items 10 to 12): extreme flags and huge or hostile files end
with one clear line, in memory the process is allowed, within a time limit.

Each case runs ``python3 -m w2v_core`` in a subprocess under an address-space limit
(``resource.RLIMIT_AS``, as ``ulimit -v`` sets it), so a run that would allocate gigabytes
fails inside the limit instead of taking the machine down.
"""
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from w2v_core.vectors.word2vec_format import read_word2vec

ROOT = Path(__file__).resolve().parents[1]
GB = 1 << 30


def cli(args, limit_bytes=int(1.5 * GB), timeout=120):
    """(exit status, stdout, stderr) of the command line under an address-space limit."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    proc = subprocess.run([sys.executable, "-m", "w2v_core", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=limit,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return proc.returncode, proc.stdout, proc.stderr


def one_error_line(err, *fragments):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err and "Warning" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture(scope="module")
def long_sentences(tmp_path_factory):
    """Ten sentences of 10,000 words: a window can reach 9,999 words either side."""
    words = [f"w{i}" for i in range(50)]
    path = tmp_path_factory.mktemp("limits") / "long.txt"
    path.write_text("\n".join(" ".join(words[(i * 7 + j) % 50] for j in range(10_000))
                              for i in range(10)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("limits") / "small.txt"
    path.write_text((ROOT / "w2v_core/corpora/royalty.txt").read_text()[:20_000])
    return path


# ---- 10. flags that would need more memory than there is -------------------------------------
@pytest.mark.parametrize("flags,option", [
    (["--window", "1000000000", "--sample", "0"], "lower --window"),
    (["--window", "10000000", "--sample", "0"], "lower --window"),
    (["--dim", "100000000"], "lower --dim"),
    (["--negative", "1000000"], "lower --negative"),
])
def test_a_run_that_cannot_fit_is_refused_with_the_estimate_and_the_option(long_sentences,
                                                                          tmp_path, flags, option):
    out = tmp_path / "v.txt"
    status, _, err = cli(["train", long_sentences, "--out", out, "--min-count", "1", *flags])
    assert status == 1
    one_error_line(err, "this run needs about", "available", option)
    assert not out.exists()


def test_a_huge_window_on_short_sentences_reaches_only_the_sentence_and_trains(small, tmp_path):
    out = tmp_path / "v.txt"
    status, _, err = cli(["train", small, "--out", out, "--window", "1000000000", "--epochs", "1",
                          "--dim", "10", "--min-count", "1", "--quiet"])
    assert status == 0 and err == ""
    assert read_word2vec(out)[1].shape[1] == 10


def test_a_sample_of_1e308_is_a_usage_error_without_a_warning(small, tmp_path):
    status, _, err = cli(["train", small, "--out", tmp_path / "v", "--sample", "1e308"])
    assert status == 2
    one_error_line(err, "--sample must be a number from 0 to 1")


# ---- 11. vector files that are not what they say ----------------------------------------------
def test_a_value_beyond_float32_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "v.txt"
    path.write_text("2 2\nw 1e39 0\nx 1 1\n")
    status, out, err = cli(["neighbors", path, "w"])
    assert status == 1 and out == ""
    one_error_line(err, f"{path}: line 2: value '1e39' is beyond float32's range")


def test_a_file_without_a_header_line_is_refused_without_reading_on():
    status, _, err = cli(["neighbors", "/dev/zero", "w"], timeout=30)
    assert status == 1
    one_error_line(err, "/dev/zero: line 1: no 'V N' header line ending within the first")


@pytest.mark.parametrize("header", ["1" * 100_000 + " 2", "1" * 4000 + " 2"])
def test_a_header_of_endless_digits_names_the_file_and_the_line(tmp_path, header):
    path = tmp_path / "v.txt"
    path.write_text(header + "\nw 1 2\n")
    status, _, err = cli(["neighbors", path, "w"])
    assert status == 1
    one_error_line(err, f"{path}: line 1:")


# ---- 12. huge inputs, in bounded memory -------------------------------------------------------
@pytest.mark.slow
def test_one_50_mb_line_trains_within_1_gb(tmp_path):
    path = tmp_path / "line.txt"
    unit = "the cat sat on the mat and the dog ran off "
    path.write_text(unit * (50_000_000 // len(unit)) + "\n")
    out = tmp_path / "v.txt"
    status, _, err = cli(["train", path, "--out", out, "--epochs", "1", "--dim", "10",
                          "--sample", "1e-4", "--quiet"], limit_bytes=GB, timeout=300)
    assert status == 0, err
    assert len(read_word2vec(out)[0]) == 9


@pytest.mark.slow
def test_one_word_repeated_ten_million_times_is_refused_within_600_mb(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("the " * 10_000_000 + "\n")
    status, _, err = cli(["train", path, "--out", tmp_path / "v"], limit_bytes=600 << 20,
                         timeout=300)
    assert status == 1
    one_error_line(err, "has only 1 distinct word")


@pytest.mark.slow
def test_a_million_distinct_words_train_within_2_gb(tmp_path):
    path = tmp_path / "distinct.txt"
    words = [f"w{i}" for i in range(1_000_000)]
    path.write_text("\n".join(" ".join(words[i:i + 10]) for i in range(0, len(words), 10)))
    out = tmp_path / "v.bin"
    status, _, err = cli(["train", path, "--out", out, "--min-count", "1", "--dim", "10",
                          "--epochs", "1", "--binary", "--quiet"], limit_bytes=2 * GB, timeout=300)
    assert status == 0, err
    assert read_word2vec(out, binary=True)[1].shape == (1_000_000, 10)
