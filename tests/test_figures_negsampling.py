"""The figures of chapters (g), (h) and (i) draw what the math says."""

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.quiver import Quiver

import w2vlib as w
from w2vlib.figures import negsampling as nf


@pytest.fixture
def plane():
    rng = np.random.default_rng(7)
    U = rng.normal(0.0, 0.8, (12, 2))
    v = rng.normal(0.0, 0.8, 2)
    return v, U


def quivers(ax):
    return [c for c in ax.collections if isinstance(c, Quiver)]


def bar_heights(ax):
    return np.array([p.get_height() for p in ax.patches])


def test_path_limits_hold_origin_every_partial_sum_and_extra_points():
    steps = np.array([[1.0, 2.0], [-3.0, 0.5], [0.5, -4.0]])
    x0, x1, y0, y1 = nf.path_limits(steps, extra=[[5.0, 5.0]])
    pts = np.vstack([[0.0, 0.0], np.cumsum(steps, axis=0), [[5.0, 5.0]]])
    assert np.all(pts[:, 0] > x0) and np.all(pts[:, 0] < x1)
    assert np.all(pts[:, 1] > y0) and np.all(pts[:, 1] < y1)
    assert x1 - x0 == pytest.approx(y1 - y0)  # square box, equal aspect
    x0, x1, y0, y1 = nf.path_limits(steps, start=(-10.0, 3.0))
    pts = np.vstack([[0.0, 0.0], [-10.0, 3.0] + np.cumsum(steps, axis=0)])
    assert np.all(pts[:, 0] > x0) and np.all(pts[:, 0] < x1)
    assert np.all(pts[:, 1] > y0) and np.all(pts[:, 1] < y1)


def test_center_terms_are_lambda_scaled_columns_and_sum_to_the_gradient(plane):
    v, U = plane
    neg = np.array([3, 5, 5, 9])
    terms = nf.neg_sampling_center_terms(v, 1, U, neg)
    lam = w.neg_sampling_lambda(v, 1, U, neg)
    assert terms.shape == (5, 2)
    np.testing.assert_allclose(terms[0], lam[0] * U[1], atol=1e-15)
    np.testing.assert_allclose(terms[1:], -lam[1:, None] * U[neg], atol=1e-15)
    _, grad_center, _ = w.neg_sampling_loss_and_gradient(v, 1, U, neg)
    np.testing.assert_allclose(terms.sum(axis=0), grad_center, atol=1e-12)


def test_k_figure_draws_k_plus_one_arrows_head_to_tail_summing_to_the_gradient(plane):
    v, U = plane
    pool = np.array([2, 4, 6, 8, 10, 4, 3])
    K = 5
    fig = nf.neg_sampling_k_figure(v, 0, U, pool, K)
    assert isinstance(fig, Figure)
    ax_arrows, ax_bars = fig.axes
    chain, total = quivers(ax_arrows)
    steps = np.column_stack([chain.U, chain.V])
    assert steps.shape == (K + 1, 2)
    np.testing.assert_allclose(steps, nf.neg_sampling_center_terms(v, 0, U, pool[:K]), atol=1e-12)
    # each arrow starts where the previous one ended
    starts = np.asarray(chain.get_offsets())
    np.testing.assert_allclose(starts[1:], np.cumsum(steps, axis=0)[:-1], atol=1e-12)
    np.testing.assert_allclose(starts[0], [0.0, 0.0])
    loss, grad_center, _ = w.neg_sampling_loss_and_gradient(v, 0, U, pool[:K])
    np.testing.assert_allclose([total.U[0], total.V[0]], grad_center, atol=1e-12)
    # one colour for the true pair, another for every negative
    colors = chain.get_facecolors()
    assert np.allclose(colors[0], to_rgba(nf.POSITIVE))
    assert all(np.allclose(c, to_rgba(nf.NEGATIVE)) for c in colors[1:])


def test_k_figure_bars_are_loss_terms_and_lambdas_and_title_counts_flops(plane):
    v, U = plane
    pool = np.array([2, 4, 6, 8, 10, 4, 3])
    K = 4
    fig = nf.neg_sampling_k_figure(v, 0, U, pool, K)
    ax_bars = fig.axes[1]
    heights = bar_heights(ax_bars)
    assert heights.shape == (2 * (K + 1),)
    scores = np.concatenate(([U[0] @ v], -(U[pool[:K]] @ v)))
    np.testing.assert_allclose(heights[: K + 1], -w.log_sigmoid(scores), atol=1e-12)
    np.testing.assert_allclose(heights[K + 1 :], w.neg_sampling_lambda(v, 0, U, pool[:K]), atol=1e-12)
    loss, _, _ = w.neg_sampling_loss_and_gradient(v, 0, U, pool[:K])
    assert heights[: K + 1].sum() == pytest.approx(loss)
    assert f"J = {loss:.3f}" in ax_bars.get_title()
    title = fig.get_suptitle()
    assert "K = 4" in title
    assert "3(K+1)d = 30" in title  # 3 * 5 * 2
    assert "3|V|d = 72" in title  # 3 * 12 * 2


def test_k_figure_frames_share_their_axes(plane):
    v, U = plane
    pool = np.array([2, 4, 6, 8, 10, 4, 3])
    limits = {
        (fig.axes[0].get_xlim(), fig.axes[0].get_ylim(), fig.axes[1].get_ylim())
        for fig in (nf.neg_sampling_k_figure(v, 0, U, pool, K) for K in (1, 4, 7))
    }
    assert len(limits) == 1


def test_k_figure_rejects_bad_arguments(plane):
    v, U = plane
    with pytest.raises(ValueError, match="at most"):
        nf.neg_sampling_k_figure(v, 0, U, np.array([1, 2]), 3)
    with pytest.raises(ValueError, match="d must be 2"):
        nf.neg_sampling_k_figure(np.ones(3), 0, np.ones((5, 3)), np.array([1, 2]), 1)


def test_sequential_gap_is_zero_without_repeats_and_second_order_with_them(plane):
    v, U = plane
    assert nf.sequential_gap(v, 0, U, np.array([1, 2, 3]), 0.5) < 1e-14
    g1 = nf.sequential_gap(v, 0, U, np.array([1, 1, 2]), 0.02)
    g2 = nf.sequential_gap(v, 0, U, np.array([1, 1, 2]), 0.01)
    assert g1 > 0
    assert g1 / g2 == pytest.approx(4.0, rel=0.05)


def test_repeated_negative_figure_draws_k_equal_terms_adding_to_the_gradient_row(plane):
    v, U = plane
    k = 3
    fig = nf.repeated_negative_figure(v, 0, U, [4, 7], 2, k, k_max=6, lr=0.5)
    ax_arrows, ax_bars = fig.axes
    center_arrow, outside_arrow, chain, total = quivers(ax_arrows)
    np.testing.assert_allclose([center_arrow.U[0], center_arrow.V[0]], v)
    np.testing.assert_allclose([outside_arrow.U[0], outside_arrow.V[0]], U[2])
    steps = np.column_stack([chain.U, chain.V])
    one = w.sigmoid(U[2] @ v) * v  # -(sigma(-u_w^T v_c) - 1) v_c for one draw
    assert steps.shape == (k, 2)
    np.testing.assert_allclose(steps, np.tile(one, (k, 1)), atol=1e-12)
    # the chain starts at the tip of u_w, and so does the total
    starts = np.asarray(chain.get_offsets())
    np.testing.assert_allclose(starts, U[2] + np.arange(k)[:, None] * one, atol=1e-12)
    np.testing.assert_allclose(np.asarray(total.get_offsets())[0], U[2], atol=1e-12)
    _, _, grad_U = w.neg_sampling_loss_and_gradient(v, 0, U, np.array([4, 7, 2, 2, 2]))
    np.testing.assert_allclose([total.U[0], total.V[0]], grad_U[2], atol=1e-12)
    np.testing.assert_allclose(grad_U[2], k * one, atol=1e-12)
    # bars: o, then k equal stacked pieces for w, then the two other negatives
    heights = bar_heights(ax_bars)
    term = float(-w.log_sigmoid(-(U[2] @ v)))
    assert heights.shape == (1 + k + 2,)
    np.testing.assert_allclose(heights[1 : 1 + k], term, atol=1e-12)
    bottoms = np.array([p.get_y() for p in ax_bars.patches[1 : 1 + k]])
    np.testing.assert_allclose(bottoms, term * np.arange(k), atol=1e-12)
    loss, _, _ = w.neg_sampling_loss_and_gradient(v, 0, U, np.array([4, 7, 2, 2, 2]))
    assert heights.sum() == pytest.approx(loss)
    gap = nf.sequential_gap(v, 0, U, np.array([4, 7, 2, 2, 2]), 0.5)
    assert "multiplicity k = 3" in fig.get_suptitle()
    assert f"gap {gap:.1e}" in fig.get_suptitle()


def test_repeated_negative_figure_frames_share_axes_and_k1_has_no_gap(plane):
    v, U = plane
    figs = [nf.repeated_negative_figure(v, 0, U, [4], 2, k, k_max=5, lr=0.5) for k in (1, 5)]
    assert figs[0].axes[0].get_xlim() == figs[1].axes[0].get_xlim()
    assert figs[0].axes[1].get_ylim() == figs[1].axes[1].get_ylim()
    assert "gap 0 (round-off)" in figs[0].get_suptitle()
    with pytest.raises(ValueError, match="must not contain"):
        nf.repeated_negative_figure(v, 0, U, [2], 2, 1)


def test_sequential_gap_figure_plots_the_measured_gaps_with_a_slope_two_reference(plane):
    v, U = plane
    neg = np.array([3, 3, 5])
    lrs = np.array([0.4, 0.1, 0.025])
    fig = nf.sequential_gap_figure(v, 0, U, neg, lrs)
    measured, reference = fig.axes[0].get_lines()
    np.testing.assert_allclose(measured.get_xdata(), lrs)
    np.testing.assert_allclose(measured.get_ydata(), [nf.sequential_gap(v, 0, U, neg, lr) for lr in lrs])
    slope = np.diff(np.log(reference.get_ydata())) / np.diff(np.log(lrs))
    np.testing.assert_allclose(slope, 2.0)
    assert fig.axes[0].get_xscale() == "log" and fig.axes[0].get_yscale() == "log"
    with pytest.raises(ValueError, match="no repeated word"):
        nf.sequential_gap_figure(v, 0, U, np.array([3, 5]), lrs)


@pytest.fixture
def firth():
    sentence = "you shall know a word by the company it keeps".split()
    word2ind = {t: i for i, t in enumerate(sorted(set(sentence)))}
    rng = np.random.default_rng(3)
    return sentence, word2ind, rng.normal(0, 0.7, (10, 2)), rng.normal(0, 0.7, (10, 2))


def test_window_figure_highlights_center_and_exactly_the_window(firth):
    sentence, word2ind, Vc, U = firth
    fig = nf.skipgram_window_figure(sentence, 4, 2, word2ind, Vc, U, w.naive_softmax_loss_and_gradient)
    ax_text = fig.axes[0]
    texts = ax_text.texts
    assert [t.get_text() for t in texts] == sentence
    faces = [t.get_bbox_patch().get_facecolor() for t in texts]
    assert np.allclose(faces[4], to_rgba(nf.CENTER))
    blue = [i for i, f in enumerate(faces) if np.allclose(f, to_rgba(nf.CONTEXT))]
    assert blue == [2, 3, 5, 6]  # j = -2, -1, +1, +2: the word at +m is in
    assert "4 outside words" in ax_text.get_title()


def test_window_figure_bars_are_per_pair_losses_summing_to_skipgram(firth):
    sentence, word2ind, Vc, U = firth
    f = w.naive_softmax_loss_and_gradient
    fig = nf.skipgram_window_figure(sentence, 4, 3, word2ind, Vc, U, f, m_max=5)
    _, ax_bars, ax_arrows = fig.axes
    c = word2ind["word"]
    offsets = [-3, -2, -1, 1, 2, 3]
    xs = [p.get_x() + p.get_width() / 2 for p in ax_bars.patches]
    np.testing.assert_allclose(xs, offsets)
    expected = [f(Vc[c], word2ind[sentence[4 + j]], U) for j in offsets]
    np.testing.assert_allclose(bar_heights(ax_bars), [e[0] for e in expected], atol=1e-12)
    total, grad_center, _ = w.skipgram(
        "word", 3, w.window_outside_words(sentence, 4, 3), word2ind, Vc, U, f
    )
    assert ax_bars.get_title().startswith(r"$J_{\mathrm{skip\text{-}gram}}$ = " + f"{total:.3f} ")
    chain, row = quivers(ax_arrows)
    np.testing.assert_allclose(np.column_stack([chain.U, chain.V]), [e[1] for e in expected], atol=1e-12)
    np.testing.assert_allclose([row.U[0], row.V[0]], grad_center[c], atol=1e-12)


def test_window_figure_says_when_the_window_is_clipped(firth):
    sentence, word2ind, Vc, U = firth
    f = w.naive_softmax_loss_and_gradient
    fig = nf.skipgram_window_figure(sentence, 4, 5, word2ind, Vc, U, f, m_max=5)
    assert "9 outside words" in fig.axes[0].get_title()
    assert "clipped" in fig.axes[0].get_title()
    assert len(fig.axes[1].patches) == 9
    small = nf.skipgram_window_figure(sentence, 4, 1, word2ind, Vc, U, f, m_max=5)
    assert small.axes[2].get_xlim() == fig.axes[2].get_xlim()
    assert small.axes[1].get_ylim() == fig.axes[1].get_ylim()


def test_window_figure_axes_hold_every_frames_arrows(firth):
    sentence, word2ind, Vc, U = firth
    f = w.naive_softmax_loss_and_gradient
    for m in range(1, 6):
        ax = nf.skipgram_window_figure(sentence, 4, m, word2ind, Vc, U, f, m_max=5).axes[2]
        chain = quivers(ax)[0]
        tips = np.asarray(chain.get_offsets()) + np.column_stack([chain.U, chain.V])
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        assert np.all((tips[:, 0] > x0) & (tips[:, 0] < x1) & (tips[:, 1] > y0) & (tips[:, 1] < y1))
