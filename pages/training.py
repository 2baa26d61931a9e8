"""Training: train on a whole corpus with the fast trainer and watch the vectors learn.

Training runs in a background thread (ui.training_state.TrainingJob); one fragment polls it
every POLL_SECONDS for the progress bar and the Stop button, another every LOSS_SECONDS for
the live loss curve. The trained vectors are kept apart from the step inspector's lab
(only "Restore a lab" replaces the lab, on purpose). Then: PCA over the snapshots,
nearest neighbours, analogies, a similarity heatmap; export and import. Settings and each
explore tab are fragments, so a widget there reruns only its own part of the page.
Every number comes from w2v_core (trainer, projection, similarity); figures from
ui.figures_train.
"""
import streamlit as st

from ui import training_state as ts
from ui.figures.train import loss_figure, pca_animation, similarity_heatmap
from ui.safe import md
from w2v_core.corpora import get_preset
from w2v_core.readouts.training import frames_of, project_frames
from w2v_core.fast.similarity import analogy, nearest, similarity_matrix
from w2v_core.fast.trainer import TrainConfig

D = ts.PAGE_CONFIG
ARCHS = {"skipgram": "skip-gram", "cbow": "CBOW"}
OUTPUTS = {"ns": "negative sampling", "hs": "hierarchical softmax", "softmax": "full softmax"}
SAMPLES = (0.0, 1e-5, 1e-4, 1e-3, 1e-2)
BASES = {"fixed": "fixed axes (fitted on the final vectors)", "refit": "refit every frame"}
WHICH = {"W": "input vectors W", "W'": "output vectors W′", "both": "both"}
SOURCES = {"trained": "Trained on this page", "imported": "Imported file",
           "lab": "Step inspector's lab"}
CHART = dict(config={"displayModeBar": False})


def _show_note(place: str) -> None:
    kind, text = ts.pop_note(place)
    if kind is not None:
        getattr(st, kind)(md(text))     # messages quote file names and words


def _start() -> None:
    s = st.session_state
    try:
        config = TrainConfig(arch=s.tr_arch, output=s.tr_output, dim=s.tr_dim, window=s.tr_window,
                             negative=s.tr_negative, epochs=s.tr_epochs, alpha=s.tr_alpha,
                             sample=s.tr_sample, min_count=s.tr_min_count, seed=s.tr_seed,
                             snapshots=s.tr_frames)
    except ValueError as err:
        ts.note("error", f"{err}. Nothing was trained.")
        return
    ts.start(s.tr_corpus, config)


def _suggest_epochs() -> None:
    st.session_state.tr_epochs = ts.suggested_epochs(st.session_state.tr_corpus)


def first_example() -> None:
    st.subheader("First example: king − man + woman")
    t = ts.trained()
    words = list(t.result.vocab.words) if t else []
    if t is None or not {"king", "man", "woman"} <= set(words):
        st.info("Train on **Royalty and gender** with the default settings below (a few "
                "seconds). Then the word whose vector is nearest to v(king) − v(man) + v(woman) "
                "should be **queen**: the difference woman − man is learned as a direction.")
        return
    top = analogy(words, t.result.W_in, "man", "king", "woman", topn=5)
    left, right = st.columns([2, 3])
    left.dataframe({"rank": list(range(1, len(top) + 1)), "word": [w for w, _ in top],
                    "cosine": [s for _, s in top]}, hide_index=True,
                   column_config={"cosine": st.column_config.NumberColumn(format="%.3f")})
    right.markdown(f"After training on **{md(t.corpus_name)}**, the word nearest to "
                   f"king − man + woman is **{md(top[0][0])}** (cosine {top[0][1]:.3f}).")
    right.caption("3CosAdd: the unit vectors of king and woman added, man's subtracted, and the "
                  "query words themselves left out, as word2vec.c's word-analogy and gensim do.")


def settings_form(busy: bool) -> None:
    c = st.columns([3, 2, 2])
    c[0].selectbox("Corpus", ts.corpus_choices(), key="tr_corpus", format_func=ts.corpus_title,
                   disabled=busy, on_change=_suggest_epochs)
    c[1].segmented_control("Model", list(ARCHS), default=D.arch, required=True, key="tr_arch",
                           format_func=ARCHS.get, disabled=busy)
    c[2].selectbox("Output layer", list(OUTPUTS), key="tr_output", format_func=OUTPUTS.get,
                   disabled=busy)
    c = st.columns(6)
    c[0].number_input("N (dim)", 2, 300, D.dim, key="tr_dim", disabled=busy)
    c[1].number_input("window", 1, 10, D.window, key="tr_window", disabled=busy)
    st.session_state.setdefault("tr_epochs", ts.suggested_epochs(st.session_state.tr_corpus))
    c[2].number_input("epochs", 1, 200, key="tr_epochs", disabled=busy,
                      help="Suggested when the corpus is chosen: about 500,000 words in all.")
    c[3].number_input("k negatives", 1, 20, D.negative, key="tr_negative", disabled=busy,
                      help="Used by negative sampling only.")
    c[4].number_input("α (start)", 0.0001, 1.0, D.alpha, format="%.4f", key="tr_alpha",
                      disabled=busy, help="Falls linearly to α·10⁻⁴ over all epochs.")
    c[5].number_input("snapshots", 2, 60, D.snapshots, key="tr_frames", disabled=busy,
                      help="Copies of W and W′ spread evenly over training: the PCA frames.")
    with st.expander("More settings"):
        c = st.columns(3)
        c[0].selectbox("sample (subsampling)", SAMPLES, index=SAMPLES.index(D.sample),
                       key="tr_sample", format_func=lambda v: "0 (off)" if v == 0 else f"{v:g}",
                       disabled=busy)
        c[1].number_input("min_count", 1, 1000, D.min_count, key="tr_min_count", disabled=busy)
        c[2].number_input("seed", 0, 2**31 - 1, D.seed, key="tr_seed", disabled=busy)
    st.caption(get_preset(st.session_state.tr_corpus).description
               if st.session_state.tr_corpus != ts.LAB_CORPUS else
               "The corpus loaded in the Corpus lab. Training here never changes the lab.")


def progress_panel() -> None:
    """Polled every POLL_SECONDS while a job runs: the progress bar and Stop."""
    job = ts.job()
    if job is None:
        return
    if not job.running:
        st.rerun()                      # the full run collects the result
    p, words, losses = job.view()
    if p is None:
        st.progress(0.0, text="Starting: building the vocabulary and encoding the corpus…")
    else:
        st.progress(ts.progress_fraction(p), text=ts.progress_text(p))
    st.button("Stop", key="tr_stop", on_click=ts.stop, icon=":material/stop:",
              disabled=job.stop_requested.is_set(),
              help="Stops after the current chunk of words and keeps what was learned.")


def live_loss() -> None:
    """Polled every LOSS_SECONDS while a job runs: the loss curve so far."""
    job = ts.job()
    if job is None:
        return
    if not job.running:
        st.rerun()
    p, words, losses = job.view()
    st.plotly_chart(loss_figure(words, losses, p.total_words if p else None), key="tr_live_loss",
                    **CHART)


def last_run() -> None:
    t = ts.trained()
    if t is None or ts.running():
        return
    r = t.result
    for col, (label, value) in zip(st.columns(4), (
            ("Words processed", f"{r.words_done:,}"), ("Time", ts.duration(r.seconds)),
            ("Words per second", f"{r.words_per_second:,.0f}"),
            ("Last loss", f"{r.losses[-1]:.3f}" if len(r.losses) else "–"))):
        col.metric(label, value)
    c = r.config
    st.caption(f"{md(t.corpus_name)}: V = {r.vocab.size:,} words, N = {c.dim}, "
               f"{ARCHS[c.arch]}, {OUTPUTS[c.output]}, window {c.window}, seed {c.seed}; "
               + (f"stopped after {r.words_done:,} of {t.total_words:,} words."
                  if r.stopped_early else f"all {c.epochs} epochs ({t.total_words:,} words)."))
    st.plotly_chart(loss_figure(r.loss_words, r.losses, t.total_words), key="tr_loss", **CHART)


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
    labels_on = c[2].toggle("Label every point", value=True, key="tr_labels")
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
    st.plotly_chart(pca_animation(proj.coords, words, highlight=followed, groups=groups,
                                  frame_words=[w for w, _, _ in vs.snapshots],
                                  total_words=vs.total_words or None,
                                  explained=proj.explained, show_labels=labels_on,
                                  title=f"PCA of {WHICH[which]}"), key="tr_pca", **CHART)
    final = proj.explained[-1]
    st.caption((f"{len(vs.snapshots)} snapshots. In the last one, " if timeline else
                "One snapshot (these vectors have no training history here): ")
               + f"PC1 carries {100 * final[0]:.1f}% and PC2 {100 * final[1]:.1f}% of the "
               f"variance of the {len(words)} plotted vectors (PCA is fitted on these words "
               "only)." + (" Press Play to watch training; the dotted lines are the followed "
                           "words' paths so far." if timeline else ""))


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
            tuple((vs.words * 3)[:3])
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
    st.plotly_chart(similarity_heatmap(similarity_matrix(vs.words, vs.W, chosen), chosen),
                    key="tr_heat", **CHART)


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


def save_and_load(vs: ts.VectorSet) -> None:
    c = st.columns(3, gap="large")
    with c[0]:
        st.markdown(f"**Download these vectors** (W, {len(vs.words):,} words)")
        for binary, ext in ((False, "txt"), (True, "bin")):
            st.download_button(f"word2vec {'binary' if binary else 'text'} (.{ext})",
                               lambda b=binary: ts.vectors_file(vs, b),
                               file_name=f"vectors.{ext}", on_click="ignore",
                               key=f"tr_dl_{ext}", mime="application/octet-stream")
        st.caption("word2vec.c's format: gensim reads it with KeyedVectors.load_word2vec_format.")
    with c[1]:
        st.markdown("**The step inspector's lab** (.npz)")
        st.download_button("Download the lab", ts.lab_download(), file_name="lab.npz",
                           on_click="ignore", key="tr_dl_lab", mime="application/octet-stream")
        st.file_uploader("Restore a lab (.npz, at most 10 MB)", key="tr_up_lab",
                         max_upload_size=ts.UPLOAD_MB)   # any name: the content is checked
        st.button("Restore this lab", key="tr_restore", on_click=_restore)
        st.caption("Saves the corpus, settings, vocabulary, W, W′, the position in the stream, "
                   "the losses and the generator, so the next Step is the one that would have "
                   "come. The Undo history is not saved.")
        _show_note("lab")
    with c[2]:
        st.markdown("**Import vectors** to explore")
        st.file_uploader("word2vec text or binary (at most 10 MB)", key="tr_up_vec",
                         max_upload_size=ts.UPLOAD_MB)
        st.button("Explore these vectors", key="tr_import", on_click=_import)
        st.caption("Read in memory, never stored. They never change the lab.")
        _show_note("vectors")


def _upload(key: str, place: str):
    upload = st.session_state.get(key)
    if upload is None:
        ts.note("error", "Choose a file first.", place)
    return upload


def _restore() -> None:
    upload = _upload("tr_up_lab", "lab")
    if upload is not None:
        ts.restore_lab(upload.getvalue(), upload.name)


def _import() -> None:
    upload = _upload("tr_up_vec", "vectors")
    if upload is not None:
        ts.import_vectors(upload.getvalue(), upload.name)


st.title("Training: watching the vectors learn")
st.caption("The fast trainer (word2vec.c's schedule, vectorised) on a whole corpus: the vectors "
           "organise themselves. These vectors are kept apart from the step inspector's lab.")
ts.collect()
first_example()
st.subheader("Train")
busy = ts.running()
with st.container(border=True):
    st.fragment(settings_form)(busy)    # changing a setting reruns only the settings
    st.button("Train", type="primary", key="tr_train", on_click=_start, disabled=busy)
    _show_note("train")
    st.fragment(progress_panel, run_every=ts.POLL_SECONDS if busy else None)()
    st.fragment(live_loss, run_every=ts.LOSS_SECONDS if busy else None)()
    last_run()
st.subheader("Explore")
vectors = explore()
st.subheader("Save and load")
save_and_load(vectors)
