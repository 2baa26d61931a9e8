"""Issue "A hall of 200": the command line never destroys its input, never hangs on its
output, and never lets a vector file's words send escape sequences to the terminal."""
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from test_cli import FAST, assert_one_error_line, run
from w2v_core.cli.output_file import write_vectors
from w2v_core.train.trainer import train
from w2v_core.vectors.word2vec_format import write_word2vec

ROOT = Path(__file__).resolve().parents[1]
CORPUS = "the king rules the land\nthe queen rules the land\nthe man walks\nthe woman walks\n"


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(CORPUS, encoding="utf-8")
    return path


@pytest.mark.parametrize("alias", ["same", "relative", "symlink", "hardlink"])
def test_an_out_that_is_the_corpus_is_refused_and_the_corpus_is_untouched(corpus, capsys, alias,
                                                                          monkeypatch):
    monkeypatch.chdir(corpus.parent)
    out = {"same": corpus, "relative": Path(".") / ".." / corpus.parent.name / corpus.name,
           "symlink": corpus.parent / "link.txt", "hardlink": corpus.parent / "hard.txt"}[alias]
    if alias == "symlink":
        out.symlink_to(corpus)
    elif alias == "hardlink":
        os.link(corpus, out)
    status, _, err = run(["train", corpus, "--out", out, *FAST], capsys)
    assert status == 1
    assert_one_error_line(err, f"cannot write {out}: it is the corpus", "choose another --out")
    assert corpus.read_text(encoding="utf-8") == CORPUS


def test_a_fifo_out_is_refused_at_once_instead_of_hanging(corpus, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "w2v_core", "train", str(corpus), "--out",
                           str(fifo), *FAST], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr, "it is a FIFO (named pipe), not a regular file")


@pytest.mark.parametrize("out,kind", [("/dev/null", "a character device"), (None, "a directory")])
def test_a_device_or_a_directory_out_is_refused_before_training(corpus, tmp_path, capsys, out,
                                                                kind):
    if out == "/dev/null" and not os.path.exists(out):
        pytest.skip("no /dev/null here")
    status, _, err = run(["train", corpus, "--out", out or tmp_path, *FAST], capsys)
    assert status == 1
    assert_one_error_line(err, f"it is {kind}, not a regular file")


def test_a_fifo_put_at_the_out_path_during_training_is_refused_without_blocking(corpus, tmp_path):
    result = train(CORPUS, dim=4, epochs=1, min_count=1)
    fifo = tmp_path / "late"
    os.mkfifo(fifo)
    failure = []

    def write():
        try:
            write_vectors(str(fifo), result, binary=False)
        except ValueError as err:
            failure.append(str(err))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    writer.join(timeout=30)
    assert not writer.is_alive() and "a FIFO (named pipe)" in failure[0]


def test_an_existing_regular_out_is_replaced(corpus, tmp_path, capsys):
    out = tmp_path / "v.txt"
    out.write_text("old and much longer than the new vector file will ever be " * 1000)
    status, _, err = run(["train", corpus, "--out", out, *FAST], capsys)
    assert status == 0 and err == ""
    assert out.read_text().startswith("8 8\n") and "old and" not in out.read_text()


@pytest.mark.parametrize("command", [["neighbors", "queen"], ["analogy", "man", "king", "woman"]])
def test_query_output_escapes_control_characters_of_the_files_words(tmp_path, capsys, command):
    words = ["man", "king", "woman", "queen", "red\x1b[31m", "csi\x9b2J", "bell\x07",
             "bidi\u202eevil"]
    W = np.array([[1.0, 0], [1, 1], [-1, 0], [-1, 1], [-0.9, 1], [-0.8, 1], [-0.7, 1],
                  [-0.6, 1]])
    path = tmp_path / "v.txt"
    write_word2vec(path, words, W, binary=False)
    status, out, err = run([command[0], path, *command[1:], "--topn", "8"], capsys)
    assert status == 0 and err == ""
    for raw in ("\x1b", "\x9b", "\x07", "\u202e"):
        assert raw not in out
    for shown in ("red\\x1b[31m", "csi\\x9b2J", "bell\\x07", "bidi\\u202eevil"):
        assert shown + "\t" in out
