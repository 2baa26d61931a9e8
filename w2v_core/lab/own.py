"""A student's own numbers in a lab: starting weights typed in, and chosen instances.

A textbook example gives W, W' and one instance (the input word or words, the predicted
word or words, and under negative sampling the negatives); the lab reproduces it exactly.

- ``start_from(lab, W_in, W_out)``: a fresh lab (no steps) on the same corpus and settings
  whose model starts from these weights. The lab keeps them as ``lab.start`` (read-only
  copies), so Reset returns to them and ``with_settings`` keeps them while the shapes fit
  (``carry``); ``seeded(lab)`` goes back to the seed's weights.
- ``choose(lab, inputs, predicted, negatives)``: the instance the next step takes instead of
  the stream's. The lab keeps it as ``lab.chosen[step number]`` (a ``Pick``); Lab.step
  takes it at that step without moving the stream, so Undo and the replay of a link take
  the same step again, bit for bit.

Weights are checked as the widgets check them: shapes (V x N; V or V - 1 rows of W'),
finite, |w| <= MAX_WEIGHT. A ValueError says what is wrong, in the slides' terms.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace

import numpy as np

from .lab import Lab, Task

MAX_WEIGHT = 100.0      # |w| above this is refused (the same bound as readouts.matrix_text)
MAX_PICKS = 20          # chosen instances one lab keeps (a link and a lab file carry them all)
MAX_PICK_WORDS = 200    # words of one chosen instance: inputs, predicted and negatives
CHOSEN = -1             # Task.sentence of a chosen instance: it is in no sentence


@dataclass(frozen=True)
class Pick:
    """One chosen instance, as Word2Vec.step takes it (word indices, from 0)."""

    center: int
    context: tuple[int, ...]
    negatives: tuple[tuple[int, ...], ...] | None = None    # (P, k) under NS, else None

    def task(self, lab: Lab) -> Task:
        """The step's task: in no sentence (``CHOSEN``), the epoch of the stream."""
        return Task(epoch=lab.cursor.epoch, sentence=CHOSEN, center=self.center,
                    context=self.context, center_pos=-1, context_pos=(), radius=0,
                    dropped_pos=(), input_pos=())


def roles(arch: str, pick: Pick) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(input words, predicted words) of ``pick``: skip-gram's centre predicts the context,
    CBOW's context predicts the centre.

    >>> roles("cbow", Pick(2, (0, 1)))
    ((0, 1), (2,))
    """
    if arch == "skipgram":
        return (pick.center,), pick.context
    return pick.context, (pick.center,)


# ---- own starting weights ----------------------------------------------------------------------
def _matrix(M, shape, symbol: str) -> np.ndarray:
    M = np.array(M, dtype=np.float64)
    if M.shape != shape:
        raise ValueError(f"{symbol} must have shape {shape[0]} x {shape[1]}, got "
                         f"{' x '.join(map(str, M.shape))}")
    if not np.isfinite(M).all():
        raise ValueError(f"{symbol} holds a number that is not finite (inf or NaN)")
    if np.abs(M).max(initial=0.0) > MAX_WEIGHT:
        r, c = np.unravel_index(int(np.abs(M).argmax()), M.shape)
        raise ValueError(f"row {r + 1}, column {c + 1} of {symbol} is {M[r, c]:g}; a weight "
                         f"must be between -{MAX_WEIGHT:g} and {MAX_WEIGHT:g}")
    M.flags.writeable = False
    return M


def check_weights(lab: Lab, W_in, W_out) -> tuple[np.ndarray, np.ndarray]:
    """(W, W') as read-only float64 copies, or a ValueError: W is V x N, W' has one row per
    output vector (V words, or the V - 1 inner nodes of HS), every |w| <= MAX_WEIGHT."""
    return (_matrix(W_in, lab.model.W_in.shape, "W"),
            _matrix(W_out, lab.model.W_out.shape, "W′ (one row per output vector)"))


def _started(lab: Lab, start) -> Lab:
    lab.start = start
    if start is not None:
        lab.model.W_in, lab.model.W_out = start[0].copy(), start[1].copy()
    return lab


def start_from(lab: Lab, W_in, W_out) -> Lab:
    """A fresh lab on ``lab``'s corpus and settings, starting from these weights (the
    chosen instances are kept)."""
    start = check_weights(lab, W_in, W_out)
    new = _started(Lab(lab.sentences, lab.settings), start)
    new.chosen = dict(lab.chosen)
    return new


def seeded(lab: Lab) -> Lab:
    """A fresh lab on ``lab``'s corpus and settings, from the seed's weights again."""
    new = Lab(lab.sentences, lab.settings)
    new.chosen = dict(lab.chosen)
    return new


def carry(old: Lab, new: Lab) -> Lab:
    """``new`` (a fresh lab on ``old``'s corpus) with ``old``'s own starting weights when
    their shapes still fit, and its chosen instances that still make a step."""
    if old.start is not None and (old.start[0].shape, old.start[1].shape) == (
            new.model.W_in.shape, new.model.W_out.shape):
        _started(new, old.start)
    for step, pick in old.chosen.items():
        try:
            new.chosen[step] = make_pick(new, *roles(old.settings.arch, pick),
                                         pick.negatives)
        except ValueError:
            pass                                   # e.g. NS negatives under another layer
    return new


# ---- chosen instances ---------------------------------------------------------------------------
def _words(lab: Lab, indices, what: str) -> tuple[int, ...]:
    try:
        return tuple(lab.vocab.check_index(k, what) for k in indices)
    except (IndexError, TypeError, ValueError) as err:
        raise ValueError(str(err)) from None


def _negatives(lab: Lab, negatives, predicted) -> tuple[tuple[int, ...], ...] | None:
    layer, k = lab.model.layer, lab.settings.negative
    if not layer.samples_negatives or negatives is None:
        return None
    rows = tuple(_words(lab, row, "negative word index") for row in negatives)
    if len(rows) != len(predicted) or any(len(r) != k for r in rows):
        raise ValueError(f"negative sampling takes k = {k} negatives for each of the "
                         f"{len(predicted)} predicted word(s) (or none: then they are drawn)")
    words = lab.vocab.words
    for positive, row in zip(predicted, rows):
        if positive in row:
            raise ValueError(f"a negative of {words[positive]!r} cannot be {words[positive]!r} "
                             "itself")
    return rows


def make_pick(lab: Lab, inputs, predicted, negatives=None) -> Pick:
    """The instance with these input and predicted words (and NS negatives: one row of k per
    predicted word, or None to draw them), or a ValueError saying what does not fit."""
    st = lab.settings
    inputs, predicted = _words(lab, inputs, "input word index"), _words(
        lab, predicted, "predicted word index")
    if not inputs or not predicted:
        raise ValueError("choose at least one input word and one predicted word")
    if st.arch == "skipgram" and len(inputs) != 1:
        raise ValueError(f"skip-gram has one input word (the centre word); {len(inputs)} were "
                         "chosen")
    if st.arch == "skipgram" and st.convention == "word2vec.c" and len(predicted) != 1:
        raise ValueError("word2vec.c's skip-gram predicts one word per step (one pair); "
                         f"{len(predicted)} were chosen")
    if st.arch == "cbow" and len(predicted) != 1:
        raise ValueError(f"CBOW predicts one word (the centre word); {len(predicted)} were "
                         "chosen")
    rows = _negatives(lab, negatives, predicted)
    if len(inputs) + len(predicted) + sum(map(len, rows or ())) > MAX_PICK_WORDS:
        raise ValueError(f"a chosen instance has at most {MAX_PICK_WORDS} words")
    if st.arch == "skipgram":
        return Pick(inputs[0], predicted, rows)
    return Pick(predicted[0], inputs, rows)


def choose(lab: Lab, inputs, predicted, negatives=None) -> Pick:
    """Make this instance the one the next step of ``lab`` takes (instead of the stream's)."""
    pick = make_pick(lab, inputs, predicted, negatives)
    if lab.steps_done not in lab.chosen and len(lab.chosen) >= MAX_PICKS:
        raise ValueError(f"a lab keeps at most {MAX_PICKS} chosen instances; press Reset "
                         "or go back to the seeded weights to start over")
    lab.chosen[lab.steps_done] = pick
    return pick


def next_pick(lab: Lab) -> Pick | None:
    """The instance chosen for the next step, or None (the stream's)."""
    return lab.chosen.get(lab.steps_done)


def forget_pick(lab: Lab) -> bool:
    """The next step takes the stream's instance again; False when none was chosen."""
    return lab.chosen.pop(lab.steps_done, None) is not None


def set_picks(lab: Lab, picks: dict) -> None:
    """Chosen instances {step: Pick} read from a link or a file, each checked on ``lab``
    (a ValueError names the first that does not fit)."""
    if len(picks) > MAX_PICKS:
        raise ValueError(f"{len(picks)} chosen instances; a lab keeps at most {MAX_PICKS}")
    checked = {}
    for step, pick in picks.items():
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise ValueError(f"a chosen instance's step must be a whole number >= 0, got {step!r}")
        try:
            checked[step] = make_pick(lab, *roles(lab.settings.arch, pick), pick.negatives)
        except ValueError as err:
            raise ValueError(f"the instance chosen for step {step + 1}: {err}") from None
    lab.chosen = checked


def open_example(text: str, example, settings) -> Lab:
    """The lab of a worked example (corpora.Example): its text with ``settings`` changed as
    the example needs, starting from its W and W' (given by word) with its first instance
    chosen. A ValueError when the example does not fit its own text."""
    lab = Lab.from_text(text, replace(settings, **example.settings))
    words = lab.vocab.words
    try:
        W = [example.W[w] for w in words]
        W_out = [example.W_out[w] for w in words]
    except KeyError as err:
        raise ValueError(f"the example gives no vector for the word {err.args[0]!r}") from None
    lab = start_from(lab, W, W_out)
    index = lab.vocab.index
    choose(lab, [index[w] for w in example.inputs], [index[w] for w in example.predicted])
    return lab


# ---- in the lab file (saved.py) ----------------------------------------------------------------
def to_arrays(lab: Lab) -> dict[str, np.ndarray]:
    """The lab file's entries for own weights and chosen instances ({} when it has none):
    ``W_in_start``, ``W_out_start`` (float64) and ``chosen``, JSON
    {"step": [centre, [context], [[negatives], ...] or null]}."""
    arrays = {}
    if lab.start is not None:
        arrays["W_in_start"], arrays["W_out_start"] = (np.array(M) for M in lab.start)
    if lab.chosen:
        arrays["chosen"] = np.array(json.dumps(
            {str(s): [p.center, list(p.context), None if p.negatives is None
                      else [list(r) for r in p.negatives]] for s, p in lab.chosen.items()}))
    return arrays


def _read_pick(value) -> Pick:
    ok = isinstance(value, list) and len(value) == 3 and isinstance(value[1], list) and (
        value[2] is None or isinstance(value[2], list) and all(isinstance(r, list) for r in value[2]))
    if not ok:
        raise ValueError(f"a chosen instance must be [centre, [context], negatives], got "
                         f"{str(value)[:40]}")
    return Pick(value[0], tuple(value[1]),
                None if value[2] is None else tuple(tuple(r) for r in value[2]))


def from_arrays(lab: Lab, arrays: dict, chosen_json=None) -> None:
    """Set ``lab``'s own weights and chosen instances from a lab file's entries (``chosen``
    already parsed), or a ValueError naming what does not fit the lab."""
    if ("W_in_start" in arrays) != ("W_out_start" in arrays):
        raise ValueError("the file holds only one of W_in_start and W_out_start")
    if "W_in_start" in arrays:
        lab.start = check_weights(lab, arrays["W_in_start"], arrays["W_out_start"])
    if chosen_json is not None:
        if not isinstance(chosen_json, dict) or not all(k.isdigit() and len(k) < 8
                                                        for k in chosen_json):
            raise ValueError("chosen must map step numbers to instances")
        set_picks(lab, {int(k): _read_pick(v) for k, v in chosen_json.items()})
