"""One step as a printable worked example: Markdown with LaTeX (no Streamlit).

The numbers are the hand-check sheet's (w2v_core.readouts.hand_check) and the equations
are ui.equations', with Rong's equation numbers (arXiv:1411.2738). Corpus words go through
ui.safe (Markdown escaped; \\text{} in LaTeX).
"""
from __future__ import annotations

from ui import equations as eq
from ui import labels
from ui.labels import out_names
from ui.safe import md, tex_word
from w2v_core.lab.own import CHOSEN
from w2v_core.readouts import step_inspector as ins
from w2v_core.settings import ARCH_TITLES, CONVENTION_TITLES, OUTPUT_TITLES


def _cell(v) -> str:
    return eq.number(v) if isinstance(v, float) else md(str(v))


def table_markdown(t) -> str:
    """A sheet table as a Markdown table (numbers to 6 significant digits)."""
    head = "| " + " | ".join(md(c) for c in t.columns) + " |"
    rule = "|" + "---|" * len(t.columns)
    return "\n".join([head, rule] + ["| " + " | ".join(_cell(v) for v in r) + " |"
                                     for r in t.rows])


def _dot(trace, lab) -> str:
    """u (or x) of the first predicted output written out as a sum over i (eq. 2)."""
    j = trace.true_output
    before = trace.out_before[list(trace.out_rows).index(j)]
    terms = " + ".join(f"{eq.factor(w)} \\cdot {eq.factor(h)}" for w, h in zip(before, trace.h))
    name = out_names(lab, trace)[j]
    total = float(before @ trace.h)
    return (f"$$v'^{{T}}_{{{labels.number(j)}}}\\, h = \\sum_{{i}} w'_{{i,{labels.number(j)}}} h_i "
            f"= {terms} = {eq.tex_number(total)}\\qquad ({tex_word(name)})$$")


def markdown(lab, trace, task, sheet) -> str:
    """The worked example of ``trace`` (the lab's step on ``task``) as Markdown text."""
    words = lab.vocab.words
    s = lab.settings
    j = trace.true_output
    k = int(trace.in_rows[0])
    out_el, in_el = ins.output_element(trace, j, 0), ins.input_element(trace, k, 0)
    sentence = ("your own instance" if task.sentence == CHOSEN
                else " ".join(md(w) for w in lab.sentences[task.sentence]))
    parts = [
        "# One SGD step of word2vec, worked by hand", "",
        f"{ARCH_TITLES[s.arch]} with {OUTPUT_TITLES[s.output]}, N = {s.dim}, V = {lab.vocab.size}, "
        f"η = {eq.number(trace.lr)}, convention: {CONVENTION_TITLES[s.convention]}. "
        f"Sentence: *{sentence}*. "
        "Indices count from 1 as in Rong's paper; W is V × N (row k = v_k), W′ is N × V "
        "(column j = v′_j).", "",
        "## The equations", "",
        f"$$\\text{{loss: }} {eq.loss_equation(s.arch, s.output)}$$",
        *[f"$${line}$$" for line in eq.forward_equations(s.arch, s.output)],
        f"$${eq.output_update_equation(s.arch, s.output)}$$",
        f"$${eq.eh_equation(s.arch, s.output)}$$",
        f"$${eq.input_update_equation(s.arch, s.convention)}$$", "",
        "## One score written out", "", _dot(trace, lab), "",
        "## One weight of each matrix, plugged in", "",
        f"$${eq.error_plugged(out_el, s.output)}$$",
        f"$${eq.output_update_plugged(out_el)}$$",
        f"$$EH_{{1}} = {eq.tex_number(in_el.EH_i)}$$",
        f"$${eq.input_update_plugged(in_el, s.arch, s.convention)}$$", "",
        f"(j = {labels.number(j)}, k = {labels.number(k)} ({md(words[k])}), i = 1.)", "",
        "## Every number of the step", "",
    ]
    for t in sheet.tables:
        parts += [f"### {md(t.title)}", "", table_markdown(t), ""]
    return "\n".join(parts)
