"""A cache that a hall of sessions can share: each value is computed once, however many
threads ask for it at the same moment.

``functools.lru_cache`` alone lets every thread that misses compute the value itself: when 200
students open the same link, 200 threads would generate the same corpus or build the same
Huffman trees at once. Here the others wait (without CPU) for the first one's result.
"""
from __future__ import annotations

import functools
import threading


def shared_cache(maxsize: int):
    """``lru_cache(maxsize)`` whose misses are computed by one thread at a time.

    >>> calls = []
    >>> @shared_cache(2)
    ... def square(x):
    ...     calls.append(x)
    ...     return x * x
    >>> square(3), square(3), calls
    (9, 9, [3])
    """
    def wrap(func):
        cached = functools.lru_cache(maxsize=maxsize)(func)
        lock = threading.Lock()

        @functools.wraps(func)
        def call(*args, **kwargs):
            with lock:
                return cached(*args, **kwargs)
        call.cache_clear = cached.cache_clear
        call.cache_info = cached.cache_info
        return call
    return wrap
