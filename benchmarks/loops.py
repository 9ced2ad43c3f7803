"""Per-pair Python loops, the baselines the vectorised trainer is measured against.

Both loops make one epoch of plain SGD over the same (center, outside) pairs
as ``w2vlib.train.train_skipgram`` (same subsampling and dynamic window, same
learning-rate decay), one pair at a time, with K negatives drawn per pair by
``UnigramSampler.sample(rng, K, exclude=o)``:

* ``classic_loop``: in the style of the classic assignment. For every center
  word and every outside word it calls the book's
  ``neg_sampling_loss_and_gradient`` and applies the returned gradients,
  which are dense (|V|, d) arrays, to the whole tables.
* ``row_loop``: the same loop with the chapter (g) formulas written inline on
  the K + 1 rows a pair touches, so nothing of size |V| is built. It shows how
  much of the gap is the dense interface and how much is the interpreter.
"""

from __future__ import annotations

import time

import numpy as np

from w2vlib import UnigramSampler, neg_sampling_loss_and_gradient
from w2vlib.train import keep_probability, subsample, window_pairs


def _epoch_setup(sentences, counts, rng, vector_size, window, sample):
    """An epoch's (center, outside) pairs, the negative sampler and word2vec.c's initial vectors."""
    kept, sentence_ids = subsample(sentences, keep_probability(counts, sample), rng)
    centers, outsides = window_pairs(kept, sentence_ids, window, rng)
    V = len(counts)
    Vc = (rng.random((V, vector_size)) - 0.5) / vector_size
    U = np.zeros((V, vector_size))
    return centers, outsides, UnigramSampler(counts), Vc, U


def classic_loop(sentences, counts, *, rng, vector_size, window, negative, sample, alpha, min_alpha):
    """One epoch, pair by pair, through ``neg_sampling_loss_and_gradient``.

    Returns ``(seconds, pairs)``; the time includes forming the pairs.
    """
    start = time.perf_counter()
    centers, outsides, sampler, Vc, U = _epoch_setup(sentences, counts, rng, vector_size, window, sample)
    P = centers.size
    for n in range(P):
        c, o = int(centers[n]), int(outsides[n])
        lr = alpha - (alpha - min_alpha) * n / P
        negatives = sampler.sample(rng, negative, exclude=o)
        _, grad_v, grad_U = neg_sampling_loss_and_gradient(Vc[c], o, U, negatives)
        Vc[c] -= lr * grad_v
        U -= lr * grad_U
    return time.perf_counter() - start, P


def row_loop(sentences, counts, *, rng, vector_size, window, negative, sample, alpha, min_alpha):
    """One epoch, pair by pair, touching only the K + 1 rows of a pair.

    Returns ``(seconds, pairs)``; the time includes forming the pairs.
    """
    start = time.perf_counter()
    centers, outsides, sampler, Vc, U = _epoch_setup(sentences, counts, rng, vector_size, window, sample)
    sign = np.ones(negative + 1)
    sign[1:] = -1.0
    P = centers.size
    for n in range(P):
        c, o = int(centers[n]), int(outsides[n])
        lr = alpha - (alpha - min_alpha) * n / P
        idx = np.concatenate(([o], sampler.sample(rng, negative, exclude=o)))
        rows = U[idx]  # u_o, u_{w_1}, ..., u_{w_K}
        z = sign * (rows @ Vc[c])
        coef = sign * (1.0 / (1.0 + np.exp(-z)) - 1.0)  # lambda_0, -lambda_1, ..., -lambda_K
        np.add.at(U, idx, -lr * np.outer(coef, Vc[c]))  # a negative drawn twice gets two terms
        Vc[c] -= lr * (coef @ rows)
    return time.perf_counter() - start, P
