"""The registry of output layers: the one place a layer is made known.

``register(LayerClass)`` adds a layer by its ``name``; settings (the choices and titles of
the output layer), the widgets, links and lab files all read ``LAYERS`` and ``TITLES``,
which follow the registry as it changes. The layers themselves: softmax.py (full softmax),
hierarchical.py (hierarchical softmax), negative.py (negative sampling); their interface:
layer.py.
"""
from __future__ import annotations

from collections.abc import Mapping

from .hierarchical import HierarchicalSoftmax, HSOut, HSPath
from .layer import LayerOut, OutputLayer
from .negative import NegativeSampling, NSOut
from .softmax import FullSoftmax, SoftmaxOut

__all__ = ["FullSoftmax", "HierarchicalSoftmax", "HSOut", "HSPath", "LAYERS", "LayerOut",
           "NegativeSampling", "NSOut", "OutputLayer", "SoftmaxOut", "TITLES", "make_layer",
           "register"]

LAYERS: dict[str, type[OutputLayer]] = {}       # name -> layer class, in registration order


def register(layer_class: type[OutputLayer]) -> type[OutputLayer]:
    """Make ``layer_class`` an output layer every page, link, file and the trainer offer.

    >>> register(FullSoftmax) is FullSoftmax
    True
    """
    name = layer_class.name
    if not (isinstance(name, str) and name.isidentifier() and layer_class.title):
        raise ValueError(f"a layer needs a name (an identifier) and a title, got {name!r}")
    if not issubclass(layer_class, OutputLayer):
        raise TypeError(f"{layer_class.__name__} does not subclass OutputLayer")
    if LAYERS.get(name, layer_class) is not layer_class:
        raise ValueError(f"another layer is registered as {name!r}")
    if not layer_class.__dict__.get("short"):
        layer_class.short = layer_class.title
    LAYERS[name] = layer_class
    return layer_class


def unregister(name: str) -> None:
    """Forget a layer (tests that register one of their own clean up with this)."""
    LAYERS.pop(name, None)


class _Titles(Mapping):
    """name -> title of every registered layer, live."""

    def __getitem__(self, name: str) -> str:
        return LAYERS[name].title

    def __iter__(self):
        return iter(LAYERS)

    def __len__(self) -> int:
        return len(LAYERS)


TITLES = _Titles()

for _layer in (FullSoftmax, HierarchicalSoftmax, NegativeSampling):
    register(_layer)


def make_layer(output: str, counts, negative: int = 5, power: float = 0.75) -> OutputLayer:
    """The output layer named ``output`` for a vocabulary with these counts."""
    return LAYERS[output].build(counts, negative, power)
