"""Elementwise functions and their derivatives: questions (e) and (f).

All functions take a real array (or scalar), return float64, and stay finite
with no NumPy warnings for inputs as large as +/-1e4.
"""

from __future__ import annotations

import numpy as np

from . import _checks


def softmax(x):
    """Softmax over the last axis: softmax(x)_k = exp(x_k) / sum_j exp(x_j).

    Shape: any array with at least one axis; the result has the same shape and
    each slice along the last axis sums to 1. The maximum is subtracted first,
    so logits of size 1e4 do not overflow. Used from chapter (a) on.
    """
    x = _checks.float_array(x, "x")
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError(f"x must have a non-empty last axis, got shape {x.shape}")
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(x):
    """log softmax(x) over the last axis, computed as x - logsumexp(x) (stable)."""
    x = _checks.float_array(x, "x")
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError(f"x must have a non-empty last axis, got shape {x.shape}")
    m = x.max(axis=-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))


def sigmoid(x):
    """Logistic sigmoid sigma(x) = 1 / (1 + exp(-x)), elementwise, any shape.

    Computed as exp(-log(1 + exp(-x))) with ``np.logaddexp`` so it never
    overflows; for very negative x the result underflows to 0, which NumPy's
    default error settings (``under="ignore"``) keep silent. Chapter (f).
    """
    x = _checks.float_array(x, "x")
    return np.exp(-np.logaddexp(0.0, -x))


def log_sigmoid(x):
    """log sigma(x) = -log(1 + exp(-x)), elementwise and stable. Chapter (g)."""
    x = _checks.float_array(x, "x")
    return -np.logaddexp(0.0, -x)


def sigmoid_grad(x):
    """Derivative of the sigmoid: sigma'(x) = sigma(x) (1 - sigma(x)) = sigma(x) sigma(-x).

    Elementwise, any shape. The product form sigma(x) sigma(-x) avoids the
    cancellation in 1 - sigma(x) when x is large. Derived in chapter (f).
    """
    x = _checks.float_array(x, "x")
    return sigmoid(x) * sigmoid(-x)


def _alpha(alpha) -> float:
    a = _checks.real_scalar(alpha, "alpha")
    if not 0.0 < a < 1.0:
        raise ValueError(
            f"alpha must satisfy 0 < alpha < 1 (Leaky ReLU = max(alpha*x, x) only then), got {a}"
        )
    return a


def leaky_relu(x, alpha):
    """Leaky ReLU f(x) = max(alpha x, x), elementwise, for 0 < alpha < 1.

    For 0 < alpha < 1 this equals x for x > 0 and alpha x for x <= 0; outside
    that range max(alpha x, x) is a different function, so alpha is rejected.
    Chapter (e).
    """
    x = _checks.float_array(x, "x")
    a = _alpha(alpha)
    return np.where(x > 0, x, a * x)


def leaky_relu_grad(x, alpha):
    """Derivative of Leaky ReLU: 1 for x > 0, alpha for x < 0, elementwise.

    At x = 0 the function has a corner (the one-sided slopes are alpha and 1),
    so it has no derivative there. Every value in [alpha, 1] is a subgradient;
    this function returns **alpha at x = 0**, the same choice PyTorch makes
    (slope 1 only where x > 0). Chapter (e).
    """
    x = _checks.float_array(x, "x")
    a = _alpha(alpha)
    return np.where(x > 0, 1.0, a)
