"""“Check my answers” on the Hand-check sheet: the step's results hidden, an Answer box beside
each quantity (h_i, u_j, y_j, e_j or EI_j, EH_i, E, every element of the new vectors), and
for each typed number right or wrong to 2-6 significant digits, the likely mistake of a wrong
one with its equation, and a running count. The arithmetic and the catalogue of mistakes are
w2v_core.readouts' (sheet_answers, answers, mistakes); this module lays them out.

One text box per answer (they work the same in AppTest and in a browser); the boxes sit in
the inspector's fragment, so typing reruns only the fragment. What was typed is kept in
session state by step, so another panel or page loses nothing; a new step starts empty. A
large vocabulary under full softmax gets boxes for ANSWER_ROWS rows of W′ (the predicted
words first), and says so.
"""
from __future__ import annotations

import streamlit as st

from ui.labels import out_names
from ui.safe import md
from w2v_core.readouts.answers import DIGITS, rule
from w2v_core.readouts.mistakes import mistake_values
from w2v_core.readouts.sheet_answers import answer_groups, check, tally

ON, DIGITS_KEY = "ans_on", "ans_digits"          # the switch and the digits (widgets)
KEPT = "ans_kept"          # {"on": bool, "digits": int} kept while the widgets are not drawn
TEXTS = "ans_texts"        # {"mark": the step, "texts": {cell key: text}}
MADE = "ans_made"          # (the step, mistakes.mistake_values of it)
BOX = "ans_box_"           # prefix of the answer boxes' keys
GIVEN = ("The instance",)  # the sheet's tables shown while checking, and every ", before"


def _mark(trace) -> tuple:
    """The step the answers are about: the same numbers give the same mark (a step undone
    and taken again keeps its answers)."""
    return (trace.arch, trace.output, trace.center, trace.context, trace.lr, trace.loss,
            trace.h.tobytes(), trace.out_before.tobytes()[:4096])


def _texts(trace) -> dict:
    kept = st.session_state.get(TEXTS)
    if kept is None or kept["mark"] != _mark(trace):          # a new step: empty boxes
        for key in [k for k in st.session_state if str(k).startswith(BOX)]:
            del st.session_state[key]
        kept = st.session_state[TEXTS] = {"mark": _mark(trace), "texts": {}}
    return kept["texts"]


def _made(trace):
    """The catalogue's values for this step, once (only when some answer is typed)."""
    typed = any(str(v).strip() for k, v in st.session_state.items() if str(k).startswith(BOX))
    if not typed:
        return None
    cached = st.session_state.get(MADE)
    if cached is None or cached[0] != _mark(trace):
        cached = st.session_state[MADE] = (_mark(trace), mistake_values(trace))
    return cached[1]


def _box(where, cell, texts: dict) -> str:
    key = BOX + cell.key
    if key not in st.session_state:
        st.session_state[key] = texts.get(cell.key, "")
    text = where.text_input(cell.label, key=key, label_visibility="collapsed",
                            placeholder=cell.label)
    texts[cell.key] = text
    return text


def _verdict(where, v) -> None:
    if v.answer.error:
        where.caption(f":orange[{md(v.answer.error)}]")
    elif v.right:
        where.markdown(":green[✓ right]")
    elif v.right is False:
        where.markdown(":red[✗ wrong]")


def _group(trace, group, texts: dict, digits: int, made) -> list:
    st.markdown(f"**{md(group.title)}** ({group.equations})")
    widths = [1.4] + [2.0] * max(len(group.columns), 3)     # a lone box is as wide as three
    for col, name in zip(st.columns(widths)[1:], group.columns):
        col.caption(md(name))
    verdicts = []
    for label, cells in group.rows:
        cols = st.columns(widths)
        cols[0].markdown(md(label))
        for col, cell in zip(cols[1:], cells):
            v = check(trace, cell, _box(col, cell, texts), digits, made)
            _verdict(col, v)
            verdicts.append((cell, v))
    for cell, v in verdicts:
        if v.right is False:
            st.markdown(f"- **{md(cell.label)}** is not right to {digits} significant digits. "
                        + (" ".join(md(s) for s in v.sentences) if v.sentences else
                           f"None of the usual mistakes gives this value: redo eq. {v.equation}."))
    return [v for _, v in verdicts]


def _settings() -> tuple[bool, int]:
    """The switch and the digits, kept across panels and pages."""
    kept = st.session_state.setdefault(KEPT, {"on": False, "digits": 3})
    st.session_state.setdefault(ON, kept["on"])
    st.session_state.setdefault(DIGITS_KEY, kept["digits"])
    on = st.toggle("Check my answers", key=ON,
                   help="Hides the step's results; type your own numbers beside each quantity.")
    kept["on"] = on
    return on, kept["digits"]


def _given(trace, sheet, table) -> None:
    st.markdown(f"**What the step starts from** (η = {trace.lr:g})")
    for n, t in enumerate(sheet.tables):
        if t.title in GIVEN or t.title.endswith(", before"):
            st.caption(md(t.title))
            table(t, f"ans_given_{n}")
    if len(trace.inputs) > 1:
        share = float(trace.in_share[0])
        st.caption(f"Each context vector changes by {share:g} · η · EH ("
                   + ("1/C, Rong's eq. 23)." if trace.convention == "rong" else "word2vec.c)."))


def checking(lab, trace, sheet, table) -> bool:
    """The switch; when it is on, the answer sheet instead of the results (True). ``table``
    draws one of the sheet's tables (updates.py's)."""
    on, digits = _settings()
    if not on:
        return False
    left, right = st.columns([2, 3])
    digits = left.radio("Significant digits", list(range(DIGITS[0], DIGITS[1] + 1)),
                        key=DIGITS_KEY, horizontal=True)
    st.session_state[KEPT]["digits"] = digits
    right.caption(rule(digits))
    count = st.empty()
    _given(trace, sheet, table)
    groups, left_out = answer_groups(trace, lab.vocab.words, out_names(lab, trace))
    if left_out:
        st.caption(f"Answer boxes for {len(trace.out_rows) - left_out} of the "
                   f"{len(trace.out_rows):,} rows of W′ this step changes (the predicted "
                   "words first); the sheet's tables and downloads have them all.")
    texts, made = _texts(trace), _made(trace)
    verdicts = [v for g in groups for v in _group(trace, g, texts, digits, made)]
    right_n, checked = tally(verdicts)
    count.markdown(f"**Running count: {right_n} right of {checked} checked** "
                   f"({len(verdicts)} answers on this sheet).")
    return True
