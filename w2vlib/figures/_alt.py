"""Text alternatives of the figures: each figure function writes one from the numbers it draws.

A figure function computes its numbers once, draws them, and passes the same
numbers to :func:`described`, which stores the sentence on the Figure
(``describe(fig)`` reads it back). The slider frames and the static figures of
the book carry that sentence as the image's ``alt`` text, so what a screen
reader says cannot drift from what the picture shows.

Numbers are written with :func:`num`: three significant digits at most, so a
description reads the same on every IEEE-754 machine.
"""

from __future__ import annotations

import math

from matplotlib.figure import Figure

ATTRIBUTE = "w2v_description"
MINUS = "\u2212"


def num(x: float, digits: int = 3) -> str:
    """``x`` to ``digits`` significant digits (trailing zeros kept, as on an axis), true minus sign.

    Plain decimals between 1e-3 and 1e4, whole numbers with commas up to 1e9
    (``123,000``), otherwise ``1.20e-5`` style. Never
    more than ``digits`` significant digits, so the text is portable.
    """
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"a description needs finite numbers, got {x}")
    if not 1 <= digits <= 4:
        raise ValueError(f"digits must be 1..4, got {digits}")
    if x == 0.0:
        return "0"
    rounded = float(f"{x:.{digits - 1}e}")
    exponent = math.floor(math.log10(abs(rounded)))
    if -3 <= exponent < 4:
        text = f"{rounded:.{max(digits - 1 - exponent, 0)}f}"
    elif 4 <= exponent < 9:
        text = f"{int(rounded):,}"  # 100,000 reads better than 1.00e5 and has the same digits
    else:
        mantissa, power = f"{rounded:.{digits - 1}e}".split("e")
        text = f"{mantissa}e{int(power)}"
    return text.replace("-", MINUS)


def described(fig: Figure, text: str) -> Figure:
    """Store ``text`` as the text alternative of ``fig`` and return ``fig``."""
    text = " ".join(str(text).split())
    if len(text) < 20:
        raise ValueError(f"a figure description must say what the figure shows, got {text!r}")
    setattr(fig, ATTRIBUTE, text)
    return fig


def describe(fig: Figure) -> str:
    """The text alternative a ``w2vlib.figures`` function stored on ``fig``."""
    text = getattr(fig, ATTRIBUTE, None)
    if not text:
        raise ValueError("this Figure has no description: build it with a w2vlib.figures function")
    return text
