"""w2vlib.gradcheck itself: it passes correct gradients, catches wrong ones, keeps draws fixed."""

from __future__ import annotations

import re

import numpy as np
import pytest

import w2vlib as w


def _quadratic(A):
    def f(x):
        return 0.5 * float(x.ravel() @ A @ x.ravel()), (A @ x.ravel()).reshape(x.shape)

    return f


def _spd(n, seed=0):
    M = np.random.default_rng(seed).normal(size=(n, n))
    return M @ M.T + n * np.eye(n)


def _numbers(message):
    return [float(s) for s in re.findall(r"[-+]?\d+\.\d+(?:e[-+]?\d+)?", message)]


def test_passes_a_correct_gradient_and_returns_the_largest_error():
    x = np.random.default_rng(1).normal(size=(3, 4))
    err = w.gradcheck(_quadratic(_spd(12)), x)
    assert isinstance(err, float)
    assert 0.0 <= err < 1e-9  # central differences are exact for quadratics up to rounding


def test_passes_a_nonlinear_gradient():
    x = np.linspace(-2, 2, 7)
    assert w.gradcheck(lambda z: (float(np.sum(np.sin(z) * z)), np.cos(z) * z + np.sin(z)), x) < 1e-8


def test_relative_error_is_abs_difference_over_max_of_one_and_both_values():
    x = np.zeros(3)
    # a flat loss has numerical derivative exactly 0, so the error is |g| / max(1, |g|)
    assert w.gradcheck(lambda z: (0.0, np.full(3, 1e-7)), x) == pytest.approx(1e-7, rel=1e-12)
    assert w.gradcheck(lambda z: (0.0, np.array([0.5, 0.0, 0.0])), x, tol=0.6) == pytest.approx(0.5)
    assert w.gradcheck(lambda z: (0.0, np.array([0.0, 3.0, 0.0])), x, tol=1.5) == pytest.approx(1.0)


def test_sign_flip_raises_naming_the_coordinate_and_both_values():
    A = _spd(4)
    f_good = _quadratic(A)
    x = np.array([1.0, -2.0, 0.5, 3.0])

    def f_flipped(z):
        loss, g = f_good(z)
        return loss, -g

    with pytest.raises(w.GradientCheckError, match=r"coordinate \(0,\)") as info:
        w.gradcheck(f_flipped, x)
    analytic, numerical = -(A @ x)[0], (A @ x)[0]
    values = _numbers(str(info.value))
    assert values[0] == pytest.approx(analytic, rel=1e-9)
    assert values[1] == pytest.approx(numerical, rel=1e-6)
    assert "analytic" in str(info.value) and "numerical" in str(info.value)
    assert issubclass(w.GradientCheckError, AssertionError)


def test_one_wrong_coordinate_is_found_in_a_matrix():
    x = np.random.default_rng(2).normal(size=(3, 4))

    def f(z):
        g = 2 * z
        g[1, 2] += 1e-3  # one coordinate off
        g[2, 3] += 1.0  # and a later one, further off: the first one is reported
        return float(np.sum(z**2)), g

    with pytest.raises(w.GradientCheckError, match=r"coordinate \(1, 2\)") as info:
        w.gradcheck(f, x)
    values = _numbers(str(info.value))
    assert values[0] == pytest.approx(2 * x[1, 2] + 1e-3, rel=1e-9)
    assert values[1] == pytest.approx(2 * x[1, 2], rel=1e-8)
    # with a loose enough tolerance the 1e-3 slip passes, the 1.0 slip still fails
    with pytest.raises(w.GradientCheckError, match=r"coordinate \(2, 3\)"):
        w.gradcheck(f, x, tol=1e-2)


def test_detects_a_wrong_naive_softmax_gradient():
    rng = np.random.default_rng(0)
    v, U = rng.normal(size=3), rng.normal(size=(5, 3))

    def slip(x):  # the transposed slip: U^T (y_hat - y) would not even fit; use y - y_hat instead
        loss, g, _ = w.naive_softmax_loss_and_gradient(x, 2, U)
        return loss, -g

    with pytest.raises(w.GradientCheckError, match="coordinate"):
        w.gradcheck(slip, v)


def test_scalar_x_is_supported():
    assert w.gradcheck(lambda z: (float(z) ** 3, 3 * float(z) ** 2), 1.5) < 1e-8


def test_x_is_not_modified():
    x = np.array([0.3, -0.7])
    x0 = x.copy()
    w.gradcheck(lambda z: (float(np.sum(z**2)), 2 * z), x)
    np.testing.assert_array_equal(x, x0)


# ---------------------------------------------------------------- random draws inside f


def _noisy(rng):
    """Loss sum(x * n) with n drawn from rng on every call: its gradient is n."""

    def f(x):
        n = rng.normal(size=x.shape)
        return float(np.sum(x * n)), n

    return f


def test_rng_state_is_restored_so_draws_stay_fixed():
    rng = np.random.default_rng(5)
    x = np.ones((2, 3))
    with pytest.raises(w.GradientCheckError):
        w.gradcheck(_noisy(rng), x)  # fresh noise at each evaluation: garbage differences
    rng = np.random.default_rng(5)
    before = rng.bit_generator.state
    assert w.gradcheck(_noisy(rng), x, rng=rng) < 1e-9
    assert rng.bit_generator.state == before  # the caller's generator is left as it was
    first = rng.normal(size=3)
    np.testing.assert_array_equal(first, np.random.default_rng(5).normal(size=3))


def test_rng_state_is_restored_even_when_the_check_fails():
    rng = np.random.default_rng(8)
    before = rng.bit_generator.state

    def wrong(x):
        loss, n = _noisy(rng)(x)
        return loss, n + 1.0

    with pytest.raises(w.GradientCheckError):
        w.gradcheck(wrong, np.ones(3), rng=rng)
    assert rng.bit_generator.state == before


# ---------------------------------------------------------------- bad arguments


def _ok(z):
    return float(np.sum(z**2)), 2 * z


@pytest.mark.parametrize("f", [None, 3, "f", np.zeros(2)])
def test_rejects_a_non_callable_f(f):
    with pytest.raises(TypeError, match=r"\bf must be callable"):
        w.gradcheck(f, np.ones(2))


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("h", 0.0, ValueError),
        ("h", -1e-4, ValueError),
        ("h", float("nan"), ValueError),
        ("h", float("inf"), ValueError),
        ("h", "1e-4", TypeError),
        ("h", True, TypeError),
        ("h", np.array([1e-4]), TypeError),
        ("tol", 0.0, ValueError),
        ("tol", -1.0, ValueError),
        ("tol", float("nan"), ValueError),
        ("tol", None, TypeError),
        ("tol", "small", TypeError),
    ],
)
def test_rejects_bad_h_and_tol(name, value, error):
    with pytest.raises(error, match=rf"\b{name}\b"):
        w.gradcheck(_ok, np.ones(2), **{name: value})


@pytest.mark.parametrize(
    ("x", "error"),
    [
        (np.array([1.0, np.nan]), ValueError),
        (np.array([np.inf]), ValueError),
        ("abc", TypeError),
        (None, TypeError),
        (np.array([True, False]), TypeError),
    ],
)
def test_rejects_bad_x(x, error):
    with pytest.raises(error, match=r"\bx\b"):
        w.gradcheck(_ok, x)


def test_rejects_a_rng_that_is_not_a_generator():
    with pytest.raises(TypeError, match=r"\brng\b.*Generator"):
        w.gradcheck(_ok, np.ones(2), rng=np.random.RandomState(0))  # noqa: NPY002
    with pytest.raises(TypeError, match=r"\brng\b"):
        w.gradcheck(_ok, np.ones(2), rng=0)


def test_rejects_bad_return_values_of_f():
    with pytest.raises(TypeError, match=r"\bf must return a pair"):
        w.gradcheck(lambda z: float(np.sum(z)), np.ones(2))
    with pytest.raises(TypeError, match=r"\bf must return a pair"):
        w.gradcheck(lambda z: [float(np.sum(z)), np.ones(2)], np.ones(2))
    with pytest.raises(ValueError, match=r"grad returned by f must have the shape of x"):
        w.gradcheck(lambda z: (float(np.sum(z)), np.ones(3)), np.ones(2))
    with pytest.raises(ValueError, match=r"grad returned by f must have the shape of x"):
        w.gradcheck(lambda z: (float(np.sum(z)), np.ones((2, 1))), np.ones(2))
    with pytest.raises(ValueError, match=r"loss returned by f must be a scalar"):
        w.gradcheck(lambda z: (z.copy(), np.ones(2)), np.ones(2))
    with pytest.raises(ValueError, match=r"loss returned by f must contain only finite"):
        w.gradcheck(lambda z: (float("nan"), np.ones(2)), np.ones(2))
    with pytest.raises(ValueError, match=r"grad returned by f must contain only finite"):
        w.gradcheck(lambda z: (1.0, np.array([np.inf, 0.0])), np.ones(2))
