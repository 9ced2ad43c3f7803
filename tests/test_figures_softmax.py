"""The figures of chapters (a), (b)(i) and (b)(ii) draw what the math says."""

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.quiver import Quiver

import w2vlib
from w2vlib.figures.softmax import (
    TRUE_COLOR,
    center_gradient_figure,
    gradient_shrink_figure,
    hull_minimum_figure,
    hull_position,
    logit_loss_figure,
)

WORDS = ["coffee", "tea", "car", "sky", "run"]


@pytest.fixture
def plane():
    ang = np.deg2rad([15, 100, 170, 235, 300])
    r = np.array([1.6, 1.0, 1.2, 0.9, 1.1])
    return np.c_[r * np.cos(ang), r * np.sin(ang)]


def _bar_heights(ax):
    return np.array([p.get_height() for p in ax.patches])


def _quiver(ax, gid) -> Quiver:
    (q,) = [c for c in ax.collections if isinstance(c, Quiver) and c.get_gid() == gid]
    return q


def test_logit_loss_figure_bars_curve_and_title():
    z = np.array([1.0, 0.3, 2.0, -0.5, 0.8])
    fig = logit_loss_figure(z, 2, (-3.0, 6.0), words=WORDS)
    assert isinstance(fig, Figure)
    ax_z, ax_p, ax_j = fig.axes
    np.testing.assert_allclose(_bar_heights(ax_z), z)
    y_hat = w2vlib.softmax(z)
    np.testing.assert_allclose(_bar_heights(ax_p), y_hat)
    # the true word's bars, and only those, are highlighted
    for ax in (ax_z, ax_p):
        colors = [p.get_facecolor() for p in ax.patches]
        assert [c == to_rgba(TRUE_COLOR) for c in colors] == [False, False, True, False, False]
    assert [t.get_text() for t in ax_p.get_xticklabels()] == WORDS
    # the loss curve is -log y_hat_o with the other logits fixed
    curve, marker = ax_j.get_lines()
    xs, ys = curve.get_data()
    assert xs[0] == -3.0 and xs[-1] == 6.0
    for x, y in zip(xs[::20], ys[::20], strict=True):
        zz = z.copy()
        zz[2] = x
        assert y == pytest.approx(-np.log(w2vlib.softmax(zz)[2]), rel=1e-12)
    loss = w2vlib.naive_softmax_loss_and_gradient(np.array([1.0]), 2, z[:, None])[0]
    np.testing.assert_allclose(marker.get_data(), [[2.0], [loss]])
    title = fig.get_suptitle()
    assert "= 2.0" in title and f"{y_hat[2]:.3f}" in title and f"{loss:.3f}" in title


def test_logit_loss_figure_axes_do_not_depend_on_the_frame():
    z = np.array([1.0, 0.3, 2.0, -0.5, 0.8])
    limits = set()
    for zo in (-3.0, 0.0, 6.0):
        z[2] = zo
        ax_z, _, ax_j = logit_loss_figure(z, 2, (-3.0, 6.0)).axes
        limits.add((ax_z.get_ylim(), ax_j.get_ylim()))
    assert len(limits) == 1


def test_center_gradient_figure_arrows_sum_to_the_gradient(plane):
    v = np.array([0.7, 1.3])
    fig = center_gradient_figure(v, 0, plane, words=WORDS, lim=2.2)
    ax, ax_c = fig.axes
    _, grad, _ = w2vlib.naive_softmax_loss_and_gradient(v, 0, plane)
    y_hat = w2vlib.naive_softmax_probabilities(v, plane)
    coef = y_hat - np.eye(5)[0]

    out = _quiver(ax, "outside")
    np.testing.assert_allclose(np.c_[out.U, out.V], plane)
    center = _quiver(ax, "center")
    np.testing.assert_allclose(np.c_[center.U, center.V], [v])
    terms = _quiver(ax, "terms")
    vecs = np.c_[terms.U, terms.V]
    np.testing.assert_allclose(vecs, coef[:, None] * plane)
    # tip to tail: each term starts where the previous one ended, the last ends at the gradient
    tails = terms.get_offsets()
    np.testing.assert_allclose(tails[0], [0.0, 0.0])
    np.testing.assert_allclose(tails[1:], tails[:-1] + vecs[:-1], atol=1e-12)
    np.testing.assert_allclose(tails[-1] + vecs[-1], grad, atol=1e-12)
    total = _quiver(ax, "gradient")
    np.testing.assert_allclose(np.c_[total.U, total.V], [grad])
    star = [ln for ln in ax.get_lines() if ln.get_marker() == "*"][0]
    np.testing.assert_allclose(np.ravel(star.get_data()), plane.T @ y_hat)

    np.testing.assert_allclose(_bar_heights(ax_c), coef)
    assert ax.get_xlim() == (-2.2, 2.2)
    title = fig.get_suptitle()
    assert f"{y_hat[0]:.3f}" in title and f"{np.linalg.norm(grad):.3f}" in title


def test_center_gradient_figure_rejects_other_dimensions(plane):
    with pytest.raises(ValueError, match="d = 2"):
        center_gradient_figure(np.zeros(3), 0, np.zeros((5, 3)))
    with pytest.raises(ValueError, match="words"):
        center_gradient_figure(np.zeros(2), 0, plane, words=["a", "b"])


def test_center_gradient_figure_closed_chain_when_gradient_is_zero():
    # u_o at the centroid of symmetric outside vectors, v_c = 0: the chain closes
    U = np.array([[0.0, 0.0], [1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])
    fig = center_gradient_figure(np.zeros(2), 0, U)
    terms = _quiver(fig.axes[0], "terms")
    end = terms.get_offsets()[-1] + np.array([terms.U[-1], terms.V[-1]])
    np.testing.assert_allclose(end, [0.0, 0.0], atol=1e-15)
    assert "= 0.200" in fig.get_suptitle() and "= 0.000" in fig.get_suptitle()


def test_gradient_shrink_figure_lines_bars_and_marker(plane):
    a = plane[0] / np.linalg.norm(plane[0])
    ts = np.linspace(0.0, 6.0, 25)
    fig = gradient_shrink_figure(ts, 2.0, a, 0, plane, words=WORDS)
    ax_p, ax_g = fig.axes
    y_hat = w2vlib.naive_softmax_probabilities(2.0 * a, plane)
    heights = _bar_heights(ax_p)
    np.testing.assert_allclose(heights[:5], y_hat)
    np.testing.assert_allclose(heights[5:], np.eye(5)[0])
    assert ax_g.get_yscale() == "log"
    norm_line, gap_line, norm_mark, gap_mark = ax_g.get_lines()
    norms = [np.linalg.norm(w2vlib.naive_softmax_loss_and_gradient(t * a, 0, plane)[1]) for t in ts]
    gaps = [1.0 - w2vlib.naive_softmax_probabilities(t * a, plane)[0] for t in ts]
    np.testing.assert_allclose(norm_line.get_ydata(), norms)
    np.testing.assert_allclose(gap_line.get_ydata(), gaps)
    np.testing.assert_allclose(norm_line.get_xdata(), ts)
    assert np.all(np.diff(norm_line.get_ydata()) < 0)
    norm_t = np.linalg.norm(w2vlib.naive_softmax_loss_and_gradient(2.0 * a, 0, plane)[1])
    np.testing.assert_allclose(norm_mark.get_data(), [[2.0], [norm_t]])
    np.testing.assert_allclose(gap_mark.get_data(), [[2.0], [1.0 - y_hat[0]]])
    title = fig.get_suptitle()
    assert "= 2.0" in title and f"{norm_t:.1e}" in title and f"{1.0 - y_hat[0]:.1e}" in title


TRIANGLE = np.array([[1.5, -0.6], [-1.5, -0.6], [0.0, 1.2]])


def _line(ax, gid):
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    return np.ravel(line.get_xydata())


@pytest.mark.parametrize(
    ("point", "where"),
    [((0.0, 0.0), "inside"), ((0.95, 0.0), "inside"), ((1.0, 0.0), "edge"),
     ((1.5, -0.6), "edge"), ((0.0, -0.6), "edge"), ((1.05, 0.0), "outside"), ((0.0, 2.0), "outside")],
)
def test_hull_position_inside_edge_outside(point, where):
    assert hull_position(np.array(point), TRIANGLE) == where


def test_hull_position_rejects_collinear_others_and_other_dimensions():
    with pytest.raises(ValueError, match="one line"):
        hull_position(np.zeros(2), np.array([[1.0, 0.0], [-1.0, 0.0], [0.5, 0.0]]))
    with pytest.raises(ValueError, match="plane"):
        hull_position(np.zeros(3), np.eye(3))


def test_hull_minimum_figure_marks_the_minimiser_when_u_o_is_inside():
    u_o = np.array([0.5, 0.0])
    fig = hull_minimum_figure(u_o, TRIANGLE, words=["coffee", "tea", "car", "sky"])
    ax, ax_j = fig.axes[:2]
    best = _line(ax_j, "minimum")
    U = np.vstack([u_o, TRIANGLE])
    _, grad, _ = w2vlib.naive_softmax_loss_and_gradient(best, 0, U)
    assert np.linalg.norm(grad) < 1e-9  # the star is where the gradient vanishes
    y_hat = w2vlib.naive_softmax_probabilities(best, U)
    np.testing.assert_allclose(U.T @ y_hat, u_o, atol=1e-9)  # U y_hat = u_o there
    assert "inside" in fig.get_suptitle()
    assert not [ln for ln in ax_j.get_lines() if ln.get_gid() == "lowest"]
    np.testing.assert_allclose(_quiver(ax, "true").U, [u_o[0]])


@pytest.mark.parametrize(("x", "word"), [(1.0, "edge"), (1.25, "outside")])
def test_hull_minimum_figure_has_no_minimum_on_the_edge_or_outside(x, word):
    fig = hull_minimum_figure(np.array([x, 0.0]), TRIANGLE, v_lim=3.0)
    ax_j = fig.axes[1]
    assert not [ln for ln in ax_j.get_lines() if ln.get_gid() == "minimum"]
    low = _line(ax_j, "lowest")
    assert np.isclose(np.abs(low).max(), 3.0)  # on the border of the square
    U = np.vstack([[x, 0.0], TRIANGLE])
    at_low = w2vlib.naive_softmax_loss_and_gradient(low, 0, U)[0]
    assert at_low < w2vlib.naive_softmax_loss_and_gradient(np.zeros(2), 0, U)[0]
    assert word in fig.get_suptitle()
