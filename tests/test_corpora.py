"""Promises of the preset corpora and of the class-corpus generator."""

import re

import pytest

from w2v_core.corpora import (
    DEFAULT_PRESET,
    LARGE_N_SENTENCES,
    LARGE_SEED,
    PRESETS,
    load_preset,
    preset_keys,
    preset_word_classes,
)
from w2v_core.corpora.generator import generate_class_corpus, template_vocabulary

# The tokenizer the engine uses.
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# Sensible vocabulary sizes (unique lowercase tokens), per preset.
VOCAB_RANGE = {
    "eat_drink": (8, 10),      # every number of a step fits on the screen
    "eat_drink_pairs": (8, 8), # the same 8 words, as wevi's explicit pairs
    "fruit_drinks": (30, 50),  # small enough for charts that show every word
    "royalty": (80, 300),
    "days_numbers": (60, 200),
    "animals_actions": (40, 200),
    "short_story": (150, 600),
    "large_generated": (150, 1000),
    "cs224n_dummy": (5, 5),    # the worked examples: 5 words, N = 3
    "pencil_four": (4, 4),     # ... and 4 words, N = 2, by hand
}


def tokens(line):
    return TOKEN.findall(line.lower())


def vocabulary(text):
    return {t for line in text.splitlines() for t in tokens(line)}


@pytest.fixture(scope="module")
def texts():
    return {key: load_preset(key) for key in preset_keys()}


def test_default_preset_is_the_smallest_lesson_and_listed_first():
    assert DEFAULT_PRESET == "eat_drink"
    assert preset_keys()[0] == DEFAULT_PRESET


def test_preset_keys_are_unique_and_cover_the_promised_presets():
    keys = preset_keys()
    assert len(keys) == len(set(keys))
    assert set(keys) == {"eat_drink", "eat_drink_pairs", "fruit_drinks", "royalty",
                         "days_numbers", "animals_actions", "short_story", "large_generated",
                         "cs224n_dummy", "pencil_four"}


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_every_preset_has_a_title_and_a_one_line_description(preset):
    assert preset.title.strip()
    assert preset.description.strip()
    assert "\n" not in preset.description


@pytest.mark.parametrize("key", preset_keys())
def test_every_preset_loads_as_non_empty_text(texts, key):
    assert isinstance(texts[key], str)
    assert texts[key].strip()
    texts[key].encode("utf-8")  # no lone surrogates: valid UTF-8 round trip


@pytest.mark.parametrize("key", preset_keys())
def test_every_preset_has_one_sentence_per_line_and_no_blank_lines(texts, key):
    lines = texts[key].splitlines()
    assert lines
    for i, line in enumerate(lines):
        assert line.strip(), f"blank line {i + 1}"
        assert line == line.strip(), f"line {i + 1} has surrounding whitespace"
        assert tokens(line), f"line {i + 1} has no words"


@pytest.mark.parametrize("key", preset_keys())
def test_every_preset_vocabulary_size_is_in_a_sensible_range(texts, key):
    low, high = VOCAB_RANGE[key]
    assert low <= len(vocabulary(texts[key])) <= high


def test_unknown_preset_key_raises_key_error():
    with pytest.raises(KeyError):
        load_preset("no_such_preset")


def test_royalty_preset_contains_the_analogy_words(texts):
    vocab = vocabulary(texts["royalty"])
    assert {"king", "queen", "man", "woman"} <= vocab
    assert {"prince", "princess", "boy", "girl", "he", "she"} <= vocab


def test_fruit_drinks_preset_contains_both_classes(texts):
    vocab = vocabulary(texts["fruit_drinks"])
    assert {"apple", "banana", "orange"} <= vocab
    assert {"tea", "coffee", "juice"} <= vocab


def test_large_generated_has_at_least_50000_tokens(texts):
    n_tokens = sum(len(tokens(line)) for line in texts["large_generated"].splitlines())
    assert n_tokens >= 50_000


def test_large_generated_is_the_class_generator_with_its_fixed_seed(texts):
    """The stored text (python -m w2v_core.corpora.make_large_generated) is the generator's
    output, and so are its word classes, in the generator's order."""
    lines, word_to_class = generate_class_corpus(LARGE_N_SENTENCES, seed=LARGE_SEED)
    assert texts["large_generated"] == "\n".join(lines) + "\n"
    assert list(preset_word_classes("large_generated").items()) == list(word_to_class.items())


def test_large_generated_word_classes_cover_its_class_words(texts):
    word_to_class = preset_word_classes("large_generated")
    assert word_to_class and word_to_class["dog"] == "animals"
    assert set(word_to_class) <= vocabulary(texts["large_generated"])
    assert preset_word_classes("fruit_drinks") is None


def test_generator_is_deterministic_by_seed():
    assert generate_class_corpus(300, seed=5) == generate_class_corpus(300, seed=5)
    assert generate_class_corpus(300, seed=5)[0] != generate_class_corpus(300, seed=6)[0]


def test_generator_returns_the_requested_number_of_lowercase_lines():
    lines, _ = generate_class_corpus(123, seed=0)
    assert len(lines) == 123
    assert all(line and line == line.lower() and "\n" not in line for line in lines)


def test_generator_every_content_word_is_in_word_to_class():
    lines, word_to_class = generate_class_corpus(1000, seed=0)
    fixed_text = template_vocabulary()
    emitted = {t for line in lines for t in tokens(line)}
    assert emitted - fixed_text <= set(word_to_class)
    assert set(word_to_class) <= emitted  # only words that actually occur are listed


def test_generator_every_sentence_contains_a_class_word():
    lines, word_to_class = generate_class_corpus(500, seed=1)
    for line in lines:
        assert any(t in word_to_class for t in tokens(line)), line


def test_generator_default_classes_have_8_to_15_words_each():
    _, word_to_class = generate_class_corpus(3000, seed=0)
    sizes = {}
    for c in word_to_class.values():
        sizes[c] = sizes.get(c, 0) + 1
    assert len(sizes) >= 5
    assert all(8 <= n <= 15 for n in sizes.values())


def test_generator_accepts_custom_classes_without_templates():
    classes = {"greek": ["alpha", "beta", "gamma"], "cards": ["ace", "jack", "king"]}
    lines, word_to_class = generate_class_corpus(200, classes=classes, seed=0)
    assert word_to_class == {w: c for c, ws in classes.items() for w in ws}
    emitted = {t for line in lines for t in tokens(line)}
    assert emitted - template_vocabulary() <= set(word_to_class)


def test_generator_rejects_a_word_in_two_classes():
    with pytest.raises(ValueError):
        generate_class_corpus(10, classes={"a": ["x"], "b": ["x"]})


def test_generator_rejects_a_class_word_that_is_also_template_text():
    with pytest.raises(ValueError):
        generate_class_corpus(10, classes={"animals": ["dog", "barn"]})
