"""Run a reader's try-it code and its chapter's check; the Python half of the try-it blocks.

The worker (tryit-worker.mjs) imports this module in Pyodide, next to w2vlib,
and calls ``run(code, call)`` for each press of Run. It also runs natively
(the tests import it), and does the same there.

``run`` executes the reader's code in a fresh namespace that has ``np``, as
the chapter's notebook has by the time its "Try it yourself" cell runs, then
evaluates the chapter's ``check(...)`` call. It returns a dict:

- ``report``: the text the notebook would show: the checker's report, or for
  code that cannot get that far a report in the same style (a syntax error
  with its line, an exception outside the function with its line, a function
  the check cannot find);
- ``status``: ``"correct"``, ``"wrong"``, ``"syntax"`` or ``"error"``;
- ``printed``: what the code printed (stdout and stderr), cut after
  ``PRINT_LIMIT`` characters with a line that says so.

Endless loops are the worker's business: the page terminates it.

The Math mode calls ``run_math(answer, result)``: ``w2vlib.check_math`` on the
reader's LaTeX, returning ``status`` (``"correct"``, ``"wrong"`` or
``"parse"``), ``report`` (the text the notebook's ``check_math`` cell shows)
and ``math`` (``MathReport.to_dict()``, which the page renders: the wrong line,
the two expressions that differ, their values). ``preview(answer, result)`` is
``w2vlib.mathcheck.preview``: the formula as read, for the page to typeset
while the reader types. ``warm_up(math)`` imports the checkers and reads one
formula, so that the reader's first Run does not pay for it.
"""

from __future__ import annotations

import io
import linecache
import sys
import textwrap
import traceback

import numpy as np

FILENAME = "<your code>"
PRINT_LIMIT = 5_000
# As the checker's reports: lines wrapped at 88 characters, continuation lines indented.
WIDTH = 88


def _wrap(text: str, indent: int = 0) -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + 2),
                         break_long_words=False, break_on_hyphens=False)


class CappedOutput(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.total = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.total += len(text)
        room = self.limit - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        return len(text)

    def text(self) -> str:
        kept = "".join(self.parts)
        if self.total > self.kept:
            kept += (f"\n… output cut: your code printed {self.total:,} characters, "
                     f"the first {self.limit:,} are shown.")
        return kept


def _line(code: str, lineno: int | None) -> str:
    lines = code.splitlines()
    if lineno is None or not 1 <= lineno <= len(lines):
        return ""
    return lines[lineno - 1].strip()


def _syntax_report(exc: SyntaxError, code: str, call: str) -> str:
    kind = type(exc).__name__
    lines = [_wrap(f"✗ {kind} on line {exc.lineno} of your code: {exc.msg}.")]
    source = code.splitlines()[exc.lineno - 1] if exc.lineno and exc.lineno <= len(code.splitlines()) else ""
    if source.strip():
        indent = len(source) - len(source.lstrip())
        lines.append(f"  {exc.lineno:>3} | {source.strip()}")
        if exc.offset and exc.offset > indent:
            lines.append("      | " + " " * (exc.offset - 1 - indent) + "^")
    lines += ["", _wrap(f"Nothing was checked: Python could not read the code, so {call} did not run. "
                        "Fix that line and press Run again.")]
    return "\n".join(lines)


def _error_report(exc: BaseException, code: str, call: str, fn_name: str) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == FILENAME]
    kind = type(exc).__name__
    if isinstance(exc, NameError) and getattr(exc, "name", None) == fn_name and not frames:
        return "\n".join([
            _wrap(f"✗ Your code does not define {fn_name}, the function that {call} checks."),
            _wrap(f"Keep the line `def {fn_name}(...):` of the shipped code (Reset brings it back).", 2),
        ])
    where = f" on line {frames[-1].lineno}" if frames else ""
    lines = [_wrap(f"✗ Your code raised {kind}{where} before the check could run: {exc}")]
    if frames:
        lines.append(f"  {frames[-1].lineno:>3} | {_line(code, frames[-1].lineno)}")
    if isinstance(exc, ModuleNotFoundError):
        lines.append("  In the book's page Python has its standard library, NumPy and w2vlib, nothing else.")
    lines += ["", _wrap("The lines outside your function run first, before the check calls the function. "
                        "Fix the line above and press Run again.")]
    return "\n".join(lines)


def run(code: str, call: str) -> dict:
    """Execute ``code``, then evaluate ``call`` (a ``check(...)`` of w2vlib.checker); see the module doc."""
    from w2vlib.checker import CheckReport

    fn_name = call[len("check("):].split(",")[0].strip()
    # The checker names the line of the reader's code that raised; it reads it from linecache.
    linecache.cache[FILENAME] = (len(code), None, code.splitlines(True), FILENAME)
    printed = CappedOutput(PRINT_LIMIT)
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = printed
    try:
        try:
            compiled = compile(code, FILENAME, "exec")
        except SyntaxError as exc:
            return {"status": "syntax", "report": _syntax_report(exc, code, call), "printed": printed.text()}
        namespace = {"__name__": "__main__", "np": np}
        try:
            exec(compiled, namespace)
            namespace.setdefault("check", __import__("w2vlib.checker", fromlist=["check"]).check)
            report = eval(call, namespace)
        except (Exception, SystemExit) as exc:  # the reader's bug becomes a report, as the checker does
            return {"status": "error", "report": _error_report(exc, code, call, fn_name),
                    "printed": printed.text()}
    finally:
        sys.stdout, sys.stderr = saved
    status = "correct" if isinstance(report, CheckReport) and report.passed else "wrong"
    return {"status": status, "report": repr(report), "printed": printed.text()}


def run_math(answer: str, result: str | None) -> dict:
    """``check_math(answer, result)`` as the notebook's cell runs it; see the module doc."""
    from w2vlib import MATH_RESULTS, check_math

    if result is not None and result not in MATH_RESULTS:
        # Only a page out of step with its w2vlib.zip can ask for this; say so rather than crash.
        names = ", ".join(sorted(MATH_RESULTS))
        return {"status": "parse", "report": f"✗ This page asks for the result {result!r}, which this "
                f"w2vlib does not know (it knows {names}). Rebuild the book.", "math": None}
    report = check_math(answer, result=result)
    data = report.to_dict()
    status = "correct" if report.passed else ("parse" if data.get("parse_error") else "wrong")
    return {"status": status, "report": str(report), "math": data}


def preview(answer: str, result: str | None) -> dict:
    """The formula as read (``w2vlib.mathcheck.preview``), for the page's preview."""
    from w2vlib.mathcheck import preview as read

    return read(answer, result)


def warm_up(math: bool) -> None:
    """Import the checker, and with ``math`` build the math checker's parser and run it once: the
    worker's start-up pays for this, not the reader's first Run."""
    import w2vlib.checker  # noqa: F401 - imported for its start-up cost

    if math:
        from w2vlib import MATH_RESULTS

        name = next(iter(MATH_RESULTS))
        preview(MATH_RESULTS[name].latex, name)
        run_math(MATH_RESULTS[name].latex, name)
