"""Figures of the book: pure functions that take numbers and return a matplotlib Figure.

One module per group of chapters. Figures are built with
``matplotlib.figure.Figure`` (no pyplot state), so they are safe to render
many times for a slider's frames. Every figure function also writes the
figure's text alternative from the numbers it draws; ``describe(fig)``
returns it (see ``_alt.py``).
"""

from ._alt import describe

__all__ = ["describe"]
