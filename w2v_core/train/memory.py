"""The memory a training run needs, estimated before anything large is allocated, and the
memory this process may use, so that the command line refuses a run that cannot fit with
the estimate and the option to change instead of being killed halfway.

The estimate follows what ``trainer._Trainer`` allocates (float32 W and W', int32 indices):

- W and W' (2 V N x 4 bytes), the vocabulary and its noise table (~400 bytes a word), one
  epoch's draws (17 bytes a token, and 28 more for each token subsampling keeps);
- per chunk of ``batch_words`` corpus words (the centres subsampling keeps of them): the
  window offsets (~24 bytes a slot, 2 x reach slots a centre, reach = min(window, longest
  sentence)), the pairs they make (~32 bytes a pair, at most a kept sentence's length)
  and, for negative sampling, k negatives per pair (~36 bytes each);
- per mini-batch of B predictions: the gathered output rows, B x rows x N x 4 bytes, with
  rows = k + 1 (negative sampling), the longest Huffman path, or V (full softmax).

It errs on the high side (by 2 to 60% against the peaks bench/bench_cli_memory.py
measures), and is meant to catch the runs that would need many times the
memory there is (``--window 1000000000``, ``--dim 100000000``).
"""
from __future__ import annotations

import resource
from dataclasses import dataclass

from .twins import twin_for
from .config import TrainConfig, effective_batch


@dataclass(frozen=True)
class Part:
    """One share of a run's memory and what makes it smaller (a command-line option)."""

    what: str
    bytes: int
    option: str


def training_parts(cfg: TrainConfig, V: int, T: int, longest: int,
                   kept: float | None = None) -> list[Part]:
    """The memory a run of ``cfg`` still has to allocate once its corpus of T tokens and V
    words is encoded: the longest sentence has ``longest`` in-vocabulary words, and
    subsampling keeps ``kept`` tokens an epoch on average (default T). Largest part first.

    >>> [p.option for p in training_parts(TrainConfig(dim=10**8), V=20, T=1000, longest=10)][:1]
    ['lower --dim']
    """
    N, k = cfg.dim, cfg.negative
    share = 1.0 if kept is None or T == 0 else min(1.0, kept / T)      # kept by subsampling
    reach = max(1, min(cfg.window, longest - 1))
    centres = int(min(cfg.batch_words, T) * share)  # a chunk's kept centres
    slots = centres * 2 * reach                     # window offsets tried in one chunk
    pairs = centres * int(min(reach + 1, 2 * reach, max(1, longest * share)))   # expected
    predictions = pairs if cfg.arch == "skipgram" else centres
    B = effective_batch(cfg, V, T)
    parts = [Part("W and W′", 2 * V * N * 4, "lower --dim"),
             Part("the vocabulary and its noise table", 400 * V, "raise --min-count"),
             Part("one epoch's draws (subsampling and window radii)",
                  17 * T + 28 * int(T if kept is None else kept), "use a smaller corpus"),
             Part(f"the window pairs of one chunk (window {cfg.window:,}, the longest "
                  f"sentence {longest:,} words)", 24 * slots + 32 * pairs, "lower --window")]
    parts += [Part(what, n, option) for what, n, option in
              twin_for(cfg.output).memory(V, N, B, predictions, k)]
    return sorted(parts, key=lambda p: -p.bytes)


def available_bytes() -> int | None:
    """What this process may still allocate: the smaller of the memory the system has free
    (MemAvailable) and what is left under its address-space and data limits (ulimit -v,
    -d); None when none of them can be read."""
    room = []
    try:
        with open("/proc/meminfo") as f:
            info = dict(line.split(":", 1) for line in f)
        room.append(int(info["MemAvailable"].split()[0]) * 1024)
    except (OSError, KeyError, ValueError):
        pass
    status = _status()
    for limit, used in ((resource.RLIMIT_AS, "VmSize"), (resource.RLIMIT_DATA, "VmData")):
        soft = resource.getrlimit(limit)[0]
        if soft != resource.RLIM_INFINITY:
            room.append(max(0, soft - status.get(used, 0)))
    return min(room) if room else None


def _status() -> dict[str, int]:
    """This process's VmSize, VmData ... from /proc/self/status, in bytes."""
    try:
        with open("/proc/self/status") as f:
            return {k: int(v.split()[0]) * 1024 for k, v in
                    (line.split(":", 1) for line in f) if v.strip().endswith("kB")}
    except (OSError, ValueError):
        return {}


def size(n: float) -> str:
    """Bytes for people.

    >>> size(3_500), size(16e9)
    ('3.5 kB', '16.0 GB')
    """
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{int(n)} bytes"


def check_fits(parts: list[Part], available: int | None, share: float = 0.8) -> None:
    """A ValueError with the estimate, the largest part and what makes it smaller, when the
    run needs more than ``share`` of what is available (before a MemoryError can happen)."""
    need = sum(p.bytes for p in parts)
    if available is None or need <= share * available:
        return
    top = max(parts, key=lambda p: p.bytes)
    raise ValueError(f"this run needs about {size(need)} of memory and {size(available)} is "
                     f"available; most of it is {top.what} ({size(top.bytes)}): {top.option}")
