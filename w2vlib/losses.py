"""The two word2vec losses for one (center, outside) pair and their gradients.

Shape convention (every function here): the outside vectors are stored as
**rows**, ``outside_vectors`` has shape (|V|, d) and is U transposed, where the
written answers use U of shape d x |V| with the u_w as columns. ``center_vec``
is v_c with shape (d,). Gradients with respect to the outside vectors come back
in the same row layout, shape (|V|, d), except ``naive_softmax_grad_U`` which
returns the matrix in U's own column layout, d x |V|.
"""

from __future__ import annotations

import numpy as np

from . import _checks


def _log_softmax(z: np.ndarray) -> np.ndarray:
    m = z.max()
    return z - m - np.log(np.exp(z - m).sum())


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0.0, -z)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(_log_sigmoid(z))


def _pair(center_vec, outside_idx, outside_vectors):
    v, U = _checks.center_and_outside(center_vec, outside_vectors)
    o = _checks.index(outside_idx, "outside_idx", U.shape[0])
    return v, o, U


def naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors):
    """Naive-softmax loss J = -log y_hat_o and its gradients (chapters a-d).

    y_hat = softmax(U^T v_c), so with outside vectors as rows, y_hat = softmax(outside_vectors @ v_c).

    Returns ``(loss, grad_center_vec, grad_outside_vectors)``:

    * loss = -u_o^T v_c + log sum_{k in Vocab} exp(u_k^T v_c)          (chapter a)
    * grad_center_vec = U (y_hat - y), shape (d,)                         (chapter b)
    * grad_outside_vectors = (y_hat - y) v_c^T, shape (|V|, d): row w is
      y_hat_w v_c for w != o and (y_hat_o - 1) v_c for w = o; it is the transpose
      of dJ/dU = v_c (y_hat - y)^T                                         (chapters c, d)

    Shapes: center_vec (d,), outside_idx an int in range(|V|), outside_vectors (|V|, d).
    """
    v, o, U = _pair(center_vec, outside_idx, outside_vectors)
    log_y_hat = _log_softmax(U @ v)
    delta = np.exp(log_y_hat)  # y_hat
    delta[o] -= 1.0  # y_hat - y
    loss = float(-log_y_hat[o])
    return loss, U.T @ delta, np.outer(delta, v)


def naive_softmax_probabilities(center_vec, outside_vectors):
    """y_hat = softmax(U^T v_c), shape (|V|,), with outside vectors as rows (|V|, d). Chapter (a)."""
    v, U = _checks.center_and_outside(center_vec, outside_vectors)
    return np.exp(_log_softmax(U @ v))


def naive_softmax_grad_outside_vector(center_vec, outside_idx, outside_vectors, w):
    """dJ/du_w for one outside word w, as derived case by case in chapter (c).

    dJ/du_w = y_hat_w v_c if w != o, and (y_hat_o - 1) v_c if w = o. Shape (d,).
    ``outside_vectors`` has shape (|V|, d) (rows); ``w`` is an int in range(|V|).
    """
    v, o, U = _pair(center_vec, outside_idx, outside_vectors)
    w = _checks.index(w, "w", U.shape[0])
    y_hat_w = np.exp(_log_softmax(U @ v)[w])
    return (y_hat_w - (1.0 if w == o else 0.0)) * v


def naive_softmax_grad_U(center_vec, outside_idx, outside_vectors):
    """Closed form dJ/dU = v_c (y_hat - y)^T in U's layout, shape (d, |V|). Chapter (d).

    Column w of the result is dJ/du_w from chapter (c). ``outside_vectors`` is
    still passed as rows, shape (|V|, d); only the result is in column layout.
    """
    v, o, U = _pair(center_vec, outside_idx, outside_vectors)
    delta = np.exp(_log_softmax(U @ v))
    delta[o] -= 1.0
    return np.outer(v, delta)


def neg_sampling_lambda(center_vec, outside_idx, outside_vectors, negative_indices):
    """The vector lambda of chapter (g)(ii), shape (K + 1,).

    lambda = sigma(U_{o,{w_1..w_K}}^T v_c) - 1 with U_{o,{w}} = [u_o, -u_{w_1}, ..., -u_{w_K}],
    i.e. lambda_0 = sigma(u_o^T v_c) - 1 and lambda_s = sigma(-u_{w_s}^T v_c) - 1.
    outside_vectors has shape (|V|, d) (rows); negative_indices has shape (K,).
    """
    v, o, U = _pair(center_vec, outside_idx, outside_vectors)
    neg = _checks.index_array(negative_indices, "negative_indices", U.shape[0])
    z = _signed_scores(v, o, U, neg)
    return _lambda(z)


def _lambda(z):
    # sigma(z) - 1 == -sigma(-z); the second form keeps full relative precision for large z
    return -_sigmoid(-z)


def _signed_scores(v, o, U, neg):
    idx = np.concatenate(([o], neg))
    signs = np.full(idx.shape, -1.0)
    signs[0] = 1.0
    return signs * (U[idx] @ v)


def neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, negative_indices):
    """Negative-sampling loss and gradients, vectorised with lambda (chapter g).

    J = -log sigma(u_o^T v_c) - sum_{s=1}^K log sigma(-u_{w_s}^T v_c)

    With lambda from ``neg_sampling_lambda``:

    * grad_center_vec = lambda_0 u_o - sum_s lambda_s u_{w_s}, shape (d,)
    * row o of grad_outside_vectors = lambda_0 v_c
    * row w_s of grad_outside_vectors gets -lambda_s v_c **once per occurrence**
      of w_s among the negatives, so a word drawn k times gets k times one term
      (chapter h). Shape (|V|, d), rows that are neither o nor a negative are 0.

    Negatives are passed in explicitly so the function is pure; draw them with
    ``UnigramSampler.sample``. Shapes: center_vec (d,), outside_vectors (|V|, d),
    negative_indices (K,) with K >= 1.
    """
    v, o, U = _pair(center_vec, outside_idx, outside_vectors)
    neg = _checks.index_array(negative_indices, "negative_indices", U.shape[0])
    idx = np.concatenate(([o], neg))
    z = _signed_scores(v, o, U, neg)
    loss = float(-_log_sigmoid(z).sum())
    coef = _lambda(z)
    coef[1:] *= -1.0  # dJ/d(u_w^T v_c) for each of o, w_1..w_K
    grad_center = coef @ U[idx]
    grad_outside = np.zeros_like(U)
    # bincount sums the coefficient of a word drawn several times, once per draw
    per_word = np.bincount(idx, weights=coef, minlength=U.shape[0])
    touched = np.flatnonzero(np.bincount(idx, minlength=U.shape[0]))
    grad_outside[touched] = np.outer(per_word[touched], v)
    return loss, grad_center, grad_outside


def neg_sampling_loss_and_gradient_loop(center_vec, outside_idx, outside_vectors, negative_indices):
    """Term-by-term form of the chapter (g)(i) gradients, one Python loop over the samples.

    Same arguments, shapes and result as ``neg_sampling_loss_and_gradient``; it
    exists as the straightforward reference the vectorised lambda form is checked against.
    """
    v, o, U = _pair(center_vec, outside_idx, outside_vectors)
    neg = _checks.index_array(negative_indices, "negative_indices", U.shape[0])
    grad_center = np.zeros_like(v)
    grad_outside = np.zeros_like(U)
    s_o = float(U[o] @ v)
    loss = float(np.logaddexp(0.0, -s_o))
    grad_center += (_sigmoid(np.array(s_o)) - 1.0) * U[o]
    grad_outside[o] += (_sigmoid(np.array(s_o)) - 1.0) * v
    for w in neg:
        s = float(U[w] @ v)
        loss += float(np.logaddexp(0.0, s))
        grad_center -= (_sigmoid(np.array(-s)) - 1.0) * U[w]
        grad_outside[w] -= (_sigmoid(np.array(-s)) - 1.0) * v
    return loss, grad_center, grad_outside


def neg_sampling_sequential_update(center_vec, outside_idx, outside_vectors, negative_indices, lr):
    """One SGD step applied sample by sample, as the original C word2vec does (chapter h).

    For each of o, w_1, ..., w_K in order, the outside vector is updated at
    once, so a negative drawn twice sees its own first update the second time;
    the center vector's update is accumulated and applied at the end. This is
    *not* v - lr * grad for repeated negatives: it differs at order lr^2.

    Returns ``(new_center_vec, new_outside_vectors)``, shapes (d,) and (|V|, d).
    """
    v, o, U = _pair(center_vec, outside_idx, outside_vectors)
    neg = _checks.index_array(negative_indices, "negative_indices", U.shape[0])
    lr = _checks.real_scalar(lr, "lr")
    if lr <= 0:
        raise ValueError(f"lr must be > 0, got {lr}")
    U = U.copy()
    center_step = np.zeros_like(v)
    for word, label in [(o, 1.0)] + [(int(w), 0.0) for w in neg]:
        g = lr * (label - float(_sigmoid(np.array(U[word] @ v))))
        center_step += g * U[word]
        U[word] += g * v
    return v + center_step, U
