"""A live class: a lecturer's Step inspector followed from students' phones, with votes.

- room.py: one class as data (code, the lecturer's secret, the scene the lecturer shows,
  the poll and its rounds, locked panels) and its rules, no I/O;
- store.py: what a class store does (the interface), its rate limits, the session's CSV;
- memory.py: the store of one server process (the default);
- redis_store.py: the store in Redis, shared by replicas (``W2V_CLASS_STORE=redis://...``);
- frame.py: the class lab at the lecturer's step, rebuilt from its link once per process.
"""
from __future__ import annotations

import functools
import os

from .room import (ALPHABET, CODE_LENGTH, IDLE_END, MAX_CLASSES, MAX_STUDENTS, NAME_MAX, Asked,
                   ClassError, ClassView, PollView, Scene, clean_name, typed_code)
from .store import Report, Store, Ticket, answers_csv, report_csv

STORE_ENV = "W2V_CLASS_STORE"


def store_for(url: str | None) -> Store:
    """The store a server uses: Redis at ``url`` (redis://...), else in this process."""
    if url:
        from .redis_store import RedisStore
        return RedisStore(url)
    from .memory import MemoryStore
    return MemoryStore()


@functools.cache
def shared_store() -> Store:
    """The process's store, from the environment (W2V_CLASS_STORE), made once."""
    return store_for(os.environ.get(STORE_ENV) or None)


__all__ = ["ALPHABET", "CODE_LENGTH", "IDLE_END", "MAX_CLASSES", "MAX_STUDENTS", "NAME_MAX",
           "STORE_ENV", "Asked", "ClassError", "ClassView", "PollView", "Report", "Scene",
           "Store", "Ticket", "answers_csv", "clean_name", "report_csv", "shared_store",
           "store_for", "typed_code"]
