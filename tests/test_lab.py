"""The lab: a reproducible stream of instances, exact Undo, and clear refusals."""
import numpy as np
import pytest

from w2v_core import Vocabulary, Word2Vec
from w2v_core.lab.lab import trace_bytes
from w2v_core.lab import HISTORY_BYTES, MAX_TEXT_CHARS, Lab, LabSettings

TEXT = "the cat sat on the mat\nthe dog sat on the log\na cat and a dog\n"


def test_same_settings_same_stream_and_same_vectors():
    a, b = Lab.from_text(TEXT), Lab.from_text(TEXT)
    ta, tb = a.step(0.1, 25), b.step(0.1, 25)
    assert [t.loss for t in ta] == [t.loss for t in tb]
    np.testing.assert_array_equal(a.model.W_in, b.model.W_in)


def test_tasks_follow_the_sentences_and_highlight_positions_in_the_tokens():
    lab = Lab.from_text(TEXT, LabSettings(window=1))
    task = lab.next_task()
    words = lab.sentences[task.sentence]
    assert task.sentence == 0 and task.center_pos == 0 and task.context_pos == (1,)
    assert lab.vocab.words[task.center] == words[task.center_pos] == "the"
    assert [lab.vocab.words[c] for c in task.context] == [words[p] for p in task.context_pos]


def test_skipgram_word2vec_c_convention_trains_one_context_to_centre_pair_per_step():
    lab = Lab.from_text(TEXT, LabSettings(window=1, convention="word2vec.c"))
    tasks = lab.tasks(0, 0)
    second = [t for t in tasks if t.center_pos == 1]           # "cat" between "the" and "sat"
    assert [(lab.vocab.words[t.center], lab.vocab.words[t.context[0]]) for t in second] == [
        ("the", "cat"), ("sat", "cat")]
    assert [t.input_pos for t in second] == [(0,), (2,)]


def test_cbow_inputs_are_the_context_positions():
    lab = Lab.from_text(TEXT, LabSettings(arch="cbow", window=1))
    task = lab.tasks(0, 0)[1]
    assert task.input_pos == task.context_pos == (0, 2)


def test_undo_walks_back_through_history_exactly():
    lab = Lab.from_text(TEXT, LabSettings(output="ns"))
    W_in, W_out, cursor = lab.model.W_in.copy(), lab.model.W_out.copy(), lab.cursor
    first = lab.step(0.5, 5)
    while lab.undo():
        pass
    np.testing.assert_array_equal(lab.model.W_in, W_in)
    np.testing.assert_array_equal(lab.model.W_out, W_out)
    assert lab.cursor == cursor and lab.steps_done == 0
    again = lab.step(0.5, 5)
    assert [t.loss for t in again] == [t.loss for t in first]
    np.testing.assert_array_equal(again[0].negatives, first[0].negatives)


def test_one_epoch_visits_every_instance_once():
    lab = Lab.from_text(TEXT)
    expected = sum(len(lab.tasks(0, s)) for s in range(len(lab.sentences)))
    assert lab.run_epoch(0.1) == expected
    assert lab.next_task().epoch == 1


def test_an_epoch_from_the_middle_finishes_that_epoch_only():
    lab = Lab.from_text(TEXT)
    per_epoch = sum(len(lab.tasks(0, s)) for s in range(len(lab.sentences)))
    lab.step(0.1, 7)
    assert lab.run_epoch(0.1) == per_epoch - 7 and lab.steps_done == per_epoch


def test_history_is_capped_in_bytes_but_losses_are_all_kept():
    lab = Lab.from_text(TEXT * 30, LabSettings(dim=100))
    lab.step(0.05, 600)
    size = sum(trace_bytes(t) for _, _, t in lab.history)
    assert size <= HISTORY_BYTES and 0 < len(lab.history) < 600
    assert len(lab.losses) == 600
    kept = len(lab.history)
    while lab.undo():                                   # Undo walks back through what is kept
        pass
    assert len(lab.losses) == 600 - kept and lab.steps_done == 600 - kept
    lab.step(0.05, 1)
    assert len(lab.history) == 1


def test_advance_takes_the_same_steps_as_step_and_holds_no_more_than_the_undo_history():
    import tracemalloc
    text = "\n".join(" ".join(f"w{(7 * i + j) % 300}" for j in range(10)) for i in range(90))
    settings = LabSettings(dim=100, output="softmax")            # W' replaced at every step
    a, b = Lab.from_text(text, settings), Lab.from_text(text, settings)
    tracemalloc.start()
    try:
        assert a.advance(0.05, 300) == 300
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    old_w_prime = a.model.W_out.nbytes
    assert peak < HISTORY_BYTES + 5 * old_w_prime < 300 * old_w_prime     # not every step's W'
    assert len(b.step(0.05, 300)) == 300
    assert a.losses == b.losses
    np.testing.assert_array_equal(a.model.W_out, b.model.W_out)
    np.testing.assert_array_equal(a.model.W_in, b.model.W_in)
    assert a.cursor == b.cursor and a.steps_done == b.steps_done == 300


def test_subsampling_drops_tokens_from_tasks_and_reports_them():
    lab = Lab.from_text("the a the b the c the d the e the f\n" * 5, LabSettings(sample=0.01, seed=1))
    dropped = [t for s in range(5) for t in lab.tasks(0, s) if t.dropped_pos]
    assert dropped
    for t in dropped:
        assert t.center_pos not in t.dropped_pos and not set(t.context_pos) & set(t.dropped_pos)


@pytest.mark.parametrize("text,match", [
    ("", "no words"), ("  \n\t ", "no words"), ("!!! ...", "no words"),
    ("word word word", "at least 2 distinct words"),
    ("a\nb\nc", "no sentence has two words"),
])
def test_corpora_that_cannot_train_are_refused_with_a_reason(text, match):
    with pytest.raises(ValueError, match=match):
        Lab.from_text(text)


def test_text_over_the_cap_is_refused():
    with pytest.raises(ValueError, match="at most"):
        Lab.from_text("a b " * (MAX_TEXT_CHARS // 4 + 1))


@pytest.mark.parametrize("settings,match", [
    (LabSettings(min_count=99), "min_count=99"), (LabSettings(dim=0), "dim"),
    (LabSettings(window=0), "window"), (LabSettings(output="x"), "output"),
    (LabSettings(sample=-1), "sample"),
])
def test_bad_settings_are_refused_with_a_reason(settings, match):
    with pytest.raises(ValueError, match=match):
        Lab.from_text(TEXT, settings)


def test_the_engine_draws_k_negatives_even_when_k_is_not_below_v():
    vocab = Vocabulary.from_sentences([["a", "b", "a", "b", "a", "b"]])
    trace = Word2Vec(vocab, dim=3, output="ns", negative=20).step(0, [1], 0.1)
    assert trace.negatives.shape == (1, 20) and (trace.negatives != trace.targets[:, None]).all()


def test_the_lab_asks_for_k_below_v_with_negative_sampling_only():
    with pytest.raises(ValueError, match="k = 2 negatives need at least k \\+ 1 = 3 words.*V = 2"):
        Lab.from_text("a b a b a b", LabSettings(output="ns", negative=2))
    assert Lab.from_text("a b a b a b", LabSettings(output="softmax", negative=2)).vocab.size == 2
    assert Lab.from_text("a b c a b c", LabSettings(output="ns", negative=2)).vocab.size == 3


def test_the_loss_log_is_an_array_of_before_after_pairs():
    lab = Lab.from_text(TEXT)
    lab.step(0.1, 5)
    arr = np.asarray(lab.losses)
    assert arr.shape == (5, 2) and arr.dtype == np.float64
    assert arr.tolist() == [list(pair) for pair in lab.losses]


def test_the_loss_log_counts_its_steps_with_a_nonfinite_loss_as_steps_come_and_go():
    from w2v_core.lab.records import LossLog
    from w2v_core.readouts.step_inspector import any_nonfinite
    nan, inf = float("nan"), float("inf")
    pairs = [(1.0, 0.5), (inf, 2.0), (nan, nan), (3.0, 1.0)]
    log = LossLog()
    for k, pair in enumerate(pairs):
        log.append(pair)
        expect = int((~np.isfinite(np.array(pairs[:k + 1]))).any(axis=1).sum())
        assert log.nonfinite == expect == LossLog.from_array(np.array(pairs[:k + 1])).nonfinite
    assert any_nonfinite(log) and any_nonfinite(np.asarray(log))
    log.pop(); log.pop()
    assert log.nonfinite == 1
    log.pop()
    assert log.nonfinite == 0 and not any_nonfinite(log) and not any_nonfinite(np.asarray(log))


@pytest.mark.parametrize("output", ["softmax", "hs", "ns"])
def test_a_copy_shares_w_and_w_prime_until_it_steps_and_each_lab_then_goes_its_own_way(output):
    def lab_after(steps):
        lab = Lab.from_text(TEXT, LabSettings(output=output))
        lab.step(0.1, steps)
        return lab
    lab, twin = lab_after(3), lab_after(5)                  # twin: 5 steps, never copied
    W, W_out = lab.model.W_in.copy(), lab.model.W_out.copy()
    copy = lab.copy()
    assert copy.model.W_in is lab.model.W_in and copy.model.W_out is lab.model.W_out
    copy.step(0.1, 2)
    assert np.array_equal(copy.model.W_in, twin.model.W_in)
    assert np.array_equal(copy.model.W_out, twin.model.W_out)
    assert np.array_equal(lab.model.W_in, W) and np.array_equal(lab.model.W_out, W_out)
    assert lab.undo() and lab.undo()                        # the original writes its own
    assert copy.undo() and copy.undo()
    assert np.array_equal(copy.model.W_in, W) and np.array_equal(copy.model.W_out, W_out)
    assert np.array_equal(twin.model.W_in, lab_after(5).model.W_in)
