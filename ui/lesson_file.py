"""A lesson as a TOML file: written for download, read field by field from an upload.

The file is read, not trusted: at most MAX_BYTES of UTF-8 TOML (tomllib, no code), a title
and 1 to MAX_STOPS stops; each stop has exactly the keys title, text, look_for, page, kind
and link, strings within their lengths, a page of the app, a kind of ui.lesson.KINDS, a link
whose every value the link decoder accepts without adjusting it, and placeholders in its
texts that its kind offers. Any problem is one message naming the stop and the field.
"""
from __future__ import annotations

import json
import string
import tomllib

from w2v_core.corpora import preset_keys
from w2v_core.lab.link import decode

MAX_BYTES = 64_000
MAX_STOPS = 30
LENGTHS = {"title": 120, "text": 2_000, "look_for": 600}
PAGES = ("pages/step_inspector.py", "pages/three_outputs.py", "pages/hierarchical_softmax.py",
         "pages/negative_sampling.py", "pages/subsampling.py", "pages/training.py",
         "pages/corpus_lab.py")
KEYS = {"title", "text", "look_for", "page", "kind", "link"}


def read_lesson(data: bytes) -> tuple[str, tuple]:
    """(title, stops) of a lesson file, or a ValueError saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise ValueError(f"the lesson file is {len(data):,} bytes; at most {MAX_BYTES:,}")
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("the lesson file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"the lesson file is not valid TOML ({err})") from None
    if set(doc) - {"title", "stop"}:
        raise ValueError(f"unknown top-level key(s): {', '.join(sorted(set(doc) - {'title', 'stop'}))}")
    title = _text(doc.get("title", "My lesson"), "the title", LENGTHS["title"])
    stops = doc.get("stop")
    if not isinstance(stops, list) or not 1 <= len(stops) <= MAX_STOPS:
        raise ValueError(f"a lesson has 1 to {MAX_STOPS} [[stop]] tables")
    return title, tuple(_stop(s, n) for n, s in enumerate(stops, 1))


def _text(value, where: str, most: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > most:
        raise ValueError(f"{where} must be text of 1 to {most} characters")
    return value


def _stop(raw, n: int):
    from ui.lesson import KINDS, Stop, lab_of           # the kinds are the lesson's
    where = f"stop {n}"
    if not isinstance(raw, dict) or set(raw) != KEYS:
        raise ValueError(f"{where} must have exactly the keys {', '.join(sorted(KEYS))}")
    fields = {k: _text(raw[k], f"{where}'s {k}", LENGTHS[k]) for k in LENGTHS}
    if raw["page"] not in PAGES:
        raise ValueError(f"{where}'s page must be one of {', '.join(PAGES)}")
    if raw["kind"] not in KINDS:
        raise ValueError(f"{where}'s kind must be one of {', '.join(KINDS)}")
    link = raw["link"]
    if not isinstance(link, dict) or not all(isinstance(v, (str, int, float)) for v in link.values()):
        raise ValueError(f"{where}'s link must be a table of names and values")
    params = {str(k): str(v) for k, v in link.items()}
    decoded, said = decode(params, preset_keys())
    if decoded is None or said:
        raise ValueError(f"{where}'s link is not a lab the app opens as it is: "
                         + ("; ".join(said) or "it names no lab"))
    stop = Stop(fields["title"], fields["text"], fields["look_for"], raw["page"], params,
                raw["kind"])
    offered = _numbers(stop, lab_of, KINDS, where)
    for field in ("text", "look_for"):
        for _, name, spec, conv in string.Formatter().parse(fields[field]):
            if name is not None and (name not in offered or spec or conv):
                raise ValueError(f"{where}'s {field} names {{{name}}}; its kind offers "
                                 + ", ".join(f"{{{k}}}" for k in offered))
    return stop


def _numbers(stop, lab_of, kinds, where: str) -> dict:
    try:
        lab, trace = lab_of(stop)
        if trace is None and stop.kind not in ("subsampling", "training"):
            raise ValueError("its link takes no step")
        return kinds[stop.kind](lab, trace)[1]
    except (ValueError, IndexError, AttributeError, StopIteration) as err:
        raise ValueError(f"{where}'s kind {stop.kind!r} does not fit its link ({err})") from None


def write_lesson(title: str, stops) -> str:
    """The lesson as TOML text (read back by ``read_lesson``)."""
    q = json.dumps                                        # a JSON string is a TOML basic string
    out = [f"title = {q(title, ensure_ascii=False)}"]
    for s in stops:
        link = ", ".join(f"{k} = {q(v, ensure_ascii=False)}" for k, v in s.params.items())
        out += ["", "[[stop]]", f"title = {q(s.title, ensure_ascii=False)}",
                f"kind = {q(s.kind)}", f"text = {q(s.text, ensure_ascii=False)}",
                f"look_for = {q(s.look_for, ensure_ascii=False)}", f"page = {q(s.page)}",
                f"link = {{ {link} }}"]
    return "\n".join(out) + "\n"
