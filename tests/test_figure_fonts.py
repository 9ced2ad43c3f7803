"""Figure text is legible: at least 11 CSS px where the book shows it, and the frames are sharp at 2×.

Every figure function is drawn with the cases of test_figure_descriptions.py.
The book shows a figure ``w2vlib.sliders.DPI`` CSS pixels per inch of figure
(its ``<img>`` width and height), so a label of s points is s × DPI / 72 CSS
pixels tall on a laptop, where the figure fills the text column at that size
(tests/browser/test_reader_view.py checks that it is not shrunk there).
"""

from __future__ import annotations

import io

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from PIL import Image
from test_figure_descriptions import CASES

from w2vlib.sliders import DPI, PIXEL_RATIO, figure_png

MIN_CSS_PX = 11.0


def _shown_texts(fig):
    """Every drawn text of a figure: visible, not empty, inside the figure."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    frame = fig.bbox
    texts = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip() or text.get_alpha() == 0:
            continue
        box = text.get_window_extent(renderer)
        if box.width == 0 or not frame.overlaps(box):
            continue
        texts.append(text)
    return texts


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_label_is_at_least_11_css_px(name):
    fig, _ = CASES[name]()
    texts = _shown_texts(fig)
    assert texts
    small = sorted({(t.get_fontsize(), t.get_text()[:40]) for t in texts
                    if t.get_fontsize() * DPI / 72 < MIN_CSS_PX})
    assert not small, f"{name}: text below {MIN_CSS_PX} px at {DPI} px per inch: {small}"


def test_frames_have_twice_the_css_pixels():
    fig, _ = CASES["sigmoid"]()
    inches = fig.get_size_inches()
    with Image.open(io.BytesIO(figure_png(fig))) as im:
        assert PIXEL_RATIO >= 2
        css = [round(x * DPI) for x in inches]  # the <img>'s width and height
        assert all(abs(n - PIXEL_RATIO * c) <= 1 for n, c in zip(im.size, css, strict=True)), (im.size, css)
