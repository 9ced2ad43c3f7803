"""Figures for chapters (c)-(f): the outside-vector gradients, dJ/dU, Leaky ReLU and the sigmoid.

Every function takes plain numbers or arrays and returns a
``matplotlib.figure.Figure`` built without pyplot state. The math shown comes
from ``w2vlib`` (no formula is re-derived here). Outside vectors are passed in
the library's row layout, shape (|V|, d). Artists the tests look for carry a
``gid`` (for example ``"heatmap"`` or ``"tangent"``).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import w2vlib

from ._alt import described, num

FIGSIZE = (7.5, 3.2)
CMAP = "RdBu_r"  # diverging: red positive, blue negative, white at 0
TRUE_COLOR = "tab:orange"
OTHER_COLOR = "0.6"


def _words(words, size):
    if words is None:
        return [f"w{k}" for k in range(size)]
    words = [str(w) for w in words]
    if len(words) != size:
        raise ValueError(f"words must name all {size} outside words, got {len(words)}")
    return words


def _limit(values, vmax):
    """Half-width of a colour scale centred at 0: ``vmax`` if given, else max |values|."""
    if vmax is None:
        vmax = float(np.max(np.abs(values)))
    vmax = float(vmax)
    if not vmax > 0:
        # an all-zero matrix still needs a non-degenerate colour scale
        vmax = 1.0
    return vmax


def _annotate(ax, matrix, vmax):
    """Write each cell's value into a heatmap, dark text on light cells, white on dark."""
    for (i, j), value in np.ndenumerate(matrix):
        color = "white" if abs(value) > 0.6 * vmax else "black"
        ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9, color=color)


def outside_gradient_heatmap(center_vec, outside_idx, outside_vectors, *, words=None, vmax=None, title=None):
    """Heatmap of every outside-vector gradient dJ/du_w, one row per word, with y_hat beside it.

    Row w of the heatmap is dJ/du_w = (y_hat_w - y_w) v_c (chapter c), taken
    from ``w2vlib.naive_softmax_loss_and_gradient`` (so the picture is the
    (|V|, d) row layout, the transpose of dJ/dU). The colour map is diverging
    and centred at 0 with limits +/- ``vmax`` (default: the largest |entry|;
    pass one value for all frames of a slider so colours compare). The row of
    the true word o is outlined. The right panel shows y_hat as horizontal
    bars, o's bar in orange.

    Shapes: center_vec (d,), outside_vectors (|V|, d), outside_idx in range(|V|);
    ``words`` names the |V| words (default w0, w1, ...).
    """
    loss, _, grad_rows = w2vlib.naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors)
    y_hat = w2vlib.naive_softmax_probabilities(center_vec, outside_vectors)
    n_words, dim = grad_rows.shape
    words = _words(words, n_words)
    vmax = _limit(grad_rows, vmax)

    fig = Figure(figsize=FIGSIZE, layout="constrained")
    ax, ax_bar = fig.subplots(1, 2, width_ratios=[3.2, 1.3], sharey=True)
    im = ax.imshow(grad_rows, cmap=CMAP, vmin=-vmax, vmax=vmax, aspect="auto")
    im.set_gid("heatmap")
    box = Rectangle(
        (-0.5, outside_idx - 0.5), dim, 1, fill=False, edgecolor="black", linewidth=2.5, gid="true-row"
    )
    ax.add_patch(box)
    ax.set_yticks(range(n_words), words)
    ax.get_yticklabels()[outside_idx].set_fontweight("bold")
    ax.set_xticks(range(dim), [str(i + 1) for i in range(dim)])
    ax.set_xlabel("coordinate $i$")
    ax.set_ylabel("outside word $w$")
    ax.set_title(r"rows $\partial J/\partial \mathbf{u}_w = (\hat{y}_w - y_w)\,\mathbf{v}_c$", fontsize=10)
    cbar = fig.colorbar(im, ax=ax, pad=0.02, shrink=0.9)
    cbar.ax.tick_params(labelsize=9)

    colors = [TRUE_COLOR if w == outside_idx else OTHER_COLOR for w in range(n_words)]
    for bar in ax_bar.barh(range(n_words), y_hat, color=colors, height=0.7):
        bar.set_gid("y-hat")
    ax_bar.set_xlim(0, 1)
    ax_bar.set_xticks([0, 0.5, 1])
    ax_bar.set_xlabel(r"$\hat{y}_w$")
    ax_bar.set_title(r"prediction $\hat{\mathbf{y}}$", fontsize=10)
    ax_bar.text(
        min(y_hat[outside_idx] + 0.03, 0.62),
        outside_idx,
        f"{y_hat[outside_idx]:.3f}",
        va="center",
        fontsize=9,
        color="black",
    )
    ax_bar.tick_params(labelleft=False)
    if title is None:
        title = f"true outside word o = {words[outside_idx]}    loss J = {loss:.2f}"
    fig.suptitle(title, fontsize=11)
    o = int(outside_idx)
    k = max((w for w in range(n_words) if w != o), key=lambda w: y_hat[w])
    text = (
        f"A heatmap of the gradients ∂J/∂u_w, one row per outside word ({', '.join(words)}) and one column "
        f"per coordinate, red positive and blue negative; beside it the prediction ŷ as bars. Every row is "
        f"(ŷ_w − y_w) v_c, a multiple of v_c (length {num(np.linalg.norm(center_vec))}): the true word "
        f"'{words[o]}' has ŷ_o = {num(y_hat[o])}, so its row is {num(y_hat[o] - 1.0)} v_c, of length "
        f"{num(np.linalg.norm(grad_rows[o]))}; the largest other row is '{words[k]}' with "
        f"ŷ = {num(y_hat[k])}. "
        f"The loss is J = {num(loss)}."
    )
    return described(fig, text)


def outer_product_heatmap(center_vec, outside_idx, outside_vectors, *, words=None, vmax=None, title=None):
    """dJ/dU = v_c (y_hat - y)^T drawn as a multiplication table of its two factors (chapter d).

    The big heatmap is ``w2vlib.naive_softmax_grad_U`` (shape d x |V|, U's own
    column layout). To its left is the column factor v_c (d x 1), above it the
    row factor (y_hat - y)^T (1 x |V|): entry (i, w) of the product is the
    number at the left of row i times the number above column w. Every cell
    shows its value. When d = 2 a first panel draws the outside vectors u_w
    (u_o as an orange star) and v_c as an arrow in the plane.

    ``vmax`` fixes the product's colour limits (default: its largest |entry|);
    each factor has its own symmetric scale. Shapes: center_vec (d,),
    outside_vectors (|V|, d), outside_idx in range(|V|).
    """
    grad_U = w2vlib.naive_softmax_grad_U(center_vec, outside_idx, outside_vectors)
    y_hat = w2vlib.naive_softmax_probabilities(center_vec, outside_vectors)
    v = np.asarray(center_vec, dtype=float)
    U_rows = np.asarray(outside_vectors, dtype=float)
    dim, n_words = grad_U.shape
    words = _words(words, n_words)
    delta = y_hat.copy()
    delta[outside_idx] -= 1.0  # the row factor y_hat - y
    vmax = _limit(grad_U, vmax)
    v_lim = _limit(v, None)
    plane = dim == 2

    fig = Figure(figsize=FIGSIZE, layout="constrained")
    if plane:
        grid = fig.add_gridspec(2, 3, width_ratios=[2.5, 0.55, 4.2], height_ratios=[1, dim])
        ax_plane = fig.add_subplot(grid[:, 0])
        col = 1
    else:
        grid = fig.add_gridspec(2, 2, width_ratios=[0.55, 4.2], height_ratios=[1, dim])
        col = 0
    ax_v = fig.add_subplot(grid[1, col])
    ax_d = fig.add_subplot(grid[0, col + 1])
    ax_m = fig.add_subplot(grid[1, col + 1])

    im_v = ax_v.imshow(v.reshape(dim, 1), cmap=CMAP, vmin=-v_lim, vmax=v_lim, aspect="auto")
    im_v.set_gid("v-factor")
    _annotate(ax_v, v.reshape(dim, 1), v_lim)
    ax_v.set_xticks([])
    ax_v.set_yticks(range(dim), [str(i + 1) for i in range(dim)])
    ax_v.set_ylabel("coordinate $i$")
    ax_v.set_title(r"$\mathbf{v}_c$", fontsize=10)

    im_d = ax_d.imshow(delta.reshape(1, n_words), cmap=CMAP, vmin=-1, vmax=1, aspect="auto")
    im_d.set_gid("delta-factor")
    _annotate(ax_d, delta.reshape(1, n_words), 1.0)
    ax_d.set_yticks([])
    ax_d.set_xticks(range(n_words), words, fontsize=9)
    ax_d.xaxis.tick_top()
    ax_d.set_ylabel(r"$(\hat{\mathbf{y}}-\mathbf{y})^\top$", rotation=0, ha="right", va="center", fontsize=10)

    im_m = ax_m.imshow(grad_U, cmap=CMAP, vmin=-vmax, vmax=vmax, aspect="auto")
    im_m.set_gid("heatmap")
    _annotate(ax_m, grad_U, vmax)
    ax_m.add_patch(
        Rectangle(
            (outside_idx - 0.5, -0.5), 1, dim, fill=False, edgecolor="black", linewidth=2.5, gid="true-column"
        )
    )
    ax_m.set_xticks(range(n_words), words, fontsize=9)
    ax_m.set_yticks([])
    ax_m.set_xlabel(
        r"$\partial J/\partial \mathbf{U} = \mathbf{v}_c(\hat{\mathbf{y}}-\mathbf{y})^\top$, "
        r"column $w$ = $\partial J/\partial \mathbf{u}_w$"
    )

    if plane:
        reach = 1.15 * max(np.abs(U_rows).max(), np.abs(v).max())
        others = [w for w in range(n_words) if w != outside_idx]
        ax_plane.scatter(
            U_rows[others, 0], U_rows[others, 1], color=OTHER_COLOR, s=18, zorder=3, gid="u-others"
        )
        ax_plane.scatter(*U_rows[outside_idx], color=TRUE_COLOR, marker="*", s=140, zorder=4, gid="u-true")
        for w in range(n_words):
            ax_plane.annotate(words[w], U_rows[w], xytext=(3, 3), textcoords="offset points", fontsize=9)
        arrow = ax_plane.annotate(
            "", xy=v, xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.8}
        )
        arrow.set_gid("v-arrow")
        tip = v / max(np.linalg.norm(v), 1e-12)  # label just beyond the arrow's tip
        ax_plane.annotate(
            r"$\mathbf{v}_c$",
            v,
            xytext=12 * tip,
            textcoords="offset points",
            fontsize=10,
            ha="center",
            va="center",
        )
        ax_plane.set_xlim(-reach, reach)
        ax_plane.set_ylim(-reach, reach)
        ax_plane.set_aspect("equal")
        ax_plane.axhline(0, color="0.85", lw=0.8, zorder=0)
        ax_plane.axvline(0, color="0.85", lw=0.8, zorder=0)
        ax_plane.tick_params(labelsize=9)
        ax_plane.set_title(r"$\mathbf{u}_w$ (dots, $\mathbf{u}_o$ = star), $\mathbf{v}_c$", fontsize=9)
    if title is None:
        title = rf"rank one: every column is a multiple of $\mathbf{{v}}_c$ (o = {words[outside_idx]})"
    fig.suptitle(title, fontsize=11)
    i, w = np.unravel_index(int(np.argmax(np.abs(grad_U))), grad_U.shape)
    text = (
        f"∂J/∂U = v_c (ŷ − y)ᵀ as a {dim} by {n_words} heatmap, drawn as a multiplication table: the "
        f"column factor v_c = ({', '.join(num(x, 2) for x in v)}) on the left, the row factor ŷ − y above "
        f"({', '.join(f'{words[j]} {num(delta[j], 2)}' for j in range(n_words))}). Only the true word "
        f"'{words[outside_idx]}' has a negative factor, so its column points against v_c and every other "
        f"column along it: the matrix has rank one. Its largest entry is {num(grad_U[i, w])}, coordinate "
        f"{i + 1} of word '{words[w]}'."
    )
    return described(fig, text)


def leaky_relu_figure(alpha, *, xlim=2.0, n_fan=5):
    """Leaky ReLU f(x) = max(alpha x, x) and its derivative, with the subgradient fan at 0 (chapter e).

    Left: f from ``w2vlib.leaky_relu`` on [-xlim, xlim] and ``n_fan`` lines
    through the origin with slopes evenly spaced in [alpha, 1] (the
    subgradients at the kink; each stays below f). Right: f' from
    ``w2vlib.leaky_relu_grad`` for x < 0 and x > 0, the interval [alpha, 1]
    drawn as a vertical bar at x = 0, a filled dot at (0, alpha) for the value
    the code returns and an open dot at (0, 1). The title shows alpha.
    """
    alpha = float(alpha)
    w2vlib.leaky_relu(0.0, alpha)  # validates 0 < alpha < 1 with the library's message
    if n_fan < 2:
        raise ValueError(f"n_fan must be at least 2 (the slopes alpha and 1), got {n_fan}")
    x = np.linspace(-xlim, xlim, 401)
    fig = Figure(figsize=FIGSIZE, layout="constrained")
    ax_f, ax_g = fig.subplots(1, 2)

    fan_x = np.array([-0.85 * xlim, 0.85 * xlim])
    for k, g in enumerate(np.linspace(alpha, 1.0, n_fan)):
        ax_f.plot(
            fan_x,
            g * fan_x,
            color="tab:green",
            lw=1,
            alpha=0.7,
            ls="--",
            gid=f"fan-{k}",
            label=r"$g\,x$, $g \in [\alpha, 1]$" if k == 0 else None,
        )
    ax_f.plot(
        x, w2vlib.leaky_relu(x, alpha), color="tab:blue", lw=2.2, gid="f", label=r"$f(x)=\max(\alpha x, x)$"
    )
    ax_f.plot([0], [0], "o", color="black", ms=5, gid="kink")
    ax_f.set_xlim(-xlim, xlim)
    ax_f.set_ylim(-xlim, xlim)
    ax_f.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax_f.axvline(0, color="0.85", lw=0.8, zorder=0)
    ax_f.set_xlabel("$x$")
    ax_f.set_title("the function and its subgradient lines at 0", fontsize=10)
    ax_f.legend(loc="upper left", fontsize=9)

    left, right = x[x < 0], x[x > 0]
    ax_g.plot(
        left,
        w2vlib.leaky_relu_grad(left, alpha),
        color="tab:red",
        lw=2.2,
        gid="fprime-left",
        label=r"$f'(x)$ for $x \neq 0$",
    )
    ax_g.plot(right, w2vlib.leaky_relu_grad(right, alpha), color="tab:red", lw=2.2, gid="fprime-right")
    ax_g.plot(
        [0, 0],
        [alpha, 1.0],
        color="tab:green",
        lw=5,
        alpha=0.5,
        solid_capstyle="butt",
        gid="subdifferential",
        label=r"subgradients $[\alpha, 1]$ at 0",
    )
    code_value = float(w2vlib.leaky_relu_grad(0.0, alpha))
    ax_g.plot(
        [0],
        [code_value],
        "o",
        color="tab:red",
        ms=7,
        gid="code-choice",
        zorder=5,
        label=r"leaky_relu_grad(0) $= \alpha$",
    )
    ax_g.plot([0], [1.0], "o", mfc="white", mec="tab:red", ms=7, zorder=5, gid="open-end")
    ax_g.set_xlim(-xlim, xlim)
    ax_g.set_ylim(-0.05, 1.15)
    ax_g.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax_g.set_xlabel("$x$")
    ax_g.set_title("the derivative: a jump from $\\alpha$ to 1", fontsize=10)
    ax_g.legend(loc="lower right", fontsize=9)
    fig.suptitle(rf"Leaky ReLU with $\alpha$ = {alpha:.2f}", fontsize=11)
    text = (
        f"Leaky ReLU with α = {num(alpha, 2)}: f(x) = max(αx, x) has slope {num(alpha, 2)} for x < 0 and 1 "
        f"for x > 0. At the kink x = 0 every line gx with g between {num(alpha, 2)} and 1 stays below f, "
        f"so that whole interval is drawn as the subgradients there; the derivative jumps from "
        f"{num(alpha, 2)} to 1, and leaky_relu_grad returns {num(code_value, 2)} at 0."
    )
    return described(fig, text)


def sigmoid_tangent_figure(x0, *, xlim=6.0, half_width=1.5):
    """The sigmoid with its tangent at x0, and sigma' with the point (x0, sigma'(x0)) marked (chapter f).

    Left: sigma from ``w2vlib.sigmoid`` on [-xlim, xlim], the point (x0, sigma(x0))
    and the tangent line of slope ``w2vlib.sigmoid_grad(x0)`` over
    [x0 - half_width, x0 + half_width]. Right: sigma' = sigma (1 - sigma) with
    the same x marked and a dashed line at its maximum 1/4. The title shows
    x0, sigma(x0) and sigma'(x0).
    """
    x0 = float(x0)
    if not -xlim <= x0 <= xlim:
        raise ValueError(f"x0 must lie in [-xlim, xlim] = [{-xlim}, {xlim}], got {x0}")
    x = np.linspace(-xlim, xlim, 481)
    s0 = float(w2vlib.sigmoid(x0))
    slope = float(w2vlib.sigmoid_grad(x0))
    fig = Figure(figsize=FIGSIZE, layout="constrained")
    ax_s, ax_d = fig.subplots(1, 2)

    ax_s.plot(x, w2vlib.sigmoid(x), color="tab:blue", lw=2.2, gid="sigma", label=r"$\sigma(x)$")
    tx = np.array([x0 - half_width, x0 + half_width])
    ax_s.plot(
        tx,
        s0 + slope * (tx - x0),
        color="tab:orange",
        lw=1.8,
        gid="tangent",
        label=rf"tangent, slope $\sigma'(x)$ = {slope:.3f}",
    )
    ax_s.plot([x0], [s0], "o", color="tab:orange", ms=7, gid="point")
    ax_s.set_xlim(-xlim, xlim)
    ax_s.set_ylim(-0.15, 1.15)
    ax_s.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax_s.axhline(1, color="0.85", lw=0.8, zorder=0)
    ax_s.set_xlabel("$x$")
    ax_s.set_title(r"$\sigma$ and its tangent line", fontsize=10)
    ax_s.legend(loc="upper left", fontsize=9)

    ax_d.plot(
        x,
        w2vlib.sigmoid_grad(x),
        color="tab:red",
        lw=2.2,
        gid="sigma-prime",
        label=r"$\sigma'(x)=\sigma(x)(1-\sigma(x))$",
    )
    ax_d.axhline(0.25, color="0.4", lw=1, ls="--", gid="max-line", label=r"maximum $1/4$ at $x=0$")
    ax_d.plot([x0], [slope], "o", color="tab:orange", ms=7, gid="point")
    ax_d.vlines(x0, 0, slope, color="tab:orange", lw=1, ls=":")
    ax_d.set_xlim(-xlim, xlim)
    ax_d.set_ylim(0, 0.32)
    ax_d.set_xlabel("$x$")
    ax_d.set_title(r"the slope $\sigma'(x)$", fontsize=10)
    ax_d.legend(loc="upper left", fontsize=9)
    fig.suptitle(rf"x = {x0:.2f}:   $\sigma(x)$ = {s0:.3f},   $\sigma'(x)$ = {slope:.3f}", fontsize=11)
    at = f"{x0:.2f}".replace("-", "−")
    text = (
        f"x = {at}: σ(x) = {num(s0)} and the tangent there has slope σ'(x) = σ(x)(1 − σ(x)) = "
        f"{num(slope)}, {num(100 * slope / 0.25, 2)}% of the largest slope 1/4, which σ' reaches at x = 0. "
        f"Left, σ from {num(-xlim, 2)} to {num(xlim, 2)} with the tangent line; right, the curve σ' with "
        f"the point marked."
    )
    return described(fig, text)
