"""Central-difference gradient check, in the style of the CS224N starter code."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _checks


class GradientCheckError(AssertionError):
    """Raised when an analytic gradient disagrees with central differences."""


def gradcheck(f: Callable, x, *, rng=None, h=1e-4, tol=1e-6) -> float:
    """Compare ``f``'s analytic gradient with central differences at every coordinate.

    ``f(x) -> (loss, grad)`` with ``grad.shape == x.shape``. For each coordinate
    i the numerical derivative is (f(x + h e_i) - f(x - h e_i)) / 2h and the
    relative error is |a - n| / max(1, |a|, |n|).

    If ``rng`` (a ``np.random.Generator``) is given, its state is restored before
    every evaluation of ``f`` so random draws inside ``f`` (negative samples)
    are the same for all of them, and once more when the check ends (passed or
    failed), so the caller's generator is left as it was.

    Returns the largest relative error. Raises ``GradientCheckError`` naming
    the first coordinate, the analytic and numerical values, when an error
    exceeds ``tol``.

    A check passes trivially when the loss is flat and the gradient is zero;
    pair it with an independent oracle (a closed form, or autodiff in the tests).
    """
    if not callable(f):
        raise TypeError("f must be callable: f(x) -> (loss, grad)")
    x = _checks.float_array(x, "x").copy()
    h = _checks.real_scalar(h, "h")
    tol = _checks.real_scalar(tol, "tol")
    if h <= 0:
        raise ValueError(f"h must be > 0, got {h}")
    if tol <= 0:
        raise ValueError(f"tol must be > 0, got {tol}")
    state = None
    if rng is not None:
        state = _checks.generator(rng).bit_generator.state

    def evaluate(point):
        if state is not None:
            rng.bit_generator.state = state
        out = f(point)
        if not (isinstance(out, tuple) and len(out) == 2):
            raise TypeError("f must return a pair (loss, grad)")
        loss = _checks.float_array(out[0], "loss returned by f", ndim=0)
        return float(loss), out[1]

    try:
        return _check(evaluate, x, h, tol)
    finally:
        # leave the caller's generator as it was, also when the check fails or f raises
        if state is not None:
            rng.bit_generator.state = state


def _check(evaluate, x, h, tol):
    _, grad = evaluate(x)
    grad = _checks.float_array(grad, "grad returned by f")
    if grad.shape != x.shape:
        raise ValueError(f"grad returned by f must have the shape of x {x.shape}, got {grad.shape}")

    worst = 0.0
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        f_plus, _ = evaluate(x)
        x[ix] = old - h
        f_minus, _ = evaluate(x)
        x[ix] = old
        numeric = (f_plus - f_minus) / (2 * h)
        analytic = grad[ix]
        rel = abs(analytic - numeric) / max(1.0, abs(analytic), abs(numeric))
        if rel > tol:
            raise GradientCheckError(
                f"gradient check failed at coordinate {ix}: analytic {analytic:.10g}, "
                f"numerical {numeric:.10g}, relative error {rel:.3g} > tol {tol:g}"
            )
        worst = max(worst, rel)
    return worst
