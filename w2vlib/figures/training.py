"""Figures for the chapters ``cost_measured`` and ``train_skipgram``.

Every function takes measured or computed numbers (timings, fitted slopes,
losses, projected coordinates) and returns a ``matplotlib.figure.Figure``; the
numbers themselves come from ``w2vlib`` and the notebooks, never from here.
Artists that tests look for carry a ``gid``: ``"measured:<label>"`` and
``"fit:<label>"`` for timing curves, ``"crossover"``, ``"loss:<label>"``,
``"words:<panel>"`` for the points of a projection, ``"pairs"``, ``"identity"``,
``"words"`` for the trained-vector scatters of ``what_ns_optimises``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from ._alt import described, num

FIGSIZE = (7.5, 3.2)
COLORS = ("tab:red", "tab:blue", "tab:green", "tab:purple", "tab:orange", "tab:brown", "tab:gray")


def _fit_line(slope: float, intercept: float, lo: float, hi: float):
    x = np.geomspace(lo, hi, 20)
    return x, np.exp(intercept) * x**slope


def loglog_timing_figure(
    x,
    times: Mapping[str, Sequence[float]],
    fits: Mapping[str, tuple[float, float, float, float]],
    *,
    xlabel: str,
    title: str,
    ylabel: str = "seconds per (center, outside) pair",
) -> Figure:
    """Measured times against x on log-log axes, with fitted power laws.

    ``times[label]`` holds one time per entry of ``x``. ``fits[label] =
    (slope, intercept, x_lo, x_hi)`` describes log t = intercept + slope log x,
    fitted on [x_lo, x_hi]; it is drawn dashed over that range, and the legend
    shows the slope. Labels in ``fits`` must also be in ``times``.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or x.size < 2 or np.any(x <= 0):
        raise ValueError("x must be a 1-D array of at least two positive values")
    if not set(fits) <= set(times):
        raise ValueError(f"every label in fits must be in times, got {sorted(set(fits) - set(times))}")
    fig = Figure(figsize=FIGSIZE)
    ax = fig.add_subplot()
    for i, (label, t) in enumerate(times.items()):
        t = np.asarray(t, dtype=float)
        if t.shape != x.shape:
            raise ValueError(f"times[{label!r}] must have one value per x ({x.size}), got {t.size}")
        color = COLORS[i % len(COLORS)]
        name = label if label not in fits else f"{label}: slope {fits[label][0]:.2f}"
        ax.plot(x, t, "o-", color=color, lw=1, ms=4, label=name, gid=f"measured:{label}")
        if label in fits:
            slope, intercept, lo, hi = fits[label]
            fx, fy = _fit_line(slope, intercept, lo, hi)
            ax.plot(fx, fy, "--", color=color, lw=2, alpha=0.6, gid=f"fit:{label}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=9, loc="upper left")
    fig.tight_layout()
    series = []
    for label, t in times.items():
        t = np.asarray(t, dtype=float)
        fit = f", fitted slope {num(fits[label][0], 2)}" if label in fits else ""
        series.append(f"{_plain(label)} from {num(t[0], 2)} to {num(t[-1], 2)} s{fit}")
    text = (
        f"{_plain(title)}. Log-log plot of {_plain(ylabel)} against {_plain(xlabel)} from {num(x[0])} to "
        f"{num(x[-1])}: " + "; ".join(series) + "."
    )
    return described(fig, text)


def _plain(tex: str) -> str:
    """A matplotlib label without its TeX dollars and backslashes, for a sentence."""
    return (
        tex.replace("$", "").replace(r"\geq", "≥").replace(r"\,", " ").replace("\\", "")
        .replace("{", "").replace("}", "").strip()
    )


def crossover_figure(vocab_sizes, softmax_times, neg_time: float, K: int, crossover: float | None) -> Figure:
    """Naive softmax against negative sampling with K negatives, per pair, over |V|.

    ``softmax_times`` are measured per-pair times of the naive softmax at each
    of ``vocab_sizes``; ``neg_time`` is the measured per-pair time of negative
    sampling with ``K`` negatives (flat in |V|, so drawn as a horizontal line).
    ``crossover`` is the |V| where the two meet (None if it is below the
    measured range); it is marked and named in the title.
    """
    V = np.asarray(vocab_sizes, dtype=float)
    t = np.asarray(softmax_times, dtype=float)
    if V.ndim != 1 or V.shape != t.shape or V.size < 2:
        raise ValueError("vocab_sizes and softmax_times must be 1-D arrays of equal length >= 2")
    fig = Figure(figsize=FIGSIZE)
    ax = fig.add_subplot()
    ax.plot(V, t, "o-", color=COLORS[0], lw=1.5, ms=4, label="naive softmax", gid="measured:naive softmax")
    ax.plot(
        [V[0], V[-1]], [neg_time, neg_time], "-", color=COLORS[1], lw=2,
        label=f"negative sampling, K = {K}", gid="measured:negative sampling",
    )
    if crossover is not None:
        ax.plot([crossover], [neg_time], "o", ms=10, mfc="none", mec="black", mew=2, gid="crossover")
        ax.axvline(crossover, color="black", lw=0.8, ls=":")
        where = f"negative sampling is cheaper once $|V| >$ {crossover:,.0f}"
    else:
        where = f"negative sampling is cheaper for every $|V| \\geq$ {V[0]:,.0f}"
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(min(t.min(), neg_time) / 2, max(t.max(), neg_time) * 2)
    ax.set_xlabel(r"vocabulary size $|V|$")
    ax.set_ylabel("seconds per pair")
    ax.set_title(f"K = {K}: {where}", fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=9, loc="upper left")
    fig.tight_layout()
    if crossover is not None:
        where = f"negative sampling is cheaper once |V| exceeds about {num(crossover, 2)}"
    else:
        where = f"negative sampling is cheaper at every measured |V| from {num(V[0])}"
    text = (
        f"Log-log plot of seconds per (center, outside) pair against the vocabulary size |V| from "
        f"{num(V[0])} to {num(V[-1])}: the naive softmax grows from {num(t[0], 2)} to {num(t[-1], 2)} s, "
        f"negative sampling with K = {K} stays flat at {num(neg_time, 2)} s; {where}."
    )
    return described(fig, text)


def loss_curve_figure(epoch_losses: Mapping[str, Sequence[float]], *, ylabel: str, title: str) -> Figure:
    """Mean training loss per pair after each epoch, one line per label (epochs numbered from 1)."""
    if not epoch_losses:
        raise ValueError("epoch_losses must hold at least one series")
    fig = Figure(figsize=FIGSIZE)
    ax = fig.add_subplot()
    for i, (label, losses) in enumerate(epoch_losses.items()):
        y = np.asarray(losses, dtype=float)
        if y.ndim != 1 or y.size < 1:
            raise ValueError(f"epoch_losses[{label!r}] must be a non-empty 1-D sequence")
        ax.plot(np.arange(1, y.size + 1), y, "o-", color=COLORS[i % len(COLORS)], ms=4, label=label,
                gid=f"loss:{label}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9)
    fig.tight_layout()
    series = []
    for label, losses in epoch_losses.items():
        y = np.asarray(losses, dtype=float)
        trend = "falling every epoch" if np.all(np.diff(y) < 0) else "not falling every epoch"
        series.append(f"{label}: {num(y[0])} after epoch 1, {num(y[-1])} after epoch {y.size} ({trend})")
    text = f"{_plain(title)}: {_plain(ylabel)} after each epoch. " + "; ".join(series) + "."
    return described(fig, text)


def projection_figure(
    panels: Sequence[tuple[np.ndarray, str]],
    words: Sequence[str],
    groups: Sequence[int],
    *,
    limits: tuple[float, float, float, float] | None = None,
) -> Figure:
    """Words as labelled points in the plane, one panel per (coords, title).

    ``coords`` has shape (len(words), 2), e.g. a PCA projection of word
    vectors. ``groups[i]`` picks the colour of word i, so words of one topic
    share a colour. ``limits = (xmin, xmax, ymin, ymax)`` fixes the axes (use
    the same limits for every frame of a slider).
    """
    words = list(words)
    groups = np.asarray(groups)
    if groups.shape != (len(words),):
        raise ValueError(f"groups must give one group per word ({len(words)}), got shape {groups.shape}")
    if not panels:
        raise ValueError("panels must hold at least one (coords, title) pair")
    fig = Figure(figsize=FIGSIZE)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for k, (ax, (coords, title)) in enumerate(zip(axes, panels, strict=True)):
        xy = np.asarray(coords, dtype=float)
        if xy.shape != (len(words), 2):
            raise ValueError(f"coords of panel {k} must have shape ({len(words)}, 2), got {xy.shape}")
        colors = [COLORS[g % len(COLORS)] for g in groups]
        ax.scatter(xy[:, 0], xy[:, 1], c=colors, s=18, gid=f"words:{k}")
        for (x, y), word, color in zip(xy, words, colors, strict=True):
            ax.annotate(word, (x, y), xytext=(3, 2), textcoords="offset points", fontsize=9, color=color)
        if limits is not None:
            ax.set_xlim(limits[0], limits[1])
            ax.set_ylim(limits[2], limits[3])
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("PC 1", fontsize=9)
        ax.set_ylabel("PC 2", fontsize=9)
        ax.tick_params(labelsize=9)
    fig.tight_layout()
    names = [f"group {g + 1}: " + ", ".join(w for w, h in zip(words, groups, strict=True) if h == g)
             for g in np.unique(groups)]
    parts = []
    for coords, title in panels:
        xy = np.asarray(coords, dtype=float)
        centres = np.array([xy[groups == g].mean(axis=0) for g in np.unique(groups)])
        spread = np.mean([np.linalg.norm(xy[groups == g] - c, axis=1).mean()
                          for g, c in zip(np.unique(groups), centres, strict=True)])
        gaps = [np.linalg.norm(a - b) for i, a in enumerate(centres) for b in centres[i + 1:]]
        ratio = f": the group centres lie {num(np.mean(gaps) / spread, 2)} times as far apart as a word " \
            "from its own group's centre" if gaps and spread > 0 else ""
        parts.append(f"Panel '{_plain(title)}'{ratio}")
    text = (
        f"{len(words)} words as labelled points in the plane of the first two principal components, "
        f"one colour per group ({'; '.join(names)}). " + ". ".join(parts) + "."
    )
    return described(fig, text)


def _average_ranks(values):
    """Ranks 1..n, tied values sharing their average rank (the ranks of Spearman's rho)."""
    values = np.asarray(values)
    ranks = np.empty(values.size)
    ranks[np.argsort(values, kind="stable")] = np.arange(1, values.size + 1)
    _, tie_group, tie_size = np.unique(values, return_inverse=True, return_counts=True)
    return (np.bincount(tie_group, weights=ranks) / tie_size)[tie_group]


def trained_vectors_figure(shifted_pmi, scores, log_counts, norms, *, K: int) -> Figure:
    """Two scatters of trained skip-gram vectors (chapter ``what_ns_optimises``).

    Left: for frequent (center, outside) pairs, the score u_o^T v_c against
    PMI(c, o) - log K (``shifted_pmi``, ``scores``: same length), with the
    line y = x where the optimum of the negative-sampling objective lies; the
    title gives the number of pairs and their correlation.
    Right: the length of every center vector (``norms``) against the log of its
    word's count (``log_counts``, same length).
    """
    x, y = np.asarray(shifted_pmi, dtype=float), np.asarray(scores, dtype=float)
    lc, nv = np.asarray(log_counts, dtype=float), np.asarray(norms, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size < 2:
        raise ValueError(f"shifted_pmi and scores must be 1-D of one length >= 2, got {x.shape}, {y.shape}")
    if lc.ndim != 1 or lc.shape != nv.shape or lc.size < 2:
        raise ValueError(f"log_counts and norms must be 1-D of one length >= 2, got {lc.shape}, {nv.shape}")
    fig = Figure(figsize=(7.5, 3.4))
    left, right = fig.subplots(1, 2)
    left.scatter(x, y, s=6, alpha=0.4, color=COLORS[1], lw=0, gid="pairs")
    lo, hi = float(min(x.min(), y.min())), float(max(x.max(), y.max()))
    left.plot([lo, hi], [lo, hi], "k--", lw=1, label="$y = x$", gid="identity")
    left.set_xlabel(rf"PMI$(c, o) - \log {K}$")
    left.set_ylabel(r"$\mathbf{u}_o^\top \mathbf{v}_c$ after training")
    r = float(np.corrcoef(x, y)[0, 1])
    left.set_title(f"{x.size:,} pairs, correlation {r:.2f}", fontsize=10)
    left.legend(fontsize=9, loc="upper left")
    right.scatter(lc, nv, s=5, alpha=0.35, color=COLORS[0], lw=0, gid="words")
    right.set_xlabel(r"$\log\ \mathrm{count}(w)$")
    right.set_ylabel(r"$\|\mathbf{v}_w\|$")
    right.set_title(f"{lc.size:,} words: length against frequency", fontsize=10)
    for ax in (left, right):
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    rank_r = float(np.corrcoef(_average_ranks(lc), _average_ranks(nv))[0, 1])  # Spearman's rho
    text = (
        f"Left: {x.size:,} frequent (center, outside) pairs as points, the trained score u_o^T v_c against "
        f"PMI(c, o) − log {K}, with the dashed line y = x where the negative-sampling optimum lies; "
        f"correlation {num(r, 2)}, the points from {num(x.min(), 2)} to {num(x.max(), 2)} on the x axis. "
        f"Right: {lc.size:,} words, the length of each center vector against the log of its count, "
        f"lengths from {num(nv.min(), 2)} to {num(nv.max(), 2)}; rank correlation {num(rank_r, 2)}."
    )
    return described(fig, text)
