"""The skip-gram window loss of chapter (i): J = sum_{-m <= j <= m, j != 0} J(v_c, w_{t+j}, U)."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given
from hypothesis import strategies as st

import w2vlib as w

seeds = st.integers(0, 2**32 - 1)
dims = st.integers(1, 8)
windows = st.integers(1, 3)
ks = st.integers(1, 8)

AG_RTOL, AG_ATOL = 1e-9, 1e-12


def _window(seed, V, d, m):
    """A random sentence over a |V|-word vocabulary, a center position and its window."""
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(V)]
    word2ind = {word: i for i, word in enumerate(words)}
    sentence = [words[i] for i in rng.integers(0, V, size=int(rng.integers(1, 2 * m + 4)))]
    t = int(rng.integers(len(sentence)))
    outside = w.window_outside_words(sentence, t, m)
    Vc = rng.normal(size=(V, d))
    U = rng.normal(size=(V, d))
    return sentence[t], outside, word2ind, Vc, U


# ---------------------------------------------------------------- independent autograd losses


def _ag_sigmoid(x):
    return 1.0 / (1.0 + anp.exp(-x))


def ag_skipgram_naive(Vc, U, c, outside):
    J = 0.0
    for o in outside:
        scores = anp.dot(U, Vc[c])
        J = J - anp.log(anp.exp(scores[o]) / anp.sum(anp.exp(scores)))
    return J


def ag_skipgram_neg(Vc, U, c, outside, negatives):
    J = 0.0
    for o, negs in zip(outside, negatives, strict=True):
        J = J - anp.log(_ag_sigmoid(anp.dot(U[o], Vc[c])))
        for k in negs:
            J = J - anp.log(_ag_sigmoid(-anp.dot(U[int(k)], Vc[c])))
    return J


def _neg_setup(seed, V, K):
    counts = np.random.default_rng(seed + 1).integers(1, 50, size=V)
    sampler = w.UnigramSampler(counts)
    return sampler, w.neg_sampling_loss_fn(sampler, K, np.random.default_rng(seed))


def _replayed_negatives(sampler, seed, K, outside_idx):
    """The negatives neg_sampling_loss_fn draws: same sampler, a generator in the same state."""
    rng = np.random.default_rng(seed)
    return [sampler.sample(rng, K, exclude=o) for o in outside_idx]


# ---------------------------------------------------------------- window


def test_window_in_the_middle_has_2m_words_including_j_equal_m():
    sentence = "a b c d e f g h i".split()
    assert w.window_outside_words(sentence, 4, 1) == ["d", "f"]
    assert w.window_outside_words(sentence, 4, 2) == ["c", "d", "f", "g"]
    assert w.window_outside_words(sentence, 4, 3) == ["b", "c", "d", "f", "g", "h"]
    # j = +m is the last word: the window is -m <= j <= m, not -m <= j < m
    assert w.window_outside_words(sentence, 4, 3)[-1] == sentence[4 + 3]
    assert "e" not in w.window_outside_words(sentence, 4, 3)


def test_window_clips_at_the_sentence_ends():
    sentence = "a b c d e".split()
    assert w.window_outside_words(sentence, 0, 2) == ["b", "c"]
    assert w.window_outside_words(sentence, 1, 2) == ["a", "c", "d"]
    assert w.window_outside_words(sentence, 4, 2) == ["c", "d"]
    assert w.window_outside_words(sentence, 2, 10) == ["a", "b", "d", "e"]
    assert w.window_outside_words(["solo"], 0, 3) == []


def test_window_keeps_repeated_words_and_the_center_word_elsewhere():
    sentence = "the cat saw the cat".split()
    assert w.window_outside_words(sentence, 1, 3) == ["the", "saw", "the", "cat"]
    assert w.window_outside_words(tuple(sentence), 0, 1) == ["cat"]


@given(length=st.integers(1, 15), data=st.data(), m=st.integers(1, 5))
def test_window_matches_the_definition(length, data, m):
    sentence = [f"t{i}" for i in range(length)]
    t = data.draw(st.integers(0, length - 1))
    expected = [sentence[t + j] for j in range(-m, m + 1) if j != 0 and 0 <= t + j < length]
    got = w.window_outside_words(sentence, t, m)
    assert got == expected
    assert len(got) == min(t, m) + min(length - 1 - t, m)


# ---------------------------------------------------------------- naive softmax: oracles


@given(seed=seeds, V=st.integers(1, 12), d=dims, m=windows)
def test_skipgram_naive_gradients_central_differences(seed, V, d, m):
    c, outside, word2ind, Vc, U = _window(seed, V, d, m)
    f = w.naive_softmax_loss_and_gradient

    def f_center(x):
        loss, g, _ = w.skipgram(c, m, outside, word2ind, x, U, f)
        return loss, g

    def f_outside(x):
        loss, _, g = w.skipgram(c, m, outside, word2ind, Vc, x, f)
        return loss, g

    assert w.gradcheck(f_center, Vc) <= 1e-6
    assert w.gradcheck(f_outside, U) <= 1e-6


@given(seed=seeds, V=st.integers(1, 12), d=dims, m=windows)
def test_skipgram_naive_matches_autograd(seed, V, d, m):
    c, outside, word2ind, Vc, U = _window(seed, V, d, m)
    loss, g_V, g_U = w.skipgram(c, m, outside, word2ind, Vc, U, w.naive_softmax_loss_and_gradient)
    ci, oi = word2ind[c], [word2ind[o] for o in outside]
    assert loss == pytest.approx(float(ag_skipgram_naive(Vc, U, ci, oi)), rel=1e-12, abs=1e-12)
    if outside:  # autograd returns a scalar zero for a constant function
        np.testing.assert_allclose(g_V, grad(ag_skipgram_naive, 0)(Vc, U, ci, oi), rtol=AG_RTOL, atol=AG_ATOL)
        np.testing.assert_allclose(g_U, grad(ag_skipgram_naive, 1)(Vc, U, ci, oi), rtol=AG_RTOL, atol=AG_ATOL)


# ---------------------------------------------------------------- negative sampling: oracles


@given(seed=seeds, V=st.integers(2, 12), d=dims, m=windows, K=ks)
def test_skipgram_neg_sampling_gradients_central_differences(seed, V, d, m, K):
    c, outside, word2ind, Vc, U = _window(seed, V, d, m)
    sampler, _ = _neg_setup(seed, V, K)
    rng = np.random.default_rng(seed)
    fn = w.neg_sampling_loss_fn(sampler, K, rng)

    def f_center(x):
        loss, g, _ = w.skipgram(c, m, outside, word2ind, x, U, fn)
        return loss, g

    def f_outside(x):
        loss, _, g = w.skipgram(c, m, outside, word2ind, Vc, x, fn)
        return loss, g

    assert w.gradcheck(f_center, Vc, rng=rng) <= 1e-6
    assert w.gradcheck(f_outside, U, rng=rng) <= 1e-6


@given(seed=seeds, V=st.integers(2, 12), d=dims, m=windows, K=ks)
def test_skipgram_neg_sampling_matches_autograd(seed, V, d, m, K):
    c, outside, word2ind, Vc, U = _window(seed, V, d, m)
    sampler, fn = _neg_setup(seed, V, K)
    loss, g_V, g_U = w.skipgram(c, m, outside, word2ind, Vc, U, fn)
    ci, oi = word2ind[c], [word2ind[o] for o in outside]
    negatives = _replayed_negatives(sampler, seed, K, oi)
    assert loss == pytest.approx(float(ag_skipgram_neg(Vc, U, ci, oi, negatives)), rel=1e-12, abs=1e-12)
    if outside:
        for arg, ours in [(0, g_V), (1, g_U)]:
            oracle = grad(ag_skipgram_neg, arg)(Vc, U, ci, oi, negatives)
            np.testing.assert_allclose(ours, oracle, rtol=AG_RTOL, atol=AG_ATOL)


def test_gradcheck_of_neg_sampling_skipgram_needs_the_rng_restored():
    """Without rng=, each evaluation draws new negatives and the check fails."""
    c, outside, word2ind, Vc, U = _window(0, 8, 3, 3)
    assert len(outside) >= 2
    rng = np.random.default_rng(1)
    fn = w.neg_sampling_loss_fn(w.UnigramSampler(np.ones(8)), 5, rng)

    def f_center(x):
        loss, g, _ = w.skipgram(c, 3, outside, word2ind, x, U, fn)
        return loss, g

    with pytest.raises(w.GradientCheckError):
        w.gradcheck(f_center, Vc)
    assert w.gradcheck(f_center, Vc, rng=rng) <= 1e-6


# ---------------------------------------------------------------- structure


@given(seed=seeds, V=st.integers(2, 12), d=dims, m=windows, K=ks, naive=st.booleans())
def test_skipgram_is_the_sum_of_per_pair_losses_and_only_row_c_moves(seed, V, d, m, K, naive):
    c, outside, word2ind, Vc, U = _window(seed, V, d, m)
    ci, oi = word2ind[c], [word2ind[o] for o in outside]
    if naive:
        fn = w.naive_softmax_loss_and_gradient
        pairs = [w.naive_softmax_loss_and_gradient(Vc[ci], o, U) for o in oi]
    else:
        sampler, fn = _neg_setup(seed, V, K)
        negatives = _replayed_negatives(sampler, seed, K, oi)
        pairs = [
            w.neg_sampling_loss_and_gradient(Vc[ci], o, U, n) for o, n in zip(oi, negatives, strict=True)
        ]
    loss, g_V, g_U = w.skipgram(c, m, outside, word2ind, Vc, U, fn)
    assert g_V.shape == Vc.shape and g_U.shape == U.shape
    assert loss == pytest.approx(sum(p[0] for p in pairs), rel=1e-13, abs=1e-14)
    np.testing.assert_allclose(g_V[ci], sum((p[1] for p in pairs), np.zeros(d)), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(g_U, sum((p[2] for p in pairs), np.zeros_like(U)), rtol=1e-13, atol=1e-14)
    others = np.arange(V) != ci
    assert np.all(g_V[others] == 0.0)  # dJ/dv_w = 0 exactly for every w != c


def test_skipgram_counts_every_window_position_including_j_equal_m():
    rng = np.random.default_rng(5)
    word2ind = {wd: i for i, wd in enumerate("a b c d e".split())}
    Vc, U = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    sentence = "a b c d e".split()
    outside = w.window_outside_words(sentence, 2, 2)
    assert outside == ["a", "b", "d", "e"]
    f = w.naive_softmax_loss_and_gradient
    loss, _, _ = w.skipgram("c", 2, outside, word2ind, Vc, U, f)
    per_word = {o: f(Vc[2], word2ind[o], U)[0] for o in outside}
    assert loss == pytest.approx(sum(per_word.values()), rel=1e-14)
    # dropping j = +m (the slip -m <= j < m) gives a different, smaller loss
    slip, _, _ = w.skipgram("c", 2, outside[:-1], word2ind, Vc, U, f)
    assert slip == pytest.approx(loss - per_word["e"], rel=1e-14)


def test_skipgram_repeated_outside_word_counts_twice_and_empty_window_is_zero():
    rng = np.random.default_rng(9)
    word2ind = {"x": 0, "y": 1, "z": 2}
    Vc, U = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    f = w.naive_softmax_loss_and_gradient
    one = w.skipgram("x", 1, ["y"], word2ind, Vc, U, f)
    two = w.skipgram("x", 1, ["y", "y"], word2ind, Vc, U, f)
    assert two[0] == pytest.approx(2 * one[0], rel=1e-15)
    np.testing.assert_allclose(two[1], 2 * one[1], rtol=1e-15)
    np.testing.assert_allclose(two[2], 2 * one[2], rtol=1e-15)
    loss, g_V, g_U = w.skipgram("x", 1, [], word2ind, Vc, U, f)
    assert loss == 0.0 and not g_V.any() and not g_U.any()
    # the center word may also be an outside word (the same token twice in a sentence)
    self_pair = w.skipgram("x", 1, ["x"], word2ind, Vc, U, f)
    assert self_pair[0] == pytest.approx(f(Vc[0], 0, U)[0], rel=1e-15)


def test_skipgram_does_not_modify_its_inputs():
    c, outside, word2ind, Vc, U = _window(3, 6, 4, 3)
    V0, U0 = Vc.copy(), U.copy()
    w.skipgram(c, 3, outside, word2ind, Vc, U, w.naive_softmax_loss_and_gradient)
    np.testing.assert_array_equal(Vc, V0)
    np.testing.assert_array_equal(U, U0)


def test_neg_sampling_loss_fn_excludes_the_outside_word_and_follows_the_generator():
    sampler = w.UnigramSampler([1, 1, 1])
    seen = []

    class Recorder(w.UnigramSampler):
        def sample(self, rng, K, exclude=None):
            out = super().sample(rng, K, exclude=exclude)
            seen.append((exclude, out))
            return out

    rec = Recorder([1, 1, 1])
    fn = w.neg_sampling_loss_fn(rec, 50, np.random.default_rng(0))
    v, U = np.ones(2), np.eye(3, 2)
    for o in range(3):
        fn(v, o, U)
    assert [e for e, _ in seen] == [0, 1, 2]
    assert all(not np.any(out == e) for e, out in seen)
    a = w.neg_sampling_loss_fn(sampler, 4, np.random.default_rng(3))(v, 1, U)
    b = w.neg_sampling_loss_fn(sampler, 4, np.random.default_rng(3))(v, 1, U)
    assert a[0] == b[0]
    np.testing.assert_array_equal(a[2], b[2])
