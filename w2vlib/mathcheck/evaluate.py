"""Evaluate an expression tree with NumPy, in one environment of a result's cases.

Values are 2-D float arrays in the math's layout (a scalar is 1 × 1, v_c is d × 1, U is d × |V|),
or ``Idx`` for an index. A formula means its real-number value: log of a softmax, of a sigmoid
and of a sum of exponentials are evaluated as units (log-softmax, log-sigmoid, log-sum-exp,
shifted by the largest term), so −log ŷ_o is finite even when ŷ_o underflows to 0.

Derivative operators (∂/∂v_c, d/dx, ∇) are evaluated by central differences with step
h = ε^{1/3}·max(1, |θ_i|). Its error is at most h²/6·|f'''| + ε|f|/h, about 7e-11 times the size
of f and of its third derivative; on the seeded cases (|V| ≤ 10, entries of size ~1) that is
below 1e-8, a hundred times under the checker's tolerance 1e-6, and a wrong formula differs
by far more. ``tests/test_mathcheck.py`` asserts this bound against the analytic gradients.
"""

from __future__ import annotations

import numpy as np

from .reader import Node, to_latex
from .results import Env, Idx

#: Central-difference step, relative: ε^{1/3} balances truncation (h²) against rounding (ε/h).
FD_STEP = float(np.finfo(np.float64).eps) ** (1.0 / 3.0)


class EvalError(Exception):
    """The expression cannot be evaluated here; the message says why, in the reader's words."""

    def __init__(self, message: str, node: Node | None = None, kind: str = "error"):
        super().__init__(message)
        self.message, self.node, self.kind = message, node, kind


class NotApplicable(Exception):
    """The expression is conditioned (u_{w ≠ o}, a case) on something false in this environment."""


class Absent(Exception):
    """w_{t+j} names a position outside the sentence: that term of the window sum is absent."""


class Unbound(Exception):
    """An index letter used freely (y_w with no w given): the caller enumerates it."""

    def __init__(self, letter: str):
        super().__init__(letter)
        self.letter = letter


class Words(Exception):
    """The expression is words (\\text{predicted word vector}), not a quantity."""


class Elided(Exception):
    """The expression contains … (an elided list), which is not evaluated."""


#: Letters that are indices when they stand alone (u_k, ŷ_w, w_s, t + j).
INDEX_LETTERS = set("ijklnosrtwc")


class Budget:
    """Work allowed for one check, in evaluated nodes: nested sums cannot run for ever."""

    #: About a second in CPython. The heaviest answer in the tests, (h)'s worked derivation with its
    #: derivatives by central differences, needs 11,000; a typical one a few hundred.
    LIMIT = 60_000
    left = LIMIT

    @classmethod
    def reset(cls) -> None:
        cls.left = cls.LIMIT


class Evaluator:
    """Evaluates Nodes in one Env; ``defs`` maps a defined symbol to (index letter or None, Node)."""

    def __init__(self, env: Env, defs: dict | None = None, notes: list | None = None):
        self.env = env
        self.defs = defs or {}
        self.notes = notes if notes is not None else []
        self._cache: dict = {}

    # -- the case's quantities
    @property
    def d(self):
        return self.v.shape[0]

    @property
    def v(self):
        data = self.env.data
        if "Vc" in data:
            return data["Vc"][data["c"]]
        return data["v"]

    @property
    def Uc(self):
        return self.env.data["Uc"]

    def _scores(self):
        return self.Uc @ self.v

    def log_softmax(self):
        z = self._scores()
        m = z.max()
        return z - m - np.log(np.exp(z - m).sum())

    def loss(self, v=None, o=None, Uc=None):
        """The family's loss at (v, o, U); o defaults to the case's true word."""
        v = self.v if v is None else v
        Uc = self.Uc if Uc is None else Uc
        fam = self.env.family
        if fam == "neg":
            o = self.env.data["o"] if o is None else o
            neg = self.env.data["negatives"]
            s_o = Uc[o] @ v
            s_n = Uc[neg] @ v
            return -_log_sigmoid(s_o) - np.sum(_log_sigmoid(-s_n))
        if fam == "skip" and o is None:
            total = 0.0
            data = self.env.data
            for j in range(-data["m"], data["m"] + 1):
                p = data["t"] + j
                if j != 0 and 0 <= p < len(data["sentence"]):
                    total += _pair_loss(v, data["sentence"][p], Uc)
            return total
        o = self.env.data["o"] if o is None else o
        if o is None:
            raise EvalError("J needs a true outside word o, and this result has none")
        return _pair_loss(v, o, Uc)

    # -- evaluation
    def eval(self, node: Node):
        Budget.left -= 1
        if Budget.left < 0:
            raise EvalError("this answer needs too much work to evaluate on the cases (it is very long, "
                            "or its sums are nested deeply)", node)
        op = getattr(self, "_" + node.op, None)
        if op is None:
            raise EvalError(f"{to_latex(node)} cannot be evaluated here", node)
        return op(node)

    def value(self, node: Node) -> np.ndarray:
        """A numeric value (not an index)."""
        val = self.eval(node)
        if isinstance(val, Idx):
            return _s(float(val.n))
        return val

    def _num(self, node):
        return _s(float(node.args[0]))

    def _paren(self, node):
        return self.eval(node.args[0])

    def _text(self, node):
        raise Words()

    def _dots(self, node):
        raise Elided()

    def _empty(self, node):
        raise EvalError("an empty group {} has no value", node)

    def _card(self, node):
        return _s(float(self._size(node.args[0], node)))

    def _size(self, content, node):
        low = content.lower()
        if low in ("v", "vocab"):
            return self.Uc.shape[0]
        if low == "k" and "negatives" in self.env.data:
            return len(self.env.data["negatives"])
        raise EvalError(f"|{content}| is not a size known here (|V| is)", node)

    def _plus(self, node):
        total = None
        for sign, term in node.args:
            val = self.value(term)
            val = val if sign > 0 else -val
            if total is None:
                total = val
            else:
                total = _add(total, val, node, term)
        return total

    def _mul(self, node):
        if any(f.op == "dots" for f in node.args):  # ( a \quad b \quad … \quad z ): a row
            return self._assemble([self.elided(node.args, node)], node)
        out = self.value(node.args[0])
        for left, f in zip(node.args, node.args[1:], strict=False):
            out = _matmul(out, self.value(f), left, f)
        return out

    def _had(self, node):
        a, b = self.value(node.args[0]), self.value(node.args[1])
        if a.shape == b.shape or a.shape == (1, 1) or b.shape == (1, 1):
            return a * b
        raise EvalError(f"⊙ needs two arrays of the same shape: {_shape(a)} and {_shape(b)}", node, "shape")

    def _frac(self, node):
        return self._div(node)

    def _div(self, node):
        num, den = self.value(node.args[0]), self.value(node.args[1])
        if den.shape != (1, 1):
            raise EvalError(f"cannot divide by {to_latex(node.args[1])}, which is {_shape(den)}, "
                            "not a number",
                            node, "shape")
        with np.errstate(all="ignore"):
            out = num / den
        if not np.all(np.isfinite(out)) and num.shape == (1, 1):
            log = self.log_of(node.args[0]) - self.log_of(node.args[1])  # exp(a) / Σ exp(b), stably
            if np.all(np.isfinite(log)):
                return np.exp(log)
        return out

    def _pow(self, node):
        base, ex = self.value(node.args[0]), self.value(node.args[1])
        if ex.shape != (1, 1) or base.shape != (1, 1):
            raise EvalError(f"a power needs numbers: {to_latex(node)} has {_shape(base)} to the {_shape(ex)}",
                            node, "shape")
        with np.errstate(all="ignore"):
            return base ** ex

    def _T(self, node):
        val = self.value(node.args[0])
        return val.T

    def _cases(self, node):
        for value, cond in node.args:
            if cond is None or self.condition(cond):
                return self.value(value)
        return _s(np.nan)  # no case applies: the formula leaves this value undefined

    def _matrix(self, node):
        rows = [tuple(c for c in row if c is not None) for row in node.args]
        if all(len(r) == 1 for r in rows):  # a column, perhaps with ⋮
            return self._assemble([[v] for v in self.elided([r[0] for r in rows], node)], node)
        if len(rows) == 1:  # a row, perhaps with ⋯
            return self._assemble([self.elided(rows[0], node)], node)
        if any(c.op == "dots" for r in rows for c in r):
            raise Elided()
        return self._assemble([[self.value(c) for c in row] for row in rows], node)

    def _list(self, node):
        return self._assemble([self.elided(node.args, node)], node)

    def elided(self, items, node) -> list:
        """The values of a list that may elide its middle: a_1, a_2, …, a_n is a_k for k = 1..n.

        The entry just before … is the pattern (it holds the number 1, or 2 after a_1); the entry
        after … holds the last index (K, |V|) in the same place."""
        items = list(items)
        k = next((i for i, x in enumerate(items) if x.op == "dots"), None)
        if k is None:
            return [self.value(x) for x in items]
        if k == 0 or k == len(items) - 1 or any(x.op == "dots" for x in items[k + 1:]):
            raise Elided()
        pattern, last = items[k - 1], items[k + 1]
        paths = _differences(pattern, last)
        starts = {_at(pattern, p) for p in paths}
        ends = {_at(last, p) for p in paths}
        if not paths or len(starts) != 1 or len(ends) != 1 or next(iter(starts)).op != "num":
            raise Elided()
        start = int(float(next(iter(starts)).args[0]))
        end = self.index(next(iter(ends))).n
        first = k - 1
        while first > 0 and start > 1:  # a_1, a_2, …: the pattern starts at the first numbered entry
            if _differences(items[first - 1], pattern) == paths:
                first, start = first - 1, start - 1
            else:
                break
        values = [self.value(x) for x in items[:first]]
        for n in range(start, end + 1):
            entry = pattern
            for p in paths:
                entry = _replace(entry, p, Node("num", str(n)))
            values.append(self.value(entry))
        return values + [self.value(x) for x in items[k + 2:]]

    def _tuple(self, node):
        return self._list(node)

    def _assemble(self, rows, node):
        """A matrix from blocks: numbers, or column vectors side by side ([u_1, u_2] is d × 2)."""
        try:
            return np.block([[np.asarray(c) for c in row] for row in rows])
        except ValueError:
            raise EvalError("the entries of this matrix do not fit together", node, "shape") from None

    def _subscripted(self, node):
        vec = self.value(node.args[0])
        if 1 not in vec.shape:
            raise EvalError(f"{to_latex(node.args[0])} is not a vector, so it has no entry "
                            f"{to_latex(node.args[1])}", node, "shape")
        flat = vec.reshape(-1)
        return _s(flat[self.index(node.args[1]).word(flat.shape[0])])

    def _ind(self, node):
        return _s(1.0 if self.condition(node.args[0]) else 0.0)

    def _rel(self, node):
        return _s(1.0 if self.condition(node) else 0.0)

    def _call(self, node):
        fn, args = node.args
        if fn.op == "fn":
            name = fn.args[0]
            if name == "log":
                return self.log_of(args[0])
            vals = [self.value(a) for a in args]
            with np.errstate(all="ignore"):
                if name == "exp":
                    return np.exp(vals[0])
                if name == "sigma":
                    return np.exp(_log_sigmoid(vals[0]))
                if name == "sigma'":
                    s = np.exp(_log_sigmoid(vals[0]))
                    return s * (1.0 - s)
                if name == "softmax":
                    z = vals[0]
                    e = np.exp(z - z.max())
                    return e / e.sum()
                if name in ("max", "min"):
                    if len(vals) < 2:
                        raise EvalError(f"\\{name} needs two or more arguments", node)
                    return (np.maximum if name == "max" else np.minimum).reduce(np.stack(vals))
            raise EvalError(f"the function {name} is not known here", node)
        name = fn.args[0] if fn.op == "sym" else ""
        if name == "J":
            return self._loss_call(node, args)
        if name == "f" and self.env.family == "scalar" and "alpha" in self.env.data:
            x = self.value(args[0])
            a = self.env.data["alpha"]
            return np.where(x < 0, a * x, x)
        if name == "f'" and self.env.family == "scalar" and "alpha" in self.env.data:
            x = self.value(args[0])
            return np.where(x < 0, self.env.data["alpha"], 1.0) + 0.0
        raise EvalError(f"{to_latex(fn)}(…) is not a function known here", node)

    def _loss_call(self, node, args):
        """J(v_c, o, U): the loss at the given center vector, outside word and matrix."""
        v, o, Uc = self.v, None, self.Uc
        for a in args:
            if a.op == "dots":
                continue
            val = self.eval(a)
            if isinstance(val, Idx):
                o = val.word(self.Uc.shape[0])
            elif val.shape == (self.d, 1):
                v = val[:, 0]
            elif val.shape == (self.d, self.Uc.shape[0]):
                Uc = val.T
        return _s(self.loss(v, o, Uc))

    def _sym(self, node):
        name, sub = node.args
        if self.defs:
            found = self._lookup_definition(node)
            if found is not None:
                return found
        fam = self.env.family
        data = self.env.data
        if name == "v" and sub is not None:
            if sub.op == "sym" and sub.args in (("c", None), ("w_t", None)):
                return _col(self.v)
            if fam == "skip":
                idx = self.index(sub)
                return _col(data["Vc"][idx.word(data["Vc"].shape[0])])
            raise EvalError(f"{to_latex(node)}: only the center vector v_c appears in this question", node)
        if name == "v" and sub is None and fam != "scalar":
            return _col(self.v)
        if name == "U" and sub is None and fam != "scalar":
            return self.Uc.T.copy()
        if name == "u" and sub is not None and fam != "scalar":
            return _col(self.Uc[self.index(sub).word(self.Uc.shape[0])])
        if name in ("y", "yhat") and fam == "naive":
            vec = np.exp(self.log_softmax()) if name == "yhat" else self._one_hot()
            if sub is None:
                return _col(vec)
            return _s(vec[self.index(sub).word(vec.shape[0])])
        if name == "lambda" and fam == "neg":
            if sub is None:
                lam = np.concatenate([[_sigmoid(self.Uc[data["o"]] @ self.v) - 1.0],
                                      np.exp(_log_sigmoid(-(self.Uc[data["negatives"]] @ self.v))) - 1.0])
                return _col(lam)
            idx = self.index(sub)
            if idx.kind == "word" and idx.n == data["o"]:
                return _s(_sigmoid(self.Uc[data["o"]] @ self.v) - 1.0)
            w = self._negative(idx)
            return _s(_sigmoid(-(self.Uc[w] @ self.v)) - 1.0)
        if name == "x" and sub is None and fam == "scalar":
            return _s(data["x"])
        if name == "alpha" and sub is None and "alpha" in data:
            return _s(data["alpha"])
        if name in ("eta", "alpha") and sub is None and "lr" in data:
            return _s(data["lr"])
        if name == "K" and sub is None and fam == "neg":
            return _s(float(len(data["negatives"])))
        if name == "m" and sub is None and fam == "skip":
            return _s(float(data["m"]))
        if name == "J" and sub is None or name == "J" and sub is not None and sub.op == "text":
            return _s(self.loss())
        if name == "e" and sub is None:
            return _s(np.e)
        if name == "ones" and sub is None:
            return _Ones()
        if len(name) == 1 and name in INDEX_LETTERS or name == "w":
            return self.index(node)
        raise UnknownSymbol(node)

    def _lookup_definition(self, node):
        """The value of a symbol the answer defined, or None."""
        name, sub = node.args
        key = to_latex(node)
        if key in self.defs:
            return self._defined(self.defs[key], None)
        if (name, "*") in self.defs and sub is not None:
            letter, body = self.defs[(name, "*")]
            return self._defined((letter, body), self.index(sub))
        plain = to_latex(Node("sym", name, None))
        if sub is not None and plain in self.defs:  # \theta = U^\top v_c, then \theta_w is its entry w
            vec = self._defined(self.defs[plain], None)
            if 1 not in vec.shape:
                raise EvalError(f"{plain} is not a vector, so {key} has no meaning", node)
            flat = vec.reshape(-1)
            return _s(flat[self.index(sub).word(flat.shape[0])])
        return None

    def _defined(self, definition, idx):
        letter, body = definition
        if letter is not None:
            sub = Evaluator(self.env.with_binds(**{letter: idx}), self.defs, self.notes)
            return sub.value(body)
        return self.value(body)

    def _one_hot(self):
        y = np.zeros(self.Uc.shape[0])
        o = self.env.data.get("o")
        if o is None:
            raise EvalError("y, the one-hot vector of the true word o, is not defined for this result")
        y[o] = 1.0
        return y

    def _negative(self, idx: Idx) -> int:
        neg = self.env.data["negatives"]
        if idx.kind != "num" or not 1 <= idx.n <= len(neg):
            raise EvalError(f"w_s needs s in 1..K = {len(neg)}")
        return int(neg[idx.n - 1])

    # -- indices
    def index(self, node: Node) -> Idx:
        """The value of an index expression: o, w, k, w_s, w_{t+j}, 1, t + j; conditions such as
        w ≠ o restrict where it applies (NotApplicable elsewhere)."""
        op = node.op
        if op == "num":
            return Idx("num", int(float(node.args[0])))
        if op == "paren":
            return self.index(node.args[0])
        if op == "rel":
            if not self.condition(node):
                raise NotApplicable()
            return self.index(node.args[0])
        if op == "conds":
            for c in node.args[1:]:
                if not self.condition(c):
                    raise NotApplicable()
            return self.index(node.args[0])
        if op == "plus":
            total = 0
            for sign, t in node.args:
                total += sign * self.index(t).n
            return Idx("num", total)
        if op == "card":
            return Idx("num", self._size(node.args[0], node))
        if op == "text":
            raise EvalError(f"\\text{{{node.args[0]}}} is not an index", node)
        if op == "sym":
            name, sub = node.args
            if sub is None and name in self.env.binds:
                return self.env.binds[name]
            if name == "w" and sub is not None:
                fam = self.env.family
                idx = self.index(sub)
                if fam == "neg":
                    return Idx("word", self._negative(idx))
                if fam == "skip":
                    sentence = self.env.data["sentence"]
                    if not 0 <= idx.n < len(sentence):
                        raise Absent()
                    return Idx("word", int(sentence[idx.n]))
            if name in ("K",) and "negatives" in self.env.data:
                return Idx("num", len(self.env.data["negatives"]))
            if name == "m" and "m" in self.env.data:
                return Idx("num", self.env.data["m"])
            if name == "V" and sub is None:
                return Idx("num", self.Uc.shape[0])
            if sub is None and len(name) == 1 and name in INDEX_LETTERS | {"w"}:
                raise Unbound(name)
        raise EvalError(f"{to_latex(node)} is not an index here", node)

    def condition(self, node: Node) -> bool:
        """A condition: w = o, w_k ≠ w_s, x < 0, -m ≤ j < m (chains too)."""
        if node.op == "conds":
            return all(self.condition(c) for c in node.args)
        if node.op == "paren":
            return self.condition(node.args[0])
        if node.op != "rel":
            raise EvalError(f"{to_latex(node)} is not a condition", node)
        parts = node.args
        for i in range(0, len(parts) - 2, 2):
            a, rel, b = parts[i], parts[i + 1], parts[i + 2]
            if rel in ("∈", "∉"):
                continue  # w ∈ V: every index is a word
            x, y = self._compare_values(a, b)
            ok = {"=": x == y, "≠": x != y, "<": x < y, ">": x > y, "≤": x <= y, "≥": x >= y}.get(rel)
            if ok is None:
                raise EvalError(f"the relation {rel} cannot be used in a condition", node)
            if not ok:
                return False
        return True

    def _compare_values(self, a, b):
        try:
            ia, ib = self.index(a), self.index(b)
            if ia.kind != ib.kind:  # a word and a number: compare as 1-based word numbers
                return ia.n + (ia.kind == "word"), ib.n + (ib.kind == "word")
            return ia.n, ib.n
        except EvalError:
            va, vb = self.value(a), self.value(b)
            if va.shape != (1, 1) or vb.shape != (1, 1):
                raise EvalError("a condition compares numbers", a) from None
            return float(va[0, 0]), float(vb[0, 0])

    # -- sums
    def _sum(self, node):
        sub, sup, body = node.args
        letter, domain, filters = self.sum_range(sub, sup, node)
        total = None
        for idx in domain:
            ev = Evaluator(self.env.with_binds(**{letter: idx}), self.defs, self.notes)
            try:
                if not all(ev.condition(f) for f in filters):
                    continue
                val = ev.value(body)
            except (Absent, NotApplicable):
                continue
            total = val if total is None else _add(total, val, node, body)
        if total is None:
            return _s(0.0)
        return total

    def sum_range(self, sub, sup, node):
        """The index letter of a sum, the values it runs over, and the conditions it must meet."""
        items = [] if sub is None else (list(sub.args) if sub.op == "conds" else [sub])
        if not items:
            raise EvalError("a sum needs its index: write \\sum_{k} or \\sum_{k=1}^{K}", node)
        first = items[0]
        filters = items[1:]
        letter, domain = None, None
        if first.op == "sym" and first.args[1] is None:
            letter = first.args[0]
        elif first.op == "rel":
            parts = first.args
            names = [p for p in parts[0::2] if p.op == "sym"]
            lhs = parts[0]
            if lhs.op == "sym" and lhs.args[1] is None and lhs.args[0] not in ("m", "K", "V"):
                letter = lhs.args[0]
            elif lhs.op == "sym" and lhs.args[0] == "w" and lhs.args[1] is not None \
                    and lhs.args[1].op == "sym":
                letter = lhs.args[1].args[0]  # \sum_{w_j = w_s}: the index is j
                filters = [first, *filters]
            else:
                cands = [p.args[0] for p in names if p.args[1] is None and p.args[0] in INDEX_LETTERS]
                if not cands:
                    raise EvalError(f"cannot tell the index of the sum over {to_latex(first)}", node)
                letter = cands[0]
            if len(parts) == 3 and parts[1] == "=" and letter == _letter(lhs) and lhs.op == "sym" \
                    and lhs.args[1] is None:
                lo = self.index(parts[2])
                hi = self._upper(sup, node)
                domain = [Idx("num", n) for n in range(lo.n, hi + 1)]
            elif len(parts) == 3 and parts[1] in ("∈",):
                if parts[2].op == "card":
                    self.notes.append(f"{to_latex(first)}: |{parts[2].args[0]}| is a number (the size of "
                                      f"the vocabulary); the sum runs over {letter} ∈ {parts[2].args[0]}. "
                                      "Read as that.")
                domain = self._words()
            elif any(p in ("≤", "<", "≥", ">") for p in parts[1::2]):
                lo, hi = self._bounds(first, letter)
                domain = [Idx("num", n) for n in range(lo, hi + 1)]
                filters = [first, *filters]
            elif parts[1] in ("≠", "="):
                filters = [first, *filters]
        else:
            raise EvalError(f"cannot tell the index of the sum over {to_latex(first)}", node)
        if domain is None:
            domain = self._default_domain(letter, sup, node)
        return letter, domain, filters

    def _words(self):
        return [Idx("word", w) for w in range(self.Uc.shape[0])]

    def _upper(self, sup, node) -> int:
        if sup is None:
            raise EvalError("a sum from k = 1 needs its upper limit, such as ^{K} or ^{|V|}", node)
        if sup.op == "sym" and sup.args == ("V", None):
            return self.Uc.shape[0]
        return self.index(sup).n

    def _bounds(self, chain, letter):
        parts = chain.args
        lo, hi = -10**6, 10**6
        for i in range(0, len(parts) - 2, 2):
            a, rel, b = parts[i], parts[i + 1], parts[i + 2]
            if _letter(b) == letter and _letter(a) != letter:
                n = self.index(a).n
                lo = max(lo, n + (rel == "<")) if rel in ("<", "≤") else lo
                hi = min(hi, n - (rel == ">")) if rel in (">", "≥") else hi
            elif _letter(a) == letter:
                n = self.index(b).n
                hi = min(hi, n - (rel == "<")) if rel in ("<", "≤") else hi
                lo = max(lo, n + (rel == ">")) if rel in (">", "≥") else lo
        if lo < -1000 or hi > 1000:
            raise EvalError(f"the range of {letter} has no {'lower' if lo < -1000 else 'upper'} bound")
        return lo, hi

    def _default_domain(self, letter, sup, node):
        fam = self.env.family
        if sup is not None and not (sup.op == "sym" and sup.args == ("V", None)) and sup.op != "card":
            return [Idx("num", n) for n in range(1, self._upper(sup, node) + 1)]
        if fam == "neg" and letter in ("s", "k", "j", "i") and sup is None:
            return [Idx("num", n) for n in range(1, len(self.env.data["negatives"]) + 1)]
        if fam == "skip" and letter == "j":
            m = self.env.data["m"]
            return [Idx("num", n) for n in range(-m, m + 1)]
        return self._words()

    # -- derivatives
    def _deriv(self, node):
        var, body = node.args
        return self.derivative(var, body, node)

    def derivative(self, var: Node, body: Node, node: Node):
        """∂ body / ∂ var by central differences; the result has var's shape (d × 1, d × |V|, 1 × 1)."""
        target = self._target(var, node)
        key, pick = target
        base = self.env.data[key]
        arr = np.array(base, dtype=np.float64, copy=True)
        flat_idx = pick(arr)
        grads = []
        for i in flat_idx:
            h = FD_STEP * max(1.0, abs(arr.flat[i]))
            vals = []
            for sign in (1.0, -1.0):
                moved = arr.copy()
                moved.flat[i] += sign * h
                ev = Evaluator(self.env.with_data(**{key: moved if np.ndim(base) else float(moved)}),
                               self.defs, self.notes)
                val = ev.value(body)
                if val.shape != (1, 1):
                    raise EvalError(f"the derivative of {to_latex(body)}, which is {_shape(val)}, "
                                    "by a vector is "
                                    "not a vector; differentiate a number (a loss)", node, "shape")
                vals.append(float(val[0, 0]))
            grads.append((vals[0] - vals[1]) / (2.0 * h))
        grads = np.array(grads)
        if key == "x":
            return _s(grads[0])
        if key == "Uc" and var.op == "sym" and var.args == ("U", None):
            return grads.reshape(arr.shape).T  # d × |V|, like U
        return _col(grads)

    def _target(self, var: Node, node: Node):
        """Which array a derivative moves, and which entries: (data key, entries of the flat array)."""
        data = self.env.data
        if var.op == "paren":
            return self._target(var.args[0], node)
        if var.op == "sym":
            name, sub = var.args
            if name == "x" and "x" in data:
                return "x", lambda a: [0]
            if name == "v":
                center = sub is None or sub.op == "sym" and sub.args == ("c", None)
                if "Vc" in data:
                    w = data["c"] if center else self.index(sub).word(data["Vc"].shape[0])
                    d = data["Vc"].shape[1]
                    return "Vc", lambda a: range(w * d, (w + 1) * d)
                if not center:
                    raise EvalError(f"only the center vector v_c appears here, not {to_latex(var)}", node)
                return "v", lambda a: range(a.size)
            if name == "U" and sub is None:
                return "Uc", lambda a: range(a.size)
            if name == "u" and sub is not None:
                w = self.index(sub).word(data["Uc"].shape[0])
                d = data["Uc"].shape[1]
                return "Uc", lambda a: range(w * d, (w + 1) * d)
        raise EvalError(f"cannot differentiate with respect to {to_latex(var)}", node)

    # -- log, as a unit where it matters
    def log_of(self, node: Node):
        """log of an expression's value, evaluated stably for exp, softmax, sigmoid, sums of exps."""
        op = node.op
        if op == "paren":
            return self.log_of(node.args[0])
        if op == "call" and node.args[0].op == "fn":
            name = node.args[0].args[0]
            if name == "exp":
                return self.value(node.args[1][0])
            if name == "sigma":
                return _log_sigmoid(self.value(node.args[1][0]))
            if name == "softmax":
                z = self.value(node.args[1][0])
                m = z.max()
                return z - m - np.log(np.exp(z - m).sum())
        if op == "sym" and node.args[0] == "yhat" and self.env.family == "naive" and \
                (not self.defs or to_latex(node) not in self.defs):
            ls = self.log_softmax()
            if node.args[1] is None:
                return _col(ls)
            return _s(ls[self.index(node.args[1]).word(ls.shape[0])])
        if op in ("frac", "div"):
            return self.log_of(node.args[0]) - self.log_of(node.args[1])
        if op == "subscripted":
            logs = self.log_of(node.args[0])
            if 1 in logs.shape:
                flat = logs.reshape(-1)
                return _s(flat[self.index(node.args[1]).word(flat.shape[0])])
        if op == "mul" and all(self.value(f).shape == (1, 1) for f in node.args):
            return sum(self.log_of(f) for f in node.args)
        if op == "pow":
            ex = self.value(node.args[1])
            if ex.shape == (1, 1):
                return ex * self.log_of(node.args[0])
        if op == "sum":
            logs = self._sum_logs(node)
            if logs is not None:
                return logs
        if op == "plus" and all(sign > 0 for sign, _ in node.args):
            logs = [self.log_of(t) for _, t in node.args]
            if all(x.shape == (1, 1) for x in logs):
                return _s(_lse(np.array([float(x[0, 0]) for x in logs])))
        val = self.value(node)
        with np.errstate(all="ignore"):
            return np.log(val)

    def _sum_logs(self, node):
        sub, sup, body = node.args
        letter, domain, filters = self.sum_range(sub, sup, node)
        logs = []
        for idx in domain:
            ev = Evaluator(self.env.with_binds(**{letter: idx}), self.defs, self.notes)
            try:
                if not all(ev.condition(f) for f in filters):
                    continue
                lv = ev.log_of(body)
            except (Absent, NotApplicable):
                continue
            if lv.shape != (1, 1):
                return None
            logs.append(float(lv[0, 0]))
        if not logs or any(np.isnan(x) for x in logs):
            return None
        return _s(_lse(np.array(logs)))


class UnknownSymbol(Exception):
    """A symbol that means nothing for this result."""

    def __init__(self, node: Node):
        super().__init__(to_latex(node))
        self.node = node


class _Ones(np.ndarray):
    """The all-ones vector \\mathbf{1}: it takes the shape of what it is added to."""

    def __new__(cls):
        return np.ones((1, 1)).view(cls)


def _differences(a, b, path=()) -> list:
    """The paths to the smallest subtrees where trees a and b differ (u_2 against u_{|V|}: the 2)."""
    if a == b:
        return []
    if not (isinstance(a, Node) and isinstance(b, Node)) or a.op != b.op or len(a.args) != len(b.args) \
            or a.op == "num":
        return [path]
    found = []
    for i, (x, y) in enumerate(zip(a.args, b.args, strict=True)):
        if x == y:
            continue
        if isinstance(x, tuple) and isinstance(y, tuple) and len(x) == len(y):
            for j, (p, q) in enumerate(zip(x, y, strict=True)):
                if p != q:
                    found += _differences(p, q, (*path, (i, j)))
        elif isinstance(x, Node) and isinstance(y, Node):
            found += _differences(x, y, (*path, i))
        else:
            return [path]
    return found


def _at(node, path):
    for step in path:
        node = node.args[step[0]][step[1]] if isinstance(step, tuple) else node.args[step]
    return node


def _replace(node, path, new):
    if not path:
        return new
    step, rest = path[0], path[1:]
    args = list(node.args)
    if isinstance(step, tuple):
        inner = list(args[step[0]])
        inner[step[1]] = _replace(inner[step[1]], rest, new)
        args[step[0]] = tuple(inner)
    else:
        args[step] = _replace(args[step], rest, new)
    return Node(node.op, *args, pos=node.pos)


def _letter(node):
    return node.args[0] if node is not None and node.op == "sym" and node.args[1] is None else None


def _s(x) -> np.ndarray:
    return np.full((1, 1), float(np.asarray(x).reshape(-1)[0]) if np.ndim(x) else float(x))


def _col(a) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    return a.reshape(-1, 1) if a.ndim <= 1 else a


def _shape(a) -> str:
    r, c = a.shape
    if (r, c) == (1, 1):
        return "a number"
    if c == 1:
        return f"a column of {r} entries ({r} × 1)"
    if r == 1:
        return f"a row of {c} entries (1 × {c})"
    return f"a {r} × {c} matrix"


def _add(a, b, node, term):
    if a.shape == (1, 1) and a[0, 0] == 0 and not isinstance(a, _Ones):
        return np.asarray(b)  # 0 + v: the 0 of the math is a zero of any shape
    if b.shape == (1, 1) and b[0, 0] == 0 and not isinstance(b, _Ones):
        return np.asarray(a)
    if isinstance(a, _Ones) and not isinstance(b, _Ones):
        return np.asarray(b) + float(a[0, 0])  # ±1 in every entry
    if isinstance(b, _Ones) and not isinstance(a, _Ones):
        return np.asarray(a) + float(b[0, 0])
    if a.shape != b.shape:
        raise EvalError(f"cannot add {_shape(a)} and {_shape(b)} (at {to_latex(term)})", node, "shape")
    with np.errstate(all="ignore"):
        return np.asarray(a + b)


def _matmul(a, b, left, right):
    with np.errstate(all="ignore"):
        if a.shape == (1, 1):
            return a[0, 0] * np.asarray(b)
        if b.shape == (1, 1):
            return np.asarray(a) * b[0, 0]
        if a.shape[1] != b.shape[0]:
            raise EvalError(f"cannot multiply {to_latex(left)}, {_shape(a)}, by {to_latex(right)}, "
                            f"{_shape(b)}: the {a.shape[1]} columns on the left do not match the "
                            f"{b.shape[0]} rows on the right",
                            right, "shape")
        return np.asarray(a) @ np.asarray(b)


def _log_sigmoid(z):
    return -np.logaddexp(0.0, -np.asarray(z, dtype=np.float64))


def _sigmoid(z):
    return float(np.exp(_log_sigmoid(z)))


def _lse(x):
    m = np.max(x)
    if not np.isfinite(m):
        return m
    return m + np.log(np.sum(np.exp(x - m)))


def _pair_loss(v, o, Uc):
    z = Uc @ v
    return float(-z[o] + _lse(z))
