"""Tests of w2vlib.figures.training: each figure draws the numbers it is given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from w2vlib.corpus import principal_axes, procrustes_align, project  # noqa: E402
from w2vlib.figures import describe  # noqa: E402
from w2vlib.figures import training as tfig  # noqa: E402


def _line(fig, gid):
    lines = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == gid]
    assert len(lines) == 1, [ln.get_gid() for ax in fig.axes for ln in ax.get_lines()]
    return lines[0]


def test_loglog_timing_figure_draws_measurements_and_fitted_power_laws():
    x = np.array([10.0, 100.0, 1000.0])
    times = {"a": [1e-5, 1e-4, 1e-3], "b": [2e-6, 2e-6, 2e-6]}
    fits = {"a": (1.0, np.log(1e-6), 10.0, 1000.0)}
    fig = tfig.loglog_timing_figure(x, times, fits, xlabel="|V|", title="costs")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    np.testing.assert_allclose(_line(fig, "measured:a").get_ydata(), times["a"])
    np.testing.assert_allclose(_line(fig, "measured:b").get_xdata(), x)
    fit = _line(fig, "fit:a")
    fx, fy = fit.get_xdata(), fit.get_ydata()
    assert fx[0] == pytest.approx(10.0) and fx[-1] == pytest.approx(1000.0)
    np.testing.assert_allclose(fy, 1e-6 * fx**1.0, rtol=1e-12)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["a: slope 1.00", "b"]
    assert ax.get_title() == "costs"
    with pytest.raises(ValueError, match="fits"):
        tfig.loglog_timing_figure(x, times, {"c": fits["a"]}, xlabel="", title="")
    with pytest.raises(ValueError, match="times"):
        tfig.loglog_timing_figure(x, {"a": [1.0, 2.0]}, {}, xlabel="", title="")


def test_crossover_figure_marks_the_crossing_and_names_it():
    V = np.array([100.0, 1000.0, 10000.0])
    t = np.array([1e-6, 1e-5, 1e-4])
    fig = tfig.crossover_figure(V, t, 3e-6, 20, 300.0)
    np.testing.assert_allclose(_line(fig, "measured:naive softmax").get_ydata(), t)
    np.testing.assert_allclose(_line(fig, "measured:negative sampling").get_ydata(), [3e-6, 3e-6])
    mark = _line(fig, "crossover")
    assert mark.get_xdata()[0] == 300.0 and mark.get_ydata()[0] == 3e-6
    assert fig.axes[0].get_title().startswith("K = 20: negative sampling is cheaper once")
    assert "300" in fig.axes[0].get_title()
    none = tfig.crossover_figure(V, t, 5e-7, 1, None)
    assert "every" in none.axes[0].get_title()
    assert not [ln for ln in none.axes[0].get_lines() if ln.get_gid() == "crossover"]


def test_loss_curve_figure_plots_each_epoch():
    fig = tfig.loss_curve_figure({"w2vlib": [3.0, 2.5, 2.2]}, ylabel="loss", title="training")
    line = _line(fig, "loss:w2vlib")
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(line.get_ydata(), [3.0, 2.5, 2.2])
    with pytest.raises(ValueError, match="epoch_losses"):
        tfig.loss_curve_figure({}, ylabel="", title="")


def test_projection_figure_places_every_word():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 4))
    mean, axes = principal_axes(X)
    xy = project(X, mean, axes)
    words = ["a", "b", "c", "d", "e"]
    fig = tfig.projection_figure([(xy, "left"), (2 * xy, "right")], words, [0, 0, 1, 1, 2],
                                 limits=(-9, 9, -8, 8))
    assert len(fig.axes) == 2
    for k, ax in enumerate(fig.axes):
        points = [c for c in ax.collections if c.get_gid() == f"words:{k}"][0]
        np.testing.assert_allclose(points.get_offsets(), (k + 1) * xy)
        assert [t.get_text() for t in ax.texts] == words
        assert ax.get_xlim() == (-9, 9) and ax.get_ylim() == (-8, 8)
    assert [ax.get_title() for ax in fig.axes] == ["left", "right"]
    with pytest.raises(ValueError, match="groups"):
        tfig.projection_figure([(xy, "x")], words, [0, 1])
    with pytest.raises(ValueError, match="coords"):
        tfig.projection_figure([(xy[:, :1], "x")], words, [0] * 5)


def test_principal_axes_are_the_directions_of_largest_variance():
    rng = np.random.default_rng(1)
    # variance 9 along (1, 1)/sqrt 2, variance 1 along (1, -1)/sqrt 2
    z = rng.normal(size=(4000, 2)) * [3.0, 1.0]
    R = np.array([[1.0, 1.0], [1.0, -1.0]]) / np.sqrt(2)
    X = z @ R + [5.0, -2.0]
    mean, axes = principal_axes(X, 2)
    np.testing.assert_allclose(mean, X.mean(axis=0))
    np.testing.assert_allclose(np.abs(axes @ R.T), np.eye(2), atol=0.05)
    assert np.all(axes[np.arange(2), np.abs(axes).argmax(axis=1)] > 0)  # sign convention
    coords = project(X, mean, axes)
    assert coords.var(axis=0)[0] > coords.var(axis=0)[1]
    with pytest.raises(ValueError, match="n_components"):
        principal_axes(X, 3)


def test_procrustes_align_undoes_rotation_reflection_scale_and_shift():
    rng = np.random.default_rng(2)
    Y = rng.normal(size=(8, 2))
    t = 0.7
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]) @ np.diag([1.0, -1.0])
    X = 3.0 * Y @ R + [4.0, -1.0]
    np.testing.assert_allclose(procrustes_align(X, Y), Y, atol=1e-12)
    # with noise the aligned points are at least as close as any other rotation
    noisy = X + rng.normal(scale=0.3, size=X.shape)
    best = np.linalg.norm(procrustes_align(noisy, Y) - Y)
    for angle in np.linspace(0, 2 * np.pi, 24):
        c, s = np.cos(angle), np.sin(angle)
        other = (noisy - noisy.mean(0)) @ np.array([[c, -s], [s, c]]) / 3.0 + Y.mean(0)
        assert best <= np.linalg.norm(other - Y) + 1e-12
    with pytest.raises(ValueError, match="same shape"):
        procrustes_align(X[:3], Y)
    with pytest.raises(ValueError, match="single repeated point"):
        procrustes_align(np.ones((4, 2)), Y[:4])


def test_trained_vectors_figure_draws_the_pairs_the_identity_and_the_words():
    x, y = np.array([0.0, 1.0, 2.0]), np.array([0.1, 0.9, 2.2])
    lc, nv = np.log([2.0, 10.0, 100.0, 1000.0]), np.array([1.0, 1.5, 2.5, 2.0])
    fig = tfig.trained_vectors_figure(x, y, lc, nv, K=5)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    left, right = fig.axes
    pts = [c for c in left.collections if c.get_gid() == "pairs"][0].get_offsets()
    np.testing.assert_array_equal(np.asarray(pts), np.column_stack([x, y]))
    ident = _line(fig, "identity")
    np.testing.assert_array_equal(ident.get_xdata(), ident.get_ydata())
    assert ident.get_xdata()[0] == 0.0 and ident.get_xdata()[-1] == 2.2
    words = [c for c in right.collections if c.get_gid() == "words"][0].get_offsets()
    np.testing.assert_array_equal(np.asarray(words), np.column_stack([lc, nv]))
    r = np.corrcoef(x, y)[0, 1]
    assert "log 5" in left.get_xlabel() and left.get_title() == f"3 pairs, correlation {r:.2f}"
    with pytest.raises(ValueError, match="shifted_pmi and scores"):
        tfig.trained_vectors_figure(x, y[:2], lc, nv, K=5)
    with pytest.raises(ValueError, match="log_counts and norms"):
        tfig.trained_vectors_figure(x, y, lc, nv[:1], K=5)


def test_trained_vectors_description_gives_spearmans_rho_with_tied_counts():
    # Many words share a count; tied values get their average rank, as in scipy's spearmanr,
    # so the figure's text and the chapter's printed rho are one number.
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(3)
    lc = np.log(rng.integers(2, 6, size=200).astype(float))  # four distinct counts
    nv = lc + rng.normal(0.0, 0.5, size=200)
    fig = tfig.trained_vectors_figure(np.array([0.0, 1.0]), np.array([0.0, 1.0]), lc, nv, K=5)
    rho = stats.spearmanr(lc, nv).statistic
    assert f"rank correlation {rho:.2f}." in describe(fig)
