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


def _hull_2d(points) -> np.ndarray:
    """The convex hull of 2-D points, its vertices counter-clockwise (Andrew's monotone chain)."""
    pts = sorted(map(tuple, np.asarray(points, dtype=float)))

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1])


def hull_position(point, other_vectors, *, tol=1e-12) -> str:
    """Where a 2-D point lies relative to the convex hull of ``other_vectors``.

    Returns ``"inside"`` (the interior, which in the plane is the relative
    interior when the others span it), ``"edge"`` (on the boundary) or
    ``"outside"``. The other vectors, rows of shape (n, 2), must not all lie on
    one line, so that their hull is a polygon.
    """
    p = np.asarray(point, dtype=float)
    others = np.asarray(other_vectors, dtype=float)
    if p.shape != (2,) or others.ndim != 2 or others.shape[1] != 2:
        raise ValueError(f"hull_position works in the plane, got point {p.shape}, others {others.shape}")
    hull = _hull_2d(others)
    if len(hull) < 3:
        raise ValueError("other_vectors must not all lie on one line: their hull would have no interior")
    scale = max(1.0, float(np.abs(others).max()), float(np.abs(p).max()))
    sides = []
    for a, b in zip(hull, np.roll(hull, -1, axis=0), strict=True):
        edge, rel = b - a, p - a
        sides.append((edge[0] * rel[1] - edge[1] * rel[0]) / scale**2)
    sides = np.array(sides)
    if np.any(sides < -tol):
        return "outside"
    return "inside" if np.all(sides > tol) else "edge"


def _minimiser(U, steps=100):
    """Newton's method with backtracking on J(v_c) for outside word 0; the point and its gradient norm."""
    v = np.zeros(U.shape[1])
    for _ in range(steps):
        loss, g, _ = naive_softmax_loss_and_gradient(v, 0, U)
        y_hat = naive_softmax_probabilities(v, U)
        hess = U.T @ (np.diag(y_hat) - np.outer(y_hat, y_hat)) @ U
        step = np.linalg.lstsq(hess, g, rcond=None)[0]
        t, slope = 1.0, 0.25 * float(g @ step)
        while t > 1e-10 and naive_softmax_loss_and_gradient(v - t * step, 0, U)[0] > loss - t * slope:
            t /= 2
        v = v - t * step
    return v, float(np.linalg.norm(naive_softmax_loss_and_gradient(v, 0, U)[1]))


def hull_minimum_figure(true_vec, other_vectors, *, words=None, v_lim=3.0, n_grid=121) -> Figure:
    """Whether J(v_c) has a minimum, decided by where u_o sits, for chapter (b)(ii).

    Left panel: the other outside vectors (grey arrows) with their convex hull
    shaded, and the true word's vector u_o (orange). Right panel: the loss
    J(v_c) = -log y_hat_o as filled contours over the square |v_1|, |v_2| <=
    ``v_lim``. When u_o is inside the hull, the minimiser (found by Newton's
    method, where the gradient is below 1e-9) is marked with a star; when u_o
    is on the hull's edge or outside it, the gradient is never zero, so the
    convex J takes its minimum over the square on the border; the lowest
    border point is marked with a triangle. The title says which case it is.

    Shapes: true_vec (2,), other_vectors (n, 2) with n >= 3 not on one line.
    """
    u_o = np.asarray(true_vec, dtype=float)
    others = np.asarray(other_vectors, dtype=float)
    case = hull_position(u_o, others)
    U = np.vstack([u_o, others])
    n = U.shape[0]
    labels = _word_labels(words, n)
    hull = _hull_2d(others)

    axis = np.linspace(-v_lim, v_lim, n_grid)
    g1, g2 = np.meshgrid(axis, axis)
    z = np.stack([g1.ravel(), g2.ravel()], axis=1) @ U.T
    loss = (np.logaddexp.reduce(z, axis=1) - z[:, 0]).reshape(g1.shape)

    fig = Figure(figsize=(7.5, 3.5), layout="constrained")
    ax, ax_j = fig.subplots(1, 2)
    ax.fill(hull[:, 0], hull[:, 1], color="0.88", zorder=0, gid="hull")
    m = len(others)
    q = ax.quiver(np.zeros(m), np.zeros(m), others[:, 0], others[:, 1], color="0.55", angles="xy",
                  scale_units="xy", scale=1, width=0.008)
    q.set_gid("others")
    q = ax.quiver([0.0], [0.0], [u_o[0]], [u_o[1]], color=TRUE_COLOR, angles="xy",
                  scale_units="xy", scale=1, width=0.011)
    q.set_gid("true")
    for k in range(n):
        ax.annotate(labels[k], U[k], xytext=(3, 3), textcoords="offset points", fontsize=9,
                    color=TRUE_COLOR if k == 0 else "black")
    reach = 1.35 * max(float(np.abs(others).max()), float(np.abs(u_o).max()), 1e-9)
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-reach, reach)
    ax.set_aspect("equal")
    ax.tick_params(labelsize=9)
    ax.set_title(r"outside vectors; the others' hull shaded", fontsize=11)

    ax_j.contourf(g1, g2, loss, levels=20, cmap="viridis")
    ax_j.set_aspect("equal")
    ax_j.set_xlabel(r"$v_1$", fontsize=10)
    ax_j.set_ylabel(r"$v_2$", fontsize=10)
    ax_j.tick_params(labelsize=9)
    if case == "inside":
        best, gnorm = _minimiser(U)
        if gnorm > 1e-9:
            raise RuntimeError(f"Newton's method did not reach a zero gradient (|g| = {gnorm:.1e})")
        ax_j.plot([best[0]], [best[1]], "*", color="white", mec="black", ms=14, ls="none", gid="minimum")
        where = "minimum (star)" if np.all(np.abs(best) <= v_lim) else "minimum beyond the square"
        ax_j.set_title(rf"loss $J(\mathbf{{v}}_c)$: a {where}", fontsize=11)
    else:
        # J is convex without a minimiser, so its minimum over the square lies on the border
        border = np.zeros(g1.shape, dtype=bool)
        border[[0, -1], :] = border[:, [0, -1]] = True
        i = int(np.argmin(np.where(border, loss, np.inf)))
        low = (g1.ravel()[i], g2.ravel()[i])
        ax_j.plot([low[0]], [low[1]], "v", color="white", mec="black", ms=10, ls="none", gid="lowest",
                  clip_on=False)
        ax_j.set_title(r"loss $J(\mathbf{v}_c)$: no minimum, falls to the border", fontsize=11)
    ax_j.set_xlim(-v_lim, v_lim)
    ax_j.set_ylim(-v_lim, v_lim)

    place = {"inside": "inside", "edge": "on the edge of", "outside": "outside"}[case]
    fig.suptitle(rf"$\mathbf{{u}}_o$ = ({u_o[0]:.2f}, {u_o[1]:.2f}) lies {place} the others' hull",
                 fontsize=12)
    others_text = ", ".join(f"{labels[k]} ({num(U[k, 0], 2)}, {num(U[k, 1], 2)})" for k in range(1, n))
    if case == "inside":
        found = (f"J has a minimum at v_c = ({num(best[0], 2)}, {num(best[1], 2)}), marked with a star"
                 if np.all(np.abs(best) <= v_lim) else "J has a minimum, beyond the square shown")
    else:
        found = (f"the gradient is never zero, so J has no minimum: over the square it is lowest on the "
                 f"border, at ({num(low[0], 2)}, {num(low[1], 2)}), marked with a triangle")
    text = (
        f"Left: the outside vectors {others_text} as grey arrows with their convex hull shaded, and the "
        f"true word '{labels[0]}' at u_o = ({num(u_o[0], 2)}, {num(u_o[1], 2)}) in orange, {place} that "
        f"hull. Right: the loss J(v_c) as filled contours over |v_1|, |v_2| <= {num(v_lim, 2)}, from "
        f"{num(loss.min())} to {num(loss.max())}; {found}."
    )
    return described(fig, text)
