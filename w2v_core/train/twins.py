"""The trainer's form of each output layer: its float32 batched twin (batching.py) and, where
there is one, its compiled kernel (sequential.py), registered beside the exact layer's class.

The trainer, its configuration, the memory and work estimates and the command line ask the
twin of ``config.output`` (``twin_for``) instead of testing the layer's name. A layer that
extends one of the three (another name for full softmax, say) trains with its base's twin
until it registers one of its own; a layer with none is refused with one message.
"""
from __future__ import annotations

import math

import numpy as np

from ..noise import NoiseDistribution
from ..step.layers import LAYERS, FullSoftmax, HierarchicalSoftmax, NegativeSampling
from .batching import full_softmax_batch, hierarchical_softmax_batch, negative_sampling_batch
from .paths import HuffmanPaths
from .stream import INDEX, REAL, AliasSampler


class Twin:
    """One output layer in the float32 trainer. ``compiled``: sequential.py's loop covers it;
    ``speed``: the key of its speed in work.SPEEDS when it runs in mini-batches."""

    compiled = False
    speed = "mini-batch"

    def __init__(self, counts, negative: int, power: float, tree=None):
        self.counts = np.asarray(counts)

    @staticmethod
    def batch_cap(V: int) -> int | None:
        """The most predictions a mini-batch may hold for this layer (None: no cap)."""
        return None

    def rows(self, V: int) -> int:
        """Rows of W' (V words, or V - 1 inner nodes)."""
        raise NotImplementedError

    def untrained_loss(self) -> float:
        """Loss per prediction while W' = 0 (every score 0)."""
        raise NotImplementedError

    def draw(self, targets, rng):
        """The random part of a chunk's predictions (NS: each target then its k negatives)."""
        return None

    def batch(self, W_out, H, targets, samples, lr):
        """A mini-batch: (loss (B,), dH (B, N)), W' updated in place."""
        raise NotImplementedError

    def kernel_args(self, targets, samples):
        """The output rows, signs and lengths sequential.py's loop takes (compiled twins)."""
        raise NotImplementedError

    def touched(self, targets, samples):
        """The rows of W' a chunk can have changed (None: every row)."""
        return None

    @staticmethod
    def entries(counts, negative: int) -> float:
        """E, the output rows one prediction scores (for the work estimate)."""
        raise NotImplementedError

    @staticmethod
    def memory(V: int, N: int, B: int, predictions: int, negative: int) -> list[tuple]:
        """(what, bytes, what to change) of the memory this layer's training allocates."""
        raise NotImplementedError


class SoftmaxTwin(Twin):
    speed = "every-row mini-batch"

    @staticmethod
    def batch_cap(V: int) -> int:
        return max(1, 2 ** 20 // V)                 # (B, V) scores near 1M entries

    def rows(self, V: int) -> int:
        return V

    def untrained_loss(self) -> float:
        return math.log(len(self.counts))

    def batch(self, W_out, H, targets, samples, lr):
        return full_softmax_batch(W_out, H, targets, lr)

    @staticmethod
    def entries(counts, negative: int) -> float:
        return float(len(counts))

    @staticmethod
    def memory(V, N, B, predictions, negative):
        return [("the scores of one mini-batch (full softmax: V per prediction)",
                 24 * B * V + 8 * V * N, "use --output hs or ns")]


class PathsTwin(Twin):
    """Hierarchical softmax: each target's Huffman path, padded (``HuffmanPaths``)."""

    compiled = True

    def __init__(self, counts, negative, power, tree=None):
        super().__init__(counts, negative, power)
        self.paths = HuffmanPaths.from_counts(counts) if tree is None else HuffmanPaths(tree)

    def rows(self, V: int) -> int:
        return V - 1

    def untrained_loss(self) -> float:
        freq = self.counts / self.counts.sum()
        return float(self.paths.length @ freq) * math.log(2)

    def batch(self, W_out, H, targets, samples, lr):
        return hierarchical_softmax_batch(W_out, H, targets, self.paths, lr)

    def kernel_args(self, targets, samples):
        return targets, self.paths.rows, self.paths.sign, self.paths.length

    def touched(self, targets, samples):
        return self.paths.rows[targets]

    @staticmethod
    def entries(counts, negative: int) -> float:
        """The mean code length lies between the unigram entropy in bits and one more; the
        larger is used."""
        p = np.asarray(counts, dtype=np.float64)
        p = p[p > 0] / p.sum()
        return float(-(p * np.log2(p)).sum()) + 1.0

    @staticmethod
    def memory(V, N, B, predictions, negative):
        depth = math.ceil(math.log2(max(V, 2))) + 16           # a typical longest code
        return [("the Huffman paths", 12 * V * depth, "raise --min-count"),
                ("the output rows of one mini-batch", B * depth * (4 * N + 48), "lower --dim")]


class SamplesTwin(Twin):
    """Negative sampling: each target then its k negatives from P_n (an alias table)."""

    compiled = True

    def __init__(self, counts, negative, power, tree=None):
        super().__init__(counts, negative, power)
        self.k = int(negative)
        self.sampler = AliasSampler(NoiseDistribution(counts, power))

    def rows(self, V: int) -> int:
        return V

    def untrained_loss(self) -> float:
        return (self.k + 1) * math.log(2)

    def draw(self, targets, rng):
        samples = np.empty((len(targets), self.k + 1), dtype=INDEX)             # (P, k+1)
        samples[:, 0] = targets
        samples[:, 1:] = self.sampler.negatives(targets, self.k, rng)
        return samples

    def batch(self, W_out, H, targets, samples, lr):
        return negative_sampling_batch(W_out, H, samples, lr)

    def kernel_args(self, targets, samples):
        sign = np.full(samples.shape, -1.0, REAL)                               # row p of (P, k+1)
        sign[:, 0] = 1.0
        return np.arange(len(targets)), samples, sign, np.full(len(targets), sign.shape[1])

    def touched(self, targets, samples):
        return samples

    @staticmethod
    def entries(counts, negative: int) -> float:
        return negative + 1.0

    @staticmethod
    def memory(V, N, B, predictions, negative):
        return [(f"the negatives of one chunk (k = {negative:,})", 36 * predictions * negative,
                 "lower --negative"),
                (f"the output rows of one mini-batch (k + 1 = {negative + 1:,} rows of N = {N:,})",
                 B * (negative + 1) * (4 * N + 48), "lower --dim")]


_TWINS: dict[type, type[Twin]] = {}


def register(layer_class: type, twin: type[Twin]) -> None:
    """Train ``layer_class`` (and the layers that extend it) with ``twin``."""
    _TWINS[layer_class] = twin


def twin_for(output: str) -> type[Twin]:
    """The twin class of the registered layer named ``output``; ValueError when it has none."""
    layer = LAYERS[output]
    for cls in layer.__mro__:
        if cls in _TWINS:
            return _TWINS[cls]
    raise ValueError(f"the trainer has no batched form of {layer.title}; train with "
                     + " or ".join(n for n in LAYERS if n != output and _has_twin(n)))


def _has_twin(output: str) -> bool:
    return any(cls in _TWINS for cls in LAYERS[output].__mro__)


register(FullSoftmax, SoftmaxTwin)
register(HierarchicalSoftmax, PathsTwin)
register(NegativeSampling, SamplesTwin)
