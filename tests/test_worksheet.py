"""A worksheet for a class: a small lab (V <= 6, N <= 3, one-decimal weights), its key equal
to the engine's step, a variant per student number, the same variant rebuilt from its
parameters, as Markdown and as a print-ready page."""
import itertools
import re

import numpy as np
import pytest

from w2v_core import LabSettings, Vocabulary, Word2Vec, tokenize
from w2v_core.readouts.hand_step import from_trace
from w2v_core.readouts.mistakes import diagnose, expected_value
from w2v_core.readouts.worksheet import BLANK, CORPUS, make_worksheet

VARIANTS = list(itertools.product(["skipgram", "cbow"], ["softmax", "hs", "ns"]))


def engine_again(ws):
    """The same step taken by a fresh model from the sheet's own weights and instance."""
    t = ws.trace
    m = Word2Vec(Vocabulary.from_sentences(tokenize(CORPUS)),
                 LabSettings(arch=ws.arch, output=ws.output, dim=ws.dim, negative=ws.negative,
                             convention=ws.convention))
    m.W_in[:], m.W_out[:] = ws.W, ws.W_out
    return m.step(t.center, list(t.context), lr=ws.eta, negatives=t.negatives)


@pytest.mark.parametrize("arch,output", VARIANTS)
@pytest.mark.parametrize("convention", ["rong", "word2vec.c"])
def test_the_key_is_the_engines_step(arch, output, convention):
    for student in (0, 1, 17):
        ws = make_worksheet(student, seed=5, arch=arch, output=output, eta=0.5, dim=3,
                            convention=convention)
        again = from_trace(engine_again(ws))
        key = ws.key()
        for e in key:
            assert e.value == expected_value(ws.trace, e.quantity, e.index)
            assert diagnose(ws.trace, e.quantity, e.index, e.value).right
        by = {(e.quantity, e.index if isinstance(e.index, int) else tuple(e.index)): e.value
              for e in key}
        t = ws.trace
        for i in range(3):
            assert by[("h", i)] == t.h[i] and by[("EH", i)] == t.EH[i]
        assert by[("E", 0)] == t.loss
        for q, j in enumerate(t.out_rows.tolist()):
            assert by[("EI", j)] == t.out_err[q] == again["EI"][q]
            assert by[("u", j)] == again["u"][q] and by[("y", j)] == again["y"][q]
            for i in range(3):
                assert by[("v_out_new", (j, i))] == t.out_after[q, i] == again["v_out_new"][q, i]
        for q, k in enumerate(t.in_rows.tolist()):
            for i in range(3):
                assert by[("v_in_new", (k, i))] == t.in_after[q, i] == again["v_in_new"][q, i]
        assert len(key) == 3 + 3 * len(t.out_rows) + 3 + 1 + 3 * (len(t.in_rows) + len(t.out_rows))


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_the_lab_is_small_with_one_decimal_weights(arch, output):
    ws = make_worksheet(3, arch=arch, output=output, dim=3)
    assert len(ws.words) <= 6 and ws.W.shape[1] <= 3
    assert ws.W_out.shape == ((5 if output == "hs" else 6), 3)
    for M in (ws.W, ws.W_out):
        assert np.array_equal(M * 10, np.round(M * 10)) and np.abs(M).max() <= 0.9
    assert len(ws.trace.inputs) + len(ws.trace.targets) == 3      # a centre and two neighbours


def test_neighbours_get_different_numbers():
    sheets = [make_worksheet(s, seed=1) for s in range(30)]
    weights = {(ws.W.tobytes(), ws.W_out.tobytes()) for ws in sheets}
    assert len(weights) == 30
    assert len({ws.key_markdown() for ws in sheets}) == 30
    assert not np.array_equal(make_worksheet(4, seed=1).W, make_worksheet(4, seed=2).W)


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_the_same_parameters_rebuild_the_same_sheet(arch, output):
    ws = make_worksheet(12, seed=99, arch=arch, output=output, eta=0.25, dim=2,
                        convention="word2vec.c", negative=3)
    assert ws.params() == dict(student=12, seed=99, arch=arch, output=output, eta=0.25, dim=2,
                               convention="word2vec.c", negative=3)
    again = make_worksheet(**ws.params())
    assert again.markdown() == ws.markdown() and again.key_markdown() == ws.key_markdown()
    assert again.key() == ws.key() and again.html(key=True) == ws.html(key=True)


@pytest.mark.parametrize("arch,output", VARIANTS)
def test_the_sheet_has_a_blank_for_every_number_of_the_key_and_the_key_fills_them(arch, output):
    ws = make_worksheet(2, arch=arch, output=output, dim=2)
    sheet, key = ws.markdown(), ws.key_markdown()
    assert sheet.count(BLANK) == len(ws.key()) and BLANK not in key
    assert all(f"{e.value:.6g}" in key for e in ws.key())
    assert "answer key" in key and "answer key" not in sheet
    for text in (sheet, key):                 # both give what the step starts from
        assert "## W (row k = v_k)" in text and "W\u2032 (column j = v\u2032_j)" in text
        assert f"η = {ws.eta:g}" in text and "student 2" in text
    if output == "hs":
        assert "Huffman path" in sheet and "code" in sheet
    if output == "ns":
        negatives = [ws.words[j] for j in ws.trace.negatives[0]]
        assert f"negatives {', '.join(negatives)}" in sheet


def test_the_print_page_is_one_html_document_with_empty_boxes_or_the_numbers():
    ws = make_worksheet(6, output="ns", dim=3)
    page, key = ws.html(), ws.html(key=True)
    assert page.startswith("<!DOCTYPE html>") and "@page" in page
    assert page.count('<td class="blank"></td>') == len(ws.key())
    assert 'class="blank"' not in key and all(f"<td>{e.value:.6g}</td>" in key for e in ws.key())
    assert re.search(r"<table>.*</table>", page)


@pytest.mark.parametrize("changes,message", [
    (dict(student=-1), "student"), (dict(student=1.5), "student"), (dict(dim=4), "N"),
    (dict(arch="glove"), "arch"), (dict(output="nce"), "output"), (dict(eta=0.0), "eta"),
    (dict(eta=float("nan")), "eta"), (dict(negative=6), "k"), (dict(convention="x"), "convention"),
    (dict(seed=-3), "seed"),
])
def test_parameters_outside_a_small_lab_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        make_worksheet(**{"student": 1, **changes})
