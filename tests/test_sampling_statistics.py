"""Subsampling rates, window radii and negative draws follow their distributions (seeded)."""
import numpy as np
import pytest
from scipy import stats

from w2v_core.noise import NoiseDistribution, noise_probabilities
from w2v_core.subsampling import (discard_probability_paper, keep_probability_paper,
                                  keep_probability_word2vec, subsample_sentence)
from w2v_core.windows import draw_radii, sentence_instances

COUNTS = np.array([500, 120, 60, 20, 5, 1])


def test_word2vec_c_keep_rule_hand_example():
    # T = 100, s = 0.01 -> sT = 1; count 25: (sqrt(25) + 1) * 1 / 25 = 0.24
    assert keep_probability_word2vec([25, 75], 0.01)[0] == pytest.approx(0.24)


def test_paper_rule_hand_example():
    # f = 0.25, t = 0.01 -> discard 1 - sqrt(0.04) = 0.8
    assert discard_probability_paper([25, 75], 0.01)[0] == pytest.approx(0.8)


def test_threshold_zero_keeps_everything_and_rare_words_are_always_kept():
    assert (keep_probability_word2vec(COUNTS, 0) == 1).all()
    assert (keep_probability_paper(COUNTS, 0) == 1).all()
    assert keep_probability_word2vec(COUNTS, 1e-3)[-1] == 1.0


def test_subsampling_drops_tokens_at_the_keep_rate():
    keep = keep_probability_word2vec(COUNTS, 1e-2)
    ids = np.repeat(np.arange(len(COUNTS)), 20_000)
    s = subsample_sentence(ids, keep, np.random.default_rng(0))
    for w in range(len(COUNTS)):
        kept = s.kept_mask[ids == w].sum()
        assert stats.binomtest(int(kept), 20_000, keep[w]).pvalue > 1e-3
    assert sorted(s.dropped.tolist() + np.flatnonzero(s.kept_mask).tolist()) == list(range(len(ids)))


def test_window_radius_is_uniform_on_one_to_window():
    r = draw_radii(60_000, 5, np.random.default_rng(1))
    observed = np.bincount(r, minlength=6)[1:]
    assert r.min() == 1 and r.max() == 5
    assert stats.chisquare(observed).pvalue > 1e-3


def test_instances_use_the_drawn_radius_and_stay_in_the_sentence():
    ids = np.arange(30)
    for inst in sentence_instances(ids, 4, np.random.default_rng(2)):
        p, r = inst.position, inst.radius
        assert inst.context_positions == tuple(q for q in range(max(0, p - r), min(30, p + r + 1))
                                               if q != p)


def test_same_seed_same_instances():
    a = sentence_instances(np.arange(50), 5, np.random.default_rng(3))
    b = sentence_instances(np.arange(50), 5, np.random.default_rng(3))
    assert a == b


@pytest.mark.parametrize("power", [0.0, 0.75, 1.0])
def test_noise_distribution_is_counts_to_the_power(power):
    p = noise_probabilities(COUNTS, power)
    np.testing.assert_allclose(p, COUNTS ** power / (COUNTS ** power).sum())


def test_negatives_follow_the_noise_distribution_excluding_the_positive():
    nd = NoiseDistribution(COUNTS, 0.75)
    draw = nd.draw(np.zeros(20_000, dtype=int), k=5, rng=np.random.default_rng(4))
    assert draw.negatives.shape == (20_000, 5) and (draw.negatives != 0).all()
    observed = np.bincount(draw.negatives.ravel(), minlength=len(COUNTS))[1:]
    expected = nd.probs[1:] / nd.probs[1:].sum() * draw.negatives.size
    assert stats.chisquare(observed, expected).pvalue > 1e-3
    hits = sum(len(r) for r in draw.rejected)        # redraws: Binomial with p = P_n(positive)
    trials = draw.negatives.size + hits
    assert stats.binomtest(hits, trials, nd.probs[0]).pvalue > 1e-3


def test_two_word_vocabulary_gives_the_other_word_every_time():
    draw = NoiseDistribution([3, 1]).draw(np.array([0, 1]), k=4, rng=np.random.default_rng(5))
    assert draw.negatives.tolist() == [[1] * 4, [0] * 4]
