"""The worked answers, pasted as they are: every derivation parses, right steps verify, slips are caught.

Also the notebooks' shipped math attempts (tests/data/shipped_math_attempts.json): one slip each,
named by the report, and right once that slip is fixed.

tests/data/written_answers_math.md holds the displayed derivations ($$ … $$ blocks) of the
seed's written-answers.md, copied exactly and grouped by question. The known slips that are
formulas (seed README): (b)(i) sums over k ∈ |Vocab| (a note, not an error), (e) the
derivative given for x < 0 and x > 0 only (x = 0 left undefined), (i) the window −m ≤ j < m.
"""

import json
import re
from pathlib import Path

import pytest

from w2vlib.mathcheck import MATH_RESULTS, check_math, preview

DATA = Path(__file__).parent / "data" / "written_answers_math.md"


def _questions() -> dict[str, list[str]]:
    text = DATA.read_text(encoding="utf-8")
    parts = re.split(r"^## (.*)$", text, flags=re.M)
    return {parts[i].strip(): re.findall(r"\$\$.*?\$\$", parts[i + 1], flags=re.S)
            for i in range(1, len(parts), 2)}


QUESTIONS = _questions()

# question -> (result checked, passed, first wrong line, diagnosis id)
EXPECTED = {
    "(a)": ("naive_softmax_loss", True, None, None),
    "(b)(i)": ("grad_center", True, None, None),
    "(b)(iii)": ("grad_center", True, None, None),
    "(c)": ("grad_outside_vector", True, None, None),
    "(d)": ("grad_U", True, None, None),
    "(e)": ("leaky_relu_grad", False, 2, "nan_at_zero"),
    "(f)": ("sigmoid_grad", True, None, None),
    "(g)(i)": ("neg_grad_negative", True, None, None),
    "(g)(ii)": ("neg_grad_center", True, None, None),
    "(h)": ("repeated_negatives_grad", True, None, None),
    "(i)": ("skipgram_grad_U", False, 1, "last_offset_missing"),
}


def test_the_data_file_has_every_displayed_derivation():
    assert set(QUESTIONS) == set(EXPECTED)
    assert sum(len(b) for b in QUESTIONS.values()) == 22


@pytest.mark.parametrize("question", list(EXPECTED))
def test_every_displayed_derivation_parses(question):
    for block in QUESTIONS[question]:
        p = preview(block)
        assert p["ok"], (question, p["error"])
        assert check_math(block).parse_error is None


@pytest.mark.parametrize("question", list(EXPECTED))
def test_worked_answer_checked_line_by_line(question):
    result, passed, wrong_line, diagnosis = EXPECTED[question]
    report = check_math("\n".join(QUESTIONS[question]), result)
    assert report.parse_error is None
    assert report.passed is passed, str(report)
    assert report.first_wrong_line == wrong_line
    assert (report.diagnosis.id if report.diagnosis else None) == diagnosis
    wrong = {s.line for s in report.steps if s.ok is False}
    for step in report.steps:  # a step not verified is a named left side, words, or a defined symbol
        assert step.ok is not None or step.note, step
    if passed:
        assert not wrong


def test_vocab_slip_is_a_note_not_an_error():
    report = check_math("\n".join(QUESTIONS["(b)(i)"]), "grad_center")
    assert report.passed
    assert any("|Vocab| is a number" in n for n in report.notes)


def test_leaky_relu_slip_caught_on_its_lines():
    report = check_math("\n".join(QUESTIONS["(e)"]), "leaky_relu_grad")
    wrong = sorted({s.line for s in report.steps if s.ok is False})
    assert wrong == [2, 3]  # f(x) and f'(x) both leave x = 0 out
    assert "x = 0" in report.failing.case


def test_window_slip_caught_on_each_line_it_is_on():
    report = check_math("\n".join(QUESTIONS["(i)"]), "skipgram_grad_U")
    wrong = sorted({s.line for s in report.steps if s.ok is False})
    assert wrong == [1, 2]  # ∂J/∂U and ∂J/∂v_c both sum over −m ≤ j < m; ∂J/∂v_w = 0 is right
    assert "m \\leq j < m" in report.failing.after_latex


def test_worked_answers_verify_many_steps():
    verified = 0
    for question, (result, *_rest) in EXPECTED.items():
        report = check_math("\n".join(QUESTIONS[question]), result)
        verified += sum(1 for s in report.steps if s.ok)
    assert verified >= 50


SHIPPED = json.loads((DATA.parent / "shipped_math_attempts.json").read_text(encoding="utf-8"))
BOOK = Path(__file__).resolve().parent.parent / "book"
MATH_CELL = re.compile(r'check_math\(r"""\n(?P<answer>.*?)\n""", result=(?P<result>"\w+"|None)\)', re.S)


def _math_cell(chapter):
    """The chapter's check_math cell (its answer, its result name) and the cell's committed output."""
    cells = json.loads((BOOK / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    found = [(m, c) for c in cells if c["cell_type"] == "code"
             for m in [MATH_CELL.fullmatch("".join(c["source"]).strip())] if m]
    assert len(found) == 1, f"{chapter}: expected one check_math cell"
    m, cell = found[0]
    output = "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                     for o in cell.get("outputs", []))
    return m["answer"], json.loads(m["result"]) if m["result"] != "None" else None, output


def test_every_chapter_with_a_math_result_ships_a_math_attempt():
    chapters = {p.stem for p in BOOK.glob("[a-i]*_*.ipynb") if "check_math(" in p.read_text(encoding="utf-8")}
    assert chapters == set(SHIPPED)
    assert {spec.chapter for spec in MATH_RESULTS.values()} <= chapters


@pytest.mark.parametrize("chapter", list(SHIPPED))
def test_shipped_attempt_has_one_slip_and_passes_once_fixed(chapter):
    attempt = SHIPPED[chapter]
    answer, result, output = _math_cell(chapter)
    assert result == attempt["result"]
    report = check_math(answer, result)
    assert not report.passed and report.first_wrong_line == attempt["first_wrong_line"] >= 2
    assert report.diagnosis.id == attempt["diagnosis"]
    # the notebook's committed output is that report (nbval proves it is what the cell prints)
    words = " ".join(output.split())  # the report is wrapped to the page's width
    assert f"Line {attempt['first_wrong_line']} is where it first goes wrong" in words
    assert f"(id: {attempt['diagnosis']})" in words
    assert answer.count(attempt["slip"]) == 1
    fixed = check_math(answer.replace(attempt["slip"], attempt["fix"]), result)
    assert fixed.passed, str(fixed)
