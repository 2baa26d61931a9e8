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

from ui.safe import tex_word
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
    """The loss E of one instance (Rong eqs. 7 / 29 for softmax, 46 for HS, 55 for NS)."""
    if output == "softmax":
        if arch == "skipgram":
            return (r"E = -\log p(w_{O,1},\dots,w_{O,C} \mid w_I) = "
                    r"-\sum_{c=1}^{C} u_{j^*_c} + C \log \sum_{j'=1}^{V} \exp(u_{j'})")
        return r"E = -\log p(w_O \mid w_{I,1},\dots,w_{I,C}) = -u_{j^*} + \log \sum_{j'=1}^{V} \exp(u_{j'})"
    total = r"\sum_{c=1}^{C}" if arch == "skipgram" else ""
    if output == "hs":
        return (rf"E = -{total}\sum_{{n \in \text{{path}}(w_O)}} "
                r"\log \sigma\big([\![n \to \text{left}]\!]\; v'^{T}_{n} h\big)"
                r",\quad [\![\cdot]\!] = 2t_n - 1")
    return (rf"E = {total}\Big(-\log \sigma(v'^{{T}}_{{w_O}} h) "
            r"- \sum_{w_j \in \mathcal{W}_{neg}} \log \sigma(-v'^{T}_{w_j} h)\Big)")


def forward_equations(arch: str, output: str) -> list[str]:
    """h, then the scores and probabilities of the output layer."""
    h = (r"h = W^{T} x = v_{w_I}" if arch == "skipgram"
         else r"h = \frac{1}{C}\, W^{T}(x_1 + \dots + x_C) = \frac{1}{C}\sum_{c=1}^{C} v_{w_{I,c}}")
    if output == "softmax":
        return [h, r"u_j = v'^{T}_{w_j} h", r"y_j = \frac{\exp(u_j)}{\sum_{j'=1}^{V} \exp(u_{j'})}"]
    if output == "hs":
        return [h, r"p(w_O \mid h) = \prod_{n \in \text{path}(w_O)} "
                   r"\sigma\big((2t_n - 1)\, v'^{T}_{n} h\big),\quad t_n = 1 - \text{code}_n"]
    return [h, r"\sigma(v'^{T}_{w_j} h)\ \text{ for } w_j \in \{w_O\} \cup \mathcal{W}_{neg},"
               r"\quad t_j = 1 \text{ for } w_O,\ 0 \text{ for the } k \text{ negatives}"]


def output_update_equation(arch: str, output: str) -> str:
    """The update of one output weight w'_ij and, on its own line (so that it fits a 1280-px
    screen), the error EI_j it uses (eqs. 11/34, 51, 59)."""
    update = r"w'^{(\text{new})}_{ij} = w'^{(\text{old})}_{ij} - \eta \cdot EI_j \cdot h_i"
    if output == "softmax":
        ei = (r"EI_j = \sum_{c=1}^{C} e_{c,j} = \sum_{c=1}^{C} (y_j - t_{c,j})"
              if arch == "skipgram" else r"EI_j = e_j = y_j - t_j")
    elif output == "hs":
        ei = (r"EI_j = \sum_{\text{paths through node } j} \big(\sigma(v'^{T}_{j} h) - t_j\big)"
              r"\quad (j = \text{inner node})")
    else:
        ei = (r"EI_j = \sum_{\text{samples equal to } w_j} \big(\sigma(v'^{T}_{w_j} h) - t_j\big)"
              r"\quad (\text{only } w_O \text{ and the negatives})")
    return rf"\begin{{gathered}} {update} \\ {ei} \end{{gathered}}"


def eh_equation(arch: str, output: str) -> str:
    """EH, the error propagated to h (eqs. 12/36, 54, 61), from W' before the update;
    skip-gram sums it over its C predictions."""
    if output == "softmax":
        return r"EH_i = \sum_{j=1}^{V} EI_j \cdot w'_{ij}"
    total = r"\sum_{c=1}^{C}" if arch == "skipgram" else ""
    if output == "hs":
        return (rf"EH = {total}\sum_{{n \in \text{{path}}(w_O)}} "
                r"\big(\sigma(v'^{T}_{n} h) - t_n\big)\, v'_{n}")
    return (rf"EH = {total}\sum_{{w_j \in \{{w_O\}} \cup \mathcal{{W}}_{{neg}}}} "
            r"\big(\sigma(v'^{T}_{w_j} h) - t_j\big)\, v'_{w_j}")


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
    first = "y" if output == "softmax" else r"\sigma"
    terms = " + ".join(rf"({tex_number(a)} - {tex_number(t)})" for a, t in el.terms)
    per = {"softmax": "prediction", "hs": "path through this node", "ns": "sample of this word"}
    return (rf"EI_{{{el.j + 1}}} = {terms} = {tex_number(el.EI)}"
            rf"\qquad ({first} - t\text{{ per {per[output]}}})")


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


def equation_numbers(arch: str, output: str) -> dict:
    """Rong's equation numbers (arXiv:1411.2738) of the general equations above: the loss, each
    forward line, the output update, EH and the input update ("" where the paper has none)."""
    h = "24" if arch == "skipgram" else "17"
    if output == "softmax":
        if arch == "skipgram":
            return dict(loss="29", forward=[h, "26", "25"], output="33", EH="36", input="35")
        return dict(loss="21", forward=[h, "2", "3"], output="22", EH="12", input="23")
    inp = "35" if arch == "skipgram" else "23"
    if output == "hs":
        return dict(loss="46", forward=[h, "37"], output="51", EH="54", input=inp)
    return dict(loss="55", forward=[h, ""], output="59", EH="61", input=inp)


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
    if output != "softmax":
        line += rf",\quad \sigma({tex_number(u)}) = {tex_number(1 / (1 + math.exp(-u)))}"
    return line


def softmax_plugged(j: int, u: float, lse: float, y: float) -> str:
    """y_j = exp(u_j) / sum_j' exp(u_j') = exp(u_j - log sum exp u) (eq. 3)."""
    return (rf"y_{{{j + 1}}} = \frac{{\exp(u_{{{j + 1}}})}}{{\sum_{{j'}} \exp(u_{{j'}})}} = "
            rf"\exp({tex_number(u)} - {factor(lse)}) = {tex_number(y)}")


def eh_plugged(i: int, errors, weights, EH_i: float) -> str:
    """EH_i = sum_j EI_j w'_ij over the output vectors the step used (eqs. 12, 36, 54, 61)."""
    terms = " + ".join(f"{factor(e)} \\cdot {factor(w)}" for e, w in zip(errors, weights))
    return rf"EH_{{{i + 1}}} = \sum_j EI_j\, w'_{{{i + 1}j}} = {terms} = {tex_number(EH_i)}"
