"""Every quiz answer and explanation is true: recomputed independently, in 50-digit decimal
arithmetic, over all six variants, many seeds, W′ = 0 (every score tied) and a high η (scores
that saturate y and σ to 1.0 in float64). Ties are never offered as wrong options, a
saturated value is ranked by its score, the sign of EI is the mathematical one (a float sum
that underflows or cancels to 0 is not "exactly 0"), and each explanation names the t of
every term it sums."""
import itertools
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext

import numpy as np
import pytest

from ui.labels import out_names
from w2v_core.corpora import load_preset
from w2v_core.lab import Lab, LabSettings
from w2v_core.readouts import quiz
from w2v_core.readouts.network import network
from w2v_core.step.layers import LAYERS

VARIANTS = list(itertools.product(["skipgram", "cbow"], ["softmax", "hs", "ns"]))
SETUPS = [("random", 0.1, 3), ("word2vec", 0.1, 0), ("random", 40.0, 6)]   # init, eta, steps


def sigma_minus_t(x: float, t: int) -> Decimal:
    """sigma(x) - t in 50 digits, each form free of cancellation: 1/(1+e^-x) for t = 0,
    -1/(1+e^x) for t = 1."""
    return 1 / (1 + (-Decimal(x)).exp()) if t == 0 else -1 / (1 + Decimal(x).exp())


def exact_errors(trace, W_out, h) -> dict[int, Decimal]:
    """EI of every touched row in 50 digits (e^-1e6 is not 0 there), from the parameters
    before the step."""
    with localcontext() as ctx:
        ctx.prec, ctx.Emin, ctx.Emax = 50, MIN_EMIN, MAX_EMAX
        return _exact_errors(trace, W_out, h)


def _exact_errors(trace, W_out, h) -> dict[int, Decimal]:
    out = {}
    if trace.output == "softmax":
        u = [sum(Decimal(float(w)) * Decimal(float(x)) for w, x in zip(row, h)) for row in W_out]
        top = max(u)
        z = sum((v - top).exp() for v in u)
        for j in trace.out_rows.tolist():
            y = (u[j] - top).exp() / z
            rest = sum((v - top).exp() for k, v in enumerate(u) if k != j) / z    # 1 - y_j
            out[j] = sum(-rest if int(o) == j else y for o in trace.targets)
        return out
    for j in trace.out_rows.tolist():
        x = float(W_out[j] @ h)
        out[j] = sum(sigma_minus_t(x, int(t)) for _, t in trace.out.error_terms(j))
    return out


def steps(arch, output, init, lr, warm, seed):
    lab = Lab.from_text(load_preset("fruit_drinks"),
                        LabSettings(arch=arch, output=output, init=init, seed=seed, dim=4,
                                    negative=3 if output == "ns" else 5))
    lab.step(lr, warm)
    for _ in range(4):
        W, Wp = lab.model.W_in.copy(), lab.model.W_out.copy()
        trace = lab.step(lr)[0]
        yield lab, trace, W, Wp


@pytest.mark.parametrize("arch,output", VARIANTS)
@pytest.mark.parametrize("init,lr,warm", SETUPS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_quiz_answer_is_the_exact_one(arch, output, init, lr, warm, seed):
    for lab, trace, W, Wp in steps(arch, output, init, lr, warm, seed):
        names = out_names(lab, trace)
        net = network(trace, W, Wp)
        h = trace.h
        exact = exact_errors(trace, Wp, h)
        scores = {int(r): float(Wp[r] @ h) for r in net.outputs}
        for n in range(4):
            q = quiz.question(1, trace, net, names, n, LAYERS[output].value_symbol)
            if q.prompt.startswith("Which output will get the largest"):
                picked = [net.outputs[[names[r] for r in net.outputs].index(o)] for o in q.options]
                best = max(scores[r] for r in picked)
                assert set(q.accepted) == {i for i, r in enumerate(picked) if scores[r] == best}
                assert q.answer in q.accepted
            else:
                assert q.options[q.answer].endswith(LAYERS[output].updates_text)
            q = quiz.question(2, trace, net, names, n, LAYERS[output].value_symbol)
            row = names.index(q.prompt.split("EI of ")[1].split(" be ")[0])
            e = exact[row]
            assert q.options[q.answer] == ("negative" if e < 0 else "positive" if e > 0
                                           else "exactly 0"), (q.explanation, e)
            terms = trace.out.error_terms(row)
            shown = min(6, len(terms))
            assert q.explanation.count(" − 1)") == sum(int(t) == 1 for _, t in terms[:shown])
            assert q.explanation.count(" − 0)") == sum(int(t) == 0 for _, t in terms[:shown])
            q = quiz.output_direction(trace, names)
            row = names.index(q.prompt.split("v′ of ")[1].split(" move, relative")[0])
            e = exact[row]
            expected = ("it will not move" if e == 0 or lr == 0 or not np.any(h) else
                        "towards h" if e < 0 else "away from h")
            assert q.options[q.answer] == expected
            assert ("negative" in q.explanation) == (expected == "towards h")


def test_a_word_drawn_as_positive_and_negative_at_w_prime_zero_has_ei_exactly_zero():
    from w2v_core import Vocabulary, Word2Vec
    vocab = Vocabulary.from_sentences([["a", "b", "c", "d", "e"]])
    model = Word2Vec(vocab, LabSettings(output="ns", negative=2, init="word2vec", dim=3))
    Wp, h = model.W_out.copy(), model.W_in[0].copy()
    # word 2 is the positive of the second prediction and a negative of the first: at W' = 0
    # every sigma is 1/2, so EI_2 = (1/2 - 0) + (1/2 - 1) = 0 exactly
    trace = model.step(0, [1, 2], 0.1, negatives=[[2, 3], [3, 4]])
    assert trace.out.error_sign(2) == 0 and exact_errors(trace, Wp, h)[2] == 0
    names = list(vocab.words)
    for seed in range(8):
        q = quiz.error_sign(trace, names, seed)
        if "EI of c " in q.prompt:
            assert q.options[q.answer] == "exactly 0" and "2 times" in q.explanation
            break
    else:
        raise AssertionError("the quiz never asked about the word drawn twice")


def test_a_saturated_softmax_is_ranked_by_its_scores_not_its_rounded_ys():
    lab = Lab.from_text(load_preset("eat_drink"), LabSettings(dim=3))
    lab.model.W_out[:] = 0.0
    lab.model.W_out[1] = [60.0, 60.0, 60.0]          # y = 1.0 in float64 for the same h ...
    lab.model.W_out[2] = [50.0, 50.0, 50.0]          # ... and for this one: a float tie
    lab.model.W_in[:] = 1.0
    W, Wp = lab.model.W_in.copy(), lab.model.W_out.copy()
    trace = lab.step(0.0)[0]
    net = network(trace, W, Wp)
    names = out_names(lab, trace)
    q = quiz.largest_output(trace, net, [names[r] for r in net.outputs], "y", seed=0)
    assert q.options[q.answer] == names[1]
    assert trace.out.error_sign(1) == (-1 if 1 in trace.targets.tolist() else 1)
