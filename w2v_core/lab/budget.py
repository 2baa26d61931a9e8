"""What one click may cost a shared server, and whether a lab's stream can yield instances.

A click runs in the server's thread for its session. Wall time says nothing about what a
click takes from the others (a loaded server makes every click slow), so a click is held
to a budget of the *thread's* CPU time: ``Budget(seconds).spent()``. Work that stops on
its budget stops between two steps, so the lab stays consistent and the caller says
"stopped after N steps".

``expected_instances`` answers, before a single step is taken, whether subsampling leaves
any training instance: a threshold that keeps on average less than one instance per epoch
is refused where it is chosen (a lab would otherwise walk epoch after epoch for nothing).
"""
from __future__ import annotations

import time

import numpy as np

CLICK_SECONDS = 2.0             # thread CPU one click may use (Step x100, a link's replay ...)
MIN_INSTANCES = 1.0             # expected instances per epoch a lab needs


class Budget:
    """Thread CPU seconds from now; ``spent()`` once they are used up.

    >>> Budget(10.0).spent(), Budget(0.0).spent()
    (False, True)
    """

    def __init__(self, seconds: float = CLICK_SECONDS):
        self.seconds = float(seconds)
        self.start = time.thread_time()

    def used(self) -> float:
        return time.thread_time() - self.start

    def spent(self) -> bool:
        return self.used() >= self.seconds


class BudgetSpent(Exception):
    """Raised inside a walk of the stream when the click's budget ran out."""


def expected_instances(encoded, keep_prob) -> float:
    """Expected training instances per epoch under subsampling.

    A kept token makes an instance when at least one other token of its sentence is kept
    (the window's radius is at least 1 and counts kept tokens), so a sentence with keep
    probabilities p_i yields on average sum_i p_i (1 - prod_{j != i} (1 - p_j)).
    ``encoded`` holds each sentence's word indices (and positions); ``keep_prob`` (V,).

    >>> ids = [(np.array([0, 1]), None), (np.array([0]), None)]
    >>> float(expected_instances(ids, np.array([0.5, 0.5])))   # 2 * 0.5 * 0.5
    0.5
    """
    total = 0.0
    for ids, _ in encoded:
        if len(ids) < 2:
            continue
        p = np.minimum(keep_prob[ids], 1.0)                             # (n,)
        if np.all(p >= 1.0):
            total += len(p)
            continue
        sure = p >= 1.0
        logq = np.log1p(-np.where(sure, 0.0, p))                        # log(1 - p_i); 0 if sure
        others_sure = sure.sum() - sure                                 # (n,) sure ones among j != i
        none_else = np.where(others_sure > 0, 0.0, np.exp(logq.sum() - logq))   # prod_{j!=i}(1-p_j)
        total += float(np.sum(p * (1.0 - none_else)))
    return total


def no_instance_message(expected: float, sample: float, better: float | None) -> str:
    """Why a subsampling threshold is refused, and what to choose instead."""
    hint = f"choose s ≥ {better:g}, or 0 (off)" if better is not None else "choose s = 0 (off)"
    return (f"subsampling with s = {sample:g} keeps on average {expected:.2g} training "
            f"instances per epoch on this corpus (nearly every word is dropped): {hint}")
