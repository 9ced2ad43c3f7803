"""Activations of chapters (e) and (f), the log-sigmoid terms of (g), and softmax.

Three oracles that share no code with w2vlib: sympy (symbolic derivatives,
evaluated at sample points), autograd (automatic differentiation of the
function written from its definition) and central differences (w2vlib.gradcheck).
"""

from __future__ import annotations

import warnings

import autograd.numpy as anp
import numpy as np
import pytest
import sympy as sp
from autograd import elementwise_grad
from hypothesis import given
from hypothesis import strategies as st

import w2vlib as w

X = sp.Symbol("x", real=True)
ALPHA = sp.Symbol("alpha", positive=True)
SIGMA = 1 / (1 + sp.exp(-X))  # the definition, written independently of w2vlib

SAMPLE_POINTS = [-30.0, -7.5, -2.0, -1.0, -0.3, 0.0, 0.25, 1.0, 3.0, 12.0, 30.0]
ALPHAS = [0.01, 0.1, 0.2, 0.5, 0.99]

seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(1, 12)
alphas = st.floats(0.01, 0.99)


def _sympy_values(expr, points, subs=None):
    """Evaluate a sympy expression in x at the points with 30 significant digits."""
    return np.array([float(expr.subs({**(subs or {}), X: sp.Float(p, 30)}).evalf(30)) for p in points])


# ---------------------------------------------------------------- sympy: (f) and (g)


def test_sympy_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    assert sp.simplify(sp.diff(SIGMA, X) - SIGMA * (1 - SIGMA)) == 0
    # and the product form w2vlib uses, sigma(x) sigma(-x)
    assert sp.simplify(sp.diff(SIGMA, X) - SIGMA * SIGMA.subs(X, -X)) == 0


def test_sympy_log_sigmoid_derivatives():
    # d/dx log sigma(x) = 1 - sigma(x) = sigma(-x)   (the positive term of (g))
    d_pos = sp.diff(sp.log(SIGMA), X)
    assert sp.simplify(d_pos - (1 - SIGMA)) == 0
    assert sp.simplify(d_pos - SIGMA.subs(X, -X)) == 0
    # d/dx log sigma(-x) = -(1 - sigma(-x)) = -sigma(x)   (each negative-sample term of (g))
    d_neg = sp.diff(sp.log(SIGMA.subs(X, -X)), X)
    assert sp.simplify(d_neg + (1 - SIGMA.subs(X, -X))) == 0
    assert sp.simplify(d_neg + SIGMA) == 0


def test_sympy_sigmoid_values_match_w2vlib():
    pts = np.array(SAMPLE_POINTS)
    np.testing.assert_allclose(w.sigmoid(pts), _sympy_values(SIGMA, pts), rtol=1e-14, atol=0)
    np.testing.assert_allclose(
        w.sigmoid_grad(pts), _sympy_values(sp.diff(SIGMA, X), pts), rtol=1e-12, atol=0
    )
    np.testing.assert_allclose(
        w.log_sigmoid(pts), _sympy_values(sp.log(SIGMA), pts), rtol=1e-14, atol=1e-300
    )


def test_sympy_log_sigmoid_derivatives_match_w2vlib():
    pts = np.array(SAMPLE_POINTS)
    d_pos = _sympy_values(sp.diff(sp.log(SIGMA), X), pts)
    d_neg = _sympy_values(sp.diff(sp.log(SIGMA.subs(X, -X)), X), pts)
    np.testing.assert_allclose(w.sigmoid(-pts), d_pos, rtol=1e-12, atol=0)
    np.testing.assert_allclose(-w.sigmoid(pts), d_neg, rtol=1e-12, atol=0)


LEAKY = sp.Piecewise((ALPHA * X, X < 0), (X, True))


def test_sympy_leaky_relu_piecewise_derivative():
    d = sp.diff(LEAKY, X)
    # slope alpha on x < 0 and 1 on x > 0
    for p in [-5, -1, sp.Rational(-1, 10)]:
        assert sp.simplify(d.subs(X, p) - ALPHA) == 0
    for p in [sp.Rational(1, 10), 1, 5]:
        assert d.subs(X, p) == 1


def test_sympy_leaky_relu_has_no_derivative_at_zero():
    h = sp.Symbol("h", positive=True)
    right = sp.limit((LEAKY.subs(X, h) - LEAKY.subs(X, 0)) / h, h, 0)
    left = sp.limit((LEAKY.subs(X, -h) - LEAKY.subs(X, 0)) / (-h), h, 0)
    assert right == 1
    assert sp.simplify(left - ALPHA) == 0
    # the one-sided slopes agree only for alpha = 1, so for 0 < alpha < 1 there is a corner
    assert sp.solve(sp.Eq(left, right), ALPHA) == [1]


def test_sympy_max_form_is_leaky_relu_only_for_alpha_below_one():
    for a in [sp.Rational(1, 100), sp.Rational(1, 5), sp.Rational(99, 100)]:
        for p in [-3, -1, 0, 1, 3]:
            assert sp.Max(a * p, p) == LEAKY.subs({ALPHA: a, X: p})
    # alpha = 2: max(2x, x) = 2x for x > 0, not Leaky ReLU; hence w2vlib rejects alpha >= 1
    assert sp.Max(2 * 1, 1) != LEAKY.subs({ALPHA: 2, X: 1})


def test_sympy_leaky_relu_values_match_w2vlib_away_from_zero():
    pts = np.array([p for p in SAMPLE_POINTS if p != 0.0])
    d = sp.diff(LEAKY, X)
    for a in ALPHAS:
        sub = {ALPHA: sp.Float(a, 30)}
        np.testing.assert_allclose(w.leaky_relu(pts, a), _sympy_values(LEAKY, pts, sub), rtol=1e-15)
        np.testing.assert_allclose(w.leaky_relu_grad(pts, a), _sympy_values(d, pts, sub), rtol=1e-15)


def test_leaky_relu_grad_at_zero_is_the_documented_subgradient_alpha():
    # the docstring promises alpha at 0 (slope 1 only where x > 0), a value in [alpha, 1]
    for a in ALPHAS:
        assert w.leaky_relu_grad(0.0, a) == a
        assert w.leaky_relu_grad(np.array([-0.0, 0.0]), a).tolist() == [a, a]
        assert w.leaky_relu(0.0, a) == 0.0


# ---------------------------------------------------------------- central differences


def _points(seed, n, scale):
    return np.random.default_rng(seed).normal(scale=scale, size=n)


@given(seed=seeds, n=sizes, scale=st.sampled_from([0.5, 2.0, 6.0]))
def test_sigmoid_grad_matches_central_differences(seed, n, scale):
    x = _points(seed, n, scale)
    err = w.gradcheck(lambda z: (float(np.sum(w.sigmoid(z))), w.sigmoid_grad(z)), x)
    assert err <= 1e-6


@given(seed=seeds, n=sizes, alpha=alphas)
def test_leaky_relu_grad_matches_central_differences_away_from_zero(seed, n, alpha):
    x = _points(seed, n, 2.0)
    x = np.where(np.abs(x) < 1e-2, np.copysign(1e-2, x) + x, x)  # keep h = 1e-4 off the corner
    err = w.gradcheck(lambda z: (float(np.sum(w.leaky_relu(z, alpha))), w.leaky_relu_grad(z, alpha)), x)
    assert err <= 1e-6


@given(seed=seeds, n=sizes)
def test_log_sigmoid_derivatives_match_central_differences(seed, n):
    x = _points(seed, n, 3.0)
    assert w.gradcheck(lambda z: (float(np.sum(w.log_sigmoid(z))), w.sigmoid(-z)), x) <= 1e-6
    assert w.gradcheck(lambda z: (float(np.sum(w.log_sigmoid(-z))), -w.sigmoid(z)), x) <= 1e-6


# ---------------------------------------------------------------- autograd


def _ag_sigmoid(x):
    return 1.0 / (1.0 + anp.exp(-x))


@given(seed=seeds, n=sizes, scale=st.sampled_from([0.5, 2.0, 6.0]))
def test_sigmoid_grad_matches_autograd(seed, n, scale):
    x = _points(seed, n, scale)
    np.testing.assert_allclose(w.sigmoid_grad(x), elementwise_grad(_ag_sigmoid)(x), rtol=1e-9, atol=1e-15)


@given(seed=seeds, n=sizes, alpha=alphas)
def test_leaky_relu_grad_matches_autograd_away_from_zero(seed, n, alpha):
    x = _points(seed, n, 2.0)
    x = x[x != 0.0]
    oracle = elementwise_grad(lambda z: anp.maximum(alpha * z, z))(x)  # the definition max(alpha x, x)
    np.testing.assert_allclose(w.leaky_relu_grad(x, alpha), oracle, rtol=1e-12, atol=0)


@given(seed=seeds, n=sizes)
def test_log_sigmoid_derivatives_match_autograd(seed, n):
    x = _points(seed, n, 3.0)
    d_pos = elementwise_grad(lambda z: anp.log(_ag_sigmoid(z)))(x)
    d_neg = elementwise_grad(lambda z: anp.log(_ag_sigmoid(-z)))(x)
    np.testing.assert_allclose(w.sigmoid(-x), d_pos, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(-w.sigmoid(x), d_neg, rtol=1e-9, atol=1e-15)


# ---------------------------------------------------------------- values and shapes


@given(seed=seeds, rows=st.integers(1, 4), n=sizes, scale=st.sampled_from([1.0, 50.0]))
def test_softmax_rows_sum_to_one_and_match_the_definition(seed, rows, n, scale):
    x = np.random.default_rng(seed).normal(scale=scale, size=(rows, n))
    p = w.softmax(x)
    assert p.shape == x.shape and p.dtype == np.float64
    assert np.all(p > 0) or scale > 1.0  # underflow to 0 is allowed only for wide logits
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-14)
    if scale == 1.0:
        e = np.exp(x)
        np.testing.assert_allclose(p, e / e.sum(axis=-1, keepdims=True), rtol=1e-13)
        np.testing.assert_allclose(w.log_softmax(x), np.log(e / e.sum(axis=-1, keepdims=True)), rtol=1e-12)
    # softmax is invariant to adding a constant to every logit
    np.testing.assert_allclose(w.softmax(x + 123.0), p, rtol=1e-12, atol=1e-300)
    # each row is softmaxed on its own
    np.testing.assert_allclose(w.softmax(x[0]), p[0], rtol=1e-15)


def test_softmax_of_a_1d_vector_and_of_equal_logits():
    np.testing.assert_array_equal(w.softmax(np.zeros(4)), np.full(4, 0.25))
    assert w.softmax([3.0]).tolist() == [1.0]


def test_sigmoid_symmetry_and_known_values():
    x = np.linspace(-20, 20, 81)
    np.testing.assert_allclose(w.sigmoid(x) + w.sigmoid(-x), 1.0, rtol=0, atol=1e-15)
    # 1/2 and 1/4, up to the last-bit rounding of exp and log (which differs between libms)
    eps = np.finfo(float).eps
    assert abs(w.sigmoid(0.0) - 0.5) <= eps and abs(w.sigmoid_grad(0.0) - 0.25) <= eps
    # 1 - sigma(x) cancels for large x, so the naive product is only good to a few eps absolute
    np.testing.assert_allclose(w.sigmoid_grad(x), w.sigmoid(x) * (1 - w.sigmoid(x)), rtol=1e-9, atol=4 * eps)


def test_activations_return_float64_and_keep_shape():
    x = np.arange(-3, 3).reshape(2, 3)  # integers are accepted and converted
    for out in [w.sigmoid(x), w.sigmoid_grad(x), w.log_sigmoid(x), w.leaky_relu(x, 0.1),
                w.leaky_relu_grad(x, 0.1), w.softmax(x), w.log_softmax(x)]:
        assert out.shape == (2, 3) and out.dtype == np.float64


def test_leaky_relu_equals_max_alpha_x_x():
    x = np.linspace(-5, 5, 101)
    for a in ALPHAS:
        np.testing.assert_array_equal(w.leaky_relu(x, a), np.maximum(a * x, x))


# ---------------------------------------------------------------- stability (no warnings at +/-1e4)

BIG = np.array([-1e4, -745.0, -710.0, -50.0, 0.0, 50.0, 710.0, 745.0, 1e4])


def test_sigmoid_family_is_finite_and_warning_free_at_large_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = w.sigmoid(BIG)
        g = w.sigmoid_grad(BIG)
        ls = w.log_sigmoid(BIG)
        lsn = w.log_sigmoid(-BIG)
    for arr in (s, g, ls, lsn):
        assert np.all(np.isfinite(arr))
    assert w.sigmoid(1e4) == 1.0
    assert w.sigmoid(-1e4) == 0.0
    assert w.sigmoid_grad(1e4) == 0.0 and w.sigmoid_grad(-1e4) == 0.0
    assert w.log_sigmoid(-1e4) == -1e4  # log sigma(x) ~ x for x -> -inf
    assert w.log_sigmoid(1e4) == 0.0
    np.testing.assert_allclose(w.log_sigmoid(-50.0), -50.0 - np.exp(-50.0), rtol=1e-15)
    assert np.all((s >= 0) & (s <= 1)) and np.all(np.diff(s) >= 0)


def test_softmax_and_log_softmax_are_finite_and_warning_free_at_large_logits():
    x = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4 - 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = w.softmax(x)
        lp = w.log_softmax(x)
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(lp))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(p[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(p[1], 1 / 3, rtol=1e-15)
    np.testing.assert_allclose(lp[0], [0.0, -1e4, -2e4], rtol=1e-15)
    np.testing.assert_allclose(p[2, :2], [1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(1.0))], rtol=1e-14)


@pytest.mark.parametrize("alpha", ALPHAS)
def test_leaky_relu_is_finite_at_large_inputs(alpha):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(w.leaky_relu(BIG, alpha), np.where(BIG > 0, BIG, alpha * BIG))
        np.testing.assert_array_equal(w.leaky_relu_grad(BIG, alpha), np.where(BIG > 0, 1.0, alpha))
