"""A lab as the query of a link, and back: corpus, every setting, the learning rate of every
step, the steps taken and the phase, so that a link rebuilds the same lab by replaying its
seeded steps (TensorFlow Playground keeps its whole state in the address bar the same way).

Parameters (all text): ``corpus`` a preset key, or ``text`` a pasted corpus compressed
(zlib, URL-safe base64) when it is small enough, or ``own=1`` when the sender's own corpus
was too long to travel (the link then opens a preset and says so, replaying nothing);
``arch, output, dim, window, k, power, sample, min_count, seed, init, convention``; ``eta``
the schedule as "0.1x17,0.5x3" (eta x steps); ``lr`` the eta of the next step; ``phase``
0..3; ``w, wo, pick, wlost`` a student's own starting weights and chosen instances
(own_link.py); ``panel`` and ``show`` (an instructor's trimmed link, trim.py) are view options,
not part of the lab. A link is read, not trusted: every value is checked against the same ranges as the
widgets (``settings.RANGES``); an unknown name, a value out of range or a broken encoding
gives one message and the nearest valid lab.

A link replays at most MAX_REPLAY steps; replay.py rebuilds the lab within a work budget,
once per process, and says what a link to a lab cannot carry.
"""
from __future__ import annotations

import base64
import binascii
import functools
import math
import re
import zlib
from dataclasses import asdict, dataclass, replace


from .own_link import MAX_LENGTHS as OWN_LENGTHS, decode_own, encode_own
from .trim import MAX_SHOW, encode_show
from ..settings import CHOICES, DEFAULT_LEARNING_RATE as DEFAULT_LR, LEARNING_RATE, RANGES, LabSettings

MAX_REPLAY = 2_000            # steps a link may replay (a link to step 10^9 replays this many)
MAX_RUNS = 200                # changes of eta a link carries (each run is one "eta x steps")
MAX_TEXT_LINK = 1_500         # characters of compressed corpus a link carries
MAX_TEXT_BYTES = 80_000       # a link's corpus once decompressed (UTF-8 bytes)
MAX_VALUE = 200               # characters of any other value
MAX_VALUES = {"text": MAX_TEXT_LINK, "eta": MAX_RUNS * 40,    # a run is at most ~36 characters
              "show": MAX_SHOW, **OWN_LENGTHS}
NAMES = {"arch": "arch", "output": "output", "dim": "dim", "window": "window", "k": "negative",
         "power": "ns_power", "sample": "sample", "min_count": "min_count", "seed": "seed",
         "init": "init", "convention": "convention"}
VIEW = {"panel", "show"}      # view options: they name no lab (trim.py reads ``show``)
KNOWN = set(NAMES) | {"corpus", "text", "own", "eta", "lr", "phase"} | VIEW | set(OWN_LENGTHS)
DEFAULT_SETTINGS = asdict(LabSettings())


@dataclass(frozen=True)
class Link:
    """What a link asks for, already checked: the nearest valid lab to it."""

    settings: LabSettings
    corpus: str | None            # a preset key
    text: str | None              # or a corpus text
    schedule: tuple               # ((eta, steps), ...) to replay, within MAX_REPLAY
    phase: int                    # 0..3
    panel: str | None
    lr: float | None = None       # the eta of the next step (None: the last run's)
    own: bool = False             # the sender's own corpus did not travel with the link
    weights: tuple | None = None  # own starting weights: (rows of W, rows of W′)
    picks: tuple = ()             # chosen instances: ((step, own.Pick), ...)
    weights_lost: bool = False    # the sender's own weights were too many to travel


@functools.lru_cache(maxsize=8)
def encode_text(text: str) -> str | None:
    """The corpus compressed for a link, or None when it is too long to travel in one (more
    than MAX_TEXT_LINK characters packed, or more than ``decode_text`` unpacks)."""
    raw = text.encode("utf-8")
    if len(raw) > MAX_TEXT_BYTES:
        return None
    packed = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii")
    return packed.rstrip("=") if len(packed) <= MAX_TEXT_LINK else None


def decode_text(packed: str) -> str:
    """``encode_text``'s text back, or a ValueError (bounded: a bomb stops at the cap)."""
    if len(packed) > MAX_TEXT_LINK or not re.fullmatch(r"[A-Za-z0-9_\-]*", packed):
        raise ValueError("the corpus in the link is not a valid encoding")
    try:
        raw = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
        inflater = zlib.decompressobj()
        text = inflater.decompress(raw, MAX_TEXT_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError("the corpus in the link is too long")
        if not inflater.eof:
            raise ValueError("the corpus in the link is cut off (the link is incomplete)")
        return text.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError) as err:
        raise ValueError(f"the corpus in the link cannot be read ({type(err).__name__})") from None


def encode(settings: LabSettings, corpus: str | None, text: str | None, schedule, phase: int = 0,
           panel: str | None = None, lr: float | None = None, start=None,
           chosen=None, show=None) -> dict[str, str]:
    """The query parameters of a lab (settings equal to the defaults are left out; ``lr``
    only when it differs from the last run's eta). A corpus too long to travel leaves
    ``own=1`` and no steps: they would replay on another corpus. A schedule of more than
    MAX_RUNS runs keeps its first MAX_RUNS (``replay_limit`` says so on the sender's side).
    ``start``, ``chosen``: the lab's own starting weights and chosen instances (own.py); own
    weights too many to travel leave no steps either. ``show``: the controls students see
    (trim.py; None: every one)."""
    own = encode_own(start, chosen)
    if "wlost" in own:
        schedule, phase = (), 0
    params = {}
    if corpus is not None:
        params["corpus"] = corpus
    elif text is not None:
        packed = encode_text(text)
        if packed is None:
            params["own"] = "1"
            schedule, phase = (), 0
        else:
            params["text"] = packed
    values = asdict(settings)
    for name, field in NAMES.items():
        if values[field] != DEFAULT_SETTINGS[field]:
            params[name] = str(values[field])          # repr of a float: exact, for replay
    schedule = list(schedule)[:MAX_RUNS]
    if schedule:
        params["eta"] = ",".join(f"{float(eta)!r}x{n}" for eta, n in schedule)
    last = float(schedule[-1][0]) if schedule else None
    if lr is not None and float(lr) != (last if last is not None else DEFAULT_LR):
        params["lr"] = repr(float(lr))
    if phase:
        params["phase"] = str(phase)
    if panel:
        params["panel"] = panel
    return params | own | encode_show(show)


def _number(name: str, raw: str, whole: bool, low: float, high: float, notes: list):
    try:
        value = float(raw)
        if not math.isfinite(value):
            raise ValueError
    except ValueError:
        notes.append(f"{name}={raw[:20]!r} is not a number: left at its default")
        return None
    near = min(max(value, low), high)
    if whole:
        near = int(round(near))
    if near != value:
        notes.append(f"{name}={raw[:20]} is outside {low:g}..{high:g}: using {near:g}")
    return near


def _schedule(raw: str, notes: list) -> tuple:
    runs, total = [], 0
    parts = raw.split(",")
    if len(parts) > MAX_RUNS:
        notes.append(f"the link changes eta {len(parts) - 1:,} times; a link carries at most "
                     f"{MAX_RUNS} runs: replaying the first {MAX_RUNS}")
    for part in parts[:MAX_RUNS]:
        m = re.fullmatch(r"([0-9.eE+-]{1,24})x([0-9]{1,12})", part.strip())
        if not m:
            notes.append(f"eta={raw[:30]!r} is not of the form 0.1x17,0.5x3: no steps replayed")
            return ()
        lr = _number("eta", m.group(1), False, LEARNING_RATE.low, LEARNING_RATE.high, notes)
        n = int(m.group(2))
        if lr is None:
            return ()
        if total + n > MAX_REPLAY:
            notes.append(f"the link asks for more than {MAX_REPLAY:,} steps: replaying the "
                         f"first {MAX_REPLAY:,}")
            n = MAX_REPLAY - total
        if n:
            runs.append((lr, n))
        total += n
        if total >= MAX_REPLAY:
            break
    return tuple(runs)


def decode(params: dict, presets) -> tuple[Link | None, list[str]]:
    """(the link's lab, messages) from query parameters; (None, []) when they name no lab."""
    notes: list[str] = []
    params = {str(k): str(v) for k, v in params.items()}
    if not set(params) & (KNOWN - VIEW):
        return None, []
    unknown = sorted(k for k in params if k not in KNOWN)
    if unknown:
        notes.append("ignored the unknown parameter(s) " + ", ".join(repr(u[:20]) for u in unknown[:5]))
    too_long = sorted(k for k, v in params.items()
                      if k in KNOWN and len(v) > MAX_VALUES.get(k, MAX_VALUE))
    if too_long:
        notes.append("ignored the over-long value(s) of " + ", ".join(too_long))
    params = {k: v for k, v in params.items() if k in KNOWN and k not in too_long}
    changes = {}
    for name, field in NAMES.items():
        if name not in params:
            continue
        raw = params[name]
        if field in CHOICES:
            if raw in CHOICES[field]:
                changes[field] = raw
            else:
                notes.append(f"{name}={raw[:20]!r} is not one of {', '.join(CHOICES[field])}")
            continue
        r = RANGES[field]
        value = _number(name, raw, r.whole, r.low, r.high, notes)
        if value is not None:
            changes[field] = value
    corpus, text = params.get("corpus"), None
    if corpus is not None and corpus not in presets:
        notes.append(f"corpus={corpus[:20]!r} is not a preset: using the default")
        corpus = None
    if "text" in params and corpus is None:
        try:
            text = decode_text(params["text"])
        except ValueError as err:
            notes.append(f"{err}: using the default corpus")
    phase = params.get("phase", "0")
    if phase not in ("0", "1", "2", "3"):
        notes.append(f"phase={phase[:10]!r} must be 0, 1, 2 or 3")
        phase = "0"
    schedule = _schedule(params["eta"], notes) if "eta" in params else ()
    lr = (_number("lr", params["lr"], False, LEARNING_RATE.low, LEARNING_RATE.high, notes)
          if "lr" in params else None)
    weights, picks, lost = decode_own(params, notes, bool(schedule))
    if lost:                                  # the steps were taken from other weights
        schedule, phase = (), "0"
    own = params.get("own") == "1" and corpus is None and text is None
    if own:
        notes.append("the sender's lab is on their own text, too long to travel in a link: "
                     "this opens the default preset with their settings"
                     + (", and none of their steps" if schedule else ""))
        schedule, phase = (), "0"
    return Link(replace(LabSettings(), **changes), corpus, text, schedule, int(phase),
                params.get("panel"), lr, own, weights, picks, lost), notes
