"""Training: train on a whole corpus with the fast trainer and watch the vectors learn.

Training runs in a background thread (ui.training_job.TrainingJob); one fragment polls it
every POLL_SECONDS for the progress bar and the Stop button, another every LOSS_SECONDS for
the live loss curve. The trained vectors are kept apart from the step inspector's lab
(only "Restore a lab" replaces the lab, on purpose). Then the explore section
(ui.training_explore: PCA over the snapshots, neighbours, analogies, a similarity heatmap)
and the files (ui.keep: export and import, and a warning while results are not downloaded).
Every number comes from w2v_core; figures from ui.figures.train.
"""
import streamlit as st

from ui import charts, keep, notes, state
from ui import training_job as tj
from ui import training_state as ts
from ui.figures.train import loss_figure
from ui.safe import md
from ui.training_explore import explore
from w2v_core.corpora import get_preset
from w2v_core.lab.saved import MAX_FILE_BYTES
from w2v_core.vectors.similarity import analogy
from w2v_core.train.trainer import TrainConfig
from w2v_core.settings import ARCH_TITLES, OUTPUT_TITLES, TRAINING_RANGES, TRAINING_SAMPLES
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

D = ts.PAGE_CONFIG
SAMPLES = TRAINING_SAMPLES
R = {name: r.bounds for name, r in TRAINING_RANGES.items()}   # the widgets' (min, max)


def _show_note(place: str) -> None:
    notes.show(place)                   # messages quote file names and words: escaped there


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
    c[1].segmented_control("Model", list(ARCH_TITLES), default=D.arch, required=True,
                           key="tr_arch", format_func=ARCH_TITLES.get, disabled=busy)
    outputs = list(OUTPUT_TITLES)
    c[2].selectbox("Output layer", outputs, index=outputs.index(D.output), key="tr_output",
                   format_func=OUTPUT_TITLES.get, disabled=busy)
    st.caption(f"{md(ts.corpus_title(st.session_state.tr_corpus))}: T = "
               f"{ts.corpus_words(st.session_state.tr_corpus):,} words an epoch."
               + (" Explicit training pairs: the fast trainer reads each line as one sentence "
                  "(context words, then the target) and draws its window over it."
                  if ts.corpus_is_pairs(st.session_state.tr_corpus) else ""))
    c = st.columns(6)
    c[0].number_input("N (dim)", *R["dim"], D.dim, key="tr_dim", disabled=busy)
    c[1].number_input("window", *R["window"], D.window, key="tr_window", disabled=busy)
    st.session_state.setdefault("tr_epochs", ts.suggested_epochs(st.session_state.tr_corpus))
    c[2].number_input("epochs", *R["epochs"], key="tr_epochs", disabled=busy,
                      help="Suggested when the corpus is chosen: about 500,000 words in all.")
    c[3].number_input("k negatives", *R["negative"], D.negative, key="tr_negative", disabled=busy,
                      help="Used by negative sampling only.")
    c[4].number_input("η (start)", *R["alpha"], D.alpha, format="%.4f", key="tr_alpha",
                      disabled=busy, help="The learning rate (word2vec.c's alpha): falls "
                                          "linearly to η·10⁻⁴ over all epochs.")
    c[5].number_input("snapshots", *R["snapshots"], D.snapshots, key="tr_frames", disabled=busy,
                      help="Copies of W and W′ spread evenly over training: the PCA frames.")
    with st.expander("More settings"):
        c = st.columns(3)
        c[0].selectbox("sample (subsampling)", SAMPLES, index=SAMPLES.index(D.sample),
                       key="tr_sample", format_func=lambda v: "0 (off)" if v == 0 else f"{v:g}",
                       disabled=busy)
        c[1].number_input("min_count", *R["min_count"], D.min_count, key="tr_min_count", disabled=busy)
        c[2].number_input("seed", *R["seed"], D.seed, key="tr_seed", disabled=busy)
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
        st.progress(tj.progress_fraction(p), text=tj.progress_text(p))
    st.button("Stop", key="tr_stop", on_click=ts.stop, icon=":material/stop:",
              disabled=job.stop_requested.is_set(),
              help="Stops at once and keeps what was learned.")


def live_loss() -> None:
    """Polled every LOSS_SECONDS while a job runs: the loss curve so far."""
    job = ts.job()
    if job is None:
        return
    if not job.running:
        st.rerun()
    p, words, losses = job.view()
    charts.plot(loss_figure(words, losses, p.total_words if p else None), key="tr_live_loss")


def last_run() -> None:
    t = ts.trained()
    if t is None or ts.running():
        return
    r = t.result
    for col, (label, value) in zip(st.columns(4), (
            ("Words processed", f"{r.words_done:,}"), ("Time", tj.duration(r.seconds)),
            ("Words per second", f"{r.words_per_second:,.0f}"),
            ("Last loss", f"{r.losses[-1]:.3f}" if len(r.losses) else "–"))):
        col.metric(label, value)
    c = r.config
    st.caption(f"{md(t.corpus_name)}: V = {r.vocab.size:,} words, N = {c.dim}, "
               f"{ARCH_TITLES[c.arch]}, {OUTPUT_TITLES[c.output]}, window {c.window}, seed {c.seed}; "
               + (f"stopped after {r.words_done:,} of {t.total_words:,} words."
                  if r.stopped_early else f"all {c.epochs} epochs ({t.total_words:,} words)."))
    charts.plot(loss_figure(r.loss_words, r.losses, t.total_words), key="tr_loss")
    lost = keep.unsaved()
    if lost:
        st.warning(md(f"Not downloaded yet: {' and '.join(lost)}. A reload or a new address "
                      "would lose them: keep them with the downloads under "
                      "Save and load below."), icon=":material/save:")


def save_and_load(vs: ts.VectorSet) -> None:
    c = st.columns(3, gap="large")
    with c[0]:
        st.markdown(f"**Download these vectors** (W, {len(vs.words):,} words)")
        problem = keep.vector_problem(vs)
        for binary, ext in ((False, "txt"), (True, "bin")):
            st.download_button(f"word2vec {'binary' if binary else 'text'} (.{ext})",
                               keep.vectors_download(vs, binary),
                               file_name=f"vectors.{ext}", on_click=keep.mark_vectors_kept,
                               args=(vs.uid,), key=f"tr_dl_{ext}", disabled=problem is not None,
                               mime="application/octet-stream")
        if problem:
            st.warning(f"No vector file: {problem}.")
        st.caption("word2vec.c's format: gensim reads it with KeyedVectors.load_word2vec_format.")
    with c[1]:
        st.markdown("**The step inspector's lab** (.npz)")
        st.download_button("Download the lab", keep.lab_download(), file_name="lab.npz",
                           on_click=keep.mark_lab_kept, key="tr_dl_lab",
                           mime="application/octet-stream")
        st.file_uploader(f"Restore a lab (.npz, at most {keep.LAB_UPLOAD_MB} MB)", key="tr_up_lab",
                         max_upload_size=keep.LAB_UPLOAD_MB)   # any name: the content is checked
        st.button("Restore this lab", key="tr_restore", on_click=_restore)
        st.caption("Saves the corpus, settings, vocabulary, W, W′, the position in the stream, "
                   "the losses and the generator, so the next Step is the one that would have "
                   "come. The Undo history is not saved.")
        _show_note("lab")
    with c[2]:
        st.markdown("**Import vectors** to explore")
        st.file_uploader("word2vec text or binary (at most 10 MB)", key="tr_up_vec",
                         max_upload_size=keep.UPLOAD_MB)
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
    refused = upload is not None and state.oversized(upload, MAX_FILE_BYTES, "lab files")
    if refused:
        ts.note("error", f"{refused}. The current lab is unchanged.", "lab")
    elif upload is not None:
        keep.restore_lab(upload.getvalue(), upload.name)


def _import() -> None:
    upload = _upload("tr_up_vec", "vectors")
    refused = upload is not None and state.oversized(upload, keep.UPLOAD_BYTES, "vector files")
    if refused:
        ts.note("error", f"{refused}. Nothing was imported.", "vectors")
    elif upload is not None:
        keep.import_vectors(upload.getvalue(), upload.name)


charts.page_title("Training: watching the vectors learn")
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
    if not busy and ts.other_job() is not None:       # after "running in another tab"
        st.button("Stop the training in the other tab", key="tr_stop_other",
                  on_click=ts.stop_other, icon=":material/stop:")
    st.fragment(progress_panel, run_every=ts.POLL_SECONDS if busy else None)()
    st.fragment(live_loss, run_every=ts.LOSS_SECONDS if busy else None)()
    last_run()
st.subheader("Explore")
vectors = explore()
st.subheader("Save and load")
save_and_load(vectors)
