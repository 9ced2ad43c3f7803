"""Check your own derivation: run a reader's function against the book's results.

``check(reader_fn, result="grad_center")`` calls ``reader_fn`` on a few seeded
random instances of varied shapes, compares every output with the result
derived in the book (computed with w2vlib) and returns a ``CheckReport`` whose
text says, in plain language, either that the function is right (with the
largest error seen) or which case fails, with its inputs, the expected values
and the reader's values. When the reader's outputs agree on every case with a
known wrong variant from the catalogue in ``w2vlib.mistakes``, the report names
that mistake, says why it is wrong and how to fix it.

A reader function that raises, returns ``None``, the wrong type, the wrong
shape, NaN or inf gets the same kind of plain report (with the exception's type
and message and the line of the reader's code that raised), never a traceback
from inside the checker. NumPy warnings raised by the reader's code are caught
and mentioned in the report, so a notebook cell that runs a check writes
nothing to stderr.

``RESULTS`` maps each result name to a ``ResultSpec``: the chapter, the
signature the reader's function must have, its arguments and outputs with their
shapes. ``print(RESULTS["grad_center"])`` shows it; ``results_table()`` lists
them all. Shape convention, as everywhere in w2vlib: ``outside_vectors`` holds
the outside vectors as rows, shape (|V|, d) (U transposed); only ``grad_U``
answers in the math's layout of U, d x |V|.

``self_check(questions)`` renders multiple-choice self-check questions as plain
HTML (``<details>`` elements, no JavaScript), so they work in the static book
without a kernel and without any network access.
"""

from __future__ import annotations

import copy
import hashlib
import html
import re
import textwrap
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import _checks
from .activations import leaky_relu_grad, sigmoid_grad
from .losses import (
    naive_softmax_grad_outside_vector,
    naive_softmax_grad_U,
    naive_softmax_loss_and_gradient,
    naive_softmax_probabilities,
    neg_sampling_loss_and_gradient,
)
from .mistakes import CATALOGUE, Mistake, mistakes_for
from .normalise import l2_normalise_rows
from .skipgram import skipgram, window_outside_words

__all__ = [
    "RESULTS",
    "CheckError",
    "CheckReport",
    "ResultSpec",
    "check",
    "results_table",
    "self_check",
]

#: Seed of the default generator: the same cases on every run and machine.
DEFAULT_SEED = 20240606
#: A case passes when every entry has |a - b| / max(1, |a|, |b|) <= TOL.
TOL = 1e-6
#: Reports are wrapped to this many characters, so they fit a book page without scrolling.
WIDTH = 88


class CheckError(AssertionError):
    """Raised by ``CheckReport.raise_if_failed`` with the report's plain-language text."""


# ---------------------------------------------------------------------------
# The results a reader can check.


@dataclass(frozen=True)
class Output:
    """One output of a reader's function: its name, symbolic shape and meaning."""

    name: str
    shape: str
    description: str


@dataclass(frozen=True)
class ResultSpec:
    """What a reader's function for one result takes and returns, and how it is checked.

    ``reference(*args)`` gives the derived result (from w2vlib) as a tuple with
    one entry per output; ``make_cases(rng)`` draws the test cases (tuples of
    positional arguments), the smallest and most telling first;
    ``describe_case(args)`` names a case in a few words. ``accept(args,
    expected, got)``, if given, returns one boolean mask per output marking
    entries that count as right whatever the derived value (Leaky ReLU at x = 0,
    where any subgradient in [alpha, 1] is accepted), and ``note(args, got)``
    returns a remark for the report, or None. ``float_range(args)``, if given,
    marks a case that tests the float range (a logit gap beyond 745): there the
    diagnosis does not compare the reader's output when it is inf, NaN or an
    exception, so a known slip is recognised whether the reader wrote it stably
    or not (the catalogue writes it stably).
    """

    name: str
    question: str
    chapter: str
    title: str
    signature: str
    arguments: tuple[tuple[str, str], ...]
    outputs: tuple[Output, ...]
    reference: Callable = field(repr=False)
    make_cases: Callable = field(repr=False)
    describe_case: Callable = field(repr=False)
    accept: Callable | None = field(default=None, repr=False)
    note: Callable | None = field(default=None, repr=False)
    float_range: Callable | None = field(default=None, repr=False)

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.title}", f"  question {self.question}, chapter {self.chapter}",
                 f"  def {self.signature}"]
        lines.append("  arguments:")
        width = max(len(a) for a, _ in self.arguments)
        lines += [f"    {a:<{width}}  {d}" for a, d in self.arguments]
        lines.append("  returns:" if len(self.outputs) == 1 else "  returns a tuple:")
        width = max(len(o.name) for o in self.outputs)
        lines += [f"    {o.name:<{width}}  shape {o.shape}: {o.description}" for o in self.outputs]
        n = len(mistakes_for(self.name))
        lines.append(f"  known mistakes diagnosed: {n}")
        return "\n".join(lines)


def _round(a):
    """Inputs with one decimal, so a printed case shows exactly the numbers used."""
    return np.round(a, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def _normal(rng, *shape):
    return _round(rng.normal(size=shape))


# Pair instances (|V|, d, o). The square one, 3 x 3, lets a U-versus-U^T slip
# return numbers instead of a shape error, so it can be recognised.
_PAIR_SHAPES = [(4, 3, 1), (3, 3, 0), (6, 2, 5), (5, 4, 2), (10, 6, 7)]
_PAIR_ARGS = (
    ("center_vec", "v_c, shape (d,)"),
    ("outside_idx", "o, the index of the true outside word, an int in range(|V|)"),
    ("outside_vectors", "the u_w as rows, shape (|V|, d) (this is U transposed)"),
)


def _pair_cases(rng):
    return [(_normal(rng, d), o, _normal(rng, V, d)) for V, d, o in _PAIR_SHAPES]


def _describe_pair(args):
    v, o, U = args[:3]
    return f"|V| = {U.shape[0]}, d = {v.shape[0]}, o = {o}"


# Minus the true logit's deficit below the largest, -1075 ln 2 = -745.13: below it e^(z_o - max z)
# is exactly 0 in float64 (half the smallest subnormal, 2^-1074, rounds to 0).
_UNDERFLOW = -1075 * np.log(2.0)


def _logit_gap(args):
    v, o, U = args[:3]
    z = U @ v
    return float(z.max() - z[o])


def _loss_cases(rng):
    """The pair cases and, second, one whose true logit trails the largest by 790 (> 745.13)."""
    cases = _pair_cases(rng)
    v = np.array([10.0, 0.0])
    U = np.array([[80.0, 1.0], [1.0, 0.5], [-2.0, 3.0]])  # logits 800, 10, -20; o = 1
    return [cases[0], (v, 1, U), *cases[1:]]


def _is_float_range_case(args):
    return _logit_gap(args) > -_UNDERFLOW


def _describe_loss(args):
    text = _describe_pair(args)
    if _is_float_range_case(args):
        text += f", the true logit {_logit_gap(args):.0f} below the largest (ŷ_o underflows to 0)"
    return text


def _ref_loss(v, o, U):
    return (naive_softmax_loss_and_gradient(v, o, U)[0],)


def _ref_grad_center(v, o, U):
    return (naive_softmax_loss_and_gradient(v, o, U)[1],)


def _ref_expected_outside(v, U):
    return (U.T @ naive_softmax_probabilities(v, U),)


def _expected_outside_cases(rng):
    return [(_normal(rng, d), _normal(rng, V, d)) for V, d, _ in _PAIR_SHAPES]


def _describe_expected_outside(args):
    v, U = args
    return f"|V| = {U.shape[0]}, d = {v.shape[0]}"


_LEARNING_RATES = [0.1, 0.5, 0.05, 0.3, 0.2]


def _ref_sgd_step(v, o, U, lr):
    return (v - lr * naive_softmax_loss_and_gradient(v, o, U)[1],)


def _sgd_cases(rng):
    return [(*case, lr) for case, lr in zip(_pair_cases(rng), _LEARNING_RATES, strict=True)]


def _describe_sgd(args):
    return f"{_describe_pair(args)}, lr = {args[3]}"


def _l2_cases(rng):
    u = _normal(rng, 3)
    first = np.stack([u, 2.5 * u, -0.5 * u, 0.0 * u])  # alpha > 0, alpha < 0, alpha = 0
    b = _normal(rng, 3, 5)
    b[1] = -2.0 * b[0]
    c = _normal(rng, 6, 2)
    c[3] = 0.0
    d = _normal(rng, 2, 2)
    e = _normal(rng, 5, 4)
    e[2] = 0.5 * e[0]
    e[4] = 0.0
    return [(_round(m),) for m in (first, b, c, d, e)]


def _describe_l2(args):
    (x,) = args
    zero = int(np.sum(~x.any(axis=1)))
    extra = f", {zero} zero row{'s' if zero != 1 else ''}" if zero else ""
    return f"{x.shape[0]} rows of dimension d = {x.shape[1]}{extra}"


# (|V|, d, o, w): the first case has w = o, the second w != o.
_OUTSIDE_SHAPES = [(4, 3, 1, 1), (5, 2, 0, 3), (3, 3, 2, 2), (6, 4, 5, 0), (8, 5, 3, 3)]


def _outside_cases(rng):
    return [(_normal(rng, d), o, _normal(rng, V, d), w) for V, d, o, w in _OUTSIDE_SHAPES]


def _describe_outside(args):
    w = args[3]
    return f"{_describe_pair(args)}, w = {w}" + (" (w = o)" if w == args[1] else " (w ≠ o)")


def _ref_grad_outside(v, o, U, w):
    return (naive_softmax_grad_outside_vector(v, o, U, w),)


def _ref_grad_U(v, o, U):
    return (naive_softmax_grad_U(v, o, U),)


_LEAKY_SHAPES = [((6,), 0.1, (2,)), ((2, 3), 0.2, (1, 4)), ((8,), 0.01, (0, 5)), ((3, 4), 0.3, (6,)),
                 ((1,), 0.05, (0,))]


def _leaky_cases(rng):
    cases = []
    for shape, alpha, zeros in _LEAKY_SHAPES:
        x = _round(rng.uniform(-3.0, 3.0, size=shape))
        flat = x.reshape(-1)
        if flat.size > 2:  # make sure both sides of the corner are present
            flat[0] = -abs(flat[0]) - 0.5
            flat[-1] = abs(flat[-1]) + 0.5
        flat[list(zeros)] = 0.0
        cases.append((x, alpha))
    return cases


def _describe_leaky(args):
    x, alpha = args
    zeros = int(np.sum(x == 0))
    return f"x of shape {x.shape} with {zeros} entr{'y' if zeros == 1 else 'ies'} equal to 0, α = {alpha}"


def _ref_leaky(x, alpha):
    return (leaky_relu_grad(x, alpha),)


def _leaky_accept(args, expected, got):
    """At x = 0 any subgradient in [alpha, 1] is right."""
    x, alpha = args
    at_zero = (x == 0) & (got[0] >= alpha - TOL) & (got[0] <= 1.0 + TOL)
    return (at_zero,)


def _leaky_note(args, got):
    x, alpha = args
    at_zero = got[0][x == 0]
    valid = np.all((at_zero >= alpha - TOL) & (at_zero <= 1.0 + TOL))
    if at_zero.size == 0 or not valid or np.allclose(at_zero, alpha, rtol=0, atol=TOL):
        return None
    if np.allclose(at_zero, 1.0, rtol=0, atol=TOL):
        value = "1 (the slope on the right)"
    else:
        value = "a value between α and 1"
    return (f"At x = 0 your function returns {value}; the book's code returns α. Leaky ReLU has no "
            "derivative at 0, and every value in [α, 1] is a valid subgradient, so both are accepted.")


_SIGMOID_SHAPES = [((6,), (1,)), ((2, 3), (3,)), ((9,), (4,)), ((4, 4), (0, 15)), ((3,), ())]


def _sigmoid_cases(rng):
    cases = []
    for shape, zeros in _SIGMOID_SHAPES:
        x = _round(rng.uniform(-6.0, 6.0, size=shape))
        x.reshape(-1)[list(zeros)] = 0.0
        cases.append((x,))
    return cases


def _describe_sigmoid(args):
    return f"x of shape {args[0].shape}"


def _ref_sigmoid(x):
    return (sigmoid_grad(x),)


# (|V|, d, o, negatives). The negatives are drawn with replacement, so (g) has
# repeats too (cases 2 and 5): a gradient that counts a repeated negative once
# must fail (g) as well as (h). (h) repeats in almost every case.
_NEG_G = [(6, 3, 1, (4, 2)), (5, 2, 0, (1, 3, 3, 4)), (3, 3, 2, (0, 1)), (8, 4, 6, (0, 2, 5, 7)),
          (10, 5, 2, (9, 4, 9, 1, 4))]
_NEG_REPEATED = [(6, 3, 1, (4, 4, 2)), (5, 2, 0, (3, 1, 3, 3)), (4, 3, 3, (0, 1)), (8, 4, 6, (2, 5, 2, 7, 5)),
                 (7, 5, 2, (6, 6, 6, 6))]


def _neg_cases(shapes):
    def make(rng):
        return [(_normal(rng, d), o, _normal(rng, V, d), np.array(neg, dtype=np.intp))
                for V, d, o, neg in shapes]

    return make


def _describe_neg(args):
    neg = args[3]
    return f"{_describe_pair(args)}, K = {neg.shape[0]}, negatives {neg.tolist()}"


def _ref_neg(v, o, U, neg):
    _, g_v, g_U = neg_sampling_loss_and_gradient(v, o, U, neg)
    return g_v, g_U


def _ref_repeated(v, o, U, neg):
    return (neg_sampling_loss_and_gradient(v, o, U, neg)[2],)


# (|V|, d, sentence, t, m): a full window first, then both sentence ends, and more centers in
# the middle of a sentence; only at t = 0 do the words at offsets j and at positions t + j agree.
_WINDOWS = [
    (4, 2, (0, 3, 1, 2, 3, 1), 2, 2),
    (4, 2, (2, 0, 3, 1, 2), 0, 2),
    (6, 3, (1, 5, 0, 2, 4, 3), 5, 1),
    (7, 4, (3, 6, 0, 2, 5, 1, 4, 6, 2), 4, 3),
    (3, 3, (0, 1, 2, 1, 2), 1, 2),
    (5, 3, (4, 0, 2, 1, 3, 0, 2), 3, 2),
    (6, 2, (1, 2, 5, 0, 3, 4, 2, 1, 5), 4, 3),
]


def _window_cases(rng):
    return [(list(sentence), t, m, _normal(rng, V, d), _normal(rng, V, d))
            for V, d, sentence, t, m in _WINDOWS]


def _describe_window(args):
    sentence, t, m, Vc, _ = args
    return f"|V| = {Vc.shape[0]}, d = {Vc.shape[1]}, sentence of {len(sentence)} words, t = {t}, m = {m}"


def _ref_window(sentence, t, m, center_vectors, outside_vectors):
    outside = window_outside_words(sentence, t, m)
    word2ind = {w: w for w in range(center_vectors.shape[0])}
    return skipgram(sentence[t], m, outside, word2ind, center_vectors, outside_vectors,
                    naive_softmax_loss_and_gradient)


_NEG_ARGS = _PAIR_ARGS + (
    ("negative_indices", "w_1..w_K, an int array of shape (K,), none equal to o"),
)

_SPECS = [
    ResultSpec(
        name="naive_softmax_loss", question="(a)", chapter="a_cross_entropy",
        title="the naive-softmax loss J = −log ŷ_o",
        signature="naive_softmax_loss(center_vec, outside_idx, outside_vectors)",
        arguments=_PAIR_ARGS,
        outputs=(Output("loss", "()", "a float, −log ŷ_o with ŷ = softmax(Uᵀv_c)"),),
        reference=_ref_loss, make_cases=_loss_cases, describe_case=_describe_loss,
        float_range=_is_float_range_case,
    ),
    ResultSpec(
        name="grad_center", question="(b)(i)", chapter="b1_center_gradient",
        title="∂J/∂v_c = U(ŷ − y) for the naive-softmax loss",
        signature="grad_center(center_vec, outside_idx, outside_vectors)",
        arguments=_PAIR_ARGS,
        outputs=(Output("grad_center_vec", "(d,)", "∂J/∂v_c"),),
        reference=_ref_grad_center, make_cases=_pair_cases, describe_case=_describe_pair,
    ),
    ResultSpec(
        name="expected_outside_vector", question="(b)(ii)", chapter="b2_zero_gradient",
        title="the model's expected outside vector Σ_k ŷ_k u_k = Uŷ (∂J/∂v_c = 0 exactly when it equals u_o)",
        signature="expected_outside_vector(center_vec, outside_vectors)",
        arguments=(_PAIR_ARGS[0], _PAIR_ARGS[2]),
        outputs=(Output("U_y_hat", "(d,)", "Uŷ = Σ_{k ∈ Vocab} ŷ_k u_k"),),
        reference=_ref_expected_outside, make_cases=_expected_outside_cases,
        describe_case=_describe_expected_outside,
    ),
    ResultSpec(
        name="sgd_step", question="(b)(iii)", chapter="b3_gradient_step",
        title="one gradient-descent step on v_c: v_c − η U(ŷ − y)",
        signature="sgd_step(center_vec, outside_idx, outside_vectors, lr)",
        arguments=_PAIR_ARGS + (("lr", "the learning rate η > 0, a float"),),
        outputs=(Output("new_center_vec", "(d,)", "v_c after one step"),),
        reference=_ref_sgd_step, make_cases=_sgd_cases, describe_case=_describe_sgd,
    ),
    ResultSpec(
        name="l2_normalise", question="(b)(iv)", chapter="b4_l2_normalisation",
        title="L2 normalisation of word vectors (rows), a zero row staying zero",
        signature="l2_normalise(vectors)",
        arguments=(("vectors", "word vectors as rows, shape (n, d); some rows are α-multiples of others, "
                                "α > 0, α < 0 or α = 0"),),
        outputs=(Output("normalised", "(n, d)", "each row divided by its L2 norm; a zero row stays zero"),),
        reference=lambda x: (l2_normalise_rows(x),), make_cases=_l2_cases, describe_case=_describe_l2,
    ),
    ResultSpec(
        name="grad_outside_vector", question="(c)", chapter="c_outside_gradients",
        title="∂J/∂u_w = (ŷ_w − y_w) v_c for one outside word w",
        signature="grad_outside_vector(center_vec, outside_idx, outside_vectors, w)",
        arguments=_PAIR_ARGS + (("w", "the outside word to differentiate for, an int in range(|V|)"),),
        outputs=(Output("grad_u_w", "(d,)", "∂J/∂u_w"),),
        reference=_ref_grad_outside, make_cases=_outside_cases, describe_case=_describe_outside,
    ),
    ResultSpec(
        name="grad_U", question="(d)", chapter="d_outside_matrix",
        title="∂J/∂U = v_c (ŷ − y)ᵀ in U's layout, d × |V|",
        signature="grad_U(center_vec, outside_idx, outside_vectors)",
        arguments=_PAIR_ARGS,
        outputs=(Output("grad_U", "(d, |V|)", "∂J/∂U, column w is ∂J/∂u_w"),),
        reference=_ref_grad_U, make_cases=_pair_cases, describe_case=_describe_pair,
    ),
    ResultSpec(
        name="leaky_relu_grad", question="(e)", chapter="e_leaky_relu",
        title="the derivative of Leaky ReLU max(αx, x), 0 < α < 1",
        signature="leaky_relu_grad(x, alpha)",
        arguments=(("x", "an array of any shape, with some entries exactly 0"), ("alpha", "α, 0 < α < 1")),
        outputs=(Output("grad", "x.shape", "1 where x > 0, α where x < 0, a value in [α, 1] where x = 0"),),
        reference=_ref_leaky, make_cases=_leaky_cases, describe_case=_describe_leaky,
        accept=_leaky_accept, note=_leaky_note,
    ),
    ResultSpec(
        name="sigmoid_grad", question="(f)", chapter="f_sigmoid",
        title="the derivative of the sigmoid σ′(x) = σ(x)(1 − σ(x))",
        signature="sigmoid_grad(x)",
        arguments=(("x", "an array of any shape"),),
        outputs=(Output("grad", "x.shape", "σ′(x), elementwise"),),
        reference=_ref_sigmoid, make_cases=_sigmoid_cases, describe_case=_describe_sigmoid,
    ),
    ResultSpec(
        name="neg_sampling_grads", question="(g)", chapter="g_negative_sampling",
        title="the negative-sampling gradients with respect to v_c and the outside vectors",
        signature="neg_sampling_grads(center_vec, outside_idx, outside_vectors, negative_indices)",
        arguments=_NEG_ARGS,
        outputs=(Output("grad_center_vec", "(d,)", "∂J/∂v_c"),
                 Output("grad_outside_vectors", "(|V|, d)", "row w is ∂J/∂u_w (zero for unused words)")),
        reference=_ref_neg, make_cases=_neg_cases(_NEG_G), describe_case=_describe_neg,
    ),
    ResultSpec(
        name="repeated_negatives_grad", question="(h)", chapter="h_repeated_negatives",
        title="the negative-sampling gradient for the outside vectors when a negative is drawn repeatedly",
        signature="repeated_negatives_grad(center_vec, outside_idx, outside_vectors, negative_indices)",
        arguments=_NEG_ARGS[:3] + (
            ("negative_indices", "w_1..w_K, shape (K,), with repeats, none equal to o"),
        ),
        outputs=(Output("grad_outside_vectors", "(|V|, d)", "row w is ∂J/∂u_w, one term per draw of w"),),
        reference=_ref_repeated, make_cases=_neg_cases(_NEG_REPEATED), describe_case=_describe_neg,
    ),
    ResultSpec(
        name="skipgram_window", question="(i)", chapter="i_skipgram_window",
        title="the skip-gram loss and gradients of one window, a sum over −m ≤ j ≤ m, j ≠ 0",
        signature="skipgram_window(sentence, t, window_size, center_vectors, outside_vectors)",
        arguments=(
            ("sentence", "a list of word indices"),
            ("t", "the position of the center word c = sentence[t]"),
            ("window_size", "m >= 1; positions outside the sentence are skipped"),
            ("center_vectors", "all v_w as rows, shape (|V|, d)"),
            ("outside_vectors", "all u_w as rows, shape (|V|, d)"),
        ),
        outputs=(Output("loss", "()", "Σ_j J(v_c, w_{t+j}, U) with the naive-softmax J"),
                 Output("grad_center_vectors", "(|V|, d)", "row c is ∂J/∂v_c, the other rows are 0"),
                 Output("grad_outside_vectors", "(|V|, d)", "row w is ∂J/∂u_w")),
        reference=_ref_window, make_cases=_window_cases, describe_case=_describe_window,
    ),
]

#: Every checkable result, in the order of the book's chapters.
RESULTS: dict[str, ResultSpec] = {spec.name: spec for spec in _SPECS}


def results_table() -> str:
    """A plain-text table: result name, question, chapter, signature, number of known mistakes."""
    rows = [("result", "question", "chapter", "mistakes", "reader function")]
    rows += [(s.name, s.question, s.chapter, str(len(mistakes_for(s.name))), s.signature)
             for s in RESULTS.values()]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4] for r in rows)


# ---------------------------------------------------------------------------
# Running a function on one case.


@dataclass
class _Outcome:
    """What one call produced: values (one float array per output), or a problem."""

    values: tuple | None = None
    kind: str | None = None  # None, "raised" or "type"
    message: str = ""
    exc_type: str | None = None
    where: str | None = None
    warnings: tuple[str, ...] = ()
    mutated: tuple[str, ...] = ()


def _copy_args(args):
    return copy.deepcopy(args)


def _where(exc: BaseException, fn) -> str | None:
    """The line of the reader's own code that raised, if it can be found."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return None
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == code.co_filename]
    if not frames or not frames[-1].line:
        return None
    return f"in {frames[-1].name}(): {frames[-1].line.strip()}"


def _run(fn, args, spec: ResultSpec, names: Sequence[str]) -> _Outcome:
    call_args = _copy_args(args)
    with warnings.catch_warnings(record=True) as caught, np.errstate(
        divide="warn", over="warn", invalid="warn", under="ignore"
    ):
        warnings.simplefilter("always")
        try:
            value = fn(*call_args)
        except Exception as exc:  # the reader's bug becomes a report, not a traceback
            return _Outcome(kind="raised", exc_type=type(exc).__name__, message=str(exc),
                            where=_where(exc, fn))
    seen = tuple(dict.fromkeys(str(w.message) for w in caught))
    mutated = tuple(n for n, a, b in zip(names, args, call_args, strict=True) if not _equal_arg(a, b))
    out = _normalise(value, spec)
    out.warnings, out.mutated = seen, mutated
    return out


def _equal_arg(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b)
    return a == b


def _type_name(value) -> str:
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    return f"a {type(value).__name__}"


def _normalise(value, spec: ResultSpec) -> _Outcome:
    n = len(spec.outputs)
    names = ", ".join(o.name for o in spec.outputs)
    if value is None:
        return _Outcome(kind="type", message="Your function returned None: is a `return` statement missing?")
    if n == 1:
        parts = (value,)
    else:
        if not isinstance(value, (tuple, list)) or len(value) != n:
            got = f"{len(value)} values" if isinstance(value, (tuple, list)) else _type_name(value)
            return _Outcome(kind="type", message=f"Your function returned {got}; it must return a tuple of "
                                                 f"{n}: ({names}).")
        parts = tuple(value)
    arrays = []
    for part, out in zip(parts, spec.outputs, strict=True):
        arr, problem = _as_float_array(part)
        if problem:
            return _Outcome(kind="type", message=f"{out.name}: {problem}")
        arrays.append(arr)
    return _Outcome(values=tuple(arrays))


def _as_float_array(value):
    if value is None:
        return None, "your function returned None for it."
    if isinstance(value, (str, bytes, dict, set)) or callable(value):
        return None, f"your function returned {_type_name(value)}, not a number or an array of numbers."
    try:
        arr = np.asarray(value)
    except Exception:  # e.g. a ragged list
        return None, f"your function returned {_type_name(value)} that NumPy cannot turn into an array."
    if arr.dtype.kind == "c":
        return None, "your function returned complex numbers."
    if arr.dtype.kind not in "biuf":
        return None, f"your function returned {_type_name(value)} holding {arr.dtype} values, not numbers."
    return arr.astype(np.float64), None


def _errors(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Entrywise |a - b| / max(1, |a|, |b|); matching NaNs or infinities count as equal."""
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(a - b) / np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    same = (np.isnan(a) & np.isnan(b)) | (np.isinf(a) & (a == b))
    err = np.where(same, 0.0, err)
    return np.where(np.isnan(err), np.inf, err)


def _same(x: _Outcome, y: _Outcome) -> bool:
    """Two outcomes agree: equal values (NaN where NaN), or the same exception type."""
    if x.values is not None and y.values is not None:
        return all(a.shape == b.shape and (a.size == 0 or _errors(a, b).max() <= TOL)
                   for a, b in zip(x.values, y.values, strict=True))
    if x.kind == "raised" and y.kind == "raised":
        return x.exc_type == y.exc_type
    return False


@dataclass
class _Verdict:
    """How one case of the reader compares with the derived result."""

    kind: str | None  # None (pass), "raised", "type", "shape", "nonfinite", "value"
    error: float
    message: str
    output: int | None = None  # which output is wrong


def _judge(spec: ResultSpec, args, expected: tuple, got: _Outcome) -> _Verdict:
    if got.kind == "raised":
        msg = f"Your function raised {got.exc_type}: {got.message}"
        if got.where:
            msg += f"\n  (raised {got.where})"
        return _Verdict("raised", np.inf, msg)
    if got.kind == "type":
        return _Verdict("type", np.inf, got.message)
    worst = 0.0
    for i, (out, e, g) in enumerate(zip(spec.outputs, expected, got.values, strict=True)):
        if g.shape != e.shape:
            return _Verdict("shape", np.inf, _shape_message(out, e, g), i)
        if not np.all(np.isfinite(g)):
            n_nan, n_inf = int(np.isnan(g).sum()), int(np.isinf(g).sum())
            what = " and ".join(w for w, n in ((f"{n_nan} NaN", n_nan), (f"{n_inf} inf", n_inf)) if n)
            return _Verdict("nonfinite", np.inf,
                            f"Your {out.name} contains {what} (of {g.size} entries).", i)
    for i, (out, e, g) in enumerate(zip(spec.outputs, expected, got.values, strict=True)):
        err = _errors(e, g)
        if spec.accept is not None:
            err = np.where(spec.accept(args, expected, got.values)[i], 0.0, err)
        e_max = float(err.max()) if err.size else 0.0
        if e_max > TOL:
            return _Verdict("value", e_max, f"Your {out.name} differs from the derived result: largest "
                                            f"relative error |a − b| / max(1, |a|, |b|) = {e_max:.3g}.", i)
        worst = max(worst, e_max)
    return _Verdict(None, worst, "")


def _shape_message(out: Output, expected: np.ndarray, got: np.ndarray) -> str:
    if expected.ndim == 0:
        msg = f"Your {out.name} has shape {got.shape}, but it must be a single number."
    else:
        msg = f"Your {out.name} has shape {got.shape}, but it must have shape {out.shape} = {expected.shape}."
    if got.ndim == 2 and got.shape == expected.shape[::-1] and expected.ndim == 2:
        msg += " That is the transposed shape: check which layout the result uses (rows or columns)."
    elif got.size == expected.size and expected.ndim > 0:
        msg += " The number of entries is right: check for an extra or missing axis."
    return msg


# ---------------------------------------------------------------------------
# The report.


@dataclass(frozen=True)
class FailedCase:
    """The first failing case: its number, inputs, the derived and the reader's outputs."""

    index: int
    description: str
    inputs: tuple[tuple[str, object], ...]
    expected: tuple
    got: tuple | None
    kind: str
    message: str
    differs: tuple[bool, ...] = ()


@dataclass(frozen=True)
class CheckReport:
    """The outcome of ``check``; ``str(report)`` (and its repr) is the plain-language report.

    ``passed``: every case agrees with the derived result. ``max_error``: the
    largest |a − b| / max(1, |a|, |b|) seen over all cases (inf when some case
    could not be compared). ``diagnosis``: the ``Mistake`` the function
    matches on every case, or None. ``failure``: the first ``FailedCase`` or
    None. ``notes``: remarks (warnings raised by the function, arguments it
    changed in place, an accepted alternative subgradient).
    """

    result: str
    passed: bool
    max_error: float
    n_cases: int
    n_passed: int
    diagnosis: Mistake | None
    failure: FailedCase | None
    notes: tuple[str, ...]
    observation: str | None = None

    def raise_if_failed(self) -> None:
        """Raise ``CheckError`` with this report's text unless the check passed."""
        if not self.passed:
            raise CheckError(str(self))

    def __str__(self) -> str:
        spec = RESULTS[self.result]
        lines = [f"Check of {spec.name}, question {spec.question}:", _wrap(spec.title, 2)]
        if self.passed:
            lines.append(f"✓ Correct: all {self.n_cases} cases agree with the derived result.")
            # The digits of a rounding-level error differ between CPUs and libms (the book's
            # pages run this in WebAssembly): only its bound is printed.
            largest = "below 1e-12, rounding level" if self.max_error < 1e-12 else f"{self.max_error:.1e}"
            lines.append(f"  Largest relative error |a − b| / max(1, |a|, |b|): {largest} "
                         f"(tolerance {TOL:.0e}).")
        else:
            f = self.failure
            lines.append(f"✗ Not right yet: {self.n_passed} of {self.n_cases} cases pass. "
                         f"First failing case: case {f.index + 1}.")
            lines.append("")
            lines += _format_case(spec, f)
            lines.append("")
            lines += self._diagnosis_lines(spec)
        if self.notes:
            lines.append("")
            lines += [_wrap(f"Note: {n}", 0) for n in self.notes]
        return "\n".join(lines)

    __repr__ = __str__

    def _diagnosis_lines(self, spec: ResultSpec) -> list[str]:
        m = self.diagnosis
        if m is not None:
            return [
                _wrap(f"Diagnosis: this is a known mistake, {m.name}.", 0),
                f"  Your function agrees with that wrong formula on all {self.n_cases} cases.",
                _wrap(f"Why it is wrong: {m.explanation}", 2),
                _wrap(f"How to fix it: {m.hint}", 2),
            ]
        if self.failure.kind in ("raised", "type"):
            return ["Diagnosis: your function did not return a usable result (see above), so it cannot be",
                    "  compared with the known mistakes yet. Fix that first, then run the check again."]
        n = len(mistakes_for(spec.name))
        lines = [f"Diagnosis: this does not match any of the {n} known mistakes for {spec.name}."]
        if self.observation:
            lines.append(_wrap(self.observation, 2))
        lines.append("  Compare your function with the derivation on the failing case above.")
        return lines


def _fmt(value, indent: int) -> str:
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"{float(value):.6g}"
        text = np.array2string(value, precision=4, suppress_small=True, separator=", ",
                               floatmode="maxprec", max_line_width=max(40, WIDTH - indent))
        return text.replace("\n", "\n" + " " * indent)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _format_case(spec: ResultSpec, f: FailedCase) -> list[str]:
    rows: list[tuple[str, object]] = list(f.inputs)
    agree = []
    for i, out in enumerate(spec.outputs):
        if f.got is not None and f.differs and not f.differs[i]:
            agree.append(out.name)
            continue
        rows.append((f"expected {out.name}", f.expected[i]))
        if f.got is not None:
            rows.append((f"your {out.name}", f.got[i]))
    width = max(len(name) for name, _ in rows)
    lines = [f"Case {f.index + 1}: {f.description}"]
    lines += [f"  {name:<{width}} = {_fmt(value, width + 5)}" for name, value in rows]
    if agree:
        lines.append(f"  (your {' and '.join(agree)} agree{'s' if len(agree) == 1 else ''} with the derived "
                     "result on this case)")
    lines += [_wrap(line, 2) for line in f.message.splitlines()]
    return lines


def _wrap(text: str, indent: int) -> str:
    """Wrap a long line at WIDTH characters, continuation lines indented two more spaces."""
    return textwrap.fill(text, width=WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + 2),
                         break_long_words=False, break_on_hyphens=False)


def _observe(spec: ResultSpec, expected_all, got_all) -> str | None:
    """A structural remark about an unknown wrong answer: transposed, or a constant factor off."""
    pairs = [(e, g) for exp, got in zip(expected_all, got_all, strict=True) if got.values is not None
             for e, g in zip(exp, got.values, strict=True)]
    if not pairs:
        return None
    if all(e.ndim == 2 and g.shape == e.T.shape and _errors(e.T, g).max() <= TOL for e, g in pairs):
        return "Your values are right but transposed: check which layout the result uses (rows or columns)."
    if all(e.shape == g.shape for e, g in pairs):
        e_all = np.concatenate([e.ravel() for e, _ in pairs])
        g_all = np.concatenate([g.ravel() for _, g in pairs])
        big = np.abs(e_all) > 1e-3
        if big.any() and np.all(g_all == 0.0):
            return "Your result is zero on every case: check that both ŷ (the model's probabilities) and y " \
                   "(the one-hot target) are used, and that nothing multiplies everything by 0."
        if big.any() and np.all(np.isfinite(g_all)):
            ratios = g_all[big] / e_all[big]
            r = float(np.median(ratios))
            if abs(r - 1.0) > 1e-3 and np.allclose(g_all, r * e_all, rtol=1e-6, atol=1e-9):
                return f"Your result is {r:.4g} times the derived one on every case: look for a missing or " \
                       "extra factor."
    return None


def check(reader_fn: Callable, result: str, *, rng: np.random.Generator | None = None) -> CheckReport:
    """Check a reader's implementation of one result of the book and diagnose a wrong one.

    ``result`` is a key of ``RESULTS`` (``print(RESULTS[result])`` shows the
    signature ``reader_fn`` must have, its arguments and outputs with shapes):

    result                   question  reader_fn(...) -> returns
    naive_softmax_loss       (a)       (center_vec, outside_idx, outside_vectors) -> float
    grad_center              (b)(i)    (center_vec, outside_idx, outside_vectors) -> (d,)
    expected_outside_vector  (b)(ii)   (center_vec, outside_vectors) -> (d,)
    sgd_step                 (b)(iii)  (center_vec, outside_idx, outside_vectors, lr) -> (d,)
    l2_normalise             (b)(iv)   (vectors) -> (n, d)
    grad_outside_vector      (c)       (center_vec, outside_idx, outside_vectors, w) -> (d,)
    grad_U                   (d)       (center_vec, outside_idx, outside_vectors) -> (d, |V|)
    leaky_relu_grad          (e)       (x, alpha) -> x.shape
    sigmoid_grad             (f)       (x) -> x.shape
    neg_sampling_grads       (g)       (center_vec, outside_idx, outside_vectors, negative_indices)
                                       -> ((d,), (|V|, d))
    repeated_negatives_grad  (h)       (center_vec, outside_idx, outside_vectors, negative_indices)
                                       -> (|V|, d)
    skipgram_window          (i)       (sentence, t, window_size, center_vectors, outside_vectors)
                                       -> (float, (|V|, d), (|V|, d))

    ``outside_vectors`` always holds the u_w as rows, shape (|V|, d).

    The function is called with copies of the inputs on a few cases of varied
    shapes drawn from ``rng`` (default: a generator seeded with
    ``DEFAULT_SEED``, so the report is the same on every run). A case passes
    when every output has the expected shape and every entry is within
    |a − b| / max(1, |a|, |b|) <= 1e-6 of the derived result.

    Returns a ``CheckReport``; it never raises because of the reader's
    function. Raises ``TypeError`` if ``reader_fn`` is not callable or ``rng``
    is not a ``np.random.Generator``, and ``ValueError`` for an unknown
    ``result`` (the message lists the valid names).
    """
    if not callable(reader_fn):
        raise TypeError(f"reader_fn must be a function (callable), got {type(reader_fn).__name__}")
    if not isinstance(result, str) or result not in RESULTS:
        raise ValueError(f"result must be one of {', '.join(RESULTS)}; got {result!r}")
    rng = np.random.default_rng(DEFAULT_SEED) if rng is None else _checks.generator(rng)
    spec = RESULTS[result]
    names = [a for a, _ in spec.arguments]
    cases = spec.make_cases(rng)
    expected_all = [tuple(np.asarray(v, dtype=np.float64) for v in spec.reference(*_copy_args(c)))
                    for c in cases]
    got_all = [_run(reader_fn, c, spec, names) for c in cases]
    verdicts = [_judge(spec, c, e, g) for c, e, g in zip(cases, expected_all, got_all, strict=True)]

    notes = []
    warned: dict[str, list[int]] = {}
    for k, g in enumerate(got_all):
        for w in g.warnings:
            warned.setdefault(w, []).append(k + 1)
    for w, ks in warned.items():
        where = f"case {ks[0]}" if len(ks) == 1 else "cases " + ", ".join(map(str, ks))
        notes.append(f"NumPy warned while running your function ({where}): {w}.")
    changed = list(dict.fromkeys(name for g in got_all for name in g.mutated))
    if changed:
        notes.append(f"Your function changes its argument{'s' if len(changed) > 1 else ''} "
                     f"{', '.join(changed)} in place. The checker passes copies, but in training code this "
                     "would silently change the vectors.")
    if spec.note is not None:
        notes += [n for c, g in zip(cases, got_all, strict=True) if g.values is not None
                  and (n := spec.note(c, g.values)) is not None]
    notes = tuple(dict.fromkeys(notes))[:4]

    failing = [k for k, v in enumerate(verdicts) if v.kind is not None]
    max_error = max(v.error for v in verdicts)
    if not failing:
        return CheckReport(result, True, max_error, len(cases), len(cases), None, None, notes)

    k = failing[0]
    v = verdicts[k]
    differs = _differing_outputs(spec, cases[k], expected_all[k], got_all[k])
    failure = FailedCase(
        index=k,
        description=spec.describe_case(cases[k]),
        inputs=tuple(zip(names, cases[k], strict=True)),
        expected=expected_all[k],
        got=got_all[k].values,
        kind=v.kind,
        message=v.message,
        differs=differs,
    )
    diagnosis = _diagnose(spec, cases, got_all)
    observation = None if diagnosis else _observe(spec, expected_all, got_all)
    return CheckReport(result, False, max_error, len(cases), len(cases) - len(failing), diagnosis, failure,
                       notes, observation)


def _differing_outputs(spec: ResultSpec, args, expected: tuple, got: _Outcome) -> tuple[bool, ...]:
    if got.values is None:
        return tuple(True for _ in spec.outputs)
    masks = spec.accept(args, expected, got.values) if spec.accept is not None else None
    out = []
    for i, (e, g) in enumerate(zip(expected, got.values, strict=True)):
        if e.shape != g.shape or not np.all(np.isfinite(g)):
            out.append(True)
            continue
        err = _errors(e, g)
        if masks is not None:
            err = np.where(masks[i], 0.0, err)
        out.append(bool(err.size and err.max() > TOL))
    return tuple(out)


def _diagnose(spec: ResultSpec, cases, got_all) -> Mistake | None:
    """The first catalogue entry that agrees with the reader on every case.

    A case where the reader's function raises (a shape error, say) counts as agreeing with an entry
    that raises the same exception there, so a slip that fails on some shapes and runs on others is
    recognised from both. On a float-range case, a reader's output that is not finite (or an
    exception) is not compared: the entry is judged on the other cases. A finite output is compared.
    """
    names = [a for a, _ in spec.arguments]
    for mistake in mistakes_for(spec.name):
        wrong = (_run(mistake.wrong, c, spec, names) for c in cases)
        if all(_beyond_float_range(spec, c, got) or _same(got, w)
               for c, got, w in zip(cases, got_all, wrong, strict=True)):
            return mistake
    return None


def _beyond_float_range(spec: ResultSpec, args, got: _Outcome) -> bool:
    if spec.float_range is None or not spec.float_range(args):
        return False
    return got.values is None or not all(np.all(np.isfinite(a)) for a in got.values)


# ---------------------------------------------------------------------------
# Self-check questions that work without a kernel.

_QUIZ_CSS = """<style>
.w2v-quiz {border: 1px solid rgba(127,127,127,.45); border-radius: 8px; padding: .6em 1em; margin: .5em 0;}
.w2v-quiz .w2v-title {font-weight: 600; margin: 0 0 .4em 0;}
.w2v-quiz .w2v-q {margin: .6em 0 .9em 0;}
.w2v-quiz .w2v-q > p {margin: 0 0 .35em 0;}
.w2v-quiz details {border: 1px solid rgba(127,127,127,.35); border-radius: 6px; margin: .25em 0;
  padding: .2em .6em;}
.w2v-quiz summary {cursor: pointer;}
.w2v-quiz details[open] {background: rgba(127,127,127,.08);}
.w2v-quiz .w2v-fb {margin: .3em 0 .2em 1.2em;}
.w2v-quiz .w2v-right {border-left: 4px solid #2e7d32; padding-left: .5em;}
.w2v-quiz .w2v-wrong {border-left: 4px solid #c62828; padding-left: .5em;}
</style>"""

_DOLLAR_MATH = re.compile(r"\$([^$]+)\$")
_BACKTICK_CODE = re.compile(r"`([^`]+)`")


def _quiz_order(question: str, n: int) -> list[int]:
    """A fixed shuffle of ``n`` answers, seeded by the question's text.

    Written in the quiz's source order, the right answer tends to come first
    and to be the longest; shuffled, its position tells the reader nothing.
    The seed is the question itself, so the order is the same on every run,
    every machine and every NumPy or Python version (a Fisher–Yates shuffle
    driven by SHA-256, not by a library's generator, whose stream may change).
    """
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        digest = hashlib.sha256(f"{i}\0{question}".encode()).digest()
        j = int.from_bytes(digest, "big") % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def _quiz_text(text: str) -> str:
    """Escape HTML, turn `code` into <code> and $...$ into the \\(...\\) delimiters MathJax reads."""
    text = _BACKTICK_CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))
    return _DOLLAR_MATH.sub(r"\\(\1\\)", text)


@dataclass(frozen=True)
class SelfCheck:
    """Multiple-choice questions rendered as plain HTML; see ``self_check``."""

    questions: tuple[dict, ...]
    title: str

    def _repr_html_(self) -> str:
        # mathjax_process: the book's MathJax skips page content not marked for processing
        parts = [_QUIZ_CSS, '<div class="w2v-quiz mathjax_process">',
                 f'<p class="w2v-title">{html.escape(self.title)}</p>']
        for i, q in enumerate(self.questions, start=1):
            parts.append(f'<div class="w2v-q"><p><b>{i}.</b> {_quiz_text(q["question"])}</p>')
            for letter, a in zip("ABCDEFGH", q["answers"], strict=False):
                verdict = ("w2v-right", "✓ Right.") if a["correct"] else ("w2v-wrong", "✗ Not quite.")
                parts.append(
                    f"<details><summary>{letter}. {_quiz_text(a['answer'])}</summary>"
                    f'<div class="w2v-fb {verdict[0]}"><b>{verdict[1]}</b> {_quiz_text(a["feedback"])}</div>'
                    "</details>"
                )
            parts.append("</div>")
        parts.append("</div>")
        return "\n".join(parts)

    def __repr__(self) -> str:
        lines = [f"{self.title} (open an answer in the book to see whether it is right)"]
        for i, q in enumerate(self.questions, start=1):
            lines.append(f"{i}. {q['question']}")
            lines += [f"   {letter}. {a['answer']}"
                      for letter, a in zip("ABCDEFGH", q["answers"], strict=False)]
        return "\n".join(lines)


def self_check(questions: Sequence[dict], title: str = "Self-check: click an answer to see if it is right"):
    """Multiple-choice self-check questions that work in the static book, with no kernel and no network.

    ``questions`` uses jupyterquiz's multiple-choice format, so the same data can
    be given to ``jupyterquiz.display_quiz``: a list of dicts with keys
    ``question`` (str), ``type`` (``"multiple_choice"``) and ``answers``, a list
    of 2 to 8 dicts with ``answer`` (str), ``correct`` (bool) and ``feedback``
    (str), at least one of them correct. Text is escaped as HTML; ``$...$`` is
    typeset by the page's MathJax and ```code``` is shown as code.

    Each answer is a ``<details>`` element: clicking it reveals "Right" or "Not
    quite" and the feedback. The answers are shown in a shuffled order that is
    fixed by the question's text (so write the right answer wherever it reads
    best: its place on the page does not give it away). There is no JavaScript
    and no random identifier, so the output is the same on every run (strict
    nbval) and renders anywhere HTML does. Returns an object whose HTML repr is
    the quiz.
    """
    if isinstance(questions, (str, bytes, dict)) or not isinstance(questions, Sequence) or not questions:
        raise TypeError("questions must be a non-empty list of question dicts")
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    checked = []
    for i, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            raise TypeError(f"question {i} must be a dict, got {type(q).__name__}")
        if q.get("type", "multiple_choice") != "multiple_choice":
            raise ValueError(f"question {i}: only type 'multiple_choice' is supported, got {q.get('type')!r}")
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            raise ValueError(f"question {i}: 'question' must be a non-empty string")
        answers = q.get("answers")
        if not isinstance(answers, (list, tuple)) or not 2 <= len(answers) <= 8:
            raise ValueError(f"question {i}: 'answers' must be a list of 2 to 8 answers")
        for j, a in enumerate(answers, start=1):
            if not (isinstance(a, dict) and isinstance(a.get("answer"), str)
                    and isinstance(a.get("correct"), bool) and isinstance(a.get("feedback"), str)):
                raise ValueError(f"question {i}, answer {j}: needs 'answer' (str), 'correct' (bool) and "
                                 "'feedback' (str)")
        if not any(a["correct"] for a in answers):
            raise ValueError(f"question {i}: at least one answer must be correct")
        order = _quiz_order(q["question"], len(answers))
        checked.append({"question": q["question"], "answers": [dict(answers[k]) for k in order]})
    return SelfCheck(tuple(checked), title)


def _catalogue_results_are_known() -> None:
    unknown = sorted({m.result for m in CATALOGUE} - set(RESULTS))
    if unknown:
        raise RuntimeError(f"w2vlib.mistakes has entries for unknown results: {unknown}")


_catalogue_results_are_known()
