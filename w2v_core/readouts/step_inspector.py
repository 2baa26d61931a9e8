"""Read-outs of one step for the Step inspector: costs, element look-ups, loss curve.

Everything here reads a Lab, a StepTrace or a vocabulary and returns plain numbers or
arrays, so the page only lays them out. The per-element look-ups return the exact
numbers the step used, in the slides' notation (Rong, arXiv:1411.2738):

- output side, eqs. 11 / 34 / 51 / 59:  w'_ij(new) = w'_ij(old) - eta * EI_j * h_i,
  where EI_j is the summed error of output vector j (sum over c of y_j - t_c,j for
  full softmax; the sum of sigma - t over the paths or samples that use j for HS / NS);
- input side, eqs. 16 / 23 / 35:  w_ki(new) = w_ki(old) - eta * s_k * EH_i,
  with s_k = 1 (skip-gram), m/C (CBOW, m = times k occurs in the context) or m
  (word2vec.c's CBOW, which drops the 1/C).
"""
from __future__ import annotations

from dataclasses import dataclass
from w2v_core.shared_cache import shared_cache

import numpy as np

from ..functions import logsumexp
from ..huffman import HuffmanTree
from ..lab.records import LossLog
from ..step.layers import LAYERS
from ..step.trace import StepTrace
from .focus import LIMIT, Focus, focus, focus_rows


# ---- cost of one step under each output layer ---------------------------------------------
@shared_cache(8)
def _layers(counts_bytes: bytes, k: int, registered: tuple) -> dict:
    counts = np.frombuffer(counts_bytes, dtype=np.int64)
    return {name: layer.build(counts, k, 0.75) for name, layer in registered}


def layers_for(counts, k: int) -> dict:
    """Every registered output layer built for these counts (k negatives); cached per
    vocabulary, k and the registry."""
    return _layers(np.ascontiguousarray(counts, dtype=np.int64).tobytes(), int(k),
                   tuple(LAYERS.items()))


def path_lengths(counts) -> np.ndarray:
    """Huffman path length (number of inner nodes) of every word; cached per vocabulary.  # (V,)

    >>> path_lengths([5, 2, 1, 1]).tolist()
    [1, 2, 3, 3]
    """
    return _code_lengths(np.ascontiguousarray(counts, dtype=np.int64).tobytes())


@shared_cache(8)
def _code_lengths(counts_bytes: bytes) -> np.ndarray:
    tree = HuffmanTree(np.frombuffer(counts_bytes, dtype=np.int64))
    return np.array([len(c) for c in tree.codes], dtype=np.int64)


def instance_costs(counts, targets, k: int) -> dict[str, int]:
    """Output-vector updates one instance costs under each output layer.

    Counted as (prediction, output vector) pairs: full softmax updates all V vectors for
    each of the P predictions, hierarchical softmax the inner nodes on each target's path,
    negative sampling the positive and its k negatives (each layer's ``cost``).

    >>> instance_costs([5, 2, 1, 1], targets=[1, 3], k=2)
    {'softmax': 8, 'hs': 5, 'ns': 6}
    """
    targets = np.asarray(targets, dtype=np.int64)
    return {name: int(layer.cost(targets)) for name, layer in layers_for(counts, k).items()}


# ---- one step's numbers, element by element -------------------------------------------------
@dataclass(frozen=True)
class OutputElement:
    """w'_ij before and after the step, and the factors of its update."""

    j: int                  # output vector: word index (softmax, NS) or inner node (HS)
    i: int                  # dimension
    old: float              # w'_ij before
    new: float              # w'_ij after
    lr: float               # eta
    EI: float               # summed error of vector j
    h_i: float
    terms: tuple[tuple[float, float], ...]   # (y or sigma, t) pairs whose differences sum to EI


@dataclass(frozen=True)
class InputElement:
    """w_ki before and after the step, and the factors of its update."""

    k: int                  # input word
    i: int
    old: float
    new: float
    lr: float
    EH_i: float
    share: float            # s_k: 1, m/C or m
    m: int                  # times word k is an input of this step
    C: int                  # number of input words (1 for skip-gram)


def _position(rows: np.ndarray, value: int, what: str) -> int:
    r = int(np.searchsorted(rows, value))
    if r >= len(rows) or rows[r] != value:
        raise ValueError(f"{what} {value} was not changed by this step")
    return r


def output_element(trace: StepTrace, j: int, i: int) -> OutputElement:
    """The numbers of w'_ij's update in this step (j must be a vector the step changed)."""
    r = _position(trace.out_rows, j, "output vector")
    return OutputElement(int(j), int(i), float(trace.out_before[r, i]),
                         float(trace.out_after[r, i]), trace.lr, float(trace.out_err[r]),
                         float(trace.h[i]), trace.out.error_terms(j))


def input_element(trace: StepTrace, k: int, i: int) -> InputElement:
    """The numbers of w_ki's update in this step (k must be an input word of the step)."""
    r = _position(trace.in_rows, k, "input word")
    return InputElement(int(k), int(i), float(trace.in_before[r, i]), float(trace.in_after[r, i]),
                        trace.lr, float(trace.EH[i]), float(trace.in_share[r]),
                        int(np.count_nonzero(trace.inputs == k)), len(trace.inputs))


def dense_change(n_rows: int, rows, change) -> np.ndarray:
    """The change of a whole matrix: ``change`` in ``rows``, zero elsewhere.  # (n_rows, N)

    >>> dense_change(3, [2], np.array([[1.0, -1.0]])).tolist()
    [[0.0, 0.0], [0.0, 0.0], [1.0, -1.0]]
    """
    change = np.asarray(change, dtype=np.float64)
    out = np.zeros((n_rows, change.shape[1]))
    out[np.asarray(rows, dtype=np.int64)] = change
    return out


@dataclass(frozen=True)
class Normaliser:
    """The softmax's denominator for scores u: log Σ_j exp(u_j) always (stable), and
    Σ_j exp(u_j) itself when it is a finite float64 (None once exp overflows, u_j ≳ 709)."""

    log_sum: float          # log Σ_j exp(u_j), eq. 7's second term (one prediction)
    total: float | None     # Σ_j exp(u_j), or None where it does not fit in a float64


def normaliser(u) -> Normaliser:
    """Σ_j exp(u_j) and its log, as a student needs them to compute y_j = exp(u_j) / Σ by hand.

    >>> normaliser(np.log([1.0, 3.0]))
    Normaliser(log_sum=1.3862943611198906, total=4.0)
    >>> normaliser(np.array([800.0, 0.0])).total is None
    True
    """
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(over="ignore"):
        total = float(np.sum(np.exp(u)))
    return Normaliser(float(logsumexp(u)), total if np.isfinite(total) else None)


def input_frozen(trace: StepTrace) -> bool:
    """True when the step could not move W: EH is exactly 0 (every v'_j used is still 0)."""
    return not np.any(trace.EH)


def blew_up(trace: StepTrace) -> bool:
    """True when this step's loss or a changed parameter is inf or NaN."""
    return bool(trace.diverged or not (np.isfinite(trace.loss) and np.isfinite(trace.loss_after)))


def overshot(trace: StepTrace) -> bool:
    """True when the step raised the loss of the very instance it trained on (eta too large)."""
    return bool(trace.loss_after > trace.loss)


# ---- the step history ----------------------------------------------------------------------
def loss_curve(losses, max_points: int = 1500):
    """(step numbers, loss before, loss after) of the history, averaged in bins when long.

    Steps are numbered from 1. With more than ``max_points`` steps, consecutive steps are
    averaged in equal bins (numbered by their last step) so the curve stays light.

    >>> [a.tolist() for a in loss_curve([(4.0, 3.0), (2.0, 1.0)])]
    [[1, 2], [4.0, 2.0], [3.0, 1.0]]
    >>> [a.tolist() for a in loss_curve([(4.0, 3.0), (2.0, 1.0), (6.0, 5.0)], max_points=2)]
    [[2, 3], [3.0, 6.0], [2.0, 5.0]]
    """
    arr = np.asarray(losses, dtype=np.float64).reshape(-1, 2)             # (S, 2)
    S = len(arr)
    if S <= max_points:
        return np.arange(1, S + 1), arr[:, 0], arr[:, 1]
    edges = np.linspace(0, S, max_points + 1).round().astype(np.int64)     # (B+1,)
    edges = np.unique(edges)
    sums = np.add.reduceat(arr, edges[:-1], axis=0)                        # (B, 2)
    with np.errstate(invalid="ignore", over="ignore"):
        means = sums / np.diff(edges)[:, None]
    return edges[1:], means[:, 0], means[:, 1]


def any_nonfinite(losses) -> bool:
    """True when some loss in the history is inf or NaN (a LossLog keeps the count)."""
    if isinstance(losses, LossLog):
        return losses.nonfinite > 0
    return bool(len(losses)) and not bool(np.isfinite(np.asarray(losses, dtype=np.float64)).all())


def loss_change(trace: StepTrace) -> float:
    """E after the step minus E before it (negative: the step lowered this instance's loss)."""
    return trace.loss_after - trace.loss



def moving_average(values, window: int = 20) -> np.ndarray:
    """The mean of the last ``window`` values at each point (fewer at the start); NaN and inf
    values are left out of the means.  # (S,)

    >>> moving_average([4.0, 2.0, 6.0], window=2).tolist()
    [4.0, 3.0, 4.0]
    """
    v = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(v)
    sums = np.cumsum(np.where(ok, v, 0.0))
    counts = np.cumsum(ok)
    lag = lambda a: np.concatenate([np.zeros(window), a[:-window]]) if len(a) > window else np.zeros(len(a))  # noqa: E731
    n = counts - lag(counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, (sums - lag(sums)) / np.maximum(n, 1), np.nan)


def untrained_loss(lab, sentences: int = 200) -> float:
    """The loss of one step of the untrained model (every score 0, W' = 0), for the loss
    curve's reference line: mean predictions per step of the lab's stream (first epoch, its
    first ``sentences`` sentences) times the layer's ``untrained_loss`` of one prediction."""
    sizes = [len(t.context) if lab.settings.arch == "skipgram" and
             lab.settings.convention == "rong" else 1
             for s in range(min(sentences, len(lab.sentences))) for t in lab.tasks(0, s)]
    per = lab.model.layer.untrained_loss(lab.vocab.counts)
    return float(np.mean(sizes) * per) if sizes else float(per)


# ---- what the figures draw when V is large ----------------------------------------------------
def words_focus(trace: StepTrace, score, limit: int = LIMIT) -> Focus:
    """The words a softmax plot draws: the predicted words and the largest ``score``."""
    return focus(score, keep=trace.targets, limit=limit)


def changed_focus(n_rows: int, rows, change, keep=(), limit: int = LIMIT) -> Focus:
    """The rows (output vectors) an update plot draws: every one up to ``limit``; above it
    the rows in ``keep`` and the changed rows with the largest |change|, the others
    summarised by their largest |change| (0 for the rows the step did not change)."""
    score = np.zeros(n_rows)
    score[np.asarray(rows, dtype=np.int64)] = np.abs(np.asarray(change)).max(axis=1)
    if n_rows > limit:
        limit = min(limit, max(len(rows), len(keep)))
    return focus(score, keep=keep, limit=limit)


def input_focus(W_in, rows, limit: int = 12) -> Focus:
    """The rows of W an update plot draws: the changed input vectors, then the largest."""
    return focus_rows(W_in, keep=rows, limit=limit)
