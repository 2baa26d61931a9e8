"""Numbers that float64 used to round away are kept: full softmax's y_o - 1 and loss when the
target's score leads by far, and a finite-difference check that cannot resolve a huge loss
says so instead of "Failed"."""
import math

import numpy as np
import pytest

import apptest
from w2v_core import Vocabulary, Word2Vec
from w2v_core.lab import Lab, LabSettings
from w2v_core.step.gradcheck import check_step


def leading_step(lead: float):
    vocab = Vocabulary.from_sentences([["a", "b", "c", "d"]])
    model = Word2Vec(vocab, LabSettings(dim=1, init="word2vec"))
    model.W_in[:] = 1.0
    model.W_out[:] = 0.0
    model.W_out[1] = lead                       # u_b = lead, the others 0
    return model.step(0, [1], lr=0.0)


@pytest.mark.parametrize("lead", [25.0, 40.0, 60.0])
def test_a_target_far_ahead_keeps_its_error_and_loss(lead):
    trace = leading_step(lead)
    others = 3 * math.exp(-lead) / (1 + 3 * math.exp(-lead))      # 1 - y_b, exactly
    assert trace.out.e[0, 1] == pytest.approx(-others, rel=1e-12)
    assert trace.loss == pytest.approx(math.log1p(3 * math.exp(-lead)), rel=1e-12)
    assert trace.loss > 0 and trace.out.EI[1] < 0


def test_a_huge_loss_is_not_called_a_failed_check():
    vocab = Vocabulary.from_sentences([["a", "b", "c"]])
    model = Word2Vec(vocab, LabSettings(dim=1))
    model.W_in[:] = 1e8
    model.W_out[:] = 1e8
    model.W_out[1] = -1e8                       # the target's score far below the others
    trace = model.step(0, [1], lr=0.0)
    result = check_step(model, trace)
    assert np.isfinite(trace.loss) and trace.loss >= 1e15
    assert not result.resolvable() and not result.passed()


def test_the_check_panel_says_what_happened_at_a_huge_loss():
    lab = Lab.from_text("a b c\nc b a", LabSettings(dim=1))
    lab.model.W_in[:] = 1e8
    lab.model.W_out[:] = 1e8
    lab.model.W_out[list(lab.next_task().context)] = -1e8    # the targets' scores far below
    at = apptest.open_page("pages/step_inspector.py", lab=lab)
    at.session_state["corpus_preset"] = None
    at.session_state["insp_tab"] = "Check"
    at.button(key="insp_step1").click().run()
    assert at.session_state["lab"].last[1].loss >= 1e15
    at.button(key="insp_check_btn").click().run()
    said = " ".join(w.value for w in at.warning) + " ".join(e.value for e in at.error)
    assert "Not checkable at this loss" in apptest.shown(said) and not at.error
