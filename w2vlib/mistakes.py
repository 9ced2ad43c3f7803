"""The catalogue of usual mistakes, as data: one ``Mistake`` per wrong variant.

``w2vlib.checker.check`` compares a reader's function with every entry of its
result here; when the reader's outputs agree with an entry's ``wrong`` function
on every test case, the report names that mistake and gives its explanation and
hint. To add a mistake, append a ``Mistake`` to ``CATALOGUE``: ``wrong`` takes
exactly the arguments of the reader's function for that result (see
``w2vlib.checker.RESULTS``) and is written the way a reader would write the
slip, so it also shows what the slip looks like in code. The tests check that
every entry is told apart from the correct result and from every other entry.

Shape convention, as everywhere in w2vlib: ``outside_vectors`` holds the
outside vectors as rows, shape (|V|, d), which is U transposed; the math's U is
d x |V| with the u_w as columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import leaky_relu, log_softmax, sigmoid, softmax
from .losses import naive_softmax_loss_and_gradient


@dataclass(frozen=True)
class Mistake:
    """One known wrong variant of a result.

    ``result`` is a key of ``w2vlib.checker.RESULTS``; ``id`` is unique within
    that result; ``name`` is the plain-language name shown in a report;
    ``explanation`` says what the wrong formula does and why it is wrong;
    ``hint`` says how to repair it; ``wrong`` is the wrong implementation, with
    the reader function's signature.
    """

    result: str
    id: str
    name: str
    explanation: str
    hint: str
    wrong: Callable


# ---------------------------------------------------------------------------
# Shared pieces of the naive-softmax wrong variants.


def _y_hat(center_vec, outside_vectors):
    return softmax(outside_vectors @ center_vec)


def _one_hot(o, n):
    y = np.zeros(n)
    y[o] = 1.0
    return y


def _delta(center_vec, outside_idx, outside_vectors):
    """y_hat - y, shape (|V|,)."""
    return _y_hat(center_vec, outside_vectors) - _one_hot(outside_idx, outside_vectors.shape[0])


# (a) naive-softmax loss: f(center_vec, outside_idx, outside_vectors) -> float
# These slips are written stably (log-softmax of the logits), so that on the checker's large-logit case
# they give the finite numbers a stable version of the slip gives; a reader's unstable version is not
# compared there (see w2vlib.checker._diagnose). Only log_of_probability is the instability itself.


def _log_y_hat(center_vec, outside_vectors):
    return log_softmax(outside_vectors @ center_vec)


def _loss_sign_flipped(center_vec, outside_idx, outside_vectors):
    return float(_log_y_hat(center_vec, outside_vectors)[outside_idx])


def _loss_normaliser_forgotten(center_vec, outside_idx, outside_vectors):
    return float(-outside_vectors[outside_idx] @ center_vec)


def _loss_log_of_sum_forgotten(center_vec, outside_idx, outside_vectors):
    z = outside_vectors @ center_vec
    return float(-z[outside_idx] + np.sum(np.exp(z)))


def _loss_probability_not_log(center_vec, outside_idx, outside_vectors):
    return float(_y_hat(center_vec, outside_vectors)[outside_idx])


def _loss_all_words(center_vec, outside_idx, outside_vectors):
    return float(-np.sum(_log_y_hat(center_vec, outside_vectors)))


def _loss_whole_vector(center_vec, outside_idx, outside_vectors):
    return -_log_y_hat(center_vec, outside_vectors)


def _loss_rows_read_as_columns(center_vec, outside_idx, outside_vectors):
    U = outside_vectors  # taken to be the math's U, d x |V|
    return float(-log_softmax(U.T @ center_vec)[outside_idx])


def _loss_log_of_probability(center_vec, outside_idx, outside_vectors):
    # right for moderate logits; on the checker's large-logit case y_hat[o] underflows to 0
    return float(-np.log(_y_hat(center_vec, outside_vectors)[outside_idx]))


# (b)(i) gradient w.r.t. v_c: f(center_vec, outside_idx, outside_vectors) -> (d,)


def _gc_sign_flipped(center_vec, outside_idx, outside_vectors):
    return outside_vectors.T @ -_delta(center_vec, outside_idx, outside_vectors)


def _gc_one_hot_forgotten(center_vec, outside_idx, outside_vectors):
    return outside_vectors.T @ _y_hat(center_vec, outside_vectors)


def _gc_only_true_word(center_vec, outside_idx, outside_vectors):
    return -outside_vectors[outside_idx].copy()


def _gc_scores_not_probabilities(center_vec, outside_idx, outside_vectors):
    z = outside_vectors @ center_vec
    return outside_vectors.T @ (z - _one_hot(outside_idx, outside_vectors.shape[0]))


def _gc_rows_read_as_columns(center_vec, outside_idx, outside_vectors):
    U = outside_vectors  # taken to be the math's U, d x |V|
    y_hat = softmax(U.T @ center_vec)
    y = _one_hot(outside_idx, y_hat.shape[0])
    return U @ (y_hat - y)


def _gc_row_vector(center_vec, outside_idx, outside_vectors):
    delta = _delta(center_vec, outside_idx, outside_vectors)
    return delta[np.newaxis, :] @ outside_vectors  # (y_hat - y)^T U^T, kept 2-D


def _gc_true_word_left_out(center_vec, outside_idx, outside_vectors):
    y_hat = _y_hat(center_vec, outside_vectors)
    y_hat[outside_idx] = 0.0  # the k = o term of the normaliser's derivative dropped
    return -outside_vectors[outside_idx] + outside_vectors.T @ y_hat


def _gc_product_untransposed(center_vec, outside_idx, outside_vectors):
    # U^T (y_hat - y): a shape error unless |V| = d, wrong numbers when |V| = d
    return outside_vectors @ _delta(center_vec, outside_idx, outside_vectors)


def _gc_divided_by_vocab_size(center_vec, outside_idx, outside_vectors):
    delta = _delta(center_vec, outside_idx, outside_vectors)
    return outside_vectors.T @ delta / outside_vectors.shape[0]


def _gc_unnormalised(center_vec, outside_idx, outside_vectors):
    weights = np.exp(outside_vectors @ center_vec)  # not divided by their sum
    return outside_vectors.T @ weights - outside_vectors[outside_idx]


def _gc_y_for_y_hat(center_vec, outside_idx, outside_vectors):
    y = _one_hot(outside_idx, outside_vectors.shape[0])
    return outside_vectors.T @ (y - y)


# (b)(ii) expected outside vector: f(center_vec, outside_vectors) -> (d,)


def _eo_uniform_mean(center_vec, outside_vectors):
    return outside_vectors.mean(axis=0)


def _eo_unnormalised(center_vec, outside_vectors):
    return outside_vectors.T @ np.exp(outside_vectors @ center_vec)


def _eo_scores_as_weights(center_vec, outside_vectors):
    return outside_vectors.T @ (outside_vectors @ center_vec)


def _eo_most_likely_word(center_vec, outside_vectors):
    return outside_vectors[np.argmax(outside_vectors @ center_vec)].copy()


def _eo_rows_read_as_columns(center_vec, outside_vectors):
    U = outside_vectors  # taken to be the math's U, d x |V|
    return U @ softmax(U.T @ center_vec)


# (b)(iii) one SGD step on v_c: f(center_vec, outside_idx, outside_vectors, lr) -> (d,)


def _grad_center(center_vec, outside_idx, outside_vectors):
    return outside_vectors.T @ _delta(center_vec, outside_idx, outside_vectors)


def _step_ascent(center_vec, outside_idx, outside_vectors, lr):
    return center_vec + lr * _grad_center(center_vec, outside_idx, outside_vectors)


def _step_lr_forgotten(center_vec, outside_idx, outside_vectors, lr):
    return center_vec - _grad_center(center_vec, outside_idx, outside_vectors)


def _step_only_the_step(center_vec, outside_idx, outside_vectors, lr):
    return -lr * _grad_center(center_vec, outside_idx, outside_vectors)


def _step_one_hot_forgotten(center_vec, outside_idx, outside_vectors, lr):
    return center_vec - lr * (outside_vectors.T @ _y_hat(center_vec, outside_vectors))


def _step_toward_true_word_only(center_vec, outside_idx, outside_vectors, lr):
    return center_vec + lr * outside_vectors[outside_idx]


# (b)(iv) L2 normalisation of rows: f(vectors) -> (n, d)


def _l2_zero_row_nan(vectors):
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _l2_columns(vectors):
    norms = np.linalg.norm(vectors, axis=0, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def _l2_squared_norm(vectors):
    sq = np.sum(vectors**2, axis=1, keepdims=True)
    return np.divide(vectors, sq, out=np.zeros_like(vectors), where=sq > 0)


def _l2_whole_matrix(vectors):
    return vectors / np.linalg.norm(vectors)


def _l2_divide_by_sum(vectors):
    s = vectors.sum(axis=1, keepdims=True)
    return np.divide(vectors, s, out=np.zeros_like(vectors), where=s != 0)


# (c) gradient w.r.t. one outside vector u_w: f(center_vec, outside_idx, outside_vectors, w) -> (d,)


def _go_one_hot_forgotten(center_vec, outside_idx, outside_vectors, w):
    return _y_hat(center_vec, outside_vectors)[w] * center_vec


def _go_minus_one_for_every_word(center_vec, outside_idx, outside_vectors, w):
    return (_y_hat(center_vec, outside_vectors)[w] - 1.0) * center_vec


def _go_sign_flipped(center_vec, outside_idx, outside_vectors, w):
    return -_delta(center_vec, outside_idx, outside_vectors)[w] * center_vec


def _go_outside_vector_not_center(center_vec, outside_idx, outside_vectors, w):
    return _delta(center_vec, outside_idx, outside_vectors)[w] * outside_vectors[w]


def _go_true_word_probability(center_vec, outside_idx, outside_vectors, w):
    y_hat_o = _y_hat(center_vec, outside_vectors)[outside_idx]
    return (y_hat_o - (1.0 if w == outside_idx else 0.0)) * center_vec


def _go_normaliser_without_true_word(center_vec, outside_idx, outside_vectors, w):
    if w == outside_idx:
        return -center_vec.copy()
    return _y_hat(center_vec, outside_vectors)[w] * center_vec


# (d) dJ/dU in U's layout: f(center_vec, outside_idx, outside_vectors) -> (d, |V|)


def _gU_row_layout(center_vec, outside_idx, outside_vectors):
    return np.outer(_delta(center_vec, outside_idx, outside_vectors), center_vec)


def _gU_reshaped(center_vec, outside_idx, outside_vectors):
    rows = np.outer(_delta(center_vec, outside_idx, outside_vectors), center_vec)
    return rows.reshape(center_vec.shape[0], outside_vectors.shape[0])


def _gU_one_hot_forgotten(center_vec, outside_idx, outside_vectors):
    return np.outer(center_vec, _y_hat(center_vec, outside_vectors))


def _gU_sign_flipped(center_vec, outside_idx, outside_vectors):
    return -np.outer(center_vec, _delta(center_vec, outside_idx, outside_vectors))


def _gU_only_true_column(center_vec, outside_idx, outside_vectors):
    grad = np.zeros((center_vec.shape[0], outside_vectors.shape[0]))
    grad[:, outside_idx] = (_y_hat(center_vec, outside_vectors)[outside_idx] - 1.0) * center_vec
    return grad


def _gU_rows_read_as_columns(center_vec, outside_idx, outside_vectors):
    U = outside_vectors  # taken to be the math's U, d x |V|
    y_hat = softmax(U.T @ center_vec)
    return np.outer(center_vec, y_hat - _one_hot(outside_idx, y_hat.shape[0]))


def _gU_divided_by_vocab_size(center_vec, outside_idx, outside_vectors):
    return np.outer(center_vec, _delta(center_vec, outside_idx, outside_vectors)) / outside_vectors.shape[0]


# (e) Leaky ReLU derivative: f(x, alpha) -> shape of x


def _lr_nan_at_zero(x, alpha):
    return np.where(x > 0, 1.0, np.where(x < 0, alpha, np.nan))


def _lr_zero_at_zero(x, alpha):
    return (x > 0) * 1.0 + (x < 0) * alpha


def _lr_slopes_swapped(x, alpha):
    return np.where(x > 0, alpha, 1.0)


def _lr_relu_derivative(x, alpha):
    return np.where(x > 0, 1.0, 0.0)


def _lr_function_not_derivative(x, alpha):
    return leaky_relu(x, alpha)


# (f) sigmoid derivative: f(x) -> shape of x


def _sg_one_plus(x):
    s = sigmoid(x)
    return s * (1.0 + s)


def _sg_sign_flipped(x):
    s = sigmoid(x)
    return s * (s - 1.0)


def _sg_one_minus_sigma(x):
    return 1.0 - sigmoid(x)


def _sg_sigma_itself(x):
    return sigmoid(x)


def _sg_x_for_sigma(x):
    return sigmoid(x) * (1.0 - x)


# (g) negative sampling: f(center_vec, outside_idx, outside_vectors, negative_indices)
#     -> (grad_center_vec (d,), grad_outside_vectors (|V|, d))


def _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices):
    u_o = outside_vectors[outside_idx]
    u_neg = outside_vectors[negative_indices]  # (K, d), one row per draw
    return u_o, u_neg, float(u_o @ center_vec), u_neg @ center_vec


def _ns_assemble(center_vec, outside_idx, outside_vectors, negative_indices, coef_o, coef_neg):
    """Gradients of a loss whose derivative w.r.t. the score u_w^T v_c is coef_o (o) and coef_neg (w_s)."""
    u_o, u_neg, _, _ = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    grad_center = coef_o * u_o + coef_neg @ u_neg
    grad_outside = np.zeros_like(outside_vectors)
    grad_outside[outside_idx] += coef_o * center_vec
    for s, w in enumerate(negative_indices):
        grad_outside[w] += coef_neg[s] * center_vec
    return grad_center, grad_outside


def _ns_sigma_of_plus_x(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o) - 1.0
    lam_neg = sigmoid(s_neg) - 1.0  # should be sigmoid(-s_neg) - 1
    return _ns_assemble(center_vec, outside_idx, outside_vectors, negative_indices, lam_o, -lam_neg)


def _ns_negative_sign_dropped(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o) - 1.0
    lam_neg = sigmoid(-s_neg) - 1.0
    return _ns_assemble(center_vec, outside_idx, outside_vectors, negative_indices, lam_o, lam_neg)


def _ns_sign_flipped(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o) - 1.0
    lam_neg = sigmoid(-s_neg) - 1.0
    return _ns_assemble(center_vec, outside_idx, outside_vectors, negative_indices, -lam_o, lam_neg)


def _ns_minus_one_forgotten(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o)  # should be sigmoid(s_o) - 1
    lam_neg = sigmoid(-s_neg)
    return _ns_assemble(center_vec, outside_idx, outside_vectors, negative_indices, lam_o, -lam_neg)


def _ns_negative_rows_missing(center_vec, outside_idx, outside_vectors, negative_indices):
    _, u_neg, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o) - 1.0
    lam_neg = sigmoid(-s_neg) - 1.0
    grad_center = lam_o * outside_vectors[outside_idx] - lam_neg @ u_neg
    grad_outside = np.zeros_like(outside_vectors)
    grad_outside[outside_idx] = lam_o * center_vec
    return grad_center, grad_outside


def _ns_center_ignores_negatives(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o) - 1.0
    lam_neg = sigmoid(-s_neg) - 1.0
    _, grad_outside = _ns_assemble(
        center_vec, outside_idx, outside_vectors, negative_indices, lam_o, -lam_neg
    )
    return lam_o * outside_vectors[outside_idx], grad_outside


def _ns_counted_once(center_vec, outside_idx, outside_vectors, negative_indices):
    _, u_neg, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o) - 1.0
    lam_neg = sigmoid(-s_neg) - 1.0
    grad_center = lam_o * outside_vectors[outside_idx] - lam_neg @ u_neg
    grad_outside = np.zeros_like(outside_vectors)
    grad_outside[outside_idx] = lam_o * center_vec
    # fancy-index += is buffered: a word drawn twice receives its term only once
    grad_outside[negative_indices] += np.outer(-lam_neg, center_vec)
    return grad_center, grad_outside


def _ns_column_layout(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o) - 1.0
    lam_neg = sigmoid(-s_neg) - 1.0
    grad_center, grad_outside = _ns_assemble(
        center_vec, outside_idx, outside_vectors, negative_indices, lam_o, -lam_neg
    )
    return grad_center, grad_outside.T


def _ns_sigma_prime_for_dlogsig(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    # d/dx log σ(x) = 1 − σ(x) replaced by σ′(x) = σ(x)(1 − σ(x)) in the chain rule
    coef_o = -sigmoid(s_o) * (1.0 - sigmoid(s_o))
    coef_neg = sigmoid(-s_neg) * (1.0 - sigmoid(-s_neg))
    return _ns_assemble(center_vec, outside_idx, outside_vectors, negative_indices, coef_o, coef_neg)


def _ns_only_last_negative(center_vec, outside_idx, outside_vectors, negative_indices):
    u_o, _, s_o, _ = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o) - 1.0
    grad_outside = np.zeros_like(outside_vectors)
    grad_outside[outside_idx] += lam_o * center_vec
    grad_center = lam_o * u_o
    for w_s in negative_indices:
        lam_s = sigmoid(-(outside_vectors[w_s] @ center_vec)) - 1.0
        grad_center = lam_o * u_o - lam_s * outside_vectors[w_s]  # = replaces the sum over s
        grad_outside[w_s] -= lam_s * center_vec
    return grad_center, grad_outside


def _ns_minus_one_forgotten_for_negatives(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    lam_o = sigmoid(s_o) - 1.0
    lam_neg = sigmoid(-s_neg)  # should be sigmoid(-s_neg) - 1, as for the true word
    return _ns_assemble(center_vec, outside_idx, outside_vectors, negative_indices, lam_o, -lam_neg)


# (h) repeated negatives: f(center_vec, outside_idx, outside_vectors, negative_indices)
#     -> grad_outside_vectors (|V|, d)


def _rn_counted_once(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    grad = np.zeros_like(outside_vectors)
    grad[outside_idx] = (sigmoid(s_o) - 1.0) * center_vec
    # fancy-index += is buffered: a word drawn twice receives its term only once
    grad[negative_indices] += np.outer(-(sigmoid(-s_neg) - 1.0), center_vec)
    return grad


def _rn_multiplicity_twice(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, s_o, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    grad = np.zeros_like(outside_vectors)
    grad[outside_idx] = (sigmoid(s_o) - 1.0) * center_vec
    for s, w in enumerate(negative_indices):
        count = np.sum(negative_indices == w)
        grad[w] += count * -(sigmoid(-s_neg[s]) - 1.0) * center_vec
    return grad


def _rn_true_word_row_missing(center_vec, outside_idx, outside_vectors, negative_indices):
    _, _, _, s_neg = _ns_parts(center_vec, outside_idx, outside_vectors, negative_indices)
    grad = np.zeros_like(outside_vectors)
    for s, w in enumerate(negative_indices):
        grad[w] += -(sigmoid(-s_neg[s]) - 1.0) * center_vec
    return grad


def _rn_sigma_of_plus_x(center_vec, outside_idx, outside_vectors, negative_indices):
    return _ns_sigma_of_plus_x(center_vec, outside_idx, outside_vectors, negative_indices)[1]


def _rn_sign_flipped(center_vec, outside_idx, outside_vectors, negative_indices):
    return _ns_sign_flipped(center_vec, outside_idx, outside_vectors, negative_indices)[1]


# (i) skip-gram window: f(sentence, t, window_size, center_vectors, outside_vectors)
#     -> (loss, grad_center_vectors (|V|, d), grad_outside_vectors (|V|, d))


def _window_sum(sentence, t, center_vectors, outside_vectors, offsets, *, clip_left=True,
                clip_right=True, accumulate=True):
    c = sentence[t]
    loss = 0.0
    grad_center = np.zeros_like(center_vectors)
    grad_outside = np.zeros_like(outside_vectors)
    for j in offsets:
        if (clip_left and t + j < 0) or (clip_right and t + j >= len(sentence)):
            continue
        o = sentence[t + j]
        pair_loss, g_v, g_U = naive_softmax_loss_and_gradient(center_vectors[c], o, outside_vectors)
        if accumulate:
            loss += pair_loss
            grad_center[c] += g_v
            grad_outside += g_U
        else:
            loss, grad_center[c], grad_outside = pair_loss, g_v, g_U
    return loss, grad_center, grad_outside


def _sk_last_offset_missing(sentence, t, window_size, center_vectors, outside_vectors):
    offsets = [j for j in range(-window_size, window_size) if j != 0]
    return _window_sum(sentence, t, center_vectors, outside_vectors, offsets)


def _sk_center_included(sentence, t, window_size, center_vectors, outside_vectors):
    offsets = range(-window_size, window_size + 1)
    return _window_sum(sentence, t, center_vectors, outside_vectors, offsets)


def _sk_wraps_around(sentence, t, window_size, center_vectors, outside_vectors):
    offsets = [j for j in range(-window_size, window_size + 1) if j != 0]
    return _window_sum(sentence, t, center_vectors, outside_vectors, offsets, clip_left=False)


def _sk_averaged(sentence, t, window_size, center_vectors, outside_vectors):
    offsets = [j for j in range(-window_size, window_size + 1) if j != 0]
    n = sum(1 for j in offsets if 0 <= t + j < len(sentence))
    loss, g_v, g_U = _window_sum(sentence, t, center_vectors, outside_vectors, offsets)
    return loss / n, g_v / n, g_U / n


def _sk_overwrites(sentence, t, window_size, center_vectors, outside_vectors):
    offsets = [j for j in range(-window_size, window_size + 1) if j != 0]
    return _window_sum(sentence, t, center_vectors, outside_vectors, offsets, accumulate=False)


def _sk_reader_loop(sentence, t, window_size, center_vectors, outside_vectors, *, word_at, add_center):
    """The window loop as a reader writes it, with two places where slips go."""
    c = sentence[t]
    loss = 0.0
    grad_center = np.zeros_like(center_vectors)
    grad_outside = np.zeros_like(outside_vectors)
    for j in range(-window_size, window_size + 1):
        if j == 0 or not 0 <= t + j < len(sentence):
            continue
        o = word_at(j)
        pair_loss, g_v, g_U = naive_softmax_loss_and_gradient(center_vectors[c], o, outside_vectors)
        loss += pair_loss
        add_center(grad_center, c, o, g_v)
        grad_outside += g_U
    return loss, grad_center, grad_outside


def _sk_every_center_row(sentence, t, window_size, center_vectors, outside_vectors):
    def add(grad_center, c, o, g_v):
        grad_center += g_v  # broadcast: every row, not only row c

    return _sk_reader_loop(sentence, t, window_size, center_vectors, outside_vectors,
                           word_at=lambda j: sentence[t + j], add_center=add)


def _sk_outside_word_center_row(sentence, t, window_size, center_vectors, outside_vectors):
    def add(grad_center, c, o, g_v):
        grad_center[o] += g_v  # the outside word's center vector, not v_c

    return _sk_reader_loop(sentence, t, window_size, center_vectors, outside_vectors,
                           word_at=lambda j: sentence[t + j], add_center=add)


def _sk_center_row_overwritten(sentence, t, window_size, center_vectors, outside_vectors):
    def add(grad_center, c, o, g_v):
        grad_center[c] = g_v  # should be +=

    return _sk_reader_loop(sentence, t, window_size, center_vectors, outside_vectors,
                           word_at=lambda j: sentence[t + j], add_center=add)


def _sk_offset_as_position(sentence, t, window_size, center_vectors, outside_vectors):
    def add(grad_center, c, o, g_v):
        grad_center[c] += g_v

    return _sk_reader_loop(sentence, t, window_size, center_vectors, outside_vectors,
                           word_at=lambda j: sentence[j], add_center=add)  # should be sentence[t + j]


# ---------------------------------------------------------------------------
# The catalogue. Order matters only for display; each entry must be told apart
# from the correct result and from every other entry of its result.

_ROWS = (
    "outside_vectors holds one word per row, shape (|V|, d): it is U transposed, not U. "
    "With rows, the logits are outside_vectors @ center_vec"
)

CATALOGUE: list[Mistake] = [
    # (a) ------------------------------------------------------------------
    Mistake(
        "naive_softmax_loss", "sign_flipped", "the sign is flipped (log ŷ_o instead of −log ŷ_o)",
        "Your loss is log ŷ_o, which is negative and grows as the prediction gets better; a loss "
        "must shrink as ŷ_o rises toward 1.",
        "Put the minus sign back: J = −log ŷ_o.",
        _loss_sign_flipped,
    ),
    Mistake(
        "naive_softmax_loss", "normaliser_forgotten", "the log-sum-exp term is missing (only −u_oᵀv_c)",
        "−log ŷ_o = −u_oᵀv_c + log Σ_k exp(u_kᵀv_c). Your loss keeps only the first term, so it "
        "ignores every other word and can be lowered forever by growing u_oᵀv_c.",
        "Add log Σ_{k ∈ Vocab} exp(u_kᵀv_c), the log of the softmax denominator.",
        _loss_normaliser_forgotten,
    ),
    Mistake(
        "naive_softmax_loss", "log_of_sum_forgotten", "the log in front of the sum is missing",
        "You wrote −u_oᵀv_c + Σ_k exp(u_kᵀv_c): log(a/b) = log a − log b keeps the log on the "
        "denominator b.",
        "Use −u_oᵀv_c + log Σ_k exp(u_kᵀv_c) (subtract the largest logit first for stability).",
        _loss_log_of_sum_forgotten,
    ),
    Mistake(
        "naive_softmax_loss", "probability_not_log", "the probability ŷ_o instead of −log ŷ_o",
        "Your function returns the predicted probability of the true word, not the cross-entropy.",
        "Return −log ŷ_o, computed from the logits: −z_o + m + log Σ_k exp(z_k − m), m = max_k z_k.",
        _loss_probability_not_log,
    ),
    Mistake(
        "naive_softmax_loss", "all_words", "the sum runs over every word (y treated as all ones)",
        "The cross-entropy −Σ_w y_w log ŷ_w keeps one term, because y is one-hot; your loss adds "
        "−log ŷ_w for every word w.",
        "Keep only the term of the true word o, J = −log ŷ_o, and compute it from the logits: "
        "−z_o + m + log Σ_k exp(z_k − m) with m = max_k z_k.",
        _loss_all_words,
    ),
    Mistake(
        "naive_softmax_loss", "whole_vector", "the whole vector −log ŷ instead of its entry o",
        "The loss is one number, −log ŷ_o; your function returns −log ŷ_w for every word w, "
        "shape (|V|,).",
        "Return the true word's entry only, computed from the logits z = outside_vectors @ center_vec: "
        "−z[outside_idx] + m + log Σ_k exp(z_k − m) with m = max_k z_k.",
        _loss_whole_vector,
    ),
    Mistake(
        "naive_softmax_loss", "rows_read_as_columns", "outside_vectors read as U (d × |V|) instead of Uᵀ",
        "You followed the math literally, softmax(Uᵀv_c) with U = outside_vectors. " + _ROWS + ".",
        "Use softmax(outside_vectors @ center_vec).",
        _loss_rows_read_as_columns,
    ),
    Mistake(
        "naive_softmax_loss", "log_of_probability",
        "the loss computed in a way that breaks for large logits (the log of a computed probability, or "
        "exp without the largest logit subtracted)",
        "Your loss is right for moderate logits but not finite on the case where the true logit trails the "
        "largest by more than 745: there ŷ_o = e^(z_o − max z)/Σ_k e^(z_k − max z) underflows to exactly 0 "
        "and −log 0 = inf, and e^z without the maximum subtracted overflows to inf once z > 709.78, "
        "giving inf/inf = NaN. The loss itself is finite there, about max_k z_k − z_o.",
        "Compute the loss from the logits, never through ŷ: −z_o + m + log Σ_k exp(z_k − m) with "
        "m = max_k z_k.",
        _loss_log_of_probability,
    ),
    # (b)(i) ---------------------------------------------------------------
    Mistake(
        "grad_center", "sign_flipped", "the sign is flipped (U(y − ŷ) instead of U(ŷ − y))",
        "Your result is minus the gradient: it points uphill, so a step along it would raise the loss.",
        "∂J/∂v_c = −u_o + Σ_k ŷ_k u_k = U(ŷ − y): expected minus observed.",
        _gc_sign_flipped,
    ),
    Mistake(
        "grad_center", "one_hot_forgotten", "the one-hot term is forgotten (Uŷ instead of U(ŷ − y))",
        "The derivative of −u_oᵀv_c, which is −u_o = −Uy, is missing: your result is only the "
        "model's expected outside vector Σ_k ŷ_k u_k.",
        "Subtract u_o (that is, use ŷ − y with y the one-hot vector of o).",
        _gc_one_hot_forgotten,
    ),
    Mistake(
        "grad_center", "only_true_word", "only −u_o (the log-sum-exp term is not differentiated)",
        "Your gradient is the derivative of −u_oᵀv_c alone; the term log Σ_k exp(u_kᵀv_c) also "
        "depends on v_c and gives Σ_k ŷ_k u_k.",
        "Add Σ_k ŷ_k u_k = Uŷ.",
        _gc_only_true_word,
    ),
    Mistake(
        "grad_center", "scores_not_probabilities", "the scores u_kᵀv_c used instead of the probabilities ŷ_k",
        "The weights in Σ_k ŷ_k u_k are softmax probabilities; your function weights the u_k by "
        "the raw logits.",
        "Apply the softmax to the logits before weighting: ŷ = softmax(outside_vectors @ center_vec).",
        _gc_scores_not_probabilities,
    ),
    Mistake(
        "grad_center", "rows_read_as_columns", "outside_vectors read as U (d × |V|) instead of Uᵀ",
        "You wrote softmax(Uᵀv_c) and U(ŷ − y) with U = outside_vectors. " + _ROWS + ", and "
        "U(ŷ − y) is outside_vectors.T @ (y_hat - y). When |V| ≠ d the shapes do not even fit.",
        "Use y_hat = softmax(outside_vectors @ center_vec) and outside_vectors.T @ (y_hat - y).",
        _gc_rows_read_as_columns,
    ),
    Mistake(
        "grad_center", "row_vector", "a 2-D row (1, d) instead of a vector of shape (d,)",
        "The values are right, but you computed (ŷ − y)ᵀUᵀ as a 1 × d matrix. The gradient has the "
        "shape of v_c, (d,).",
        "Use a 1-D vector: outside_vectors.T @ (y_hat - y).",
        _gc_row_vector,
    ),
    Mistake(
        "grad_center", "true_word_left_out",
        "the true word left out of the normaliser (−u_o + Σ_{k≠o} ŷ_k u_k)",
        "u_o appears twice in J: in −u_oᵀv_c and inside log Σ_k exp(u_kᵀv_c). The second term's "
        "derivative Σ_k ŷ_k u_k includes k = o, so the true word's total weight is ŷ_o − 1, not −1.",
        "Keep the k = o term in the sum: −u_o + Σ_{k ∈ Vocab} ŷ_k u_k = U(ŷ − y).",
        _gc_true_word_left_out,
    ),
    Mistake(
        "grad_center", "product_untransposed",
        "outside_vectors @ (y_hat - y), which is Uᵀ(ŷ − y), not U(ŷ − y)",
        "Your logits and ŷ are right, but the last product uses the rows array untransposed. "
        "outside_vectors holds Uᵀ, shape (|V|, d), so outside_vectors @ (y_hat - y) is Uᵀ(ŷ − y): "
        "a shape error (matmul mismatch) on every case with |V| ≠ d, and a wrong vector of the right "
        "shape on the square case |V| = d. A gradient has the shape of its variable, (d,), and only "
        "U(ŷ − y) = Σ_k (ŷ_k − y_k) u_k has it.",
        "Transpose the rows array: outside_vectors.T @ (y_hat - y).",
        _gc_product_untransposed,
    ),
    Mistake(
        "grad_center", "divided_by_vocab_size", "divided by |V| (a mean over the words instead of the sum)",
        "The chain rule sums the contributions (ŷ_k − y_k) u_k of all words; nothing divides by the "
        "vocabulary size. np.mean over the words, or a division by len(outside_vectors), shrinks the "
        "gradient by a factor that changes with |V|.",
        "Sum, do not average: outside_vectors.T @ (y_hat - y).",
        _gc_divided_by_vocab_size,
    ),
    Mistake(
        "grad_center", "y_for_y_hat", "y used where ŷ belongs (U(y − y) = 0 on every case)",
        "Your gradient is zero on every case. The weights are ŷ − y, the model's probabilities minus "
        "the one-hot target; with the target in both places they cancel.",
        "Compute ŷ = softmax(outside_vectors @ center_vec) and use y_hat - y, with y the one-hot "
        "vector of outside_idx.",
        _gc_y_for_y_hat,
    ),
    Mistake(
        "grad_center", "unnormalised", "exp(u_kᵀv_c) used as weights without dividing by their sum",
        "The derivative of log Z is (1/Z) ∂Z/∂v_c: the factor 1/Z turns the weights exp(u_kᵀv_c) into "
        "the probabilities ŷ_k. Without it the weights do not add up to 1 and grow with the scores.",
        "Divide by Z = Σ_j exp(u_jᵀv_c), i.e. use ŷ = softmax(outside_vectors @ center_vec): "
        "outside_vectors.T @ y_hat - outside_vectors[outside_idx].",
        _gc_unnormalised,
    ),
    # (b)(ii) --------------------------------------------------------------
    Mistake(
        "expected_outside_vector", "uniform_mean", "a plain average of the outside vectors",
        "Every u_k got the same weight 1/|V|; the expectation weights u_k by the model's "
        "probability ŷ_k.",
        "Weight by ŷ = softmax(outside_vectors @ center_vec): Σ_k ŷ_k u_k.",
        _eo_uniform_mean,
    ),
    Mistake(
        "expected_outside_vector", "unnormalised", "exp(u_kᵀv_c) used without dividing by the sum",
        "The weights exp(u_kᵀv_c) do not add up to 1; the probabilities are these divided by "
        "Σ_j exp(u_jᵀv_c).",
        "Normalise the weights (use the softmax).",
        _eo_unnormalised,
    ),
    Mistake(
        "expected_outside_vector", "scores_as_weights", "the scores u_kᵀv_c used as weights",
        "The raw logits are not probabilities: they can be negative and do not sum to 1.",
        "Weight by ŷ_k = softmax(logits)_k.",
        _eo_scores_as_weights,
    ),
    Mistake(
        "expected_outside_vector", "most_likely_word", "the outside vector of the most likely word only",
        "An expectation averages over all words; your function returns the u_k with the largest ŷ_k.",
        "Sum ŷ_k u_k over every word k.",
        _eo_most_likely_word,
    ),
    Mistake(
        "expected_outside_vector", "rows_read_as_columns",
        "outside_vectors read as U (d × |V|) instead of Uᵀ",
        "You wrote U softmax(Uᵀv_c) with U = outside_vectors. " + _ROWS + ".",
        "Use outside_vectors.T @ softmax(outside_vectors @ center_vec).",
        _eo_rows_read_as_columns,
    ),
    # (b)(iii) -------------------------------------------------------------
    Mistake(
        "sgd_step", "ascent", "the gradient is added (a step uphill)",
        "Gradient descent moves against the gradient, v_c − η ∂J/∂v_c; adding it raises the loss.",
        "Subtract: center_vec - lr * grad.",
        _step_ascent,
    ),
    Mistake(
        "sgd_step", "lr_forgotten", "the learning rate η is missing",
        "Your step is the full gradient; the update scales it by η.",
        "Multiply the gradient by lr before subtracting it.",
        _step_lr_forgotten,
    ),
    Mistake(
        "sgd_step", "only_the_step", "the step −η ∂J/∂v_c returned instead of the new v_c",
        "The function must return the updated center vector v_c − η ∂J/∂v_c; yours returns only "
        "the change.",
        "Add the step to the old vector: center_vec - lr * grad.",
        _step_only_the_step,
    ),
    Mistake(
        "sgd_step", "one_hot_forgotten", "the gradient lacks the one-hot term (Uŷ instead of U(ŷ − y))",
        "With Uŷ as the gradient the step only pushes v_c away from the expected outside vector "
        "and never pulls it toward the true one, u_o.",
        "Use ∂J/∂v_c = U(ŷ − y) = Uŷ − u_o.",
        _step_one_hot_forgotten,
    ),
    Mistake(
        "sgd_step", "toward_true_word_only", "v_c moved toward u_o only (v_c + η u_o)",
        "That is the half of the update coming from −u_o; the other half, −η Σ_k ŷ_k u_k, pushes "
        "v_c away from the model's current prediction.",
        "Use v_c − η U(ŷ − y) = v_c + η u_o − η Σ_k ŷ_k u_k.",
        _step_toward_true_word_only,
    ),
    # (b)(iv) --------------------------------------------------------------
    Mistake(
        "l2_normalise", "zero_row_nan", "a zero row (α = 0) divided by its zero norm, giving NaN",
        "A zero vector has no direction, so x/‖x‖ is 0/0 there. The convention used here keeps a "
        "zero row at zero.",
        "Divide only where the norm is positive, e.g. np.divide(x, n, out=np.zeros_like(x), where=n > 0).",
        _l2_zero_row_nan,
    ),
    Mistake(
        "l2_normalise", "columns", "the columns normalised instead of the rows",
        "Each row is one word vector; your function divides by the norms of the columns (axis=0).",
        "Take the norm along axis=1 with keepdims=True.",
        _l2_columns,
    ),
    Mistake(
        "l2_normalise", "squared_norm", "divided by the squared norm ‖x‖² instead of ‖x‖",
        "x/‖x‖² has length 1/‖x‖, not 1.",
        "Take the square root of the sum of squares (np.linalg.norm).",
        _l2_squared_norm,
    ),
    Mistake(
        "l2_normalise", "whole_matrix", "divided by the norm of the whole matrix",
        "np.linalg.norm(x) without an axis is the Frobenius norm of all rows together, so the rows "
        "keep their relative lengths instead of each getting length 1.",
        "Use np.linalg.norm(x, axis=1, keepdims=True).",
        _l2_whole_matrix,
    ),
    Mistake(
        "l2_normalise", "divide_by_sum", "divided by the sum of the entries",
        "Σ_i x_i is not a length: it can be negative or zero. For α < 0 it maps u and αu to the same "
        "vector, which is exactly the distinction L2 normalisation keeps.",
        "Divide by sqrt(Σ_i x_i²).",
        _l2_divide_by_sum,
    ),
    # (c) ------------------------------------------------------------------
    Mistake(
        "grad_outside_vector", "one_hot_forgotten", "ŷ_w v_c for every w (the −v_c for w = o is forgotten)",
        "For w = o the term −u_oᵀv_c also depends on u_o and contributes −v_c, so ∂J/∂u_o = (ŷ_o − 1)v_c.",
        "Subtract y_w v_c: (ŷ_w − y_w) v_c.",
        _go_one_hot_forgotten,
    ),
    Mistake(
        "grad_outside_vector", "minus_one_for_every_word", "(ŷ_w − 1) v_c for every w",
        "Only the true word o appears in −u_oᵀv_c; for w ≠ o the gradient is ŷ_w v_c.",
        "Subtract 1 only when w == outside_idx.",
        _go_minus_one_for_every_word,
    ),
    Mistake(
        "grad_outside_vector", "sign_flipped", "the sign is flipped ((y_w − ŷ_w) v_c)",
        "Your result is minus the gradient.",
        "∂J/∂u_w = (ŷ_w − y_w) v_c.",
        _go_sign_flipped,
    ),
    Mistake(
        "grad_outside_vector", "outside_vector_not_center", "multiplied by u_w instead of v_c",
        "The score u_wᵀv_c differentiated with respect to u_w gives v_c, not u_w (compare chapter b1, "
        "where the derivative with respect to v_c gives u_w).",
        "Use (ŷ_w − y_w) v_c.",
        _go_outside_vector_not_center,
    ),
    Mistake(
        "grad_outside_vector", "true_word_probability", "ŷ_o used for every word instead of ŷ_w",
        "Each outside vector u_w gets its own probability ŷ_w.",
        "Index the softmax at w: y_hat[w].",
        _go_true_word_probability,
    ),
    Mistake(
        "grad_outside_vector", "normaliser_without_true_word",
        "−v_c for w = o (u_o left out of the normaliser)",
        "u_o appears twice in J: in −u_oᵀv_c and inside log Σ_k exp(u_kᵀv_c). The first gives −v_c, "
        "the second ŷ_o v_c, so ∂J/∂u_o = (ŷ_o − 1) v_c; your result keeps only the first.",
        "For w = o add ŷ_o v_c: (ŷ_w − y_w) v_c for every w.",
        _go_normaliser_without_true_word,
    ),
    # (d) ------------------------------------------------------------------
    Mistake(
        "grad_U", "row_layout", "the transpose, shape (|V|, d), instead of U's layout d × |V|",
        "∂J/∂U has the shape of U, d × |V|: column w is ∂J/∂u_w. (ŷ − y)v_cᵀ is its transpose, the "
        "row layout of outside_vectors.",
        "Use v_c (ŷ − y)ᵀ, i.e. np.outer(center_vec, y_hat - y).",
        _gU_row_layout,
    ),
    Mistake(
        "grad_U", "reshaped", "reshape used where a transpose is needed",
        "(ŷ − y)v_cᵀ reshaped to (d, |V|) has the right shape but mixes up the entries: reshape "
        "reads the numbers in row order, it does not swap rows and columns.",
        "Transpose (.T) or build v_c (ŷ − y)ᵀ directly with np.outer(center_vec, y_hat - y).",
        _gU_reshaped,
    ),
    Mistake(
        "grad_U", "one_hot_forgotten", "the one-hot term is forgotten (v_c ŷᵀ instead of v_c (ŷ − y)ᵀ)",
        "Column o misses −v_c, the derivative of −u_oᵀv_c with respect to u_o.",
        "Use ŷ − y.",
        _gU_one_hot_forgotten,
    ),
    Mistake(
        "grad_U", "sign_flipped", "the sign is flipped (v_c (y − ŷ)ᵀ)",
        "Your result is minus the gradient.",
        "∂J/∂U = v_c (ŷ − y)ᵀ.",
        _gU_sign_flipped,
    ),
    Mistake(
        "grad_U", "only_true_column", "only column o is filled, the other columns are zero",
        "Every u_w appears in the softmax denominator, so every column gets ŷ_w v_c, not only the "
        "true word's.",
        "Fill column w with (ŷ_w − y_w) v_c for every w.",
        _gU_only_true_column,
    ),
    Mistake(
        "grad_U", "rows_read_as_columns", "outside_vectors read as U (d × |V|) instead of Uᵀ",
        "You computed ŷ = softmax(Uᵀv_c) with U = outside_vectors. " + _ROWS + ".",
        "Use y_hat = softmax(outside_vectors @ center_vec).",
        _gU_rows_read_as_columns,
    ),
    Mistake(
        "grad_U", "divided_by_vocab_size", "divided by |V| (v_c (ŷ − y)ᵀ / |V|)",
        "The loss of one pair is not an average over the vocabulary: column w is ∂J/∂u_w = "
        "(ŷ_w − y_w) v_c, with no 1/|V|.",
        "Drop the division: np.outer(center_vec, y_hat - y).",
        _gU_divided_by_vocab_size,
    ),
    # (e) ------------------------------------------------------------------
    Mistake(
        "leaky_relu_grad", "nan_at_zero", "the derivative at x = 0 left undefined (NaN)",
        "Leaky ReLU has a corner at 0, so it has no derivative there, but code must return a "
        "number: NaN would spread through every gradient it touches.",
        "Pick a subgradient in [α, 1] at x = 0; the book uses α (as PyTorch does).",
        _lr_nan_at_zero,
    ),
    Mistake(
        "leaky_relu_grad", "zero_at_zero", "0 at x = 0 (neither slope)",
        "Written as (x > 0) + α (x < 0), the function returns 0 at x = 0, which is not between the "
        "two one-sided slopes α and 1, so it is not a subgradient.",
        "Use np.where(x > 0, 1.0, alpha), which gives α at 0.",
        _lr_zero_at_zero,
    ),
    Mistake(
        "leaky_relu_grad", "slopes_swapped", "α for x > 0 and 1 for x < 0 (the slopes swapped)",
        "For 0 < α < 1, max(αx, x) is x when x > 0 (slope 1) and αx when x < 0 (slope α).",
        "Return 1 where x > 0 and α elsewhere.",
        _lr_slopes_swapped,
    ),
    Mistake(
        "leaky_relu_grad", "relu_derivative", "0 for x < 0 (the plain ReLU derivative)",
        "That is the derivative of max(0, x). Leaky ReLU keeps slope α for negative inputs, which is "
        "its whole point.",
        "Return α, not 0, where x < 0.",
        _lr_relu_derivative,
    ),
    Mistake(
        "leaky_relu_grad", "function_not_derivative", "the function max(αx, x) instead of its derivative",
        "Your function returns Leaky ReLU itself.",
        "Differentiate each piece: d(x)/dx = 1, d(αx)/dx = α.",
        _lr_function_not_derivative,
    ),
    # (f) ------------------------------------------------------------------
    Mistake(
        "sigmoid_grad", "one_plus", "σ(x)(1 + σ(x)) instead of σ(x)(1 − σ(x))",
        "A sign slipped in the quotient rule; σ′ is never larger than 1/4, but σ(1 + σ) grows toward 2.",
        "σ′(x) = σ(x)(1 − σ(x)) = σ(x)σ(−x).",
        _sg_one_plus,
    ),
    Mistake(
        "sigmoid_grad", "sign_flipped", "the sign is flipped (σ(x)(σ(x) − 1))",
        "σ is increasing, so its derivative is positive everywhere.",
        "σ′(x) = σ(x)(1 − σ(x)).",
        _sg_sign_flipped,
    ),
    Mistake(
        "sigmoid_grad", "one_minus_sigma", "1 − σ(x) (the factor σ(x) is missing)",
        "1 − σ(x) is the derivative of log σ(x), used in chapter g, not of σ(x).",
        "Multiply by σ(x): σ(x)(1 − σ(x)).",
        _sg_one_minus_sigma,
    ),
    Mistake(
        "sigmoid_grad", "sigma_itself", "σ(x) itself instead of its derivative",
        "Your function returns the sigmoid, not its slope.",
        "σ′(x) = σ(x)(1 − σ(x)).",
        _sg_sigma_itself,
    ),
    Mistake(
        "sigmoid_grad", "x_for_sigma", "σ(x)(1 − x): x written where σ(x) belongs",
        "The second factor is 1 − σ(x), not 1 − x.",
        "σ′(x) = σ(x)(1 − σ(x)).",
        _sg_x_for_sigma,
    ),
    # (g) ------------------------------------------------------------------
    Mistake(
        "neg_sampling_grads", "sigma_of_plus_x", "σ(u_wᵀv_c) instead of σ(−u_wᵀv_c) for the negatives",
        "The negatives enter the loss as log σ(−u_{w_s}ᵀv_c); dropping the minus inside σ treats "
        "them like true outside words.",
        "λ_s = σ(−u_{w_s}ᵀv_c) − 1, and the negative's gradient is −λ_s v_c = σ(u_{w_s}ᵀv_c) v_c.",
        _ns_sigma_of_plus_x,
    ),
    Mistake(
        "neg_sampling_grads", "negative_sign_dropped",
        "the chain-rule minus of −u_{w_s}ᵀv_c is dropped",
        "d(−u_{w_s}ᵀv_c)/dv_c = −u_{w_s} and d/du_{w_s} = −v_c; your negative terms have the "
        "opposite sign, which pulls v_c toward the negatives.",
        "∂J/∂v_c = λ₀ u_o − Σ_s λ_s u_{w_s} and ∂J/∂u_{w_s} = −λ_s v_c.",
        _ns_negative_sign_dropped,
    ),
    Mistake(
        "neg_sampling_grads", "sign_flipped", "both gradients have the wrong sign",
        "Your results are minus the gradients of the loss (the gradients of the log-likelihood).",
        "J = −log σ(u_oᵀv_c) − Σ_s log σ(−u_{w_s}ᵀv_c): keep its leading minus signs.",
        _ns_sign_flipped,
    ),
    Mistake(
        "neg_sampling_grads", "minus_one_forgotten", "σ(·) instead of σ(·) − 1 (the −1 of λ is lost)",
        "d/dx[−log σ(x)] = σ(x) − 1 = −σ(−x); your coefficients miss the −1.",
        "λ = σ(U_{o,{w}}ᵀv_c) − 1.",
        _ns_minus_one_forgotten,
    ),
    Mistake(
        "neg_sampling_grads", "negative_rows_missing", "the negatives' outside vectors get no gradient",
        "Each sampled u_{w_s} appears in the loss through log σ(−u_{w_s}ᵀv_c), so its row of the "
        "gradient is −λ_s v_c, not 0.",
        "Add −λ_s v_c to row w_s for every sample s.",
        _ns_negative_rows_missing,
    ),
    Mistake(
        "neg_sampling_grads", "center_ignores_negatives", "∂J/∂v_c has only the true-word term λ₀ u_o",
        "Every negative's score −u_{w_s}ᵀv_c depends on v_c too.",
        "∂J/∂v_c = λ₀ u_o − Σ_s λ_s u_{w_s}.",
        _ns_center_ignores_negatives,
    ),
    Mistake(
        "neg_sampling_grads", "counted_once", "a negative drawn several times gets its term once",
        "The K negatives are drawn with replacement, so a word can come up twice. "
        "grad[negative_indices] += terms is buffered in NumPy: for a repeated index only one write "
        "survives, while the loss has one term per draw (chapter h).",
        "Loop over the samples (grad[w] += ...), or use np.add.at(grad, negative_indices, terms).",
        _ns_counted_once,
    ),
    Mistake(
        "neg_sampling_grads", "column_layout", "grad_outside_vectors in U's layout (d, |V|)",
        "The values are right but the outside-vector gradient must have the shape of "
        "outside_vectors, (|V|, d), one row per word.",
        "Build it as rows (np.zeros_like(outside_vectors)), or transpose it.",
        _ns_column_layout,
    ),
    Mistake(
        "neg_sampling_grads", "sigma_prime_for_dlogsig",
        "σ′ = σ(1 − σ) used where d log σ/dx = 1 − σ belongs",
        "Every term of the loss is −log σ(score). Its derivative is −(1 − σ(score)) = σ(−score) − 1: "
        "the σ in the numerator of σ′/σ cancels. Your coefficients are ±σ(1 − σ), σ′ itself, "
        "which forgets the derivative of the logarithm.",
        "Use λ₀ = σ(u_oᵀv_c) − 1 and λ_s = σ(−u_{w_s}ᵀv_c) − 1 (prediction − label: σ(u_wᵀv_c) − ℓ_w).",
        _ns_sigma_prime_for_dlogsig,
    ),
    Mistake(
        "neg_sampling_grads", "only_last_negative", "∂J/∂v_c keeps only the last negative (= instead of −=)",
        "Writing grad_center = λ₀ u_o − λ_s u_{w_s} inside the loop over the negatives replaces the "
        "result at every sample, so only the last negative's term survives; the loss has one term "
        "per negative, and ∂J/∂v_c sums them all.",
        "Start with grad_center = λ₀ u_o before the loop and subtract λ_s u_{w_s} inside it (−=).",
        _ns_only_last_negative,
    ),
    Mistake(
        "neg_sampling_grads", "minus_one_forgotten_for_negatives",
        "the −1 of λ_s is lost for the negatives only (λ_s = σ(−u_{w_s}ᵀv_c))",
        "The true word's coefficient λ₀ = σ(u_oᵀv_c) − 1 is right, but a negative's is "
        "λ_s = σ(−u_{w_s}ᵀv_c) − 1 = −σ(u_{w_s}ᵀv_c), the same d/dx[−log σ(x)] = σ(x) − 1 at "
        "x = −u_{w_s}ᵀv_c.",
        "lam_s = sigma(-(outside_vectors[w_s] @ center_vec)) - 1.0; then −λ_s = σ(u_{w_s}ᵀv_c).",
        _ns_minus_one_forgotten_for_negatives,
    ),
    # (h) ------------------------------------------------------------------
    Mistake(
        "repeated_negatives_grad", "counted_once", "a negative drawn several times is counted once",
        "grad[negative_indices] += terms is buffered in NumPy: for a repeated index only one write "
        "survives. The loss has one term per draw, so a word drawn k times gets k terms.",
        "Loop over the samples, or use np.add.at(grad, negative_indices, terms).",
        _rn_counted_once,
    ),
    Mistake(
        "repeated_negatives_grad", "multiplicity_twice", "the multiplicity applied twice (k² terms)",
        "Each draw already adds one term; multiplying each draw's term by the count k as well gives "
        "k² terms.",
        "Either loop over the draws, or add k × one term per distinct word, not both.",
        _rn_multiplicity_twice,
    ),
    Mistake(
        "repeated_negatives_grad", "true_word_row_missing", "the true word's row (λ₀ v_c) is missing",
        "grad_outside_vectors is the gradient with respect to all outside vectors, and u_o appears in "
        "−log σ(u_oᵀv_c).",
        "Set row outside_idx to (σ(u_oᵀv_c) − 1) v_c.",
        _rn_true_word_row_missing,
    ),
    Mistake(
        "repeated_negatives_grad", "sigma_of_plus_x", "σ(u_wᵀv_c) instead of σ(−u_wᵀv_c) for the negatives",
        "The negatives enter the loss as log σ(−u_{w_s}ᵀv_c).",
        "The term of each draw of w_s is −(σ(−u_{w_s}ᵀv_c) − 1) v_c = σ(u_{w_s}ᵀv_c) v_c.",
        _rn_sigma_of_plus_x,
    ),
    Mistake(
        "repeated_negatives_grad", "sign_flipped", "the sign is flipped",
        "Your result is minus the gradient of the loss.",
        "Row o is (σ(u_oᵀv_c) − 1) v_c and each draw of w_s adds σ(u_{w_s}ᵀv_c) v_c.",
        _rn_sign_flipped,
    ),
    # (i) ------------------------------------------------------------------
    Mistake(
        "skipgram_window", "last_offset_missing", "the window sum misses j = m (range(-m, m))",
        "The window runs over −m ≤ j ≤ m, j ≠ 0: 2m outside words. Python's range(-m, m) stops at "
        "m − 1, so the last word on the right is dropped.",
        "Use range(-m, m + 1) and skip j == 0.",
        _sk_last_offset_missing,
    ),
    Mistake(
        "skipgram_window", "center_included", "the window sum includes j = 0",
        "j = 0 is the center word itself; the model never predicts the center word from itself.",
        "Skip j == 0.",
        _sk_center_included,
    ),
    Mistake(
        "skipgram_window", "wraps_around", "positions before the start of the sentence wrap around",
        "For t + j < 0, sentence[t + j] is a word from the end of the sentence (Python's negative "
        "indexing), not an outside word.",
        "Skip the offsets with t + j < 0 or t + j >= len(sentence).",
        _sk_wraps_around,
    ),
    Mistake(
        "skipgram_window", "averaged", "the window's losses and gradients are averaged, not summed",
        "J_skip-gram is the sum of the pair losses; dividing by the number of outside words changes "
        "the gradient's scale.",
        "Add the pair terms without dividing.",
        _sk_averaged,
    ),
    Mistake(
        "skipgram_window", "overwrites", "each pair overwrites the previous one (= instead of +=)",
        "Only the last outside word's loss and gradients survive.",
        "Accumulate: loss += pair_loss, grad_center[c] += g_v, grad_outside += g_U.",
        _sk_overwrites,
    ),
    Mistake(
        "skipgram_window", "every_center_row", "every center vector gets the window's gradient",
        "grad_center += g_v adds the (d,) vector g_v to every row of the (|V|, d) matrix "
        "(broadcasting). Only v_c appears in this window's loss, so every row w ≠ c must stay 0.",
        "Add to row c only: grad_center[c] += g_v.",
        _sk_every_center_row,
    ),
    Mistake(
        "skipgram_window", "outside_word_center_row",
        "the center gradient goes to the outside word's row (grad_center[o])",
        "The outside word acts through its outside vector u_o, a row of outside_vectors; its center "
        "vector v_o does not appear in this window's loss, so its row of grad_center must stay 0.",
        "Add each pair's g_v to row c = sentence[t]: grad_center[c] += g_v.",
        _sk_outside_word_center_row,
    ),
    Mistake(
        "skipgram_window", "center_row_overwritten",
        "row c of the center gradient is overwritten (grad_center[c] = g_v)",
        "The loss and the outside gradient add up every pair, but row c keeps only the last pair's "
        "∂J/∂v_c; the window's ∂J/∂v_c is the sum over all its pairs.",
        "grad_center[c] += g_v.",
        _sk_center_row_overwritten,
    ),
    Mistake(
        "skipgram_window", "offset_as_position", "sentence[j] used where sentence[t + j] belongs",
        "j is an offset from the center, not a position in the sentence: the outside word at offset j "
        "is sentence[t + j]. sentence[j] is right only for t = 0, and for j < 0 it reads from the end "
        "of the sentence.",
        "o = sentence[t + j].",
        _sk_offset_as_position,
    ),
]


def mistakes_for(result: str) -> list[Mistake]:
    """The catalogue entries of one result, in catalogue order."""
    return [m for m in CATALOGUE if m.result == result]
