"""What a following student's screen shows: the class lab at the lecturer's step and phase,
rebuilt from the lab's link (w2v_core.lab.link) once per process and shared read-only by
every student of the process, so a hall of 200 costs one replay per lecturer click.

A frame is the link's lab with its steps replayed and, in phase 1 or 2, the next step
peeked (taken and undone, as w2v_core.lab.phases does for the lecturer), or in phase 3 the
last step and the next one peeked: exactly what the lecturer's Step inspector shows.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..corpora import DEFAULT_PRESET, load_preset, preset_keys
from ..lab import Lab
from ..lab.link import decode
from ..lab.replay import BuiltLabs, build
from ..lab.phases import Phases
from ..settings import DEFAULT_LEARNING_RATE


@dataclass(frozen=True)
class Frame:
    """The class lab as the lecturer shows it. ``lab`` is shared: read it, never step it
    (``own_copy`` gives a student a lab of their own)."""
    lab: Lab
    preset: str | None               # the corpus's preset key, None for a link's own text
    phase: int                       # 0..3, as the lecturer's Step inspector
    shown: tuple | None              # (task, trace) of the step on screen, None before any
    number: int                      # the step number the lecturer's screen shows
    upcoming: tuple | None           # asked ``ahead``, in phase 0 or 3: (task, trace) of the
                                     # next step, peeked: shown instead of the last step
                                     # before a forward-pass question (its numbers would
                                     # answer it)
    lr: float
    notes: tuple                     # what the link adjusted (none for a link we wrote)

    def own_copy(self) -> Lab:
        return self.lab.copy()

    @property
    def drawn_phase(self) -> int:
        """The phase the panels show, as on the lecturer's page: 1 or 2 while a step is
        shown in phases, else 3, the whole step (phase 0: whole steps, or phases not begun)."""
        return self.phase if self.phase in (1, 2) else 3


def _lr(link) -> float:
    if link.lr is not None:
        return link.lr
    return link.schedule[-1][0] if link.schedule else DEFAULT_LEARNING_RATE


def _make(query: dict, ahead: bool) -> Frame:
    link, notes = decode(query, preset_keys())
    if link is None:                           # an empty scene: the default preset, no steps
        link, notes = decode({"corpus": DEFAULT_PRESET}, preset_keys())
    text = link.text if link.text is not None else load_preset(link.corpus or DEFAULT_PRESET)
    try:
        lab, said = build(link, text)
    except ValueError as err:                  # the link's own text makes no lab at all
        link = replace(link, corpus=DEFAULT_PRESET, text=None, schedule=(), phase=0)
        lab, said = build(link, load_preset(DEFAULT_PRESET))
        said = [f"{err}: the default preset instead", *said]
    lr, phase, shown = _lr(link), link.phase, lab.last
    if phase in (1, 2):
        ph = Phases(lab)
        for _ in range(phase):
            ph.advance(lr)
        shown = ph.shown
    upcoming = Phases(lab).upcoming(lr) if ahead and phase in (0, 3) else None   # taken, undone
    number = lab.steps_done + (1 if phase in (1, 2) else 0)
    preset = None if link.text is not None else (link.corpus or DEFAULT_PRESET)
    return Frame(lab, preset, phase, shown, number, upcoming, lr, tuple(notes) + tuple(said))


FRAMES = BuiltLabs(size=8)


def frame(query: dict, ahead: bool = False) -> Frame:
    """The frame of a class lab's query, built once per process (others wait for it); the
    open panel is not part of it. ``ahead``: with the next step peeked (a question before
    the forward pass is open; one step's work, 17-37 ms on the largest lab, only then)."""
    key = tuple(sorted((str(k), str(v)) for k, v in query.items() if k != "panel"))
    return FRAMES.get((key, ahead), lambda: _make(dict(key), ahead))
