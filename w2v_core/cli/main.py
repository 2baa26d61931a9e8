"""Command line: ``python3 -m w2v_core train | neighbors | analogy``.

Every expected failure (bad option values, unreadable, empty or non-UTF-8 corpora, output
paths that cannot be written, malformed vector files, training that diverges, a run that
needs more memory than there is) ends with ONE line ``error: ...`` on stderr and exit
status 2 (usage) or 1 (anything else), never a traceback. Unexpected exceptions are not
caught: they are bugs and should show.

Memory: the corpus is read in one streaming pass (``corpus_file``), the memory the run
needs is estimated from V, T, N, window and k before W is allocated (``memory``), and a run
that does not fit is refused with the estimate and the option to change; MemoryError is
caught as a last resort. Vector files are read only as far as their header allows.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import fields, replace

from ..settings import OUTPUTS
from ..train.config import BACKENDS
from ..train.corpus_file import read_corpus_file
from ..train.memory import available_bytes, check_fits, size, training_parts
from .output_file import check_output, write_vectors
from ..vectors.similarity import analogy, nearest
from ..subsampling import keep_probability_word2vec
from ..train.trainer import Progress, TrainConfig, TrainingDiverged, train_encoded
from ..vectors.word2vec_format import VectorFileError, read_word2vec

PROG = "python3 -m w2v_core"
DEFAULTS = TrainConfig()
QUERY_MEMORY_SHARE = 6     # a query holds the float32 W, its float64 unit rows and a copy

TRAIN_EPILOG = f"""\
defaults are gensim's Word2Vec defaults (sg=0 i.e. CBOW, vector_size=100, window=5, hs=0,
negative=5, sample=1e-3, min_count=5, epochs=5, alpha=0.025, seed=1), except where gensim
departs from word2vec.c, whose training this tool follows: the learning rate falls to
alpha * 1e-4 (gensim stops at min_alpha=1e-4: pass --min-alpha 0.0001 to match), and W
starts uniform in [-0.5/N, 0.5/N) (gensim 4 uses [-1/N, 1/N)). word2vec.c itself uses
alpha 0.05 for CBOW. Training is single-threaded and deterministic: the same seed gives
bit-identical vectors (gensim is only reproducible with workers=1). Words are lower-cased
runs of letters and digits, an apostrophe inside a word kept (king's); one sentence per
line, cut every 10,000 words; min_count=5 drops rare words, so lower it for tiny texts.
A run that needs more memory than is available is refused before it starts, with the
estimate and the option to change.
example: {PROG} train w2v_core/corpora/royalty.txt --out vectors.txt --arch skipgram"""
QUERY_EPILOG = """The query words are looked up as typed, then lower-cased (train lower-cases the
corpus, so "Queen" finds queen). Scores are cosine similarities of the rows of W."""



class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line: ``error: ... (see --help)``, exit 2."""

    def error(self, message):
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


class UsageError(Exception):
    """A bad value on the command line (exit status 2)."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Train word2vec vectors and query them.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    t = sub.add_parser("train", help="train vectors on a text file (one sentence per line)",
                       description="Train word vectors with word2vec.c's training loop "
                                   "and write them in word2vec format.",
                       epilog=TRAIN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    t.add_argument("corpus", help="UTF-8 text file, one sentence per line")
    t.add_argument("--out", required=True, metavar="VECTORS", help="vector file to write")
    d = DEFAULTS
    t.add_argument("--arch", choices=("skipgram", "cbow"), default=d.arch,
                   help=f"skip-gram or CBOW (default {d.arch}, as gensim's sg=0)")
    t.add_argument("--output", choices=list(OUTPUTS), default=d.output,
                   help=", ".join(f"{name}: {layer.title}" for name, layer in OUTPUTS.items())
                        + f" (default {d.output}; full softmax costs O(V) per prediction: "
                          "small vocabularies only)")
    t.add_argument("--dim", type=int, default=d.dim, help=f"vector size N (default {d.dim})")
    t.add_argument("--window", type=int, default=d.window,
                   help=f"largest window radius; each word draws 1..window (default {d.window})")
    t.add_argument("--negative", type=int, default=d.negative,
                   help=f"negatives per prediction with --output ns (default {d.negative})")
    t.add_argument("--sample", type=float, default=d.sample,
                   help=f"subsampling threshold, 0 = off (default {d.sample:g})")
    t.add_argument("--min-count", type=int, default=d.min_count,
                   help=f"drop words seen fewer times (default {d.min_count})")
    t.add_argument("--epochs", type=int, default=d.epochs, help=f"passes (default {d.epochs})")
    t.add_argument("--alpha", type=float, default=d.alpha,
                   help=f"starting learning rate (default {d.alpha})")
    t.add_argument("--min-alpha", type=float, default=None,
                   help="final learning rate (default alpha * 1e-4, as word2vec.c)")
    t.add_argument("--seed", type=int, default=d.seed, help=f"random seed (default {d.seed})")
    t.add_argument("--backend", choices=BACKENDS, default=d.backend,
                   help="ns/hs: 'compiled' (word2vec.c's loop, numba) or 'numpy' (mini-batches); "
                        f"'auto' compiles when numba is installed (default {d.backend})")
    t.add_argument("--binary", action="store_true", help="write word2vec's binary format")
    t.add_argument("--quiet", action="store_true", help="no progress bar")

    n = sub.add_parser("neighbors", help="nearest words by cosine similarity",
                       description="Print the words whose vectors are nearest to WORD's "
                                   "(cosine similarity), one 'word<TAB>score' per line.",
                       epilog=QUERY_EPILOG)
    n.add_argument("vectors", help="word2vec text or binary file (what train writes)")
    n.add_argument("word", help="the query word")
    n.add_argument("--topn", type=int, default=10, help="how many (default 10)")

    a = sub.add_parser("analogy", help="a : b :: c : ?  (3CosAdd)",
                       description="Solve the analogy a : b :: c : ? (a is to b as c is to "
                                   "what?): print the words nearest to b - a + c (3CosAdd on "
                                   "unit vectors, a, b and c themselves left out), one "
                                   "'word<TAB>score' per line. Example: man king woman -> "
                                   "queen.", epilog=QUERY_EPILOG)
    a.add_argument("vectors", help="word2vec text or binary file (what train writes)")
    a.add_argument("a", help="a, e.g. man")
    a.add_argument("b", help="b, e.g. king")
    a.add_argument("c", help="c, e.g. woman")
    a.add_argument("--topn", type=int, default=5, help="how many (default 5)")
    return parser


# ---- train ------------------------------------------------------------------------------
def config_from_args(args) -> TrainConfig:
    """The TrainConfig of the options; a bad value is a UsageError naming the option."""
    values = dict(arch=args.arch, output=args.output, dim=args.dim, window=args.window,
                  negative=args.negative, sample=args.sample, min_count=args.min_count,
                  epochs=args.epochs, alpha=args.alpha, min_alpha=args.min_alpha, seed=args.seed,
                  backend=args.backend)
    try:
        return replace(DEFAULTS, **values)
    except ValueError as e:
        message = str(e)
        for f in fields(TrainConfig):
            if message.startswith(f"{f.name} "):
                message = f"--{f.name.replace('_', '-')}{message[len(f.name):]}"
                break
        raise UsageError(message) from None


def read_corpus(path: str, min_count: int):
    """The counted and encoded corpus of a UTF-8 text file; clear errors for bad files."""
    if os.path.isdir(path):
        raise ValueError(f"{path} is a directory, not a text file")
    try:
        return read_corpus_file(path, min_count)
    except OSError as e:
        raise ValueError(f"cannot read {path}: {e.strerror or e}") from None
    except ValueError as e:
        if str(e).startswith(f"{path} ") or str(e).startswith(f"{path},"):
            raise
        raise ValueError(f"{path}: {e}; lower --min-count") from None


class ProgressBar:
    """A carriage-return progress line on stderr, redrawn at most ``rate`` times a second."""

    def __init__(self, stream=None, rate: float = 5.0, width: int = 24):
        self.stream = sys.stderr if stream is None else stream
        self.interval, self.width = 1.0 / rate, width
        self.last = -1.0
        self.shown = False

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        if now - self.last < self.interval and p.words_done < p.total_words:
            return
        self.last = now
        done = p.words_done / max(1, p.total_words)
        bar = "#" * int(done * self.width)
        self.stream.write(f"\repoch {p.epoch}/{p.epochs} [{bar:<{self.width}}] {done:4.0%} "
                          f"{p.words_per_second:,.0f} words/s  alpha {p.alpha:.5f}  "
                          f"loss {p.loss:.3f} ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def run_train(args) -> int:
    config = config_from_args(args)
    check_output(args.out, args.corpus)
    read = read_corpus(args.corpus, config.min_count)
    vocab = read.vocab
    if vocab.size < 2:
        raise ValueError(f"{args.corpus} has only 1 distinct word with --min-count "
                         f"{config.min_count}; training needs at least 2")
    if OUTPUTS[config.output].updates_every_row and vocab.size > 5000:
        print(f"note: {OUTPUTS[config.output].title} costs O(V) per prediction and V = "
              f"{vocab.size}; --output hs or ns is much faster", file=sys.stderr)
    kept = float(keep_probability_word2vec(vocab.counts, config.sample) @ vocab.counts)
    check_fits(training_parts(config, vocab.size, read.corpus.total, read.longest, kept),
               available_bytes())
    bar = None if args.quiet else ProgressBar()
    try:
        result = train_encoded(read.corpus, vocab, config, callback=bar)
    finally:
        if bar is not None:
            bar.close()
    try:
        write_vectors(args.out, result, args.binary)
    except OSError as e:
        raise ValueError(f"cannot write {args.out}: {e.strerror or e}") from None
    if not args.quiet:
        print(f"wrote {vocab.size} vectors of {config.dim} dimensions to "
              f"{printable(args.out)} ({'binary' if args.binary else 'text'}) in "
              f"{result.seconds:.1f} s, "
              f"{result.words_per_second:,.0f} words/s", file=sys.stderr)
    return 0


# ---- queries ----------------------------------------------------------------------------
def load_vectors(path: str):
    room = available_bytes()
    try:
        return read_word2vec(path, max_bytes=None if room is None else room // QUERY_MEMORY_SHARE)
    except IsADirectoryError:
        raise ValueError(f"{path} is a directory, not a vector file") from None
    except OSError as e:
        raise ValueError(f"cannot read {path}: {e.strerror or e}") from None
    except VectorFileError as e:
        raise VectorFileError(f"{path}: {e}") from None


def as_in(words: list[str], word: str) -> str:
    """The query as typed when the file has it, else lower-cased, as train lower-cases.

    >>> as_in(["queen", "Paris"], "Queen"), as_in(["queen", "Paris"], "Paris")
    ('queen', 'Paris')
    """
    present = set(words)
    return word if word in present or word.lower() not in present else word.lower()


def run_neighbors(args) -> int:
    words, vectors = load_vectors(args.vectors)
    for word, score in nearest(words, vectors, as_in(words, args.word), topn=args.topn):
        print(f"{printable(word)}\t{score:.4f}")
    return 0


def run_analogy(args) -> int:
    words, vectors = load_vectors(args.vectors)
    a, b, c = (as_in(words, w) for w in (args.a, args.b, args.c))
    for word, score in analogy(words, vectors, a, b, c, topn=args.topn):
        print(f"{printable(word)}\t{score:.4f}")
    return 0


def printable(message: str) -> str:
    r"""Text with its unprintable characters escaped as Python writes them (C0 and C1 controls,
    ESC, bidirectional overrides ...): words of a vector file, paths and messages come from
    the user, and an escape sequence in them must not reach the terminal.

    >>> print(printable("cannot read a\x1b[31mb"))
    cannot read a\x1b[31mb
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def main(argv=None) -> int:
    """Run one command; the exit status: 0 ok, 1 failure, 2 bad usage, 130 interrupted."""
    args = build_parser().parse_args(argv)
    run = {"train": run_train, "neighbors": run_neighbors, "analogy": run_analogy}[args.command]
    try:
        return run(args)
    except UsageError as e:
        print(printable(f"error: {e} (see '{PROG} {args.command} --help')"), file=sys.stderr)
        return 2
    except (ValueError, OSError, UnicodeDecodeError, TrainingDiverged) as e:
        # VectorFileError is a ValueError; TrainingDiverged: nothing was written
        extra = "; no vectors were written" if isinstance(e, TrainingDiverged) else ""
        print(printable(f"error: {e}{extra}"), file=sys.stderr)
        return 1
    except MemoryError:      # the estimate missed: still one line, and what to change
        room = available_bytes()
        print("error: out of memory" + (f" ({size(room)} available)" if room else "")
              + "; lower --dim, --window or --negative, raise --min-count, or use a smaller "
              "corpus", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nerror: interrupted", file=sys.stderr)
        return 130
