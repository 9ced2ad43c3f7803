"""Bad input (issue 2): every public function rejects it with a message that names the argument.

Each case is (call, exception type, regex the message must match). The regex
always contains the argument's name, so a message like "invalid value" fails.
Nothing broadcasts silently: a center vector of length d + 1, a (d, 1) column,
or U passed in its d x |V| column layout are all rejected.
"""

from __future__ import annotations

import numpy as np
import pytest

import w2vlib as w

V, D = 5, 3
RNG = np.random.default_rng(0)
v = RNG.normal(size=D)
U = RNG.normal(size=(V, D))
NEG = np.array([1, 2, 2])
NAN, INF = float("nan"), float("inf")
GEN = np.random.default_rng(1)
SAMPLER = w.UnigramSampler([5, 4, 3, 2, 1])
WORD2IND = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}
NAIVE = w.naive_softmax_loss_and_gradient


def _with(arr, index, value):
    out = np.array(arr, dtype=float)
    out[index] = value
    return out


# The eight pair functions of losses.py share (center_vec, outside_idx, outside_vectors, ...).
PAIR_FUNCTIONS = {
    "naive_softmax_loss_and_gradient": lambda c, o, u: w.naive_softmax_loss_and_gradient(c, o, u),
    "naive_softmax_grad_U": lambda c, o, u: w.naive_softmax_grad_U(c, o, u),
    "naive_softmax_grad_outside_vector": lambda c, o, u: w.naive_softmax_grad_outside_vector(c, o, u, 0),
    "neg_sampling_lambda": lambda c, o, u: w.neg_sampling_lambda(c, o, u, NEG),
    "neg_sampling_loss_and_gradient": lambda c, o, u: w.neg_sampling_loss_and_gradient(c, o, u, NEG),
    "neg_sampling_loss_and_gradient_loop": (
        lambda c, o, u: w.neg_sampling_loss_and_gradient_loop(c, o, u, NEG)
    ),
    "neg_sampling_sequential_update": lambda c, o, u: w.neg_sampling_sequential_update(c, o, u, NEG, 0.1),
}

CENTER_CASES = [
    ("column (d,1)", v[:, None], ValueError, r"center_vec must be a 1-D array, got shape \(3, 1\)"),
    ("row (1,d)", v[None, :], ValueError, r"center_vec must be a 1-D array"),
    ("scalar", 1.0, ValueError, r"center_vec must be a 1-D array, got shape \(\)"),
    ("length d+1", np.ones(D + 1), ValueError,
     r"outside_vectors must have shape \(\|V\|, d\) with d = len\(center_vec\) = 4"),
    ("length d-1", np.ones(D - 1), ValueError, r"d = len\(center_vec\) = 2"),
    ("nan", _with(v, 1, NAN), ValueError, r"center_vec must contain only finite values"),
    ("inf", _with(v, 0, INF), ValueError, r"center_vec must contain only finite values"),
    ("-inf", _with(v, 2, -INF), ValueError, r"center_vec must contain only finite values"),
    ("string", "abc", TypeError, r"center_vec must be a real numeric array"),
    ("list of strings", ["1", "2", "3"], TypeError, r"center_vec must be a real numeric array"),
    ("None", None, TypeError, r"center_vec must be a real numeric array"),
    ("booleans", np.array([True, False, True]), TypeError, r"center_vec must be a real numeric array"),
    ("complex", v + 1j, TypeError, r"center_vec must be a real numeric array"),
    ("ragged", [[1.0], [1.0, 2.0]], (TypeError, ValueError), r"center_vec"),
]

OUTSIDE_CASES = [
    ("1-D", np.ones(D), ValueError, r"outside_vectors must be a 2-D array"),
    ("3-D", U[None], ValueError, r"outside_vectors must be a 2-D array"),
    ("U in d x |V| layout", U.T, ValueError,
     r"outside_vectors must have shape \(\|V\|, d\) with d = len\(center_vec\) = 3, got \(3, 5\)"),
    ("one column too many", np.ones((V, D + 1)), ValueError,
     r"outside_vectors must have shape \(\|V\|, d\)"),
    ("no rows", np.ones((0, D)), ValueError, r"outside_vectors must have shape \(\|V\|, d\) with \|V\| >= 1"),
    ("nan", _with(U, (2, 1), NAN), ValueError, r"outside_vectors must contain only finite values"),
    ("inf", _with(U, (0, 0), INF), ValueError, r"outside_vectors must contain only finite values"),
    ("string", "U", TypeError, r"outside_vectors must be a real numeric array"),
    ("object", np.array([[object()] * D] * V), TypeError, r"outside_vectors must be a real numeric array"),
]

INDEX_CASES = [
    ("negative", -1, ValueError, r"outside_idx must be in range\(0, 5\), got -1"),
    ("too large", V, ValueError, r"outside_idx must be in range\(0, 5\), got 5"),
    ("float", 1.0, TypeError, r"outside_idx must be an integer index, got float"),
    ("bool", True, TypeError, r"outside_idx must be an integer index, got bool"),
    ("numpy bool", np.bool_(False), TypeError, r"outside_idx must be an integer index"),
    ("string", "1", TypeError, r"outside_idx must be an integer index, got str"),
    ("None", None, TypeError, r"outside_idx must be an integer index"),
    ("array", np.array([1]), TypeError, r"outside_idx must be an integer index"),
]


def _cases(cases, position):
    out = []
    for fname, fn in PAIR_FUNCTIONS.items():
        for label, bad, exc, pattern in cases:
            args = [v, 0, U]
            args[position] = bad
            out.append(pytest.param(fn, args, exc, pattern, id=f"{fname}-{label}"))
    return out


@pytest.mark.parametrize(("fn", "args", "exc", "pattern"), _cases(CENTER_CASES, 0))
def test_pair_functions_reject_bad_center_vec(fn, args, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(*args)


@pytest.mark.parametrize(("fn", "args", "exc", "pattern"), _cases(INDEX_CASES, 1))
def test_pair_functions_reject_bad_outside_idx(fn, args, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(*args)


@pytest.mark.parametrize(("fn", "args", "exc", "pattern"), _cases(OUTSIDE_CASES, 2))
def test_pair_functions_reject_bad_outside_vectors(fn, args, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(*args)


@pytest.mark.parametrize(
    ("bad", "exc", "pattern"),
    [
        ("abc", TypeError, r"center_vec must be a real numeric array"),
        (v[:, None], ValueError, r"center_vec must be a 1-D array"),
        (np.ones(D + 1), ValueError, r"d = len\(center_vec\) = 4"),
        (_with(v, 0, NAN), ValueError, r"center_vec must contain only finite values"),
    ],
)
def test_naive_softmax_probabilities_rejects_bad_center_vec(bad, exc, pattern):
    with pytest.raises(exc, match=pattern):
        w.naive_softmax_probabilities(bad, U)
    with pytest.raises(ValueError, match=r"outside_vectors"):
        w.naive_softmax_probabilities(v, U.T)


@pytest.mark.parametrize(
    ("bad", "exc", "pattern"),
    [
        (-1, ValueError, r"\bw must be in range\(0, 5\), got -1"),
        (V, ValueError, r"\bw must be in range\(0, 5\), got 5"),
        (2.0, TypeError, r"\bw must be an integer index"),
        (True, TypeError, r"\bw must be an integer index"),
        ("u", TypeError, r"\bw must be an integer index"),
    ],
)
def test_grad_outside_vector_rejects_bad_w(bad, exc, pattern):
    with pytest.raises(exc, match=pattern):
        w.naive_softmax_grad_outside_vector(v, 0, U, bad)


NEG_FUNCTIONS = {
    "neg_sampling_lambda": lambda n: w.neg_sampling_lambda(v, 0, U, n),
    "neg_sampling_loss_and_gradient": lambda n: w.neg_sampling_loss_and_gradient(v, 0, U, n),
    "neg_sampling_loss_and_gradient_loop": lambda n: w.neg_sampling_loss_and_gradient_loop(v, 0, U, n),
    "neg_sampling_sequential_update": lambda n: w.neg_sampling_sequential_update(v, 0, U, n, 0.1),
}
NEG_CASES = [
    ("K = 0", [], ValueError, r"negative_indices must hold at least one index \(K >= 1\)"),
    ("empty array", np.array([], dtype=int), ValueError, r"negative_indices must hold at least one index"),
    ("2-D", [[1, 2]], ValueError, r"negative_indices must be a 1-D array of indices, got shape \(1, 2\)"),
    ("scalar", 1, ValueError, r"negative_indices must be a 1-D array of indices, got shape \(\)"),
    ("out of range", [1, V], ValueError, r"negative_indices must be in range\(0, 5\), got 5"),
    ("negative", [-1, 2], ValueError, r"negative_indices must be in range\(0, 5\), got -1"),
    ("floats", [1.0, 2.0], TypeError, r"negative_indices must hold integer indices, got dtype float64"),
    ("nan", [NAN], TypeError, r"negative_indices must hold integer indices"),
    ("booleans", [True, False], TypeError, r"negative_indices must hold integer indices"),
    ("a bool among ints", [True, 2], TypeError, r"negative_indices"),
    ("strings", ["1", "2"], TypeError, r"negative_indices must hold integer indices"),
    ("string", "12", ValueError, r"negative_indices must be a 1-D array"),
    ("None", None, ValueError, r"negative_indices must be a 1-D array"),
]


@pytest.mark.parametrize(
    ("fn", "bad", "exc", "pattern"),
    [
        pytest.param(fn, bad, exc, pattern, id=f"{name}-{label}")
        for name, fn in NEG_FUNCTIONS.items()
        for label, bad, exc, pattern in NEG_CASES
    ],
)
def test_negative_indices_are_validated(fn, bad, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(bad)


@pytest.mark.parametrize(
    ("lr", "exc", "pattern"),
    [
        (0.0, ValueError, r"lr must be > 0, got 0"),
        (-0.1, ValueError, r"lr must be > 0"),
        (NAN, ValueError, r"lr must be finite"),
        (INF, ValueError, r"lr must be finite"),
        ("0.1", TypeError, r"lr must be a real number, got str"),
        (True, TypeError, r"lr must be a real number, got bool"),
        (None, TypeError, r"lr must be a real number"),
        (np.array([0.1]), TypeError, r"lr must be a real number"),
    ],
)
def test_sequential_update_rejects_bad_lr(lr, exc, pattern):
    with pytest.raises(exc, match=pattern):
        w.neg_sampling_sequential_update(v, 0, U, NEG, lr)


# ---------------------------------------------------------------- activations

ELEMENTWISE = {
    "softmax": w.softmax,
    "log_softmax": w.log_softmax,
    "sigmoid": w.sigmoid,
    "log_sigmoid": w.log_sigmoid,
    "sigmoid_grad": w.sigmoid_grad,
    "leaky_relu": lambda x: w.leaky_relu(x, 0.1),
    "leaky_relu_grad": lambda x: w.leaky_relu_grad(x, 0.1),
}
X_CASES = [
    ("nan", [0.0, NAN], ValueError, r"\bx must contain only finite values"),
    ("inf", [INF, 0.0], ValueError, r"\bx must contain only finite values"),
    ("-inf", np.array([[-INF]]), ValueError, r"\bx must contain only finite values"),
    ("string", "1.0", TypeError, r"\bx must be a real numeric array"),
    ("strings", ["1", "2"], TypeError, r"\bx must be a real numeric array"),
    ("None", None, TypeError, r"\bx must be a real numeric array"),
    ("booleans", [True, False], TypeError, r"\bx must be a real numeric array"),
    ("complex", [1j], TypeError, r"\bx must be a real numeric array"),
    ("ragged", [[1.0], [1.0, 2.0]], (TypeError, ValueError), r"\bx\b"),
]


@pytest.mark.parametrize(
    ("fn", "bad", "exc", "pattern"),
    [
        pytest.param(fn, bad, exc, pattern, id=f"{name}-{label}")
        for name, fn in ELEMENTWISE.items()
        for label, bad, exc, pattern in X_CASES
    ],
)
def test_activations_reject_bad_x(fn, bad, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(bad)


@pytest.mark.parametrize("fn", [w.softmax, w.log_softmax])
@pytest.mark.parametrize("bad", [1.0, np.float64(2.0), np.ones((3, 0)), []])
def test_softmax_needs_a_non_empty_last_axis(fn, bad):
    with pytest.raises(ValueError, match=r"\bx must have a non-empty last axis"):
        fn(bad)


@pytest.mark.parametrize("fn", [w.leaky_relu, w.leaky_relu_grad])
@pytest.mark.parametrize(
    ("alpha", "exc", "pattern"),
    [
        (0.0, ValueError, r"alpha must satisfy 0 < alpha < 1"),
        (1.0, ValueError, r"alpha must satisfy 0 < alpha < 1"),
        (-0.1, ValueError, r"alpha must satisfy 0 < alpha < 1.*got -0.1"),
        (1.5, ValueError, r"alpha must satisfy 0 < alpha < 1.*got 1.5"),
        (NAN, ValueError, r"alpha must be finite"),
        (INF, ValueError, r"alpha must be finite"),
        ("0.1", TypeError, r"alpha must be a real number, got str"),
        (True, TypeError, r"alpha must be a real number, got bool"),
        (None, TypeError, r"alpha must be a real number"),
        (np.array([0.1]), TypeError, r"alpha must be a real number"),
    ],
)
def test_leaky_relu_rejects_alpha_outside_zero_one(fn, alpha, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(np.ones(2), alpha)


# ---------------------------------------------------------------- sampling


@pytest.mark.parametrize("make", [w.unigram_distribution, w.UnigramSampler])
@pytest.mark.parametrize(
    ("counts", "exc", "pattern"),
    [
        ([], ValueError, r"counts must hold at least one word count"),
        ([[1, 2]], ValueError, r"counts must be a 1-D array"),
        (3, ValueError, r"counts must be a 1-D array"),
        ([1, -1], ValueError, r"counts must be non-negative"),
        ([0, 0], ValueError, r"counts must have a positive total"),
        ([1, NAN], ValueError, r"counts must contain only finite values"),
        ([INF, 1], ValueError, r"counts must contain only finite values"),
        ("abc", TypeError, r"counts must be a real numeric array"),
        ([True, False], TypeError, r"counts must be a real numeric array"),
        (None, TypeError, r"counts must be a real numeric array"),
    ],
)
def test_bad_counts(make, counts, exc, pattern):
    with pytest.raises(exc, match=pattern):
        make(counts)


@pytest.mark.parametrize("make", [w.unigram_distribution, w.UnigramSampler])
@pytest.mark.parametrize(
    ("power", "exc", "pattern"),
    [
        (-0.75, ValueError, r"power must be >= 0"),
        (NAN, ValueError, r"power must be finite"),
        ("0.75", TypeError, r"power must be a real number"),
        (None, TypeError, r"power must be a real number"),
    ],
)
def test_bad_power(make, power, exc, pattern):
    with pytest.raises(exc, match=pattern):
        make([1, 2, 3], power)


@pytest.mark.parametrize(
    ("kwargs", "exc", "pattern"),
    [
        ({"rng": None}, TypeError, r"rng must be a numpy.random.Generator"),
        ({"rng": 0}, TypeError, r"rng must be a numpy.random.Generator.*got int"),
        ({"rng": np.random.RandomState(0)}, TypeError, r"rng must be a numpy.random.Generator"),  # noqa: NPY002
        ({"K": 0}, ValueError, r"\bK must be an integer >= 1, got 0"),
        ({"K": -3}, ValueError, r"\bK must be an integer >= 1, got -3"),
        ({"K": 2.0}, TypeError, r"\bK must be an integer >= 1, got float"),
        ({"K": True}, TypeError, r"\bK must be an integer >= 1, got bool"),
        ({"K": "5"}, TypeError, r"\bK must be an integer >= 1, got str"),
        ({"exclude": -1}, ValueError, r"exclude must be in range\(0, 5\), got -1"),
        ({"exclude": 5}, ValueError, r"exclude must be in range\(0, 5\), got 5"),
        ({"exclude": 1.0}, TypeError, r"exclude must be an integer index"),
        ({"exclude": True}, TypeError, r"exclude must be an integer index"),
        ({"exclude": "a"}, TypeError, r"exclude must be an integer index"),
    ],
)
def test_sampler_sample_rejects_bad_arguments(kwargs, exc, pattern):
    args = {"rng": np.random.default_rng(0), "K": 3, "exclude": None} | kwargs
    with pytest.raises(exc, match=pattern):
        SAMPLER.sample(**args)


def test_sampler_rejects_excluding_the_only_word_with_mass():
    with pytest.raises(ValueError, match=r"exclude=1 holds all the probability mass"):
        w.UnigramSampler([0, 5, 0]).sample(np.random.default_rng(0), 2, exclude=1)
    with pytest.raises(ValueError, match=r"exclude=0 holds all the probability mass"):
        w.UnigramSampler([7]).sample(np.random.default_rng(0), 1, exclude=0)


# ---------------------------------------------------------------- skipgram


@pytest.mark.parametrize(
    ("args", "exc", "pattern"),
    [
        (("a b c".split(), 1, 0), ValueError, r"window_size must be an integer >= 1, got 0"),
        (("a b c".split(), 1, -2), ValueError, r"window_size must be an integer >= 1, got -2"),
        (("a b c".split(), 1, 1.0), TypeError, r"window_size must be an integer >= 1, got float"),
        (("a b c".split(), 1, True), TypeError, r"window_size must be an integer >= 1, got bool"),
        (("a b c".split(), 3, 1), ValueError, r"position must be in range\(0, 3\), got 3"),
        (("a b c".split(), -1, 1), ValueError, r"position must be in range\(0, 3\), got -1"),
        (("a b c".split(), 1.0, 1), TypeError, r"position must be an integer index"),
        (("a b c".split(), False, 1), TypeError, r"position must be an integer index"),
        ((["a"], 0, "1"), TypeError, r"window_size must be an integer >= 1, got str"),
        (("abc", 1, 1), TypeError, r"sentence must be a sequence of tokens, got str"),
        ((None, 0, 1), TypeError, r"sentence must be a sequence of tokens"),
        (([], 0, 1), ValueError, r"position must be in range\(0, 0\)"),
    ],
)
def test_window_outside_words_rejects_bad_arguments(args, exc, pattern):
    with pytest.raises(exc, match=pattern):
        w.window_outside_words(*args)


def _skipgram(**changes):
    args = {
        "center_word": "c",
        "window_size": 1,
        "outside_words": ["b", "d"],
        "word2ind": WORD2IND,
        "center_vectors": U.copy(),
        "outside_vectors": U.copy(),
        "loss_and_gradient": NAIVE,
    } | changes
    return w.skipgram(**args)


@pytest.mark.parametrize(
    ("changes", "exc", "pattern"),
    [
        ({"window_size": 0}, ValueError, r"window_size must be an integer >= 1, got 0"),
        ({"window_size": -1}, ValueError, r"window_size must be an integer >= 1"),
        ({"window_size": 1.5}, TypeError, r"window_size must be an integer >= 1, got float"),
        ({"window_size": "2"}, TypeError, r"window_size must be an integer >= 1, got str"),
        ({"outside_words": ["b", "d", "e"]}, ValueError,
         r"outside_words must hold at most 2 \* window_size = 2 words, got 3"),
        ({"outside_words": ["b", "zebra"]}, ValueError, r"outside_words: word 'zebra' is not in word2ind"),
        ({"outside_words": [["b"]]}, TypeError, r"outside_words"),
        ({"outside_words": "bd"}, TypeError, r"outside_words must be a list of words, got str"),
        ({"outside_words": None}, TypeError, r"outside_words must be a list of words"),
        ({"center_word": "zebra"}, ValueError, r"center_word: word 'zebra' is not in word2ind"),
        ({"center_word": ["c"]}, TypeError, r"center_word"),
        ({"word2ind": [("a", 0)]}, TypeError, r"word2ind must be a mapping"),
        ({"word2ind": WORD2IND | {"b": 7}}, ValueError, r"word2ind\['b'\] must be in range\(0, 5\), got 7"),
        ({"word2ind": WORD2IND | {"c": -1}}, ValueError, r"word2ind\['c'\] must be in range"),
        ({"word2ind": WORD2IND | {"d": 3.0}}, TypeError, r"word2ind\['d'\] must be an integer index"),
        ({"center_vectors": U[0]}, ValueError, r"center_vectors must be a 2-D array"),
        ({"center_vectors": U[None]}, ValueError, r"center_vectors must be a 2-D array"),
        ({"outside_vectors": U[:, :2]}, ValueError,
         r"center_vectors and outside_vectors must both have shape \(\|V\|, d\), got \(5, 3\) and \(5, 2\)"),
        ({"center_vectors": U.T}, ValueError, r"center_vectors and outside_vectors must both have shape"),
        ({"center_vectors": _with(U, (0, 0), NAN)}, ValueError, r"center_vectors must contain only finite"),
        ({"outside_vectors": _with(U, (4, 2), INF)}, ValueError, r"outside_vectors must contain only finite"),
        ({"center_vectors": "V"}, TypeError, r"center_vectors must be a real numeric array"),
        ({"loss_and_gradient": "naive"}, TypeError, r"loss_and_gradient must be callable"),
        ({"loss_and_gradient": None}, TypeError, r"loss_and_gradient must be callable"),
    ],
)
def test_skipgram_rejects_bad_arguments(changes, exc, pattern):
    with pytest.raises(exc, match=pattern):
        _skipgram(**changes)


@pytest.mark.parametrize(
    ("args", "exc", "pattern"),
    [
        ((np.array([1, 2]), 3, GEN), TypeError, r"sampler must be a UnigramSampler, got ndarray"),
        ((SAMPLER, 0, GEN), ValueError, r"\bK must be an integer >= 1, got 0"),
        ((SAMPLER, "3", GEN), TypeError, r"\bK must be an integer >= 1, got str"),
        ((SAMPLER, 2.0, GEN), TypeError, r"\bK must be an integer >= 1, got float"),
        ((SAMPLER, 3, None), TypeError, r"rng must be a numpy.random.Generator.*got NoneType"),
        ((SAMPLER, 3, 42), TypeError, r"rng must be a numpy.random.Generator.*got int"),
        ((SAMPLER, 3, np.random.RandomState(1)), TypeError, r"rng must be a numpy.random.Generator"),  # noqa: NPY002
    ],
)
def test_neg_sampling_loss_fn_rejects_bad_arguments(args, exc, pattern):
    with pytest.raises(exc, match=pattern):
        w.neg_sampling_loss_fn(*args)


# ---------------------------------------------------------------- accepted inputs (checks not too strict)


def test_integer_arrays_lists_and_numpy_integers_are_accepted():
    loss_list = w.naive_softmax_loss_and_gradient(v.tolist(), np.int64(2), U.tolist())[0]
    assert loss_list == w.naive_softmax_loss_and_gradient(v, 2, U)[0]
    w.naive_softmax_loss_and_gradient(np.array([1, 0, 2]), np.uint8(1), np.ones((V, D), dtype=np.int32))
    w.neg_sampling_loss_and_gradient(v, 0, U, (1, 1, 4))
    w.neg_sampling_loss_and_gradient(v, 0, U, np.array([3], dtype=np.int8))
    w.neg_sampling_sequential_update(v, 0, U, [1], 1)
    w.leaky_relu([1, -2], np.float32(0.5))
    w.skipgram("c", np.int64(1), ("b", "d"), WORD2IND, U, U, NAIVE)
    SAMPLER.sample(np.random.default_rng(0), np.int32(4), exclude=np.int64(1))
