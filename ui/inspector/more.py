"""The Equations, Loss and Check panels of the Step inspector."""
from __future__ import annotations

import streamlit as st

from ui import charts, crosswalk
from ui import equations as eq
from ui.inspector.controls import HISTORY
from ui.inspector.keys import CHECK
from ui.labels import out_names
from ui.tables import as_table, table
from ui.figures import step as fs
from w2v_core.readouts import step_inspector as ins
from w2v_core.readouts.focus import LIMIT
from w2v_core.settings import ARCH_TITLES, OUTPUT_TITLES
from w2v_core.step.gradcheck import check_step

TOL = 1e-6           # relative tolerance of "Check this step"


def _pick(lab, trace, where: str):
    """Selectboxes for one output vector j, one input word k and a dimension i (shown from 1)."""
    names = out_names(lab, trace)
    first = trace.true_output
    rows = trace.out_rows.tolist()
    if len(rows) > LIMIT:                         # full softmax on a large V: the largest errors
        rows = ins.changed_focus(len(names), trace.out_rows, trace.d_out, [first]).shown.tolist()
    c = st.columns(3)
    j = c[0].selectbox("output vector j", rows, index=rows.index(first), key=f"insp_{where}_j",
                       format_func=lambda j: f"{j + 1}: {names[j]}")
    k = c[1].selectbox("input word k", trace.in_rows.tolist(), key=f"insp_{where}_k",
                       format_func=lambda k: f"{k + 1}: {lab.vocab.words[k]}")
    i = c[2].selectbox("dimension i", list(range(lab.settings.dim)), key=f"insp_{where}_i",
                       format_func=lambda i: str(i + 1))
    return j, k, i


def _latex(line: str, tag: str) -> None:
    """An equation with Rong's number after it (KaTeX's \\tag overlaps in a narrow column)."""
    st.latex(line + (rf"\qquad\text{{({tag})}}" if tag else ""))


def equations_panel(lab, trace) -> None:
    arch, output, conv = trace.arch, trace.output, trace.convention
    tags = eq.equation_numbers(arch, output)
    st.markdown(f"**{ARCH_TITLES[arch]} with {OUTPUT_TITLES[output]}**, as on the slides "
                "(Rong's equation numbers on the right):")
    _latex(eq.loss_equation(arch, output), tags["loss"])
    for line, tag in zip(eq.forward_equations(arch, output), tags["forward"]):
        _latex(line, tag)
    _latex(eq.output_update_equation(arch, output), tags["output"])
    _latex(eq.eh_equation(arch, output), tags["EH"])
    _latex(eq.input_update_equation(arch, conv), tags["input"])
    st.markdown("**With this step's numbers**, for one element you pick (counted from 1):")
    j, k, i = _pick(lab, trace, "eq")
    out, inp = ins.output_element(trace, j, i), ins.input_element(trace, k, i)
    names = out_names(lab, trace)
    lines = [eq.element_caption(names[j], i, j, k, lab.vocab.words[k]),
             eq.error_plugged(out, output), eq.output_update_plugged(out),
             rf"EH_{{{i + 1}}} = {eq.tex_number(inp.EH_i)}",
             eq.input_update_plugged(inp, arch, conv)]
    for line in lines:
        st.latex(line)
    st.caption("Both updates use W′ from before the step (EH is computed before W′ changes).")
    if st.toggle("Show the LaTeX source (to copy into notes)", key="insp_eq_source"):
        st.code("\n".join(lines), language="latex")
    with st.expander("These symbols in the slides, the notes, CS224n and word2vec.c"):
        st.dataframe(crosswalk.table(), hide_index=True, key="insp_crosswalk")


def loss_panel(lab, trace) -> None:
    steps, before, after = ins.loss_curve(lab.losses)
    average = ins.moving_average(before, window=max(5, min(50, len(before) // 5 or 5)))
    uniform = ins.untrained_loss(lab)
    note = st.session_state.get(HISTORY)
    if note:
        st.info(note + " Each settings change starts a new model and a new history.")
    charts.show(fs.loss_history(steps, before, after, average, uniform), key="insp_loss")
    if as_table("Show the loss history as a table", key="insp_loss_as_table"):
        table({"step": steps, "E before": before, "E after": after,
               "moving average": average}, key="insp_loss_table")
    st.caption("Each step's loss is measured on its own instance, so the curve is noisy: the "
               "thick line is its moving average. Orange below grey: the step lowered the loss "
               f"of the instance it trained on. Dashed: {uniform:.4g}, the loss of the untrained "
               f"model (every score 0, as when W′ = 0): {lab.model.layer.untrained_rule}."
               + (" Long histories are averaged in bins." if len(steps) < len(lab.losses) else ""))


def check_panel(lab, trace) -> None:
    st.markdown("Central finite differences: perturb each weight by ±ε (ε = 10⁻⁶), recompute "
                "this instance's loss (same negatives), and compare (E⁺ − E⁻) / 2ε with the "
                "gradient the step used, for every row of W and W′ (or up to 200 rows).")
    if trace.convention == "word2vec.c" and trace.arch == "cbow":
        st.info(f"word2vec.c's CBOW adds η·EH to each context vector, C times the gradient "
                f"(1/C)·EH, so when C > 1 the check on W fails here by design (W′ still "
                f"matches). This step has C = {len(trace.inputs)}.")
    if st.button("Check this step", key="insp_check_btn"):
        with st.spinner("Finite differences…"):
            st.session_state[CHECK] = (trace, check_step(lab.model, trace))
    done = st.session_state.get(CHECK)
    if done is None or done[0] is not trace:
        return
    result = done[1]
    c = st.columns(3)
    c[0].metric("Largest difference, W", eq.number(result.max_diff_in))
    c[1].metric("Largest difference, W′", eq.number(result.max_diff_out))
    c[2].metric("Largest |gradient|", eq.number(result.max_grad))
    verdict = (f"largest difference {eq.number(result.max_diff)} (tolerance {TOL:g} × "
               f"max(1, largest |gradient|)), {result.rows_checked} rows checked.")
    if result.passed(TOL):
        st.success("Passed: the step's gradient matches finite differences: " + verdict)
    elif not result.resolvable(TOL) and not ins.blew_up(trace):
        st.warning(f"Not checkable at this loss: E = {eq.number(trace.loss)} is known to about "
                   f"{eq.number(trace.loss * 2.2e-16)} in float64, so (E⁺ − E⁻) / 2ε cannot "
                   f"resolve differences below about {eq.number(result.resolution)}; the step's "
                   "own numbers are exact (the largest difference was "
                   f"{eq.number(result.max_diff)}). Lower η or Reset to check a step.")
    else:
        st.error("Failed: " + verdict + (" The step blew up, so the numbers are not finite."
                                         if ins.blew_up(trace) else ""))
