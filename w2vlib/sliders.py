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
from PIL import Image

from . import _checks
from .figures._alt import describe

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

#: Display density, CSS pixels per inch of figure: the book's 7.5-inch figures fill
#: the ~690 px text column of a laptop, and a 9 pt label is 11.5 px there.
DPI = 92
#: PNG pixels per CSS pixel: frames are sharp on high-density (2×) screens and when zoomed.
PIXEL_RATIO = 2
# The class of every frame slider's box: the book's CSS sizes the frames by it,
# and the accessibility test finds the frame sliders by it (assets/book.js
# names every slider handle and sets its aria-valuetext from the readout).
SLIDER_CLASS = "w2v-frame-slider"


def figure_png(fig, dpi: int = DPI) -> bytes:
    """Render a Figure to PNG bytes at ``PIXEL_RATIO`` × ``dpi`` pixels per inch, and close it.

    The image is reduced to a palette of at most 256 colours, without dithering:
    the figures are flat colours and their anti-aliased edges, so this is not
    visible, and a 2× frame costs about what an RGBA frame of half the size did
    (the book keeps each page under 3 MB). No timestamp metadata, so reruns are
    byte-identical.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi * PIXEL_RATIO, metadata={"Software": None})
    plt.close(fig)
    with Image.open(buf) as rgba:
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
    palette = flat.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _img_tag(fig, dpi: int) -> str:
    """``<img>`` of ``fig`` as an inline PNG, with the figure's description as its alt text.

    ``width`` and ``height`` are the CSS size (``dpi`` pixels per inch); the PNG
    has ``PIXEL_RATIO`` times as many pixels each way.
    """
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
