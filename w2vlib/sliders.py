"""Sliders made of precomputed frames.

One PNG is rendered per slider value with a figure function from
``w2vlib.figures``; the PNGs sit in an ``ipywidgets.Stack`` and the slider's
index is linked to the stack's ``selected_index`` in JavaScript (``jslink``).
Moving the slider therefore needs no kernel: it works the same in the static
HTML book, on Binder and in JupyterLab.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib

from . import _checks

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DPI = 80


def figure_png(fig, dpi: int = DPI) -> bytes:
    """Render a Figure to PNG bytes (no timestamp metadata, so reruns are byte-identical) and close it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def frame_slider(
    values: Sequence,
    draw: Callable,
    *,
    label: Callable[[object], str],
    description: str = "",
    initial: int = 0,
    dpi: int = DPI,
) -> widgets.VBox:
    """A ``SelectionSlider`` over ``values`` linked to one precomputed figure per value.

    ``draw(value)`` returns a matplotlib Figure; ``label(value)`` is the readout
    the reader sees (e.g. ``lambda eta: f"η = {eta:.2f}"``), so the slider
    shows the real value rather than a frame index. ``initial`` is the index
    shown first.
    """
    values = list(values)
    if len(values) < 2:
        raise ValueError(f"values must hold at least two slider positions, got {len(values)}")
    initial = _checks.index(initial, "initial", len(values))
    if not callable(draw) or not callable(label):
        raise TypeError("draw and label must be callables taking one slider value")
    labels = [label(v) for v in values]
    if len(set(labels)) != len(labels):
        raise ValueError(f"label must give every value a distinct readout, got {labels}")

    frames = [
        widgets.Image(
            value=figure_png(draw(v), dpi=dpi),
            format="png",
            layout=widgets.Layout(max_width="100%", height="auto"),
        )
        for v in values
    ]
    stack = widgets.Stack(children=frames, selected_index=initial)
    slider = widgets.SelectionSlider(
        options=list(zip(labels, range(len(values)), strict=True)),
        index=initial,
        description=description,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="min(100%, 640px)"),
    )
    widgets.jslink((slider, "index"), (stack, "selected_index"))
    return widgets.VBox([slider, stack])
