"""Negative sampling from the unigram distribution raised to the 3/4 power (chapter g)."""

from __future__ import annotations

import numpy as np

from . import _checks


def unigram_distribution(counts, power=0.75):
    """P(w) proportional to count(w)^power, shape (|V|,). word2vec uses power = 3/4.

    ``counts`` is a 1-D array of non-negative word counts with a positive total.
    """
    c = _checks.float_array(counts, "counts", ndim=1)
    if c.size == 0:
        raise ValueError("counts must hold at least one word count, got an empty array")
    if np.any(c < 0):
        raise ValueError("counts must be non-negative")
    p = _checks.real_scalar(power, "power")
    if p < 0:
        raise ValueError(f"power must be >= 0, got {p}")
    w = np.where(c > 0, c, 0.0) ** p
    w[c == 0] = 0.0
    total = w.sum()
    if total <= 0:
        raise ValueError("counts must have a positive total")
    return w / total


class UnigramSampler:
    """Draws negative word indices from P(w) ~ count(w)^power.

    ``sample(rng, K, exclude=o)`` returns K indices, shape (K,), drawn
    independently (so repeats are possible, as in word2vec), none equal to
    ``exclude``. Every draw uses the ``np.random.Generator`` you pass, so the
    same generator state gives the same negatives.
    """

    def __init__(self, counts, power=0.75):
        self.probs = unigram_distribution(counts, power)
        self._cdf = np.cumsum(self.probs)
        # from the last word with positive probability on, the cdf is exactly 1: rounding can leave the
        # sum just below 1, and a uniform draw in that gap must not land on a trailing zero-count word
        self._cdf[np.flatnonzero(self.probs)[-1] :] = 1.0

    @property
    def vocab_size(self) -> int:
        return self.probs.shape[0]

    def sample(self, rng, K, exclude=None) -> np.ndarray:
        rng = _checks.generator(rng)
        K = _checks.positive_int(K, "K")
        if exclude is not None:
            exclude = _checks.index(exclude, "exclude", self.vocab_size)
            if self.probs[exclude] >= 1.0 - 1e-12:
                raise ValueError(
                    f"exclude={exclude} holds all the probability mass; no other word can be drawn"
                )
        out = self._draw(rng, K)
        if exclude is not None:
            # redraw only the rejected positions: the same law as P conditioned on w != exclude
            bad = out == exclude
            while bad.any():
                out[bad] = self._draw(rng, int(bad.sum()))
                bad = out == exclude
        return out

    def _draw(self, rng, n):
        return np.searchsorted(self._cdf, rng.random(n), side="right").astype(np.intp)
