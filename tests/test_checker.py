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


# The slips the chapters (g) and (i) name, as a reader fills in the shipped templates.

_ROUND3_GAPS = [
    ("neg_sampling_grads", "sigma_prime_for_dlogsig"),
    ("neg_sampling_grads", "only_last_negative"),
    ("neg_sampling_grads", "minus_one_forgotten_for_negatives"),
    ("skipgram_window", "every_center_row"),
    ("skipgram_window", "outside_word_center_row"),
    ("skipgram_window", "center_row_overwritten"),
    ("skipgram_window", "offset_as_position"),
]


def _template_g(coef):
    """Chapter (g)'s try-it template; coef(x, is_true_word) -> the lambda of a score x = u_w^T v_c."""
    def mine(center_vec, outside_idx, outside_vectors, negative_indices, *, last_only=False):
        u_o = outside_vectors[outside_idx]
        lam_o = coef(u_o @ center_vec, True)
        grad_center = lam_o * u_o
        grad_outside = np.zeros_like(outside_vectors)
        grad_outside[outside_idx] = lam_o * center_vec
        for w_s in negative_indices:
            lam_s = coef(outside_vectors[w_s] @ center_vec, False)
            if last_only:
                grad_center = lam_o * u_o - lam_s * outside_vectors[w_s]
            else:
                grad_center -= lam_s * outside_vectors[w_s]
            grad_outside[w_s] -= lam_s * center_vec
        return grad_center, grad_outside

    return mine


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def _template_i(word_at, add_center):
    """Chapter (i)'s try-it template with the two lines where the slips go."""
    def mine(sentence, t, window_size, center_vectors, outside_vectors):
        c = sentence[t]
        total = 0.0
        g_center = np.zeros_like(center_vectors)
        g_outside = np.zeros_like(outside_vectors)
        for j in range(-window_size, window_size + 1):
            if j == 0 or not 0 <= t + j < len(sentence):
                continue
            o = word_at(sentence, t, j)
            total += loss(center_vectors[c], o, outside_vectors)
            add_center(g_center, c, o, grad_center(center_vectors[c], o, outside_vectors))
            g_outside += grad_U(center_vectors[c], o, outside_vectors).T
        return total, g_center, g_outside

    return mine


def _right_lambda(x, true_word):
    return _sig(x) - 1.0 if true_word else _sig(-x) - 1.0


def _add_row_c(g, c, o, g_v):
    g[c] += g_v


def _set_row_c(g, c, o, g_v):
    g[c] = g_v


def _add_row_o(g, c, o, g_v):
    g[o] += g_v


def _add_every_row(g, c, o, g_v):
    g += g_v


def _t_plus_j(sentence, t, j):
    return sentence[t + j]


def _j_only(sentence, t, j):
    return sentence[j]


_READER_SLIPS = {
    "sigma_prime_for_dlogsig": _template_g(
        lambda x, true_word: -_sig(x) * (1 - _sig(x)) if true_word else -_sig(-x) * (1 - _sig(-x))),
    "only_last_negative": lambda *a: _template_g(_right_lambda)(*a, last_only=True),
    "minus_one_forgotten_for_negatives": _template_g(
        lambda x, true_word: _sig(x) - 1.0 if true_word else _sig(-x)),
    "every_center_row": _template_i(_t_plus_j, _add_every_row),
    "outside_word_center_row": _template_i(_t_plus_j, _add_row_o),
    "center_row_overwritten": _template_i(_t_plus_j, _set_row_c),
    "offset_as_position": _template_i(_j_only, _add_row_c),
}


def test_the_templates_filled_in_correctly_pass():
    assert check(_template_g(_right_lambda), "neg_sampling_grads").passed
    assert check(_template_i(_t_plus_j, _add_row_c), "skipgram_window").passed


@pytest.mark.parametrize(("result", "mistake_id"), _ROUND3_GAPS)
def test_the_slips_named_in_g_and_i_are_diagnosed_as_themselves(result, mistake_id):
    entry = next(m for m in mistakes_for(result) if m.id == mistake_id)
    for seed in (None, 1, 2):
        rng = None if seed is None else np.random.default_rng(seed)
        report = check(_READER_SLIPS[mistake_id], result, rng=rng)
        assert not report.passed
        assert report.diagnosis is entry, (mistake_id, report.diagnosis)


@pytest.mark.parametrize(("result", "mistake_id"), _ROUND3_GAPS)
def test_the_slips_named_in_g_and_i_are_confused_with_no_other_entry(result, mistake_id):
    # No other entry (nor the derived result) agrees with this one on every case, so the
    # diagnosis cannot depend on the catalogue's order.
    entry = next(m for m in mistakes_for(result) if m.id == mistake_id)
    spec = RESULTS[result]
    cases = spec.make_cases(np.random.default_rng(0))
    names = [a for a, _ in spec.arguments]
    mine = [checker._run(entry.wrong, c, spec, names) for c in cases]
    right = [checker._normalise(spec.reference(*checker._copy_args(c)), spec) for c in cases]
    assert not all(checker._same(a, b) for a, b in zip(mine, right, strict=True))
    for other in mistakes_for(result):
        if other is entry:
            continue
        theirs = [checker._run(other.wrong, c, spec, names) for c in cases]
        assert not all(checker._same(a, b) for a, b in zip(mine, theirs, strict=True)), other.id


def test_sentence_j_for_sentence_t_plus_j_fails_most_window_cases():
    # An offset j is not a position: away from t = 0 the words at offsets j differ from the
    # words at positions t + j, so the slip passes only the case with t = 0.
    report = check(_READER_SLIPS["offset_as_position"], "skipgram_window")
    cases = RESULTS["skipgram_window"].make_cases(np.random.default_rng(0))
    middle = [c for c in cases if c[2] <= c[1] < len(c[0]) - c[2]]
    assert len(middle) >= 3
    assert report.n_passed == sum(c[1] == 0 for c in cases) == 1


# Round 3 of (a)-(d): the slips the chapters demonstrate are diagnosed, each as itself.

_ROUND3 = {
    ("naive_softmax_loss", "log_of_probability"),
    ("grad_center", "true_word_left_out"),
    ("grad_center", "product_untransposed"),
    ("grad_center", "divided_by_vocab_size"),
    ("grad_center", "y_for_y_hat"),
    ("grad_center", "unnormalised"),
    ("grad_outside_vector", "normaliser_without_true_word"),
    ("grad_U", "divided_by_vocab_size"),
}


def test_the_round3_slips_are_in_the_catalogue():
    assert _ROUND3 <= {(m.result, m.id) for m in CATALOGUE}


def _softmax_plain(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def _one_hot(o, n):
    y = np.zeros(n)
    y[o] = 1.0
    return y


# Each slip as a reader writes it, independently of the catalogue's own code.
def _loss_via_probability(center_vec, outside_idx, outside_vectors):
    return float(-np.log(_softmax_plain(outside_vectors @ center_vec)[outside_idx]))


def _loss_unstabilised(center_vec, outside_idx, outside_vectors):
    z = outside_vectors @ center_vec
    return float(-np.log(np.exp(z[outside_idx]) / np.sum(np.exp(z))))


def _loss_cross_entropy_of_probabilities(center_vec, outside_idx, outside_vectors):
    y_hat = _softmax_plain(outside_vectors @ center_vec)
    return float(-np.sum(_one_hot(outside_idx, len(y_hat)) * np.log(y_hat)))


def _gc_normaliser_without_o(center_vec, outside_idx, outside_vectors):
    y_hat = _softmax_plain(outside_vectors @ center_vec)
    total = -outside_vectors[outside_idx].copy()
    for k in range(len(y_hat)):
        if k != outside_idx:
            total += y_hat[k] * outside_vectors[k]
    return total


def _gc_untransposed(center_vec, outside_idx, outside_vectors):
    y_hat = _softmax_plain(outside_vectors @ center_vec)
    return outside_vectors @ (y_hat - _one_hot(outside_idx, len(y_hat)))


def _gc_mean(center_vec, outside_idx, outside_vectors):
    delta = _softmax_plain(outside_vectors @ center_vec) - _one_hot(outside_idx, len(outside_vectors))
    return np.mean(delta[:, None] * outside_vectors, axis=0)


def _gc_target_twice(center_vec, outside_idx, outside_vectors):
    y = _one_hot(outside_idx, len(outside_vectors))
    return outside_vectors.T @ (y - y)


def _gc_exp_weights(center_vec, outside_idx, outside_vectors):
    total = -outside_vectors[outside_idx].copy()
    for k, u_k in enumerate(outside_vectors):
        total += np.exp(u_k @ center_vec) * outside_vectors[k]
    return total


def _go_minus_v(center_vec, outside_idx, outside_vectors, w):
    if w == outside_idx:
        return -center_vec
    return _softmax_plain(outside_vectors @ center_vec)[w] * center_vec


def _gU_over_V(center_vec, outside_idx, outside_vectors):
    delta = _softmax_plain(outside_vectors @ center_vec) - _one_hot(outside_idx, len(outside_vectors))
    return np.outer(center_vec, delta) / len(outside_vectors)


@pytest.mark.parametrize(
    ("fn", "result", "mistake_id"),
    [
        (_loss_via_probability, "naive_softmax_loss", "log_of_probability"),
        (_loss_unstabilised, "naive_softmax_loss", "log_of_probability"),
        (_loss_cross_entropy_of_probabilities, "naive_softmax_loss", "log_of_probability"),
        (_gc_normaliser_without_o, "grad_center", "true_word_left_out"),
        (_gc_untransposed, "grad_center", "product_untransposed"),
        (_gc_mean, "grad_center", "divided_by_vocab_size"),
        (_gc_target_twice, "grad_center", "y_for_y_hat"),
        (_gc_exp_weights, "grad_center", "unnormalised"),
        (_go_minus_v, "grad_outside_vector", "normaliser_without_true_word"),
        (_gU_over_V, "grad_U", "divided_by_vocab_size"),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_a_readers_own_version_of_each_round3_slip_is_diagnosed(fn, result, mistake_id):
    for rng in (None, np.random.default_rng(7)):
        report = check(fn, result, rng=rng)
        assert not report.passed
        assert report.diagnosis is not None and report.diagnosis.id == mistake_id, str(report)


def test_the_unsafe_losses_fail_only_on_the_large_logit_case():
    cases = RESULTS["naive_softmax_loss"].make_cases(np.random.default_rng(checker.DEFAULT_SEED))
    gaps = []
    for v, o, U in cases:
        z = U @ v
        gaps.append(z.max() - z[o])
    big = [k for k, g in enumerate(gaps) if g > 745.14]  # -1075 ln 2 = -745.13
    assert big == [1]  # the second case, so a reader sees it early
    for fn in (_loss_via_probability, _loss_unstabilised):
        report = check(fn, "naive_softmax_loss")
        assert report.n_passed == report.n_cases - 1 and report.failure.index == 1
        assert report.failure.kind == "nonfinite"
    # the stable form passes, and its loss on that case is the gap plus a tiny log-sum-exp rest
    assert check(loss, "naive_softmax_loss").passed
    v, o, U = cases[1]
    assert abs(loss(v, o, U) - gaps[1]) < 1e-12 and gaps[1] == 790.0


def test_the_shape_error_of_the_untransposed_product_does_not_hide_the_diagnosis():
    report = check(_gc_untransposed, "grad_center")
    kinds = ["runs" if case[2].shape[0] == case[2].shape[1] else "raises"
             for case in RESULTS["grad_center"].make_cases(np.random.default_rng(checker.DEFAULT_SEED))]
    assert kinds.count("runs") == 1 and kinds.count("raises") == 4
    assert report.failure.kind == "raised" and "ValueError" in report.failure.message
    text = _flat(report)
    assert "Diagnosis: this is a known mistake, outside_vectors @ (y_hat - y)" in text
    assert "did not return a usable result" not in text
    # the other layout slip (softmax(U^T v_c) as well) raises on the same cases but differs on the square one
    (other,) = [m for m in mistakes_for("grad_center") if m.id == "rows_read_as_columns"]
    assert check(other.wrong, "grad_center").diagnosis is other


def test_a_zero_gradient_is_not_called_a_factor_slip():
    report = check(lambda v, o, U, w: np.zeros_like(v), "grad_outside_vector")
    text = _flat(report)
    assert report.diagnosis is None
    assert "zero on every case" in text and "missing or extra factor" not in text
    assert "zero on every case" in _flat(check(_gc_target_twice, "grad_center"))


def test_a_failing_report_labels_its_error_as_relative():
    def off(center_vec, outside_idx, outside_vectors):
        g = grad_center(center_vec, outside_idx, outside_vectors)
        g[1] += 2.4
        return g

    report = check(off, "grad_center")
    v, o, U = RESULTS["grad_center"].make_cases(np.random.default_rng(checker.DEFAULT_SEED))[0]
    a, b = grad_center(v, o, U), off(v, o, U)
    relative = np.max(np.abs(a - b) / np.maximum(1.0, np.maximum(np.abs(a), np.abs(b))))
    assert 0.3 < relative < 2.4  # not the absolute difference 2.4
    assert f"largest relative error |a − b| / max(1, |a|, |b|) = {relative:.3g}." in _flat(report)
    assert "Largest relative error |a − b| / max(1, |a|, |b|)" in str(check(grad_center, "grad_center"))


def _loss_flipped_stable(center_vec, outside_idx, outside_vectors):
    z = outside_vectors @ center_vec
    return float(z[outside_idx] - z.max() - np.log(np.sum(np.exp(z - z.max()))))


def _loss_flipped_unstable(center_vec, outside_idx, outside_vectors):
    return float(np.log(_softmax_plain(outside_vectors @ center_vec)[outside_idx]))


def _loss_clipped(center_vec, outside_idx, outside_vectors):
    return float(-np.log(max(_softmax_plain(outside_vectors @ center_vec)[outside_idx], 1e-300)))


def test_a_slip_is_recognised_on_the_large_logit_case_whether_written_stably_or_not():
    for fn in (_loss_flipped_stable, _loss_flipped_unstable):
        assert check(fn, "naive_softmax_loss").diagnosis.id == "sign_flipped", fn.__name__
    for fn in (_loss_unstabilised, _loss_via_probability):
        assert check(fn, "naive_softmax_loss").diagnosis.id == "log_of_probability"
    # a finite wrong number on that case is compared, so a clipped log is no known slip
    report = check(_loss_clipped, "naive_softmax_loss")
    assert report.failure.index == 1 and report.failure.kind == "value" and report.diagnosis is None
