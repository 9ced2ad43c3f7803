"""Sliders made of precomputed frames.

One PNG is rendered per slider value with a figure function from
``w2vlib.figures``; the PNGs sit in an ``ipywidgets.Stack`` and the slider's
index is linked to the stack's ``selected_index`` in JavaScript (``jslink``).
Moving the slider therefore needs no kernel: it works the same in the static
HTML book, on Binder and in JupyterLab.

Each frame is an ``<img>`` whose ``alt`` text is the figure's description
(``w2vlib.figures.describe``), so a screen reader reads the visible frame's
numbers; static figures are shown the same way with :func:`figure_image`.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib

from . import _checks
from .figures._alt import describe

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DPI = 80
# The class of every frame slider's box: the book's CSS sizes the frames by it,
# and the accessibility test finds the frame sliders by it (assets/book.js
# names every slider handle and sets its aria-valuetext from the readout).
SLIDER_CLASS = "w2v-frame-slider"


def figure_png(fig, dpi: int = DPI) -> bytes:
    """Render a Figure to PNG bytes (no timestamp metadata, so reruns are byte-identical) and close it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _img_tag(fig, dpi: int) -> str:
    """``<img>`` of ``fig`` as an inline PNG, with the figure's description as its alt text."""
    alt = describe(fig)
    width, height = (round(x * dpi) for x in fig.get_size_inches())
    data = base64.b64encode(figure_png(fig, dpi=dpi)).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        f'width="{width}" height="{height}" style="max-width: 100%; height: auto">'
    )


class FigureImage:
    """A figure to display in a notebook: an ``<img>`` with its description as alt text.

    The text/plain form is the description itself, so a reader without images
    (and nbval) gets the same words.
    """

    def __init__(self, fig, dpi: int = DPI):
        self.description = describe(fig)
        self.html = _img_tag(fig, dpi)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html, "text/plain": self.description}


def figure_image(fig, dpi: int = DPI) -> FigureImage:
    """Display a ``w2vlib.figures`` Figure with its text alternative (and close it)."""
    return FigureImage(fig, dpi=dpi)


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
    shows the real value rather than a frame index, and which the book's
    JavaScript also gives screen readers as the handle's ``aria-valuetext``;
    ``description`` says what the slider varies and becomes the handle's
    accessible name. Each frame carries its figure's description as alt text.
    ``initial`` is the index shown first.
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

    frames = [widgets.HTML(value=_img_tag(draw(v), dpi)) for v in values]
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
    return widgets.VBox([slider, stack], _dom_classes=[SLIDER_CLASS])
