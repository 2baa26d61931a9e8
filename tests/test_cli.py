"""Specification of the command line ``python -m w2v_core train | neighbors | analogy``."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from w2v_core.cli.main import main
from w2v_core.corpora.generator import generate_class_corpus
from w2v_core.vectors.word2vec_format import read_word2vec, write_word2vec

ROOT = Path(__file__).resolve().parents[1]
FAST = ["--dim", "8", "--epochs", "2", "--min-count", "1", "--quiet"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    lines, _ = generate_class_corpus(300, seed=0)
    path = tmp_path_factory.mktemp("cli") / "corpus.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def vectors(tmp_path_factory):
    words = ["man", "king", "woman", "queen", "apple"]
    W = np.array([[1.0, 0, 0], [1, 1, 0], [-1, 0, 0], [-1, 1, 0], [0, 0, 1]])
    path = tmp_path_factory.mktemp("vec") / "v.txt"
    write_word2vec(path, words, W, binary=False)
    return path


def run(args, capsys):
    """main() in-process: (exit status, stdout, stderr)."""
    try:
        status = main([str(a) for a in args])
    except SystemExit as e:          # argparse's own exits (--help, usage errors)
        status = e.code
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_error_line(err, *fragments):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


# ---- it works end to end -------------------------------------------------------------------
def test_train_runs_end_to_end_as_a_module_with_a_progress_bar(corpus, tmp_path):
    out = tmp_path / "v.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "w2v_core", "train", str(corpus), "--out", str(out),
         "--arch", "skipgram", "--dim", "12", "--epochs", "2", "--min-count", "2"],
        cwd=ROOT, capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert b"words/s" in proc.stderr and b"\r" in proc.stderr and b"wrote" in proc.stderr
    words, W = read_word2vec(out)
    assert W.shape == (len(words), 12) and np.isfinite(W).all()
    proc = subprocess.run([sys.executable, "-m", "w2v_core", "neighbors", str(out), words[0]],
                          cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 10


@pytest.mark.parametrize("arch,output", [("cbow", "ns"), ("skipgram", "hs"), ("cbow", "softmax")])
def test_train_writes_word2vec_text_and_binary_files(corpus, tmp_path, capsys, arch, output):
    for binary in (False, True):
        out = tmp_path / f"v{binary}.bin"
        status, _, err = run(["train", corpus, "--out", out, "--arch", arch, "--output", output,
                              *FAST] + (["--binary"] if binary else []), capsys)
        assert status == 0 and err == ""
        words, W = read_word2vec(out, binary=binary)
        assert W.shape == (len(words), 8)


def test_full_softmax_on_the_compiled_backend_is_a_usage_error_naming_the_way_out(
        corpus, tmp_path, capsys):
    status, _, err = run(["train", corpus, "--out", tmp_path / "v", "--output", "softmax",
                          "--backend", "compiled"], capsys)
    assert status == 2
    assert_one_error_line(err, "--backend 'compiled' covers output 'hs' and 'ns'")


def test_both_backends_train_from_the_command_line(corpus, tmp_path, capsys):
    for backend in ("compiled", "numpy"):
        status, _, err = run(["train", corpus, "--out", tmp_path / backend, "--backend", backend,
                              *FAST], capsys)
        assert status == 0 and err == ""
        words, W = read_word2vec(tmp_path / backend)
        assert np.isfinite(W).all()


def test_the_same_seed_writes_the_same_bytes(corpus, tmp_path, capsys):
    files = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        run(["train", corpus, "--out", tmp_path / name, "--seed", seed, *FAST], capsys)
        files.append((tmp_path / name).read_bytes())
    assert files[0] == files[1] != files[2]


def test_neighbors_and_analogy_print_word_and_score(vectors, capsys):
    status, out, _ = run(["neighbors", vectors, "king", "--topn", "3"], capsys)
    assert status == 0 and len(out.splitlines()) == 3
    word, score = out.splitlines()[0].split("\t")
    assert word == "man" and float(score) == pytest.approx(0.7071, abs=1e-4)
    status, out, _ = run(["analogy", vectors, "man", "king", "woman", "--topn", "1"], capsys)
    assert status == 0 and out.split("\t")[0] == "queen"
    assert float(out.split("\t")[1]) == pytest.approx(0.9597, abs=1e-4)   # 3CosAdd of units


def test_help_lists_the_defaults_and_says_which_one_differs_from_gensim(capsys):
    status, out, _ = run(["train", "--help"], capsys)
    assert status == 0
    for text in ("--arch", "--output", "--dim", "--window", "--negative", "--sample",
                 "--min-count", "--epochs", "--alpha", "--seed", "--binary", "gensim",
                 "alpha * 1e-4", "default cbow", "default 100"):
        assert text in out


# ---- every bad input: one line, no traceback -------------------------------------------------
@pytest.mark.parametrize("option,value,fragment", [
    ("--window", "0", "--window must be a whole number >= 1, got 0"),
    ("--dim", "-3", "--dim must be a whole number >= 1"),
    ("--epochs", "0", "--epochs must be"),
    ("--min-count", "0", "--min-count must be"),
    ("--negative", "0", "--negative must be a whole number >= 1"),
    ("--seed", "-1", "--seed must be"),
    ("--alpha", "0", "--alpha must be a number > 0"),
    ("--alpha", "nan", "--alpha must be"),
    ("--sample", "-1", "--sample must be a number from 0 to 1"),
    ("--min-alpha", "1", "--min-alpha must be"),
    ("--dim", "ten", "invalid int value: 'ten'"),
    ("--arch", "glove", "invalid choice: 'glove'"),
    ("--output", "nce", "invalid choice: 'nce'"),
    ("--backend", "gpu", "invalid choice: 'gpu'"),
])
def test_invalid_values_are_usage_errors(corpus, tmp_path, capsys, option, value, fragment):
    status, _, err = run(["train", corpus, "--out", tmp_path / "v", option, value], capsys)
    assert status == 2
    assert_one_error_line(err, fragment)
    assert not (tmp_path / "v").exists()


def test_a_missing_argument_is_a_usage_error(corpus, capsys):
    status, _, err = run(["train", corpus], capsys)
    assert status == 2
    assert_one_error_line(err, "--out")


def test_an_unreadable_corpus(tmp_path, capsys):
    status, _, err = run(["train", tmp_path / "missing.txt", "--out", tmp_path / "v"], capsys)
    assert status == 1
    assert_one_error_line(err, "cannot read", "missing.txt", "No such file")
    status, _, err = run(["train", tmp_path, "--out", tmp_path / "v"], capsys)
    assert status == 1
    assert_one_error_line(err, "is a directory")


@pytest.mark.parametrize("content,fragment", [
    (b"", "contains no words (it is empty)"),
    (b"  \n\t...!!! --\n\n", "contains no words"),
])
def test_an_empty_corpus(tmp_path, capsys, content, fragment):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    status, _, err = run(["train", path, "--out", tmp_path / "v"], capsys)
    assert status == 1
    assert_one_error_line(err, fragment)


def test_text_that_is_not_utf8_names_the_byte_and_its_offset(tmp_path, capsys):
    path = tmp_path / "corpus.txt"
    path.write_bytes(b"hello world\n\xff bad")
    status, _, err = run(["train", path, "--out", tmp_path / "v"], capsys)
    assert status == 1
    assert_one_error_line(err, f"{path} is not UTF-8 text (byte 0xff at offset 12)")


def test_a_utf8_byte_order_mark_is_accepted(tmp_path, capsys):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfcaf\xc3\xa9 au lait\ncaf\xc3\xa9 noir\n")
    status, _, err = run(["train", path, "--out", tmp_path / "v", *FAST], capsys)
    assert status == 0, err
    assert "café" in read_word2vec(tmp_path / "v")[0]


def test_an_output_path_that_cannot_be_written_fails_before_training(corpus, tmp_path, capsys):
    status, _, err = run(["train", corpus, "--out", tmp_path / "no" / "such" / "v.txt"], capsys)
    assert status == 1
    assert_one_error_line(err, "cannot write", "No such file or directory")
    status, _, err = run(["train", corpus, "--out", tmp_path], capsys)
    assert status == 1
    assert_one_error_line(err, "cannot write", "is a directory")


def test_a_min_count_that_leaves_no_word_names_the_most_frequent(tmp_path, capsys):
    path = tmp_path / "c.txt"
    path.write_text("a b a\n", encoding="utf-8")
    status, _, err = run(["train", path, "--out", tmp_path / "v"], capsys)
    assert status == 1
    assert_one_error_line(err, "min_count=5", "'a', occurs 2 times")


def test_a_corpus_of_one_distinct_word(tmp_path, capsys):
    path = tmp_path / "c.txt"
    path.write_text("la la la\nla\n", encoding="utf-8")
    status, _, err = run(["train", path, "--out", tmp_path / "v", "--min-count", "1"], capsys)
    assert status == 1
    assert_one_error_line(err, "only 1 distinct word")


def test_a_diverging_learning_rate_stops_and_writes_nothing(corpus, tmp_path, capsys):
    out = tmp_path / "v.txt"
    status, _, err = run(["train", corpus, "--out", out, "--alpha", "1e30", *FAST], capsys)
    assert status == 1
    assert_one_error_line(err, "training diverged", "smaller alpha", "no vectors were written")
    assert not out.exists()


def test_bad_vector_files_and_words_for_the_queries(vectors, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"2 3\nx 1 2 3\ny 1 2\n")
    cases = [
        (["neighbors", tmp_path / "none.txt", "x"], "cannot read"),
        (["neighbors", tmp_path, "x"], "is a directory"),
        (["neighbors", bad, "x"], f"{bad}: line 3: expected a word followed by 3 values"),
        (["neighbors", vectors, "zebra"], "'zebra' is not in the vocabulary"),
        (["neighbors", vectors, "king", "--topn", "0"], "topn must be a positive integer"),
        (["analogy", vectors, "man", "king", "zebra"], "'zebra' is not in the vocabulary"),
        (["analogy", vectors, "man", "king", "man"], "three different words"),
    ]
    for args, fragment in cases:
        status, out, err = run(args, capsys)
        assert status == 1 and out == ""
        assert_one_error_line(err, fragment)
    status, _, err = run(["neighbors", vectors, "king", "--topn", "x"], capsys)
    assert status == 2
    assert_one_error_line(err, "invalid int value")


def test_the_progress_bar_redraws_one_line_at_most_five_times_a_second():
    import io

    from w2v_core.cli.main import ProgressBar
    from w2v_core.train.trainer import Progress
    stream = io.StringIO()
    bar = ProgressBar(stream)
    for done in range(1, 101):          # 100 reports within a few milliseconds
        bar(Progress(done * 10, 1000, 12345.0, 0.02, 1 + done // 50, 3, 2.5, 0.01))
    bar.close()
    text = stream.getvalue()
    assert text.count("\r") == 2                 # the first report and the last (100%)
    assert "100%" in text and "12,345 words/s" in text and text.endswith("\n")
