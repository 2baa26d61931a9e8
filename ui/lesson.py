"""The guided lesson: the two lecture texts' path through word2vec training, stop by stop.

Each stop has a few sentences, the slide's equation with the live numbers of a prepared lab
(a link: w2v_core.lab.link), what to look for, and the page to open in that state. The
numbers come from the lab the link builds (w2v_core), the LaTeX from ui.equations; no
Streamlit here, so the page and the tests read the same stops.
"""
from __future__ import annotations

from dataclasses import dataclass

from ui import equations as eq
from ui.safe import tex_word
from w2v_core.corpora import load_preset, preset_keys
from w2v_core.functions import logsumexp
from w2v_core.lab.link import build, decode
from w2v_core.lab.phases import Phases
from w2v_core.readouts import step_inspector as ins
from w2v_core.readouts.three_outputs import output_costs
from w2v_core.subsampling import keep_probability_paper


@dataclass(frozen=True)
class Stop:
    title: str
    text: str
    look_for: str
    page: str                 # the page the button opens
    params: dict              # the link it opens it with
    equation: object          # (lab, trace) -> LaTeX with the numbers of the step shown


def lab_of(stop: Stop):
    """The prepared lab of a stop, built exactly as the link builds it, and the step the
    page shows: the newest one, or the next one when the link opens a phase before the
    update (that step is computed but not applied, as the page does)."""
    link, _ = decode(stop.params, preset_keys())
    lab = build(link, load_preset(link.corpus))[0]
    if link.phase in (1, 2):
        return lab, Phases(lab).peek(link.schedule[-1][0])[1]
    return lab, lab.last[1] if lab.last else None


def _loss(lab, tr) -> str:
    u = tr.out.u
    picked = " + ".join(eq.factor(u[j]) for j in tr.targets)
    C = len(tr.targets)
    return (rf"E = -\sum_{{c=1}}^{{C}} u_{{j_c}} + C \log \sum_{{j'}} \exp(u_{{j'}}) = "
            rf"-({picked}) + {C} \cdot {eq.factor(logsumexp(u))} = {eq.tex_number(tr.loss)}")


def _output_update(lab, tr) -> str:
    return eq.error_plugged(ins.output_element(tr, int(tr.targets[0]), 0), "softmax") + \
        r"\qquad " + eq.output_update_plugged(ins.output_element(tr, int(tr.targets[0]), 0))


def _input_update(lab, tr) -> str:
    el = ins.input_element(tr, int(tr.in_rows[0]), 0)
    return rf"EH_1 = \sum_j EI_j\, w'_{{1j}} = {eq.tex_number(el.EH_i)}\qquad " + \
        eq.input_update_plugged(el, tr.arch, tr.convention)


def _costs(lab, tr) -> str:
    costs = output_costs(lab.vocab.counts, lab.settings.negative, int(tr.targets[0]))
    return r"\text{one prediction updates: }" + r",\quad ".join(
        rf"\text{{{c.title} }} {c.symbol} = {c.one}" for c in costs)


def _hs(lab, tr) -> str:
    p = tr.out.paths[0]
    factors = r" \cdot ".join(rf"\sigma({eq.tex_number((2 * t - 1) * x)})" for t, x in zip(p.t, p.x))
    return (rf"p({tex_word(lab.vocab.words[p.word])} \mid h) = \prod_n \sigma([\![\cdot]\!]\, "
            rf"v'^T_n h) = {factors} = {eq.tex_number(p.prob)}")


def _ns(lab, tr) -> str:
    x = tr.out.x[0]
    terms = " ".join(rf"- \log \sigma({eq.tex_number(-v)})" for v in x[1:])
    return (rf"E = -\log \sigma({eq.tex_number(x[0])}) {terms} = "
            rf"{eq.tex_number(float(tr.out.loss[0]))}\quad (\text{{first prediction}})")


def _subsampling(lab, tr=None) -> str:
    s = lab.settings.sample
    f = lab.vocab.frequencies[0]
    keep = keep_probability_paper(lab.vocab.counts, s)[0]
    return (rf"P_{{\text{{discard}}}}({tex_word(lab.vocab.words[0])}) = 1 - "
            rf"\sqrt{{\tfrac{{s}}{{f}}}} = 1 - \sqrt{{\tfrac{{{s:g}}}{{{f:.4g}}}}} = "
            rf"{eq.tex_number(1 - keep)}")


def _training(lab, tr=None) -> str:
    return (rf"\eta_t = \alpha \Big(1 - \frac{{\text{{words done}}}}{{\text{{epochs}} \cdot T}}\Big)"
            rf",\quad T = {lab.vocab.total:,}".replace(",", "{,}"))


INSPECTOR = "pages/step_inspector.py"
STOPS = (
    Stop("The loss of skip-gram",
         "Skip-gram reads the centre word w_I and predicts each of its C context words with one "
         "softmax over the V words. The loss of the instance is minus the log of the product "
         "of those C probabilities.",
         "The inspector's 'Loss E before the step' is this number; the Equations panel writes "
         "every term of it.",
         INSPECTOR, {"corpus": "fruit_drinks", "eta": "0.1x5", "panel": "Equations"}, _loss),
    Stop("Updating W′: the error term",
         "The derivative of the loss by the score u_j is the error e_j = y_j − t_j: negative "
         "for the true word, y_j for every other. Each output vector moves by −η · EI_j · h.",
         "In the Errors panel the true word's cell is the only negative one.",
         INSPECTOR, {"corpus": "eat_drink", "eta": "0.1x2", "panel": "Errors"}, _output_update),
    Stop("Updating W: EI and EH",
         "The error reaches the hidden layer as EH_i = Σ_j EI_j w′_ij, computed from W′ before "
         "it changes; only the input word's row of W moves, by −η · EH.",
         "In the network diagram's phase 2 the errors flow back from every output to h.",
         INSPECTOR, {"corpus": "eat_drink", "eta": "0.1x2", "phase": "2", "panel": "Network"},
         _input_update),
    Stop("Why updating all V output vectors is expensive",
         "Full softmax touches every column of W′ for every predicted word: V vectors. The "
         "slides end on limiting that number; the next two stops do.",
         "The table's 'vectors touched': V, the path length, k + 1.",
         "pages/three_outputs.py", {"corpus": "fruit_drinks", "eta": "0.1x3"}, _costs),
    Stop("Hierarchical softmax",
         "The words are the leaves of a Huffman tree; p(w | h) is a product of sigmoids along "
         "the path from the root, so one prediction reads about log₂ V inner-node vectors.",
         "The path table's last 'product so far' is this probability, and all V of them sum to 1.",
         "pages/hierarchical_softmax.py", {"corpus": "fruit_drinks", "output": "hs",
                                           "eta": "0.1x3"}, _hs),
    Stop("Negative sampling",
         "Instead of a distribution over V words, k + 1 yes/no questions: σ(v′·h) should be 1 "
         "for the true word and 0 for k words drawn from the unigram distribution to the 3/4.",
         "Only the positive word and the k negatives are updated; their errors are σ − t.",
         "pages/negative_sampling.py", {"corpus": "fruit_drinks", "output": "ns", "eta": "0.1x3"},
         _ns),
    Stop("Subsampling of frequent words",
         "A token of a frequent word is dropped with probability 1 − √(t / f(w)) before the "
         "windows are cut: fewer, more informative training instances.",
         "The most frequent words' keep probabilities fall as s shrinks; rare words always stay.",
         "pages/subsampling.py", {"corpus": "fruit_drinks", "sample": "0.001"}, _subsampling),
    Stop("Training, and watching the vectors",
         "Training repeats the step over the whole corpus for several epochs, the learning "
         "rate falling linearly; PCA draws the vectors in two dimensions as they move.",
         "Train on Royalty and gender and follow king, queen, man and woman in the PCA.",
         "pages/training.py", {"corpus": "royalty"}, _training),
)


def equation(stop: Stop) -> str:
    """The stop's equation with the numbers of the step its page shows."""
    lab, trace = lab_of(stop)
    return stop.equation(lab, trace)
