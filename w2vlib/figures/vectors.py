"""Figures for chapters (b)(iii) and (b)(iv): a gradient step on v_c, and L2 normalisation.

Every figure function takes plain numbers and arrays, computes the math with
``w2vlib`` (the loss, its gradient and y_hat come from ``w2vlib.losses``) and
returns a ``matplotlib.figure.Figure``. Outside vectors are rows, shape
(|V|, d), as everywhere in ``w2vlib``; the pictures are drawn in the plane, so
d = 2 for the figures.

Artists that tests (and readers of this code) need to find carry a ``gid``:
``"u_o"``, ``"u_other"``, ``"v_c"``, ``"v_new"``, ``"Uy"``, ``"step"`` ... .
The colours match ``w2vlib.figures.softmax``: the true outside word is orange,
the other outside words blue, the center vector green, the expected vector red.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator

from ..losses import naive_softmax_loss_and_gradient, naive_softmax_probabilities
from ..normalise import l2_normalise
from ._alt import described, num

TRUE_COLOR = "tab:orange"
OTHER_COLOR = "tab:blue"
CENTER_COLOR = "tab:green"
EXPECTED_COLOR = "tab:red"
NORMALISED_COLOR = "tab:purple"
FIGSIZE = (7.5, 3.4)


def gradient_descent_path(center_vec, outside_idx, outside_vectors, eta, n_steps):
    """Run ``n_steps`` gradient steps v_c <- v_c - eta dJ/dv_c on the naive-softmax loss.

    The gradient is ``naive_softmax_loss_and_gradient`` (= U(y_hat - y)); the
    outside vectors stay fixed. Returns ``(centers, losses, y_hat_o)`` with
    shapes (n_steps + 1, d), (n_steps + 1,), (n_steps + 1,): row t is v_c after
    t steps, J and y_hat_o there (row 0 is the start). Chapter (b)(iii).
    """
    eta = float(eta)
    n_steps = int(n_steps)
    if eta <= 0:
        raise ValueError(f"eta must be > 0, got {eta}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    v = np.asarray(center_vec, dtype=float).copy()
    centers, losses, probs = [], [], []
    for t in range(n_steps + 1):
        loss, grad, _ = naive_softmax_loss_and_gradient(v, outside_idx, outside_vectors)
        centers.append(v.copy())
        losses.append(loss)
        probs.append(naive_softmax_probabilities(v, outside_vectors)[outside_idx])
        if t < n_steps:
            v = v - eta * grad
    return np.array(centers), np.array(losses), np.array(probs)


def _planar(center_vec, outside_idx, outside_vectors):
    v = np.asarray(center_vec, dtype=float)
    U = np.asarray(outside_vectors, dtype=float)
    if v.shape != (2,) or U.ndim != 2 or U.shape[1] != 2:
        raise ValueError(
            "these figures draw the plane: center_vec must have shape (2,) and outside_vectors "
            f"shape (|V|, 2), got {v.shape} and {U.shape}"
        )
    if not 0 <= int(outside_idx) < U.shape[0]:
        raise ValueError(f"outside_idx must be in range(0, {U.shape[0]}), got {outside_idx}")
    return v, int(outside_idx), U


def _arrow(ax, tail, tip, *, color, gid, lw=1.8, style="-|>", ls="-", alpha=1.0, zorder=3):
    """An arrow from tail to tip; returns the Annotation (its .xy is the tip, .xyann the tail)."""
    ann = ax.annotate(
        "",
        xy=tuple(np.asarray(tip, dtype=float)),
        xytext=tuple(np.asarray(tail, dtype=float)),
        arrowprops=dict(
            arrowstyle=style, color=color, lw=lw, linestyle=ls, alpha=alpha, shrinkA=0, shrinkB=0
        ),
        zorder=zorder,
    )
    ann.set_gid(gid)
    return ann


def _outside_arrows(ax, U, o):
    for k, u in enumerate(U):
        if k == o:
            continue
        _arrow(ax, (0, 0), u, color=OTHER_COLOR, gid="u_other", lw=1.2, alpha=0.55)
    _arrow(ax, (0, 0), U[o], color=TRUE_COLOR, gid="u_o", lw=2.6, zorder=4)
    ax.annotate(
        r"$\mathbf{u}_o$", U[o], xytext=(4, 4), textcoords="offset points",
        color=TRUE_COLOR, fontsize=11, fontweight="bold",
    )


def _plane_limits(ax, points, pad=0.35):
    pts = np.vstack([np.zeros((1, 2)), np.asarray(points, dtype=float)])
    lo = pts.min(axis=0) - pad
    hi = pts.max(axis=0) + pad
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal", adjustable="box")
    ax.axhline(0.0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0.0, color="0.85", lw=0.8, zorder=0)
    ax.xaxis.set_major_locator(MultipleLocator(1.0))
    ax.yaxis.set_major_locator(MultipleLocator(1.0))
    ax.tick_params(labelsize=9)


def _plane_legend(ax):
    handles = [
        Line2D([], [], color=TRUE_COLOR, lw=2.6, label=r"true $\mathbf{u}_o$"),
        Line2D([], [], color=OTHER_COLOR, lw=1.2, alpha=0.55, label=r"other $\mathbf{u}_k$"),
        Line2D([], [], color=CENTER_COLOR, lw=2, label=r"$\mathbf{v}_c$"),
        Line2D([], [], color=EXPECTED_COLOR, marker="D", ls="none", label=r"$\mathbf{U}\hat{\mathbf{y}}$"),
    ]
    ax.legend(handles=handles, fontsize=9, loc="best", framealpha=0.85, handlelength=1.4)


def gradient_step_figure(center_vec, outside_idx, outside_vectors, eta, *, eta_max) -> Figure:
    """One gradient step of size ``eta`` on v_c, and the loss along the step's ray (chapter (b)(iii)).

    Left panel (the plane, d = 2): the outside vectors as arrows from the origin
    (u_o orange), v_c (green), the expected vector U y_hat (red diamond), the
    arrow from U y_hat to u_o (its direction is the step's direction, since
    -dJ/dv_c = u_o - U y_hat), and the step itself drawn as its two pieces,
    +eta u_o then -eta U y_hat, ending at the new center vector (dark green).

    Right panel: J(v_c - t g) for 0 <= t <= ``eta_max`` (g = dJ/dv_c from
    ``naive_softmax_loss_and_gradient``), the tangent line J - t ||g||^2, the
    quadratic upper bound J - t ||g||^2 (1 - t L / 2) with L = max_k ||u_k||^2,
    the region t < 2 / L where that bound guarantees a decrease, and the
    current eta marked. The title gives eta, y_hat_o and J before -> after.

    The plane's limits depend on ``eta_max`` but not on ``eta``, so the frames
    of a slider over eta line up. Shapes: center_vec (2,), outside_vectors (|V|, 2).
    """
    v, o, U = _planar(center_vec, outside_idx, outside_vectors)
    eta = float(eta)
    eta_max = float(eta_max)
    if not 0 < eta <= eta_max:
        raise ValueError(f"need 0 < eta <= eta_max, got eta={eta}, eta_max={eta_max}")
    loss, grad, _ = naive_softmax_loss_and_gradient(v, o, U)
    y_hat = naive_softmax_probabilities(v, U)
    expected = U.T @ y_hat
    v_new = v - eta * grad
    loss_new, _, _ = naive_softmax_loss_and_gradient(v_new, o, U)
    p_new = naive_softmax_probabilities(v_new, U)[o]
    g2 = float(grad @ grad)
    lip = float((U**2).sum(axis=1).max())

    fig = Figure(figsize=FIGSIZE, layout="constrained")
    ax, ax_j = fig.subplots(1, 2, width_ratios=[1, 1.1])

    _outside_arrows(ax, U, o)
    _arrow(ax, (0, 0), v, color=CENTER_COLOR, gid="v_c", lw=2.2, zorder=5)
    _arrow(ax, expected, U[o], color=EXPECTED_COLOR, gid="Uy_to_u_o", lw=1.0, ls="--", alpha=0.8)
    ax.plot(*expected, marker="D", ms=6, color=EXPECTED_COLOR, ls="none", gid="Uy", zorder=6)
    mid = v + eta * U[o]
    _arrow(ax, v, mid, color=TRUE_COLOR, gid="plus_eta_u_o", lw=1.4, ls="--")
    _arrow(ax, mid, v_new, color=EXPECTED_COLOR, gid="minus_eta_Uy", lw=1.4, ls="--")
    _arrow(ax, (0, 0), v_new, color="darkgreen", gid="v_new", lw=2.2, zorder=5)
    ax.annotate(r"$\mathbf{v}_c$", v, xytext=(-16, -8), textcoords="offset points",
                color=CENTER_COLOR, fontsize=10)
    ax.annotate(r"new $\mathbf{v}_c$", v_new, xytext=(6, 2), textcoords="offset points",
                color="darkgreen", fontsize=9)
    far = v - eta_max * grad
    _plane_limits(ax, np.vstack([U, v, far, v + eta_max * U[o], expected]))
    _plane_legend(ax)
    ax.set_title(
        rf"$\eta = {eta:.2f}$: $+\eta\,\mathbf{{u}}_o$ then $-\eta\,\mathbf{{U}}\hat{{\mathbf{{y}}}}$",
        fontsize=10,
    )

    ts = np.linspace(0.0, eta_max, 161)
    along = np.array([naive_softmax_loss_and_gradient(v - t * grad, o, U)[0] for t in ts])
    tangent = loss - ts * g2
    bound = loss - ts * g2 * (1.0 - ts * lip / 2.0)
    ax_j.axvspan(0.0, min(2.0 / lip, eta_max), color="0.92", zorder=0,
                 label=r"$\eta < 2/L$: decrease guaranteed")
    ax_j.axhline(loss, color="0.5", lw=0.8, ls=":", zorder=1)
    ax_j.plot(ts, along, color="black", lw=2, label=r"$J(\mathbf{v}_c - \eta\,\mathbf{g})$", gid="along")
    ax_j.plot(ts, tangent, color=EXPECTED_COLOR, lw=1.2, ls="--",
              label=r"tangent $J - \eta\|\mathbf{g}\|^2$", gid="tangent")
    ax_j.plot(ts, bound, color=OTHER_COLOR, lw=1.2, ls="-.",
              label=r"bound $J - \eta\|\mathbf{g}\|^2(1 - \eta L/2)$", gid="bound")
    ax_j.plot([eta], [loss_new], marker="o", ms=7, color="darkgreen", ls="none", gid="current", zorder=5)
    ax_j.axvline(eta, color="darkgreen", lw=0.8, alpha=0.6)
    lo = min(along.min(), 0.0)
    ax_j.set_ylim(lo - 0.1, loss + 0.45 * (loss - lo) + 0.1)
    ax_j.set_xlim(0.0, eta_max)
    ax_j.set_xlabel(r"step size $\eta$", fontsize=9)
    ax_j.set_ylabel("loss after the step", fontsize=9)
    ax_j.tick_params(labelsize=9)
    ax_j.legend(fontsize=9, loc="lower right", framealpha=0.9)
    ax_j.set_title(
        rf"$\hat{{y}}_o$: {y_hat[o]:.3f} → {p_new:.3f},   $J$: {loss:.3f} → {loss_new:.3f}", fontsize=10
    )
    if loss_new < loss:
        change = f"below the starting {num(loss)}"
    else:
        change = f"above the starting {num(loss)}: the step overshoots"
    logits_new = U @ v_new
    rival = int(np.argmax(np.where(np.arange(U.shape[0]) == o, -np.inf, logits_new)))
    lengths = np.linalg.norm(U, axis=1)
    who = "the longest outside vector's" if rival == int(np.argmax(lengths)) else f"outside word {rival}'s"
    if (U @ v)[o] >= (U @ v)[rival] and logits_new[rival] > logits_new[o]:
        logits = f"; {who} logit overtakes the true one"
    else:
        logits = ""
    text = (
        f"η = {eta:.2f}: after one step the loss is {num(loss_new)}, {change}, and ŷ_o goes from "
        f"{num(y_hat[o])} to {num(p_new)}{logits}. The step is +η u_o then −η Uŷ in the plane. "
        f"Along the step's ray the loss curve stays under the quadratic bound, which guarantees a "
        f"decrease for η below 2/L = {num(2.0 / lip)}."
    )
    return described(fig, text)


def gradient_path_figure(center_vec, outside_idx, outside_vectors, eta, step, n_steps) -> Figure:
    """The first ``step`` of ``n_steps`` gradient steps of size ``eta`` on v_c (chapter (b)(iii)).

    Left panel (the plane, d = 2): the outside vectors (u_o orange), the path of
    v_c so far (green dots), v_c after ``step`` steps (green arrow), the
    expected vector U y_hat there (red diamond), the dashed arrow from U y_hat
    to u_o and, parallel to it, the next step eta (u_o - U y_hat) from the tip
    of v_c. Right panel: J and y_hat_o against the step number up to ``step``.
    The title gives step, eta, y_hat_o and J. The path comes from
    ``gradient_descent_path``; all axis limits depend on the whole path of
    ``n_steps`` steps, so the frames of a slider over ``step`` line up.

    Shapes: center_vec (2,), outside_vectors (|V|, 2); 0 <= step <= n_steps.
    """
    v0, o, U = _planar(center_vec, outside_idx, outside_vectors)
    step = int(step)
    if not 0 <= step <= int(n_steps):
        raise ValueError(f"step must be in 0..n_steps = {n_steps}, got {step}")
    # one step beyond n_steps, so the limits also hold the last frame's next-step arrow
    centers, losses, probs = gradient_descent_path(v0, o, U, eta, int(n_steps) + 1)
    v = centers[step]
    y_hat = naive_softmax_probabilities(v, U)
    expected = U.T @ y_hat
    next_step = float(eta) * (U[o] - expected)

    fig = Figure(figsize=FIGSIZE, layout="constrained")
    ax, ax_j = fig.subplots(1, 2, width_ratios=[1.15, 1])

    _outside_arrows(ax, U, o)
    ax.plot(centers[: step + 1, 0], centers[: step + 1, 1], "o-", color=CENTER_COLOR, ms=3.5, lw=1,
            alpha=0.7, gid="path", zorder=4)
    _arrow(ax, (0, 0), v, color=CENTER_COLOR, gid="v_c", lw=2.2, zorder=5)
    _arrow(ax, expected, U[o], color=EXPECTED_COLOR, gid="Uy_to_u_o", lw=1.0, ls="--", alpha=0.8)
    ax.plot(*expected, marker="D", ms=6, color=EXPECTED_COLOR, ls="none", gid="Uy", zorder=6)
    _arrow(ax, v, v + next_step, color="black", gid="step", lw=1.3, ls="-")
    ax.annotate(r"$\mathbf{v}_c$", v, xytext=(-4, 6), textcoords="offset points",
                color=CENTER_COLOR, fontsize=10)
    _plane_limits(ax, np.vstack([U, centers]))
    _plane_legend(ax)
    ax.set_title(r"next step $\eta(\mathbf{u}_o - \mathbf{U}\hat{\mathbf{y}})$ in black", fontsize=10)

    steps = np.arange(step + 1)
    ax_j.plot(steps, losses[: step + 1], "o-", color="black", ms=3.5, lw=1.6,
              label=r"loss $J$", gid="loss")
    ax_j.plot(steps, probs[: step + 1], "s-", color=TRUE_COLOR, ms=3.5, lw=1.6,
              label=r"$\hat{y}_o$", gid="y_hat_o")
    ax_j.set_xlim(-0.5, int(n_steps) + 0.5)
    ax_j.set_ylim(0.0, max(1.0, float(losses[: int(n_steps) + 1].max())) * 1.05)
    ax_j.set_xlabel("gradient steps taken", fontsize=9)
    ax_j.tick_params(labelsize=9)
    ax_j.legend(fontsize=9, loc="center right")
    ax_j.grid(alpha=0.3)
    ax_j.set_title(
        rf"step {step} ($\eta$ = {float(eta):.2f}):  "
        rf"$\hat{{y}}_o$ = {probs[step]:.3f},  $J$ = {losses[step]:.3f}",
        fontsize=10,
    )
    if step == 0:
        done = (
            f"Before any step (η = {float(eta):.2f}) the loss is {num(losses[0])} and ŷ_o is "
            f"{num(probs[0])}"
        )
    else:
        done = (
            f"After {step} gradient step{'s' if step > 1 else ''} of size η = {float(eta):.2f} the loss has "
            f"gone from {num(losses[0])} to {num(losses[step])} and ŷ_o from {num(probs[0])} to "
            f"{num(probs[step])}"
        )
    text = (
        f"{done}; v_c is at ({num(v[0], 2)}, {num(v[1], 2)}). The next step η(u_o − Uŷ), parallel to the "
        f"dashed arrow from Uŷ to u_o, has length {num(np.linalg.norm(next_step), 2)}."
    )
    return described(fig, text)


def _signed(x: float, fmt: str = ".2f") -> str:
    """Format with a true minus sign (U+2212), as in the slider readouts."""
    return format(x, fmt).replace("-", "\u2212")


def normalisation_figure(u_y, alpha, w, *, alpha_range) -> Figure:
    """Raw vs L2-normalised u_x = alpha u_y, and a linear score on both (chapter (b)(iv)).

    Left panel (d = 2): the unit circle, u_y (grey) and u_x = alpha u_y (blue)
    as raw arrows, the normalised u_x / ||u_x|| (purple, on the circle), the tip
    of u_y / ||u_y|| (open circle) and the score direction w (dotted line; beta in the chapter).
    Right panel: the score score(u) = w^T u of the raw vector, alpha w^T u_y, as a
    line over ``alpha_range = (low, high)``, and of the normalised vector,
    sign(alpha) w^T u_y / ||u_y||, as two flat pieces; the current alpha is
    marked on both. The title gives alpha and both scores. alpha = 0 is
    rejected: the zero vector cannot be normalised (``l2_normalise`` raises).

    Shapes: u_y (2,), w (2,); alpha a nonzero number inside alpha_range.
    """
    u_y = np.asarray(u_y, dtype=float)
    w = np.asarray(w, dtype=float)
    if u_y.shape != (2,) or w.shape != (2,):
        raise ValueError(f"u_y and w must have shape (2,), got {u_y.shape} and {w.shape}")
    alpha = float(alpha)
    a_lo, a_hi = float(alpha_range[0]), float(alpha_range[1])
    if not a_lo <= alpha <= a_hi:
        raise ValueError(f"alpha = {alpha} lies outside alpha_range = ({a_lo}, {a_hi})")
    u_x = alpha * u_y
    n_x = l2_normalise(u_x)
    n_y = l2_normalise(u_y)
    raw_score = float(w @ u_x)
    norm_score = float(w @ n_x)

    fig = Figure(figsize=FIGSIZE, layout="constrained")
    ax, ax_s = fig.subplots(1, 2, width_ratios=[1, 1.15])

    theta = np.linspace(0.0, 2.0 * np.pi, 200)
    ax.plot(np.cos(theta), np.sin(theta), color="0.6", lw=1, ls="--", gid="unit_circle")
    reach = max(abs(a_lo), abs(a_hi)) * float(np.linalg.norm(u_y))
    w_dir = l2_normalise(w)
    ax.plot([-reach * w_dir[0], reach * w_dir[0]], [-reach * w_dir[1], reach * w_dir[1]],
            color="0.45", lw=1, ls=":", gid="w_line")
    ax.annotate(r"score direction $\boldsymbol{\beta}$", -reach * w_dir, xytext=(0, -14),
                textcoords="offset points", color="0.35", fontsize=9)
    _arrow(ax, (0, 0), u_y, color="0.55", gid="u_y", lw=2.4)
    # the normalised arrow is wide and underneath, so the raw one stays visible where they overlap
    _arrow(ax, (0, 0), n_x, color=NORMALISED_COLOR, gid="u_x_normalised", lw=4.5, alpha=0.7, zorder=4)
    _arrow(ax, (0, 0), u_x, color=OTHER_COLOR, gid="u_x", lw=1.6, zorder=5)
    ax.plot(*n_y, marker="o", ms=8, mfc="none", mec="0.3", mew=1.4, ls="none", gid="u_y_normalised",
            zorder=6)
    ax.annotate(r"$\mathbf{u}_y$", u_y, xytext=(-20, 4), textcoords="offset points", color="0.4",
                fontsize=10)
    # on a light ground of its own, so the dotted score line does not strike it through
    ax.annotate(r"$\mathbf{u}_x = \alpha\mathbf{u}_y$", u_x, xytext=(4, -12), textcoords="offset points",
                color=OTHER_COLOR, fontsize=9, zorder=7,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    lim = reach + 0.3
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal", adjustable="box")
    ax.axhline(0.0, color="0.88", lw=0.8, zorder=0)
    ax.axvline(0.0, color="0.88", lw=0.8, zorder=0)
    ax.tick_params(labelsize=9)
    ax.legend(
        handles=[
            Line2D([], [], color=OTHER_COLOR, lw=1.8, label=r"raw $\mathbf{u}_x$"),
            Line2D([], [], color=NORMALISED_COLOR, lw=4.5, alpha=0.7,
                   label=r"$\mathbf{u}_x/\|\mathbf{u}_x\|$"),
            Line2D([], [], marker="o", mfc="none", mec="0.3", ls="none",
                   label=r"$\mathbf{u}_y/\|\mathbf{u}_y\|$"),
        ],
        fontsize=9, loc="lower right", framealpha=0.85,
    )
    ax.set_title(r"raw vectors and the unit circle", fontsize=10)

    alphas = np.linspace(a_lo, a_hi, 201)
    ax_s.plot(alphas, alphas * float(w @ u_y), color=OTHER_COLOR, lw=1.6,
              label=r"raw: $\boldsymbol{\beta}^\top\mathbf{u}_x$", gid="raw_line")
    unit_score = float(w @ n_y)
    neg = alphas[alphas < 0]
    pos = alphas[alphas > 0]
    ax_s.plot(neg, np.full(neg.shape, -unit_score), color=NORMALISED_COLOR, lw=2.2,
              label=r"normalised: $\boldsymbol{\beta}^\top\mathbf{u}_x/\|\mathbf{u}_x\|$",
              gid="normalised_neg")
    ax_s.plot(pos, np.full(pos.shape, unit_score), color=NORMALISED_COLOR, lw=2.2, gid="normalised_pos")
    ax_s.plot([0.0, 0.0], [-unit_score, unit_score], ls="none", marker="o", mfc="white",
              mec=NORMALISED_COLOR, ms=6, gid="undefined_at_zero")
    ax_s.plot([alpha], [raw_score], marker="o", ms=8, color=OTHER_COLOR, ls="none", gid="raw_marker",
              zorder=5)
    ax_s.plot([alpha], [norm_score], marker="o", ms=8, color=NORMALISED_COLOR, ls="none",
              gid="normalised_marker", zorder=5)
    ax_s.axvline(alpha, color="0.5", lw=0.8, ls=":")
    ax_s.axhline(0.0, color="0.75", lw=0.8)
    ax_s.set_xlabel(r"magnitude factor $\alpha$ in $\mathbf{u}_x = \alpha\mathbf{u}_y$", fontsize=9)
    ax_s.set_ylabel(r"$\mathrm{score}(\mathbf{u}) = \boldsymbol{\beta}^\top\mathbf{u}$", fontsize=9)
    ax_s.tick_params(labelsize=9)
    ax_s.grid(alpha=0.3)
    ax_s.legend(fontsize=9, loc="upper left", framealpha=0.9)
    ax_s.set_title(
        rf"$\alpha$ = {_signed(alpha)}: raw score {_signed(raw_score)}, "
        rf"normalised score {_signed(norm_score)}",
        fontsize=10,
    )
    side = "along" if alpha > 0 else "opposite to"
    text = (
        f"α = {_signed(alpha)}: the raw vector u_x = α u_y has length "
        f"{num(abs(alpha) * np.linalg.norm(u_y))} and score "
        f"{num(raw_score)}; normalised it is the unit vector {side} u_y, with score "
        f"{num(norm_score)}. Over α from {_signed(a_lo)} to {_signed(a_hi)} the raw score is a straight "
        f"line through 0, while the normalised score takes only two values, ±{num(abs(unit_score))}, "
        f"set by the sign of α."
    )
    return described(fig, text)
