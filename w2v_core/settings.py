"""Every setting of a lab in one place: its default, its range, and the check of a value.

The widgets (their min and max), the Lab, the model and the reader of saved lab files all
read ``RANGES`` and ``LabSettings`` from here, so a value one of them accepts the others
accept too. The fast trainer has its own defaults (gensim's, ``train.trainer.TrainConfig``)
and uses the same checks (``choice``, ``whole``, ``number``).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from .step.layers import LAYERS as OUTPUTS, TITLES as OUTPUT_TITLES   # the layer registry, live

ARCH_TITLES = {"skipgram": "skip-gram", "cbow": "CBOW"}
INIT_TITLES = {"random": "small random", "word2vec": "zeros (word2vec.c)"}   # how W' starts
ARCHS, INITS = tuple(ARCH_TITLES), tuple(INIT_TITLES)
CONVENTIONS = ("rong", "word2vec.c")
CONVENTION_TITLES = {"rong": "Rong's paper", "word2vec.c": "word2vec.c"}   # as a student reads it


# ---- checks of one value -------------------------------------------------------------------
def choice(name: str, value, allowed):
    """``value`` when it is one of ``allowed``, else a ValueError listing them."""
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def whole(name: str, value, low: int, high: int | None = None) -> int:
    """``value`` as an int when it is a whole number in [low, high], else a ValueError.

    >>> whole("window", 3, 1, 10)
    3
    >>> whole("window", 11, 1, 10)
    Traceback (most recent call last):
    ...
    ValueError: window must be a whole number from 1 to 10, got 11
    """
    bounds = f">= {low}" if high is None else f"from {low} to {high}"
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer))
            or value < low or (high is not None and value > high)):
        raise ValueError(f"{name} must be a whole number {bounds}, got {value!r}")
    return int(value)


def number(name: str, value, what: str = "a finite number", ok=lambda v: True) -> float:
    """``value`` as a float when it is a finite number for which ``ok`` holds, else a
    ValueError saying ``name`` must be ``what``.

    >>> number("sample", float("nan"), "a number >= 0", lambda v: v >= 0)
    Traceback (most recent call last):
    ...
    ValueError: sample must be a number >= 0, got nan
    """
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer,
                                                                      np.floating))
            or not math.isfinite(value) or not ok(value)):
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return float(value)


def at_least(name: str, value, low: float) -> float:
    """A finite number >= low (``number`` with the bound written out)."""
    return number(name, value, f"a number >= {low:g}", lambda v: v >= low)


# ---- the lab's settings -----------------------------------------------------------------------
@dataclass(frozen=True)
class Range:
    """The values a numeric setting may take; the widgets use ``low`` and ``high`` too."""

    low: float
    high: float
    whole: bool = True

    @property
    def bounds(self) -> tuple:
        """(low, high) as the widgets take them: ints for a whole-number setting.

        >>> RANGES["window"].bounds, RANGES["ns_power"].bounds
        ((1, 10), (0.0, 1.5))
        """
        cast = int if self.whole else float
        return cast(self.low), cast(self.high)

    def check(self, name: str, value):
        if self.whole:
            return whole(name, value, int(self.low), int(self.high))
        return number(name, value, f"a number from {self.low:g} to {self.high:g}",
                      lambda v: self.low <= v <= self.high)


RANGES = {
    "dim": Range(1, 100),                 # N: small enough to read every number
    "window": Range(1, 10),
    "negative": Range(1, 100),            # k; must also be < V (check_vocabulary)
    "ns_power": Range(0.0, 1.5, False),   # 1 = unigram, 0 = uniform
    "sample": Range(0.0, 0.1, False),     # subsampling threshold s; 0 = off
    "min_count": Range(1, 1_000_000),
    "seed": Range(0, 2**31 - 1),
}
# The thresholds the subsampling pages' sliders offer (all inside RANGES["sample"]).
SAMPLE_STEPS = (0.0, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1)
# The Training page's widgets (the trainer itself takes any value its checks allow: the
# command line trains N = 300 on millions of words; the page keeps a hall's server in budget).
TRAINING_RANGES = {
    "dim": Range(2, 300), "window": Range(1, 10), "epochs": Range(1, 200),
    "negative": Range(1, 20), "alpha": Range(1e-4, 1.0, False), "snapshots": Range(2, 60),
    "min_count": Range(1, 1000), "seed": Range(0, 2**31 - 1),
}
TRAINING_SAMPLES = (0.0, 1e-5, 1e-4, 1e-3, 1e-2)   # the page's subsampling thresholds
CHOICES = {"arch": ARCHS, "output": OUTPUTS, "init": INITS, "convention": CONVENTIONS}
LEARNING_RATE = Range(0.0, 1e4, False)    # eta: a per-step setting, not part of the lab
DEFAULT_LEARNING_RATE = 0.1               # eta when a student has not chosen one


@dataclass(frozen=True)
class LabSettings:
    """Every setting of a lab and of its model, with the defaults the app opens with."""

    arch: str = "skipgram"        # the slides' model: the centre word predicts its context
    output: str = "softmax"       # the slides' output layer (a name in the layer registry)
    dim: int = 3                  # N: three numbers per vector, every one readable
    window: int = 2               # maximal radius; each centre draws R in 1..window
    negative: int = 5             # k negatives per prediction (layers that sample negatives)
    ns_power: float = 0.75        # exponent of the noise distribution
    sample: float = 0.0           # subsampling threshold s; 0 = off (toy corpora are tiny)
    min_count: int = 1            # words rarer than this are dropped
    seed: int = 0                 # one seed for W, W', the stream and the negatives
    init: str = "random"          # "random": small random W' so W moves from step 1
    convention: str = "rong"      # "word2vec.c": CBOW without 1/C, skip-gram one pair per step

    def validate(self, bounded: bool = True) -> "LabSettings":
        """These settings, or a ValueError naming the first one out of its range.

        ``bounded=False`` checks only what the engine needs to compute (the choices, the
        lower bounds, finite numbers): the fast trainer's models have N up to 300 and more.
        """
        for name, allowed in CHOICES.items():
            choice(name, getattr(self, name), allowed)
        for name, bounds in RANGES.items():
            if bounded:
                bounds.check(name, getattr(self, name))
            elif bounds.whole:
                whole(name, getattr(self, name), int(bounds.low))
            else:
                at_least(name, getattr(self, name), bounds.low)
        return self

    def check_vocabulary(self, V: int) -> None:
        """ValueError when these settings cannot train on a vocabulary of V words.

        The output layer says (negative sampling draws k words other than the positive
        one; the lab asks for k < V, so that k distinct negatives exist).

        >>> LabSettings(output="ns", negative=5).check_vocabulary(3)
        Traceback (most recent call last):
        ...
        ValueError: k = 5 negatives need at least k + 1 = 6 words in the vocabulary, which has V = 3
        >>> LabSettings(output="softmax", negative=5).check_vocabulary(3)
        """
        OUTPUTS[self.output].check_vocabulary(V, self.negative)

    def negatives_for(self, V: int) -> int:
        """The k a page starts at for a vocabulary of V words: the lab's own k when it samples
        negatives or k was set; else ``suggested_negatives(V)`` (k = 2 on a toy vocabulary);
        never more than V − 1 (k distinct negatives must exist).

        >>> LabSettings().negatives_for(8), LabSettings(output="ns").negatives_for(8)
        (2, 5)
        >>> LabSettings(negative=9).negatives_for(4)
        3
        """
        chosen = OUTPUTS[self.output].samples_negatives or self.negative != LabSettings.negative
        return max(1, min(self.negative, V - 1)) if chosen else suggested_negatives(V)

    def changed(self, other: "LabSettings") -> list[str]:
        """Names of the settings that differ."""
        a, b = asdict(self), asdict(other)
        return [k for k in a if a[k] != b[k]]


TOY_VOCABULARY = 20       # up to this V, negative sampling starts at k = 2


def suggested_negatives(V: int) -> int:
    """k for a vocabulary of V words when no one chose it: 2 on a toy vocabulary (V <= 20:
    k = 5 on wevi's 8 words draws most of the vocabulary, often one word twice), else
    word2vec.c's 5; never more than V − 1 (k distinct negatives must exist).

    >>> suggested_negatives(8), suggested_negatives(21), suggested_negatives(3), suggested_negatives(2)
    (2, 5, 2, 1)
    """
    return max(1, min(2 if V <= TOY_VOCABULARY else LabSettings.negative, V - 1))


def check_learning_rate(lr) -> float:
    """eta as a float, or a ValueError (any finite eta >= 0 is a step the engine can take)."""
    return at_least("the learning rate", lr, 0.0)
