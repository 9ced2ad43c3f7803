"""The book's self-check quizzes must not give their answers away by position or length.

Every notebook's ``self_check([...])`` cell is read from its source (the list of
questions is a literal), passed through ``w2vlib.checker.self_check`` as the
book does, and the shown order of the answers is examined across the whole book.
"""

from __future__ import annotations

import ast
import json
import re
from math import comb
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from w2vlib.checker import _quiz_order, self_check

BOOK = Path(__file__).resolve().parent.parent / "book"


def _quizzes() -> list[tuple[str, list[dict]]]:
    """(notebook, questions as the reader sees them) for every self_check call in the book."""
    found = []
    for path in sorted(BOOK.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code" or "self_check(" not in "".join(cell["source"]):
                continue
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "self_check":
                    questions = ast.literal_eval(node.args[0])
                    found.append((path.stem, list(self_check(questions).questions)))
    return found


QUIZZES = _quizzes()
QUESTIONS = [q for _, qs in QUIZZES for q in qs]


def _shown_length(text: str) -> int:
    """Length of an answer as read: TeX commands, braces and $ signs do not count."""
    text = re.sub(r"\\[A-Za-z]+", "", text)
    return len(re.sub(r"[{}$`\\]", "", text).strip())


def test_the_book_has_quizzes_to_examine():
    assert len(QUIZZES) >= 12 and len(QUESTIONS) >= 36


def test_the_shuffle_is_a_permutation_fixed_by_the_question():
    for n in range(2, 9):
        for question in ("Which expression is the gradient?", "Another question", ""):
            order = _quiz_order(question, n)
            assert sorted(order) == list(range(n))
            assert order == _quiz_order(question, n)
    # it depends on the question: over many questions every answer reaches every place
    firsts = {_quiz_order(f"question {k}", 4)[0] for k in range(200)}
    assert firsts == {0, 1, 2, 3}


def test_every_answer_of_every_question_is_shown_once():
    for _, questions in QUIZZES:
        for q in questions:
            assert len({a["answer"] for a in q["answers"]}) == len(q["answers"])


def test_the_right_answers_are_spread_over_the_positions():
    """Chi-square test of the right answers' positions against a uniform placement.

    A question with n answers and r right ones puts a right answer at each of its
    n positions with probability r/n if the order tells nothing; the expected
    counts per position are summed over the book. "Always A" (the book before
    the shuffle: 36 of 36) gives p below 1e-20; a fair placement rarely gives
    p below 0.001.
    """
    width = max(len(q["answers"]) for q in QUESTIONS)
    observed = np.zeros(width)
    expected = np.zeros(width)
    for q in QUESTIONS:
        n = len(q["answers"])
        right = [i for i, a in enumerate(q["answers"]) if a["correct"]]
        observed[right] += 1
        expected[:n] += len(right) / n
    # positions that too few questions have (E, F, ...) are pooled with the last common one
    keep = int(np.sum(expected >= 5))
    observed = np.append(observed[:keep - 1], observed[keep - 1:].sum())
    expected = np.append(expected[:keep - 1], expected[keep - 1:].sum())
    p = stats.chisquare(observed, expected).pvalue
    letters = "ABCDEFGH"
    table = ", ".join(f"{letters[i]}: {int(o)} (expected {e:.1f})"
                      for i, (o, e) in enumerate(zip(observed, expected, strict=True)))
    assert p > 1e-3, f"right answers by position: {table}; p = {p:.1e}"
    assert observed[0] < 0.5 * observed.sum(), table


def _poisson_binomial_tail(probabilities: list[float], k: int) -> float:
    """P(at least k successes) for independent trials with the given success probabilities."""
    dist = np.array([1.0])
    for p in probabilities:
        dist = np.convolve(dist, [1 - p, p])
    return float(dist[k:].sum())


def test_poisson_binomial_tail_agrees_with_the_binomial():
    tail = _poisson_binomial_tail([0.25] * 10, 4)
    assert tail == pytest.approx(sum(comb(10, j) * 0.25**j * 0.75 ** (10 - j) for j in range(4, 11)))


def test_the_right_answer_is_not_systematically_the_longest():
    """The right answer is the strictly longest option about as often as chance makes a given option so.

    Under "length tells nothing", a question with n answers has its right one
    strictly longest with probability at most r/n (r right answers); the number
    of such questions in the book is compared with that Poisson-binomial law.
    The test is one-sided at the 10 % level, so that a reader who always opens
    the longest option does not do clearly better than one who guesses: with 36
    three-option questions it allows at most 16 (chance: 12). The book before
    its quiz texts were revised had 19 of 36 (p = 0.018).
    """
    chance, longest = [], []
    for q in QUESTIONS:
        lengths = [_shown_length(a["answer"]) for a in q["answers"]]
        top = max(lengths)
        winners = [i for i, n in enumerate(lengths) if n == top]
        right = {i for i, a in enumerate(q["answers"]) if a["correct"]}
        chance.append(len(right) / len(lengths))
        if len(winners) == 1 and winners[0] in right:
            longest.append(q["question"][:60])
    p = _poisson_binomial_tail(chance, len(longest))
    assert p > 0.1, (f"the right answer is the longest in {len(longest)} of {len(QUESTIONS)} questions "
                      f"(chance: {sum(chance):.1f}; p = {p:.1e}): {longest}")
