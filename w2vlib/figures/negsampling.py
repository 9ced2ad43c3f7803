"""Figures for the negative-sampling and skip-gram chapters (g), (h) and (i).

Every function is pure: it takes numbers and arrays, computes what it shows
with ``w2vlib`` and returns a ``matplotlib.figure.Figure``. Outside and center
vectors are stored as rows, shape (|V|, d), as everywhere in ``w2vlib``. The
arrow pictures need d = 2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from .. import _checks
from ..activations import log_sigmoid
from ..losses import (
    neg_sampling_lambda,
    neg_sampling_loss_and_gradient,
    neg_sampling_sequential_update,
)
from ..skipgram import skipgram, window_outside_words
from ._alt import described, num

FIGSIZE = (7.5, 3.6)
POSITIVE = "tab:green"
NEGATIVE = "tab:red"
TOTAL = "black"
CONTEXT = "tab:blue"
CENTER = "tab:orange"
OUTSIDE = "tab:purple"


def _plane_vectors(center_vec, outside_vectors):
    v, U = _checks.center_and_outside(center_vec, outside_vectors)
    if v.shape[0] != 2:
        raise ValueError(f"these pictures draw vectors in the plane: d must be 2, got d = {v.shape[0]}")
    return v, U


def path_limits(steps, extra=(), pad=0.12, start=(0.0, 0.0)):
    """A square box (xmin, xmax, ymin, ymax) holding the origin, the path that walks ``steps``
    (shape (n, 2)) from ``start``, and every point in ``extra`` (shape (m, 2)), with a margin."""
    steps = _checks.float_array(steps, "steps", ndim=2)
    start = np.asarray(start, dtype=float).reshape(1, 2)
    pts = [np.zeros((1, 2)), start, start + np.cumsum(steps, axis=0)]
    extra = np.asarray(extra, dtype=float).reshape(-1, 2)
    pts.append(extra)
    pts = np.vstack(pts)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    mid = (lo + hi) / 2
    half = max(float((hi - lo).max()) / 2, 1e-9) * (1 + pad) + 0.05
    return (mid[0] - half, mid[0] + half, mid[1] - half, mid[1] + half)


def _head_to_tail(ax, steps, color, label, zorder=3, origin=(0.0, 0.0)):
    """Draw ``steps`` (n, 2) as arrows from ``origin``, each starting where the previous one ends."""
    start = np.asarray(origin, dtype=float) + np.vstack([np.zeros((1, 2)), np.cumsum(steps, axis=0)[:-1]])
    return ax.quiver(
        start[:, 0], start[:, 1], steps[:, 0], steps[:, 1],
        angles="xy", scale_units="xy", scale=1, color=color, width=0.012,
        label=label, zorder=zorder,
    )


def _total_arrow(ax, vec, label, origin=(0.0, 0.0)):
    return ax.quiver(
        [origin[0]], [origin[1]], [vec[0]], [vec[1]], angles="xy", scale_units="xy", scale=1,
        # an outline in black, as the text says, that leaves the coloured arrows under it visible
        facecolor="none", edgecolor=TOTAL, linewidth=1.3, width=0.02, label=label, zorder=2,
    )


def _figure_legend(fig, axes, ncols):
    """One legend under the panels, so it never covers an arrow or a bar."""
    handles, labels = [], []
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        handles += h
        labels += lab
    fig.legend(handles, labels, loc="outside lower center", ncols=ncols, fontsize=9, frameon=False)


def _plane_axes(ax, limits):
    ax.set_xlim(limits[0], limits[1])
    ax.set_ylim(limits[2], limits[3])
    ax.set_aspect("equal")
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    ax.set_xlabel("coordinate 1")
    ax.set_ylabel("coordinate 2")


# ----------------------------------------------------------------------------------------- chapter (g)


def neg_sampling_center_terms(center_vec, outside_idx, outside_vectors, negative_indices):
    """The K + 1 arrows that add up to dJ/dv_c, shape (K + 1, d).

    Row 0 is lambda_0 u_o and row s is -lambda_s u_{w_s}: the columns of
    U_{o,{w}} = [u_o, -u_{w_1}, ..., -u_{w_K}] scaled by lambda (chapter g),
    so the rows sum to U_{o,{w}} lambda = dJ/dv_c.
    """
    v, U = _checks.center_and_outside(center_vec, outside_vectors)
    neg = np.asarray(negative_indices)
    lam = neg_sampling_lambda(v, outside_idx, U, neg)
    signs = np.concatenate(([1.0], -np.ones(neg.shape[0])))
    cols = signs[:, None] * U[np.concatenate(([int(outside_idx)], neg))]
    return lam[:, None] * cols


def neg_sampling_k_figure(center_vec, outside_idx, outside_vectors, negative_pool, K):
    """Chapter (g) slider frame: the first K negatives of ``negative_pool``.

    Left: dJ/dv_c drawn as K + 1 arrows head to tail (lambda_0 u_o, then
    -lambda_s u_{w_s}), with their sum in black. Right: for each sample the
    loss term -log sigma(+-u^T v_c) (bars up) and lambda (bars down). The title
    gives K, the loss and the multiply-adds of the loss and both gradients of
    one pair (the convention of chapter g's eq-g-cost): 3 (K + 1) d here
    against 3 |V| d for the naive softmax.

    Axis limits are fixed by the whole pool, so frames for different K share
    their axes. Shapes: center_vec (2,), outside_vectors (|V|, 2),
    negative_pool (K_max,), 1 <= K <= K_max.
    """
    v, U = _plane_vectors(center_vec, outside_vectors)
    pool = _checks.index_array(negative_pool, "negative_pool", U.shape[0])
    K = _checks.positive_int(K, "K")
    if K > pool.shape[0]:
        raise ValueError(f"K must be at most len(negative_pool) = {pool.shape[0]}, got {K}")
    o = _checks.index(outside_idx, "outside_idx", U.shape[0])
    neg = pool[:K]
    vocab, d = U.shape

    loss, grad_center, _ = neg_sampling_loss_and_gradient(v, o, U, neg)
    lam = neg_sampling_lambda(v, o, U, neg)
    terms = neg_sampling_center_terms(v, o, U, neg)
    scores = np.concatenate(([U[o] @ v], -(U[neg] @ v)))
    loss_terms = -log_sigmoid(scores)

    full_terms = neg_sampling_center_terms(v, o, U, pool)
    limits = path_limits(full_terms)
    full_scores = np.concatenate(([U[o] @ v], -(U[pool] @ v)))
    top = float((-log_sigmoid(full_scores)).max())

    fig = Figure(figsize=FIGSIZE, layout="constrained")
    ax_arrows, ax_bars = fig.subplots(1, 2, width_ratios=[1, 1.35])

    _head_to_tail(ax_arrows, terms, [POSITIVE] + [NEGATIVE] * K, None)
    ax_arrows.plot([], [], color=POSITIVE, lw=3, label=r"$\lambda_0\,\mathbf{u}_o$")
    ax_arrows.plot([], [], color=NEGATIVE, lw=3, label=r"$-\lambda_s\,\mathbf{u}_{w_s}$")
    _total_arrow(ax_arrows, grad_center, r"$\partial J/\partial\mathbf{v}_c$ (sum)")
    _plane_axes(ax_arrows, limits)
    ax_arrows.set_title(rf"$\partial J/\partial \mathbf{{v}}_c$ as {K + 1} arrows", fontsize=10)

    x = np.arange(K + 1)
    colors = [POSITIVE] + [NEGATIVE] * K
    ax_bars.bar(
        x, loss_terms, color=colors, alpha=0.85,
        label=r"loss term $-\log\sigma(\pm\mathbf{u}^\top\mathbf{v}_c)$",
    )
    ax_bars.bar(
        x, lam, color=colors, alpha=0.35, hatch="//",
        label=r"$\lambda_s=\sigma(\pm\mathbf{u}^\top\mathbf{v}_c)-1$",
    )
    ax_bars.axhline(0, color="0.3", lw=0.8)
    ax_bars.set_xlim(-0.6, pool.shape[0] + 0.6)
    ax_bars.set_ylim(-1.05, max(top, 1.0) * 1.15)
    ax_bars.set_xticks(x, ["$o$"] + [str(s) for s in range(1, K + 1)], fontsize=9)
    ax_bars.set_xlabel("sample ($o$, then negatives $s = 1..K$)")
    _figure_legend(fig, [ax_arrows, ax_bars], ncols=3)
    ax_bars.set_title(f"J = {loss:.3f} (sum of the bars above 0)", fontsize=10)

    fig.suptitle(
        f"K = {K}: multiply-adds per pair 3(K+1)d = {3 * (K + 1) * d}"
        f"  vs  naive softmax 3|V|d = {3 * vocab * d}",
        fontsize=10,
    )
    worst = int(np.argmax(loss_terms))
    text = (
        f"K = {K} negatives: the gradient ∂J/∂v_c drawn as {K + 1} arrows tip to tail, λ_0 u_o and then "
        f"−λ_s u_(w_s) for each negative, adding up to a vector of length "
        f"{num(np.linalg.norm(grad_center))}. "
        f"The bars give each sample's loss term and λ: the loss is J = {num(loss)}, the largest term is "
        + ("the true word's" if worst == 0 else f"negative {worst}'s")
        + f", {num(loss_terms[worst])}. The loss and both gradients of one pair cost 3(K+1)d = "
        f"{3 * (K + 1) * d} multiply-adds, against 3|V|d = {3 * vocab * d} for the naive softmax."
    )
    return described(fig, text)


# ----------------------------------------------------------------------------------------- chapter (h)


def sequential_gap(center_vec, outside_idx, outside_vectors, negative_indices, lr):
    """How far the sample-by-sample SGD step lands from one step along the gradient.

    Returns the Euclidean norm of the difference between
    ``neg_sampling_sequential_update(...)`` and (v_c - lr dJ/dv_c, U - lr dJ/dU),
    both vectors and matrix stacked into one long vector (chapter h).
    """
    v, U = _checks.center_and_outside(center_vec, outside_vectors)
    _, g_v, g_U = neg_sampling_loss_and_gradient(v, outside_idx, U, negative_indices)
    v_seq, U_seq = neg_sampling_sequential_update(v, outside_idx, U, negative_indices, lr)
    diff = np.concatenate([(v_seq - (v - lr * g_v)).ravel(), (U_seq - (U - lr * g_U)).ravel()])
    return float(np.linalg.norm(diff))


def repeated_negative_figure(
    center_vec, outside_idx, outside_vectors, other_negatives, word, k, *, k_max=None, lr=None
):
    """Chapter (h) slider frame: ``word`` appears k times among the negatives.

    The negatives are ``other_negatives`` followed by k copies of ``word``.
    Left: v_c and u_w from the origin, and, starting at the tip of u_w, the
    gradient row dJ/du_w drawn as k copies of the one-draw term
    sigma(u_w^T v_c) v_c, head to tail (each parallel to v_c), with the row from
    ``neg_sampling_loss_and_gradient`` in black. Right: the loss split by word,
    the repeated word's bar stacked from k equal pieces. If ``lr`` is given,
    the title also reports ``sequential_gap`` at that learning rate.

    ``k_max`` (default k) fixes the axes so that frames share them.
    Shapes: center_vec (2,), outside_vectors (|V|, 2), other_negatives (n,).
    """
    v, U = _plane_vectors(center_vec, outside_vectors)
    o = _checks.index(outside_idx, "outside_idx", U.shape[0])
    w = _checks.index(word, "word", U.shape[0])
    k = _checks.positive_int(k, "k")
    k_max = k if k_max is None else _checks.positive_int(k_max, "k_max")
    if k > k_max:
        raise ValueError(f"k must be at most k_max = {k_max}, got {k}")
    others = np.asarray(other_negatives, dtype=np.intp).reshape(-1)
    if np.any(others == w):
        raise ValueError("other_negatives must not contain word: its copies are added k times here")
    neg = np.concatenate([others, np.full(k, w, dtype=np.intp)])

    loss, _, grad_U = neg_sampling_loss_and_gradient(v, o, U, neg)
    _, _, grad_one = neg_sampling_loss_and_gradient(v, o, U, np.array([w]))
    one_term = grad_one[w]
    term_loss = float(-log_sigmoid(-(U[w] @ v)))

    limits = path_limits(np.repeat(one_term[None, :], k_max, axis=0), extra=[v], start=U[w])

    fig = Figure(figsize=FIGSIZE, layout="constrained")
    ax_arrows, ax_bars = fig.subplots(1, 2, width_ratios=[1, 1.2])

    for vec, color, label in ((v, CENTER, r"$\mathbf{v}_c$"), (U[w], OUTSIDE, r"$\mathbf{u}_w$")):
        ax_arrows.quiver(
            [0.0], [0.0], [vec[0]], [vec[1]], angles="xy", scale_units="xy", scale=1,
            color=color, width=0.012, label=label, zorder=4,
        )
    # the gradient row is drawn from the tip of u_w, the vector it belongs to
    _head_to_tail(
        ax_arrows, np.repeat(one_term[None, :], k, axis=0), NEGATIVE, "one draw's term", origin=U[w]
    )
    _total_arrow(ax_arrows, grad_U[w], r"$\partial J/\partial\mathbf{u}_w$", origin=U[w])
    _plane_axes(ax_arrows, limits)
    ax_arrows.set_title(rf"$\partial J/\partial\mathbf{{u}}_w$ = {k} $\times$ one term", fontsize=10)
    _figure_legend(fig, [ax_arrows], ncols=4)

    # the loss split by word: o, the repeated word (k stacked pieces), the other negatives
    pos_loss = float(-log_sigmoid(U[o] @ v))
    other_loss = -log_sigmoid(-(U[others] @ v)) if others.size else np.zeros(0)
    labels = ["$o$", "$w$"] + [f"other {i + 1}" for i in range(others.size)]
    ax_bars.bar([0], [pos_loss], color=POSITIVE, alpha=0.85)
    for i in range(k):
        ax_bars.bar([1], [term_loss], bottom=[i * term_loss], color=NEGATIVE, alpha=0.85, edgecolor="white")
    if others.size:
        ax_bars.bar(np.arange(2, 2 + others.size), other_loss, color="0.55", alpha=0.85)
    ax_bars.set_xticks(np.arange(len(labels)), labels, fontsize=9)
    ax_bars.set_ylim(0, max(pos_loss, k_max * term_loss, *(other_loss.tolist() or [0.0])) * 1.12)
    ax_bars.set_ylabel("loss contributed")
    ax_bars.set_title(f"J = {loss:.3f}; word $w$: {k} $\\times$ {term_loss:.3f}", fontsize=10)

    norm = np.linalg.norm(grad_U[w])
    title = rf"multiplicity k = {k}:  $\|\partial J/\partial\mathbf{{u}}_w\|$ = {norm:.3f}"
    if lr is not None:
        gap = sequential_gap(v, o, U, neg, lr)
        # with no repeat the two updates agree; what is left is floating-point round-off
        shown = "0 (round-off)" if gap < 1e-12 else f"{gap:.1e}"
        title += f";  sequential vs gradient step (η = {lr:g}): gap {shown}"
    fig.suptitle(title, fontsize=10)
    text = (
        f"Word w is {k} of the {neg.size} negatives: its gradient row ∂J/∂u_w, drawn from the tip of u_w, "
        f"is {k} equal copies of σ(u_wᵀv_c) v_c, each parallel to v_c, so its length {num(norm)} is {k} × "
        f"{num(np.linalg.norm(one_term))}. The loss is J = {num(loss)}, of which word w gives "
        f"{k} × {num(term_loss)} (stacked bar) and the true word {num(pos_loss)}."
    )
    if lr is not None:
        text += (
            f" With η = {lr:g}, the sample-by-sample update and one gradient step agree up to round-off."
            if gap < 1e-12
            else f" With η = {lr:g}, the sample-by-sample update lands {num(gap, 2)} away from one "
            "gradient step."
        )
    return described(fig, text)


def sequential_gap_figure(center_vec, outside_idx, outside_vectors, negative_indices, lrs):
    """Chapter (h): ``sequential_gap`` against the learning rate, on log-log axes.

    Draws the measured gaps at each lr in ``lrs`` and the reference line
    gap(lr_0) (lr / lr_0)^2 through the first point: slope 2 means the gap is O(lr^2).
    """
    lrs = _checks.float_array(lrs, "lrs", ndim=1)
    if lrs.size < 2 or np.any(lrs <= 0):
        raise ValueError("lrs must hold at least two positive learning rates")
    gaps = np.array(
        [sequential_gap(center_vec, outside_idx, outside_vectors, negative_indices, lr) for lr in lrs]
    )
    neg = np.asarray(negative_indices)
    if np.unique(neg).size == neg.size:
        raise ValueError("the negatives hold no repeated word: the gap is zero up to round-off")
    fig = Figure(figsize=(5.5, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.loglog(lrs, gaps, "o-", color=NEGATIVE, label="sequential − gradient step")
    ax.loglog(lrs, gaps[0] * (lrs / lrs[0]) ** 2, "--", color="0.4", label=r"slope 2: $\propto\eta^2$")
    ax.set_xlabel(r"learning rate $\eta$")
    ax.set_ylabel("gap (Euclidean norm)")
    ax.set_title("Sample-by-sample SGD vs one gradient step", fontsize=10)
    ax.legend(fontsize=9)
    ax.grid(True, which="both", color="0.9", lw=0.6)
    slope = float(np.polyfit(np.log(lrs), np.log(gaps), 1)[0])
    text = (
        f"Log-log plot of the gap between sample-by-sample SGD and one gradient step against the learning "
        f"rate η from {num(lrs[0], 2)} to {num(lrs[-1], 2)}: the gap grows from {num(gaps[0], 2)} to "
        f"{num(gaps[-1], 2)}, with a fitted slope of {num(slope, 2)}, along the dashed slope-2 line: the "
        f"gap is of order η²."
    )
    return described(fig, text)


# ----------------------------------------------------------------------------------------- chapter (i)


def skipgram_window_figure(
    sentence: Sequence[str],
    position: int,
    window_size: int,
    word2ind: Mapping[str, int],
    center_vectors,
    outside_vectors,
    loss_and_gradient: Callable,
    *,
    m_max: int | None = None,
):
    """Chapter (i) slider frame: the window of size m around ``sentence[position]``.

    Top: the sentence, center word in orange, the outside words w_{t+j}
    (-m <= j <= m, j != 0, clipped at the ends) in blue. Bottom left: the
    per-pair losses J(v_c, w_{t+j}, U) by offset j; the title gives their sum,
    the skip-gram loss from ``w2vlib.skipgram``. Bottom right: the per-pair
    gradients dJ/dv_c head to tail and their sum, row c of the skip-gram
    gradient. ``m_max`` (default m) fixes the axes so frames share them.

    ``loss_and_gradient`` must be deterministic (e.g. the naive softmax) so
    the per-pair terms and the total agree. Vectors are rows, shape (|V|, 2).
    """
    Vc = _checks.float_array(center_vectors, "center_vectors", ndim=2)
    U = _checks.float_array(outside_vectors, "outside_vectors", ndim=2)
    _plane_vectors(Vc[0], U)
    m = _checks.positive_int(window_size, "window_size")
    m_max = m if m_max is None else _checks.positive_int(m_max, "m_max")
    if m > m_max:
        raise ValueError(f"window_size must be at most m_max = {m_max}, got {m}")
    t = _checks.index(position, "position", len(sentence))
    center = sentence[t]
    c = word2ind[center]

    def pairs(size):
        offs = [j for j in range(-size, size + 1) if j != 0 and 0 <= t + j < len(sentence)]
        out = []
        for j in offs:
            loss_j, g_v, _ = loss_and_gradient(Vc[c], word2ind[sentence[t + j]], U)
            out.append((j, loss_j, g_v))
        return out

    here = pairs(m)
    outside = window_outside_words(sentence, t, m)
    total, grad_center, _ = skipgram(center, m, outside, word2ind, Vc, U, loss_and_gradient)
    # windows of different sizes walk different paths (left context first), so the
    # shared axes must hold the path of every size up to m_max
    paths = [np.array([g for _, _, g in pairs(size)]) for size in range(1, m_max + 1)]
    boxes = np.array([path_limits(p) for p in paths])
    limits = (boxes[:, 0].min(), boxes[:, 1].max(), boxes[:, 2].min(), boxes[:, 3].max())
    half = max(limits[1] - limits[0], limits[3] - limits[2]) / 2
    mid = ((limits[0] + limits[1]) / 2, (limits[2] + limits[3]) / 2)
    limits = (mid[0] - half, mid[0] + half, mid[1] - half, mid[1] + half)
    loss_top = max(lo for _, lo, _ in pairs(m_max))

    fig = Figure(figsize=(7.5, 4.1), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[0.55, 2.4], width_ratios=[1.35, 1])
    ax_text = fig.add_subplot(grid[0, :])
    ax_bars = fig.add_subplot(grid[1, 0])
    ax_arrows = fig.add_subplot(grid[1, 1])

    # the sentence as a strip of boxes
    in_window = {t + j for j, _, _ in here}
    ax_text.set_xlim(0, len(sentence))
    ax_text.set_ylim(0, 1)
    ax_text.axis("off")
    for i, tok in enumerate(sentence):
        face = CENTER if i == t else (CONTEXT if i in in_window else "0.92")
        color = "white" if i == t or i in in_window else "0.35"
        ax_text.text(
            i + 0.5, 0.5, tok, ha="center", va="center", fontsize=9, color=color,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": face, "edgecolor": "none"},
        )
    ax_text.set_title(
        f"window m = {m}: center '{center}', {len(outside)} outside words"
        + ("" if len(outside) == 2 * m else f" (clipped at the edge of the sentence, 2m = {2 * m})"),
        fontsize=10,
    )

    js = [j for j, _, _ in here]
    ax_bars.bar(js, [lo for _, lo, _ in here], color=CONTEXT, alpha=0.85)
    ax_bars.set_xticks(range(-m_max, m_max + 1))
    ax_bars.set_xlim(-m_max - 0.6, m_max + 0.6)
    ax_bars.set_ylim(0, loss_top * 1.15)
    ax_bars.axvline(0, color=CENTER, lw=2, alpha=0.6)
    ax_bars.set_xlabel("offset $j$ of the outside word $w_{t+j}$")
    ax_bars.set_ylabel(r"$J(\mathbf{v}_c, w_{t+j}, \mathbf{U})$")
    ax_bars.set_title(f"skip-gram loss {total:.3f} (sum of {len(js)} bars)", fontsize=10)

    _head_to_tail(ax_arrows, np.array([g for _, _, g in here]), CONTEXT, "one pair")
    _total_arrow(ax_arrows, grad_center[c], "row $c$ (sum)")
    _plane_axes(ax_arrows, limits)
    ax_arrows.set_title(r"$\partial J/\partial\mathbf{v}_c$, pair by pair", fontsize=10)
    _figure_legend(fig, [ax_arrows], ncols=2)
    pieces = ", ".join(
        f"'{sentence[t + j]}' (j = {'−' if j < 0 else '+'}{abs(j)}) {num(lo)}" for j, lo, _ in here
    )
    text = (
        f"Window m = {m} around the center word '{center}' (position {t} of {len(sentence)}): "
        f"{len(outside)} outside words"
        + ("" if len(outside) == 2 * m else f", clipped at the edge of the sentence (2m = {2 * m})")
        + f". Per-pair losses: {pieces}; their sum, the skip-gram loss, is {num(total)}. The per-pair "
        f"gradients ∂J/∂v_c, tip to tail, add up to row c of the skip-gram gradient, of length "
        f"{num(np.linalg.norm(grad_center[c]))}."
    )
    return described(fig, text)
