"""Where ``train`` writes its vectors (``--out``): checked before training, so that a bad
path fails at once instead of after a long run, and written so that it cannot hang or
destroy the input.

Refused: the corpus itself under any name (``os.path.samefile``: the same file through a
symbolic or hard link too), anything that is not a regular file (a directory; a FIFO, whose
open for writing blocks until a reader comes; a device such as /dev/null), and a place
where no file can be made. An existing regular file is replaced, as before.
"""
from __future__ import annotations

import os
import stat


def check_output(path: str, corpus: str | None) -> None:
    """Fail before training, not after, when the output cannot be written: the corpus itself
    (the same file by any name: writing would destroy it), something that is not a regular
    file (a directory, a FIFO, whose open would block until a reader comes, a device), or a
    place where no file can be made. Nothing is opened for writing but a new path, briefly."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise ValueError(f"cannot write {path}: {e.strerror or e}") from None
    if st is not None:
        if corpus is not None and os.path.exists(corpus) and os.path.samefile(path, corpus):
            raise ValueError(f"cannot write {path}: it is the corpus {corpus}; choose another "
                             "--out")
        if not stat.S_ISREG(st.st_mode):
            raise ValueError(f"cannot write {path}: it is {_kind(st.st_mode)}, not a regular "
                             "file; choose another --out")
        if not os.access(path, os.W_OK):
            raise ValueError(f"cannot write {path}: Permission denied")
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except OSError as e:
        raise ValueError(f"cannot write {path}: {e.strerror or e}") from None
    os.remove(path)


def _kind(mode: int) -> str:
    """What a non-regular file is, for the error message.

    >>> _kind(stat.S_IFIFO), _kind(stat.S_IFDIR)
    ('a FIFO (named pipe)', 'a directory')
    """
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def write_vectors(path: str, result, binary: bool) -> None:
    """Write the vectors to ``path`` as a regular file only: opened without blocking (a FIFO
    put there since ``check_output`` fails at once instead of hanging) and checked again."""
    check_output(path, None)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK, 0o644)
    except OSError as e:
        raise ValueError(f"cannot write {path}: {e.strerror or e}") from None
    with os.fdopen(fd, "wb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ValueError(f"cannot write {path}: it is {_kind(mode)}, not a regular file")
        os.set_blocking(fd, True)
        f.truncate(0)
        result.save(f, binary=binary)
