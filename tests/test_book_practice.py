"""Each chapter's "Try it yourself" ships a wrong attempt whose committed output is a real diagnosis.

nbval proves the committed outputs are what the code produces; this proves
those outputs say what the chapter promises: the shipped attempt is a known
mistake, recognised as such, not a crash inside the reader's function.
"""

import ast
import json
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
CHAPTERS = sorted(p for p in BOOK.glob("*.ipynb") if re.match(r"[a-i]\d?_", p.name))


def _cells(path):
    return json.loads(path.read_text())["cells"]


def _text(cell):
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def test_every_question_has_a_chapter():
    assert [p.name.split("_")[0] for p in CHAPTERS] == [
        "a", "b1", "b2", "b3", "b4", "c", "d", "e", "f", "g", "h", "i",
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_try_it_yourself_diagnoses_the_shipped_attempt(path):
    cells = _cells(path)
    headings = [i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                and "".join(c["source"]).startswith("## Try it yourself")]
    assert len(headings) == 1, f"{path.name}: expected one 'Try it yourself' section"
    checks = [c for c in cells[headings[0]:] if c["cell_type"] == "code"
              and "".join(c["source"]).lstrip().startswith("check(")]
    assert len(checks) == 1, f"{path.name}: expected one check(...) cell after 'Try it yourself'"
    report = _text(checks[0])
    assert "Not right yet" in report
    assert "Diagnosis: this is a known mistake" in report, report
    assert "raised" not in report, report


# The naive-softmax part, (a)-(d): an answer box first, one spine, quizzes that do not leak.

NAIVE = [p for p in CHAPTERS if p.name.split("_")[0] in ("a", "b1", "b2", "b3", "b4", "c", "d")]


def _markdown(path):
    return ["".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("path", NAIVE, ids=lambda p: p.stem)
def test_a_naive_softmax_chapter_opens_with_the_answer(path):
    first = _markdown(path)[0]
    question = {"a": "(a)", "b1": "(b)(i)", "b2": "(b)(ii)", "b3": "(b)(iii)", "b4": "(b)(iv)",
                "c": "(c)", "d": "(d)"}[path.name.split("_")[0]]
    lines = first.splitlines()
    assert lines[0].startswith("# " + question), lines[0]
    assert lines[2] == "```{admonition} The answer to question " + question, lines[2]
    box = first.split("```{admonition}", 1)[1].split("\n```", 1)[0]
    assert 3 <= len(box.splitlines()) <= 7  # a short box, before "What you'll learn"
    assert first.index("\n```\n") < first.index("## What you'll learn")


def test_the_spine_is_derived_in_the_main_text_of_b1_and_used_by_c_and_d():
    b1 = _markdown(BOOK / "b1_center_gradient.ipynb")
    main = b1[0].split("## Derivation", 1)[0]
    assert "$$ (eq-b1-logits)" in main and "$$ (eq-b1-spine)" in main
    assert "upstream\ngradient times input" in main or "upstream gradient times input" in main
    for name, label in (("c_outside_gradients", "eq-c-spine"), ("d_outside_matrix", "eq-d-spine")):
        first = _markdown(BOOK / f"{name}.ipynb")[0]
        short = first.split("## The short route", 1)[1].split("## Derivation", 1)[0]
        assert "{eq}`eq-b1-logits`" in short and f"$$ ({label})" in short


@pytest.mark.parametrize("path", NAIVE, ids=lambda p: p.stem)
def test_no_quiz_answer_is_the_longest_option_because_it_is_right(path):
    quiz = [c for c in _cells(path) if c["cell_type"] == "code"
            and "".join(c["source"]).startswith("self_check(")]
    assert len(quiz) == 1
    source = "".join(quiz[0]["source"])
    questions = ast.literal_eval(source[len("self_check("):source.rindex(")")])
    for q in questions:
        right = max(len(a["answer"]) for a in q["answers"] if a["correct"])
        wrong = max(len(a["answer"]) for a in q["answers"] if not a["correct"])
        assert right < wrong, q["question"]
