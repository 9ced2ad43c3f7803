"""Tests of w2vlib.figures.gradients: each figure shows the math it claims to show.

The expected values are computed here from scratch (softmax, sigmoid, max) rather
than through w2vlib, so a figure that plotted the wrong quantity would fail.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure

from w2vlib.figures import gradients as g

WORDS = ["the", "cat", "sat", "on", "mat", "dog"]


def by_gid(fig, gid):
    """All artists of a figure whose gid is ``gid``."""
    return fig.findobj(lambda a: a.get_gid() == gid)


def one(fig, gid):
    found = by_gid(fig, gid)
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {len(found)}"
    return found[0]


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


@pytest.fixture
def pair():
    rng = np.random.default_rng(7)
    U = rng.normal(size=(6, 4))
    v = rng.normal(size=4)
    return v, 2, U


def expected_rows(v, o, U):
    y_hat = softmax(U @ v)
    delta = y_hat.copy()
    delta[o] -= 1.0
    return y_hat, delta, np.outer(delta, v)


# --- chapter (c) -------------------------------------------------------------


def test_outside_heatmap_shows_the_gradient_rows(pair):
    v, o, U = pair
    fig = g.outside_gradient_heatmap(v, o, U, words=WORDS)
    assert isinstance(fig, Figure)
    _, _, rows = expected_rows(v, o, U)
    im = one(fig, "heatmap")
    np.testing.assert_allclose(im.get_array(), rows, atol=1e-12)
    # row o is the only one pointing against v_c
    signs = np.sign(np.asarray(im.get_array()) @ v)
    assert signs[o] == -1 and np.all(np.delete(signs, o) == 1)


def test_outside_heatmap_colour_scale_is_diverging_and_centred(pair):
    v, o, U = pair
    _, _, rows = expected_rows(v, o, U)
    im = one(g.outside_gradient_heatmap(v, o, U), "heatmap")
    lo, hi = im.get_clim()
    assert lo == -hi and hi == pytest.approx(np.abs(rows).max())
    assert im.get_cmap().name == "RdBu_r"
    im = one(g.outside_gradient_heatmap(v, o, U, vmax=3.0), "heatmap")
    assert im.get_clim() == (-3.0, 3.0)


def test_outside_heatmap_outlines_row_o_and_labels_words(pair):
    v, o, U = pair
    fig = g.outside_gradient_heatmap(v, o, U, words=WORDS)
    box = one(fig, "true-row")
    assert box.get_y() == pytest.approx(o - 0.5) and box.get_height() == 1
    assert box.get_width() == U.shape[1]
    heat_ax = one(fig, "heatmap").axes
    assert [t.get_text() for t in heat_ax.get_yticklabels()] == WORDS
    assert heat_ax.get_yticklabels()[o].get_fontweight() == "bold"
    assert "o = sat" in fig.get_suptitle()


def test_outside_heatmap_side_bars_are_y_hat(pair):
    v, o, U = pair
    fig = g.outside_gradient_heatmap(v, o, U)
    y_hat, _, _ = expected_rows(v, o, U)
    bars = by_gid(fig, "y-hat")
    assert len(bars) == U.shape[0]
    np.testing.assert_allclose([b.get_width() for b in bars], y_hat, atol=1e-12)
    colors = [b.get_facecolor() for b in bars]
    assert colors[o] != colors[(o + 1) % len(colors)]
    loss = -np.log(y_hat[o])
    assert f"loss J = {loss:.2f}" in fig.get_suptitle()


def test_outside_heatmap_zero_center_vector_gives_zero_rows():
    U = np.arange(12.0).reshape(4, 3)
    fig = g.outside_gradient_heatmap(np.zeros(3), 0, U)
    im = one(fig, "heatmap")
    assert np.all(np.asarray(im.get_array()) == 0)
    assert im.get_clim() == (-1.0, 1.0)  # degenerate scale replaced, still centred


def test_outside_heatmap_rejects_wrong_word_count(pair):
    v, o, U = pair
    with pytest.raises(ValueError, match="words must name all 6"):
        g.outside_gradient_heatmap(v, o, U, words=WORDS[:3])


# --- chapter (d) -------------------------------------------------------------


def test_outer_product_heatmap_is_v_times_delta(pair):
    v, o, U = pair
    fig = g.outer_product_heatmap(v, o, U, words=WORDS)
    _, delta, rows = expected_rows(v, o, U)
    np.testing.assert_allclose(one(fig, "heatmap").get_array(), rows.T, atol=1e-12)
    np.testing.assert_allclose(one(fig, "v-factor").get_array(), v.reshape(-1, 1), atol=1e-12)
    np.testing.assert_allclose(one(fig, "delta-factor").get_array(), delta.reshape(1, -1), atol=1e-12)
    column = one(fig, "true-column")
    assert column.get_x() == pytest.approx(o - 0.5) and column.get_height() == len(v)


def test_outer_product_heatmap_writes_every_cell_value(pair):
    v, o, U = pair
    fig = g.outer_product_heatmap(v, o, U, words=WORDS)
    _, delta, rows = expected_rows(v, o, U)
    heat_texts = [t.get_text() for t in one(fig, "heatmap").axes.texts]
    assert heat_texts == [f"{x:.2f}" for x in rows.T.ravel()]
    delta_texts = [t.get_text() for t in one(fig, "delta-factor").axes.texts]
    assert delta_texts == [f"{x:.2f}" for x in delta]


def test_outer_product_heatmap_plane_panel_only_in_two_dimensions():
    U = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.5]])
    v = np.array([0.6, -1.2])
    fig = g.outer_product_heatmap(v, 1, U)
    assert len(fig.axes) == 4
    arrow = one(fig, "v-arrow")
    np.testing.assert_allclose(arrow.xy, v)
    star = one(fig, "u-true")
    np.testing.assert_allclose(star.get_offsets(), U[[1]])
    np.testing.assert_allclose(one(fig, "u-others").get_offsets(), U[[0, 2]])

    rng = np.random.default_rng(1)
    fig3 = g.outer_product_heatmap(rng.normal(size=3), 0, rng.normal(size=(4, 3)))
    assert len(fig3.axes) == 3
    assert by_gid(fig3, "v-arrow") == []


def test_outer_product_heatmap_fixed_colour_limits(pair):
    v, o, U = pair
    im = one(g.outer_product_heatmap(v, o, U, vmax=2.5), "heatmap")
    assert im.get_clim() == (-2.5, 2.5)
    assert im.get_cmap().name == "RdBu_r"


# --- chapter (e) -------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.05, 0.2, 0.9])
def test_leaky_relu_figure_plots_function_and_derivative(alpha):
    fig = g.leaky_relu_figure(alpha, xlim=2.0)
    x, y = one(fig, "f").get_data()
    np.testing.assert_allclose(y, np.maximum(alpha * x, x), atol=1e-15)
    assert x.min() == -2.0 and x.max() == 2.0 and 0.0 in x
    xl, yl = one(fig, "fprime-left").get_data()
    xr, yr = one(fig, "fprime-right").get_data()
    assert np.all(xl < 0) and np.all(yl == alpha)
    assert np.all(xr > 0) and np.all(yr == 1.0)
    assert f"= {alpha:.2f}" in fig.get_suptitle()


def test_leaky_relu_figure_subgradient_fan_and_code_choice():
    alpha = 0.3
    fig = g.leaky_relu_figure(alpha, n_fan=4)
    fan = [one(fig, f"fan-{k}") for k in range(4)]
    assert by_gid(fig, "fan-4") == []
    slopes = []
    for line in fan:
        fx, fy = line.get_data()
        slope = (fy[1] - fy[0]) / (fx[1] - fx[0])
        assert fy[0] - slope * fx[0] == pytest.approx(0.0)  # through the origin
        assert np.all(fy <= np.maximum(alpha * fx, fx) + 1e-12)  # below f: a subgradient
        slopes.append(slope)
    np.testing.assert_allclose(slopes, np.linspace(alpha, 1.0, 4))
    sx, sy = one(fig, "subdifferential").get_data()
    assert list(sx) == [0, 0] and list(sy) == [alpha, 1.0]
    cx, cy = one(fig, "code-choice").get_data()
    assert list(cx) == [0] and list(cy) == [alpha]
    ox, oy = one(fig, "open-end").get_data()
    assert list(oy) == [1.0] and one(fig, "open-end").get_markerfacecolor() == "white"


@pytest.mark.parametrize("alpha", [0.0, 1.0, 1.5, -0.2])
def test_leaky_relu_figure_rejects_alpha_outside_0_1(alpha):
    with pytest.raises(ValueError, match="0 < alpha < 1"):
        g.leaky_relu_figure(alpha)


# --- chapter (f) -------------------------------------------------------------


@pytest.mark.parametrize("x0", [-4.0, 0.0, 1.5])
def test_sigmoid_figure_curves(x0):
    fig = g.sigmoid_tangent_figure(x0)
    x, y = one(fig, "sigma").get_data()
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-x)), rtol=1e-12)
    x, dy = one(fig, "sigma-prime").get_data()
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(dy, s * (1 - s), atol=1e-15)
    _, level = one(fig, "max-line").get_data()
    assert list(level) == [0.25, 0.25]


@pytest.mark.parametrize("x0", [-4.0, 0.0, 1.5])
def test_sigmoid_figure_tangent_touches_with_slope_sigma_prime(x0):
    fig = g.sigmoid_tangent_figure(x0, half_width=1.0)
    s0 = 1 / (1 + np.exp(-x0))
    slope = s0 * (1 - s0)
    tx, ty = one(fig, "tangent").get_data()
    assert tx[0] == pytest.approx(x0 - 1.0) and tx[-1] == pytest.approx(x0 + 1.0)
    assert (ty[-1] - ty[0]) / (tx[-1] - tx[0]) == pytest.approx(slope, rel=1e-12)
    assert np.interp(x0, tx, ty) == pytest.approx(s0, rel=1e-12)
    points = by_gid(fig, "point")
    assert len(points) == 2
    ys = sorted(float(p.get_ydata()[0]) for p in points)
    assert ys == pytest.approx(sorted([s0, slope]))
    assert all(float(p.get_xdata()[0]) == x0 for p in points)


def test_sigmoid_figure_title_shows_values():
    title = g.sigmoid_tangent_figure(1.5).get_suptitle()
    assert title.startswith("x = 1.50:")
    assert "0.818" in title and "0.149" in title


def test_sigmoid_figure_rejects_point_outside_window():
    with pytest.raises(ValueError, match="x0 must lie"):
        g.sigmoid_tangent_figure(7.0, xlim=6.0)
