"""What a lab records of its steps: the loss of every step (LossLog), the learning rate of
every step (Schedule), and the bytes a step's trace holds (for the Undo history's budget)."""
from __future__ import annotations

import math
from array import array

import numpy as np


class LossLog:
    """(loss before, loss after) of every step taken, 16 bytes a step.

    >>> log = LossLog([(4.0, 3.0)]); log.append((2.0, 1.0)); log.to_array().tolist()
    [[4.0, 3.0], [2.0, 1.0]]
    >>> log.pop(), len(log), log[-1]
    ((2.0, 1.0), 1, (4.0, 3.0))
    >>> log.append((float("inf"), 1.0)); log.nonfinite
    1
    """

    def __init__(self, pairs=()):
        self._flat = array("d")
        self.nonfinite = 0          # steps with an inf or NaN loss, kept as steps come and go
        for pair in pairs:
            self.append(pair)

    @classmethod
    def from_array(cls, losses: np.ndarray) -> "LossLog":
        """A log holding a (steps, 2) array, in one copy (no Python loop over the steps)."""
        log = cls()
        flat = np.ascontiguousarray(losses, dtype=np.float64)
        log._flat.frombytes(flat.tobytes())
        log.nonfinite = int((~np.isfinite(flat.reshape(-1, 2))).any(axis=1).sum())
        return log

    def append(self, pair) -> None:
        before, after = float(pair[0]), float(pair[1])
        self._flat.extend((before, after))
        self.nonfinite += not (math.isfinite(before) and math.isfinite(after))

    def pop(self) -> tuple[float, float]:
        after, before = self._flat.pop(), self._flat.pop()
        self.nonfinite -= not (math.isfinite(before) and math.isfinite(after))
        return before, after

    def __len__(self) -> int:
        return len(self._flat) // 2

    def __getitem__(self, i: int) -> tuple[float, float]:
        i = range(len(self))[i]
        return self._flat[2 * i], self._flat[2 * i + 1]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    def copy(self) -> "LossLog":
        """An independent log of the same steps."""
        new = LossLog()
        new._flat, new.nonfinite = array("d", self._flat), self.nonfinite
        return new

    def to_array(self) -> np.ndarray:
        """A copy as a (steps, 2) float64 array."""
        return np.frombuffer(self._flat, dtype=np.float64).reshape(-1, 2).copy()

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """np.asarray(log): the (steps, 2) array in one copy, not a Python loop over steps."""
        return self.to_array() if dtype is None else self.to_array().astype(dtype)


class Schedule:
    """The learning rate of every step taken, run-length encoded: [(eta, steps), ...], so a
    link can replay exactly the steps a student took.

    >>> s = Schedule(); [s.append(x) for x in (0.1, 0.1, 0.5)]; s.runs
    [None, None, None]
    [(0.1, 2), (0.5, 1)]
    >>> s.pop(); s.pop(); s.runs
    [(0.1, 1)]
    """

    def __init__(self, runs=()):
        self.runs = [(float(a), int(n)) for a, n in runs]

    def append(self, lr: float) -> None:
        if self.runs and self.runs[-1][0] == lr:
            self.runs[-1] = (lr, self.runs[-1][1] + 1)
        else:
            self.runs.append((float(lr), 1))

    def pop(self) -> None:
        lr, n = self.runs[-1]
        self.runs[-1:] = [(lr, n - 1)] if n > 1 else []

    @property
    def steps(self) -> int:
        return sum(n for _, n in self.runs)


_NO_ARRAYS = (int, float, str, type(None))     # what a trace holds besides arrays


def trace_bytes(value) -> int:
    """Bytes of the arrays a trace holds, its output layer's quantities included.

    >>> trace_bytes([np.zeros(2), {"a": np.zeros(3)}])
    40
    """
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        parts = value.values()
    elif isinstance(value, (list, tuple)):
        parts = value
    elif hasattr(value, "__dict__"):
        parts = vars(value).values()
    else:
        return 0
    total = 0
    for v in parts:                 # arrays and numbers here, without a call each (per step)
        if isinstance(v, np.ndarray):
            total += v.nbytes
        elif not isinstance(v, _NO_ARRAYS):
            total += trace_bytes(v)
    return total

