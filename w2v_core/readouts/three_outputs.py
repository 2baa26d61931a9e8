"""One instance under every output layer (full softmax, hierarchical softmax, negative sampling).

The slides end on "limit the number of output vectors that must be updated per
training instance". This module puts the three output layers (Rong sections 2, 3.1,
3.2) side by side on the *same* instance from the *same* parameters:

- ``instance_view``: the lab's current instance under any output layer, as a StepTrace.
  When the lab's own newest step used that layer, it *is* that step's trace (the Step
  inspector's numbers); otherwise it is a preview (a step with eta = 0 on a copy) of
  a model that shares the lab's W, and W' where the shapes agree;
- ``compare_output_layers``: one real step per layer from the same W, W' and negatives;
- small measures for the pages: cosine of two EH, norms, the cost of each layer.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from w2v_core.shared_cache import shared_cache

import numpy as np

from .step_inspector import layers_for
from ..step.layers import LAYERS
from ..step.model import Word2Vec
from ..step.trace import StepTrace


# ---- the lab's current instance ------------------------------------------------------------
def current_instance(lab):
    """(task, trace) of the lab's newest step, or (next task, None) before the first step;
    (the chosen task, None) when a student chose the next step's instance (lab/own.py), so
    that the pages show the instance they chose before they press Step.

    ``lab.next_task()`` only normalises the cursor to the task the next Step will take.
    """
    pick = chosen_next(lab)
    if pick is not None:
        return pick.task(lab), None
    if lab.last is not None:
        return lab.last
    return lab.next_task(), None


CHOSEN_NOTE = (" Your own instance, chosen under “Enter your own W and W′” (Step inspector): "
               "the stream waits.")


def chosen_next(lab):
    """The instance chosen for the lab's next step (an own.Pick), or None (the stream's)."""
    return lab.chosen.get(lab.steps_done)


def _given_negatives(lab, model: Word2Vec):
    """The negatives chosen with the next step's instance when ``model`` samples k of them
    per prediction (the same k), else None (drawn from the model's generator)."""
    pick = chosen_next(lab)
    if pick is None or pick.negatives is None or not model.layer.samples_negatives:
        return None
    k = model.negative
    return pick.negatives if all(len(row) == k for row in pick.negatives) else None


def parameters_before(model: Word2Vec, trace: StepTrace) -> tuple[np.ndarray, np.ndarray]:
    """Copies of (W, W') as they were before ``trace``, the model's newest step.

    >>> from w2v_core.text import Vocabulary
    >>> m = Word2Vec(Vocabulary(["a", "b"], np.array([2, 1])), dim=2, output="softmax")
    >>> W_in, W_out = m.W_in.copy(), m.W_out.copy()
    >>> tr = m.step(0, [1], lr=0.5)
    >>> [bool(np.array_equal(a, b)) for a, b in zip(parameters_before(m, tr), (W_in, W_out))]
    [True, True]
    """
    W_in, W_out = model.W_in.copy(), model.W_out.copy()         # (V, N), (V or V-1, N)
    W_in[trace.in_rows] = trace.in_before
    W_out[trace.out_rows] = trace.out_before
    return W_in, W_out


def sibling_model(model: Word2Vec, output: str, negative: int | None = None,
                  ns_power: float | None = None) -> Word2Vec:
    """A Word2Vec with ``output`` that shares ``model``'s vocabulary, W and settings.

    W' is copied when both layers have the same kind of rows (one per word for softmax
    and NS, one per inner node for HS); otherwise the new model keeps its own seeded
    initial W' (same seed and init as ``model``). An NS model with the same k and power
    as ``model`` also copies its generator, so it draws the negatives ``model`` would.
    Without ``negative``, k is the one the pages start at (``LabSettings.negatives_for``).
    """
    s = model.settings
    new = Word2Vec(model.vocab, s, output=output,
                   negative=s.negatives_for(model.vocab.size) if negative is None else negative,
                   ns_power=s.ns_power if ns_power is None else ns_power)
    new.W_in = model.W_in.copy()                                                 # (V, N)
    if model.layer.rows_are_words == new.layer.rows_are_words:
        new.W_out = model.W_out.copy()
    if model.layer.signature == new.layer.signature:
        new.rng = copy.deepcopy(model.rng)
    return new


def preview_step(model: Word2Vec, center: int, context, negatives=None) -> StepTrace:
    """A step on (centre, context) with eta = 0, on a copy: every quantity, ``model`` untouched."""
    return copy.deepcopy(model).step(center, list(context), 0.0, negatives)


@dataclass(frozen=True)
class InstanceView:
    """The lab's current instance under one output layer."""

    task: object           # the lab's Task (w2v_core.lab.Task)
    trace: StepTrace       # the lab's own step (from_lab) or a preview with eta = 0
    model: Word2Vec        # a model with this output layer at the parameters the trace saw
    from_lab: bool         # True: the numbers of the lab's newest step, as the inspector shows


def instance_view(lab, output: str, negative: int | None = None,
                  ns_power: float | None = None) -> InstanceView:
    """The lab's current instance (``current_instance``) computed with ``output``.

    The parameters are those before the lab's newest step (or the current ones before the
    first step, or when the next step's instance was chosen: then with its negatives where
    they fit), so the view agrees with the Step inspector whatever layer the lab uses.
    """
    task, lab_trace = current_instance(lab)
    base = lab.model
    if lab_trace is not None:
        base = copy.copy(lab.model)                          # shallow: only W, W' and rng replaced
        base.W_in, base.W_out = parameters_before(lab.model, lab_trace)
        base.rng = copy.deepcopy(lab.model.rng)
        base.rng.bit_generator.state = lab_trace.rng_state
    model = sibling_model(base, output, negative, ns_power)
    if lab_trace is not None and base.layer.signature == model.layer.signature:
        return InstanceView(task, lab_trace, model, True)
    return InstanceView(task, preview_step(model, task.center, task.context,
                                           _given_negatives(lab, model)), model, False)


# ---- three output layers, one instance -------------------------------------------------------
def compare_output_layers(vocab, W_in, W_out_words, W_out_inner, center, context, lr, negatives,
                          arch: str = "skipgram", convention: str = "rong") -> dict[str, StepTrace]:
    """One SGD step on the same instance with each registered output layer, from the same
    parameters.

    The layers with one output vector per word share ``W_out_words`` (V, N); the others
    (hierarchical softmax) use ``W_out_inner`` (V-1, N); all share W ``W_in`` (V, N); the
    layers that sample use the given ``negatives`` (P, k). Nothing passed in is modified.
    Returns {layer name: StepTrace}; e.g. ``len(trace.out_rows)`` is V, the path
    length(s), k + 1.
    """
    negatives = np.asarray(negatives, dtype=np.int64)                      # (P, k)
    W_in = np.asarray(W_in, dtype=np.float64)
    traces = {}
    for output, layer in LAYERS.items():
        W_out = W_out_words if layer.rows_are_words else W_out_inner
        m = Word2Vec(vocab, dim=W_in.shape[1], arch=arch, output=output,
                     negative=max(1, negatives.shape[1]), seed=0, convention=convention)
        if np.shape(W_out) != m.W_out.shape:
            raise ValueError(f"{output}: W' must have shape {m.W_out.shape}, got {np.shape(W_out)}")
        m.W_in, m.W_out = W_in.copy(), np.array(W_out, dtype=np.float64)
        traces[output] = m.step(center, list(context), lr,
                                negatives if m.layer.samples_negatives else None)
    return traces


def cosine(a, b) -> float:
    """cos(a, b) = a . b / (|a| |b|); NaN when either vector is 0 (no direction).

    >>> round(cosine([1.0, 0.0], [1.0, 1.0]), 6), bool(np.isnan(cosine([0.0, 0.0], [1.0, 0.0])))
    (0.707107, True)
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0 or not (np.isfinite(na) and np.isfinite(nb)):
        return float("nan")
    return float(a @ b / (na * nb))


def norm(v) -> float:
    """The Euclidean length |v| of a vector (or of a stack of rows, as one vector)."""
    return float(np.linalg.norm(np.asarray(v, dtype=np.float64)))


@dataclass(frozen=True)
class Cost:
    """Output vectors one prediction reads and updates under one output layer."""

    name: str               # the layer's name in the registry
    title: str
    symbol: str             # V, L(w), k + 1
    one: int                # for the word predicted
    mean: float             # on average over the corpus's tokens: sum_w f(w) cost(w)


def output_costs(counts, k: int, word: int) -> list[Cost]:
    """Cost of predicting ``word`` with each output layer, and its corpus average.

    >>> [(c.name, c.one, round(c.mean, 4)) for c in output_costs([5, 2, 1, 1], k=5, word=2)]
    [('softmax', 4, 4.0), ('hs', 3, 1.6667), ('ns', 6, 6.0)]
    """
    counts = np.ascontiguousarray(counts, dtype=np.int64)
    return [Cost(name, layer.title, layer.cost_symbol, int(each[word]),
                 float(each @ counts) / int(counts.sum()))
            for (name, layer), each in zip(layers_for(counts, k).items(),
                                           _each_cost(counts.tobytes(), int(k), tuple(LAYERS)))]


@shared_cache(8)
def _each_cost(counts_bytes: bytes, k: int, registered: tuple) -> list[np.ndarray]:
    """Each layer's cost of predicting each word, cached per vocabulary, k and registry.  # [(V,)]"""
    counts = np.frombuffer(counts_bytes, dtype=np.int64)
    return [np.array([layer.cost([w]) for w in range(len(counts))], dtype=np.float64)
            for layer in layers_for(counts, k).values()]
