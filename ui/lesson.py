"""The guided lesson: the lecture's path through word2vec training, stop by stop.

A lesson is data (``ui/lesson_default.toml``; an instructor's own is read by
ui/lesson_file.py): each stop has a title, a text, what to look for, the page it opens and
the link of the lab it opens it with, and a ``kind``. The kind says which live equation the
stop writes and which numbers of its lab it offers (``KINDS``): a text writes them as
{name}, so every number a stop states is read from the lab its link builds. No Streamlit
here, so the page and the tests read the same stops.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ui import equations as eq
from ui.safe import tex_word
from w2v_core.corpora import load_preset, preset_keys
from w2v_core.functions import logsumexp
from w2v_core.lab.link import decode
from w2v_core.lab.phases import Phases
from w2v_core.lab.replay import build
from w2v_core.readouts import step_inspector as ins
from w2v_core.readouts.subsampling import keep_extremes
from w2v_core.readouts.three_outputs import compare_output_layers, instance_view
from w2v_core.step.layers import LAYERS

DEFAULT_FILE = Path(__file__).with_name("lesson_default.toml")


@dataclass(frozen=True)
class Stop:
    title: str
    text: str                 # may name the kind's numbers as {name}
    look_for: str
    page: str                 # the page the button opens
    params: dict              # the link it opens it with
    kind: str                 # a key of KINDS: the live equation and the numbers


def lab_of(stop: Stop):
    """The prepared lab of a stop, built exactly as the link builds it, and the step the
    page shows: the newest one, or the next one when the link opens a phase before the
    update (that step is computed but not applied, as the page does)."""
    link, _ = decode(stop.params, preset_keys())
    text = link.text if link.text is not None else load_preset(link.corpus or "eat_drink")
    lab = build(link, text)[0]
    if link.phase in (1, 2):
        return lab, Phases(lab).peek(link.schedule[-1][0] if link.schedule else 0.1)[1]
    return lab, lab.last[1] if lab.last else None


# ---- the kinds: a live equation and the numbers a text may name -----------------------------
def _network(lab, tr):
    k = int(tr.inputs[0])
    h = ", ".join(eq.tex_number(v) for v in tr.h)
    return (rf"h = W^T x = v_{{{tex_word(lab.vocab.words[k])}}} = ({h})",
            dict(input=lab.vocab.words[k], V=lab.vocab.size, N=lab.settings.dim))


def _loss(lab, tr):
    u = tr.out.u
    picked = " + ".join(eq.factor(u[j]) for j in tr.targets)
    C = len(tr.targets)
    return (rf"C(\theta) = E = -\sum_{{c=1}}^{{C}} u_{{j_c}} + C \log \sum_{{j'}} \exp(u_{{j'}}) = "
            rf"-({picked}) + {C} \cdot {eq.factor(logsumexp(u))} = {eq.tex_number(tr.loss)}",
            dict(C=C, V=lab.vocab.size, E=tr.loss))


def _output_update(lab, tr):
    j = int(tr.targets[0])
    el = ins.output_element(tr, j, 0)
    return (eq.error_plugged(el, tr.output) + r"\qquad " + eq.output_update_plugged(el),
            dict(C=len(tr.targets), word=lab.vocab.words[j], EI=el.EI))


def _input_update(lab, tr):
    el = ins.input_element(tr, int(tr.in_rows[0]), 0)
    return (rf"EH_1 = \sum_j EI_j\, w'_{{1j}} = {eq.tex_number(el.EH_i)}\qquad "
            + eq.input_update_plugged(el, tr.arch, tr.convention), dict(EH1=float(tr.EH[0])))


def _sgd(lab, tr):
    out = ins.output_element(tr, int(tr.targets[0]), 0)
    return (eq.output_update_plugged(out) + r"\qquad " + eq.input_update_plugged(
        ins.input_element(tr, int(tr.in_rows[0]), 0), tr.arch, tr.convention),
        dict(V=len(tr.out_rows), inputs=len(tr.in_rows), E=tr.loss, E_after=tr.loss_after))


def _cbow(lab, tr):
    C = len(tr.inputs)
    words = ", ".join(rf"v_{{{tex_word(lab.vocab.words[k])}}}" for k in tr.inputs)
    return (rf"h = \frac{{1}}{{C}} \sum_c v_{{w_{{I,c}}}} = \frac{{1}}{{{C}}}({words})",
            dict(C=C, share=1 / C, word=lab.vocab.words[int(tr.targets[0])]))


def _costs(lab, tr):
    """The vectors each layer's step touches, computed as the page computes them."""
    views = {name: instance_view(lab, name) for name in LAYERS}
    words = next(v for n, v in views.items() if LAYERS[n].rows_are_words)
    inner = next((v for n, v in views.items() if not LAYERS[n].rows_are_words), words)
    drawn = next(v.trace.negatives for n, v in views.items() if LAYERS[n].samples_negatives)
    traces = compare_output_layers(lab.vocab, words.model.W_in, words.model.W_out,
                                   inner.model.W_out, words.task.center, words.task.context,
                                   0.1, drawn, lab.settings.arch, lab.settings.convention)
    touched = {name: len(t.out_rows) for name, t in traces.items()}
    return (r"\text{vectors touched: }" + r",\quad ".join(
        rf"\text{{{LAYERS[n].title} }} {c}" for n, c in touched.items()), touched)


def _hs(lab, tr):
    p = tr.out.paths[0]
    factors = r" \cdot ".join(rf"\sigma({eq.tex_number((2 * t - 1) * x)})" for t, x in zip(p.t, p.x))
    return (rf"p({tex_word(lab.vocab.words[p.word])} \mid h) = \prod_n \sigma([\![\cdot]\!]\, "
            rf"v'^T_n h) = {factors} = {eq.tex_number(p.prob)}",
            dict(word=lab.vocab.words[p.word], L=len(p.nodes), p=p.prob))


def _ns(lab, tr):
    terms = " ".join(rf"- \log \sigma({eq.tex_number(-v)})" for v in tr.out.x[0][1:])
    return (rf"E = \sum_c \Big(-\log \sigma(v'^T_{{w_O}} h) - \sum_{{neg}} \log \sigma(-v'^T h)"
            rf"\Big),\ c = 1: -\log \sigma({eq.tex_number(tr.out.x[0][0])}) {terms}",
            dict(V=lab.vocab.size, k1=lab.settings.negative + 1, E=tr.loss))


def _subsampling(lab, tr=None):
    s, v = lab.settings.sample, lab.vocab
    e = keep_extremes(v.words, v.counts, s)
    f = v.frequencies[0]
    return (rf"P_{{\text{{keep}}}}({tex_word(v.words[0])}) = \Big(\sqrt{{\tfrac{{f}}{{s}}}} + 1\Big)"
            rf"\tfrac{{s}}{{f}} = \Big(\sqrt{{\tfrac{{{f:.4g}}}{{{s:g}}}}} + 1\Big)"
            rf"\tfrac{{{s:g}}}{{{f:.4g}}} = {eq.tex_number(e.keep_frequent)}",
            dict(s=s, frequent=e.frequent, keep_frequent=e.keep_frequent, rare=e.rare,
                 keep_rare=e.keep_rare, kept=f"{e.kept:.0%}"))


def _training(lab, tr=None):
    return (rf"\eta_t = \alpha \Big(1 - \frac{{\text{{words done}}}}{{\text{{epochs}} \cdot T}}\Big)"
            rf",\quad T = {lab.vocab.total:,}".replace(",", "{,}"), dict(T=lab.vocab.total))


KINDS = {"network": _network, "loss": _loss, "output_update": _output_update,
         "input_update": _input_update, "sgd": _sgd, "cbow": _cbow, "costs": _costs, "hs": _hs,
         "ns": _ns, "subsampling": _subsampling, "training": _training}
NEEDS_STEP = set(KINDS) - {"subsampling", "training"}


@dataclass(frozen=True)
class Shown:
    """A stop as a student reads it: its text and look-for with the lab's numbers, the
    equation, and the numbers themselves."""

    text: str
    look_for: str
    equation: str
    numbers: dict


def formatted(value) -> str:
    """A number as the pages print it (6 significant digits), a word as itself."""
    if isinstance(value, (bool, str)):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    return eq.number(float(value))


def fill(template: str, numbers: dict) -> str:
    """``template`` with {name} replaced by the formatted number (only plain names)."""
    parts = []
    for literal, name, spec, conv in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(formatted(numbers[name]))
    return "".join(parts)


def show(stop: Stop) -> Shown:
    lab, trace = lab_of(stop)
    equation, numbers = KINDS[stop.kind](lab, trace)
    return Shown(fill(stop.text, numbers), fill(stop.look_for, numbers), equation, numbers)


def equation(stop: Stop) -> str:
    """The stop's equation with the numbers of the step its page shows."""
    return show(stop).equation


def _default():
    from ui.lesson_file import read_lesson          # the reader checks the built-in one too
    return read_lesson(DEFAULT_FILE.read_bytes())


TITLE, STOPS = _default()
