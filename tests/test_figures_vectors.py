"""The figures of chapters (b)(iii) and (b)(iv) draw what the math says."""

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Annotation

import w2vlib
from w2vlib.figures.vectors import (
    gradient_descent_path,
    gradient_path_figure,
    gradient_step_figure,
    normalisation_figure,
)


def _polar(degrees, length):
    a = np.deg2rad(degrees)
    return length * np.array([np.cos(a), np.sin(a)])


@pytest.fixture
def plane():
    """Five outside vectors in the plane (rows), the true word is index 1."""
    U = np.array([_polar(-65, 1.3), _polar(0, 1.0), _polar(65, 1.2), _polar(130, 0.9), _polar(205, 1.1)])
    return np.array([-0.8, -0.7]), 1, U


def _arrows(ax, gid):
    return [c for c in ax.texts if isinstance(c, Annotation) and c.get_gid() == gid]


def _arrow(ax, gid):
    (a,) = _arrows(ax, gid)
    return np.asarray(a.xyann, dtype=float), np.asarray(a.xy, dtype=float)  # tail, tip


def _line(ax, gid):
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


# ---------------------------------------------------------- gradient_descent_path


def test_gradient_descent_path_matches_explicit_updates(plane):
    v, o, U = plane
    centers, losses, probs = gradient_descent_path(v, o, U, 0.5, 4)
    assert centers.shape == (5, 2) and losses.shape == (5,) and probs.shape == (5,)
    x = v.copy()
    for t in range(5):
        np.testing.assert_allclose(centers[t], x, rtol=1e-13, atol=1e-13)
        y_hat = w2vlib.softmax(U @ x)
        assert losses[t] == pytest.approx(-np.log(y_hat[o]), rel=1e-12)
        assert probs[t] == pytest.approx(y_hat[o], rel=1e-12)
        x = x + 0.5 * U[o] - 0.5 * U.T @ y_hat  # v + eta u_o - eta U y_hat
    assert np.all(np.diff(losses) < 0)


def test_gradient_descent_path_rejects_bad_arguments(plane):
    v, o, U = plane
    with pytest.raises(ValueError, match="eta"):
        gradient_descent_path(v, o, U, 0.0, 3)
    with pytest.raises(ValueError, match="n_steps"):
        gradient_descent_path(v, o, U, 0.1, -1)


# ---------------------------------------------------------- gradient_step_figure


def test_gradient_step_figure_draws_the_step_and_the_loss_along_it(plane):
    v, o, U = plane
    eta = 0.8
    fig = gradient_step_figure(v, o, U, eta, eta_max=2.0)
    assert isinstance(fig, Figure)
    ax, ax_j = fig.axes[:2]
    loss, g, _ = w2vlib.naive_softmax_loss_and_gradient(v, o, U)
    y_hat = w2vlib.softmax(U @ v)
    expected = U.T @ y_hat

    # every outside vector is an arrow from the origin, u_o highlighted
    assert len(_arrows(ax, "u_other")) == len(U) - 1
    tail, tip = _arrow(ax, "u_o")
    np.testing.assert_allclose(tail, 0.0)
    np.testing.assert_allclose(tip, U[o])
    np.testing.assert_allclose(_arrow(ax, "v_c")[1], v)
    np.testing.assert_allclose(np.ravel(_line(ax, "Uy")), expected, rtol=1e-12)
    # the step drawn as +eta u_o then -eta U y_hat ends at v - eta g
    t1, h1 = _arrow(ax, "plus_eta_u_o")
    t2, h2 = _arrow(ax, "minus_eta_Uy")
    np.testing.assert_allclose(t1, v)
    np.testing.assert_allclose(h1 - t1, eta * U[o], rtol=1e-12)
    np.testing.assert_allclose(h2 - t2, -eta * expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h2, v - eta * g, rtol=1e-12)
    np.testing.assert_allclose(_arrow(ax, "v_new")[1], v - eta * g, rtol=1e-12)
    # the dashed arrow from U y_hat to u_o
    t3, h3 = _arrow(ax, "Uy_to_u_o")
    np.testing.assert_allclose(t3, expected, rtol=1e-12)
    np.testing.assert_allclose(h3, U[o])

    # right panel: the loss along the ray and the two bounds
    ts, along = _line(ax_j, "along")
    assert ts[0] == 0.0 and ts[-1] == 2.0
    for t, j in zip(ts[::20], along[::20], strict=True):
        assert j == pytest.approx(w2vlib.naive_softmax_loss_and_gradient(v - t * g, o, U)[0], rel=1e-12)
    g2 = g @ g
    L = (U**2).sum(axis=1).max()
    np.testing.assert_allclose(_line(ax_j, "tangent")[1], loss - ts * g2, rtol=1e-12)
    np.testing.assert_allclose(_line(ax_j, "bound")[1], loss - ts * g2 * (1 - ts * L / 2), rtol=1e-12)
    # convexity and the curvature bound sandwich the true curve
    assert np.all(along >= loss - ts * g2 - 1e-12)
    assert np.all(along <= loss - ts * g2 * (1 - ts * L / 2) + 1e-12)
    loss_new = w2vlib.naive_softmax_loss_and_gradient(v - eta * g, o, U)[0]
    np.testing.assert_allclose(np.ravel(_line(ax_j, "current")), [eta, loss_new], rtol=1e-12)

    p_new = w2vlib.softmax(U @ (v - eta * g))[o]
    title = ax_j.get_title()
    assert f"{y_hat[o]:.3f} → {p_new:.3f}" in title
    assert f"{loss:.3f} → {loss_new:.3f}" in title
    assert "0.80" in ax.get_title()


def test_gradient_step_figure_plane_limits_do_not_depend_on_eta(plane):
    v, o, U = plane
    a = gradient_step_figure(v, o, U, 0.1, eta_max=2.0).axes[0]
    b = gradient_step_figure(v, o, U, 2.0, eta_max=2.0).axes[0]
    assert a.get_xlim() == b.get_xlim() and a.get_ylim() == b.get_ylim()


def test_gradient_step_figure_rejects_bad_arguments(plane):
    v, o, U = plane
    with pytest.raises(ValueError, match="eta"):
        gradient_step_figure(v, o, U, 3.0, eta_max=2.0)
    with pytest.raises(ValueError, match="plane"):
        gradient_step_figure(np.zeros(3), o, np.ones((4, 3)), 0.5, eta_max=1.0)
    with pytest.raises(ValueError, match="outside_idx"):
        gradient_step_figure(v, 9, U, 0.5, eta_max=1.0)


# ---------------------------------------------------------- gradient_path_figure


@pytest.mark.parametrize("step", [0, 3, 8])
def test_gradient_path_figure_shows_the_path_so_far(plane, step):
    v, o, U = plane
    eta, n_steps = 0.5, 8
    fig = gradient_path_figure(v, o, U, eta, step, n_steps)
    ax, ax_j = fig.axes[:2]
    centers, losses, probs = gradient_descent_path(v, o, U, eta, n_steps)

    px, py = _line(ax, "path")
    np.testing.assert_allclose(np.c_[px, py], centers[: step + 1], rtol=1e-12)
    np.testing.assert_allclose(_arrow(ax, "v_c")[1], centers[step], rtol=1e-12)
    y_hat = w2vlib.softmax(U @ centers[step])
    expected = U.T @ y_hat
    np.testing.assert_allclose(np.ravel(_line(ax, "Uy")), expected, rtol=1e-12)
    # the next step is eta (u_o - U y_hat), i.e. minus eta times the library's gradient
    tail, tip = _arrow(ax, "step")
    g = w2vlib.naive_softmax_loss_and_gradient(centers[step], o, U)[1]
    np.testing.assert_allclose(tail, centers[step], rtol=1e-12)
    np.testing.assert_allclose(tip - tail, -eta * g, rtol=1e-10, atol=1e-14)
    assert len(_arrows(ax, "u_other")) == len(U) - 1

    np.testing.assert_allclose(_line(ax_j, "loss")[1], losses[: step + 1], rtol=1e-12)
    np.testing.assert_allclose(_line(ax_j, "y_hat_o")[1], probs[: step + 1], rtol=1e-12)
    np.testing.assert_allclose(_line(ax_j, "loss")[0], np.arange(step + 1))
    title = ax_j.get_title()
    assert f"step {step}" in title and f"{probs[step]:.3f}" in title and f"{losses[step]:.3f}" in title


def test_gradient_path_figure_axes_fixed_across_steps(plane):
    v, o, U = plane
    first = gradient_path_figure(v, o, U, 0.5, 0, 6)
    last = gradient_path_figure(v, o, U, 0.5, 6, 6)
    for a, b in zip(first.axes[:2], last.axes[:2], strict=True):
        assert a.get_xlim() == b.get_xlim() and a.get_ylim() == b.get_ylim()
    with pytest.raises(ValueError, match="step"):
        gradient_path_figure(v, o, U, 0.5, 7, 6)


# ---------------------------------------------------------- normalisation_figure

U_Y = np.array([1.0, 0.55])
W = np.array([1.0, 0.2]) / np.linalg.norm([1.0, 0.2])


@pytest.mark.parametrize("alpha", [-2.0, -0.5, 0.5, 1.5])
def test_normalisation_figure_vectors_and_scores(alpha):
    fig = normalisation_figure(U_Y, alpha, W, alpha_range=(-2.5, 2.5))
    assert isinstance(fig, Figure)
    ax, ax_s = fig.axes[:2]
    unit_y = U_Y / np.linalg.norm(U_Y)

    np.testing.assert_allclose(_arrow(ax, "u_y")[1], U_Y)
    np.testing.assert_allclose(_arrow(ax, "u_x")[1], alpha * U_Y, rtol=1e-12)
    tip = _arrow(ax, "u_x_normalised")[1]
    assert np.linalg.norm(tip) == pytest.approx(1.0, abs=1e-12)
    # the normalised vector is +-u_y/||u_y||: only the sign of alpha survives
    np.testing.assert_allclose(tip, np.sign(alpha) * unit_y, rtol=1e-12)
    np.testing.assert_allclose(np.ravel(_line(ax, "u_y_normalised")), unit_y, rtol=1e-12)
    cx, cy = _line(ax, "unit_circle")
    np.testing.assert_allclose(np.hypot(cx, cy), 1.0, rtol=1e-12)

    # raw score is linear in alpha, normalised score is sign(alpha) w^T u_y/||u_y||
    xs, ys = _line(ax_s, "raw_line")
    np.testing.assert_allclose(ys, xs * (W @ U_Y), rtol=1e-12)
    assert xs[0] == -2.5 and xs[-1] == 2.5
    _, pos = _line(ax_s, "normalised_pos")
    _, neg = _line(ax_s, "normalised_neg")
    np.testing.assert_allclose(pos, W @ unit_y, rtol=1e-12)
    np.testing.assert_allclose(neg, -(W @ unit_y), rtol=1e-12)
    np.testing.assert_allclose(np.ravel(_line(ax_s, "raw_marker")), [alpha, alpha * (W @ U_Y)], rtol=1e-12)
    np.testing.assert_allclose(
        np.ravel(_line(ax_s, "normalised_marker")), [alpha, np.sign(alpha) * (W @ unit_y)], rtol=1e-12
    )
    title = ax_s.get_title()
    shown = f"{alpha:.2f}".replace("-", "\u2212")
    assert f"= {shown}:" in title
    assert f"{abs(alpha * (W @ U_Y)):.2f}" in title


def test_normalisation_figure_same_normalised_picture_for_all_positive_alpha():
    tips = [
        _arrow(normalisation_figure(U_Y, a, W, alpha_range=(-2.5, 2.5)).axes[0], "u_x_normalised")[1]
        for a in (0.25, 1.0, 2.5)
    ]
    for t in tips[1:]:
        np.testing.assert_allclose(t, tips[0], rtol=1e-12)


def test_normalisation_figure_rejects_zero_and_out_of_range_alpha():
    with pytest.raises(ValueError, match="zero vector"):
        normalisation_figure(U_Y, 0.0, W, alpha_range=(-2.5, 2.5))
    with pytest.raises(ValueError, match="alpha_range"):
        normalisation_figure(U_Y, 3.0, W, alpha_range=(-2.5, 2.5))
    with pytest.raises(ValueError, match="shape"):
        normalisation_figure(np.ones(3), 1.0, W, alpha_range=(-2.5, 2.5))
