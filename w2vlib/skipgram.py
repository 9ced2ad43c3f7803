"""The skip-gram loss over a context window (chapter i)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from . import _checks
from .losses import neg_sampling_loss_and_gradient
from .sampling import UnigramSampler


def window_outside_words(sentence: Sequence[str], position: int, window_size: int) -> list[str]:
    """The outside words w_{t+j} for -m <= j <= m, j != 0, clipped at the sentence ends.

    ``sentence`` is a sequence of tokens, ``position`` is t, ``window_size`` is m >= 1.
    Returns up to 2m words, left context first.
    """
    if isinstance(sentence, (str, bytes)) or not isinstance(sentence, Sequence):
        raise TypeError(f"sentence must be a sequence of tokens, got {type(sentence).__name__}")
    t = _checks.index(position, "position", len(sentence))
    m = _checks.positive_int(window_size, "window_size")
    return [sentence[t + j] for j in range(-m, m + 1) if j != 0 and 0 <= t + j < len(sentence)]


def skipgram(
    center_word,
    window_size,
    outside_words,
    word2ind: Mapping[str, int],
    center_vectors,
    outside_vectors,
    loss_and_gradient: Callable,
):
    """Skip-gram loss for one window: J = sum_{-m <= j <= m, j != 0} J(v_c, w_{t+j}, U).

    Arguments:

    * ``center_word``: the center word c (a key of ``word2ind``)
    * ``window_size``: m >= 1; ``outside_words`` holds at most 2m words, the
      w_{t+j} for -m <= j <= m, j != 0 (see ``window_outside_words``)
    * ``center_vectors``: all v_w as rows, shape (|V|, d)
    * ``outside_vectors``: all u_w as rows, shape (|V|, d) (U transposed)
    * ``loss_and_gradient``: ``f(center_vec, outside_idx, outside_vectors) ->
      (loss, grad_center_vec, grad_outside_vectors)``, e.g.
      ``naive_softmax_loss_and_gradient`` or ``neg_sampling_loss_fn(...)``

    Returns ``(loss, grad_center_vectors, grad_outside_vectors)``, shapes
    (|V|, d) each. Only row c of ``grad_center_vectors`` can be non-zero:
    dJ/dv_w = 0 for every w != c.
    """
    m = _checks.positive_int(window_size, "window_size")
    if not isinstance(word2ind, Mapping):
        raise TypeError(f"word2ind must be a mapping from word to index, got {type(word2ind).__name__}")
    Vc = _checks.float_array(center_vectors, "center_vectors", ndim=2)
    U = _checks.float_array(outside_vectors, "outside_vectors", ndim=2)
    if Vc.shape != U.shape:
        raise ValueError(
            "center_vectors and outside_vectors must both have shape (|V|, d), got "
            f"{Vc.shape} and {U.shape}"
        )
    if not callable(loss_and_gradient):
        raise TypeError("loss_and_gradient must be callable (center_vec, outside_idx, outside_vectors)")
    if isinstance(outside_words, (str, bytes)) or not isinstance(outside_words, Sequence):
        raise TypeError(f"outside_words must be a list of words, got {type(outside_words).__name__}")
    if len(outside_words) > 2 * m:
        raise ValueError(
            f"outside_words must hold at most 2 * window_size = {2 * m} words, got {len(outside_words)}"
        )
    c = _lookup(word2ind, center_word, "center_word", U.shape[0])
    outside = [_lookup(word2ind, w, "outside_words", U.shape[0]) for w in outside_words]

    loss = 0.0
    grad_center = np.zeros_like(Vc)
    grad_outside = np.zeros_like(U)
    for o in outside:
        step_loss, g_v, g_U = loss_and_gradient(Vc[c], o, U)
        loss += step_loss
        grad_center[c] += g_v
        grad_outside += g_U
    return loss, grad_center, grad_outside


def _lookup(word2ind, word, name, size):
    try:
        known = word in word2ind
    except TypeError:  # an unhashable "word", e.g. a list
        raise TypeError(
            f"{name} must hold words that are keys of word2ind, got {type(word).__name__}"
        ) from None
    if not known:
        raise ValueError(f"{name}: word {word!r} is not in word2ind")
    return _checks.index(word2ind[word], f"word2ind[{word!r}]", size)


def neg_sampling_loss_fn(sampler: UnigramSampler, K, rng):
    """A ``loss_and_gradient`` for ``skipgram`` that draws K fresh negatives per pair.

    Negatives come from ``sampler`` with ``rng`` and never equal the true
    outside word. Pass the same ``rng`` to ``gradcheck(..., rng=rng)`` so the
    draws stay fixed while the check perturbs the vectors.
    """
    if not isinstance(sampler, UnigramSampler):
        raise TypeError(f"sampler must be a UnigramSampler, got {type(sampler).__name__}")
    K = _checks.positive_int(K, "K")
    rng = _checks.generator(rng)

    def loss_and_gradient(center_vec, outside_idx, outside_vectors):
        negatives = sampler.sample(rng, K, exclude=outside_idx)
        return neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, negatives)

    return loss_and_gradient
