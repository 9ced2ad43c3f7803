"""Tests of the skip-gram trainer (w2vlib.train) and its data side (w2vlib.corpus).

The central claim: a minibatch step uses exactly the gradients the book
derives, so the batch gradient must equal the sum of per-pair gradients from
``neg_sampling_loss_and_gradient`` / ``naive_softmax_loss_and_gradient``,
repeated words included. The rest checks the sampling rules against their
formulas, that training learns planted structure, determinism and errors.
"""

from __future__ import annotations

import numpy as np
import pytest

from w2vlib import (
    UnigramSampler,
    naive_softmax_loss_and_gradient,
    neg_sampling_loss_and_gradient,
    unigram_distribution,
)
from w2vlib.corpus import (
    Vocabulary,
    WordPair,
    evaluate_word_pairs,
    load_word_pairs,
    nearest_neighbours,
    read_sentences,
    tokenize,
)
from w2vlib.train import (
    NegativeTable,
    RowGradient,
    keep_probability,
    naive_softmax_batch_loss_and_gradient,
    neg_sampling_batch_loss_and_gradient,
    reduced_windows,
    subsample,
    train_skipgram,
    window_pairs,
)

# ---------------------------------------------------------------------------
# batch gradients = sum of the book's per-pair gradients


def _loop_sums(per_pair, Vc, U, centers, outsides, negatives=None):
    loss, gv, gu = 0.0, np.zeros_like(Vc), np.zeros_like(U)
    for n, (c, o) in enumerate(zip(centers, outsides, strict=True)):
        args = (Vc[c], int(o), U) if negatives is None else (Vc[c], int(o), U, negatives[n])
        l, g_v, g_u = per_pair(*args)
        loss += l
        gv[c] += g_v
        gu += g_u
    return loss, gv, gu


def _random_batch(seed, V=9, d=5, B=30, K=4):
    rng = np.random.default_rng(seed)
    Vc = rng.normal(scale=0.7, size=(V, d))
    U = rng.normal(scale=0.7, size=(V, d))
    # a small vocabulary forces repeats: the same center, outside word and
    # negative occur many times in the batch and within one pair
    return Vc, U, rng.integers(0, V, B), rng.integers(0, V, B), rng.integers(0, V, (B, K))


@pytest.mark.parametrize("seed", range(5))
def test_neg_sampling_batch_equals_sum_of_per_pair_gradients(seed):
    Vc, U, c, o, neg = _random_batch(seed)
    loss, gv, gu = neg_sampling_batch_loss_and_gradient(Vc, U, c, o, neg)
    ref_loss, ref_gv, ref_gu = _loop_sums(neg_sampling_loss_and_gradient, Vc, U, c, o, neg)
    assert isinstance(gv, RowGradient) and isinstance(gu, RowGradient)
    assert loss == pytest.approx(ref_loss, abs=1e-10)
    np.testing.assert_allclose(gv.to_dense(9), ref_gv, rtol=0, atol=1e-10)
    np.testing.assert_allclose(gu.to_dense(9), ref_gu, rtol=0, atol=1e-10)


def test_neg_sampling_batch_with_hand_made_repeats():
    # pair 0 draws word 2 three times and its own center as a negative; pairs 0
    # and 1 share a center; word 3 is an outside word in one pair and a negative in another
    rng = np.random.default_rng(7)
    Vc, U = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    c, o = np.array([1, 1, 4]), np.array([3, 0, 2])
    neg = np.array([[2, 2, 2, 1], [3, 4, 4, 2], [3, 3, 0, 1]])
    loss, gv, gu = neg_sampling_batch_loss_and_gradient(Vc, U, c, o, neg)
    ref_loss, ref_gv, ref_gu = _loop_sums(neg_sampling_loss_and_gradient, Vc, U, c, o, neg)
    assert loss == pytest.approx(ref_loss, abs=1e-10)
    np.testing.assert_allclose(gv.to_dense(5), ref_gv, rtol=0, atol=1e-10)
    np.testing.assert_allclose(gu.to_dense(5), ref_gu, rtol=0, atol=1e-10)
    # only touched rows are returned, in increasing order
    np.testing.assert_array_equal(gv.rows, [1, 4])
    np.testing.assert_array_equal(gu.rows, [0, 1, 2, 3, 4])


@pytest.mark.parametrize("seed", range(3))
def test_naive_softmax_batch_equals_sum_of_per_pair_gradients(seed):
    Vc, U, c, o, _ = _random_batch(seed)
    loss, gv, gu = naive_softmax_batch_loss_and_gradient(Vc, U, c, o)
    ref_loss, ref_gv, ref_gu = _loop_sums(naive_softmax_loss_and_gradient, Vc, U, c, o)
    assert loss == pytest.approx(ref_loss, abs=1e-10)
    np.testing.assert_allclose(gv.to_dense(9), ref_gv, rtol=0, atol=1e-10)
    np.testing.assert_allclose(gu.to_dense(9), ref_gu, rtol=0, atol=1e-10)
    np.testing.assert_array_equal(gu.rows, np.arange(9))


def test_batch_gradient_in_float32_is_close_and_stays_float32():
    Vc, U, c, o, neg = _random_batch(11)
    loss64, gv64, gu64 = neg_sampling_batch_loss_and_gradient(Vc, U, c, o, neg)
    loss32, gv32, gu32 = neg_sampling_batch_loss_and_gradient(
        Vc.astype(np.float32), U.astype(np.float32), c, o, neg
    )
    assert gv32.values.dtype == np.float32 and gu32.values.dtype == np.float32
    assert loss32 == pytest.approx(loss64, rel=1e-5)
    np.testing.assert_allclose(gu32.to_dense(9), gu64.to_dense(9), atol=1e-5)


def test_batch_loss_is_stable_for_huge_scores():
    # |u^T v| = 1e4: sigma under- and overflows in a naive formula
    Vc = np.array([[100.0, 0.0], [0.0, 1.0]])
    U = np.array([[100.0, 0.0], [-100.0, 0.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
        loss, gv, gu = neg_sampling_batch_loss_and_gradient(Vc, U, [0], [1], [[0]])
    # both terms are about 1e4: -log sigma(-1e4) + -log sigma(-1e4)
    assert loss == pytest.approx(2e4, rel=1e-12)
    assert np.all(np.isfinite(gv.values)) and np.all(np.isfinite(gu.values))


def test_one_training_step_is_one_gradient_step_on_the_batch_loss():
    # epochs=1 and a batch larger than the epoch: the trainer must make exactly
    # one step theta - alpha * grad, with the batch gradient tested above
    sentences = [np.array([0, 1, 2, 3, 1, 0, 2]), np.array([3, 2, 1])]
    counts = np.array([2, 3, 3, 2])
    alpha = 0.1
    out = train_skipgram(
        sentences, counts, rng=np.random.default_rng(5), vector_size=3, window=2, negative=2,
        sample=0, alpha=alpha, min_alpha=alpha, epochs=1, batch_size=1000, dtype=np.float64,
    )
    rng = np.random.default_rng(5)
    Vc = (rng.random((4, 3)) - 0.5) / 3
    U = np.zeros((4, 3))
    kept, sids = subsample(sentences, keep_probability(counts, 0), rng)
    c, o = window_pairs(kept, sids, 2, rng)
    neg = NegativeTable(counts).negatives(rng, o, 2)
    loss, gv, gu = neg_sampling_batch_loss_and_gradient(Vc, U, c, o, neg)
    np.testing.assert_allclose(out.center_vectors, Vc - alpha * gv.to_dense(4), rtol=0, atol=1e-12)
    np.testing.assert_allclose(out.outside_vectors, U - alpha * gu.to_dense(4), rtol=0, atol=1e-12)
    assert out.epoch_loss[0] == pytest.approx(loss / c.size, rel=1e-12)


def _zipf_corpus(seed, n_sentences=30, length=20, V=12):
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, V + 1)
    sentences = [rng.choice(V, size=length, p=p / p.sum()) for _ in range(n_sentences)]
    return sentences, np.bincount(np.concatenate(sentences), minlength=V)


def test_learning_rate_decays_per_batch_and_sample_is_applied():
    # A reference trainer written out here, on the library's building blocks
    # and the same random stream: per epoch, subsample with P_keep computed by
    # hand from the word2vec.c formula, then one step per batch of B pairs with
    # lr = alpha - (alpha - min_alpha) (epoch + s0 / P) / epochs, s0 the first
    # pair of the batch and P the pairs of the epoch. A trainer that decays the
    # rate once per epoch, or ignores `sample`, ends with other vectors.
    sentences, counts = _zipf_corpus(1)
    d, window, K, sample, alpha, min_alpha, epochs, B = 4, 2, 3, 0.05, 0.05, 0.001, 3, 16
    out = train_skipgram(
        sentences, counts, rng=np.random.default_rng(9), vector_size=d, window=window, negative=K,
        sample=sample, alpha=alpha, min_alpha=min_alpha, epochs=epochs, batch_size=B, dtype=np.float64,
    )
    f = counts / counts.sum()
    keep = np.minimum(1.0, (np.sqrt(f / sample) + 1.0) * sample / f)
    assert keep[0] < 0.6 and keep[-1] == 1.0  # the frequent word is subsampled, the rare kept
    rng = np.random.default_rng(9)
    V = counts.size
    Vc, U = (rng.random((V, d)) - 0.5) / d, np.zeros((V, d))
    table = NegativeTable(counts)
    rates = []
    for epoch in range(epochs):
        kept, sids = subsample(sentences, keep, rng)
        c, o = window_pairs(kept, sids, window, rng)
        P = c.size
        assert out.pairs_per_epoch[epoch] == P
        for s0 in range(0, P, B):
            lr = alpha - (alpha - min_alpha) * (epoch + s0 / P) / epochs
            rates.append(lr)
            cb, ob = c[s0 : s0 + B], o[s0 : s0 + B]
            _, gv, gu = neg_sampling_batch_loss_and_gradient(Vc, U, cb, ob, table.negatives(rng, ob, K))
            Vc -= lr * gv.to_dense(V)
            U -= lr * gu.to_dense(V)
    assert len(rates) > 3 * epochs and len(set(rates)) == len(rates)  # a new rate every batch
    np.testing.assert_allclose(out.center_vectors, Vc, rtol=0, atol=1e-12)
    np.testing.assert_allclose(out.outside_vectors, U, rtol=0, atol=1e-12)


def test_subsampling_sets_the_number_of_pairs():
    # window = 1 makes the window deterministic: a sentence with n kept words
    # gives 2 (n - 1) pairs. Word 0 has f = 0.9 and is kept with probability
    # (sqrt(0.9 / s) + 1) s / 0.9 = 0.2913 for s = 0.05; words 1 and 2 have
    # f = 0.05 <= s and are always kept. 20 sentences of 180 + 10 + 10 words.
    rng = np.random.default_rng(3)
    sentences = [rng.permutation(np.repeat([0, 1, 2], [180, 10, 10])) for _ in range(20)]
    counts = np.array([3600, 200, 200])
    p0 = (np.sqrt(0.9 / 0.05) + 1.0) * 0.05 / 0.9
    expected = 2 * 20 * (180 * p0 + 20 - 1)  # n >= 20 always, so no sentence is empty
    sd = 2 * np.sqrt(20 * 180 * p0 * (1 - p0))  # of one epoch's pair count
    epochs = 8
    out = train_skipgram(sentences, counts, rng=np.random.default_rng(4), vector_size=2, window=1,
                         negative=1, sample=0.05, epochs=epochs, batch_size=512)
    mean = np.mean(out.pairs_per_epoch)
    assert abs(mean - expected) < 4 * sd / np.sqrt(epochs), (mean, expected)
    everything = train_skipgram(sentences, counts, rng=np.random.default_rng(4), vector_size=2,
                                window=1, negative=1, sample=0, epochs=1, batch_size=512)
    assert everything.pairs_per_epoch == [2 * 20 * (200 - 1)]  # sample = 0 keeps every word


# ---------------------------------------------------------------------------
# subsampling, dynamic window, negatives


def test_keep_probability_matches_word2vec_formula():
    counts = np.array([1000, 100, 10, 1, 0])
    s = 1e-2
    f = counts[:4] / counts.sum()
    expected = np.minimum(1.0, (np.sqrt(f / s) + 1) * s / f)
    p = keep_probability(counts, s)
    np.testing.assert_allclose(p[:4], expected, rtol=1e-15)
    assert p[4] == 1.0
    assert p[0] < p[1] < 1.0 and p[2] == p[3] == 1.0  # f <= s: always kept
    np.testing.assert_array_equal(keep_probability(counts, 0), np.ones(5))


def test_subsample_keeps_each_word_at_its_probability():
    counts = np.array([50_000, 5_000, 500])
    keep = keep_probability(counts, 1e-3)
    sentence = np.repeat(np.arange(3), counts)
    kept, sids = subsample([sentence], keep, np.random.default_rng(0))
    observed = np.bincount(kept, minlength=3) / counts
    se = np.sqrt(keep * (1 - keep) / counts) + 1e-12
    assert np.all(np.abs(observed - keep) <= 5 * se)
    assert np.all(sids == 0)


def test_reduced_windows_are_uniform_on_1_to_window():
    r = reduced_windows(np.random.default_rng(1), 60_000, 5)
    assert r.min() == 1 and r.max() == 5
    freq = np.bincount(r, minlength=6)[1:] / r.size
    assert np.all(np.abs(freq - 0.2) < 5 * np.sqrt(0.2 * 0.8 / r.size))


def test_window_pairs_use_offset_j_with_probability_window_minus_j_plus_1_over_window():
    n, m = 40_000, 4
    tokens = np.arange(n)
    c, o = window_pairs(tokens, np.zeros(n, dtype=int), m, np.random.default_rng(2))
    offsets = o - c
    assert set(np.unique(offsets)) == {-4, -3, -2, -1, 1, 2, 3, 4}
    for j in range(1, m + 1):
        share = np.sum(offsets == j) / n  # centers far from the ends all have both sides
        expected = (m - j + 1) / m
        assert abs(share - expected) < 5 * np.sqrt(expected * (1 - expected) / n) + 2 * m / n


def test_window_pairs_match_a_loop_and_never_cross_sentences():
    rng = np.random.default_rng(3)
    tokens = rng.integers(0, 50, 60)
    sids = np.repeat([0, 1, 2, 3], [10, 25, 5, 20])
    m = 3
    radius = reduced_windows(np.random.default_rng(4), tokens.size, m)
    expected = [
        (tokens[t], tokens[t + j])
        for t in range(tokens.size)
        for j in range(-radius[t], radius[t] + 1)
        if j != 0 and 0 <= t + j < tokens.size and sids[t + j] == sids[t]
    ]
    c, o = window_pairs(tokens, sids, m, np.random.default_rng(4))
    assert list(zip(c.tolist(), o.tolist(), strict=True)) == [(int(a), int(b)) for a, b in expected]


def test_negative_table_has_the_unigram_three_quarters_distribution():
    counts = np.array([900, 40, 1, 0, 310, 7, 7])
    table = NegativeTable(counts)
    np.testing.assert_allclose(table.probs, unigram_distribution(counts, 0.75), rtol=0, atol=0)
    np.testing.assert_allclose(table.probs, UnigramSampler(counts).probs, rtol=0, atol=0)
    np.testing.assert_allclose(table.alias_probabilities(), table.probs, rtol=0, atol=1e-14)
    draws = table.draw(np.random.default_rng(0), 200_000)
    freq = np.bincount(draws, minlength=7) / draws.size
    assert freq[3] == 0.0
    se = np.sqrt(table.probs * (1 - table.probs) / draws.size)
    assert np.all(np.abs(freq - table.probs) <= 5 * se)


def test_negatives_never_equal_the_outside_word():
    counts = np.array([1000, 10, 10])
    outsides = np.zeros(5000, dtype=int)
    neg = NegativeTable(counts).negatives(np.random.default_rng(0), outsides, 3)
    assert neg.shape == (5000, 3)
    assert not np.any(neg == 0)
    with pytest.raises(ValueError, match="all the probability mass"):
        NegativeTable(np.array([5, 0])).negatives(np.random.default_rng(0), np.array([0]), 1)


# ---------------------------------------------------------------------------
# training


def _planted_corpus(seed=0, n_sentences=120, length=12):
    """Words 0-5 only co-occur with each other, words 6-11 likewise."""
    rng = np.random.default_rng(seed)
    groups = [np.arange(0, 6), np.arange(6, 12)]
    return [rng.choice(groups[i % 2], size=length) for i in range(n_sentences)]


def _cosines(W):
    W = W / np.linalg.norm(W, axis=1, keepdims=True)
    return W @ W.T


@pytest.mark.parametrize("objective", ["negative_sampling", "naive_softmax"])
def test_training_learns_planted_structure(objective):
    sentences = _planted_corpus()
    counts = np.bincount(np.concatenate(sentences), minlength=12)
    out = train_skipgram(
        sentences, counts, rng=np.random.default_rng(0), vector_size=10, window=3, negative=3,
        sample=0, alpha=0.05, epochs=8, batch_size=64, objective=objective,
    )
    assert out.epoch_loss[-1] < 0.9 * out.epoch_loss[0]
    cos = _cosines(out.center_vectors)
    same = np.zeros((12, 12), dtype=bool)
    same[:6, :6] = same[6:, 6:] = True
    within = cos[same & ~np.eye(12, dtype=bool)].mean()
    between = cos[~same].mean()
    assert within > between + 0.5, (within, between)


def test_training_is_deterministic_for_a_seed():
    sentences = _planted_corpus(1)
    counts = np.bincount(np.concatenate(sentences), minlength=12)

    def run(seed):
        return train_skipgram(sentences, counts, rng=np.random.default_rng(seed), vector_size=6, epochs=2)

    a, b, c = run(3), run(3), run(4)
    np.testing.assert_array_equal(a.center_vectors, b.center_vectors)
    np.testing.assert_array_equal(a.outside_vectors, b.outside_vectors)
    assert a.epoch_loss == b.epoch_loss
    assert not np.array_equal(a.center_vectors, c.center_vectors)


def test_on_epoch_end_and_progress_bar(capsys):
    sentences = _planted_corpus(2, n_sentences=10)
    counts = np.bincount(np.concatenate(sentences), minlength=12)
    seen = []
    out = train_skipgram(
        sentences, counts, rng=np.random.default_rng(0), vector_size=4, epochs=3, progress=True,
        on_epoch_end=lambda e, W: seen.append((e, W.shape)),
    )
    assert seen == [(0, (12, 4)), (1, (12, 4)), (2, (12, 4))]
    assert len(out.epoch_loss) == len(out.pairs_per_epoch) == len(out.epoch_seconds) == 3
    assert "epochs: 100%" in capsys.readouterr().err


def test_divergence_is_reported():
    sentences = _planted_corpus(3, n_sentences=20)
    counts = np.bincount(np.concatenate(sentences), minlength=12)
    with pytest.raises(FloatingPointError, match="diverged"):
        with np.errstate(all="ignore"):
            train_skipgram(sentences, counts, rng=np.random.default_rng(0), vector_size=4, alpha=1e30,
                           min_alpha=1e30, epochs=3, objective="naive_softmax")


# ---------------------------------------------------------------------------
# bad input


_S = [np.array([0, 1, 2, 1])]
_C = np.array([1, 2, 1])


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"rng": 0}, TypeError, "rng"),
        ({"window": 0}, ValueError, "window"),
        ({"negative": 1.5}, TypeError, "negative"),
        ({"epochs": -1}, ValueError, "epochs"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"vector_size": 0}, ValueError, "vector_size"),
        ({"sample": -1e-3}, ValueError, "sample"),
        ({"alpha": 0.01, "min_alpha": 0.1}, ValueError, "min_alpha"),
        ({"objective": "softmax"}, ValueError, "objective"),
        ({"dtype": np.int32}, ValueError, "dtype"),
        ({"on_epoch_end": 3}, TypeError, "on_epoch_end"),
        ({"counts": np.array([1, 2])}, ValueError, "counts"),
        ({"counts": np.array([1, -2, 1])}, ValueError, "counts"),
        ({"sentences": np.array([0, 1])}, TypeError, "sentences"),
        ({"sentences": [np.array([0.5, 1.0])]}, TypeError, "sentences"),
        ({"sentences": [np.array([], dtype=int)]}, ValueError, "sentences"),
    ],
)
def test_train_skipgram_rejects_bad_input(kwargs, error, name):
    args = {"sentences": _S, "counts": _C, "rng": np.random.default_rng(0), "epochs": 1} | kwargs
    sentences, counts = args.pop("sentences"), args.pop("counts")
    with pytest.raises(error, match=name):
        train_skipgram(sentences, counts, **args)


def test_batch_functions_reject_bad_input():
    Vc, U, c, o, neg = _random_batch(0)
    f = neg_sampling_batch_loss_and_gradient
    with pytest.raises(TypeError, match="center_vectors"):
        f(Vc.tolist(), U, c, o, neg)
    with pytest.raises(ValueError, match="outside_vectors"):
        f(Vc, U[:, :2], c, o, neg)
    with pytest.raises(ValueError, match="outsides"):
        f(Vc, U, c, o[:3], neg)
    with pytest.raises(ValueError, match="centers"):
        f(Vc, U, c + 9, o, neg)
    with pytest.raises(ValueError, match="negatives"):
        f(Vc, U, c, o, neg[:, 0])
    with pytest.raises(ValueError, match="negatives"):
        f(Vc, U, c, o, neg - 1)
    bad = U.copy()
    bad[o[0]] = np.nan
    with pytest.raises(ValueError, match="finite"):
        f(Vc, bad, c, o, neg)
    with pytest.raises(TypeError, match="outside_vectors"):
        naive_softmax_batch_loss_and_gradient(Vc, U.astype(int), c, o)
    with pytest.raises(ValueError, match="window"):
        window_pairs(np.arange(4), np.zeros(4, dtype=int), 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="sentence_ids"):
        window_pairs(np.arange(4), np.zeros(3, dtype=int), 2, np.random.default_rng(0))
    with pytest.raises(ValueError, match="sample"):
        keep_probability([1, 2], -1)


# ---------------------------------------------------------------------------
# corpus, vocabulary, evaluation


def test_tokenize_and_read_sentences(tmp_path):
    assert tokenize("At 4:00pm AEDT, it's windy.") == ["at", "pm", "aedt", "it's", "windy"]
    p = tmp_path / "c.txt"
    p.write_text("The cat sat.\n\nThe dog, the cat!\n", encoding="utf-8")
    assert read_sentences(p) == [["the", "cat", "sat"], ["the", "dog", "the", "cat"]]
    with pytest.raises(ValueError, match="path"):
        read_sentences(tmp_path / "missing.txt")
    with pytest.raises(TypeError, match="text"):
        tokenize(None)


def test_vocabulary_orders_by_count_then_word_and_encodes():
    sentences = [["b", "a", "c", "b"], ["a", "b", "d"]]
    vocab = Vocabulary.build(sentences, min_count=2)
    assert vocab.words == ["b", "a"] and vocab.counts.tolist() == [3, 2]
    enc = vocab.encode(sentences + [["c", "d"]])
    assert [e.tolist() for e in enc] == [[0, 1, 0], [1, 0]]
    with pytest.raises(ValueError, match="min_count"):
        Vocabulary.build(sentences, min_count=9)
    with pytest.raises(TypeError, match="sentences"):
        Vocabulary.build("a b c", min_count=1)


def test_evaluate_word_pairs_agrees_with_gensim(tmp_path):
    from gensim.models import KeyedVectors

    vocab = Vocabulary([f"w{i}" for i in range(20)], np.arange(20, 0, -1))
    W = np.random.default_rng(0).normal(size=(20, 6)).astype(np.float32)
    rng = np.random.default_rng(1)
    lines = [f"w{rng.integers(0, 25)}\tW{rng.integers(0, 25)}\t{rng.uniform(0, 10):.2f}" for _ in range(40)]
    path = tmp_path / "pairs.tsv"
    path.write_text("# a comment\n" + "\n".join(lines) + "\n", encoding="utf-8")
    ours = evaluate_word_pairs(W, vocab, load_word_pairs(path))
    kv = KeyedVectors(6)
    kv.add_vectors(vocab.words, W)
    _, spearman, oov_percent = kv.evaluate_word_pairs(str(path))
    assert ours.spearman == pytest.approx(spearman.statistic, abs=1e-12)
    assert ours.n_total == 40
    assert 100 * (1 - ours.coverage) == pytest.approx(oov_percent, abs=1e-9)


def test_wordsim353_and_neighbours():
    pairs = load_word_pairs()
    assert len(pairs) == 353 and pairs[0] == WordPair("love", "sex", 6.77)
    vocab = Vocabulary(["a", "b", "c", "d"], np.array([4, 3, 2, 1]))
    W = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [-1.0, 0.0]])
    nn = nearest_neighbours(W, vocab, "a", topn=2)
    assert [w for w, _ in nn] == ["b", "c"]
    assert nn[0][1] == pytest.approx(0.9 / np.hypot(0.9, 0.1))
    with pytest.raises(ValueError, match="word"):
        nearest_neighbours(W, vocab, "zzz")
    with pytest.raises(ValueError, match="vectors"):
        nearest_neighbours(W[:3], vocab, "a")
    with pytest.raises(ValueError, match="pairs"):
        evaluate_word_pairs(W, vocab, [WordPair("a", "x", 1.0)] * 5)
