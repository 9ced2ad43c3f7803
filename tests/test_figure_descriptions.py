"""Every figure's text alternative says what its picture shows, with the same numbers.

Each case builds a figure with a ``w2vlib.figures`` function and reads numbers
two ways: from the description (``describe(fig)``, the alt text of the book's
images) and from the drawn artists (bar heights, marker positions, arrow
lengths, image arrays). The description's number must be the drawn number
written with ``num``, digit for digit, so text and picture cannot disagree.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.quiver import Quiver

import w2vlib as w
from w2vlib.figures import describe
from w2vlib.figures import gradients as gf
from w2vlib.figures import negsampling as nf
from w2vlib.figures import softmax as sf
from w2vlib.figures import training as tf
from w2vlib.figures import vectors as vf
from w2vlib.figures._alt import described, num

NUMBER = r"(−?[0-9]+(?:\.[0-9]+)?(?:e−?[0-9]+)?)"
WORDS = ["coffee", "tea", "car", "sky", "run"]
ANGLES = np.deg2rad([15, 100, 170, 235, 300])
PLANE = np.c_[[1.6, 1.0, 1.2, 0.9, 1.1] * np.cos(ANGLES), [1.6, 1.0, 1.2, 0.9, 1.1] * np.sin(ANGLES)]
V_C = np.array([0.3, 1.2])
RNG_U = np.random.default_rng(7).normal(0.0, 0.8, (12, 2))
RNG_V = np.array([0.4, -0.9])
SENTENCE = "you shall know a word by the company it keeps".split()
WORD2IND = {t: i for i, t in enumerate(sorted(set(SENTENCE)))}
SG_V = np.random.default_rng(3).normal(0, 0.7, (10, 2))
SG_U = np.random.default_rng(4).normal(0, 0.7, (10, 2))


def said(fig, pattern: str) -> list[str]:
    """The numbers the description gives where ``pattern`` (with {n} for a number) matches."""
    found = re.search(pattern.replace("{n}", NUMBER), describe(fig))
    assert found, f"{pattern!r} not in {describe(fig)!r}"
    return list(found.groups())


def gid(fig, name):
    (artist,) = fig.findobj(lambda a: a.get_gid() == name)
    return artist


def axes(fig):
    return [ax for sub in fig.subfigs for ax in sub.axes] or fig.axes


def heights(ax):
    return np.array([p.get_height() for p in ax.patches])


def quiver_lengths(ax):
    (q,) = [c for c in ax.collections if isinstance(c, Quiver) and c.get_gid() is None][-1:]
    return np.hypot(q.U, q.V)


def case_logit_loss():
    z = np.array([1.2, 3.0, -0.3, 0.5, 0.8, -1.0])
    fig = sf.logit_loss_figure(z, 1, (-3.0, 6.0), words=["the", "cat", "sat", "on", "mat", "dog"])
    ax_z, ax_p, ax_j = fig.axes
    (p,) = said(fig, r"probability {n},")
    (loss,) = said(fig, r"the loss −log ŷ_o is {n}\.")
    start, end = said(fig, r"curve falls from {n} at z_o = −3.0 to {n} at")
    return fig, [
        (p, heights(ax_p)[1], 3),
        (loss, ax_j.lines[1].get_ydata()[0], 3),
        (start, ax_j.lines[0].get_ydata()[0], 3),
        (end, ax_j.lines[0].get_ydata()[-1], 3),
    ]


def case_center_gradient():
    fig = sf.center_gradient_figure(V_C, 0, PLANE, words=WORDS)
    ax, ax_c = axes(fig)
    (coef,) = said(fig, r"coefficient ŷ_o − 1 is {n};")
    (length,) = said(fig, r"gradient, of length {n};")
    q = gid(fig, "gradient")
    return fig, [(coef, heights(ax_c)[0], 3), (length, np.hypot(q.U[0], q.V[0]), 3)]


def case_center_gradient_zero():
    others = np.array([[1.0, 1.4], [-1.6, 0.6], [-0.6, -1.5], [1.3, -0.9]])
    v = np.array([0.6, 0.5])
    plane = np.vstack([w.softmax(others @ v) @ others, others])
    fig = sf.center_gradient_figure(v, 0, plane, words=WORDS)
    assert "the gradient is zero (up to round-off)" in describe(fig)
    q = gid(fig, "gradient")
    assert np.hypot(q.U[0], q.V[0]) < 1e-12
    (coef,) = said(fig, r"coefficient ŷ_o − 1 is {n};")
    return fig, [(coef, heights(axes(fig)[1])[0], 3)]


def case_gradient_shrink():
    fig = sf.gradient_shrink_figure(np.linspace(0, 6, 61), 2.0, np.array([1.0, 0.5]), 0, PLANE, words=WORDS)
    ax_p, ax_g = fig.axes
    gap, length = said(fig, r"the gap 1 − ŷ_o is {n} and the gradient's length is {n}\.")
    return fig, [(gap, ax_g.lines[3].get_ydata()[0], 2), (length, ax_g.lines[2].get_ydata()[0], 2)]


def case_gradient_step():
    fig = vf.gradient_step_figure(np.array([-0.8, -0.7]), 0, PLANE, 3.0, eta_max=3.5)
    (after,) = said(fig, r"after one step the loss is {n},")
    (before,) = said(fig, r"the starting {n}")
    along = gid(fig, "along").get_ydata()
    return fig, [(after, gid(fig, "current").get_ydata()[0], 3), (before, along[0], 3)]


def case_gradient_path():
    fig = vf.gradient_path_figure(np.array([0.3, 0.2]), 0, PLANE, 0.5, 3, 10)
    first, last = said(fig, r"the loss has gone from {n} to {n} and")
    loss = gid(fig, "loss").get_ydata()
    p0, p3 = said(fig, r"ŷ_o from {n} to {n};")
    probs = gid(fig, "y_hat_o").get_ydata()
    return fig, [(first, loss[0], 3), (last, loss[-1], 3), (p0, probs[0], 3), (p3, probs[-1], 3)]


def case_normalisation():
    fig = vf.normalisation_figure(np.array([1.0, 0.5]), -1.5, np.array([0.3, 1.0]), alpha_range=(-2.5, 2.5))
    raw, normalised = said(fig, r"and score {n}; .* with score {n}\.")
    return fig, [
        (raw, gid(fig, "raw_marker").get_ydata()[0], 3),
        (normalised, gid(fig, "normalised_marker").get_ydata()[0], 3),
    ]


def case_outside_heatmap():
    fig = gf.outside_gradient_heatmap(V_C, 0, PLANE, words=WORDS)
    (p,) = said(fig, r"'coffee' has ŷ_o = {n},")
    (row,) = said(fig, r"its row is −?[0-9.]+ v_c, of length {n};")
    rows = gid(fig, "heatmap").get_array()
    bars = [b.get_width() for b in fig.findobj(lambda a: a.get_gid() == "y-hat")]
    return fig, [(p, bars[0], 3), (row, np.linalg.norm(rows[0]), 3)]


def case_outer_product():
    fig = gf.outer_product_heatmap(V_C, 0, PLANE, words=WORDS)
    (largest,) = said(fig, r"largest entry is {n},")
    (image,) = [a for a in fig.findobj(AxesImage) if a.get_gid() == "heatmap"]
    G = np.asarray(image.get_array())
    return fig, [(largest, G.flat[np.argmax(np.abs(G))], 3)]


def case_leaky_relu():
    fig = gf.leaky_relu_figure(0.2)
    (value,) = said(fig, r"leaky_relu_grad returns {n} at 0")
    return fig, [(value, gid(fig, "code-choice").get_ydata()[0], 2)]


def case_sigmoid():
    fig = gf.sigmoid_tangent_figure(1.5)
    s, slope = said(fig, r"σ\(x\) = {n} and .* = {n}, ")
    ax_s, ax_d = fig.axes
    (point_s,) = [ln for ln in ax_s.lines if ln.get_gid() == "point"]
    (point_d,) = [ln for ln in ax_d.lines if ln.get_gid() == "point"]
    return fig, [(s, point_s.get_ydata()[0], 3), (slope, point_d.get_ydata()[0], 3)]


def case_neg_sampling_k():
    fig = nf.neg_sampling_k_figure(RNG_V, 0, RNG_U, np.array([3, 5, 7, 9, 11]), 4)
    (loss,) = said(fig, r"the loss is J = {n},")
    ax_arrows, ax_bars = fig.axes
    loss_bars = ax_bars.containers[0]
    return fig, [(loss, sum(b.get_height() for b in loss_bars), 3)]


def case_repeated_negative():
    fig = nf.repeated_negative_figure(RNG_V, 0, RNG_U, [4, 7], 2, 3, k_max=6, lr=0.5)
    (loss,) = said(fig, r"The loss is J = {n},")
    ax_arrows, ax_bars = fig.axes
    return fig, [(loss, heights(ax_bars).sum(), 3)]


def case_sequential_gap():
    lrs = np.geomspace(1e-3, 1.0, 7)
    fig = nf.sequential_gap_figure(RNG_V, 0, RNG_U, np.array([3, 3, 5]), lrs)
    lo, hi = said(fig, r"the gap grows from {n} to {n},")
    gaps = fig.axes[0].lines[0].get_ydata()
    return fig, [(lo, gaps[0], 2), (hi, gaps[-1], 2)]


def case_skipgram_window():
    fig = nf.skipgram_window_figure(SENTENCE, 4, 2, WORD2IND, SG_V, SG_U, w.naive_softmax_loss_and_gradient)
    (total,) = said(fig, r"the skip-gram loss, is {n}\.")
    parts = re.findall(r"\(j = [−+]\d\) " + NUMBER, describe(fig))
    bars = heights(fig.axes[1])
    assert parts == [num(b) for b in bars]
    return fig, [(total, bars.sum(), 3)]


def case_loss_curve():
    fig = tf.loss_curve_figure({"ours": [2.5, 2.1, 1.97]}, ylabel="mean loss", title="Training loss")
    first, last = said(fig, r"ours: {n} after epoch 1, {n} after epoch 3 \(falling every epoch\)")
    y = gid(fig, "loss:ours").get_ydata()
    return fig, [(first, y[0], 3), (last, y[-1], 3)]


def case_crossover():
    fig = tf.crossover_figure([100, 1000, 10000], [1e-6, 8e-6, 9e-5], 5e-6, 5, 600.0)
    (flat,) = said(fig, r"stays flat at {n} s")
    (where,) = said(fig, r"exceeds about {n}\.")
    return fig, [(flat, gid(fig, "measured:negative sampling").get_ydata()[0], 2), (where, 600.0, 2)]


def case_loglog_timing():
    fig = tf.loglog_timing_figure(
        [10, 100, 1000], {"softmax": [1e-6, 1.1e-5, 1.3e-4]}, {"softmax": (1.03, -16.0, 10, 1000)},
        xlabel="$|V|$", title="Cost",
    )
    lo, hi, slope = said(fig, r"softmax from {n} to {n} s, fitted slope {n}")
    y = gid(fig, "measured:softmax").get_ydata()
    return fig, [(lo, y[0], 2), (hi, y[-1], 2), (slope, 1.03, 2)]


def case_projection():
    words = ["king", "queen", "car", "bus"]
    coords = np.array([[0.0, 1.0], [0.2, 1.1], [2.0, -1.0], [2.1, -0.8]])
    fig = tf.projection_figure([(coords, "epoch 3")], words, [0, 0, 1, 1])
    (ratio,) = said(fig, r"centres lie {n} times as far apart")
    xy = gid(fig, "words:0").get_offsets()
    centres = np.array([xy[:2].mean(axis=0), xy[2:].mean(axis=0)])
    spread = np.mean([np.linalg.norm(xy[:2] - centres[0], axis=1).mean(),
                      np.linalg.norm(xy[2:] - centres[1], axis=1).mean()])
    assert "group 1: king, queen; group 2: car, bus" in describe(fig)
    return fig, [(ratio, np.linalg.norm(centres[0] - centres[1]) / spread, 2)]


def case_hull_minimum_inside():
    others = np.array([[1.0, 0.2], [-0.6, 1.0], [-0.5, -1.1]])
    fig = sf.hull_minimum_figure(np.array([0.1, 0.05]), others, words=["o", "a", "b", "c"])
    assert "inside that hull" in describe(fig) and "marked with a star" in describe(fig)
    x, y = said(fig, r"minimum at v_c = \({n}, {n}\)")
    star = gid(fig, "minimum")
    return fig, [(x, star.get_xdata()[0], 2), (y, star.get_ydata()[0], 2)]


def case_hull_minimum_outside():
    others = np.array([[1.0, 0.2], [-0.6, 1.0], [-0.5, -1.1]])
    fig = sf.hull_minimum_figure(np.array([2.0, 1.5]), others, words=["o", "a", "b", "c"])
    assert "outside that hull" in describe(fig) and "never zero" in describe(fig)
    x, y = said(fig, r"on the border, at \({n}, {n}\)")
    low = gid(fig, "lowest")
    return fig, [(x, low.get_xdata()[0], 2), (y, low.get_ydata()[0], 2)]


def case_trained_vectors():
    rng = np.random.default_rng(5)
    pmi = rng.normal(0.0, 1.0, 200)
    scores = pmi + rng.normal(0.0, 0.3, 200)
    counts = rng.uniform(1.0, 8.0, 300)
    norms = 0.5 + 0.2 * counts + rng.normal(0.0, 0.1, 300)
    fig = tf.trained_vectors_figure(pmi, scores, counts, norms, K=5)
    (r,) = said(fig, r"correlation {n}, the points")
    lo, hi = said(fig, r"lengths from {n} to {n};")
    words = gid(fig, "words").get_offsets()
    pairs = gid(fig, "pairs").get_offsets()
    drawn_r = np.corrcoef(pairs[:, 0], pairs[:, 1])[0, 1]
    return fig, [(r, drawn_r, 2), (lo, words[:, 1].min(), 2), (hi, words[:, 1].max(), 2)]


CASES = {name.removeprefix("case_"): fn for name, fn in dict(globals()).items() if name.startswith("case_")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_description_gives_the_numbers_the_figure_draws(name):
    _, pairs = CASES[name]()
    assert pairs
    for text, drawn, digits in pairs:
        assert text == num(drawn, digits), f"{name}: the text says {text}, the figure draws {drawn}"


def test_every_figure_function_is_covered():
    modules = (sf, vf, gf, nf, tf)
    functions = {n for m in modules for n in dir(m) if n.endswith(("_figure", "_heatmap")) and n[0] != "_"}
    covered = {
        "logit_loss_figure", "center_gradient_figure", "gradient_shrink_figure", "gradient_step_figure",
        "gradient_path_figure", "normalisation_figure", "outside_gradient_heatmap", "outer_product_heatmap",
        "leaky_relu_figure", "sigmoid_tangent_figure", "neg_sampling_k_figure", "repeated_negative_figure",
        "sequential_gap_figure", "skipgram_window_figure", "loss_curve_figure", "crossover_figure",
        "loglog_timing_figure", "projection_figure", "hull_minimum_figure", "trained_vectors_figure",
    }
    assert functions == covered


def significant_digits(token: str) -> int:
    mantissa = token.replace("−", "").split("e")[0]
    return len(mantissa.replace(".", "").lstrip("0"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_descriptions_print_at_most_three_significant_digits(name):
    fig, _ = CASES[name]()
    # decimals and exponents; whole numbers (counts, positions, sizes) are exact
    tokens = re.findall(r"(?<![\w.])−?\d+\.\d+(?:e−?\d+)?|(?<![\w.])\d+e−?\d+", describe(fig))
    too_long = [t for t in tokens if significant_digits(t) > 3]
    assert not too_long, f"{name}: {too_long} in {describe(fig)!r}"


def test_step_description_reads_like_the_book_example():
    U = np.array([[1.0, 0.2], [2.4, -1.0], [-0.5, 1.0]])
    fig = vf.gradient_step_figure(np.array([0.5, 0.3]), 0, U, 3.0, eta_max=3.5)
    text = describe(fig)
    assert text.startswith("η = 3.00: after one step the loss is ")
    loss_before = w.naive_softmax_loss_and_gradient(np.array([0.5, 0.3]), 0, U)[0]
    assert f"the starting {num(loss_before)}" in text


def test_num_is_portable_and_readable():
    assert num(3.0312) == "3.03"
    assert num(-0.1234) == "−0.123"
    assert num(1234.5) == "1230"
    assert num(0.00012345) == "1.23e−4"
    assert num(1e5) == "100,000" and num(123456) == "123,000"
    assert num(2.5e9) == "2.50e9"
    assert num(2.0, 2) == "2.0"
    assert num(0.0) == "0"
    with pytest.raises(ValueError, match="finite"):
        num(float("nan"))


def test_described_rejects_an_empty_description():
    with pytest.raises(ValueError, match="must say what the figure shows"):
        described(Figure(), "  ")
    with pytest.raises(ValueError, match="has no description"):
        describe(Figure())
