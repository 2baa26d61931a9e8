"""An instructor's trimmed link: which of the Step inspector's controls the students see.

As in TensorFlow Playground's hidable controls, the instructor ticks in "Link to this step"
the controls students may use; the link carries them as ``show``, the control ids joined by
"." (``show=eta.undo``), or ``show=none`` when only Step is left. No ``show`` means nothing is
hidden. It is a view option like ``panel``: not part of the lab, which the same link rebuilds
with or without it.

A link is read, not trusted: the value is checked against the fixed ``CONTROLS``; a name that
is no control is refused with a message (the others still count), and a value that is no list
of names hides nothing, with a message.

>>> encode_show({"undo", "eta"})
{'show': 'eta.undo'}
>>> sorted(decode_show("undo.eta")[0]), decode_show("none")
(['eta', 'undo'], (frozenset(), []))
"""
from __future__ import annotations

import re

# id -> what the student sees (in the order the instructor ticks them)
CONTROLS = {
    "corpus": "Corpus picker",
    "settings": "Settings (architecture, output layer, W′ start, word2vec.c, N, window, k, seed)",
    "eta": "η (learning rate)",
    "undo": "Undo and Reset",
    "steps": "Step ×10, Step ×100, One epoch",
    "panels": "Panel picker and Next panel",
    "phases": "Step in phases",
    "quiz": "Quiz me",
    "presenter": "Presenter switch",
    "own": "Enter your own W and W′",
}
NONE = "none"                         # the value of a link that hides every control
MAX_SHOW = 200                        # characters of the value (a whole list is ~60)
FORM = re.compile(r"[a-z]{1,20}(\.[a-z]{1,20}){0,30}")


def encode_show(shown) -> dict[str, str]:
    """The query parameter of the controls students see ({} when they see every one);
    ids in ``CONTROLS``' order. A ValueError for an id that is no control."""
    if shown is None:
        return {}
    shown = set(shown)
    unknown = sorted(shown - set(CONTROLS))
    if unknown:
        raise ValueError(f"not a control: {', '.join(unknown)}")
    if shown == set(CONTROLS):
        return {}
    return {"show": ".".join(c for c in CONTROLS if c in shown) or NONE}


def decode_show(raw) -> tuple[frozenset | None, list[str]]:
    """(the controls students see, or None for every one; messages) from a link's ``show``."""
    if raw is None:
        return None, []
    raw = str(raw)
    if raw == NONE:
        return frozenset(), []
    if len(raw) > MAX_SHOW or not FORM.fullmatch(raw):
        return None, [f"show={raw[:30]!r} is not a list of controls like eta.undo (or none): "
                      "every control is shown"]
    names = raw.split(".")
    unknown = sorted(set(names) - set(CONTROLS))
    notes = [f"show names no control {', '.join(repr(u) for u in unknown[:5])} (the controls "
             f"are {', '.join(CONTROLS)}): left out"] if unknown else []
    return frozenset(names) & frozenset(CONTROLS), notes
