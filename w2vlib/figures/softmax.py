"""Figures for chapters (a), (b)(i) and (b)(ii): the naive-softmax loss and its center gradient.

Every function takes plain numbers and arrays, computes the math with
``w2vlib`` (never re-deriving it here) and returns a ``matplotlib.figure.Figure``.
Outside vectors are rows, shape (|V|, d), as everywhere in ``w2vlib``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..activations import log_softmax, softmax
from ..losses import naive_softmax_loss_and_gradient, naive_softmax_probabilities
from ._alt import described, num

TRUE_COLOR = "tab:orange"
OTHER_COLOR = "tab:blue"
GRAD_COLOR = "tab:red"
CENTER_COLOR = "tab:green"


def _word_labels(words, n: int) -> list[str]:
    if words is None:
        return [str(k) for k in range(n)]
    words = [str(w) for w in words]
    if len(words) != n:
        raise ValueError(f"words must name all {n} words, got {len(words)}")
    return words


def _bar_colors(n: int, outside_idx: int) -> list[str]:
    return [TRUE_COLOR if k == outside_idx else OTHER_COLOR for k in range(n)]


def logit_loss_figure(logits, outside_idx, zo_range, *, words=None) -> Figure:
    """Logits, softmax probabilities and the loss -log y_hat_o, for chapter (a).

    Three panels: the logits z_k = u_k^T v_c as bars, the probabilities
    y_hat = softmax(z) as bars (the true word ``outside_idx`` in orange in
    both), and the loss J = -log y_hat_o as a curve over the true word's logit
    z_o over ``zo_range = (low, high)`` (the other logits held fixed), with the
    current z_o marked. The title gives z_o, y_hat_o and J. The axes limits
    depend only on the other logits and ``zo_range``, so the frames of a slider
    line up.

    Shapes: logits (|V|,); zo_range a pair of numbers.
    """
    z = np.asarray(logits, dtype=float)
    sweep = np.linspace(float(zo_range[0]), float(zo_range[1]), 121)
    n = z.shape[0]
    o = int(outside_idx)
    labels = _word_labels(words, n)
    colors = _bar_colors(n, o)
    y_hat = softmax(z)
    loss = float(-log_softmax(z)[o])

    def loss_at(value):
        zz = z.copy()
        zz[o] = value
        return -log_softmax(zz)[o]

    curve = np.array([loss_at(s) for s in sweep])

    fig = Figure(figsize=(7.5, 3.2), layout="constrained")
    ax_z, ax_p, ax_j = fig.subplots(1, 3, width_ratios=[1, 1, 1.1])

    ax_z.bar(labels, z, color=colors)
    others = np.delete(z, o)
    lo = min(others.min(), sweep.min(), 0.0)
    hi = max(others.max(), sweep.max(), 0.0)
    pad = 0.08 * (hi - lo)
    ax_z.set_ylim(lo - pad, hi + pad)
    ax_z.axhline(0.0, color="0.3", lw=0.8)
    ax_z.set_title(r"logits $z_k = \mathbf{u}_k^\top \mathbf{v}_c$", fontsize=11)

    ax_p.bar(labels, y_hat, color=colors)
    ax_p.set_ylim(0.0, 1.0)
    ax_p.set_title(r"$\hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{z})$", fontsize=11)

    for ax in (ax_z, ax_p):
        ax.tick_params(axis="x", labelrotation=45, labelsize=9)
        ax.tick_params(axis="y", labelsize=9)

    ax_j.plot(sweep, curve, color=GRAD_COLOR, lw=1.8)
    ax_j.plot([z[o]], [loss], "o", color=TRUE_COLOR, ms=7, mec="black")
    ax_j.set_ylim(0.0, 1.05 * curve.max())
    ax_j.set_xlabel(f"$z_o$, logit of the true word '{labels[o]}'", fontsize=10)
    ax_j.set_title(r"loss $J = -\log \hat{y}_o$", fontsize=11)
    ax_j.tick_params(labelsize=9)
    ax_j.grid(alpha=0.3)

    fig.suptitle(
        rf"$z_o$ = {z[o]:.1f}:   $\hat{{y}}_o$ = {y_hat[o]:.3f},   "
        rf"$J = -\log \hat{{y}}_o$ = {loss:.3f}",
        fontsize=12,
    )
    rank = int((y_hat > y_hat[o]).sum())
    top = int(np.argmax(others))
    top = top + (top >= o)
    text = (
        f"With the true word '{labels[o]}' at logit z_o = {num(z[o], 2)}, softmax gives it probability "
        f"{num(y_hat[o])}, "
        + ("the largest of the {n} words" if rank == 0 else f"behind {rank} of the other words").format(n=n)
        + f", and the loss −log ŷ_o is {num(loss)}. The largest other logit is '{labels[top]}' at "
        f"{num(z[top], 2)}. Holding the others fixed, the loss curve falls from {num(curve[0])} at "
        f"z_o = {num(sweep[0], 2)} to {num(curve[-1])} at z_o = {num(sweep[-1], 2)}."
    )
    return described(fig, text)


def _chain(center_vec, outside_idx, outside_vectors):
    """The terms (y_hat_k - y_k) u_k, their running sums and the gradient, from w2vlib."""
    U = np.asarray(outside_vectors, dtype=float)
    y_hat = naive_softmax_probabilities(center_vec, U)
    coef = y_hat.copy()
    coef[outside_idx] -= 1.0
    terms = coef[:, None] * U
    tails = np.vstack([np.zeros(U.shape[1]), np.cumsum(terms, axis=0)[:-1]])
    loss, grad, _ = naive_softmax_loss_and_gradient(center_vec, outside_idx, U)
    return y_hat, coef, terms, tails, grad, loss


def center_gradient_figure(center_vec, outside_idx, outside_vectors, *, words=None, lim=None) -> Figure:
    """The center gradient U(y_hat - y) drawn as a sum of arrows, for chapters (b)(i) and (b)(ii).

    Left panel (d must be 2): the outside vectors u_k as grey arrows (the true
    word's in orange), v_c in green, the terms (y_hat_k - y_k) u_k as thin red
    arrows laid tip to tail starting at the origin, and their sum, the gradient
    dJ/dv_c = U(y_hat - y) from ``naive_softmax_loss_and_gradient``, as a thick
    red arrow. A star marks the model's expected outside vector U y_hat. Right
    panel: the coefficients y_hat_k - y_k as bars. The title gives y_hat_o and
    the gradient's length. ``lim`` fixes the half-width of the square plot
    (default: fit everything), so a slider's frames share one scale.

    Shapes: center_vec (2,), outside_vectors (|V|, 2) (rows, i.e. U transposed).
    """
    U = np.asarray(outside_vectors, dtype=float)
    v = np.asarray(center_vec, dtype=float)
    if U.ndim != 2 or U.shape[1] != 2 or v.shape != (2,):
        raise ValueError(f"center_gradient_figure draws d = 2 only, got v_c {v.shape}, U^T {U.shape}")
    o = int(outside_idx)
    n = U.shape[0]
    labels = _word_labels(words, n)
    y_hat, coef, terms, tails, grad, _ = _chain(v, o, U)
    expected = U.T @ y_hat
    if lim is None:
        pts = np.vstack([U, v, tails, tails + terms, np.zeros(2)])
        lim = 1.15 * float(np.abs(pts).max())

    fig = Figure(figsize=(7.5, 3.9), layout="constrained")
    # two subfigures, so the bars' rotated labels do not shrink the square plane
    sub_plane, sub_bars = fig.subfigures(1, 2, width_ratios=[1.55, 1])
    ax = sub_plane.subplots()
    ax_c = sub_bars.subplots()

    zeros = np.zeros(n)
    out_colors = ["0.6" if k != o else TRUE_COLOR for k in range(n)]
    q = ax.quiver(zeros, zeros, U[:, 0], U[:, 1], color=out_colors, angles="xy",
                  scale_units="xy", scale=1, width=0.008)
    q.set_gid("outside")
    for k in range(n):
        ax.annotate(labels[k], U[k], xytext=(3, 3), textcoords="offset points", fontsize=9,
                    color="black" if k != o else TRUE_COLOR)
    q = ax.quiver([0.0], [0.0], [v[0]], [v[1]], color=CENTER_COLOR, angles="xy",
                  scale_units="xy", scale=1, width=0.01)
    q.set_gid("center")
    q = ax.quiver(tails[:, 0], tails[:, 1], terms[:, 0], terms[:, 1], color=GRAD_COLOR,
                  alpha=0.55, angles="xy", scale_units="xy", scale=1, width=0.006)
    q.set_gid("terms")
    q = ax.quiver([0.0], [0.0], [grad[0]], [grad[1]], color=GRAD_COLOR, angles="xy",
                  scale_units="xy", scale=1, width=0.014)
    q.set_gid("gradient")
    ax.plot([expected[0]], [expected[1]], "*", color="black", ms=10, label=r"$\mathbf{U}\hat{\mathbf{y}}$")
    ax.plot([], [], color=CENTER_COLOR, lw=2, label=r"$\mathbf{v}_c$")
    ax.plot([], [], color=GRAD_COLOR, lw=1, alpha=0.55, label=r"$(\hat{y}_k - y_k)\,\mathbf{u}_k$")
    ax.plot([], [], color=GRAD_COLOR, lw=3, label=r"$\partial J / \partial \mathbf{v}_c$")
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    ax.tick_params(labelsize=9)

    ax_c.bar(labels, coef, color=_bar_colors(n, o))
    ax_c.axhline(0.0, color="0.3", lw=0.8)
    ax_c.set_ylim(-1.0, 1.0)
    ax_c.set_title(r"coefficients $\hat{y}_k - y_k$", fontsize=11)
    ax_c.tick_params(axis="x", labelrotation=45, labelsize=9)
    ax_c.tick_params(axis="y", labelsize=9)

    fig.suptitle(
        rf"$\hat{{y}}_o$ = {y_hat[o]:.3f},   "
        rf"$\|\partial J / \partial \mathbf{{v}}_c\|$ = {np.linalg.norm(grad):.3f}",
        fontsize=12,
    )
    return described(fig, _center_gradient_text(v, o, U, labels, y_hat, coef, grad))


def _center_gradient_text(v, o, U, labels, y_hat, coef, grad) -> str:
    """The words of ``center_gradient_figure``, from the numbers it draws."""
    norm = float(np.linalg.norm(grad))
    # the terms are at most max ||u_k|| long; a sum far below that is round-off
    zero = norm < 64 * np.finfo(float).eps * float(np.abs(U).max())
    k = max((j for j in range(len(coef)) if j != o), key=lambda j: coef[j])
    text = (
        f"The center vector v_c = ({num(v[0], 2)}, {num(v[1], 2)}) and the outside vectors of "
        f"{', '.join(labels)} as arrows in the plane. The true word '{labels[o]}' gets ŷ_o = "
        f"{num(y_hat[o])}, so its coefficient ŷ_o − 1 is {num(coef[o])}; the largest other coefficient "
        f"is '{labels[k]}' with {num(coef[k])}. "
    )
    if zero:
        return text + (
            "Laid tip to tail the terms (ŷ_k − y_k) u_k return to the origin: the gradient is zero "
            "(up to round-off), and the expected vector Uŷ sits exactly on u_o."
        )
    descent = -grad / norm
    cos = float(descent @ U[o]) / float(np.linalg.norm(U[o]))
    angle = float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
    return text + (
        f"Laid tip to tail the terms (ŷ_k − y_k) u_k add up to the gradient, of length {num(norm)}; "
        f"the descent direction −∂J/∂v_c makes an angle of {angle:.0f}° with u_o."
    )


def gradient_shrink_figure(ts, t, direction, outside_idx, outside_vectors, *, words=None) -> Figure:
    """How the center gradient shrinks as y_hat approaches y along v_c = t * direction, chapter (b)(ii).

    Left panel: y_hat at v_c = t * direction as bars (the true word in orange)
    with the one-hot y drawn as black outlines. Right panel, log scale, over
    every t in ``ts``: the gradient's length ||U(y_hat - y)|| and the gap
    1 - y_hat_o, both from w2vlib, with the current ``t`` marked on each.
    The title gives t, 1 - y_hat_o and the gradient's length.

    Shapes: ts (n,), t a number, direction (d,), outside_vectors (|V|, d).
    """
    U = np.asarray(outside_vectors, dtype=float)
    a = np.asarray(direction, dtype=float)
    ts = np.asarray(ts, dtype=float)
    o = int(outside_idx)
    n = U.shape[0]
    labels = _word_labels(words, n)

    def at(s):
        _, g, _ = naive_softmax_loss_and_gradient(s * a, o, U)
        p = naive_softmax_probabilities(s * a, U)
        return float(np.linalg.norm(g)), 1.0 - float(p[o]), p

    norms, gaps = np.array([at(s)[:2] for s in ts]).T
    norm_t, gap_t, y_hat = at(t)
    y = np.zeros(n)
    y[o] = 1.0

    fig = Figure(figsize=(7.5, 3.2), layout="constrained")
    ax_p, ax_g = fig.subplots(1, 2, width_ratios=[1, 1.2])
    ax_p.bar(labels, y_hat, color=_bar_colors(n, o), label=r"$\hat{\mathbf{y}}$")
    ax_p.bar(labels, y, fill=False, edgecolor="black", lw=1.2, label=r"$\mathbf{y}$")
    ax_p.set_ylim(0.0, 1.1)
    ax_p.legend(fontsize=9, loc="upper right")
    ax_p.set_title(r"prediction $\hat{\mathbf{y}}$ and target $\mathbf{y}$", fontsize=11)
    ax_p.tick_params(axis="x", labelrotation=45, labelsize=9)
    ax_p.tick_params(axis="y", labelsize=9)

    ax_g.semilogy(ts, norms, color=GRAD_COLOR, lw=1.8,
                  label=r"$\|\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})\|$")
    ax_g.semilogy(ts, gaps, color="0.4", lw=1.5, ls="--", label=r"$1 - \hat{y}_o$")
    ax_g.plot([t], [norm_t], "o", color=GRAD_COLOR, mec="black", ms=7)
    ax_g.plot([t], [gap_t], "o", color="0.4", mec="black", ms=6)
    ax_g.set_xlabel(r"$t$, where $\mathbf{v}_c = t\,\mathbf{a}$", fontsize=10)
    ax_g.legend(fontsize=9, loc="lower left")
    ax_g.grid(alpha=0.3, which="both")
    ax_g.tick_params(labelsize=9)
    ax_g.set_title("shrinks toward 0, never reaches it", fontsize=11)

    fig.suptitle(
        rf"$t$ = {t:.1f}:   $1 - \hat{{y}}_o$ = {gap_t:.1e},   "
        rf"$\|\partial J / \partial \mathbf{{v}}_c\|$ = {norm_t:.1e}",
        fontsize=12,
    )
    text = (
        f"At t = {num(t, 2)} (v_c = t a) the prediction gives the true word '{labels[o]}' ŷ_o = "
        f"{num(y_hat[o])}: the gap 1 − ŷ_o is {num(gap_t, 2)} and the gradient's length is "
        f"{num(norm_t, 2)}. On a log scale over t from {num(ts[0], 2)} to {num(ts[-1], 2)} the gradient's "
        f"length falls from {num(norms[0], 2)} to {num(norms[-1], 2)} and the gap from {num(gaps[0], 2)} "
        f"to {num(gaps[-1], 2)}: both shrink toward 0 and never reach it."
    )
    return described(fig, text)
