"""The step's equations as LaTeX strings: in general, and with this step's numbers plugged in.

Pure functions (no Streamlit), in the slides' notation (Rong, arXiv:1411.2738). The
numbers come from w2v_core.inspect's OutputElement / InputElement, which read them off
the step's trace; nothing is computed here except the formatting. Each plugged-in
equation reads "new = old - eta * (error) * (factor) = new", so a student can check the
arithmetic by hand, and tests/test_equations.py checks that it does evaluate to the new
value.
"""
from __future__ import annotations

import math

from ui import layers
from ui.safe import tex_word
from w2v_core.functions import sigmoid
from w2v_core.step.layers import LAYERS
from w2v_core.readouts.step_inspector import InputElement, OutputElement

DIGITS = 6          # significant digits of every plugged-in number


# ---- numbers ---------------------------------------------------------------------------------
def number(x: float, digits: int = DIGITS) -> str:
    """A number as plain text for the page: 6 significant digits, NaN and inf spelled out.

    >>> number(0.000123456789), number(float("nan")), number(-float("inf"))
    ('0.000123457', 'NaN', '-inf')
    """
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:.{digits}g}"


def tex_number(x: float, digits: int = DIGITS) -> str:
    r"""A number in LaTeX: 6 significant digits, powers of ten written out.

    >>> tex_number(-1.5e-07), tex_number(0.25), tex_number(float("nan"))
    ('-1.5 \\times 10^{-7}', '0.25', '\\text{NaN}')
    """
    x = float(x)
    if math.isnan(x):
        return r"\text{NaN}"
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    s = f"{x:.{digits}g}"
    if "e" in s:
        mantissa, exp = s.split("e")
        return rf"{mantissa} \times 10^{{{int(exp)}}}"
    return s


def factor(x: float) -> str:
    """A number as a factor: negative ones (and powers of ten) in parentheses.

    >>> factor(-0.5), factor(0.5)
    ('(-0.5)', '0.5')
    """
    s = tex_number(x)
    return f"({s})" if s.startswith("-") or "times" in s else s


# ---- the equations in general -------------------------------------------------------------------
SUBSAMPLING_RULES = (r"\text{word2vec.c: } P_{\text{keep}}(w) = \Big(\sqrt{\tfrac{f(w)}{s}} + 1\Big)"
                     r"\,\tfrac{s}{f(w)}\qquad\qquad \text{paper: } P_{\text{discard}}(w) = "
                     r"1 - \sqrt{\tfrac{s}{f(w)}}")
"""Both subsampling rules, f(w) = count(w) / T and threshold s (w2v_core.subsampling)."""


def loss_equation(arch: str, output: str) -> str:
    """The loss E of one instance (Rong eqs. 21 / 29 for softmax, 46 for HS, 55 for NS)."""
    return layers.of(output).equations(arch)["loss"][0]


def forward_equations(arch: str, output: str) -> list[str]:
    """h, then the scores and probabilities of the output layer."""
    return [tex for tex, _ in layers.of(output).equations(arch)["forward"]]


def output_update_equation(arch: str, output: str) -> str:
    """The update of one output weight w'_ij and, on its own line (so that it fits a 1280-px
    screen), the error EI_j it uses (eqs. 22/33, 51, 59)."""
    return layers.of(output).equations(arch)["output"][0]


def eh_equation(arch: str, output: str) -> str:
    """EH, the error propagated to h (eqs. 12/36, 54, 61), from W' before the update."""
    return layers.of(output).equations(arch)["EH"][0]


def equation_numbers(arch: str, output: str) -> dict:
    """Rong's equation numbers (arXiv:1411.2738) of the general equations: the loss, each
    forward line, the output update, EH and the input update ("" where the paper has none)."""
    g = layers.of(output).equations(arch)
    return dict(loss=g["loss"][1], forward=[t for _, t in g["forward"]], output=g["output"][1],
                EH=g["EH"][1], input="35" if arch == "skipgram" else "23")


def input_update_equation(arch: str, convention: str) -> str:
    """The update of one input weight w_ki (eq. 35 skip-gram, eq. 23 CBOW)."""
    if arch == "skipgram":
        return (r"w^{(\text{new})}_{ki} = w^{(\text{old})}_{ki} - \eta \cdot EH_i"
                r"\qquad (k = w_I;\ v_{w_I} \leftarrow v_{w_I} - \eta\, EH^{T})")
    if convention == "word2vec.c":
        return (r"w^{(\text{new})}_{ki} = w^{(\text{old})}_{ki} - \eta \cdot EH_i"
                r"\qquad (\text{word2vec.c: every context word, without the } \tfrac{1}{C})")
    return (r"w^{(\text{new})}_{ki} = w^{(\text{old})}_{ki} - \frac{1}{C}\,\eta \cdot EH_i"
            r"\qquad (\text{each of the } C \text{ context words})")


# ---- with this step's numbers -------------------------------------------------------------------
def output_update_plugged(el: OutputElement) -> str:
    """w'_ij new = old - eta * EI_j * h_i, symbols first, then the step's numbers."""
    i, j = el.i + 1, el.j + 1                     # the paper counts from 1
    ij = f"{i},{j}"
    return (r"\begin{aligned} " + rf"w'^{{(\text{{new}})}}_{{{ij}}} &= w'^{{(\text{{old}})}}_{{{ij}}}"
            rf" - \eta \cdot EI_{{{j}}} \cdot h_{{{i}}} \\ "
            rf"&= {tex_number(el.old)} - {factor(el.lr)} \cdot {factor(el.EI)} \cdot "
            rf"{factor(el.h_i)} = {tex_number(el.new)} \end{{aligned}}")


def error_plugged(el: OutputElement, output: str) -> str:
    """EI_j as the sum of its (y or sigma) - t terms, with the step's numbers."""
    first = {"y": "y", "σ": r"\sigma"}.get(LAYERS[output].value_symbol, LAYERS[output].value_symbol)
    terms = " + ".join(rf"({tex_number(a)} - {tex_number(t)})" for a, t in el.terms)
    return (rf"EI_{{{el.j + 1}}} = {terms} = {tex_number(el.EI)}"
            rf"\qquad ({first} - t\text{{ per {layers.of(output).error_per}}})")


def input_update_plugged(el: InputElement, arch: str, convention: str) -> str:
    """w_ki new = old - eta * (share) * EH_i, symbols first, then the step's numbers."""
    if arch == "cbow" and convention == "rong":
        sym, share = r"\frac{1}{C}\," if el.m == 1 else rf"\frac{{{el.m}}}{{C}}\,", \
            rf"\frac{{{el.m}}}{{{el.C}}} \cdot "
    elif el.m > 1:
        sym, share = rf"{el.m} \cdot ", rf"{el.m} \cdot "
    else:
        sym, share = "", ""
    ki = f"{el.k + 1},{el.i + 1}"                 # the paper counts from 1
    return (r"\begin{aligned} " + rf"w^{{(\text{{new}})}}_{{{ki}}} &= w^{{(\text{{old}})}}_{{{ki}}}"
            rf" - {sym}\eta \cdot EH_{{{el.i + 1}}} \\ "
            rf"&= {tex_number(el.old)} - {share}{factor(el.lr)} \cdot {factor(el.EH_i)}"
            rf" = {tex_number(el.new)} \end{{aligned}}")


def element_caption(word_or_node: str, i: int, j: int, k: int, k_word: str) -> str:
    r"""Which elements the plugged-in equations are about, as LaTeX, counted from 1 as in
    the paper (the arguments are the engine's 0-based indices).

    >>> element_caption("apple", 2, 19, 4, "we")
    'i = 3,\\quad j = 20\\ (\\text{apple}),\\quad k = 5\\ (\\text{we})'
    """
    return (rf"i = {i + 1},\quad j = {j + 1}\ ({tex_word(word_or_node)}),"
            rf"\quad k = {k + 1}\ ({tex_word(k_word)})")


# ---- the equations of each phase of a step, with its numbers ------------------------------
def score_plugged(j: int, name: str, v_out, h, output: str) -> str:
    """The score of output j written out, u_j = v'_j . h = sum_i w'_ij h_i (eq. 2), and what
    the layer makes of it: y for softmax is given separately, sigma for HS and NS.

    >>> score_plugged(0, "eat", [0.5, -1.0], [2.0, 1.0], "ns")
    "u_{1} = v'^{T}_{1} h = 0.5 \\\\cdot 2 + (-1) \\\\cdot 1 = 0\\\\quad (\\\\text{eat}),\\\\quad \\\\sigma(0) = 0.5"
    """
    terms = " + ".join(f"{factor(w)} \\cdot {factor(x)}" for w, x in zip(v_out, h))
    u = float(sum(w * x for w, x in zip(v_out, h)))
    line = rf"u_{{{j + 1}}} = v'^{{T}}_{{{j + 1}}} h = {terms} = {tex_number(u)}\quad ({tex_word(name)})"
    if LAYERS[output].value_symbol == "σ":               # a sigmoid on the score
        line += rf",\quad \sigma({tex_number(u)}) = {tex_number(float(sigmoid(u)))}"
    return line


def softmax_plugged(j: int, u: float, lse: float, y: float) -> str:
    """y_j = exp(u_j) / sum_j' exp(u_j') = exp(u_j - log sum exp u) (eq. 3)."""
    return (rf"y_{{{j + 1}}} = \frac{{\exp(u_{{{j + 1}}})}}{{\sum_{{j'}} \exp(u_{{j'}})}} = "
            rf"\exp({tex_number(u)} - {factor(lse)}) = {tex_number(y)}")


def eh_plugged(i: int, errors, weights, EH_i: float) -> str:
    """EH_i = sum_j EI_j w'_ij over the output vectors the step used (eqs. 12, 36, 54, 61)."""
    terms = " + ".join(f"{factor(e)} \\cdot {factor(w)}" for e, w in zip(errors, weights))
    return rf"EH_{{{i + 1}}} = \sum_j EI_j\, w'_{{{i + 1}j}} = {terms} = {tex_number(EH_i)}"
