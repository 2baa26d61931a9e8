"""Step inspector: one SGD update of word2vec, number by number, in the slides' notation.

The settings (ui.inspector.controls) rebuild the lab through ui.state in their callbacks;
the buttons and everything that a Step changes live in one st.fragment, so a Step click
reruns only that part, and only the open panel is built and sent. Every number comes from
the step's trace or from w2v_core.readouts; figures from ui.figures.step.

Presenter mode puts the settings in one compact bar, hides the title and the large metrics,
and sizes the open panel's figure to stay on a 1280 x 720 screen.
"""
from dataclasses import replace

import streamlit as st

from ui import charts, notes, state
from ui import equations as eq
from ui.figures import step as fs
from ui.inspector.actions import KEYS_TEXT, TAB, buttons, status_line
from ui.inspector.controls import PLACE, controls
from ui.inspector.forward import errors_panel, forward_panel
from ui.inspector.more import equations_panel, check_panel, loss_panel
from ui.inspector.updates import sheet_panel, updates_panel
from ui.safe import md
from w2v_core.readouts import step_inspector as ins

PANELS = {"Forward pass": forward_panel, "Errors": errors_panel, "Updates": updates_panel,
          "Hand-check sheet": sheet_panel, "Equations": equations_panel, "Loss": loss_panel,
          "Check": check_panel}
NEEDS_TASK = {"Hand-check sheet"}
LARGE_V = 1000       # full softmax above this: say once why HS and NS are the usual choice
HINTED = "insp_large_v_hinted"


def _instance(lab, task, trace, compact: bool = False) -> None:
    words = lab.vocab.words
    targets = task.context_pos if task.center_pos in task.input_pos else (task.center_pos,)
    sentence = fs.instance_markdown(lab.sentences[task.sentence], task.input_pos, targets,
                                    (task.center_pos, *task.context_pos), task.dropped_pos)
    st.markdown(f"**Step {lab.steps_done:,}** · epoch {task.epoch + 1}, sentence "
                f"{task.sentence + 1} (R = {task.radius}):  {sentence}")
    if compact:
        return
    inputs = ", ".join(md(words[k]) for k in trace.inputs)
    outputs = ", ".join(md(words[k]) for k in trace.targets)
    pair = (lab.settings.convention == "word2vec.c" and lab.settings.arch == "skipgram")
    st.caption(f"Input (orange): {inputs} → predicted (blue): {outputs}."
               + (" word2vec.c: one (context → centre) pair per step; other words of the window "
                  "on grey." if pair else ""))


def _warnings(lab, trace) -> None:
    if ins.blew_up(trace):
        st.warning(f"This step blew up: the loss went from {eq.number(trace.loss)} to "
                   f"{eq.number(trace.loss_after)}; the loss or some weights are no longer finite "
                   f"numbers (inf or NaN). η = {eq.number(trace.lr)} is too large: each update "
                   "overshoots, the scores grow until exp overflows. NaN / inf values are shown as "
                   "gaps in the charts and as NaN in the tables. Press Undo to go back, lower η, "
                   "or Reset.")
    elif ins.overshot(trace):
        st.warning(f"This step raised the loss of its own instance from {eq.number(trace.loss)} "
                   f"to {eq.number(trace.loss_after)}: with η = {eq.number(trace.lr)} the update "
                   "overshoots. Keep stepping and the loss grows until the numbers overflow; "
                   "lower η, or press Undo / Reset.")
    if ins.any_nonfinite(lab.losses) and not ins.blew_up(trace):
        st.warning("An earlier step in the history blew up (its loss is inf or NaN): the loss "
                   "curve has gaps there.")
    if ins.input_frozen(trace) and lab.settings.init == "word2vec":
        st.info("W did not move in this step: EH = Σ_j EI_j · v′_j is exactly 0 because every "
                "output vector this step used is still 0 (W′ starts at zeros, as in word2vec.c). "
                "The output vectors move first; W follows once they are no longer 0.")


def _large_vocabulary_hint(lab) -> None:
    """Full softmax on a large vocabulary works, and says once why HS or NS is usual there."""
    V = lab.vocab.size
    if lab.settings.output != "softmax" or V < LARGE_V or st.session_state.get(HINTED) == id(lab):
        return
    st.session_state[HINTED] = id(lab)
    st.info(f"With V = {V:,} words, full softmax computes and updates all {V:,} output vectors "
            "for every predicted word. Hierarchical softmax needs about log₂ V of them "
            f"({V.bit_length()} here), negative sampling k + 1: that is why real corpora use "
            "one of those. The figures show the predicted words and the largest ones.")
    c1, c2 = st.columns(2)
    for col, output, label in ((c1, "hs", "Switch to hierarchical softmax"),
                               (c2, "ns", "Switch to negative sampling")):
        col.button(label, key=f"insp_switch_{output}", on_click=_switch, args=(output,))


def _switch(output: str) -> None:
    notes.leave_error(PLACE, state.apply_settings(replace(state.lab().settings, output=output)))


def _metrics(lab, trace) -> None:
    cost = ins.instance_costs(lab.vocab.counts, trace.targets, lab.settings.negative)
    costs = f"{cost['softmax']:,} · {cost['hs']:,} · {cost['ns']:,}"
    if charts.presenting():
        st.markdown(f"E **{eq.number(trace.loss)}** → **{eq.number(trace.loss_after)}** "
                    f"({eq.number(ins.loss_change(trace))}) · {trace.vectors_touched:,} output "
                    f"vectors updated · cost softmax · HS · NS: {costs} · {KEYS_TEXT}")
        return
    m = st.columns([1, 1, 0.9, 1.3])
    m[0].metric("Loss E before the step", eq.number(trace.loss))
    m[1].metric("Loss E after the step", eq.number(trace.loss_after),
                delta=eq.number(ins.loss_change(trace)), delta_color="inverse")
    m[2].metric("Output vectors updated", f"{trace.vectors_touched:,}",
                help="distinct columns of W′ (HS: inner nodes) this step changed")
    m[3].metric("Cost: softmax · HS · NS", costs,
                help=f"Output-vector updates of this instance (P = {len(trace.targets)} "
                     f"prediction(s), V = {lab.vocab.size}, k = {lab.settings.negative}) under "
                     "each output layer: full softmax V·P, hierarchical softmax the sum of the "
                     "P Huffman path lengths, negative sampling P·(k+1).")


def _bar_extras(row) -> None:
    """The end of the presenter bar: every setting in one popover, and the switch back."""
    controls(state.lab(), row.popover("Settings"))
    charts.presenter_toggle(row)


@st.fragment
def inspector() -> None:
    compact = charts.presenting()
    buttons(state.lab(), list(PANELS), compact, _bar_extras)
    if compact and not charts.presenting():
        st.rerun()                               # the whole page: title and controls come back
    lab = state.lab()
    notes.show(PLACE)                                      # left by a control's callback
    if not compact:
        st.caption(status_line(lab))
    if lab.last is None:
        st.info("Press **Step** to take one SGD step on the next training instance.")
        return
    task, trace = lab.last
    _instance(lab, task, trace, compact)
    _warnings(lab, trace)
    _large_vocabulary_hint(lab)
    _metrics(lab, trace)
    for name, tab in zip(PANELS, st.tabs(list(PANELS), key=TAB, on_change="rerun")):
        if tab.open:
            with tab:
                PANELS[name](lab, trace, task) if name in NEEDS_TASK else PANELS[name](lab, trace)


charts.presenter_layout()
if not charts.presenting():
    title, toggle = st.columns([5, 1], vertical_alignment="bottom")
    title.title("Step inspector")
    charts.presenter_toggle(toggle)
    controls(state.lab())
inspector()
