"""The three output layers by name: the registry callers use instead of testing names.

The layers themselves: softmax.py (full softmax), hierarchical.py (hierarchical softmax),
negative.py (negative sampling); what they share and return: layer.py.
"""
from __future__ import annotations

from .hierarchical import HierarchicalSoftmax, HSOut, HSPath
from .layer import LayerOut
from .negative import NegativeSampling, NSOut
from .softmax import FullSoftmax, SoftmaxOut

__all__ = ["FullSoftmax", "HierarchicalSoftmax", "HSOut", "HSPath", "LAYERS", "LayerOut",
           "NegativeSampling", "NSOut", "SoftmaxOut", "make_layer"]

LAYERS = {"softmax": FullSoftmax, "hs": HierarchicalSoftmax, "ns": NegativeSampling}


def make_layer(output: str, counts, negative: int = 5, power: float = 0.75):
    """The output layer named ``output`` for a vocabulary with these counts."""
    return LAYERS[output].build(counts, negative, power)
