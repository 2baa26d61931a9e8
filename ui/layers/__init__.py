"""What the pages show of each output layer: one presentation module per layer.

The engine's layer (w2v_core/step/<layer>.py) computes; its presentation here says how a
student sees it: the general equations as the slides write them (with Rong's numbers), the
Forward pass and Errors panels, and what one error term is made of. ``of(name)`` finds the
presentation of a registered layer by walking its class's bases, so a layer that extends
one of the three (another name for full softmax, say) is shown like its base until it
registers a presentation of its own:

    ui/layers/softmax.py        full softmax
    ui/layers/hierarchical.py   hierarchical softmax (items.py: layers whose outputs are a few items)
    ui/layers/negative.py       negative sampling
"""
from __future__ import annotations

from w2v_core.step.layers import LAYERS

UPDATE = r"w'^{(\text{new})}_{ij} = w'^{(\text{old})}_{ij} - \eta \cdot EI_j \cdot h_i"


class Presentation:
    """How one output layer is shown. A subclass gives ``equations`` and the two panels."""

    error_per = "prediction"     # EI_j is a sum of (y or sigma) - t, one term per ...

    def equations(self, arch: str) -> dict:
        """loss, forward lines, output update and EH as (LaTeX, Rong's number) pairs."""
        raise NotImplementedError

    def forward(self, lab, trace, dims) -> None:
        """The Forward pass panel after its first line (h)."""
        raise NotImplementedError

    def errors(self, lab, trace) -> tuple:
        """(error plot, EI values, their labels, marked positions, note, EI title, EI table)."""
        raise NotImplementedError


def hidden_line(arch: str) -> tuple[str, str]:
    """h from the input word(s): eq. 24 (skip-gram) or 17 (CBOW's mean)."""
    if arch == "skipgram":
        return r"h = W^{T} x = v_{w_I}", "24"
    return (r"h = \frac{1}{C}\, W^{T}(x_1 + \dots + x_C) = \frac{1}{C}\sum_{c=1}^{C} v_{w_{I,c}}",
            "17")


def update_line(ei: str) -> str:
    """The update of w'_ij and, on its own line (to fit a 1280-px screen), the error it uses."""
    return rf"\begin{{gathered}} {UPDATE} \\ {ei} \end{{gathered}}"


_SHOWN: dict[type, Presentation] = {}       # layer class -> its presentation


def register(layer_class: type, presentation: Presentation) -> None:
    """Show ``layer_class`` (and the layers that extend it) with ``presentation``."""
    _SHOWN[layer_class] = presentation


def of(output: str) -> Presentation:
    """The presentation of the registered layer named ``output``."""
    for cls in LAYERS[output].__mro__:
        if cls in _SHOWN:
            return _SHOWN[cls]
    raise LookupError(f"no presentation for the output layer {output!r}: register one in ui/layers")


from ui.layers import hierarchical, negative, softmax  # noqa: E402,F401  (they register themselves)
