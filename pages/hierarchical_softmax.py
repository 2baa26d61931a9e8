"""Hierarchical softmax: the Huffman tree, how it is built, one word's path, the gradient along it.

Reads the lab from ui.state. Every number comes from w2v_core: the tree (huffman.py),
the path terms and the sum-to-one check (readouts/hierarchical_softmax.py), and the
instance's step under hierarchical softmax (readouts.three_outputs.instance_view: the lab's
own newest step when the lab trains with HS, else a preview on an HS copy of the lab's model).
"""
from dataclasses import replace

import pandas as pd
import streamlit as st

from ui import charts, labels, notes, state
from ui.figures.hs import (PRESENTER_ROW_PX, ROW_PX, eh_figure, node_label, path_figure,
                           queue_figure, tree_figure)
from ui.figures.tree_layout import layout_tree, path_expansion
from ui.safe import md, tex_word
from ui.tables import six_digits
from w2v_core.readouts.hierarchical_softmax import (eh_terms, flip_bit, path_probabilities,
                                                    path_terms, sums_to_one)
from w2v_core.readouts.three_outputs import CHOSEN_NOTE, chosen_next, instance_view
from w2v_core.step.layers import HierarchicalSoftmax
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

HS = HierarchicalSoftmax.name         # the layer this page is about

FULL_TREE_MAX = 60          # larger vocabularies show the chosen word's path and its siblings
PRESENTER_TREE_MAX = 14     # presenter mode: a whole tree of 14 leaves fits a 720-px screen
SUM_TOL = 1e-9


def _tree_max() -> int:
    """Most words drawn as a whole tree: in presenter mode, as many as fit on one screen."""
    return PRESENTER_TREE_MAX if charts.presenting() else FULL_TREE_MAX


def _follow(key: str, value: int, n: int, seen_key: str) -> None:
    """Point widget ``key`` at ``value`` when the instance changed or its state is out of range."""
    if st.session_state.get(seen_key) != (value, n) or st.session_state.get(key) not in range(n):
        st.session_state[key] = value
        st.session_state[seen_key] = (value, n)


def _switch_to_hs() -> None:
    notes.leave_error("hierarchical_softmax",
                      state.apply_settings(replace(state.lab().settings, output=HS)))


def words_md(lab, ids) -> str:
    return ", ".join(f"**{md(lab.vocab.words[int(i)])}**" for i in ids)


def intro(lab, view) -> None:
    charts.page_title("Hierarchical softmax")
    st.markdown(
        "The slides end on *limit the number of output vectors that must be updated per training "
        "instance*. Hierarchical softmax puts the V words at the leaves of a binary (Huffman) "
        "tree. Its V − 1 inner nodes n carry the output vectors v′ₙ (the columns of W′), and "
        "p(w | h) is a product of sigmoids along the path from the root to w. One prediction "
        "reads and updates only the L(w) nodes on that path, not all V word vectors.")
    notes.show("hierarchical_softmax")
    if lab.model.layer.signature != view.model.layer.signature:     # the page's own HS copy
        st.info(f"The lab trains with **{lab.settings.output}**. This page uses a "
                "hierarchical-softmax copy of it: the same vocabulary and W, with inner-node "
                f"vectors v′ₙ drawn from the lab's seed ({lab.settings.seed}). Switch the lab to "
                "see its own steps here and in the Step inspector (the lab starts over).")
        st.button("Switch the lab to hierarchical softmax", key="hs_switch",
                  on_click=_switch_to_hs)


def tree_section(lab, view) -> int:
    """The tree with the chosen word's path; returns the word chosen."""
    tree, words, V = view.model.tree, lab.vocab.words, lab.vocab.size
    st.header("The Huffman tree of this vocabulary")
    _follow("hs_word", int(view.trace.targets[0]), V, "hs_word_seen")
    word = st.selectbox("Word to follow (defaults to the word the instance predicts)", range(V),
                        key="hs_word", format_func=lambda w: words[w])
    whole, most = True, _tree_max()
    if V > most:
        whole = not charts.presenting() and st.checkbox(
            f"Draw all {V} words (zoom with the mouse)", key="hs_whole", value=False)
    layout = layout_tree(tree) if whole else layout_tree(tree, path_expansion(tree, word))
    charts.show(tree_figure(tree, layout, words, highlight=word,
                            row_px=charts.height(ROW_PX, PRESENTER_ROW_PX)), key="hs_tree")
    note = ("" if whole else f" With V = {V} > {most} words, only the path of the chosen "
            "word is opened; each triangle is a whole subtree (the sibling of a node on the path).")
    st.caption("Root on the left; each step right is one more bit of the code (0 = upper branch). "
               "Leaves show word (count); inner node nᵢ is column i of W′. Frequent words sit near "
               "the root, so their codes are short." + note)
    st.markdown(f"Code of **{md(words[word])}**: `{tree.code_string(word)}`, "
                f"L = {len(tree.codes[word])} node(s) on its path.")
    if st.toggle("Show every word's code", key="hs_all_codes"):
        st.dataframe(pd.DataFrame({"word": words, "count": tree.count[:V],
                                   "code": [tree.code_string(w) for w in range(V)],
                                   "L(w)": [len(c) for c in tree.codes]}),
                     hide_index=True, key="hs_codes")
    return word


def construction_section(lab, tree) -> None:
    words, V = lab.vocab.words, lab.vocab.size
    st.header("How the tree is built")
    st.markdown("word2vec.c keeps two queues: the words by ascending count, and the inner nodes "
                "in the order they are made. Each merge takes the two smallest counts (on a tie "
                "the inner node wins): the first gets bit 0, the second bit 1, and their parent "
                "joins the inner queue. Rare words are merged first and end up deep; frequent "
                "words wait until the end and are joined near the root.")
    merge = 0
    if V > 2:
        if st.session_state.get("hs_merge", 1) not in range(1, V):
            st.session_state.pop("hs_merge", None)
        merge = st.slider("Merge", 1, V - 1, 1, key="hs_merge") - 1
    m = tree.merges[merge]
    name = (lambda n: md(words[n]) if n < V else node_label(n, V))
    st.markdown(f"**Merge {merge + 1} of {V - 1}:** takes **{name(m.first)}** (count "
                f"{tree.count[m.first]}, bit 0) and **{name(m.second)}** (count "
                f"{tree.count[m.second]}, bit 1) and makes **{node_label(m.node, V)}** with count "
                f"{m.count}.")
    charts.show(queue_figure(tree, merge, words), key="hs_queues")
    if V <= _tree_max():
        forest = f"The forest after merge {merge + 1} (dotted: still to come)"
        charts.show(tree_figure(tree, layout_tree(tree), words, made=merge + 1, merge=merge,
                                title=forest, row_px=charts.height(ROW_PX, PRESENTER_ROW_PX)),
                    key="hs_build")
    else:
        st.caption(f"The growing forest is drawn for vocabularies of at most {_tree_max()} "
                   "words" + (" in presenter mode." if charts.presenting() else "."))


def path_section(lab, view, word: int) -> None:
    tree, trace, W_inner = view.model.tree, view.trace, view.model.W_out
    words, V = lab.vocab.words, lab.vocab.size
    st.header("p(w | h) along the path")
    chosen = chosen_next(lab) is not None
    step = "newest step" if lab.last is not None and not chosen else "next step"
    where = ("Instance of the lab's newest step: the same numbers as the Step inspector."
             if view.from_lab
             else "Instance the lab's next step will train (a preview: nothing changes)."
             if lab.model.layer.signature == view.model.layer.signature
             else f"Instance of the lab's {step}, computed on the hierarchical-softmax copy.")
    where += CHOSEN_NOTE if chosen else ""
    st.markdown(f"{where} Input word(s): {words_md(lab, trace.inputs)}; "
                f"predicted word(s): {words_md(lab, trace.targets)}.")
    if word not in trace.targets.tolist():
        st.caption(f"{md(words[word])} is not predicted by this instance; its p(w | h) is shown "
                   "for the same h.")
    terms = path_terms(W_inner, trace.h, tree, word)
    st.latex(r"p(" + tex_word(words[word]) + r" \mid h) = \prod_{n \in \text{path}} "
             r"\sigma\big((2t_n - 1)\, v'^{T}_{n} h\big),\qquad t_n = 1 - \text{code}_n")
    st.dataframe(pd.DataFrame({
        "node n": [labels.node(n) for n in terms.nodes], "code": terms.codes,
        "t = 1 − code": terms.t, "v′ₙ·h": terms.x, "σ(v′ₙ·h)": terms.sigma,
        "factor σ(±v′ₙ·h)": terms.factor, "product so far": terms.running, "σ − t": terms.err}),
        hide_index=True, key="hs_path",
        column_config=six_digits("v′ₙ·h", "σ(v′ₙ·h)", "factor σ(±v′ₙ·h)", "product so far",
                                 "σ − t"))
    st.metric(f"p({md(words[word])} | h), the product of the factors", f"{terms.prob:.6g}")
    charts.show(path_figure(terms, V), key="hs_path_fig")

    st.subheader("Check: the V probabilities sum to 1 (eq. 43)")
    check = sums_to_one(path_probabilities(W_inner, trace.h, tree.codes, tree.points), SUM_TOL)
    (st.success if check.passed else st.error)(
        f"Σ over all {V} words of p(w | h) = {check.total:.12f} (|Σ − 1| = "
        f"{check.deviation:.1e}): "
        + ("it sums to 1, as σ(x) + σ(−x) = 1 splits each node's mass between its two children."
           if check.passed else "it does not sum to 1."))
    if st.checkbox(f"Corrupt the tree: flip the first bit of {md(words[word])}'s code",
                   key="hs_flip"):
        bad = sums_to_one(path_probabilities(W_inner, trace.h, flip_bit(tree.codes, word, 0),
                                             tree.points), SUM_TOL)
        (st.warning if not bad.passed else st.info)(
            f"With the bit flipped, Σ p(w | h) = {bad.total:.12f}: "
            + ("the check fails. The word now takes the root's other branch with the sigmoid of "
               "the wrong sign, so the products no longer split the root's mass exactly."
               if not bad.passed else
               "the check still passes, because v′·h = 0 at the root, so both branches weigh "
               "1/2."))


def gradient_section(lab, view) -> None:
    tree, trace, W_inner = view.model.tree, view.trace, view.model.W_out
    words, V = lab.vocab.words, lab.vocab.size
    st.header("The gradient along the path")
    st.markdown("Each node on a predicted word's path gets the error σ(v′ₙ·h) − tₙ (eq. 49): its "
                "vector moves by v′ₙ ← v′ₙ − η (σ − tₙ) h (eq. 51), and the error sent back to h "
                "is EH = Σ (σ − tₙ) v′ₙ (eq. 54), summed over the paths of all predicted words.")
    rows = [(words[p.word], labels.node(n), int(c), t, x, s, e) for p in trace.out.paths
            for n, c, t, x, s, e in zip(p.nodes, p.codes, p.t, p.x, p.sigma, p.err)]
    st.dataframe(pd.DataFrame(rows, columns=["word", "node", "code", "t", "v′ₙ·h", "σ", "σ − t"]),
                 hide_index=True, key="hs_trace_paths",
                 column_config=six_digits("v′ₙ·h", "σ", "σ − t"))
    e_words, e_nodes, e_terms = eh_terms(W_inner, trace.h, tree, trace.targets)
    charts.show(eh_figure(e_words, e_nodes, e_terms, trace.EH, V, words), key="hs_eh")
    names = [f"EH{i}" for i in labels.dims(len(trace.EH))]
    st.dataframe(pd.DataFrame([trace.EH], columns=names), hide_index=True, key="hs_eh_table",
                 column_config=six_digits(*names))
    st.caption(f"{len(trace.out_rows)} output vector(s) updated by this instance, instead of "
               f"V = {V} with full softmax.")


hs_view = instance_view(state.lab(), HS)
intro(state.lab(), hs_view)
followed = tree_section(state.lab(), hs_view)
construction_section(state.lab(), hs_view.model.tree)
path_section(state.lab(), hs_view, followed)
gradient_section(state.lab(), hs_view)
