"""Figures of the book: pure functions that take numbers and return a matplotlib Figure.

One module per group of chapters. Figures are built with
``matplotlib.figure.Figure`` (no pyplot state), so they are safe to render
many times for a slider's frames.
"""
