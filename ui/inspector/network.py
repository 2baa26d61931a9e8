"""The Network panel (wevi's picture of the step, phase by phase, with the equation of each
phase and this step's numbers) and the Probe panel (what the model predicts now)."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import streamlit as st

from ui import charts, labels
from ui import equations as eq
from ui.figures.network import network_figure, rows_that_fit
from ui.figures.theme import FONT, PRESENTER_SIZES
from ui.tables import as_table, table
from ui.figures.parts import left_out
from ui.figures.step import forward_figure
from ui.inspector import phases
from ui.charts import height
from ui.labels import out_names
from ui.safe import md
from w2v_core.functions import logsumexp
from w2v_core.readouts import step_inspector as ins
from w2v_core.readouts.focus import focus
from w2v_core.readouts.probe import probe
from w2v_core.step.layers import SoftmaxOut


def _phase_equations(lab, trace, phase: int) -> None:
    """The equation of the phase with this step's numbers, for the true output (built once
    for a class's hall: ui.charts.once)."""
    texs = charts.once(f"insp_net_equations_{phase}", lambda: phase_equations(lab, trace, phase))
    st.latex(r"\begin{aligned}&" + r" \\[6pt] &".join(texs) + r"\end{aligned}")   # one element


def phase_equations(lab, trace, phase: int) -> list[str]:
    """The LaTeX of the phase's equations with this step's numbers, for the true output."""
    names = out_names(lab, trace)
    j = trace.true_output
    r = trace.out_rows.tolist().index(j)
    before = trace.out_before[r] if len(trace.out_rows) < len(names) else trace.out_before[j]
    if phase == 1:
        out = [eq.score_plugged(j, names[j], before, trace.h, trace.output)]
        if isinstance(trace.out, SoftmaxOut):
            u = trace.out.u
            out.append(eq.softmax_plugged(j, u[j], logsumexp(u), trace.out.y[j]))
        return out
    if phase == 2:
        rows = trace.out_rows
        return [eq.error_plugged(ins.output_element(trace, j, 0), trace.output),
                eq.eh_plugged(0, trace.out_err, trace.out_before[:len(rows), 0], trace.EH[0])
                if len(rows) <= 8 else rf"EH_1 = {eq.tex_number(trace.EH[0])}"]
    k = int(trace.in_rows[0])
    return [eq.output_update_plugged(ins.output_element(trace, j, 0)),
            eq.input_update_plugged(ins.input_element(trace, k, 0), trace.arch,
                                    trace.convention)]


def _neuron_table(lab, trace, net, names, phase: int, key: str, every: bool) -> None:
    """The output neurons the diagram draws, or (``every``) all of the step's."""
    def columns():
        rows, value, true = (trace.out.neurons(trace.targets) if every else
                             (net.outputs, net.out_value, net.out_target))
        err = dict(zip(trace.out_rows.tolist(), trace.out_err.tolist()))
        cols = {"output": [names[r] for r in rows], phases.symbol(trace): value,
                "t = 1": ["yes" if t else "" for t in true],
                "times": [trace.out.times(int(r)) for r in rows]}
        if phase >= 2:
            cols["EI"] = [err.get(int(r), 0.0) for r in rows]
        return pa.table(cols)

    table(charts.once(key, columns), key=key)


def _hidden_table(trace, phase: int) -> None:
    """The hidden neurons: h_i, and from phase 2 EH_i."""
    cols = {"i": list(range(1, len(trace.h) + 1)), "h_i": trace.h.tolist()}
    if phase >= 2:
        cols["EH_i"] = trace.EH.ravel().tolist()
    table(cols, key="insp_net_hidden_table")


def network_panel(lab, trace, phase: int = 3) -> None:
    """The diagram at ``phase`` (3 also in whole-step mode), then the phase's equations."""
    h = height(520, 430)
    limit = rows_that_fit(h, PRESENTER_SIZES["font"] if charts.presenting() else FONT["size"])
    net = charts.once(f"insp_network_diagram_{phase}",
                      lambda: phases.diagram(lab, trace, applied=phase == 3, limit=limit))
    names = out_names(lab, trace)
    # on a phone the diagram's three columns do not fit: the table takes its place (page_style
    # shows the keyed chart or the keyed container by the screen's width; a table has no key
    # class of its own)
    charts.show(lambda: network_figure(net, [lab.vocab.words[k] for k in net.inputs],
                                       [names[r] for r in net.outputs], phase,
                                       phases.symbol(trace), h), key="insp_network")
    with st.container(key="insp_net_narrow"):
        _neuron_table(lab, trace, net, names, phase, "insp_net_table", every=False)
    every = len(net.outputs) + net.outputs_left
    if as_table(f"Show all {every:,} output neurons in a table" if net.outputs_left else
                "Show the network as a table", key="insp_net_all"):
        _hidden_table(trace, phase)
        _neuron_table(lab, trace, net, names, phase, "insp_net_all_table", every=True)
    what = {1: "Phase 1, the forward pass: x picks the input vector, h = Wᵀx, then every output "
               "neuron's score.",
            2: "Phase 2, the errors flow back: EI at every output (y or σ minus t), and "
               "EH = Σ_j EI_j w′_ij at every hidden neuron.",
            3: "Phase 3, the update: the highlighted edges changed (W′ from EI and h, W from "
               "EH); the weights drawn are the new ones."}
    st.caption(what[phase] + " Red edges are positive weights, blue dashed negative, thicker "
               "for larger |w|; the lit input is a diamond; the outputs with t = 1 are ringed; "
               "×2 marks an output that takes part twice (a word drawn twice, a node on two "
               "paths).")
    _phase_equations(lab, trace, phase)


def probe_panel(lab, trace) -> None:
    """p(w_O | w_I) for any input word(s), at the current parameters, without a step."""
    words, model = lab.vocab.words, lab.model
    many = lab.settings.arch == "cbow"
    default = [int(k) for k in trace.inputs]
    chosen = st.multiselect("Input word(s) (CBOW: the context words, averaged into h)",
                            range(len(words)), default=default[:8] if many else default[:1],
                            max_selections=None if many else 1, key="insp_probe_words",
                            format_func=lambda k: words[k])
    if not chosen:
        st.info("Choose an input word.")
        return
    p = probe(model, chosen)
    f = focus(p.values)
    title = ("p(w | h) over the vocabulary, now" if p.distribution else
             "σ(v′_{w} · h) for every word, now (yes/no scores, not a distribution)")
    fig = forward_figure(p.h, labels.dims(lab.settings.dim),
                         [(title, "p" if p.distribution else "σ", p.values[f.shown],
                           [0, 1.05] if not p.distribution else None)],
                         [words[j] for j in f.shown], [], left_out(f, "p" if p.distribution
                                                                    else "σ", words),
                         height(430, 380))
    charts.show(fig, key="insp_probe")
    top = f.shown[np.argsort(-p.values[f.shown])][:5]
    best = ", ".join(f"{md(words[j])} ({p.values[j]:.4g})" for j in top)
    if p.distribution:
        st.markdown(f"Most likely next to {md(', '.join(words[k] for k in chosen))}: {best}. "
                    f"The {len(words)} probabilities sum to {p.total:.12f}"
                    + (" (hierarchical softmax: the product of σ along each word's path)."
                       if not lab.model.layer.rows_are_words else " (softmax of W′ h)."))
    else:
        st.markdown(f"Highest scores: {best}. Negative sampling trains V separate yes/no "
                    f"questions, so these {len(words)} scores sum to {p.total:.4g}, not to 1.")
