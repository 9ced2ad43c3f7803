"""The naive-softmax and negative-sampling losses and gradients (chapters a-d, g, h).

Every gradient is checked against two oracles that share no code with w2vlib:
central differences (w2vlib.gradcheck, rel. error <= 1e-6) and autograd applied
to the loss written again here, from its definition, in autograd.numpy. The
vectorised forms are checked against their loop forms.
"""

from __future__ import annotations

import warnings

import autograd.numpy as anp
import numpy as np
import pytest
import sympy as sp
from autograd import grad
from hypothesis import given
from hypothesis import strategies as st

import w2vlib as w

seeds = st.integers(0, 2**32 - 1)
vocab = st.integers(1, 12)
dims = st.integers(1, 8)
ks = st.integers(1, 8)
scales = st.sampled_from([0.3, 1.0, 1.5])

AG_RTOL, AG_ATOL = 1e-9, 1e-12


def _problem(seed, V, d, scale=1.0):
    """Random float64 (center_vec (d,), outside_vectors (|V|, d), outside index o)."""
    rng = np.random.default_rng(seed)
    v = rng.normal(scale=scale, size=d)
    U = rng.normal(scale=scale, size=(V, d))
    return v, U, int(rng.integers(V)), rng


def _negatives(rng, V, K, force_repeat=True):
    """K indices drawn uniformly with replacement; with force_repeat the last equals the first."""
    neg = rng.integers(0, V, size=K)
    if force_repeat and K >= 2:
        neg[-1] = neg[0]
    return neg


# ---------------------------------------------------------------- independent autograd losses


def _ag_sigmoid(x):
    return 1.0 / (1.0 + anp.exp(-x))


def ag_naive_loss(v, U, o):
    """J = -log softmax(U^T v)_o, written from the definition (rows of U are the u_w)."""
    scores = anp.dot(U, v)
    return -anp.log(anp.exp(scores[o]) / anp.sum(anp.exp(scores)))


def ag_neg_loss(v, U, o, negatives):
    """J = -log sigma(u_o^T v) - sum_s log sigma(-u_{w_s}^T v), one term per drawn sample."""
    J = -anp.log(_ag_sigmoid(anp.dot(U[o], v)))
    for k in negatives:
        J = J - anp.log(_ag_sigmoid(-anp.dot(U[int(k)], v)))
    return J


# ---------------------------------------------------------------- naive softmax: oracles


@given(seed=seeds, V=vocab, d=dims, scale=scales)
def test_naive_softmax_center_gradient_central_differences(seed, V, d, scale):
    v, U, o, _ = _problem(seed, V, d, scale)

    def f(x):
        loss, g_v, _ = w.naive_softmax_loss_and_gradient(x, o, U)
        return loss, g_v

    assert w.gradcheck(f, v) <= 1e-6


@given(seed=seeds, V=vocab, d=dims, scale=scales)
def test_naive_softmax_outside_gradient_central_differences(seed, V, d, scale):
    v, U, o, _ = _problem(seed, V, d, scale)

    def f(x):
        loss, _, g_U = w.naive_softmax_loss_and_gradient(v, o, x)
        return loss, g_U

    assert w.gradcheck(f, U) <= 1e-6


@given(seed=seeds, V=vocab, d=dims, scale=scales)
def test_naive_softmax_matches_autograd(seed, V, d, scale):
    v, U, o, _ = _problem(seed, V, d, scale)
    loss, g_v, g_U = w.naive_softmax_loss_and_gradient(v, o, U)
    assert loss == pytest.approx(float(ag_naive_loss(v, U, o)), rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(g_v, grad(ag_naive_loss, 0)(v, U, o), rtol=AG_RTOL, atol=AG_ATOL)
    np.testing.assert_allclose(g_U, grad(ag_naive_loss, 1)(v, U, o), rtol=AG_RTOL, atol=AG_ATOL)
    # and the matrix form dJ/dU (d x |V|) is the transpose of the row-layout gradient
    np.testing.assert_allclose(
        w.naive_softmax_grad_U(v, o, U), grad(ag_naive_loss, 1)(v, U, o).T, rtol=AG_RTOL, atol=AG_ATOL
    )


def test_sympy_naive_softmax_score_gradient_is_y_hat_minus_y():
    """dJ/dz_k of J = -log softmax(z)_o is y_hat_k - y_k (chapters a, b), for |V| = 3."""
    z = sp.symbols("z0:3", real=True)
    denom = sum(sp.exp(zk) for zk in z)
    for o in range(3):
        J = -sp.log(sp.exp(z[o]) / denom)
        for k in range(3):
            y_hat_k = sp.exp(z[k]) / denom
            assert sp.simplify(sp.diff(J, z[k]) - (y_hat_k - (1 if k == o else 0))) == 0
    # evaluated at a point, it equals w2vlib's grad with U = I (then dJ/dv = y_hat - y)
    point = [0.3, -1.2, 2.0]
    J = -sp.log(sp.exp(z[1]) / denom)
    sym = np.array([float(sp.diff(J, zk).subs(dict(zip(z, point, strict=True)))) for zk in z])
    _, g_v, _ = w.naive_softmax_loss_and_gradient(np.array(point), 1, np.eye(3))
    np.testing.assert_allclose(g_v, sym, rtol=1e-14, atol=1e-16)


# ---------------------------------------------------------------- naive softmax: forms


@given(seed=seeds, V=vocab, d=dims)
def test_naive_softmax_vectorised_forms_agree(seed, V, d):
    v, U, o, _ = _problem(seed, V, d)
    _, g_v, g_U_rows = w.naive_softmax_loss_and_gradient(v, o, U)
    G = w.naive_softmax_grad_U(v, o, U)
    assert G.shape == (d, V) and g_U_rows.shape == (V, d) and g_v.shape == (d,)
    columns = np.column_stack([w.naive_softmax_grad_outside_vector(v, o, U, k) for k in range(V)])
    np.testing.assert_allclose(G, columns, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(G, g_U_rows.T, rtol=1e-13, atol=1e-15)
    # the closed forms of chapters (b)-(d), built with plain loops
    y_hat = w.naive_softmax_probabilities(v, U)
    y = np.zeros(V)
    y[o] = 1.0
    np.testing.assert_allclose(g_v, sum((y_hat[k] - y[k]) * U[k] for k in range(V)), rtol=1e-12, atol=1e-14)
    for k in range(V):
        expected = (y_hat[k] - 1.0) * v if k == o else y_hat[k] * v
        np.testing.assert_allclose(columns[:, k], expected, rtol=1e-13, atol=1e-15)


@given(seed=seeds, V=vocab, d=dims)
def test_naive_softmax_probabilities_and_loss_definition(seed, V, d):
    v, U, o, _ = _problem(seed, V, d)
    y_hat = w.naive_softmax_probabilities(v, U)
    e = np.exp(U @ v)
    np.testing.assert_allclose(y_hat, e / e.sum(), rtol=1e-13)
    assert y_hat.sum() == pytest.approx(1.0, abs=1e-14) and np.all(y_hat > 0)
    loss, _, _ = w.naive_softmax_loss_and_gradient(v, o, U)
    assert loss == pytest.approx(-np.log(y_hat[o]), rel=1e-12, abs=1e-13)
    assert loss == pytest.approx(-U[o] @ v + np.log(e.sum()), rel=1e-12, abs=1e-13)


def test_naive_softmax_does_not_modify_its_inputs():
    v, U, o, _ = _problem(3, 5, 4)
    v0, U0 = v.copy(), U.copy()
    w.naive_softmax_loss_and_gradient(v, o, U)
    w.naive_softmax_grad_U(v, o, U)
    w.neg_sampling_loss_and_gradient(v, o, U, [1, 1, 2])
    w.neg_sampling_sequential_update(v, o, U, [1, 1, 2], 0.1)
    np.testing.assert_array_equal(v, v0)
    np.testing.assert_array_equal(U, U0)


# ---------------------------------------------------------------- negative sampling: oracles


@given(seed=seeds, V=vocab, d=dims, K=ks, scale=scales)
def test_neg_sampling_center_gradient_central_differences(seed, V, d, K, scale):
    v, U, o, rng = _problem(seed, V, d, scale)
    neg = _negatives(rng, V, K)

    def f(x):
        loss, g_v, _ = w.neg_sampling_loss_and_gradient(x, o, U, neg)
        return loss, g_v

    assert w.gradcheck(f, v) <= 1e-6


@given(seed=seeds, V=vocab, d=dims, K=ks, scale=scales)
def test_neg_sampling_outside_gradient_central_differences_with_repeats(seed, V, d, K, scale):
    v, U, o, rng = _problem(seed, V, d, scale)
    neg = _negatives(rng, V, K)

    def f(x):
        loss, _, g_U = w.neg_sampling_loss_and_gradient(v, o, x, neg)
        return loss, g_U

    assert w.gradcheck(f, U) <= 1e-6


@given(seed=seeds, V=vocab, d=dims, K=ks, scale=scales)
def test_neg_sampling_matches_autograd_with_repeats(seed, V, d, K, scale):
    v, U, o, rng = _problem(seed, V, d, scale)
    neg = _negatives(rng, V, K)
    loss, g_v, g_U = w.neg_sampling_loss_and_gradient(v, o, U, neg)
    assert loss == pytest.approx(float(ag_neg_loss(v, U, o, neg)), rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(g_v, grad(ag_neg_loss, 0)(v, U, o, neg), rtol=AG_RTOL, atol=AG_ATOL)
    np.testing.assert_allclose(g_U, grad(ag_neg_loss, 1)(v, U, o, neg), rtol=AG_RTOL, atol=AG_ATOL)


def test_sympy_neg_sampling_lambda_is_the_score_derivative():
    """lambda_0 = d/ds[-log sigma(s)] at s = u_o.v, and -lambda_s = d/ds[-log sigma(-s)] at s = u_w.v."""
    s = sp.Symbol("s", real=True)
    sigma = 1 / (1 + sp.exp(-s))
    d_pos = sp.diff(-sp.log(sigma), s)
    d_neg = sp.diff(-sp.log(sigma.subs(s, -s)), s)
    assert sp.simplify(d_pos - (sigma - 1)) == 0
    assert sp.simplify(d_neg - sigma) == 0
    v, U, o, rng = _problem(11, 6, 3, 1.5)
    neg = np.array([0, 2, 2, 5])
    lam = w.neg_sampling_lambda(v, o, U, neg)
    scores = U[np.concatenate(([o], neg))] @ v
    expected = [float(d_pos.subs(s, sp.Float(scores[0], 30)))]
    expected += [-float(d_neg.subs(s, sp.Float(x, 30))) for x in scores[1:]]
    np.testing.assert_allclose(lam, expected, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------- negative sampling: forms


@given(seed=seeds, V=vocab, d=dims, K=ks)
def test_neg_sampling_vectorised_equals_loop(seed, V, d, K):
    v, U, o, rng = _problem(seed, V, d)
    neg = _negatives(rng, V, K)  # repeats, and possibly o itself among the negatives
    fast = w.neg_sampling_loss_and_gradient(v, o, U, neg)
    slow = w.neg_sampling_loss_and_gradient_loop(v, o, U, neg)
    assert fast[0] == pytest.approx(slow[0], rel=1e-13, abs=1e-14)
    np.testing.assert_allclose(fast[1], slow[1], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(fast[2], slow[2], rtol=1e-12, atol=1e-14)


@given(seed=seeds, V=vocab, d=dims, K=ks)
def test_neg_sampling_lambda_form(seed, V, d, K):
    v, U, o, rng = _problem(seed, V, d)
    neg = _negatives(rng, V, K)
    lam = w.neg_sampling_lambda(v, o, U, neg)
    assert lam.shape == (K + 1,)
    M = np.column_stack([U[o]] + [-U[k] for k in neg])  # U_{o,{w}} = [u_o, -u_w1, ..., -u_wK], d x (K+1)
    np.testing.assert_allclose(lam, 1.0 / (1.0 + np.exp(-(M.T @ v))) - 1.0, rtol=1e-12, atol=1e-15)
    loss, g_v, g_U = w.neg_sampling_loss_and_gradient(v, o, U, neg)
    np.testing.assert_allclose(g_v, M @ lam, rtol=1e-12, atol=1e-14)
    assert loss == pytest.approx(-np.sum(np.log(1.0 / (1.0 + np.exp(-(M.T @ v))))), rel=1e-12)
    # rows: lambda_0 v for o, -lambda_s v once per occurrence of w_s, zero elsewhere
    expected = np.zeros_like(U)
    expected[o] += lam[0] * v
    for s, k in enumerate(neg, start=1):
        expected[k] -= lam[s] * v
    np.testing.assert_allclose(g_U, expected, rtol=1e-12, atol=1e-14)
    untouched = np.setdiff1d(np.arange(V), np.concatenate(([o], neg)))
    assert np.all(g_U[untouched] == 0.0)


@given(seed=seeds, V=st.integers(3, 12), d=dims, k=st.integers(1, 6), others=st.integers(0, 4))
def test_repeated_negative_gets_k_times_one_term(seed, V, d, k, others):
    """Chapter (h): a word drawn k times contributes k times its single-occurrence term."""
    v, U, o, rng = _problem(seed, V, d)
    candidates = np.setdiff1d(np.arange(V), [o])
    w_rep = int(rng.choice(candidates))
    rest = rng.choice(np.setdiff1d(candidates, [w_rep]), size=others, replace=True) if V > 2 else []
    rest = np.asarray(rest, dtype=int)
    once = np.concatenate(([w_rep], rest))
    many = np.concatenate(([w_rep] * k, rest))
    rng.shuffle(many)  # the order of the samples does not matter
    l1, gv1, gU1 = w.neg_sampling_loss_and_gradient(v, o, U, once)
    lk, gvk, gUk = w.neg_sampling_loss_and_gradient(v, o, U, many)
    s = U[w_rep] @ v
    np.testing.assert_allclose(gUk[w_rep], k * gU1[w_rep], rtol=1e-14, atol=0)
    np.testing.assert_allclose(gU1[w_rep], w.sigmoid(s) * v, rtol=1e-12, atol=1e-15)
    others_rows = np.setdiff1d(np.arange(V), [w_rep])
    np.testing.assert_allclose(gUk[others_rows], gU1[others_rows], rtol=1e-14, atol=0)
    np.testing.assert_allclose(gvk - gv1, (k - 1) * w.sigmoid(s) * U[w_rep], rtol=1e-9, atol=1e-13)
    assert lk - l1 == pytest.approx(-(k - 1) * w.log_sigmoid(-s), rel=1e-9, abs=1e-12)


def _plain_step(v, o, U, neg, lr):
    _, g_v, g_U = w.neg_sampling_loss_and_gradient(v, o, U, neg)
    return v - lr * g_v, U - lr * g_U


def _gap(v, o, U, neg, lr):
    v_seq, U_seq = w.neg_sampling_sequential_update(v, o, U, neg, lr)
    v_plain, U_plain = _plain_step(v, o, U, neg, lr)
    return np.sqrt(np.sum((v_seq - v_plain) ** 2) + np.sum((U_seq - U_plain) ** 2))


@given(seed=seeds, V=st.integers(2, 12), d=dims, K=st.integers(2, 8))
def test_sequential_update_differs_from_gradient_step_at_order_lr_squared(seed, V, d, K):
    v, U, o, rng = _problem(seed, V, d)
    neg = rng.choice(np.setdiff1d(np.arange(V), [o]), size=K)
    neg[-1] = neg[0]  # a negative drawn twice
    lrs = [2e-3, 1e-3, 5e-4]
    gaps = [_gap(v, o, U, neg, lr) for lr in lrs]
    assert gaps[0] > 0
    # halving lr quarters the gap: the gap is c lr^2 + O(lr^3), with no first-order part
    for big, small in zip(gaps, gaps[1:], strict=False):
        assert big / small == pytest.approx(4.0, rel=0.02)
    scaled = [g / lr**2 for g, lr in zip(gaps, lrs, strict=True)]
    assert scaled[1] == pytest.approx(scaled[2], rel=0.01)
    assert gaps[2] / lrs[2] < 0.6 * gaps[1] / lrs[1]  # gap / lr -> 0


@given(seed=seeds, V=st.integers(2, 12), d=dims, K=st.integers(1, 8), lr=st.sampled_from([1e-3, 0.1, 1.0]))
def test_sequential_update_equals_gradient_step_without_repeats(seed, V, d, K, lr):
    v, U, o, rng = _problem(seed, V, d)
    pool = np.setdiff1d(np.arange(V), [o])
    neg = rng.choice(pool, size=min(K, pool.size), replace=False)
    v_seq, U_seq = w.neg_sampling_sequential_update(v, o, U, neg, lr)
    v_plain, U_plain = _plain_step(v, o, U, neg, lr)
    np.testing.assert_allclose(v_seq, v_plain, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(U_seq, U_plain, rtol=1e-12, atol=1e-14)


def test_sequential_update_follows_word2vec_c_by_hand():
    """Two draws of the same negative, worked out step by step as in word2vec.c."""
    v = np.array([1.0, -0.5])
    U = np.array([[0.2, 0.1], [-0.3, 0.4], [0.5, 0.5]])
    o, neg, lr = 0, [2, 2], 0.5
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    u = U.copy()
    step = np.zeros(2)
    g = lr * (1 - sig(u[0] @ v))
    step += g * u[0]
    u[0] += g * v
    for _ in range(2):
        g = lr * (0 - sig(u[2] @ v))
        step += g * u[2]
        u[2] += g * v
    v_new, U_new = w.neg_sampling_sequential_update(v, o, U, neg, lr)
    np.testing.assert_allclose(v_new, v + step, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(U_new, u, rtol=1e-13, atol=1e-15)


# ---------------------------------------------------------------- stability at logits of 1e4


def _scaled_problem(seed, V, d, target=1e4):
    v, U, o, rng = _problem(seed, V, d)
    v = v * (target / np.max(np.abs(U @ v)))  # the largest |logit| is exactly about 1e4
    return v, U, o, rng


@pytest.mark.parametrize("seed", range(5))
def test_naive_softmax_is_finite_and_warning_free_at_logits_1e4(seed):
    v, U, _, _ = _scaled_problem(seed, 7, 4)
    z = U @ v
    assert np.max(np.abs(z)) == pytest.approx(1e4)
    top = int(np.argmax(z))
    for o in range(7):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            loss, g_v, g_U = w.naive_softmax_loss_and_gradient(v, o, U)
            G = w.naive_softmax_grad_U(v, o, U)
            y_hat = w.naive_softmax_probabilities(v, U)
        assert np.isfinite(loss) and np.all(np.isfinite(g_v)) and np.all(np.isfinite(g_U))
        assert np.all(np.isfinite(G)) and y_hat.sum() == pytest.approx(1.0, abs=1e-15)
        # the loss is the margin to the top score (plus a log term in [0, log |V|])
        assert z[top] - z[o] <= loss <= z[top] - z[o] + np.log(7) + 1e-9
        if o != top and z[top] - np.sort(z)[-2] > 50:
            # y_hat is one-hot on the top word: grad_v = u_top - u_o
            np.testing.assert_allclose(g_v, U[top] - U[o], rtol=1e-12, atol=1e-12)


def test_naive_softmax_huge_margin_loss_equals_the_margin():
    U = np.array([[1.0], [-1.0]])
    v = np.array([5000.0])  # scores +5000 and -5000, margin 1e4
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss_wrong, g_v, g_U = w.naive_softmax_loss_and_gradient(v, 1, U)
        loss_right, g_v2, _ = w.naive_softmax_loss_and_gradient(v, 0, U)
    assert loss_wrong == 1e4
    assert loss_right == 0.0
    np.testing.assert_array_equal(g_v, [2.0])  # U (y_hat - y) = u_0 - u_1
    np.testing.assert_array_equal(g_U, [[5000.0], [-5000.0]])
    np.testing.assert_array_equal(g_v2, [0.0])


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_neg_sampling_is_finite_and_warning_free_at_logits_1e4(seed, sign):
    v, U, o, rng = _scaled_problem(seed, 7, 4)
    v = sign * v
    neg = rng.integers(0, 7, size=6)
    neg[1] = neg[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, g_v, g_U = w.neg_sampling_loss_and_gradient(v, o, U, neg)
        loop = w.neg_sampling_loss_and_gradient_loop(v, o, U, neg)
        lam = w.neg_sampling_lambda(v, o, U, neg)
        seq = w.neg_sampling_sequential_update(v, o, U, neg, 1e-3)
    assert np.isfinite(loss) and np.all(np.isfinite(g_v)) and np.all(np.isfinite(g_U))
    assert np.all(np.isfinite(seq[0])) and np.all(np.isfinite(seq[1]))
    assert np.all((lam >= -1.0) & (lam <= 0.0))
    assert loss == pytest.approx(loop[0], rel=1e-12)
    np.testing.assert_allclose(g_v, loop[1], rtol=1e-12, atol=1e-9)
    # the loss is the sum of softplus(-signed score), each ~ max(0, -score) at this scale
    z = np.concatenate(([U[o] @ v], -(U[neg] @ v)))
    assert loss == pytest.approx(np.sum(np.maximum(0.0, -z)), rel=1e-9, abs=np.log(2) * 7)


def test_neg_sampling_huge_margin_loss_equals_the_margin():
    U = np.array([[1.0], [-1.0], [1.0]])
    v = np.array([1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, g_v, g_U = w.neg_sampling_loss_and_gradient(v, 1, U, [2])  # u_o.v = -1e4, u_w.v = +1e4
    assert loss == 2e4
    np.testing.assert_array_equal(w.neg_sampling_lambda(v, 1, U, [2]), [-1.0, -1.0])
    np.testing.assert_array_equal(g_v, [-1.0 * -1.0 - (-1.0) * 1.0])  # lambda_0 u_o - lambda_1 u_w
    np.testing.assert_array_equal(g_U, [[0.0], [-1e4], [1e4]])
