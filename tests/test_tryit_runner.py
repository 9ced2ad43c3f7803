"""The Python half of the try-it blocks (assets/tryit/tryit_runner.py), run natively.

The browser tests (tests/browser/test_tryit.py) run the same module in Pyodide;
here each kind of reader input gets its report without a browser: a wrong
attempt its diagnosis, a right one "✓ Correct", a syntax error its line, an
exception outside the function its line, a renamed function a plain message,
and a print loop a cut output.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from w2vlib import checker

RUNNER = Path(__file__).resolve().parent.parent / "assets" / "tryit" / "tryit_runner.py"
spec = importlib.util.spec_from_file_location("tryit_runner", RUNNER)
tryit_runner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tryit_runner)

CALL = 'check(my_sigmoid_grad, result="sigmoid_grad")'
WRONG = """from w2vlib.checker import check, self_check


def my_sigmoid_grad(x):
    s = 1.0 / (1.0 + np.exp(-x))
    return s * (1.0 + s)
"""


def test_a_wrong_attempt_gets_the_same_report_as_the_checker():
    out = tryit_runner.run(WRONG, CALL)
    namespace = {"np": np}
    exec(WRONG, namespace)
    assert out["status"] == "wrong"
    assert out["report"] == repr(checker.check(namespace["my_sigmoid_grad"], result="sigmoid_grad"))
    assert "Diagnosis: this is a known mistake" in out["report"]


def test_a_right_answer_is_correct():
    code = WRONG.replace("s * (1.0 + s)", "s * (1.0 - s)")
    out = tryit_runner.run(code, CALL)
    assert out["status"] == "correct"
    assert "✓ Correct" in out["report"]


def test_a_syntax_error_is_reported_with_its_line():
    code = WRONG.replace("return s * (1.0 + s)", "return s * (1.0 + s")
    out = tryit_runner.run(code, CALL)
    assert out["status"] == "syntax"
    assert out["report"].startswith("✗ SyntaxError on line 6 of your code")
    assert "return s * (1.0 + s" in out["report"]


def test_an_exception_outside_the_function_is_reported_with_its_line():
    out = tryit_runner.run(WRONG + "\nscale = 1 / 0\n", CALL)
    assert out["status"] == "error"
    assert out["report"].startswith("✗ Your code raised ZeroDivisionError on line 8")


def test_an_exception_inside_the_function_gets_the_checkers_report_with_the_line():
    out = tryit_runner.run(WRONG.replace("return s * (1.0 + s)", "return s * undefined_name"), CALL)
    assert out["status"] == "wrong"
    assert "NameError" in out["report"]
    assert "return s * undefined_name" in out["report"]


def test_a_renamed_function_is_named():
    out = tryit_runner.run(WRONG.replace("def my_sigmoid_grad", "def sigmoid_grad_mine"), CALL)
    assert out["status"] == "error"
    assert "does not define my_sigmoid_grad" in out["report"]


@pytest.mark.parametrize("stream", ["print(i)", "import sys; sys.stderr.write(str(i))"])
def test_flooding_output_is_cut(stream):
    code = WRONG + f"\nfor i in range(100_000):\n    {stream}\n"
    out = tryit_runner.run(code, CALL)
    assert out["status"] == "wrong"
    assert len(out["printed"]) < tryit_runner.PRINT_LIMIT + 200
    assert "output cut" in out["printed"]


# The Math mode: run_math is check_math as the notebook's cell runs it, preview is mathcheck.preview.
SIGMOID_SLIP = r"\sigma'(x) = \sigma(x)(1 + \sigma(x))"


def test_a_math_slip_gets_the_same_report_as_check_math():
    from w2vlib import MATH_RESULTS, check_math

    out = tryit_runner.run_math(SIGMOID_SLIP, "sigmoid_grad")
    report = check_math(SIGMOID_SLIP, result="sigmoid_grad")
    assert out["status"] == "wrong" and not report.passed
    assert out["report"] == str(report)
    assert out["math"] == report.to_dict()
    assert out["math"]["first_wrong_line"] == 1
    assert MATH_RESULTS["sigmoid_grad"].latex != SIGMOID_SLIP


def test_the_derived_result_is_correct_in_math():
    from w2vlib import MATH_RESULTS

    out = tryit_runner.run_math(MATH_RESULTS["sigmoid_grad"].latex, "sigmoid_grad")
    assert out["status"] == "correct", out["report"]
    assert out["math"]["passed"] is True


def test_math_that_cannot_be_read_is_a_parse_report_with_its_position():
    out = tryit_runner.run_math("\\sigma'(x) = \\sigma(x)(1 - ", "sigmoid_grad")
    assert out["status"] == "parse"
    error = out["math"]["parse_error"]
    assert error["line"] == 1 and error["column"] >= 1
    shown = tryit_runner.preview("\\sigma'(x) = \\sigma(x)(1 - ", "sigmoid_grad")
    assert shown["ok"] is False and shown["error"]["line"] == 1


def test_a_page_out_of_step_with_w2vlib_gets_a_report_not_an_exception():
    out = tryit_runner.run_math(SIGMOID_SLIP, "no_such_result")
    assert out["status"] == "parse" and "no_such_result" in out["report"] and "Rebuild" in out["report"]


def test_the_preview_reads_every_line_and_warm_up_runs():
    shown = tryit_runner.preview("\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))\n= \\sigma(x) - \\sigma(x)^2",
                                 "sigmoid_grad")
    assert shown["ok"] is True
    assert [line["line"] for line in shown["lines"]] == [1, 2]
    assert all(line["latex"] for line in shown["lines"])
    tryit_runner.warm_up(True)
