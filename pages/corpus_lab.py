"""Corpus lab: choose the corpus, then see its tokens, its vocabulary and Huffman codes,
what subsampling keeps, and the training instances the dynamic window makes.

Reads the lab from ui.state; every number comes from w2v_core.corpus_stats. Changes
(corpus, min_count, sample, window) happen in button callbacks, before the sidebar is
drawn; their message is kept in session state and shown next to the button.
"""
from dataclasses import replace

import streamlit as st

from ui import charts, notes, own_weights, state
from ui.equations import SUBSAMPLING_RULES
from ui.figures.corpus import subsampling_pass_figure, window_figure
from ui.safe import md
from ui.widgets import SHOWN_TOKENS, keep_curve_chart, sample_threshold, token_span
from w2v_core.readouts import corpus_lab as cs
from w2v_core.readouts.subsampling import sentence_pass
from w2v_core.corpora import PRESETS, get_preset, load_preset
from w2v_core.settings import RANGES
from w2v_core.text import Vocabulary, looks_like_prose, split_sentences
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

SOURCES = ("Preset", "Paste text", "Upload .txt")
PAGE_SIZE = 200            # sentences per page of the tokens table
MAX_DRAWN = 30             # tokens drawn at once in the window figure
VOCAB_ROWS = 200           # vocabulary rows listed until the student asks for all
# widgets whose range depends on the corpus: forgotten when the corpus changes
CORPUS_WIDGETS = ("cl_tok_page", "cl_sub_sentence", "cl_sub_first", "cl_inst_sentence",
                  "cl_inst_first")
MODEL_RESET = "The model was reset: new W and W′, no steps taken."
SPLIT_KEY = "cl_split_sentences"


# ---- callbacks: they change the lab and leave a message for the page ----------------------
def _loaded(error: str | None, name: str) -> None:
    if error:
        notes.leave("cl_corpus", "error", error)
        return
    for key in CORPUS_WIDGETS:
        st.session_state.pop(key, None)
    vocab = state.lab().vocab
    notes.leave("cl_corpus", "success", f"Loaded {name}: V = {vocab.size} words, T = {vocab.total:,} "
                               f"tokens. {MODEL_RESET}" + own_weights.example_note(state.lab()))


def _use_preset() -> None:
    preset = get_preset(st.session_state["cl_preset"])
    _loaded(state.load_corpus(load_preset(preset.key), preset.title, preset.key), preset.title)


def _use_paste() -> None:
    text = st.session_state.get("cl_paste") or ""
    split = looks_like_prose(text) and st.session_state.get(SPLIT_KEY, True)
    if split:
        before = sum(1 for line in text.splitlines() if line.strip())
        text = split_sentences(text)
        after = sum(1 for line in text.splitlines() if line.strip())
    _loaded(state.load_corpus(text, "Pasted text"), "Pasted text")
    if split:
        notes.leave("cl_split", "info", f"Split {before:,} line(s) into {after:,} sentences at "
                                        ". ! ? (turn “Split sentences at . ! ?” off to keep "
                                        "your lines).")


def _use_upload() -> None:
    upload = st.session_state.get("cl_upload")
    if upload is None:
        notes.leave("cl_corpus", "error", "Choose a .txt file first.")
        return
    refused = state.oversized(upload, state.UPLOAD_MAX_BYTES, "corpora")
    if refused:
        notes.leave("cl_corpus", "error", f"{refused}. The previous corpus is still loaded.")
        return
    try:
        text = state.decode_upload(upload.getvalue(), upload.name)
    except ValueError as err:
        notes.leave("cl_corpus", "error", f"{err}. The previous corpus is still loaded.")
        return
    _loaded(state.load_corpus(text, upload.name), upload.name)


def _apply(place: str, setting: str, widget: str) -> None:
    """Rebuild the lab with one setting read from its widget (the value on screen now)."""
    value = st.session_state[widget]
    what = f"{setting} = {value:g}"
    settings = replace(state.lab().settings, **{setting: value})
    if settings == state.lab().settings:
        notes.leave(place, "info", f"{what} is already in use.")
        return
    error = state.apply_settings(settings)
    if error:
        notes.leave(place, "error", error)
    else:
        notes.leave(place, "success", f"Training now uses {what}. {MODEL_RESET}")


@st.cache_data(max_entries=8, show_spinner=False)
def _vocabulary_table(words: tuple, counts, min_count: int) -> dict:
    return cs.vocabulary_table(Vocabulary(list(words), counts, min_count))


# ---- the page ------------------------------------------------------------------------------
def corpus_chooser(lab) -> None:
    left, right = st.columns([5, 1.4], gap="medium")
    with left:
        c1, c2 = st.columns([1, 1], vertical_alignment="bottom")
        source = c1.segmented_control("Corpus source", SOURCES, default=SOURCES[0],
                                      required=True, key="cl_source")
        if source == "Preset":
            keys = [p.key for p in PRESETS]
            current = [p.key for p in PRESETS if p.key == state.preset()]
            key = c2.selectbox("Preset", keys, key="cl_preset",
                               index=keys.index(current[0]) if current else 0,
                               format_func=lambda k: get_preset(k).title)
            st.caption(md(get_preset(key).description))
            st.button("Load this preset", key="cl_load_preset", on_click=_use_preset,
                      type="primary")
        elif source == "Paste text":
            c2.caption("One sentence per line; words are runs of letters and digits. Or one "
                       "training pair per line: context words | target.")
            st.text_area("Your text", key="cl_paste", height=120,
                         placeholder="the cat sat on the mat\nthe dog sat on the log")
            prose = looks_like_prose(st.session_state.get("cl_paste") or "")
            st.toggle("Split sentences at . ! ?", key=SPLIT_KEY, value=True, disabled=not prose,
                      help="A pasted paragraph is one line: its words would all be one "
                           "sentence, windows crossing sentence ends. On when the text has "
                           "more sentence ends than lines.")
            st.button("Use this text", key="cl_use_paste", on_click=_use_paste, type="primary")
        else:
            c2.caption("A UTF-8 .txt file, one sentence per line, at most 1 MB. "
                       "It is read in memory and never stored.")
            st.file_uploader("A .txt file", type=["txt"], max_upload_size=1, key="cl_upload")
            st.button("Use this file", key="cl_use_upload", on_click=_use_upload, type="primary")
    with right:
        min_count = st.number_input("min_count", *RANGES["min_count"].bounds, step=1,
                                    value=lab.settings.min_count, key="cl_min_count",
                                    help="Words seen fewer times are left out of the "
                                         "vocabulary. Changing it resets the model.")
        st.button(f"Use min_count = {min_count}", key="cl_apply_min_count", on_click=_apply,
                  args=("cl_corpus", "min_count", "cl_min_count"))
        st.caption(f"In use: {lab.settings.min_count}")
    notes.show("cl_corpus")
    notes.show("cl_split")


def tokens_tab(lab) -> None:
    n = len(lab.sentences)
    pages = (n + PAGE_SIZE - 1) // PAGE_SIZE
    page = 1
    if pages > 1:
        page = st.number_input(f"Page ({PAGE_SIZE} sentences each, {pages} pages)", 1, pages,
                               key="cl_tok_page")
    st.dataframe(cs.sentence_rows(lab.sentences, lab.vocab, (page - 1) * PAGE_SIZE,
                                  page * PAGE_SIZE), hide_index=True, height=380,
                 column_config={"#": st.column_config.NumberColumn(width="small"),
                                "tokens": st.column_config.TextColumn(width="large"),
                                "length": st.column_config.NumberColumn(width="small")})
    st.caption("One sentence per non-empty line; words are runs of letters and digits, "
               "lower-cased. Words rarer than min_count are listed as not in the vocabulary.")


def vocabulary_tab(lab) -> None:
    v = lab.vocab
    table = _vocabulary_table(tuple(v.words), v.counts, v.min_count)
    if v.size > VOCAB_ROWS and not st.toggle(f"Show all {v.size:,} words", key="cl_vocab_all"):
        table = {k: col[:VOCAB_ROWS] for k, col in table.items()}
        st.caption(f"The {VOCAB_ROWS} most frequent of {v.size:,} words.")
    st.dataframe(table, hide_index=True, height=380, column_config={
        "f(w)": st.column_config.NumberColumn(format="%.4f"),
        "Huffman code": st.column_config.TextColumn(help="root first; 0 = left branch")})
    st.caption("Sorted as word2vec.c sorts it: most frequent first (ties in first-seen order). "
               "The Huffman code is the word's path in hierarchical softmax's tree: "
               "frequent words get short codes, so their p(w | h) needs few sigmoids.")


def subsampling_tab(lab) -> None:
    st.markdown("**word2vec.c** keeps a word with probability (training uses this rule), "
                "and **the paper** discards it with probability (the Subsampling page tells the "
                "whole story):")
    st.latex(SUBSAMPLING_RULES)
    sample = sample_threshold(lab, "cl_sample")
    keep_curve_chart(lab, sample, "cl_curves")
    c1, c2 = st.columns([3, 2])
    c1.info(f"Training uses word2vec.c's rule, with the lab's s = {lab.settings.sample:g}"
            + (" (off: every word is kept)." if lab.settings.sample == 0 else ".")
            + (" Subsampling does not apply to explicit training pairs: each line is one "
               "instance, as written." if lab.pairs else ""))
    c2.button(f"Train with s = {sample:g}", key="cl_apply_sample", on_click=_apply,
              args=("cl_subsampling", "sample", "cl_sample"))
    notes.show("cl_subsampling")

    st.subheader("One seeded pass over a sentence")
    c1, c2 = st.columns(2)
    s = c1.number_input(f"Sentence (1 to {len(lab.sentences)})", 1, len(lab.sentences),
                        key="cl_sub_sentence") - 1
    seed = c2.number_input("Seed", *RANGES["seed"].bounds, value=lab.settings.seed,
                           key="cl_sub_seed")
    p = sentence_pass(lab, s, sample, seed)                 # the whole sentence's draws
    p = p.part(*token_span("First token shown", "cl_sub_first", len(p.tokens), SHOWN_TOKENS))
    charts.show(subsampling_pass_figure(p.tokens, p.keep_prob, p.kept, p.in_vocab), key="cl_pass")
    st.markdown(" ".join(md(t) if k else f"~~{md(t)}~~" for t, k in zip(p.tokens, p.kept)))
    st.caption("Each token is kept when a uniform draw falls below its P(keep); struck-through "
               "tokens are dropped before the window is drawn, so the window reaches further. "
               "With the lab's seed and s, this is exactly what the first epoch drops.")


def instances_tab(lab) -> None:
    c1, c2, c3 = st.columns([2, 2, 2])
    s = c1.number_input(f"Sentence (1 to {len(lab.sentences)})", 1, len(lab.sentences),
                        key="cl_inst_sentence") - 1
    epoch = c2.number_input("Epoch", 1, 1000, key="cl_inst_epoch",
                            help="Each epoch draws new radii (and new subsampling).") - 1
    window = c3.number_input("window (maximal radius)", *RANGES["window"].bounds,
                             value=lab.settings.window, key="cl_window")
    c3.button(f"Train with window = {window}", key="cl_apply_window", on_click=_apply,
              args=("cl_instances", "window", "cl_window"))
    notes.show("cl_instances")
    sw = cs.sentence_windows(lab, s, epoch)
    st.caption("An explicit training pair: the line is one instance, its target the centre "
               "word and the words before '|' its context; the window does not apply. Grey "
               "columns are words not in the vocabulary." if lab.pairs else
               f"For each centre word word2vec.c draws a radius R uniformly from 1 to "
               f"window = {lab.settings.window} (seed {lab.settings.seed}); the context is every "
               "kept word within R of it. Grey columns are dropped tokens.")
    first, stop = token_span("First token drawn", "cl_inst_first", len(sw.tokens), MAX_DRAWN)
    ws = sw.windows
    charts.show(window_figure(sw.tokens, [w.centre_pos for w in ws], [w.radius for w in ws],
                              [w.context_pos for w in ws], sw.dropped_pos, first, stop),
                key="cl_windows")
    if not ws:
        st.info("No training instance: fewer than two words of this sentence are kept in this "
                "epoch (subsampling or min_count dropped the others).")
        return
    drawn = [w for w in ws if first <= w.centre_pos < stop]
    if len(drawn) < len(ws) and st.toggle(f"List all {len(ws):,} instances of the sentence",
                                          key="cl_inst_all"):
        drawn = ws
    st.dataframe({"centre word": [w.centre for w in drawn],
                  "position": [w.centre_pos + 1 for w in drawn],
                  **({} if lab.pairs else {"R": [w.radius for w in drawn]}),
                  "context words": [" ".join(w.context) for w in drawn],
                  "SGD steps": [w.steps for w in drawn]}, hide_index=True)


charts.page_title("Corpus lab")
lab = state.lab()
st.markdown(f"Where training instances come from. Loaded now: **{md(state.corpus_name())}**")
with st.container(border=True):
    corpus_chooser(lab)
    own_weights.expander(state.lab(), "cl")
lab = state.lab()
summary = cs.corpus_summary(lab.sentences, lab.vocab)
for col, (label, value) in zip(st.columns(5), (
        ("Sentences", summary.sentences), ("Tokens", summary.tokens), ("V (words)", summary.V),
        ("T (tokens in vocabulary)", summary.T), ("Longest sentence", summary.longest))):
    col.metric(label, f"{value:,}")
if cs.pairs_caption(lab):
    st.caption(cs.pairs_caption(lab))
tabs = st.tabs(["Tokens", "Vocabulary & Huffman codes", "Subsampling", "Training instances"])
for tab, show in zip(tabs, (tokens_tab, vocabulary_tab, subsampling_tab, instances_tab)):
    with tab:
        show(lab)
