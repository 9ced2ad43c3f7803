"""Tests of the practice checker (w2vlib.checker) and its catalogue of mistakes (w2vlib.mistakes).

Every catalogue entry must be recognised as itself and never pass; a correct
implementation of every result, written here from scratch the way a reader
would, must pass with no diagnosis; a function that raises, returns the wrong
type or shape, or NaN gets a plain report instead of a traceback; and the same
call gives the same report every time.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from w2vlib import checker
from w2vlib.checker import RESULTS, CheckError, check, results_table, self_check
from w2vlib.mistakes import CATALOGUE, Mistake, mistakes_for

CHAPTERS = [
    "a_cross_entropy", "b1_center_gradient", "b2_zero_gradient", "b3_gradient_step", "b4_l2_normalisation",
    "c_outside_gradients", "d_outside_matrix", "e_leaky_relu", "f_sigmoid", "g_negative_sampling",
    "h_repeated_negatives", "i_skipgram_window",
]


# Correct implementations, independent of w2vlib, as a reader would write them.


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def loss(center_vec, outside_idx, outside_vectors):
    z = outside_vectors @ center_vec
    return float(-z[outside_idx] + z.max() + np.log(np.sum(np.exp(z - z.max()))))


def grad_center(center_vec, outside_idx, outside_vectors):
    delta = _softmax(outside_vectors @ center_vec)
    delta[outside_idx] -= 1.0
    return outside_vectors.T @ delta


def expected_outside_vector(center_vec, outside_vectors):
    return outside_vectors.T @ _softmax(outside_vectors @ center_vec)


def sgd_step(center_vec, outside_idx, outside_vectors, lr):
    return center_vec - lr * grad_center(center_vec, outside_idx, outside_vectors)


def l2_normalise(vectors):
    return np.array([row / np.sqrt(row @ row) if np.any(row) else row for row in vectors])


def grad_outside_vector(center_vec, outside_idx, outside_vectors, w):
    y_hat = _softmax(outside_vectors @ center_vec)
    return (y_hat[w] - (1.0 if w == outside_idx else 0.0)) * center_vec


def grad_U(center_vec, outside_idx, outside_vectors):
    delta = _softmax(outside_vectors @ center_vec)
    delta[outside_idx] -= 1.0
    return np.outer(center_vec, delta)


def leaky_relu_grad(x, alpha):
    return np.where(x > 0, 1.0, alpha)


def sigmoid_grad(x):
    s = 1.0 / (1.0 + np.exp(-x))
    return s * (1.0 - s)


def neg_sampling_grads(center_vec, outside_idx, outside_vectors, negative_indices):
    def sig(z):
        return 1.0 / (1.0 + np.exp(-z))

    grad_v = np.zeros_like(center_vec)
    grad_U_rows = np.zeros_like(outside_vectors)
    s_o = outside_vectors[outside_idx] @ center_vec
    grad_v += (sig(s_o) - 1.0) * outside_vectors[outside_idx]
    grad_U_rows[outside_idx] += (sig(s_o) - 1.0) * center_vec
    for w in negative_indices:
        s = outside_vectors[w] @ center_vec
        grad_v += sig(s) * outside_vectors[w]
        grad_U_rows[w] += sig(s) * center_vec
    return grad_v, grad_U_rows


def repeated_negatives_grad(center_vec, outside_idx, outside_vectors, negative_indices):
    sig_o = 1.0 / (1.0 + np.exp(-(outside_vectors[outside_idx] @ center_vec)))
    sig_neg = 1.0 / (1.0 + np.exp(-(outside_vectors[negative_indices] @ center_vec)))
    grad = np.zeros_like(outside_vectors)
    grad[outside_idx] = (sig_o - 1.0) * center_vec
    np.add.at(grad, negative_indices, np.outer(sig_neg, center_vec))  # one term per draw
    return grad


def skipgram_window(sentence, t, window_size, center_vectors, outside_vectors):
    c = sentence[t]
    total = 0.0
    g_center = np.zeros_like(center_vectors)
    g_outside = np.zeros_like(outside_vectors)
    for j in range(-window_size, window_size + 1):
        if j == 0 or not 0 <= t + j < len(sentence):
            continue
        o = sentence[t + j]
        total += loss(center_vectors[c], o, outside_vectors)
        g_center[c] += grad_center(center_vectors[c], o, outside_vectors)
        g_outside += grad_U(center_vectors[c], o, outside_vectors).T
    return total, g_center, g_outside


CORRECT = {
    "naive_softmax_loss": loss,
    "grad_center": grad_center,
    "expected_outside_vector": expected_outside_vector,
    "sgd_step": sgd_step,
    "l2_normalise": l2_normalise,
    "grad_outside_vector": grad_outside_vector,
    "grad_U": grad_U,
    "leaky_relu_grad": leaky_relu_grad,
    "sigmoid_grad": sigmoid_grad,
    "neg_sampling_grads": neg_sampling_grads,
    "repeated_negatives_grad": repeated_negatives_grad,
    "skipgram_window": skipgram_window,
}


def _entry_id(m: Mistake) -> str:
    return f"{m.result}.{m.id}"


def _flat(report) -> str:
    """The report's text with its wrapped lines joined, for matching phrases."""
    return re.sub(r"\n +", " ", str(report))


# The catalogue and the results table.


def test_every_result_has_a_correct_implementation_here_and_a_chapter():
    assert set(CORRECT) == set(RESULTS)
    assert sorted(spec.chapter for spec in RESULTS.values()) == sorted(CHAPTERS)


def test_catalogue_entries_are_well_formed():
    seen = set()
    for m in CATALOGUE:
        assert m.result in RESULTS
        assert (m.result, m.id) not in seen, f"duplicate id {m.result}.{m.id}"
        seen.add((m.result, m.id))
        assert m.name and m.explanation and m.hint and callable(m.wrong)
    for name in RESULTS:
        assert len(mistakes_for(name)) >= 4, f"{name} has too few known mistakes"


def test_the_mistakes_the_issue_asks_for_are_in_the_catalogue():
    ids = {(m.result, m.id) for m in CATALOGUE}
    assert {
        ("grad_center", "sign_flipped"),
        ("grad_center", "one_hot_forgotten"),
        ("grad_U", "row_layout"),
        ("grad_center", "rows_read_as_columns"),
        ("grad_center", "row_vector"),
        ("neg_sampling_grads", "sigma_of_plus_x"),
        ("neg_sampling_grads", "counted_once"),
        ("repeated_negatives_grad", "counted_once"),
        ("skipgram_window", "last_offset_missing"),
        ("skipgram_window", "center_included"),
        ("leaky_relu_grad", "nan_at_zero"),
    } <= ids


def test_results_table_and_spec_text_name_every_result_and_signature():
    table = results_table()
    for name, spec in RESULTS.items():
        assert name in table and spec.signature in table and spec.chapter in table
        text = str(spec)
        assert spec.signature in text
        assert all(arg in text for arg, _ in spec.arguments)
        assert all(out.shape in text for out in spec.outputs)
        assert f"known mistakes diagnosed: {len(mistakes_for(name))}" in text


# Every wrong variant is found as itself; the right answer is never misdiagnosed.


@pytest.mark.parametrize("mistake", CATALOGUE, ids=_entry_id)
def test_each_mistake_is_diagnosed_as_itself(mistake):
    report = check(mistake.wrong, mistake.result)
    assert not report.passed
    assert report.diagnosis is mistake
    assert report.failure is not None
    text = str(report)
    assert "Not right yet" in text and mistake.name in _flat(report) and mistake.hint in _flat(report)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mistakes_are_diagnosed_on_other_random_instances(seed):
    for mistake in CATALOGUE:
        report = check(mistake.wrong, mistake.result, rng=np.random.default_rng(seed))
        assert not report.passed, _entry_id(mistake)
        assert report.diagnosis is mistake, _entry_id(mistake)


@pytest.mark.parametrize("name", list(RESULTS))
def test_the_derived_result_passes_with_no_diagnosis(name):
    spec = RESULTS[name]

    def reference(*args):
        out = spec.reference(*args)
        return out if len(out) > 1 else out[0]

    for fn in (reference, CORRECT[name]):
        report = check(fn, name)
        assert report.passed, str(report)
        assert report.diagnosis is None and report.failure is None
        assert report.n_passed == report.n_cases >= 5
        assert 0.0 <= report.max_error <= checker.TOL
        assert "✓ Correct" in str(report)
        report.raise_if_failed()  # no exception


@pytest.mark.parametrize("name", list(RESULTS))
def test_the_correct_result_passes_on_other_random_instances(name):
    for seed in (1, 2, 3):
        assert check(CORRECT[name], name, rng=np.random.default_rng(seed)).passed


def test_every_mistake_fails_on_the_first_case_shown_to_the_reader():
    # the first case is small, so a drafted "Try it yourself" cell shows a short report
    firsts = {m.result: 0 for m in CATALOGUE}
    for m in CATALOGUE:
        firsts[m.result] = max(firsts[m.result], check(m.wrong, m.result).failure.index)
    assert max(firsts.values()) <= 1, firsts


# A broken function gets a plain report, never a traceback.


def test_a_function_that_raises_gets_a_plain_report_with_the_line():
    def mine(center_vec, outside_idx, outside_vectors):
        scale = 0
        return center_vec / scale if isinstance(scale, float) else 1 / scale

    report = check(mine, "grad_center")
    assert not report.passed and report.failure.kind == "raised"
    assert report.failure.got is None and report.diagnosis is None
    text = _flat(report)
    assert "ZeroDivisionError: division by zero" in text
    assert "in mine(): return center_vec / scale if isinstance(scale, float) else 1 / scale" in text
    assert "center_vec" in text and "outside_vectors" in text and "expected grad_center_vec" in text
    assert "Fix that first" in text and "Traceback" not in text
    with pytest.raises(CheckError, match="ZeroDivisionError"):
        report.raise_if_failed()


def test_returning_none_is_explained():
    def mine(center_vec, outside_idx, outside_vectors):
        center_vec.sum()

    report = check(mine, "grad_center")
    assert report.failure.kind == "type"
    assert "returned None: is a `return` statement missing?" in _flat(report)


@pytest.mark.parametrize(
    ("value", "words"),
    [("abc", "returned a str"), ({"a": 1}, "returned a dict"), (np.array([1j, 2j, 3j]), "complex"),
     ([[1.0], [1.0, 2.0]], "cannot turn into an array"), (np.array(["a", "b", "c"]), "not numbers")],
)
def test_a_wrong_type_is_explained(value, words):
    report = check(lambda v, o, U: value, "grad_center")
    assert not report.passed and report.failure.kind == "type"
    assert words in _flat(report)


def test_a_wrong_number_of_outputs_is_explained():
    report = check(lambda v, o, U, neg: (np.zeros(3),), "neg_sampling_grads")
    assert report.failure.kind == "type"
    assert "returned 1 values; it must return a tuple of 2: (grad_center_vec, grad_outside_vectors)" in _flat(
        report)


def test_a_wrong_shape_is_explained():
    report = check(lambda v, o, U: np.zeros(v.shape[0] + 1), "grad_center")
    assert not report.passed and report.failure.kind == "shape"
    assert "has shape (4,), but it must have shape (d,) = (3,)" in _flat(report)
    assert report.diagnosis is None and "does not match any of the" in _flat(report)


def test_a_transposed_unknown_answer_is_pointed_out():
    report = check(lambda v, o, U, neg: repeated_negatives_grad(v, o, U, neg).T, "repeated_negatives_grad")
    assert report.failure.kind == "shape" and report.diagnosis is None
    assert "transposed" in _flat(report)


def test_nan_is_explained():
    report = check(lambda x: np.full(np.shape(x), np.nan), "sigmoid_grad")
    assert report.failure.kind == "nonfinite"
    assert "contains 6 NaN (of 6 entries)" in _flat(report)
    assert report.max_error == np.inf


def test_a_constant_factor_is_pointed_out():
    report = check(lambda v, o, U: 2.0 * grad_U(v, o, U), "grad_U")
    assert report.diagnosis is None
    assert "Your result is 2 times the derived one on every case" in _flat(report)


def test_warnings_from_the_readers_code_are_caught_and_reported():
    def noisy(x):
        with np.errstate(over="warn"):
            s = 1.0 / (1.0 + np.exp(-1000.0 * x))  # overflows for negative x
        return s * (1.0 - s)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning escaping check() would fail here
        report = check(noisy, "sigmoid_grad")
    assert "NumPy warned while running your function" in _flat(report)
    assert "overflow encountered in exp" in _flat(report)


def test_changing_an_argument_in_place_is_noted_but_allowed():
    def in_place(center_vec, outside_idx, outside_vectors, lr):
        center_vec -= lr * grad_center(center_vec, outside_idx, outside_vectors)
        return center_vec

    report = check(in_place, "sgd_step")
    assert report.passed
    assert "changes its argument center_vec in place" in _flat(report)


def test_any_subgradient_of_leaky_relu_at_zero_is_accepted_and_noted():
    report = check(lambda x, a: np.where(x >= 0, 1.0, a), "leaky_relu_grad")
    assert report.passed and "returns 1 (the slope on the right)" in _flat(report)
    report = check(lambda x, a: np.where(x > 0, 1.0, np.where(x < 0, a, (1 + a) / 2)), "leaky_relu_grad")
    assert report.passed and "a value between α and 1" in _flat(report)
    assert "Note" not in str(check(leaky_relu_grad, "leaky_relu_grad"))
    outside = check(lambda x, a: np.where(x > 0, 1.0, np.where(x < 0, a, 2.0)), "leaky_relu_grad")
    assert not outside.passed and outside.diagnosis is None


# Determinism and argument validation.


def test_the_same_check_gives_the_same_report():
    for m in (CATALOGUE[0], mistakes_for("skipgram_window")[0]):
        assert str(check(m.wrong, m.result)) == str(check(m.wrong, m.result))
        a = check(m.wrong, m.result, rng=np.random.default_rng(5))
        b = check(m.wrong, m.result, rng=np.random.default_rng(5))
        assert str(a) == str(b) and repr(a) == str(a)
    assert str(check(grad_U, "grad_U")) == str(check(grad_U, "grad_U"))


def test_check_validates_its_arguments():
    with pytest.raises(ValueError, match="result must be one of naive_softmax_loss, grad_center"):
        check(grad_center, "grad_v")
    with pytest.raises(ValueError, match="skipgram_window"):
        check(grad_center, 3)
    with pytest.raises(TypeError, match="reader_fn must be a function"):
        check(np.zeros(3), "grad_center")
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        check(grad_center, "grad_center", rng=0)


# Self-check questions.

ONE_RIGHT = [{"answer": "a", "correct": True, "feedback": "f"}]
NONE_RIGHT = [{"answer": "a", "correct": False, "feedback": "f"}] * 2
BAD_FLAG = [{"answer": "a", "correct": "yes", "feedback": "f"}] * 2

QUESTIONS = [
    {
        "question": "Which vector is $\\partial J/\\partial \\mathbf{v}_c$ when a < b?",
        "type": "multiple_choice",
        "answers": [
            {"answer": "U(ŷ − y)", "correct": True, "feedback": "Predicted minus true."},
            {"answer": "Uŷ", "correct": False, "feedback": "The one-hot term is missing."},
        ],
    },
    {
        "question": "Second: is `outside_vectors.T @ delta` right?",
        "answers": [
            {"answer": "yes", "correct": False, "feedback": "no"},
            {"answer": "no", "correct": True, "feedback": "yes"},
            {"answer": "maybe", "correct": False, "feedback": "no"},
        ],
    },
]


def test_self_check_renders_static_html_without_script_or_random_ids():
    quiz = self_check(QUESTIONS)
    page = quiz._repr_html_()
    assert page.count("<details>") == 5 and page.count("</details>") == 5
    assert page.count("✓ Right.") == 2 and page.count("✗ Not quite.") == 3
    assert "<script" not in page and "http" not in page
    assert "\\(\\partial J/\\partial \\mathbf{v}_c\\)" in page  # $...$ becomes MathJax's \(...\)
    assert "a &lt; b" in page  # text is escaped
    assert "<code>outside_vectors.T @ delta</code>" in page
    assert page == self_check(QUESTIONS)._repr_html_()
    text = repr(quiz)
    assert "1. Which vector" in text and "Right" not in text
    assert any(f"   {letter}. Uŷ" in text for letter in "AB")  # the answers are shuffled


@pytest.mark.parametrize(
    ("questions", "error"),
    [
        ([], TypeError),
        ("what?", TypeError),
        ([{"question": "q", "answers": ONE_RIGHT}], ValueError),
        ([{"question": "q", "answers": NONE_RIGHT}], ValueError),
        ([{"question": "q", "type": "numeric", "answers": ONE_RIGHT * 2}], ValueError),
        ([{"question": "", "answers": ONE_RIGHT * 2}], ValueError),
        ([{"question": "q", "answers": BAD_FLAG}], ValueError),
        (["q"], TypeError),
    ],
)
def test_self_check_validates_questions(questions, error):
    with pytest.raises(error):
        self_check(questions)


def test_neg_sampling_cases_repeat_a_negative_and_counting_it_once_fails():
    # The negatives are drawn with replacement: (g)'s cases must contain a repeat,
    # or a gradient that counts a repeated negative once would pass (g).
    cases = RESULTS["neg_sampling_grads"].make_cases(np.random.default_rng(0))
    assert any(len(set(c[3].tolist())) < len(c[3]) for c in cases)

    def fancy_index(center_vec, outside_idx, outside_vectors, negative_indices):
        sig = 1.0 / (1.0 + np.exp(-(outside_vectors[negative_indices] @ center_vec)))
        s_o = 1.0 / (1.0 + np.exp(-(outside_vectors[outside_idx] @ center_vec)))
        g_v = (s_o - 1.0) * outside_vectors[outside_idx] + sig @ outside_vectors[negative_indices]
        g_U = np.zeros_like(outside_vectors)
        g_U[outside_idx] = (s_o - 1.0) * center_vec
        g_U[negative_indices] += np.outer(sig, center_vec)
        return g_v, g_U

    report = check(fancy_index, "neg_sampling_grads")
    assert not report.passed
    assert report.diagnosis.id == "counted_once"
