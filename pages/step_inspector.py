"""Step inspector: one SGD update of word2vec, number by number, in the slides' notation.

The controls (top) rebuild the lab through ui.state in their callbacks; the buttons and
everything that a Step changes live in one st.fragment, so a Step click reruns only that
part, and only the open tab is drawn. Every number comes from the step's trace or from
w2v_core.inspect; figures come from ui.figures_step, equations from ui.equations.
"""
from dataclasses import replace

import streamlit as st

from ui import equations as eq
from ui.figures import step as fs
from ui import keep, state
from ui.safe import md
from ui.tables import six_digits
from w2v_core.readouts import step_inspector as ins
from w2v_core.step.gradcheck import check_step
from w2v_core.settings import LEARNING_RATE, RANGES

ARCHS = {"skipgram": "skip-gram", "cbow": "CBOW"}
OUTPUTS = {"softmax": "full softmax", "hs": "hierarchical softmax", "ns": "negative sampling"}
INITS = {"random": "small random", "word2vec": "zeros (word2vec.c)"}
CONTROLS = {"insp_arch": "arch", "insp_output": "output", "insp_dim": "dim",   # widget -> setting
            "insp_window": "window", "insp_k": "negative", "insp_seed": "seed", "insp_init": "init"}
W2VC, LR_KEY = "insp_w2vc", "insp_lr"     # the convention switch; eta's widget
NOTE, CHECK, TAB = "insp_note", "insp_check", "insp_tab"
TABS = ("Forward pass", "Errors", "Updates", "Equations", "Loss", "Check")
CHART = dict(config={"displayModeBar": False})
TOL = 1e-6           # relative tolerance of "Check this step"
TEXT_COLUMNS = {"word", "target", "node n", "sample", "output vector"}
INDEX_COLUMNS = {"j", "i", "c", "code"}


def _table(columns: dict, height: int = 250) -> None:
    """A dataframe whose number columns show 6 significant digits (the values stay exact)."""
    fmt = six_digits(*(name for name in columns if name not in TEXT_COLUMNS | INDEX_COLUMNS))
    st.dataframe(columns, hide_index=True, height=height, column_config=fmt)


# ---- controls: callbacks change the lab and leave a note for this run ----------------------------
def _widget_values(settings) -> dict:
    values = {key: getattr(settings, name) for key, name in CONTROLS.items()}
    values[W2VC] = settings.convention == "word2vec.c"
    return values


def _sync_widgets(settings) -> None:
    """Show the lab's settings (another page, or a refused change, may have moved them)."""
    for key, value in _widget_values(settings).items():
        if st.session_state.get(key) != value:
            st.session_state[key] = value
    if st.session_state.get(LR_KEY) != state.learning_rate():
        st.session_state[LR_KEY] = state.learning_rate()


def _apply_controls() -> None:
    lab = state.lab()
    new = replace(lab.settings, **{name: st.session_state[key] for key, name in CONTROLS.items()},
                  convention="word2vec.c" if st.session_state[W2VC] else "rong")
    error = state.apply_settings(new)
    if error:
        _sync_widgets(lab.settings)
        st.session_state[NOTE] = ("error", error)
        return
    changed = ", ".join(lab.settings.changed(new))
    st.session_state[NOTE] = ("info", f"Settings changed ({changed}): the model was reset "
                                      "(new W and W′, no steps taken).")
    st.session_state.pop(CHECK, None)


def _apply_lr() -> None:
    st.session_state[state.LR] = float(st.session_state[LR_KEY])
    st.session_state[NOTE] = ("info", f"η = {eq.number(st.session_state[LR_KEY])} from the next "
                                      "step on; the model is kept.")


def controls(lab) -> None:
    _sync_widgets(lab.settings)
    top = st.columns([1, 1.3, 1.1, 1.1])
    top[0].selectbox("Architecture", list(ARCHS), format_func=ARCHS.get, key="insp_arch",
                     on_change=_apply_controls)
    top[1].selectbox("Output layer", list(OUTPUTS), format_func=OUTPUTS.get, key="insp_output",
                     on_change=_apply_controls)
    top[2].selectbox("W′ starts as", list(INITS), format_func=INITS.get, key="insp_init",
                     on_change=_apply_controls)
    top[3].toggle("Use word2vec.c", key=W2VC, on_change=_apply_controls,
                  help="word2vec.c's conventions where they differ from the slides: skip-gram "
                       "trains one (context → centre) pair per step; CBOW adds the full η·EH to "
                       "every context vector, without the 1/C.")
    c = st.columns(5)
    c[0].number_input("N (hidden size)", *RANGES["dim"].bounds, key="insp_dim",
                      on_change=_apply_controls,
                      help="the length of every word vector")
    c[1].number_input("window", *RANGES["window"].bounds, key="insp_window",
                      on_change=_apply_controls,
                      help="maximal radius; each centre word draws R from 1 to window")
    c[2].number_input("k (negatives)", *RANGES["negative"].bounds, key="insp_k",
                      on_change=_apply_controls,
                      help="negatives per prediction (negative sampling); must be < V")
    c[3].number_input("η (learning rate)", *LEARNING_RATE.bounds, step=0.05, format="%g", key=LR_KEY,
                      on_change=_apply_lr, help="changing η keeps the model")
    c[4].number_input("seed", *RANGES["seed"].bounds, key="insp_seed",
                      on_change=_apply_controls,
                      help="one seed for W, W′, the window radii and the negatives")


# ---- the fragment: buttons, the instance, the tabs ------------------------------------------------
def _act(lab) -> None:
    b = st.columns(6)
    lr = state.learning_rate()
    try:
        for col, label, n in ((b[0], "Step", 1), (b[1], "Step ×10", 10), (b[2], "Step ×100", 100)):
            if col.button(label, key=f"insp_step{n}", type="primary" if n == 1 else "secondary",
                          width="stretch"):
                lab.step(lr, n)
        if b[3].button("One epoch", key="insp_epoch", width="stretch"):
            with st.spinner("Training one epoch…"):
                n = lab.run_epoch(lr)
            st.toast(f"{n:,} steps: the epoch is done.")
    except ValueError as err:
        st.error(md(str(err)))
    if b[4].button("Undo", key="insp_undo", width="stretch") and not lab.undo():
        st.info("Nothing to undo: no step is left in the history.")
    if b[5].button("Reset", key="insp_reset", width="stretch"):
        state.reset()
        st.session_state.pop(CHECK, None)
        st.info("Reset: new W and W′ from the seed, no steps taken.")
    lab = state.lab()
    kind, text = st.session_state.pop(NOTE, (None, None))     # left by a control's callback
    if kind:
        getattr(st, kind)(md(text))
    st.caption(f"Steps taken: {lab.steps_done:,} · Undo can go back {len(lab.history):,} "
               f"steps · η = {eq.number(lr)}")


def _instance(lab, task, trace) -> None:
    words = lab.vocab.words
    targets = task.context_pos if task.center_pos in task.input_pos else (task.center_pos,)
    sentence = fs.instance_markdown(lab.sentences[task.sentence], task.input_pos, targets,
                                    (task.center_pos, *task.context_pos), task.dropped_pos)
    st.markdown(f"**Step {lab.steps_done:,}** · epoch {task.epoch + 1}, sentence "
                f"{task.sentence + 1} (R = {task.radius}):  {sentence}")
    inputs = ", ".join(md(words[k]) for k in trace.inputs)
    outputs = ", ".join(md(words[k]) for k in trace.targets)
    st.caption(f"Input (orange): {inputs} → predicted (blue): {outputs}. "
               + ("word2vec.c: one (context → centre) pair per step; other words of the "
                  "window on grey." if lab.settings.convention == "word2vec.c" and
                  lab.settings.arch == "skipgram" else ""))


def _warnings(lab, trace) -> None:
    if ins.blew_up(trace):
        st.warning(f"This step blew up: the loss went from {eq.number(trace.loss)} to "
                   f"{eq.number(trace.loss_after)}; the loss or some weights are no longer finite numbers "
                   f"(inf or NaN). η = "
                   f"{eq.number(trace.lr)} is too large: each update overshoots, the scores grow "
                   "until exp overflows. NaN / inf values are shown as gaps in the charts and as "
                   "NaN in the tables. Press Undo to go back, lower η, or Reset.")
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


def _metrics(lab, trace) -> None:
    P, V, k = len(trace.targets), lab.vocab.size, lab.settings.negative
    cost = ins.instance_costs(lab.vocab.counts, trace.targets, k)
    m = st.columns([1, 1, 0.9, 1.3])
    m[0].metric("Loss E before the step", eq.number(trace.loss))
    m[1].metric("Loss E after the step", eq.number(trace.loss_after),
                delta=eq.number(ins.loss_change(trace)), delta_color="inverse")
    m[2].metric("Output vectors updated", f"{trace.vectors_touched:,}",
                help="distinct columns of W′ (HS: inner nodes) this step changed")
    m[3].metric("Cost: softmax · HS · NS", f"{cost['softmax']:,} · {cost['hs']:,} · {cost['ns']:,}",
                help=f"Output-vector updates of this instance (P = {P} prediction(s), V = {V}, "
                     f"k = {k}) under each output layer: full softmax V·P, hierarchical softmax "
                     "the sum of the P Huffman path lengths, negative sampling P·(k+1).")


def _out_label(lab, trace, j) -> str:
    return f"n{j}" if trace.output == "hs" else lab.vocab.words[j]


def _pick(lab, trace, where: str, dims: bool):
    """Selectboxes for one output vector j, one input word k (and a dimension i)."""
    rows, first = trace.out_rows.tolist(), int(trace.targets[0])
    if trace.output == "hs":
        first = int(trace.out.paths[0].nodes[0])
    c = st.columns(3)
    j = c[0].selectbox("output vector j", rows, index=rows.index(first), key=f"insp_{where}_j",
                       format_func=lambda j: f"{j}: {_out_label(lab, trace, j)}")
    k = c[1].selectbox("input word k", trace.in_rows.tolist(), key=f"insp_{where}_k",
                       format_func=lambda k: f"{k}: {lab.vocab.words[k]}")
    i = c[2].selectbox("dimension i", list(range(lab.settings.dim)), key=f"insp_{where}_i") if dims else None
    return j, k, i


def forward_tab(lab, trace) -> None:
    words = lab.vocab.words
    left, right = st.columns([2.4, 1])
    left.plotly_chart(fs.onehot_strip(words, trace.inputs), **CHART)
    right.plotly_chart(fs.bar_values(range(lab.settings.dim), trace.h, title="h (N)",
                                     y_title="h_i", height=240), **CHART)
    marked = trace.targets.tolist()
    if trace.output == "softmax":
        st.plotly_chart(fs.scores_figure(words, trace.out.u, trace.out.y, marked), **CHART)
        table = {"j": range(len(words)), "word": words, "u_j": trace.out.u, "y_j": trace.out.y}
        for c, w in enumerate(trace.targets):
            table[f"t (c={c + 1}: {words[w]})"] = trace.out.t[c]
        _table(table)
    elif trace.output == "hs":
        groups = [f"{words[p.word]} (p = {eq.number(p.prob)})" for p in trace.out.paths]
        st.plotly_chart(fs.samples_figure(
            groups, [[f"n{n}" for n in p.nodes] for p in trace.out.paths],
            [p.sigma for p in trace.out.paths], [p.t == 1 for p in trace.out.paths],
            "σ(v′_n · h) at each node of each target's path", "σ", "t_n = 1 (go left)",
            "t_n = 0 (go right)", [0, 1]), **CHART)
        _table({"target": [words[p.word] for p in trace.out.paths for _ in p.nodes],
                "node n": [f"n{n}" for p in trace.out.paths for n in p.nodes],
                "code": [int(b) for p in trace.out.paths for b in p.codes],
                "t_n": [float(t) for p in trace.out.paths for t in p.t],
                "v′_n·h": [float(x) for p in trace.out.paths for x in p.x],
                "σ": [float(s) for p in trace.out.paths for s in p.sigma],
                "σ − t": [float(e) for p in trace.out.paths for e in p.err]})
    else:
        st.plotly_chart(_ns_figure(lab, trace, trace.out.sigma, "σ(v′_j · h) of the positive "
                                      "word and its k negatives", "σ", [0, 1]), **CHART)
        _table(_ns_table(lab, trace))


def _ns_figure(lab, trace, values, title, y_title, y_range=None):
    words = lab.vocab.words
    groups = [f"c={c + 1}: {words[w]}" for c, w in enumerate(trace.targets)]
    items = [[f"{'w_O' if s == 0 else s}: {words[j]}" for s, j in enumerate(row)]
             for row in trace.out.samples]
    return fs.samples_figure(groups, items, values, trace.out.t == 1, title, y_title,
                             "positive (t = 1)", "negative (t = 0)", y_range)


def _ns_table(lab, trace) -> dict:
    words, P, K = lab.vocab.words, *trace.out.samples.shape
    return {"c": [c + 1 for c in range(P) for _ in range(K)],
            "sample": [words[j] for j in trace.out.samples.ravel()],
            "t": trace.out.t.ravel(), "v′_j·h": trace.out.x.ravel(), "σ": trace.out.sigma.ravel(),
            "σ − t": trace.out.sample_err.ravel()}


def errors_tab(lab, trace) -> None:
    words = lab.vocab.words
    out_labels = [_out_label(lab, trace, j) for j in trace.out_rows]
    if trace.output == "softmax":
        st.plotly_chart(fs.errors_heatmap(trace.out.e, [words[w] for w in trace.targets], words,
                                          "e_{c,j} = y_j − t_{c,j}: one row per predicted word"),
                        **CHART)
        ei_title = "EI_j = Σ_c e_{c,j}" if len(trace.targets) > 1 else "EI_j = e_j"
    elif trace.output == "hs":
        st.plotly_chart(fs.samples_figure(
            [words[p.word] for p in trace.out.paths], [[f"n{n}" for n in p.nodes] for p in trace.out.paths],
            [p.err for p in trace.out.paths], [p.t == 1 for p in trace.out.paths],
            "σ_n − t_n at each node of each path", "σ − t", "t_n = 1", "t_n = 0"), **CHART)
        ei_title = "EI_n = Σ over paths of σ_n − t_n (inner nodes)"
    else:
        st.plotly_chart(_ns_figure(lab, trace, trace.out.sample_err, "σ − t of each sample",
                                   "σ − t"), **CHART)
        ei_title = "EI_j = Σ over samples of σ − t (only k+1 words per prediction)"
    left, right = st.columns([2.4, 1])
    left.plotly_chart(fs.bar_values(out_labels, trace.out_err, title=ei_title, y_title="EI_j"),
                      **CHART)
    right.plotly_chart(fs.bar_values(range(lab.settings.dim), trace.EH, title="EH_i (N)",
                                     y_title="EH_i"), **CHART)
    c1, c2 = st.columns([2.4, 1])
    with c1:
        _table({"j": trace.out_rows, "output vector": out_labels, "EI_j": trace.out_err}, 220)
    with c2:
        _table({"i": range(lab.settings.dim), "EH_i": trace.EH}, 220)


def updates_tab(lab, trace) -> None:
    j, k, i = _pick(lab, trace, "upd", dims=True)
    words, model = lab.vocab.words, lab.model
    cols = ([f"n{n}" for n in range(model.W_out.shape[0])] if trace.output == "hs" else words)
    marked = trace.out_rows.tolist()
    st.plotly_chart(fs.heatmap_w_out(model.W_out, cols, marked, "W′ after the step (N × "
                                     f"{len(cols)}; changed columns outlined)"), **CHART)
    st.plotly_chart(fs.heatmap_w_out(ins.dense_change(len(cols), trace.out_rows, trace.d_out),
                                     cols, marked, "ΔW′ = −η · h · EIᵀ (the change)"), **CHART)
    if len(marked) == len(cols):
        st.caption("Full softmax changes every column of W′: all V output vectors.")
    left, right = st.columns(2)
    left.plotly_chart(fs.heatmap_w_in(model.W_in, words, trace.in_rows, "W after the step "
                                      "(V × N; changed rows outlined)"), **CHART)
    right.plotly_chart(fs.heatmap_w_in(ins.dense_change(len(words), trace.in_rows, trace.d_in),
                                       words, trace.in_rows, "ΔW = −η · (share) · EH"), **CHART)
    left, right = st.columns(2)
    r_in, r_out = trace.in_rows.tolist().index(k), marked.index(j)
    left.plotly_chart(fs.before_after(trace.in_before[r_in], trace.in_after[r_in],
                                      f"v_k, k = {k}: {words[k]}", i), **CHART)
    right.plotly_chart(fs.before_after(trace.out_before[r_out], trace.out_after[r_out],
                                       f"v′_j, j = {j}: {_out_label(lab, trace, j)}", i), **CHART)


def equations_tab(lab, trace) -> None:
    arch, output, conv = trace.arch, trace.output, trace.convention
    st.markdown(f"**{ARCHS[arch]} with {OUTPUTS[output]}**, as on the slides:")
    st.latex(eq.loss_equation(arch, output))
    for line in eq.forward_equations(arch, output):
        st.latex(line)
    st.latex(eq.output_update_equation(arch, output))
    st.latex(eq.eh_equation(arch, output))
    st.latex(eq.input_update_equation(arch, conv))
    st.markdown("**With this step's numbers**, for one element you pick (indices from 0):")
    j, k, i = _pick(lab, trace, "eq", dims=True)
    out, inp = ins.output_element(trace, j, i), ins.input_element(trace, k, i)
    st.latex(eq.element_caption(_out_label(lab, trace, j), i, j, k, lab.vocab.words[k]))
    st.latex(eq.error_plugged(out, output))
    st.latex(eq.output_update_plugged(out))
    st.latex(rf"EH_{{{i}}} = {eq.tex_number(inp.EH_i)}")
    st.latex(eq.input_update_plugged(inp, arch, conv))
    st.caption("Both updates use W′ from before the step (EH is computed before W′ changes).")


def loss_tab(lab, trace) -> None:
    steps, before, after = ins.loss_curve(lab.losses)
    st.plotly_chart(fs.loss_history(steps, before, after), **CHART)
    st.caption("Each step's loss is measured on its own instance, so the curve is noisy. "
               "Orange below grey: the step lowered the loss of the instance it trained on."
               + (" Long histories are averaged in bins." if len(steps) < len(lab.losses) else ""))


def check_tab(lab, trace) -> None:
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
    else:
        st.error("Failed: " + verdict + (" The step blew up, so the numbers are not finite."
                                         if ins.blew_up(trace) else ""))


RENDER = dict(zip(TABS, (forward_tab, errors_tab, updates_tab, equations_tab, loss_tab, check_tab)))


@st.fragment
def inspector() -> None:
    _act(state.lab())
    keep.arm()                  # a Step reruns only this fragment: update the leave-page guard
    lab = state.lab()
    if lab.last is None:
        st.info("Press **Step** to take one SGD step on the next training instance.")
        return
    task, trace = lab.last
    _instance(lab, task, trace)
    _warnings(lab, trace)
    _metrics(lab, trace)
    for name, tab in zip(TABS, st.tabs(TABS, key=TAB, on_change="rerun")):
        if tab.open:
            with tab:
                RENDER[name](lab, trace)


st.title("Step inspector")
controls(state.lab())
inspector()
