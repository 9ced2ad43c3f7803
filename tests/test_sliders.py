"""w2vlib.sliders: precomputed-frame sliders that work without a kernel."""

from __future__ import annotations

import base64
import io
import re

import ipywidgets as widgets
import numpy as np
import pytest
from ipywidgets.widgets import widget as widget_module
from ipywidgets.widgets.widget_link import Link
from matplotlib.figure import Figure
from PIL import Image

from w2vlib.figures import describe
from w2vlib.figures._alt import described
from w2vlib.sliders import DPI, SLIDER_CLASS, figure_image, figure_png, frame_slider

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
VALUES = [0.1, 0.5, 1.0, 2.0]


def draw(eta):
    """A small figure that depends on the value: a parabola scaled by eta and a title showing it."""
    fig = Figure(figsize=(2.0, 1.5))
    ax = fig.add_subplot()
    x = np.linspace(-1, 1, 21)
    ax.plot(x, eta * x**2)
    ax.set_ylim(0, 2)
    ax.set_title(f"$\\eta$ = {eta:.2f}")
    return described(fig, f"A parabola {eta:.2f} x² on [−1, 1], as high as {eta:.2f} at both ends")


IMG = re.compile(
    r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)" width="(\d+)" height="(\d+)"'
)


def frame_png_and_alt(frame):
    """The PNG bytes and the alt text of one frame (an HTML widget holding one <img>)."""
    found = IMG.match(frame.value)
    assert found, frame.value[:200]
    return base64.b64decode(found.group(1)), found.group(2)


def label(eta):
    return f"η = {eta:.2f}"


def _links_between(slider, stack):
    return [
        wid
        for wid in list(widget_module._instances.values())
        if isinstance(wid, Link)
        and wid.source == (slider, "index")
        and wid.target == (stack, "selected_index")
    ]


@pytest.fixture(scope="module")
def built():
    box = frame_slider(VALUES, draw, label=label, description="step size", initial=2)
    return box


def test_structure_is_a_vbox_of_selection_slider_and_stack_of_images(built):
    assert isinstance(built, widgets.VBox)
    slider, stack = built.children
    assert isinstance(slider, widgets.SelectionSlider)
    assert isinstance(stack, widgets.Stack)
    assert len(stack.children) == len(VALUES)
    assert all(isinstance(frame, widgets.HTML) for frame in stack.children)
    assert slider.description == "step size"
    assert SLIDER_CLASS in built._dom_classes
    assert slider.continuous_update is True


def test_readout_labels_are_the_given_labels(built):
    slider, _ = built.children
    expected = [label(v) for v in VALUES]
    assert [lab for lab, _ in slider.options] == expected
    assert [val for _, val in slider.options] == list(range(len(VALUES)))
    assert slider.label == "η = 1.00"  # the initial frame, index 2


def test_initial_index_is_shown_first(built):
    slider, stack = built.children
    assert slider.index == 2 and stack.selected_index == 2
    box = frame_slider(VALUES, draw, label=label)
    assert box.children[0].index == 0 and box.children[1].selected_index == 0


def test_frames_are_valid_distinct_pngs_in_value_order(built):
    _, stack = built.children
    pngs = [frame_png_and_alt(frame)[0] for frame in stack.children]
    assert all(p.startswith(PNG_MAGIC) for p in pngs)
    assert len(set(pngs)) == len(pngs)
    for p in pngs:
        with Image.open(io.BytesIO(p)) as im:
            im.load()
            assert im.format == "PNG"
            # twice the CSS size given by the <img>'s width and height: sharp on 2× screens
            assert im.size == (2 * round(2.0 * DPI), 2 * round(1.5 * DPI))
    # frame i is exactly the rendering of value i
    for value, png in zip(VALUES, pngs, strict=True):
        assert png == figure_png(draw(value))


def test_slider_index_is_jslinked_to_the_stack(built):
    slider, stack = built.children
    links = _links_between(slider, stack)
    assert len(links) == 1
    assert isinstance(links[0], Link)  # jslink (JavaScript), not a Python-side observe


def test_dpi_argument_sets_the_frame_size():
    box = frame_slider(VALUES[:2], draw, label=label, dpi=40)
    png, _ = frame_png_and_alt(box.children[1].children[0])
    with Image.open(io.BytesIO(png)) as im:
        assert im.size == (160, 120)
    assert IMG.match(box.children[1].children[0].value).group(3, 4) == ("80", "60")


def test_every_frame_carries_its_figures_description_as_alt_text(built):
    _, stack = built.children
    alts = [frame_png_and_alt(frame)[1] for frame in stack.children]
    assert alts == [describe(draw(v)) for v in VALUES]
    assert "1.00 x²" in alts[2]


def test_alt_text_is_escaped_for_html():
    def quoting(eta):
        return described(draw(eta), f'a "quoted" <b>figure</b> & more, eta {eta}')

    box = frame_slider([1.0, 2.0], quoting, label=label)
    value = box.children[1].children[0].value
    assert 'alt="a &quot;quoted&quot; &lt;b&gt;figure&lt;/b&gt; &amp; more, eta 1.0"' in value


def test_a_figure_without_description_is_rejected():
    with pytest.raises(ValueError, match="has no description"):
        frame_slider([1.0, 2.0], lambda eta: Figure(), label=label)
    with pytest.raises(ValueError, match="has no description"):
        figure_image(Figure())


def test_figure_image_shows_the_png_with_its_description_as_alt_and_plain_text():
    bundle = figure_image(draw(0.5))._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/plain"] == describe(draw(0.5))
    png = base64.b64decode(IMG.match(bundle["text/html"]).group(1))
    assert png == figure_png(draw(0.5))
    assert IMG.match(bundle["text/html"]).group(2) == bundle["text/plain"]


def test_figure_png_is_byte_identical_across_renders():
    a = figure_png(draw(0.5))
    b = figure_png(draw(0.5))
    assert a == b
    assert a.startswith(PNG_MAGIC)
    assert b"Software" not in a  # no version or timestamp metadata
    assert figure_png(draw(0.5), dpi=50) != a


def test_label_receives_the_real_values():
    seen = []

    def record(v):
        seen.append(v)
        return f"m = {v}"

    frame_slider([1, 2, 3], lambda m: draw(float(m)), label=record)
    assert seen == [1, 2, 3]


@pytest.mark.parametrize("values", [[], [0.5], iter([0.5])])
def test_fewer_than_two_values_are_rejected(values):
    with pytest.raises(ValueError, match=r"values must hold at least two slider positions"):
        frame_slider(values, draw, label=label)


def test_duplicate_labels_are_rejected():
    with pytest.raises(ValueError, match=r"label must give every value a distinct readout"):
        frame_slider([0.1, 0.1001, 0.5], draw, label=lambda v: f"{v:.2f}")


@pytest.mark.parametrize(
    ("initial", "exc", "pattern"),
    [
        (-1, ValueError, r"initial must be in range\(0, 4\), got -1"),
        (4, ValueError, r"initial must be in range\(0, 4\), got 4"),
        (1.0, TypeError, r"initial must be an integer index"),
        (True, TypeError, r"initial must be an integer index"),
        ("0", TypeError, r"initial must be an integer index"),
        (None, TypeError, r"initial must be an integer index"),
    ],
)
def test_bad_initial_is_rejected(initial, exc, pattern):
    with pytest.raises(exc, match=pattern):
        frame_slider(VALUES, draw, label=label, initial=initial)


def test_non_callable_draw_or_label_is_rejected():
    with pytest.raises(TypeError, match=r"draw and label must be callables"):
        frame_slider(VALUES, None, label=label)
    with pytest.raises(TypeError, match=r"draw and label must be callables"):
        frame_slider(VALUES, draw, label="η")
