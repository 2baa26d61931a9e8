"""One Step shown in three phases: (1) the forward pass, (2) the errors flowing back, (3) the
update applied, as a lecturer reveals it. Phases 1 and 2 change nothing: the step is taken
and undone at once (``Lab.undo`` restores the parameters and the generator bit for bit), so
its trace can be shown before it is applied; phase 3 takes the same step again, drawing the
same negatives, at the eta set now (a student may change eta while looking at the errors),
so the lab ends exactly as after a whole Step at that eta. Undo walks back one phase.
"""
from __future__ import annotations

from .lab import Lab, Task
from ..step.trace import StepTrace

NAMES = {0: "before the step", 1: "the forward pass", 2: "the errors flowing back",
         3: "the update applied"}


class Phases:
    """The phase of the step being shown in a lab (0: none under way)."""

    def __init__(self, lab: Lab):
        self.lab = lab
        self.phase = 0
        self.pending: tuple[Task, StepTrace] | None = None
        self._ahead: tuple | None = None      # (steps done, the next step) peeked in phase 3

    def peek(self, lr: float) -> tuple[Task, StepTrace]:
        """The next step's task and trace at the current parameters, without applying it."""
        if self.pending is None:
            trace = self.lab.step(lr)[0]
            task = self.lab.last[0]
            self.lab.undo()
            self.pending = (task, trace)
        return self.pending

    def upcoming(self, lr: float) -> tuple[Task, StepTrace]:
        """The step the next phase reveals, nothing applied: the one under way (phases 1, 2),
        else the next one (phases 0 and 3), so a question can be asked before every phase."""
        if self.phase in (0, 1, 2):
            return self.peek(lr)
        if self._ahead is None or self._ahead[0] != self.lab.steps_done:
            trace = self.lab.step(lr)[0]
            task = self.lab.last[0]
            self.lab.undo()
            self._ahead = (self.lab.steps_done, (task, trace))
        return self._ahead[1]

    def advance(self, lr: float) -> int:
        """Show the next phase; from phase 3, phase 1 of the next step. Returns the phase."""
        if self.phase == 3:
            ahead = self._ahead
            self.phase, self.pending, self._ahead = 0, None, None
            if ahead is not None and ahead[0] == self.lab.steps_done:
                self.pending = ahead[1]                # the step its question was about
        if self.phase < 2:
            self.peek(lr)
            self.phase += 1
            return self.phase
        self.lab.step(lr)                          # the same step, now applied
        self.pending = self.lab.last
        self.phase = 3
        return self.phase

    def back(self) -> bool:
        """Undo one phase (in phase 0: the lab's newest step). False when nothing is left."""
        if self.phase == 3:
            self.lab.undo()
            self.phase, self._ahead = 2, None
            return True
        if self.phase > 0:
            self.phase -= 1
            if self.phase == 0:
                self.pending = None
            return True
        return self.lab.undo()

    @property
    def shown(self) -> tuple[Task, StepTrace] | None:
        """The step the phases are about (None in phase 0)."""
        return self.pending if self.phase else None
