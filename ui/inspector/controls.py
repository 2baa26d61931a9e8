"""The Step inspector's settings: corpus, architecture, output layer, N, window, k, eta, seed,
W' initialisation and the word2vec.c switch. Each widget's callback rebuilds the lab through
ui.state and leaves a note for the page (ui.notes); the widgets always show the lab's own
settings (another page, or a refused change, may have moved them).

Two layouts: two rows of widgets, or (presenter mode) everything inside one "Settings"
popover of the compact bar.
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ui import equations as eq
from ui import notes, state, trim
from ui.inspector.keys import CHECK
from w2v_core.corpora import load_preset
from w2v_core.step.layers import LAYERS
from w2v_core.settings import (ARCH_TITLES, INIT_TITLES, LEARNING_RATE, OUTPUT_TITLES, RANGES)

CONTROLS = {"insp_arch": "arch", "insp_output": "output", "insp_dim": "dim",   # widget -> setting
            "insp_window": "window", "insp_k": "negative", "insp_seed": "seed", "insp_init": "init"}
W2VC, LR_KEY, CORPUS_KEY = "insp_w2vc", "insp_lr", "insp_corpus"
CURRENT = "__current__"           # the corpus option when the lab's corpus is not a preset
OWN = "Your own text (Corpus lab)"
PLACE = "inspector"               # where the notes of these callbacks are shown
HISTORY = "insp_history_note"     # why the current loss history started (for the Loss panel)
TITLES = state.PRESET_TITLES


def _widget_values(settings) -> dict:
    values = {key: getattr(settings, name) for key, name in CONTROLS.items()}
    values[W2VC] = settings.convention == "word2vec.c"
    values[CORPUS_KEY] = state.preset() or CURRENT
    values[LR_KEY] = state.learning_rate()
    return values


def sync_widgets(settings) -> None:
    """Show the lab's settings in the widgets."""
    for key, value in _widget_values(settings).items():
        if st.session_state.get(key) != value:
            st.session_state[key] = value


def _apply_controls() -> None:
    lab = state.lab()
    new = replace(lab.settings, **{name: st.session_state[key] for key, name in CONTROLS.items()},
                  convention="word2vec.c" if st.session_state[W2VC] else "rong")
    V, lowered = lab.vocab.size, ""
    starts_sampling = LAYERS[new.output].samples_negatives and not lab.model.layer.samples_negatives
    if starts_sampling and new.negative != lab.settings.negatives_for(V):
        new = replace(new, negative=lab.settings.negatives_for(V))   # the k box was off
        lowered = (f" Negative sampling starts at k = {new.negative} on this vocabulary of "
                   f"V = {V} words (k < V, and few repeats on a small one); k is in the settings.")
    error = state.apply_settings(new)
    if error:
        sync_widgets(lab.settings)
        notes.leave(PLACE, "error", error)
        return
    changed = ", ".join(lab.settings.changed(new))
    start = "your own W and W′" if state.lab().start is not None else "new W and W′"
    notes.leave(PLACE, "info", f"Settings changed ({changed}): the model was reset ({start}, "
                               "no steps taken), so the loss history starts again." + lowered)
    st.session_state[HISTORY] = f"This history started when you changed {changed}."
    st.session_state.pop(CHECK, None)


def _apply_lr() -> None:
    st.session_state[state.LR] = float(st.session_state[LR_KEY])
    notes.leave(PLACE, "info", f"η = {eq.number(st.session_state[LR_KEY])} from the next step on; "
                               "the model is kept.")


def _apply_corpus() -> None:
    key = st.session_state[CORPUS_KEY]
    if key == CURRENT:
        return
    error = state.load_corpus(load_preset(key), TITLES[key], key)
    if error:
        notes.leave(PLACE, "error", error)
        sync_widgets(state.lab().settings)
        return
    from ui.own_weights import example_note          # it builds on these controls
    vocab = state.lab().vocab
    notes.leave(PLACE, "success", f"Loaded {TITLES[key]}: V = {vocab.size} words, "
                                  f"T = {vocab.total:,} tokens; new W and W′, no steps taken."
                                  + example_note(state.lab()))
    st.session_state[HISTORY] = f"This history started when you loaded {TITLES[key]}."


def _corpus_box(where) -> None:
    where.selectbox("Corpus", [*TITLES, CURRENT], key=CORPUS_KEY, on_change=_apply_corpus,
                    format_func=lambda k: OWN if k == CURRENT else TITLES[k],
                    help="A preset; paste or upload your own text in the Corpus lab.")


def _number(where, label, key, name, **kw) -> None:
    r = RANGES[name]
    where.number_input(label, int(r.low), int(r.high), key=key, on_change=_apply_controls, **kw)


def _choices(cols) -> None:
    cols[0].selectbox("Architecture", list(ARCH_TITLES), format_func=ARCH_TITLES.get,
                      key="insp_arch", on_change=_apply_controls)
    cols[1].selectbox("Output layer", list(OUTPUT_TITLES), format_func=OUTPUT_TITLES.get,
                      key="insp_output", on_change=_apply_controls)
    cols[2].selectbox("W′ starts as", list(INIT_TITLES), format_func=INIT_TITLES.get,
                      key="insp_init", on_change=_apply_controls)
    cols[3].toggle("Use word2vec.c", key=W2VC, on_change=_apply_controls,
                   help="word2vec.c's conventions where they differ from the slides: skip-gram "
                        "trains one (context → centre) pair per step; CBOW adds the full η·EH to "
                        "every context vector, without the 1/C.")


def _numbers(cols, lab) -> None:
    _number(cols[0], "N (hidden size)", "insp_dim", "dim", help="the length of every word vector")
    _number(cols[1], "window", "insp_window", "window", disabled=lab.pairs,
            help="explicit training pairs: each line is one instance, the window does not "
                 "apply" if lab.pairs else "maximal radius; each centre word draws R from 1 "
                 "to window")
    _number(cols[2], "k (negatives)", "insp_k", "negative", disabled=not lab.model.layer.samples_negatives,
            help="negatives per prediction; used by negative sampling only, and must be < V")
    if trim.shows("eta"):
        _eta(cols[3])
    _number(cols[4], "seed", "insp_seed", "seed",
            help="one seed for W, W′, the window radii and the negatives")


def _eta(where) -> None:
    where.number_input("η (learning rate)", LEARNING_RATE.low, LEARNING_RATE.high, step=0.05,
                       format="%g", key=LR_KEY, on_change=_apply_lr,
                       help="changing η keeps the model")


def any_shown() -> bool:
    """Whether a trimmed link (ui/trim.py) leaves any of these controls to the student."""
    return any(trim.shows(c) for c in ("corpus", "settings", "eta"))


def controls(lab, where=st) -> None:
    """Every setting, in two rows (or in ``where``, the presenter bar's popover); those an
    instructor's trimmed link hides are left out."""
    sync_widgets(lab.settings)
    if trim.shows("settings"):
        top = [where.container(horizontal=True, gap="small")] * 5   # a phone: wraps
        if trim.shows("corpus"):
            _corpus_box(top[0])
        _choices(top[1:])
        _numbers([where.container(horizontal=True, gap="small")] * 5, lab)
        return
    boxes = [box for control, box in (("corpus", _corpus_box), ("eta", _eta))
             if trim.shows(control)]
    for box, col in zip(boxes, where.columns([1.4, 1.1, 2.5])):
        box(col)
