"""Regenerate ``royalty.txt``, the corpus behind the "Royalty and gender" preset.

Run ``python -m w2v_core.corpora.make_royalty`` (or this file directly); the output is the
same on every run (fixed seed, np.random.default_rng).

Why the analogy king - man + woman ~ queen is learnable here: every person word has three
attributes -- rank (royal / common), gender (male / female) and age (adult / young) -- and
each sentence pairs the person with context that depends on exactly one attribute:
rank ("wore his crown" / "wore his cap"), gender (he/she, his/her, himself/herself,
sir/madam) or age ("the young boy", "went to school"). king, queen, man, woman, prince,
princess, boy and girl all draw from the same mix of templates, so the context of king is
"royal + male + adult" just as that of queen is "royal + female + adult", and
king - man + woman keeps royal and adult while swapping male for female.
The family words (father/mother, husband/wife, son/daughter, brother/sister) are common
people with one more kind of context (children, marriage, ...), which gives the other
classic pairs a shared direction too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SEED = 1411  # arXiv:1411.2738 -- any fixed number will do
N_SENTENCES = 4000
OUT = Path(__file__).with_name("royalty.txt")

# word: (rank, gender, age, family role or None)
PEOPLE: dict[str, tuple[str, str, str, str | None]] = {
    "king": ("royal", "male", "adult", None),
    "queen": ("royal", "female", "adult", None),
    "prince": ("royal", "male", "young", None),
    "princess": ("royal", "female", "young", None),
    "man": ("common", "male", "adult", None),
    "woman": ("common", "female", "adult", None),
    "boy": ("common", "male", "young", None),
    "girl": ("common", "female", "young", None),
    "father": ("common", "male", "adult", "parent"),
    "mother": ("common", "female", "adult", "parent"),
    "husband": ("common", "male", "adult", "spouse"),
    "wife": ("common", "female", "adult", "spouse"),
    "son": ("common", "male", "young", "child"),
    "daughter": ("common", "female", "young", "child"),
    "brother": ("common", "male", "young", "sibling"),
    "sister": ("common", "female", "young", "sibling"),
}

# Gendered words, filled into {he}, {his}, {him}, {himself}, {sir}.
PRONOUNS = {
    "male": {"he": "he", "his": "his", "him": "him", "himself": "himself", "sir": "sir"},
    "female": {"he": "she", "his": "her", "him": "her", "himself": "herself", "sir": "madam"},
}

# "{X}" is the person; key context words sit within three words of it.
RANK_TEMPLATES = {
    "royal": [
        "the {X} wore {his} crown",
        "the {X} sat on {his} throne",
        "the {X} rules the kingdom",
        "the {X} waved from the palace balcony",
        "the {X} greeted the royal court",
        "the {X} signed a royal decree",
        "the {X} rode in {his} royal carriage",
        "the {X} held {his} golden sceptre",
        "the {X} was crowned in the cathedral",
        "long live the {X}",
        "the guards bowed to the {X}",
        "the loyal subjects cheered for the {X}",
    ],
    "common": [
        "the {X} wore {his} cap",
        "the {X} sat on {his} bench",
        "the {X} works on the farm",
        "the {X} waved from the cottage window",
        "the {X} greeted the neighbours",
        "the {X} paid the rent",
        "the {X} rode in {his} wooden cart",
        "the {X} held {his} shovel",
        "the {X} was tired after the harvest",
        "good morning to the {X}",
        "the baker smiled at the {X}",
        "the villagers chatted with the {X}",
    ],
}
GENDER_TEMPLATES = [
    "the {X} said {he} was hungry",
    "the {X} brushed {his} hair",
    "the {X} looked at {himself} in the mirror",
    "the {X} told us that {he} was ready",
    "the {X} and {his} friend laughed",
    "we thanked the {X} and {he} nodded",
    "the {X} washed {himself} in the river",
    "yes {sir} said the {X}",
    "the {X} wondered if {he} was late",
    "someone gave the {X} {his} letter",
]
AGE_TEMPLATES = {
    "adult": [
        "the old {X} smiled",
        "the wise {X} gave advice",
        "the grown {X} remembered the past",
        "the elderly {X} rested",
        "the {X} had grey hair",
    ],
    "young": [
        "the young {X} smiled",
        "the little {X} learned to read",
        "the small {X} went to school",
        "the young {X} played a game",
        "the {X} had a toy",
    ],
}
ROLE_TEMPLATES = {
    "parent": ["the {X} hugged {his} children", "the {X} fed the baby",
               "the {X} read a bedtime story"],
    "spouse": ["the {X} got married", "the {X} wore a wedding ring",
               "the {X} celebrated the anniversary"],
    "child": ["the {X} obeyed {his} parents", "the {X} was born in spring",
              "the {X} waited for {his} parents"],
    "sibling": ["the {X} and {his} twin argued", "the {X} shared a room",
                "the {X} teased {his} sibling"],
}
# Second clauses that only repeat the gender signal: "..., and she smiled".
TAILS = ["and {he} smiled", "and then {he} left", "before {he} went home"]

# How a sentence is chosen: a rank, gender, age or family-role template.
KIND_WEIGHTS = {"rank": 0.45, "gender": 0.3, "age": 0.15, "role": 0.10}
TAIL_PROB = 0.25
# The four words of the headline analogy appear twice as often as the other people.
WEIGHTS = {"king": 2.0, "queen": 2.0, "man": 2.0, "woman": 2.0}


def make_sentence(word: str, rng: np.random.Generator) -> str:
    """One sentence about ``word`` whose context depends on a single attribute of it."""
    rank, gender, age, role = PEOPLE[word]
    kinds = list(KIND_WEIGHTS)
    p = np.array([KIND_WEIGHTS[k] for k in kinds])
    kind = kinds[int(rng.choice(len(kinds), p=p / p.sum()))]
    if kind == "role" and role is None:
        kind = "gender"  # people without a family role take that share as gender context
    pool = {
        "rank": RANK_TEMPLATES[rank],
        "gender": GENDER_TEMPLATES,
        "age": AGE_TEMPLATES[age],
        "role": ROLE_TEMPLATES[role] if role else [],
    }[kind]
    text = pool[int(rng.integers(len(pool)))]
    if rng.random() < TAIL_PROB:
        text += " " + TAILS[int(rng.integers(len(TAILS)))]
    return text.format(X=word, **PRONOUNS[gender])


def make_royalty(n_sentences: int = N_SENTENCES, seed: int = SEED) -> list[str]:
    """The royalty corpus as a list of lines; each person word is equally likely."""
    rng = np.random.default_rng(seed)
    words = list(PEOPLE)
    weights = np.array([WEIGHTS.get(w, 1.0) for w in words])
    picks = rng.choice(len(words), size=n_sentences, p=weights / weights.sum())
    return [make_sentence(words[int(k)], rng) for k in picks]


def main() -> None:
    lines = make_royalty()
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} sentences to {OUT}")


if __name__ == "__main__":
    main()
