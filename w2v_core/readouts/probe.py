"""What the model predicts now for any input word(s), without taking a step (the probe).

Full softmax: p(w_O | w_I) = y = softmax(W' h) over the V words (Rong eq. 3); hierarchical
softmax: p(w | h) for every word through its Huffman path (eq. 37), a distribution too;
negative sampling: sigma(v'_w . h) for every word, a yes/no score each, not a distribution
(the scores need not sum to 1). h is the input word's vector, or the mean of the CBOW
context words' vectors.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..step.updates import hidden


@dataclass(frozen=True)
class Probe:
    inputs: np.ndarray         # (C,) the input words
    h: np.ndarray              # (N,)
    values: np.ndarray         # (V,) p(w | h), or sigma(v'_w . h) for negative sampling
    distribution: bool         # True: values are probabilities that sum to 1

    @property
    def total(self) -> float:
        return float(self.values.sum())


def probe(model, inputs) -> Probe:
    """The model's prediction for these input word indices at its current parameters."""
    inputs = np.asarray(inputs, dtype=np.int64)
    if len(inputs) == 0:
        raise ValueError("choose at least one input word")
    for k in inputs.tolist():
        model.vocab.check_index(k, "input word index")
    h = hidden(model.W_in, inputs)
    layer = model.layer
    with np.errstate(over="ignore", invalid="ignore"):
        if layer.defines_distribution:
            return Probe(inputs, h, layer.probabilities(model.W_out, h), True)
        return Probe(inputs, h, layer.scores(model.W_out, h), False)
