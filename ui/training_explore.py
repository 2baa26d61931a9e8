"""The Training page's explore section: PCA over the snapshots, nearest neighbours and
analogies, a similarity heatmap, for one set of vectors (``training_state.VectorSet``).

Each tab is a fragment, so a widget in one tab reruns only that tab. Every number comes
from w2v_core (projection, similarity); figures from ui.figures.train.
"""
import streamlit as st

from ui import charts
from ui import training_state as ts
from ui.figures.train import pca_animation, similarity_heatmap
from ui.safe import md
from ui.tables import as_table, table
from w2v_core.vectors.similarity import analogy, nearest, similarity_matrix
from w2v_core.readouts.training import frames_of, project_frames
from w2v_core.text import content_words

BASES = {"fixed": "fixed axes (fitted on the final vectors)", "refit": "refit every frame"}
WHICH = {"W": "input vectors W", "W'": "output vectors W′", "both": "both"}
SOURCES = {"trained": "Trained on this page", "imported": "Imported file",
           "lab": "Step inspector's lab"}


def pca_tab(vs: ts.VectorSet) -> None:
    c = st.columns([3, 2, 2])
    basis = c[0].radio("Axes", list(BASES), format_func=BASES.get, key="tr_basis",
                       help="Fixed axes: motion on screen is motion of the vectors. Refit: each "
                            "frame's own main directions, signs aligned with the previous frame.")
    which_options = list(WHICH) if vs.W_out is not None else ["W"]
    which = c[1].radio("Vectors", which_options, format_func=WHICH.get, key=f"tr_which_{vs.uid}")
    if vs.W_out is None:
        c[1].caption("W′ has no row per word here (hierarchical softmax, or a vector file).")
    followed_default = [w for w in ts.default_highlight(vs.words, vs.key)
                        if w in ts.choices(vs.words)]
    count = c[2].slider("Also show the most frequent words", 0, min(300, len(vs.words)),
                        0 if len(followed_default) >= ts.MIN_SHOWN else min(40, len(vs.words)),
                        key=f"tr_count_{vs.uid}")
    labels_on = c[2].toggle("Label every point", value=False, key="tr_labels",
                          help="The followed words are always labelled.")
    follow = st.multiselect("Words to follow (trail, colour, always shown)",
                            ts.choices(vs.words), key=f"tr_follow_{vs.uid}",
                            default=followed_default)
    rows, followed = ts.plot_rows(vs.words, follow, count)
    words = [vs.words[r] for r in rows]
    groups = ts.word_groups(words, vs.key)
    if which == "both":
        words, groups = words + [w + "′" for w in words], ["W"] * len(rows) + ["W′"] * len(rows)
        followed = followed + [len(rows) + f for f in followed]
    try:
        proj = project_frames(frames_of(vs.snapshots, rows, which), basis)
    except ValueError as err:
        st.error(md(f"{err}."))
        return
    timeline = len(vs.snapshots) > 1
    frame_words = [w for w, _, _ in vs.snapshots]
    shown = _snapshot_slider(frame_words) if timeline else 0
    charts.plot(pca_animation(proj.coords, words, highlight=followed, groups=groups,
                                  frame_words=frame_words,
                                  total_words=vs.total_words or None,
                                  explained=proj.explained, show_labels=labels_on,
                                  title=f"PCA of {WHICH[which]}", shown=shown), key="tr_pca",
                width="content")                 # its own width: its labels' scale is known
    if as_table("Show this snapshot as a table", key="tr_pca_as_table"):
        table({"word": words, "PC1": proj.coords[shown, :, 0], "PC2": proj.coords[shown, :, 1]},
              key="tr_pca_table")
    final = proj.explained[-1]
    st.caption((f"{len(vs.snapshots)} snapshots. In the last one, " if timeline else
                "One snapshot (these vectors have no training history here): ")
               + f"PC1 carries {100 * final[0]:.1f}% and PC2 {100 * final[1]:.1f}% of the "
               f"variance of the {len(words)} plotted vectors (PCA is fitted on these words "
               "only)." + (" Press Play to watch training; the dotted lines are the followed "
                           "words' paths so far." if timeline else ""))


def _snapshot_slider(frame_words) -> int:
    """The snapshot the figure opens on: a slider that the keyboard reaches (← → step through
    the snapshots; Plotly's own Play and slider are for the mouse, and are hidden when the
    system asks for reduced motion: ui/a11y.py)."""
    F = len(frame_words)
    return st.select_slider(
        "Snapshot (← → step through training)", range(F), value=F - 1, key="tr_snapshot",
        format_func=lambda k: f"{k + 1} of {F}: after {frame_words[k]:,} words")


def neighbours_tab(vs: ts.VectorSet) -> None:
    left, right = st.columns(2, gap="large")
    hl = ts.default_highlight(vs.words, vs.key)
    with left:
        st.markdown("**Nearest neighbours** (cosine similarity of W rows)")
        query = st.text_input("Word", value=hl[0] if hl else vs.words[0],
                              key=f"tr_query_{vs.uid}").strip()
        topn = st.slider("How many", 1, 20, 8, key="tr_topn")
        try:
            st.dataframe(_table(nearest(vs.words, vs.W, query, topn)), hide_index=True)
        except ValueError as err:
            st.error(md(f"{err}."))
    with right:
        st.markdown("**Analogy**: b − a + c, the top 5 (a : b :: c : ?)")
        defaults = ("king", "man", "woman") if {"king", "man", "woman"} <= set(vs.words) else \
            tuple(((content_words(vs.words, 3) or vs.words) * 3)[:3])
        c = st.columns(3)
        b = c[0].text_input("b", defaults[0], key=f"tr_b_{vs.uid}").strip()
        a = c[1].text_input("− a", defaults[1], key=f"tr_a_{vs.uid}").strip()
        cc = c[2].text_input("+ c", defaults[2], key=f"tr_c_{vs.uid}").strip()
        try:
            st.dataframe(_table(analogy(vs.words, vs.W, a, b, cc, topn=5)), hide_index=True)
        except ValueError as err:
            st.error(md(f"{err}."))


def _table(pairs) -> dict:
    return {"rank": list(range(1, len(pairs) + 1)), "word": [w for w, _ in pairs],
            "cosine": [round(s, 4) for _, s in pairs]}


def heatmap_tab(vs: ts.VectorSet) -> None:
    options = ts.choices(vs.words)
    chosen = st.multiselect("Words (up to 30)", options, max_selections=30,
                            default=[w for w in ts.default_highlight(vs.words, vs.key)
                                     if w in options], key=f"tr_heat_{vs.uid}")
    if len(chosen) < 2:
        st.info("Choose at least two words.")
        return
    charts.plot(similarity_heatmap(similarity_matrix(vs.words, vs.W, chosen), chosen),
                key="tr_heat")


def explore() -> ts.VectorSet:
    sets = ts.sources()
    if st.session_state.get(ts.SOURCE) not in sets:
        st.session_state[ts.SOURCE] = next(iter(sets))
    key = st.segmented_control("Vectors to explore", list(sets), format_func=SOURCES.get,
                               key=ts.SOURCE, required=True)
    vs = sets[key]
    st.caption(f"{md(vs.name)}: V = {len(vs.words):,} words, N = {vs.W.shape[1]}.")
    tabs = st.tabs(["PCA over time", "Neighbours & analogies", "Similarity heatmap"])
    for tab, show in zip(tabs, (pca_tab, neighbours_tab, heatmap_tab)):
        with tab:
            st.fragment(show)(vs)       # a widget in one tab reruns only that tab
    return vs
