"""Preset corpora the app offers: one sentence per line, plain English (``eat_drink_pairs``:
one explicit training pair ``context words | target`` per line, w2v_core.pairs).

Each preset is small enough to read and built so that one thing is visible after training
(``Preset.description`` tells the student what). The texts live next to this file as
``.txt`` (UTF-8). ``large_generated.txt`` is ``generate_class_corpus``'s output with a fixed
seed, written by ``python -m w2v_core.corpora.make_large_generated`` and checked against it
by the tests: stored, because generating it cost a server 0.17-0.31 CPU-s when a hall first
opened it. A worked example also carries its own numbers in a ``.json`` next to its
text (``Preset.example``, read by ``preset_example``): the settings it needs, eta, W and W'
by word, and the instance of its first step, so its lab reproduces the example exactly.

>>> DEFAULT_PRESET
'eat_drink'
>>> load_preset("fruit_drinks").splitlines()[0]
'i eat a ripe apple'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from w2v_core.shared_cache import shared_cache

from .generator import DEFAULT_CLASSES, generate_class_corpus

__all__ = [
    "Example",
    "Preset",
    "PRESETS",
    "DEFAULT_PRESET",
    "LARGE_N_SENTENCES",
    "LARGE_SEED",
    "get_preset",
    "load_preset",
    "preset_example",
    "preset_keys",
    "preset_word_classes",
    "generate_class_corpus",
]


@dataclass(frozen=True)
class Preset:
    key: str  # identifier used by the pages and in URLs/state
    title: str  # shown in the selector
    description: str  # one line: what the student should look for after training
    filename: str  # .txt in this package
    example: str | None = None  # .json of a worked example's own numbers, or None
    classes: bool = False  # generated from DEFAULT_CLASSES: its class words are known


PRESETS: tuple[Preset, ...] = (
    Preset(
        "eat_drink",
        "Eat and drink: 8 words (wevi's example)",
        "The smallest lesson: twelve two-word sentences over 8 words (eat, drink, and what "
        "goes with them), so every number of a step fits on the screen. After a few epochs "
        "apple, orange and rice sit together, and so do juice, milk and water.",
        "eat_drink.txt",
    ),
    Preset(
        "eat_drink_pairs",
        "Eat and drink as explicit pairs (wevi's format)",
        "wevi's own training data, one pair 'context words | target' per line (eat|apple, "
        "drink|juice, ...): each line is exactly one training instance, whatever the window. "
        "A line may hold several context words (drink milk | juice): CBOW then averages "
        "them, skip-gram predicts each of them from the target.",
        "eat_drink_pairs.txt",
    ),
    Preset(
        "fruit_drinks",
        "Fruit and drinks",
        "Fruit is eaten, peeled and ripe; drinks are poured, sipped and hot: "
        "watch apple, banana, ... and tea, coffee, ... form two clusters.",
        "fruit_drinks.txt",
    ),
    Preset(
        "royalty",
        "Royalty and gender",
        "Parallel sentences about kings, queens, men and women: "
        "check that king - man + woman lands near queen.",
        "royalty.txt",
    ),
    Preset(
        "days_numbers",
        "Days and numbers",
        "Weekdays follow 'on', 'every' and 'next'; numbers follow 'plus', 'minus' and 'at': "
        "see monday ... sunday and one ... ten form two groups.",
        "days_numbers.txt",
    ),
    Preset(
        "animals_actions",
        "Animals and actions",
        "Each animal has its own verb (barks, meows, moos) but all eat, sleep and run: "
        "dog ends up next to cat and barks next to meows, not dog next to barks.",
        "animals_actions.txt",
    ),
    Preset(
        "short_story",
        "A short story",
        "A real story with a few characters (Nell, Arlo, Biscuit): most words occur "
        "once or twice, so see how little a small corpus can teach.",
        "short_story.txt",
    ),
    Preset(
        "large_generated",
        "Large generated corpus (≥ 50,000 words)",
        "Six word classes (animals, colours, vehicles, foods, countries, instruments) "
        "in 6,000 sentences: time an epoch and watch the classes separate.",
        "large_generated.txt",
        classes=True,
    ),
    Preset(
        "cs224n_dummy",
        "Dummy example: 5 words, N = 3 (CS224n style)",
        "Five letters a to e with fixed unit-length vectors, in the style of the CS224n "
        "assignment's test: the lab opens with its own W and W′ and the instance c → a, b, e, "
        "d at η = 0.3, so every number of the step can be checked against a notebook.",
        "cs224n_dummy.txt",
        "cs224n_dummy.json",
    ),
    Preset(
        "pencil_four",
        "Pencil and paper: 4 words, N = 2",
        "Two sentences over four words, W and W′ with one decimal and η = 0.5: the first "
        "step, chase → cats, is small enough to work out by hand.",
        "pencil_four.txt",
        "pencil_four.json",
    ),
)

DEFAULT_PRESET = "eat_drink"
LARGE_N_SENTENCES = 6000  # about 55,000 tokens with the default classes
LARGE_SEED = 0

_BY_KEY = {p.key: p for p in PRESETS}


def preset_keys() -> list[str]:
    """Keys of all presets, in the order the app lists them (the default first)."""
    return [p.key for p in PRESETS]


def get_preset(key: str) -> Preset:
    """The Preset entry for ``key``; KeyError naming the valid keys otherwise."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown preset {key!r}; choose one of {preset_keys()}") from None


@shared_cache(len(PRESETS))
def load_preset(key: str) -> str:
    """The text of preset ``key``: one sentence per line, newline-terminated (read once per
    process: a hall opening a link to a preset shares one string)."""
    return files(__name__).joinpath(get_preset(key).filename).read_text(encoding="utf-8")


def preset_word_classes(key: str) -> dict[str, str] | None:
    """word -> class for a generated preset (to colour plots), as ``generate_class_corpus``
    returns it: each class word of the text, in class order; None for written ones."""
    if not get_preset(key).classes:
        return None
    return dict(_word_classes(key))


@shared_cache(2)
def _word_classes(key: str) -> tuple[tuple[str, str], ...]:
    used = {tok for line in load_preset(key).splitlines() for tok in line.split()}
    return tuple((w, name) for name, words in DEFAULT_CLASSES.items() for w in words if w in used)


@dataclass(frozen=True)
class Example:
    """A worked example's own numbers (the ``.json`` of a preset)."""

    settings: dict       # the LabSettings fields it needs (N, arch, output, ...)
    eta: float           # its learning rate
    W: dict              # word -> its input vector v_w (N numbers)
    W_out: dict          # word -> its output vector v'_w (N numbers)
    inputs: tuple        # the words of its first step: input word(s) ...
    predicted: tuple     # ... and predicted word(s)


@lru_cache(maxsize=8)
def preset_example(key: str) -> Example | None:
    """The worked example of preset ``key``, or None for a preset without one.

    >>> preset_example("pencil_four").W["chase"], preset_example("eat_drink")
    ([0.4, -0.2], None)
    """
    preset = get_preset(key)
    if preset.example is None:
        return None
    data = json.loads(files(__name__).joinpath(preset.example).read_text(encoding="utf-8"))
    return Example(data["settings"], float(data["eta"]), data["W"], data["W_out"],
                   tuple(data["inputs"]), tuple(data["predicted"]))
