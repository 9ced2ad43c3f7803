"""The formula results a reader can check, with their cases, symbol tables and references.

Each ``MathResultSpec`` shares the seeded cases and the mistake catalogue of one code result of
``w2vlib.checker.RESULTS`` (``check_result``). A case of the code check becomes one or more
*environments* (``Env``): the numbers the symbols stand for, and the indices bound there (w for
∂J/∂u_w, s for ∂J/∂u_{w_s}, one entry of x for σ′(x)). Values are 2-D arrays in the math's
layout: v_c is a column d × 1, U is d × |V| with the u_w as columns, a scalar is 1 × 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..activations import leaky_relu, leaky_relu_grad, sigmoid, sigmoid_grad
from ..checker import RESULTS
from ..losses import naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from ..mistakes import mistakes_for


@dataclass(frozen=True)
class Idx:
    """An index value: a word of the vocabulary (0-based id), or a number (1-based, or an offset)."""

    kind: str  # "word" or "num"
    n: int

    def word(self, size: int) -> int:
        """The 0-based word id this index names (u_1 is the first column)."""
        w = self.n if self.kind == "word" else self.n - 1
        if not 0 <= w < size:
            raise IndexError(f"index {self.n} is outside 1..{size}")
        return w


@dataclass
class Env:
    """One environment: the numbers of a case, and the indices bound in it."""

    family: str  # "naive", "neg", "skip" or "scalar"
    data: dict  # arrays: v (d,), Uc (|V|, d) rows, Vc, x, alpha, lr; ints o, c, t, m; negatives; sentence
    binds: dict  # letter -> Idx
    case: int  # 0-based index of the code check's case
    description: str
    args: tuple  # the code check's arguments for this case

    def with_binds(self, **binds) -> Env:
        return Env(self.family, self.data, {**self.binds, **binds}, self.case, self.description, self.args)

    def with_data(self, **data) -> Env:
        return Env(self.family, {**self.data, **data}, self.binds, self.case, self.description, self.args)


def _col(a) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 0:
        return a.reshape(1, 1)
    if a.ndim == 1:
        return a.reshape(-1, 1)
    return a


@dataclass(frozen=True)
class MathResultSpec:
    """A formula result: its name, question, chapter, title, the derived result as LaTeX, and the
    symbols known there (as the reader types them). ``check_result`` names the code result whose
    cases and mistake catalogue it shares."""

    name: str
    question: str
    chapter: str
    title: str
    latex: str
    symbols: tuple[str, ...]
    check_result: str
    family: str
    envs: Callable = field(repr=False)  # (cases) -> list[Env]
    reference: Callable = field(repr=False)  # (Env) -> 2-D array
    part: Callable | None = field(default=None, repr=False)  # (Env, outputs of mistake.wrong) -> 2-D array

    @property
    def mistakes(self):
        """The catalogue entries this result shares (none for a result without a ``part``)."""
        return mistakes_for(self.check_result) if self.part is not None else []

    def __str__(self) -> str:
        return (f"{self.name}: {self.title}\n  question {self.question}, chapter {self.chapter}\n"
                f"  derived result: {self.latex}\n  symbols: {', '.join(self.symbols)}")


# ---------------------------------------------------------------------------
# Environments from the code check's cases.


def _pair_env(args, k, desc, family="naive", **extra):
    v, o, Uc = args[:3]
    data = {"v": np.asarray(v, float), "Uc": np.asarray(Uc, float), "o": int(o), **extra}
    return Env(family, data, {"o": Idx("word", int(o))}, k, desc, tuple(args))


def _naive_envs(name):
    spec = RESULTS[name]

    def make(cases):
        out = []
        for k, args in enumerate(cases):
            desc = spec.describe_case(args)
            if name == "expected_outside_vector":
                v, Uc = args
                out.append(Env("naive", {"v": np.asarray(v, float), "Uc": np.asarray(Uc, float), "o": None},
                               {}, k, desc, tuple(args)))
            elif name == "sgd_step":
                out.append(_pair_env(args, k, desc, lr=float(args[3])))
            elif name == "grad_outside_vector":
                env = _pair_env(args, k, desc)
                out.append(env.with_binds(w=Idx("word", int(args[3]))))
            else:
                out.append(_pair_env(args, k, desc))
        return out

    return make


def _neg_envs(per_s=False, distinct=False):
    def make(cases):
        out = []
        for k, args in enumerate(cases):
            v, o, Uc, neg = args
            neg = np.asarray(neg, dtype=np.intp)
            if distinct:  # one draw per word, so ∂J/∂u_{w_s} is one term
                _, first = np.unique(neg, return_index=True)
                neg = neg[np.sort(first)]
                args = (v, o, Uc, neg)
            desc = (f"|V| = {Uc.shape[0]}, d = {v.shape[0]}, o = {o}, K = {neg.shape[0]}, "
                    f"negatives {neg.tolist()}")
            env = _pair_env(args, k, desc, family="neg", negatives=neg)
            if per_s:
                for s in range(1, neg.shape[0] + 1):
                    out.append(Env("neg", env.data, {**env.binds, "s": Idx("num", s)}, k,
                                   f"{desc}, s = {s} (w_s = {int(neg[s - 1])})", tuple(args)))
            else:
                out.append(env)
        return out

    return make


def _skip_envs(other_center=False):
    spec = RESULTS["skipgram_window"]

    def make(cases):
        out = []
        for k, args in enumerate(cases):
            sentence, t, m, Vc, Uc = args
            c = int(sentence[t])
            data = {"Vc": np.asarray(Vc, float), "Uc": np.asarray(Uc, float), "sentence": list(sentence),
                    "t": int(t), "m": int(m), "c": c, "o": None}
            env = Env("skip", data, {"c": Idx("word", c), "t": Idx("num", int(t))}, k,
                      spec.describe_case(args), tuple(args))
            if other_center:
                for w in range(Vc.shape[0]):
                    if w != c:
                        out.append(Env("skip", data, {**env.binds, "w": Idx("word", w)}, k,
                                       f"{env.description}, c = {c}, w = {w}", tuple(args)))
            else:
                out.append(env)
        return out

    return make


def _entry_envs(name):
    """σ′(x) and Leaky ReLU: one environment per entry of the case's x."""
    spec = RESULTS[name]

    def make(cases):
        out = []
        for k, args in enumerate(cases):
            x = np.asarray(args[0], float)
            for i, xi in enumerate(x.reshape(-1)):
                data = {"x": float(xi), "entry": i}
                if len(args) > 1:
                    data["alpha"] = float(args[1])
                where = np.unravel_index(i, x.shape) if x.ndim else ()
                alpha = f", α = {args[1]}" if len(args) > 1 else ""
                out.append(Env("scalar", data, {}, k,
                               f"x = {float(xi):g}{alpha} (entry {tuple(int(j) for j in where)} "
                               f"of case {k + 1}: "
                               f"{spec.describe_case(args)})", tuple(args)))
        return out

    return make


# ---------------------------------------------------------------------------
# References (the derived results) and the matching part of a wrong variant's output.


def _grad_center(env):
    return _col(naive_softmax_loss_and_gradient(env.data["v"], env.data["o"], env.data["Uc"])[1])


def _loss(env):
    return _col(naive_softmax_loss_and_gradient(env.data["v"], env.data["o"], env.data["Uc"])[0])


def _y_hat(env):
    z = env.data["Uc"] @ env.data["v"]
    e = np.exp(z - z.max())
    return e / e.sum()


def _expected(env):
    return _col(env.data["Uc"].T @ _y_hat(env))


def _sgd(env):
    return _col(env.data["v"]) - env.data["lr"] * _grad_center(env)


def _grad_outside(env):
    w = env.binds["w"].n
    y_hat = _y_hat(env)
    return _col((y_hat[w] - (1.0 if w == env.data["o"] else 0.0)) * env.data["v"])


def _grad_U(env):
    return naive_softmax_loss_and_gradient(env.data["v"], env.data["o"], env.data["Uc"])[2].T


def _neg(env):
    return neg_sampling_loss_and_gradient(env.data["v"], env.data["o"], env.data["Uc"], env.data["negatives"])


def _neg_row(env, rows):
    return _col(rows[env.data["negatives"][env.binds["s"].n - 1]])


def _window(env):
    return RESULTS["skipgram_window"].reference(*_copy(env.args))


def _copy(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else (list(a) if isinstance(a, list) else a)
                 for a in args)


def _first(out):
    return out[0] if isinstance(out, tuple) else out


def _x_entry(env, out):
    return _col(np.asarray(_first(out), float).reshape(-1)[env.data["entry"]])


def _log_sigmoid_grad(env):
    return _col(1.0 - sigmoid(env.data["x"]))


_NAIVE = ("v_c", "U", "u_k (any word k: u_o, u_w, u_1, …)", "y", "\\hat{y}", "y_k", "\\hat{y}_k", "o", "|V|",
          "V or \\text{Vocab} (in a sum's range)", "J")
_NEG = ("v_c", "U", "u_o", "u_{w_s} (and u_{w_k})", "w_s", "s, k (1..K)", "K", "o",
        "\\lambda_o = \\sigma(u_o^\\top v_c) - 1", "\\lambda_s = \\sigma(-u_{w_s}^\\top v_c) - 1", "J")
_SKIP = ("v_c", "v_w", "U", "u_k", "w_t", "w_{t+j}", "j", "m", "t", "c", "J(v_c, w_{t+j}, U) (the pair loss)",
         "J")

_SPECS = [
    MathResultSpec("naive_softmax_loss", "(a)", "a_cross_entropy", "the naive-softmax loss J = −log ŷ_o",
                   r"J = -\log \hat{y}_o = -u_o^\top v_c + \log \sum_{w \in V} \exp(u_w^\top v_c)", _NAIVE,
                   "naive_softmax_loss", "naive", _naive_envs("naive_softmax_loss"), _loss,
                   part=lambda env, out: _col(_first(out))),
    MathResultSpec("grad_center", "(b)(i)", "b1_center_gradient", "∂J/∂v_c for the naive-softmax loss",
                   r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y)", _NAIVE, "grad_center", "naive",
                   _naive_envs("grad_center"), _grad_center, part=lambda env, out: _col(_first(out))),
    MathResultSpec("expected_outside_vector", "(b)(ii)", "b2_zero_gradient",
                   "the model's expected outside vector Σ_k ŷ_k u_k",
                   r"\sum_{k \in V} \hat{y}_k u_k = U \hat{y}", _NAIVE, "expected_outside_vector", "naive",
                   _naive_envs("expected_outside_vector"), _expected,
                   part=lambda env, out: _col(_first(out))),
    MathResultSpec("sgd_step", "(b)(iii)", "b3_gradient_step",
                   "one gradient step on v_c with learning rate η",
                   r"v_c^{\text{new}} = v_c - \eta\, U(\hat{y} - y)", _NAIVE + ("\\eta (the learning rate)",),
                   "sgd_step", "naive", _naive_envs("sgd_step"), _sgd,
                   part=lambda env, out: _col(_first(out))),
    MathResultSpec("grad_outside_vector", "(c)", "c_outside_gradients", "∂J/∂u_w for any word w",
                   r"\frac{\partial J}{\partial u_w} = (\hat{y}_w - y_w) v_c", _NAIVE + ("w",),
                   "grad_outside_vector", "naive", _naive_envs("grad_outside_vector"), _grad_outside,
                   part=lambda env, out: _col(_first(out))),
    MathResultSpec("grad_U", "(d)", "d_outside_matrix", "∂J/∂U, shape d × |V| like U",
                   r"\frac{\partial J}{\partial U} = v_c (\hat{y} - y)^\top", _NAIVE, "grad_U", "naive",
                   _naive_envs("grad_U"), _grad_U, part=lambda env, out: np.asarray(_first(out), float)),
    MathResultSpec("leaky_relu", "(e)", "e_leaky_relu", "the Leaky ReLU f(x) = max(αx, x), 0 < α < 1",
                   r"f(x) = \max(\alpha x, x)", ("x", "\\alpha", "f(x)"), "leaky_relu_grad", "scalar",
                   _entry_envs("leaky_relu_grad"),
                   lambda env: _col(leaky_relu(env.data["x"], env.data["alpha"]))),
    MathResultSpec("leaky_relu_grad", "(e)", "e_leaky_relu", "the derivative of Leaky ReLU",
                   r"f'(x) = \begin{cases} \alpha & x \le 0 \\ 1 & x > 0 \end{cases}",
                   ("x", "\\alpha", "f(x)"), "leaky_relu_grad", "scalar", _entry_envs("leaky_relu_grad"),
                   lambda env: _col(leaky_relu_grad(env.data["x"], env.data["alpha"])), part=_x_entry),
    MathResultSpec("sigmoid_grad", "(f)", "f_sigmoid", "the derivative of the sigmoid",
                   r"\sigma'(x) = \sigma(x)(1 - \sigma(x))", ("x", "\\sigma", "e"), "sigmoid_grad", "scalar",
                   _entry_envs("sigmoid_grad"), lambda env: _col(sigmoid_grad(env.data["x"])), part=_x_entry),
    MathResultSpec("log_sigmoid_grad", "(g)(i)", "g_negative_sampling", "the derivative of log σ(x)",
                   r"\frac{d}{dx} \log \sigma(x) = 1 - \sigma(x)", ("x", "\\sigma", "e"), "sigmoid_grad",
                   "scalar",
                   _entry_envs("sigmoid_grad"), _log_sigmoid_grad),
    MathResultSpec("neg_sampling_loss", "(g)", "g_negative_sampling", "the negative-sampling loss",
                   r"J = -\log \sigma(u_o^\top v_c) - \sum_{s=1}^{K} \log \sigma(-u_{w_s}^\top v_c)", _NEG,
                   "neg_sampling_grads", "neg", _neg_envs(), lambda env: _col(_neg(env)[0])),
    MathResultSpec("neg_grad_center", "(g)", "g_negative_sampling", "∂J/∂v_c for negative sampling",
                   r"\frac{\partial J}{\partial v_c} = (\sigma(u_o^\top v_c) - 1) u_o - \sum_{s=1}^{K} "
                   r"(\sigma(-u_{w_s}^\top v_c) - 1) u_{w_s}", _NEG, "neg_sampling_grads", "neg", _neg_envs(),
                   lambda env: _col(_neg(env)[1]), part=lambda env, out: _col(out[0])),
    MathResultSpec("neg_grad_outside", "(g)", "g_negative_sampling", "∂J/∂u_o for negative sampling",
                   r"\frac{\partial J}{\partial u_o} = (\sigma(u_o^\top v_c) - 1) v_c", _NEG,
                   "neg_sampling_grads",
                   "neg", _neg_envs(), lambda env: _col(_neg(env)[2][env.data["o"]]),
                   part=lambda env, out: _col(out[1][env.data["o"]])),
    MathResultSpec("neg_grad_negative", "(g)", "g_negative_sampling",
                   "∂J/∂u_{w_s} for negative sampling, for every s",
                   r"\frac{\partial J}{\partial u_{w_s}} = -(\sigma(-u_{w_s}^\top v_c) - 1) v_c", _NEG,
                   "neg_sampling_grads", "neg", _neg_envs(per_s=True, distinct=True),
                   lambda env: _neg_row(env, _neg(env)[2]), part=lambda env, out: _neg_row(env, out[1])),
    MathResultSpec("repeated_negatives_grad", "(h)", "h_repeated_negatives",
                   "∂J/∂u_{w_s} when negatives repeat: one term per draw of the word",
                   r"\frac{\partial J}{\partial u_{w_s}} = -\sum_{k=1,\, w_k = w_s}^{K} "
                   r"(\sigma(-u_{w_k}^\top v_c) - 1) v_c", _NEG, "repeated_negatives_grad", "neg",
                   _neg_envs(per_s=True), lambda env: _neg_row(env, _neg(env)[2]),
                   part=lambda env, out: _neg_row(env, _first(out))),
    MathResultSpec("skipgram_loss", "(i)", "i_skipgram_window", "the skip-gram loss of one window",
                   r"J = \sum_{-m \le j \le m,\, j \ne 0} J(v_c, w_{t+j}, U)", _SKIP, "skipgram_window",
                   "skip",
                   _skip_envs(), lambda env: _col(_window(env)[0]), part=lambda env, out: _col(out[0])),
    MathResultSpec("skipgram_grad_center", "(i)", "i_skipgram_window", "∂J/∂v_c for the skip-gram window",
                   r"\frac{\partial J}{\partial v_c} = \sum_{-m \le j \le m,\, j \ne 0} "
                   r"\frac{\partial J(v_c, w_{t+j}, U)}{\partial v_c}", _SKIP, "skipgram_window", "skip",
                   _skip_envs(), lambda env: _col(_window(env)[1][env.data["c"]]),
                   part=lambda env, out: _col(out[1][env.data["c"]])),
    MathResultSpec("skipgram_grad_U", "(i)", "i_skipgram_window", "∂J/∂U for the skip-gram window, d × |V|",
                   r"\frac{\partial J}{\partial U} = \sum_{-m \le j \le m,\, j \ne 0} "
                   r"\frac{\partial J(v_c, w_{t+j}, U)}{\partial U}", _SKIP, "skipgram_window", "skip",
                   _skip_envs(), lambda env: _window(env)[2].T, part=lambda env, out: np.asarray(out[2]).T),
    MathResultSpec("skipgram_grad_other_center", "(i)", "i_skipgram_window",
                   "∂J/∂v_w for every center vector v_w with w ≠ c", r"\frac{\partial J}{\partial v_w} = 0",
                   _SKIP + ("w (w ≠ c)",), "skipgram_window", "skip", _skip_envs(other_center=True),
                   lambda env: _col(_window(env)[1][env.binds["w"].n]),
                   part=lambda env, out: _col(out[1][env.binds["w"].n])),
]

#: Every formula result, in the order of the book's chapters.
MATH_RESULTS: dict[str, MathResultSpec] = {s.name: s for s in _SPECS}
