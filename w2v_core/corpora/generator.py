"""Synthetic corpora whose words come in known classes.

Every sentence is built from a template that belongs to one class. Its slots ``{w}`` are
filled with words of that class (the *class words*, returned in ``word_to_class``); the
rest of the template is fixed text: words characteristic of the class ("bark", "tail" for
animals; "paint", "shade" for colours) and filler shared by every class ("the", "a", "and").
All words of a class are spread over all templates of that class, so they end up with the
same context distribution, which is exactly what skip-gram and CBOW turn into nearby
vectors. A fraction of sentences joins two clauses of different classes with "and"/"but",
and some start with a shared opener ("yesterday", "i think"), so the signal is clear but not
trivially separable.

Used by the ``large_generated`` preset (its text, written by ``make_large_generated``) and by tests that check trained neighbours are
mostly in-class.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = [
    "DEFAULT_CLASSES",
    "DEFAULT_TEMPLATES",
    "GENERIC_TEMPLATES",
    "OPENERS",
    "CONNECTORS",
    "generate_class_corpus",
    "template_vocabulary",
]

# 12 words per class; no word belongs to two classes or appears literally in a template.
DEFAULT_CLASSES: dict[str, list[str]] = {
    "animals": ["dog", "cat", "horse", "cow", "sheep", "goat",
                "rabbit", "fox", "wolf", "bear", "lion", "tiger"],
    "colours": ["red", "blue", "green", "yellow", "purple", "pink",
                "brown", "black", "white", "grey", "violet", "crimson"],
    "vehicles": ["car", "bus", "train", "truck", "bicycle", "taxi",
                 "tram", "van", "motorbike", "scooter", "ferry", "lorry"],
    "foods": ["bread", "rice", "pasta", "soup", "cheese", "salad",
              "pizza", "noodles", "potatoes", "eggs", "beans", "cake"],
    "countries": ["france", "spain", "italy", "germany", "japan", "china",
                  "brazil", "canada", "egypt", "india", "mexico", "kenya"],
    "instruments": ["piano", "guitar", "violin", "drum", "flute", "trumpet",
                    "cello", "harp", "saxophone", "clarinet", "banjo", "organ"],
}

# Templates per class. "{w}" is a slot for a word of the class; the other words are the
# class's characteristic context plus shared filler.
DEFAULT_TEMPLATES: dict[str, list[str]] = {
    "animals": [
        "the {w} wagged its tail in the barn",
        "we fed the hungry {w} some hay",
        "a wild {w} was sleeping in the forest",
        "the farmer keeps a {w} and a {w} behind the fence",
        "the {w} licked its fur and its paws",
        "at the zoo the {w} growled at the keeper",
        "the vet said the {w} has a sore paw",
        "a {w} chased a {w} across the meadow",
        "the {w} and her cubs hunted at night",
    ],
    "colours": [
        "she painted the wall {w}",
        "the {w} paint dried on the brush",
        "he chose a darker shade of {w}",
        "mix {w} and {w} to get a new colour",
        "the flag has a {w} stripe",
        "her dress was bright {w}",
        "the sky turned {w} at sunset",
        "a pale {w} and a deep {w} were on the palette",
        "the artist loves the colour {w}",
    ],
    "vehicles": [
        "we took the {w} to the station",
        "the {w} was late because of the traffic",
        "he parked the {w} near the garage",
        "the driver stopped the {w} at the corner",
        "a {w} and a {w} waited at the crossing",
        "the {w} broke down on the road",
        "she rides the {w} to work every day",
        "the passengers got off the {w}",
        "the {w} needs fuel and new tyres",
    ],
    "foods": [
        "we cooked {w} for dinner",
        "the {w} tastes delicious",
        "she served {w} with a little salt",
        "he ate a plate of {w} and {w}",
        "the recipe needs fresh {w}",
        "the chef baked {w} in the oven",
        "i was hungry so i had some {w}",
        "they ordered {w} at the restaurant",
        "warm {w} is my favourite meal",
    ],
    "countries": [
        "she travelled to {w} last summer",
        "the capital of {w} is a big city",
        "he was born in {w}",
        "the border between {w} and {w} is long",
        "we flew from {w} to {w}",
        "the president of {w} gave a speech",
        "the people of {w} speak their own language",
        "the map shows {w} on the coast",
        "tourists visit {w} every year",
    ],
    "instruments": [
        "she plays the {w} in the orchestra",
        "he practised the {w} for the concert",
        "the {w} sounded beautiful on stage",
        "the band needs a {w} and a {w}",
        "my teacher tuned the {w} before the lesson",
        "the musician played a song on the {w}",
        "a {w} solo opened the show",
        "the {w} and the {w} played the melody",
        "he learned to play the {w} by ear",
    ],
}

# Fallback for a class given without templates: its words only meet each other and filler.
GENERIC_TEMPLATES: list[str] = [
    "the {w} and the {w}",
    "a {w} is a bit like a {w}",
    "i prefer the {w} to the {w}",
    "there is a {w} next to the {w}",
    "we talked about the {w} and the {w}",
]

OPENERS: list[str] = ["yesterday", "today", "i think", "they say", "last week",
                      "of course", "in the story", "then"]
CONNECTORS: list[str] = ["and", "but", "while", "because"]

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def template_vocabulary(templates: dict[str, list[str]] | None = None) -> set[str]:
    """Every word a sentence can contain that is not a class word.

    That is the literal words of the templates (class-specific context and filler), the
    generic templates, the openers and the connectors.
    E.g. template_vocabulary({"x": ["the {w} barks"]}) contains "the" and "barks".
    """
    templates = DEFAULT_TEMPLATES if templates is None else templates
    texts = [t for ts in templates.values() for t in ts]
    texts += GENERIC_TEMPLATES + OPENERS + CONNECTORS
    return {tok for text in texts for tok in _TOKEN.findall(text.replace("{w}", " ").lower())}


def _fill(template: str, words: list[str], rng: np.random.Generator) -> str:
    """Fill each {w} with a distinct word of the class (repeating only if the class is tiny)."""
    n_slots = template.count("{w}")
    picks = rng.choice(len(words), size=n_slots, replace=n_slots > len(words))
    for k in picks:
        template = template.replace("{w}", words[int(k)], 1)
    return template


def _class_of_words(classes, templates) -> dict[str, str]:
    """word -> its class, checking that no word is in two classes or in template text."""
    if not classes or any(len(ws) == 0 for ws in classes.values()):
        raise ValueError("every class needs at least one word")
    word_to_class: dict[str, str] = {}
    for name, words in classes.items():
        for w in words:
            w = w.lower()
            if word_to_class.setdefault(w, name) != name:
                raise ValueError(f"{w!r} is in both {word_to_class[w]!r} and {name!r}")
    used = {name: templates[name] for name in classes if templates.get(name)}
    clash = set(word_to_class) & template_vocabulary(used)
    if clash:
        raise ValueError(f"class words also used as template text: {sorted(clash)}")
    return word_to_class


def generate_class_corpus(
    n_sentences: int,
    *,
    classes: dict[str, list[str]] | None = None,
    templates: dict[str, list[str]] | None = None,
    seed: int = 0,
    join_prob: float = 0.2,
    opener_prob: float = 0.2,
) -> tuple[list[str], dict[str, str]]:
    """Generate ``n_sentences`` lines whose class words come from ``classes``.

    classes: class name -> its words (default ``DEFAULT_CLASSES``: six classes of 12 words).
    templates: class name -> templates with ``{w}`` slots (default ``DEFAULT_TEMPLATES``);
        a class without templates uses ``GENERIC_TEMPLATES``, so its words are learned
        only from meeting each other.
    seed: seed of ``np.random.default_rng``; the same arguments give the same corpus.
    join_prob: probability that a line is two clauses of *different* classes joined by a
        connector ("... and ...") -- cross-class noise within the context window.
    opener_prob: probability that a line starts with a shared opener ("yesterday", ...).

    Returns (lines, word_to_class), one lowercase sentence per line; word_to_class maps
    each class word that occurs in the lines to its class (a very short corpus may miss
    some words of ``classes``). Every other token of a line is in
    ``template_vocabulary(templates)``.

    >>> lines, word_to_class = generate_class_corpus(2, seed=3)
    >>> lines
    ['she travelled to italy last summer', 'she painted the wall blue']
    >>> word_to_class
    {'blue': 'colours', 'italy': 'countries'}
    >>> generate_class_corpus(2, seed=3) == (lines, word_to_class)
    True
    """
    if n_sentences < 0:
        raise ValueError(f"n_sentences must be >= 0, got {n_sentences}")
    classes = DEFAULT_CLASSES if classes is None else classes
    templates = DEFAULT_TEMPLATES if templates is None else templates
    word_to_class = _class_of_words(classes, templates)
    names = list(classes)
    words_of = {name: [w.lower() for w in classes[name]] for name in names}
    templates_of = {name: templates.get(name) or GENERIC_TEMPLATES for name in names}
    rng = np.random.default_rng(seed)

    def clause(name: str) -> str:
        ts = templates_of[name]
        return _fill(ts[int(rng.integers(len(ts)))], words_of[name], rng)

    lines: list[str] = []
    for _ in range(n_sentences):
        first = names[int(rng.integers(len(names)))]
        line = clause(first)
        if len(names) > 1 and rng.random() < join_prob:
            others = [n for n in names if n != first]
            second = others[int(rng.integers(len(others)))]
            line = f"{line} {CONNECTORS[int(rng.integers(len(CONNECTORS)))]} {clause(second)}"
        if rng.random() < opener_prob:
            line = f"{OPENERS[int(rng.integers(len(OPENERS)))]} {line}"
        lines.append(line)
    emitted = {tok for line in lines for tok in _TOKEN.findall(line)}
    return lines, {w: c for w, c in word_to_class.items() if w in emitted}

