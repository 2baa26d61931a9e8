"""“Enter your own W and W′”: a student's own starting weights and the instance of the next
step, typed or pasted from a spreadsheet, a PDF or the slides (w2v_core.lab.own does the
work; w2v_core.readouts.matrix_text reads the text).

W is typed as V × N (row k = v of word k, in the vocabulary order shown beside the box); W′
as the slides write it, N × V (column j = v′_j; under HS the V − 1 inner nodes n1..n(V−1)),
or as word2vec.c's rows with the switch. What was typed is kept in session state (not only in
the widgets, which Streamlit forgets on another page), so nothing typed is ever lost; a box
nobody edited follows the lab's current values.
"""
from __future__ import annotations

import streamlit as st

from ui import labels, notes, state, trim
from ui.inspector.controls import HISTORY
from ui.inspector.keys import CHECK, PHASES
from ui.safe import md
from w2v_core.lab import own
from w2v_core.readouts.matrix_text import parse_input_matrix, parse_matrix, parse_output_matrix
from w2v_core.settings import ARCH_TITLES
from w2v_core.step.layers import LAYERS

TEXTS = "own_texts"          # {"W": text, "Wo": text, "fill_W": ..., "fill_Wo": ...}
PLACE = "own_weights"        # where this expander's notes are shown
MAX_NUMBERS = 4_000          # W and W′ together: the boxes are for small labs
MAX_V = 400                  # the instance pickers list every word
# Static CSS, no user text: the boxes in a fixed-width font, one row of W per line (no wrap).
BOX_CSS = """<style>
[class*="_own_W"] textarea { font-family: "Source Code Pro", monospace; font-size: 0.85rem;
  white-space: pre; overflow-wrap: normal; overflow-x: auto; }
</style>"""


def _hs(lab) -> bool:
    return not LAYERS[lab.settings.output].rows_are_words


def _out_names(lab) -> list[str]:
    if _hs(lab):
        return [labels.node(n) for n in range(lab.model.W_out.shape[0])]
    return list(lab.vocab.words)


def _text(M) -> str:
    """A matrix for a box: one row per line in aligned columns, every number with the
    fewest digits that read back as the same float (so that "Use these weights" on an
    unchanged box changes nothing, as the lab file and the link keep every digit too).

    >>> print(_text([[0.5, -0.25], [10.0, 1 / 3]]))
    0.5               -0.25
     10  0.3333333333333333
    """
    cells = [[repr(float(x)).removesuffix(".0") for x in row] for row in M]
    widths = [max(len(c) for c in column) for column in zip(*cells)] if cells else []
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(row, widths)).rstrip() for row in cells)


def _fills(lab, rows: bool) -> dict[str, str]:
    W_out = lab.model.W_out
    return {"W": _text(lab.model.W_in), "Wo": _text(W_out if rows else W_out.T)}


def _keep_texts(lab, prefix: str, rows: bool) -> None:
    """Put the kept text into each box before it is drawn; a box nobody edited follows the
    lab's current values."""
    kept = st.session_state.setdefault(TEXTS, {})
    fills = _fills(lab, rows)
    for name, fill in fills.items():
        key = f"{prefix}_own_{name}"
        text = st.session_state.get(key, kept.get(name))
        if text is None or text == kept.get("fill_" + name):
            text = fill
        st.session_state[key] = kept[name] = text
        kept["fill_" + name] = fill


def _readers(lab, rows: bool):
    """(read W′ in the chosen orientation, read it in the other)."""
    N, (n_out, hs) = lab.settings.dim, (lab.model.W_out.shape[0], _hs(lab))
    slides = lambda t: parse_output_matrix(t, n_out, N, hs)  # noqa: E731
    engine = lambda t: parse_matrix(t, n_out, N, "W′", symbols=("V − 1" if hs else "V", "N"))  # noqa: E731
    return (engine, slides) if rows else (slides, engine)


def _parse(lab, prefix: str):
    """(W, W′ as the engine stores it) from the boxes, or the list of every problem."""
    V, N = lab.model.W_in.shape
    rows = st.session_state.get(f"{prefix}_own_rows", False)
    read_out, other = _readers(lab, rows)
    out, problems = [], []
    for read, name in ((lambda t: parse_input_matrix(t, V, N), "W"), (read_out, "Wo")):
        text = st.session_state.get(f"{prefix}_own_{name}", "")
        try:
            out.append(read(text))
        except ValueError as err:
            turn = " (the numbers fit the other orientation: switch " + (
                "off" if rows else "on") + " “word2vec.c's rows”)"
            problems.append(f"{err}{turn if name == 'Wo' and _fits(other, text) else ''}")
    return (None, problems) if problems else (tuple(out), [])


def _fits(read, text) -> bool:
    try:
        read(text)
        return True
    except ValueError:
        return False


def _changed(new, what: str) -> None:
    st.session_state[state.LAB] = new
    st.session_state.pop(PHASES, None)
    st.session_state.pop(CHECK, None)
    st.session_state[HISTORY] = f"This history started when you {what}."


def _use_weights(prefix: str) -> None:
    lab = state.lab()
    weights, problems = _parse(lab, prefix)
    if problems:
        notes.leave(PLACE, "error", "Not applied (what you typed is kept): "
                    + "; ".join(problems) + ".")
        return
    try:
        new = own.start_from(lab, *weights)
    except ValueError as err:
        notes.leave(PLACE, "error", f"Not applied (what you typed is kept): {err}.")
        return
    _changed(new, "entered your own W and W′")
    notes.leave(PLACE, "success", "Your W and W′ are now the lab's starting weights: the "
                "model starts over from them (no steps taken). Reset returns to them, and the "
                "link and the lab file carry them.")


def _seeded() -> None:
    _changed(own.seeded(state.lab()), "went back to the seeded weights")
    notes.leave(PLACE, "info", "Back to the seeded weights (new W and W′ from the seed, no "
                               "steps taken).")


def _fill(prefix: str) -> None:
    lab = state.lab()
    fills = _fills(lab, st.session_state.get(f"{prefix}_own_rows", False))
    for name, fill in fills.items():
        st.session_state[f"{prefix}_own_{name}"] = fill


def _choose(prefix: str) -> None:
    lab = state.lab()
    inputs = st.session_state.get(f"{prefix}_own_in") or []
    predicted = st.session_state.get(f"{prefix}_own_out") or []
    if not inputs and not predicted:
        said = own.forget_pick(lab)
        notes.leave(PLACE, "info", "The next step takes the stream's instance"
                    + (" again." if said else " (no instance was chosen)."))
        return
    negatives = [st.session_state.get(f"{prefix}_own_neg{c}") or [] for c in range(len(predicted))]
    try:
        own.choose(lab, inputs, predicted, negatives if any(negatives) else None)
    except ValueError as err:
        notes.leave(PLACE, "error", f"Not chosen: {err}.")
        return
    notes.leave(PLACE, "success", f"Step {lab.steps_done + 1:,} takes your instance instead of "
                "the stream's (the stream waits); Undo and the link take it again.")


def _boxes(lab, prefix: str) -> None:
    V, N = lab.model.W_in.shape
    n_out, hs = lab.model.W_out.shape[0], _hs(lab)
    rows = st.session_state.get(f"{prefix}_own_rows", False)
    _keep_texts(lab, prefix, rows)
    height = lambda lines: min(60 + 24 * lines, 320)  # noqa: E731
    box, beside = st.columns([3, 1])
    box.text_area("W (input vectors)", key=f"{prefix}_own_W", height=height(V),
                  help="One row per line; spaces, tabs, commas or semicolons between numbers; "
                       "−0.5, 1e-3 and 1/4 are read too. Filled with the current values, every "
                       "digit kept (the shortest form that reads back as the same number).")
    beside.caption(f"V × N = {V} × {N}: row k is v_k, of word k in this order"
                   + ("" if hs else " (also the columns of W′)") + ":")
    beside.text("\n".join(f"{k + 1:>3} {w}" for k, w in enumerate(lab.vocab.words)))
    box, beside = st.columns([3, 1])
    box.text_area("W′ (output vectors)", key=f"{prefix}_own_Wo",
                  height=height(n_out if rows else N))
    beside.toggle("word2vec.c's rows", key=f"{prefix}_own_rows", persist_state="session",
                  help="Type W′ as word2vec.c stores it: one row per output vector.")
    shape = (f"{n_out} × {N}: row j is v′_j" if rows else f"N × {'(V − 1)' if hs else 'V'} = "
             f"{N} × {n_out}, as in the slides: column j is v′_j")
    beside.caption(shape + (f", the inner nodes n1..n{n_out} of the Huffman tree (as the "
                            "Hierarchical softmax page names them)." if hs
                            else ", in the vocabulary order."))


def _pickers(lab, prefix: str) -> None:
    st.caption("**The next step's instance** (instead of the stream's)")
    s, words = lab.settings, lab.vocab.words
    pick = own.next_pick(lab)
    mark = (id(lab), lab.steps_done, pick)
    if st.session_state.get(f"{prefix}_own_mark") != mark:        # show the lab's own pick
        st.session_state[f"{prefix}_own_mark"] = mark
        ins, outs = own.roles(s.arch, pick) if pick else ((), ())
        st.session_state[f"{prefix}_own_in"] = list(ins)
        st.session_state[f"{prefix}_own_out"] = list(outs)
        for c, row in enumerate((pick.negatives if pick else None) or ()):
            st.session_state[f"{prefix}_own_neg{c}"] = list(row)
    name = lambda k: f"{k + 1} {words[k]}"  # noqa: E731
    one_out = s.arch == "cbow" or s.convention == "word2vec.c"
    cols = st.columns([1, 1.6, 1.6])
    cols[0].multiselect("Input word(s)", range(len(words)), format_func=name,
                        max_selections=1 if s.arch == "skipgram" else None, key=f"{prefix}_own_in",
                        persist_state="session",
                        help=f"{ARCH_TITLES[s.arch]}: " + ("the centre word." if s.arch == "skipgram"
                                                           else "the context words."))
    predicted = cols[1].multiselect("Predicted word(s)", range(len(words)), format_func=name,
                                    max_selections=1 if one_out else None,
                                    key=f"{prefix}_own_out", persist_state="session")
    if lab.model.layer.samples_negatives:
        for c, j in enumerate(predicted):
            cols[2].multiselect(f"Negatives of {words[j]} (k = {s.negative})",
                                range(len(words)), format_func=name, max_selections=s.negative,
                                key=f"{prefix}_own_neg{c}", persist_state="session",
                                help="None chosen: drawn from the seeded generator.")
    st.caption("Now: " + (f"step {lab.steps_done + 1:,} takes "
                          f"{', '.join(md(words[k]) for k in own.roles(s.arch, pick)[0])} → "
                          f"{', '.join(md(words[k]) for k in own.roles(s.arch, pick)[1])}."
                          if pick else "the next step takes the stream's instance."))


def expander(lab, prefix: str) -> None:
    """The expander (``prefix`` keeps each page's widget keys apart); none when an
    instructor's trimmed link hides it (ui/trim.py)."""
    if not trim.shows("own"):
        return
    box = st.expander("Enter your own W and W′", key=f"{prefix}_own_open", on_change="rerun")
    if not box.open:        # drawn only when open: its boxes hold every weight as text,
        return              # which a page (and every Step) would otherwise send closed
    st.html(BOX_CSS)
    with box:
        notes.show(PLACE)
        V, N = lab.model.W_in.shape
        if V * N + lab.model.W_out.size > MAX_NUMBERS or V > MAX_V:
            st.caption(f"Own weights are for small labs (W and W′ together at most "
                       f"{MAX_NUMBERS:,} numbers, V ≤ {MAX_V}); this one has V = {V}, N = {N}.")
            return
        _boxes(lab, prefix)
        c = st.columns([1.3, 1.7, 1.2, 2.6])
        c[0].button("Use these weights", key=f"{prefix}_own_apply", type="primary",
                    on_click=_use_weights, args=(prefix,),
                    help="The lab starts over from these weights.")
        c[1].button("Back to seeded weights", key=f"{prefix}_own_seeded", on_click=_seeded,
                    disabled=lab.start is None)
        c[2].button("Current values", key=f"{prefix}_own_fill", on_click=_fill, args=(prefix,),
                    help="Fill both boxes with the lab's current W and W′ (what you typed is "
                         "replaced).")
        c[3].caption("Own starting weights: yes (Reset returns to them)." if lab.start is not None
                     else "Starting weights: from the seed.")
        _pickers(lab, prefix)
        st.button("Use this instance for the next step", key=f"{prefix}_own_pick",
                  on_click=_choose, args=(prefix,),
                  help="Leave both empty to give the next step back to the stream.")


def example_note(lab) -> str:
    """What a worked example's lab opened with, for the page's message ("" for other labs)."""
    pick = own.next_pick(lab)
    if lab.start is None or pick is None:
        return ""
    ins, outs = own.roles(lab.settings.arch, pick)
    words = lab.vocab.words
    return (f" It starts from the example's own W and W′ (see “Enter your own W and W′”), "
            f"with step {lab.steps_done + 1} on {', '.join(words[k] for k in ins)} → "
            f"{', '.join(words[k] for k in outs)} and η = {state.learning_rate():g}.")
