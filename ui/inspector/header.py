"""What the Step inspector shows above its panels: the instance in its sentence, the warnings
(blow-up, overshoot, a frozen W, a large vocabulary under full softmax) and the losses."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ui import charts, notes, state
from ui import equations as eq
from ui.figures import step as fs
from ui.inspector.actions import keys_text
from ui.inspector.controls import PLACE
from ui.safe import md
from w2v_core.lab.own import CHOSEN
from w2v_core.readouts import step_inspector as ins
from w2v_core.settings import OUTPUT_TITLES
from w2v_core.step.layers import LAYERS

LARGE_V = 1000       # full softmax above this: say once why HS and NS are the usual choice
HINTED = "insp_large_v_hinted"


def instance(lab, task, trace, compact: bool = False, number: int | None = None) -> None:
    words = lab.vocab.words
    if task.sentence == CHOSEN:                      # an instance the student chose
        st.markdown(f"**Step {lab.steps_done if number is None else number:,}** · your own "
                    f"instance: {', '.join(md(words[k]) for k in trace.inputs)} → "
                    f"{', '.join(md(words[k]) for k in trace.targets)} (chosen under “Enter "
                    "your own W and W′”; the stream waits)")
        return
    targets = task.context_pos if task.center_pos in task.input_pos else (task.center_pos,)
    sentence = fs.instance_markdown(lab.sentences[task.sentence], task.input_pos, targets,
                                    (task.center_pos, *task.context_pos), task.dropped_pos)
    number = lab.steps_done if number is None else number
    where = (f"line {task.sentence + 1} (an explicit pair: the window does not apply)" if lab.pairs
             else f"sentence {task.sentence + 1} (R = {task.radius})")
    st.markdown(f"**Step {number:,}** · epoch {task.epoch + 1}, {where}:  {sentence}")
    if compact:
        return
    inputs = ", ".join(md(words[k]) for k in trace.inputs)
    outputs = ", ".join(md(words[k]) for k in trace.targets)
    pair = (lab.settings.convention == "word2vec.c" and lab.settings.arch == "skipgram")
    st.caption(f"Input (orange): {inputs} → predicted (blue): {outputs}."
               + (" word2vec.c: one (context → centre) pair per step; other words of the window "
                  "on grey." if pair else ""))


def before_forward_pass(lab, task, trace, compact: bool, presser: str = "you press") -> None:
    """The next step's instance, peeked, in place of the last step, whose numbers would
    answer a question asked before the forward pass (#29); the lecturer's page and a
    following student's show the same."""
    instance(lab, task, trace, compact, lab.steps_done + 1)
    st.caption(f"The numbers of the forward pass appear when {presser} Step.")


def summary(lab, trace, number: int, phase: int) -> str:
    """One line for a screen reader after each Step (plain text, not Markdown): the step,
    its instance, and the loss before and after (or the phase shown)."""
    words = lab.vocab.words
    pair = (f"input {', '.join(words[k] for k in trace.inputs)}, predicted "
            f"{', '.join(words[k] for k in trace.targets)}")
    if phase < 3:
        return f"Step {number:,} shown in phases, {phase}/3: {pair}."
    return (f"Step {number:,}: {pair}; loss E {eq.number(trace.loss)} before, "
            f"{eq.number(trace.loss_after)} after.")


def warnings(lab, trace) -> None:
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


def large_vocabulary_hint(lab) -> None:
    """Full softmax on a large vocabulary works, and says once why HS or NS is usual there."""
    V = lab.vocab.size
    every = lab.model.layer.cost([0]) == V               # one prediction updates all V vectors
    if not every or V < LARGE_V or st.session_state.get(HINTED) == id(lab):
        return
    st.session_state[HINTED] = id(lab)
    st.info(f"With V = {V:,} words, full softmax computes and updates all {V:,} output vectors "
            "for every predicted word. Hierarchical softmax needs about log₂ V of them "
            f"({V.bit_length()} here), negative sampling k + 1: that is why real corpora use "
            "one of those. The figures show the predicted words and the largest ones.")
    cheaper = [name for name, cost in ins.instance_costs(lab.vocab.counts, [0],
                                                         lab.settings.negative).items()
               if cost < V // 4]
    for col, output in zip(st.columns(max(1, len(cheaper))), cheaper):
        col.button(f"Switch to {OUTPUT_TITLES[output]}", key=f"insp_switch_{output}",
                   on_click=_switch, args=(output,))


def _switch(output: str) -> None:
    notes.leave_error(PLACE, state.apply_settings(replace(state.lab().settings, output=output)))


def metrics(lab, trace) -> None:
    cost = ins.instance_costs(lab.vocab.counts, trace.targets, lab.settings.negative)
    costs = " · ".join(f"{n:,}" for n in cost.values())
    names = " · ".join(LAYERS[name].short for name in cost)
    if charts.presenting():
        st.markdown(f"E **{eq.number(trace.loss)}** → **{eq.number(trace.loss_after)}** "
                    f"({eq.number(ins.loss_change(trace))}) · {trace.vectors_touched:,} output "
                    f"vectors updated · cost {names}: {costs} · {keys_text()}")
        return
    row = st.container(horizontal=True, gap="small")         # a phone: two a row (they wrap)
    m = [row] * 4
    m[0].metric("Loss E before the step", eq.number(trace.loss))
    m[1].metric("Loss E after the step", eq.number(trace.loss_after),
                delta=eq.number(ins.loss_change(trace)), delta_color="inverse")
    m[2].metric("Output vectors updated", f"{trace.vectors_touched:,}",
                help="distinct columns of W′ (HS: inner nodes) this step changed")
    m[3].metric(f"Cost: {names}", costs,
                help=f"Output-vector updates of this instance (P = {len(trace.targets)} "
                     f"prediction(s), V = {lab.vocab.size}, k = {lab.settings.negative}) under "
                     "each output layer: " + "; ".join(f"{layer.title} {layer.cost_rule}"
                                                       for layer in LAYERS.values()) + ".")
