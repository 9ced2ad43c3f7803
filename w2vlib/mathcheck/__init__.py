"""Check the reader's math: a formula or a whole derivation, typed as LaTeX, Unicode or ASCII.

``check_math(answer, result)`` reads the answer with the grammar in ``math.lark`` (never as
Python), evaluates every expression with NumPy on the seeded cases of ``w2vlib.checker.check``,
compares each step with the one before it and the first with the derived result, and names
the known mistake from ``w2vlib.mistakes`` that the last expression equals. ``MATH_RESULTS``
lists the results that can be checked, with the symbols each one knows. Pure Python, NumPy and
Lark, so it also runs in the browser (Pyodide).
"""

from .check import MathReport, check_math, preview
from .results import MATH_RESULTS, MathResultSpec

__all__ = ["MATH_RESULTS", "MathReport", "MathResultSpec", "check_math", "preview"]
