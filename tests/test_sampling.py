"""The unigram^0.75 negative sampler of chapter (g)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import w2vlib as w

COUNTS = np.array([50, 20, 10, 5, 3, 1, 0, 8])
N_DRAWS = 200_000
# 99.99% quantiles of the chi-square distribution (scipy.stats.chi2.ppf(0.9999, df)), hard-coded
# so the test needs no scipy; with a fixed seed the statistic is a fixed number anyway.
CHI2_9999 = {5: 25.745, 6: 27.856}


def _chi_square(draws, probs):
    observed = np.bincount(draws, minlength=probs.size)
    support = probs > 0
    expected = probs[support] * draws.size
    assert np.all(observed[~support] == 0), "a word with probability 0 was drawn"
    return float(np.sum((observed[support] - expected) ** 2 / expected))


def test_unigram_distribution_is_count_to_the_three_quarters():
    p = w.unigram_distribution(COUNTS)
    expected = COUNTS.astype(float) ** 0.75 / np.sum(COUNTS.astype(float) ** 0.75)
    np.testing.assert_allclose(p, expected, rtol=1e-15)
    assert p.sum() == pytest.approx(1.0, abs=1e-15) and p[6] == 0.0
    np.testing.assert_allclose(w.unigram_distribution(COUNTS, power=1.0), COUNTS / COUNTS.sum(), rtol=1e-15)
    np.testing.assert_allclose(w.unigram_distribution([3, 0, 5], power=0.0), [0.5, 0.0, 0.5])
    # 3/4 flattens the distribution: rare words gain, the most frequent loses
    p1 = w.unigram_distribution(COUNTS, power=1.0)
    assert p[0] < p1[0] and p[5] > p1[5]


def test_sampler_frequencies_match_count_power_three_quarters():
    sampler = w.UnigramSampler(COUNTS)
    np.testing.assert_allclose(sampler.probs, w.unigram_distribution(COUNTS), rtol=0, atol=0)
    draws = sampler.sample(np.random.default_rng(2024), N_DRAWS)
    assert draws.shape == (N_DRAWS,) and np.issubdtype(draws.dtype, np.integer)
    stat = _chi_square(draws, sampler.probs)
    assert stat < CHI2_9999[6], f"chi-square {stat:.1f} with 6 degrees of freedom"
    freq = np.bincount(draws, minlength=COUNTS.size) / N_DRAWS
    np.testing.assert_allclose(freq, sampler.probs, atol=4e-3)


def test_sampler_with_exclude_draws_from_the_conditional_distribution():
    sampler = w.UnigramSampler(COUNTS)
    draws = sampler.sample(np.random.default_rng(7), N_DRAWS, exclude=0)
    assert not np.any(draws == 0)
    conditional = sampler.probs.copy()
    conditional[0] = 0.0
    conditional /= conditional.sum()
    stat = _chi_square(draws, conditional)
    assert stat < CHI2_9999[5], f"chi-square {stat:.1f} with 5 degrees of freedom"


@given(seed=st.integers(0, 2**32 - 1), V=st.integers(2, 12), K=st.integers(1, 50), data=st.data())
def test_exclude_is_never_returned(seed, V, K, data):
    counts = np.random.default_rng(seed).integers(1, 100, size=V)
    exclude = data.draw(st.integers(0, V - 1))
    sampler = w.UnigramSampler(counts)
    draws = sampler.sample(np.random.default_rng(seed), K, exclude=exclude)
    assert draws.shape == (K,)
    assert not np.any(draws == exclude)
    assert np.all((draws >= 0) & (draws < V))


def test_exclude_the_dominant_word_still_terminates():
    sampler = w.UnigramSampler([10**6, 1, 1])
    draws = sampler.sample(np.random.default_rng(0), 1000, exclude=0)
    assert set(np.unique(draws).tolist()) == {1, 2}


def test_same_generator_state_gives_the_same_draws():
    sampler = w.UnigramSampler(COUNTS)
    a = sampler.sample(np.random.default_rng(42), 30, exclude=3)
    b = sampler.sample(np.random.default_rng(42), 30, exclude=3)
    np.testing.assert_array_equal(a, b)
    rng = np.random.default_rng(42)
    state = rng.bit_generator.state
    c = sampler.sample(rng, 30, exclude=3)
    d = sampler.sample(rng, 30, exclude=3)  # the generator moved on
    rng.bit_generator.state = state
    e = sampler.sample(rng, 30, exclude=3)
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(c, e)
    assert not np.array_equal(c, d)


def test_repeats_are_possible():
    sampler = w.UnigramSampler([5, 4, 3, 2, 1])
    draws = sampler.sample(np.random.default_rng(3), 20, exclude=1)
    assert np.unique(draws).size < draws.size
    # and the first occurrence of a repeat is not special: K=2 draws of one word do happen
    pairs = [sampler.sample(np.random.default_rng(s), 2) for s in range(50)]
    assert any(p[0] == p[1] for p in pairs)


def test_zero_count_words_are_never_drawn():
    sampler = w.UnigramSampler([0, 3, 0, 5, 0])
    draws = sampler.sample(np.random.default_rng(5), 50_000)
    assert set(np.unique(draws).tolist()) == {1, 3}


class _EdgeGenerator(np.random.Generator):
    """A Generator whose uniform draws sit at the very ends of [0, 1)."""

    def __init__(self, value):
        super().__init__(np.random.PCG64(0))
        self._value = value

    def random(self, size=None, dtype=np.float64, out=None):
        return np.full(size, self._value)


@pytest.mark.parametrize("counts", [[7, 8, 0], [12, 13, 14, 0, 0], [0, 2, 3, 4, 5, 0]])
def test_trailing_zero_count_words_are_not_drawn_at_the_top_of_the_unit_interval(counts):
    # For these counts the cumulative probabilities add up to 1 - 1.1e-16, so a uniform draw
    # just below 1 used to land on the trailing zero-count word (probability ~1e-16 per draw).
    sampler = w.UnigramSampler(counts)
    last = int(np.flatnonzero(counts)[-1])
    top = sampler.sample(_EdgeGenerator(np.nextafter(1.0, 0.0)), 3)
    np.testing.assert_array_equal(top, [last] * 3)
    first = int(np.flatnonzero(counts)[0])
    bottom = sampler.sample(_EdgeGenerator(0.0), 3)
    np.testing.assert_array_equal(bottom, [first] * 3)


def test_vocab_size():
    assert w.UnigramSampler(COUNTS).vocab_size == COUNTS.size
