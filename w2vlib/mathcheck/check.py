"""check_math: check a typed formula or derivation step by step on the checker's seeded cases.

A derivation is chains of equal expressions. Each expression is evaluated on every case and
compared with the one before it; the first expression of a chain is compared with the result
its left side names (or the result asked for). The report gives the first line that goes
wrong, both expressions as read with their values on the failing case, and, for the last
expression, the known mistake from ``w2vlib.mistakes`` it equals on every case.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

import numpy as np

from .. import _checks
from ..checker import DEFAULT_SEED, RESULTS, TOL, WIDTH
from ..mistakes import Mistake
from .evaluate import (
    Absent,
    Budget,
    Elided,
    EvalError,
    Evaluator,
    NotApplicable,
    Unbound,
    UnknownSymbol,
    Words,
)
from .reader import Line, Node, ReadError, line_latex, read, to_latex
from .results import MATH_RESULTS, Env, MathResultSpec

__all__ = ["MathReport", "check_math", "preview"]


@dataclass
class Step:
    """One expression of the answer and its verdict: ``ok`` True, False, or None when not checked."""

    line: int
    latex: str
    ok: bool | None
    note: str | None = None


@dataclass
class Failure:
    """The first expression that differs: its line, the two expressions, their values on one case."""

    line: int
    source: str
    before_latex: str
    after_latex: str
    before_value: str
    after_value: str
    case: str
    explanation: str | None = None
    text_line: int = 1


@dataclass
class MathReport:
    """What ``check_math`` found. ``str(report)`` is the plain-language report."""

    result: str | None
    passed: bool
    diagnosis: Mistake | None = None
    first_wrong_line: int | None = None
    parse_error: str | None = None
    parse_position: tuple[int, int] | None = None
    steps: list[Step] = field(default_factory=list)
    failing: Failure | None = None
    notes: list[str] = field(default_factory=list)
    n_cases: int = 0
    title: str = ""
    #: the last expression equals the derived result (None when it could not be compared)
    final_right: bool | None = None

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def raise_if_failed(self) -> None:
        if not self.passed:
            from ..checker import CheckError
            raise CheckError(str(self))

    def __str__(self) -> str:
        what = f"{self.result} ({self.title})" if self.result else "your answer"
        if self.parse_error is not None:
            line, col = self.parse_position or (1, 1)
            return "\n".join([_wrap(f"Math check of {what}: could not read the answer.", 0),
                              _wrap(f"Line {line}, column {col}: {self.parse_error}", 2)])
        lines = []
        if self.passed:
            checked = sum(1 for s in self.steps if s.ok)
            lines.append(_wrap(f"Math check of {what}: passed.", 0))
            lines.append(_wrap(f"{checked} expression{'s' if checked != 1 else ''} checked on {self.n_cases} "
                               "seeded cases, every one right, and the last one equals the derived result.",
                               2))
        else:
            lines.append(_wrap(f"Math check of {what}: not passed.", 0))
            f = self.failing
            if f is not None:
                lines.append(f"Line {f.line} is where it first goes wrong:")
                lines.append(_wrap(f"line {f.line} as typed: {f.source}", 2))
                if f.before_latex:
                    lines.append(_wrap(f"before: {f.before_latex}", 2))
                lines.append(_wrap(f"yours:  {f.after_latex}  (line {f.line}, as read)", 2))
                if f.explanation:
                    lines.append(_wrap(f.explanation, 2))
                if f.case and (f.before_value or f.after_value):
                    lines.append(_wrap(f"On {f.case}:", 2))
                    if f.before_value:
                        lines.append(_value_line("before", f.before_value))
                    if f.after_value:
                        lines.append(_value_line("yours ", f.after_value))
                elif f.case:
                    lines.append(_wrap(f"(first seen on {f.case})", 2))
        if self.diagnosis is not None:
            m = self.diagnosis
            lines.append(_wrap(f"Diagnosis: {m.name} (id: {m.id}).", 0))
            lines.append(_wrap(m.explanation, 2))
            lines.append(_wrap(f"Fix: {m.hint}", 2))
        elif not self.passed and self.final_right and self.failing:
            lines.append(_wrap(f"Diagnosis: your last expression equals the derived result, but line "
                               f"{self.failing.line} does not follow from the line before it. A wrong step "
                               "that a later step undoes is still a wrong derivation.", 0))
        elif not self.passed and self.result and MATH_RESULTS[self.result].mistakes and self.failing:
            n = len(MATH_RESULTS[self.result].mistakes)
            lines.append(_wrap(f"Diagnosis: the last expression does not match any of the {n} known mistakes "
                               f"for {MATH_RESULTS[self.result].check_result}.", 0))
        if self.steps:
            lines.append("Steps:")
            for s in self.steps:
                mark = {True: "right  ", False: "WRONG  ", None: "skipped"}[s.ok]
                text = f"line {s.line} {mark} {s.latex}"
                if s.note:
                    text += f"  ({s.note})"
                lines.append(_wrap(text, 2))
        if self.notes:
            lines.append("Notes:")
            lines += [_wrap("- " + n, 2) for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """A JSON-able summary for the page (see MATH_API.md)."""
        perr = None
        if self.parse_error is not None:
            line, col = self.parse_position or (1, 1)
            perr = {"message": self.parse_error, "line": line, "column": col}
        failing = None
        if self.failing is not None:
            f = self.failing
            failing = {"line": f.line, "text_line": f.text_line, "source": f.source,
                       "before_latex": f.before_latex,
                       "after_latex": f.after_latex, "before_value": f.before_value,
                       "after_value": f.after_value,
                       "case": f.case}
        diag = None
        if self.diagnosis is not None:
            m = self.diagnosis
            diag = {"id": m.id, "name": m.name, "explanation": m.explanation, "hint": m.hint}
        return {"passed": bool(self.passed), "text": str(self), "result": self.result,
                "first_wrong_line": self.first_wrong_line, "final_right": self.final_right,
                "parse_error": perr, "failing": failing,
                "diagnosis": diag, "notes": list(self.notes),
                "steps": [{"line": s.line, "latex": s.latex, "ok": s.ok, "note": s.note} for s in self.steps]}


def _wrap(text: str, indent: int) -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + 2),
                         break_long_words=False, break_on_hyphens=False)


def _value_line(label: str, value: str) -> str:
    pad = " " * 13
    return f"    {label} = " + value.replace("\n", "\n" + pad)


def _fmt(a) -> str:
    if isinstance(a, str):
        return a
    a = np.asarray(a, dtype=np.float64)
    if a.shape == (1, 1):
        return f"{a[0, 0]:.4g}"  # 4 significant digits: the same on every IEEE-754 machine
    if a.shape[1] == 1:
        a = a[:, 0]
        text = np.array2string(a, precision=4, suppress_small=True, separator=", ", floatmode="maxprec",
                               max_line_width=WIDTH - 16)
        return text + " (a column)"
    text = np.array2string(a, precision=4, suppress_small=True, separator=", ", floatmode="maxprec",
                           max_line_width=WIDTH - 16)
    return text + (" (a row)" if a.shape[0] == 1 else "")


# ---------------------------------------------------------------------------
# What a left side names.

_FAMILY_OF = {"naive_softmax_loss": "naive", "grad_center": "naive", "expected_outside_vector": "naive",
              "sgd_step": "naive", "grad_outside_vector": "naive", "grad_U": "naive",
              "neg_sampling_loss": "neg",
              "neg_grad_center": "neg", "neg_grad_outside": "neg", "neg_grad_negative": "neg",
              "repeated_negatives_grad": "neg", "skipgram_loss": "skip", "skipgram_grad_center": "skip",
              "skipgram_grad_U": "skip", "skipgram_grad_other_center": "skip"}


def _loss_family(node: Node, hint: str) -> str | None:
    """The loss a J names: its subscript's words (naive-softmax, neg-sample, skip-gram) or the hint."""
    if node.op == "call":
        node = node.args[0]
    if node.op == "pow":
        node = node.args[0]
    if node.op != "sym" or node.args[0] not in ("J", "L"):
        return None
    sub = node.args[1]
    label = ""
    if sub is not None:
        label = to_latex(sub).lower().replace("\\text", "").replace(" ", "")
        label = "".join(ch for ch in label if ch.isalpha())
    if "skip" in label:
        return "skip"
    if "neg" in label:
        return "neg"
    if "naive" in label or "softmax" in label:
        return "naive"
    return hint if hint in ("naive", "neg", "skip") else "naive"


def guess_family(text: str) -> str:
    """Which loss a bare J means when no result is given: the symbols of the answer tell."""
    if re.search(r"t\s*[+-]\s*[jm]|skip", text):
        return "skip"
    if re.search(r"w_\{?\s*[sk]|\\sigma|σ|sigma|neg", text):
        return "neg"
    return "naive"


def name_of(lhs: Node, requested: str | None, rel: str | None = None, guess: str = "naive") -> str | None:
    """The result a left side names: ∂J/∂v_c, J, σ′(x), d/dx σ(x), f(x), v_c ← …; None otherwise."""
    hint = _FAMILY_OF.get(requested or "", guess)
    if lhs.op == "remarked":
        lhs = lhs.args[0]
    if lhs.op == "deriv":
        var, body = lhs.args
        fam = _loss_family(body, hint)
        if fam is not None:
            return _gradient_name(var, fam, requested)
        if var.op == "sym" and var.args == ("x", None):
            inner = body.args[1][0] if body.op == "call" else None
            if body.op == "call" and body.args[0].op == "fn" and body.args[0].args[0] == "sigma":
                return "sigmoid_grad"
            if body.op == "call" and body.args[0].op == "fn" and body.args[0].args[0] == "log" \
                    and inner is not None and inner.op == "call" and inner.args[0].op == "fn" \
                    and inner.args[0].args[0] == "sigma":
                return "log_sigmoid_grad"
            if (body.op == "call" and body.args[0].op == "sym" and body.args[0].args[0] == "f") or \
                    (body.op == "sym" and body.args[0] == "f"):
                return "leaky_relu_grad"
        return None
    if lhs.op == "call" and lhs.args[0].op == "fn" and lhs.args[0].args[0] == "sigma'":
        return "sigmoid_grad"
    if lhs.op == "call" and lhs.args[0].op == "sym" and lhs.args[0].args[0] == "f'":
        return "leaky_relu_grad"
    if lhs.op == "call" and lhs.args[0].op == "sym" and lhs.args[0].args[0] == "f":
        return "leaky_relu"
    fam = _loss_family(lhs, hint)
    if fam is not None and lhs.op in ("sym", "call"):
        return {"naive": "naive_softmax_loss", "neg": "neg_sampling_loss", "skip": "skipgram_loss"}[fam]
    base = lhs.args[0] if lhs.op == "pow" else lhs
    if base.op == "sym" and base.args[0] in ("v", "v'") and (rel == "←" or lhs.op == "pow" or
                                                              base.args[0] == "v'"):
        return "sgd_step"
    return None


def _gradient_name(var: Node, fam: str, requested: str | None) -> str | None:
    if var.op != "sym":
        return None
    name, sub = var.args
    sub_text = to_latex(sub) if sub is not None else ""
    if name == "v":
        if sub_text in ("c", "{c}") or sub is None:
            return {"naive": "grad_center", "neg": "neg_grad_center", "skip": "skipgram_grad_center"}[fam]
        return "skipgram_grad_other_center" if fam == "skip" else None
    if name == "U" and sub is None:
        return {"naive": "grad_U", "skip": "skipgram_grad_U"}.get(fam)
    if name == "u" and sub is not None:
        if fam == "neg":
            if sub.op == "sym" and sub.args[0] == "o":
                return "neg_grad_outside"
            if requested == "repeated_negatives_grad":
                return "repeated_negatives_grad"
            return "neg_grad_negative"
        if fam == "naive":
            return "grad_outside_vector"
    return None


def _is_new_symbol(node: Node, spec: MathResultSpec | None, defs: dict) -> bool:
    """A left side that is one symbol the result does not know: the line defines it."""
    if node.op != "sym" or spec is None:
        return False
    if to_latex(node) in defs:
        return False
    env = spec.envs(_cases_for(spec, None))[0]
    try:
        Evaluator(env, {}).eval(node)
    except UnknownSymbol:
        return True
    except Exception:  # noqa: BLE001 - known but not evaluable here, so not new
        return False
    return False


# ---------------------------------------------------------------------------
# Cases and comparison.

_CASE_CACHE: dict = {}


def _cases_for(spec: MathResultSpec, rng: np.random.Generator | None):
    """The code check's cases for this result (drawn from rng, or from DEFAULT_SEED, cached)."""
    code = RESULTS[spec.check_result]
    if rng is None:
        key = spec.check_result
        if key not in _CASE_CACHE:
            _CASE_CACHE[key] = code.make_cases(np.random.default_rng(DEFAULT_SEED))
        return _CASE_CACHE[key]
    return code.make_cases(rng)


def _errors(a: np.ndarray, b: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        err = np.abs(a - b) / np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    same = (np.isnan(a) & np.isnan(b)) | (a == b)  # the same infinity counts as equal
    err = np.where(same, 0.0, err)
    err = np.where(np.isnan(err), np.inf, err)
    return float(err.max()) if err.size else 0.0


def _compare(a: np.ndarray, b: np.ndarray, strict_layout: bool):
    """(equal, layout_note): row and column forms of one vector are equal unless strict_layout."""
    if a.shape == b.shape:
        return _errors(a, b) <= TOL, None
    if a.shape == (1, 1) and a[0, 0] == 0 or b.shape == (1, 1) and b[0, 0] == 0:
        other = b if a.shape == (1, 1) else a
        return _errors(other, np.zeros_like(other)) <= TOL, None  # "= 0": the zero of any shape
    if a.shape == b.T.shape and 1 in a.shape and not strict_layout:
        return _errors(a, b.T) <= TOL, "row/column"
    return False, "shape"


# ---------------------------------------------------------------------------
# The check.


@dataclass
class _Item:
    node: Node
    line: Line


def _chains(lines: list[Line]):
    """Group the lines into chains: a line starting with = continues the chain before it."""
    chains = []
    for line in lines:
        items = []
        for node in line.items:
            if node is not None and node.op == "remarked":
                items.append(_Item(node.args[0], line))
                line.notes.append(f"read “{node.args[1]}” as a remark")
                break  # relations after a remark belong to the remark (where w ≠ c)
            items.append(_Item(node, line) if node is not None else None)
        rels = line.rels[:max(0, len(items) - 1)]
        if items and items[0] is None and chains:
            chains[-1][0].extend(items[1:])
            chains[-1][1].extend(rels)
        else:
            if items and items[0] is None:
                items = items[1:]
                rels = rels[1:]
            chains.append((items, list(rels)))
    return chains


class _Run:
    """State of one check: definitions so far, steps, notes, the first failure."""

    def __init__(self, requested: str | None, rng):
        self.requested = requested
        self.rng = rng
        self.defs: dict = {}
        self.steps: list[Step] = []
        self.notes: list[str] = []
        self.failure: Failure | None = None
        self.first_wrong: int | None = None
        self.final: dict = {}  # result name -> (item, outcomes, envs)
        self.current = requested
        self.spec_name = requested
        self.failure_result: str | None = None
        self.guess = "naive"

    def envs(self, spec):
        self.spec_name = spec.name
        return spec.envs(_cases_for(spec, self.rng))

    def evaluate(self, node: Node, envs: list[Env]):
        """Outcomes per environment: ("ok", value), ("na",), ("words",), ("elided",), ("error", EvalError)."""
        out = []
        for env in envs:
            notes: list[str] = []
            try:
                val = Evaluator(env, self.defs, notes).value(node)
                val = np.asarray(val, dtype=np.float64)
                out.append(("ok", val))
            except (NotApplicable, Absent):
                out.append(("na",))
            except Words:
                out.append(("words",))
            except Elided:
                out.append(("elided",))
            except EvalError as exc:
                out.append(("error", exc))
            except IndexError as exc:
                out.append(("error", EvalError(f"an index is out of range: {exc}", node)))
            except UnknownSymbol as exc:
                exc.result = self.spec_name
                raise
            for n in notes:
                if n not in self.notes:
                    self.notes.append(n)
        return out

    def expand(self, nodes: list[Node], envs: list[Env]):
        """Environments for a chain: a free index letter (y_w with no w) runs over its values."""
        free = []
        for _ in range(3):
            letter = None
            for node in nodes:
                for env in envs[:1]:
                    try:
                        Evaluator(env, self.defs).value(node)
                    except Unbound as exc:
                        letter = exc.letter
                    except Exception:  # noqa: BLE001 - other problems are reported by evaluate()
                        pass
                    if letter:
                        break
                if letter:
                    break
            if not letter:
                return envs, free
            free.append(letter)
            new = []
            for env in envs:
                ev = Evaluator(env, self.defs)
                dom = ev._default_domain(letter, None, None)
                new += [Env(env.family, env.data, {**env.binds, letter: i}, env.case,
                            f"{env.description}, {letter} = {i.n + (1 if i.kind == 'word' else 0)}"
                            if i.kind == "num" else f"{env.description}, {letter} = {i.n}", env.args)
                        for i in dom]
            envs = new
        return envs, free


def _usable(outcomes):
    return [o for o in outcomes if o[0] == "ok"]


def check_math(answer: str, result: str | None = None, *,
               rng: np.random.Generator | None = None) -> MathReport:
    """Check a formula or a derivation, typed as LaTeX, Unicode or ASCII, against a result of the book.

    ``result`` is a key of ``MATH_RESULTS`` (``print(MATH_RESULTS["grad_center"])`` shows the
    derived result and the symbols known there), or None to let the left sides decide
    (∂J/∂v_c = …). Every expression is evaluated with NumPy on the seeded cases of
    ``w2vlib.checker.check`` (``rng`` draws other cases) and compared with the expression before
    it; the first is compared with the derived result. Never raises for any answer text: a
    text that cannot be read gives a report with ``parse_error``. Raises ``ValueError`` for an
    unknown ``result`` and ``TypeError`` if ``rng`` is not a ``np.random.Generator``.
    """
    if result is not None and (not isinstance(result, str) or result not in MATH_RESULTS):
        raise ValueError(f"result must be None or one of {', '.join(MATH_RESULTS)}; got {result!r}")
    if rng is not None:
        rng = _checks.generator(rng)
    title = MATH_RESULTS[result].title if result else ""
    try:
        with np.errstate(all="ignore"):  # overflow is reported as "not finite", never as a warning
            return _check(answer, result, rng, title)
    except ReadError as exc:
        return MathReport(result, False, parse_error=exc.message, parse_position=(exc.line, exc.column),
                          title=title)
    except UnknownSymbol as exc:
        line, col = exc.node.pos or (1, 1)
        spec = MATH_RESULTS[exc.result] if getattr(exc, "result", None) else None
        known = f" The symbols known for {spec.name} are: {', '.join(spec.symbols)}." if spec else ""
        symbol = to_latex(exc.node)
        return MathReport(result, False, parse_error=(
            f"Unknown symbol {symbol}: it means nothing in this question.{known} If {symbol} is a name "
            f"you gave a part (in the text around your math), define it in the answer first, on a line of "
            f"its own: {symbol} = …"), parse_position=(line, col), title=title)
    except RecursionError:
        return MathReport(result, False, parse_error="The answer is nested too deeply to read.",
                          parse_position=(1, 1), title=title)
    except Exception as exc:  # noqa: BLE001 - a report, never a traceback, whatever the answer
        return MathReport(result, False, notes=[
            f"The checker could not evaluate this answer ({type(exc).__name__}: {exc}). Please report it "
            "with the answer you typed."], title=title)


def _check(answer, result, rng, title) -> MathReport:
    lines = read(answer)
    Budget.reset()
    run = _Run(result, rng)
    run.guess = guess_family(answer)
    n_cases = 0
    for items, rels in _chains(lines):
        items = [it for it in items if it is not None]
        if not items:
            continue
        n_cases = max(n_cases, _check_chain(run, items, rels))
    for line in lines:
        for n in line.notes:
            if n not in run.notes and "remark" not in n:
                run.notes.append(n)
    passed = run.failure is None
    diagnosis = None
    final_right = None
    target = result
    if result is None:
        named = [r for r in run.final]
        target = named[-1] if named else None
        if target is None:
            passed = False
            run.notes.append("No line says which result it is: start with its left side, for example "
                             "\\frac{\\partial J}{\\partial v_c} = …, or pass result=….")
    if run.failure_result is not None and run.failure_result != target and run.failure_result in run.final:
        _, diagnosis, _ = _final_verdict(run, run.failure_result, run.final[run.failure_result])
    if target is not None:
        final = run.final.get(target)
        if final is None:
            passed = False
            run.notes.append(f"No expression of the answer was compared with {target}: give the result "
                             f"itself ({MATH_RESULTS[target].latex}).")
        else:
            ok, diag, note = _final_verdict(run, target, final)
            if note and note not in run.notes:
                run.notes.append(note)
            passed = passed and ok
            final_right = ok
            diagnosis = diagnosis or diag
    report = MathReport(result if result else target, passed, diagnosis, run.first_wrong, None, None,
                        run.steps, run.failure, run.notes[:6], n_cases,
                        title or (MATH_RESULTS[target].title if target else ""), final_right)
    return report


def _check_chain(run: _Run, items: list[_Item], rels: list[str]) -> int:
    """Check one chain of equal expressions; returns the number of cases used."""
    lhs = items[0].node
    rel0 = rels[0] if rels else None
    named = name_of(lhs, run.requested, rel0, run.guess) if len(items) > 1 else None
    spec_name = named or run.current
    if named:
        run.current = named
    if spec_name is None:
        for it in items:
            run.steps.append(Step(it.line.number, to_latex(it.node), None, "no result to check it against"))
        return 0
    spec = MATH_RESULTS[spec_name]
    definition = None
    if named:
        exprs = items[1:]
        run.steps.append(Step(items[0].line.number, to_latex(lhs), None, f"names {spec_name}"))
    elif len(items) > 1 and _is_new_symbol(lhs, spec, run.defs):
        definition = lhs
        exprs = items[1:]
        run.steps.append(Step(items[0].line.number, to_latex(lhs), None, "a new symbol, defined here"))
    else:
        exprs = items
    if not exprs:
        return 0
    envs = run.envs(spec)
    if named:
        envs = _restrict(envs, lhs, run)
    envs, free = run.expand([e.node for e in exprs], envs)
    # λ = … or y_w = …: an equation about a symbol of the question, checked step by step only
    fact = not named and definition is None and len(items) > 1 and lhs.op == "sym"
    compare_with_result = definition is None and not free and not fact and (named or run.current == spec_name)
    previous = None  # (item, outcomes, label)
    if compare_with_result:
        ref = [("ok", spec.reference(env)) for env in envs]
        label = f"the derived result, {spec.latex}"
        previous = (None, ref, label)
    strict = spec.name in ("grad_U", "skipgram_grad_U")
    last = None
    for it in exprs:
        outcomes = run.evaluate(it.node, envs)
        latex = to_latex(it.node)
        kinds = {o[0] for o in outcomes}
        if kinds <= {"words", "na"} and "words" in kinds:
            run.steps.append(Step(it.line.number, latex, None, "words, not a formula: skipped"))
            continue
        if "elided" in kinds:
            run.steps.append(Step(it.line.number, latex, None, "contains …, an elided list: not evaluated"))
            previous = None
            continue
        if kinds == {"na"}:
            run.steps.append(Step(it.line.number, latex, None, "its condition holds on none of the cases"))
            continue
        errors = [o[1] for o in outcomes if o[0] == "error"]
        if errors:
            err = errors[0]
            k = next(i for i, o in enumerate(outcomes) if o[0] == "error")
            run.steps.append(Step(it.line.number, latex, False, err.message))
            _fail(run, it, previous, latex, None, envs[k],
                  explanation=f"It cannot be evaluated: {err.message}.")
            last = (it, outcomes, envs)
            continue  # the next step is compared with the last one that has a value
        nonfinite = next((i for i, o in enumerate(outcomes) if o[0] == "ok" and not np.all(np.isfinite(o[1]))
                          and not (spec.name == "leaky_relu_grad")), None)
        ok, note, bad = True, None, None
        if previous is not None:
            accept = _accept_at_corner if previous[0] is None and spec.name == "leaky_relu_grad" else None
            ok, note, bad = _step_equal(previous[1], outcomes, strict, envs, accept)
        if nonfinite is not None:  # an overflow is wrong, and shown on the case where it happens
            ok, bad = False, nonfinite
            note = "not finite"
        step_note = None
        if note == "row/column":
            step_note = "the same vector written as a row: equal to its column form"
        elif note == "shape" and not ok:
            step_note = "a different shape"
        elif note == "not finite":
            step_note = "not a finite number on some case"
        if previous is None or ok:
            run.steps.append(Step(it.line.number, latex, ok if previous is not None else None,
                                  step_note if previous is not None else
                                  (step_note or "nothing before it to compare with")))
        else:
            run.steps.append(Step(it.line.number, latex, False, step_note))
            expl = None
            if note == "shape":
                expl = "It has a different shape from the expression before it."
            elif (note == "not finite" or not np.all(np.isfinite(outcomes[bad][1]))) and _has_cases(it.node) \
                    and np.any(np.isnan(outcomes[bad][1])):
                expl = "No case of your split covers this case, so the value is left undefined there."
            elif note == "not finite" or not np.all(np.isfinite(outcomes[bad][1])):
                expl = "Its value is not a finite number (it overflows or divides by zero)."
            _fail(run, it, previous, latex, outcomes[bad], envs[bad], before=previous[1][bad],
                  explanation=expl)
        previous = (it, outcomes, f"{latex}  (line {it.line.number}, as read)")
        last = (it, outcomes, envs)
    if definition is not None and exprs:
        _define(run, definition, exprs[0].node)
    if compare_with_result and last is not None:
        run.final[spec_name] = last
    elif named and last is not None:
        run.final[spec_name] = last
    return len({e.case for e in envs})


def _has_cases(node) -> bool:
    if isinstance(node, tuple):
        return any(_has_cases(x) for x in node)
    if not isinstance(node, Node):
        return False
    return node.op == "cases" or any(_has_cases(a) for a in node.args)


def _define(run: _Run, lhs: Node, body: Node) -> None:
    name, sub = lhs.args
    if sub is not None and sub.op == "sym" and sub.args[1] is None and len(sub.args[0]) == 1:
        run.defs[(name, "*")] = (sub.args[0], body)  # \lambda_s = …: a family indexed by s
    run.defs[to_latex(lhs)] = (None, body)


def _restrict(envs, lhs: Node, run: _Run):
    """A left side ∂J/∂u_{w ≠ o} or ∂J/∂u_o applies only where its condition holds."""
    if lhs.op != "deriv":
        return envs
    var = lhs.args[0]
    if var.op != "sym" or var.args[0] != "u" or var.args[1] is None:
        return envs
    sub = var.args[1]
    out = []
    for env in envs:
        if sub.op == "sym" and sub.args == ("o", None) and "w" in env.binds:
            if env.binds["w"].n != env.data["o"]:
                continue
        try:
            Evaluator(env, run.defs).index(sub)
        except NotApplicable:
            continue
        except Exception:  # noqa: BLE001 - an unbound or odd subscript is reported when evaluated
            pass
        out.append(env)
    return out or envs


def _accept_at_corner(env, value) -> bool:
    """Leaky ReLU at x = 0: every subgradient in [α, 1] is right (the code check accepts them too)."""
    if env.data["x"] != 0.0 or value.shape != (1, 1):
        return False
    return env.data["alpha"] - TOL <= float(value[0, 0]) <= 1.0 + TOL


def _step_equal(before, after, strict, envs=None, accept=None):
    """(equal on every case where both have a value, 'row/column' | 'shape' | None, first bad index)."""
    note = None
    for k, (b, a) in enumerate(zip(before, after, strict=True)):
        if b[0] != "ok" or a[0] != "ok":
            continue
        eq, why = _compare(b[1], a[1], strict)
        if not eq and accept is not None and accept(envs[k], a[1]):
            eq = True
        if why == "row/column" and eq:
            note = "row/column"
        if not eq:
            return False, why, k
    return True, note, None


def _fail(run, it, previous, latex, outcome, env, before=None, explanation=None):
    if run.failure is not None:
        return
    run.first_wrong = it.line.number
    run.failure_result = run.spec_name
    before_latex = previous[2] if previous is not None else ""
    before_value = _fmt(before[1]) if before is not None and before[0] == "ok" else ""
    after_value = _fmt(outcome[1]) if outcome is not None and outcome[0] == "ok" else ""
    run.failure = Failure(it.line.number, it.line.source, before_latex, latex,
                          before_value, after_value, f"case {env.case + 1} ({env.description})",
                          explanation, it.line.text_line)


def _final_verdict(run: _Run, name: str, final):
    """Is the last expression for a result right? (ok, diagnosis, note)."""
    spec = MATH_RESULTS[name]
    it, outcomes, envs = final
    strict = name in ("grad_U", "skipgram_grad_U")
    values = []
    note = None
    ok = True
    for env, o in zip(envs, outcomes, strict=True):
        if o[0] != "ok":
            values.append(None)
            continue
        ref = spec.reference(env)
        eq, why = _compare(ref, o[1], strict)
        if not eq and name == "leaky_relu_grad":
            eq = _accept_at_corner(env, o[1])
        if why == "row/column" and eq:
            note = ("Your final answer is the row form of the result; the book writes it as a column "
                    "(the shape of the vector it is the gradient of). Both hold the same numbers.")
        ok = ok and eq
        values.append(o[1])
    if all(v is None for v in values):
        return False, None, None
    if ok:
        return True, None, note
    return False, _diagnose(spec, envs, values), note


def _diagnose(spec: MathResultSpec, envs, values) -> Mistake | None:
    """The catalogue entry whose part equals the answer on every case. A case where the wrong
    variant's code overflows (a logit gap over 745) is not held against it: the answer is a
    real-number value, the code a floating-point one."""
    strict = spec.name in ("grad_U", "skipgram_grad_U")
    outputs: dict = {}
    for mistake in spec.mistakes:
        match, compared = True, 0
        for env, val in zip(envs, values, strict=True):
            if val is None:
                continue
            key = (mistake.id, env.case)
            if key not in outputs:
                try:
                    with np.errstate(all="ignore"):
                        outputs[key] = mistake.wrong(*_copy_args(env.args))
                except Exception:  # noqa: BLE001 - a wrong variant that cannot run on this case
                    outputs[key] = None
            out = outputs[key]
            if out is None:
                match = False
                break
            try:
                part = np.asarray(spec.part(env, out), dtype=np.float64)
            except Exception:  # noqa: BLE001 - this part does not exist in the wrong output
                match = False
                break
            if np.any(np.isinf(part)) and np.all(np.isfinite(val)):  # overflow in the variant's code
                continue
            eq, _ = _compare(part, val, strict)
            if not eq:
                match = False
                break
            compared += 1
        if match and compared:
            return mistake
    return None


def _copy_args(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else (list(a) if isinstance(a, list) else a)
                 for a in args)


# ---------------------------------------------------------------------------


def preview(answer: str, result: str | None = None) -> dict:
    """Parse only (no evaluation): the lines as read, as LaTeX, or where the text cannot be read."""
    try:
        lines = read(answer)
    except ReadError as exc:
        error = {"message": exc.message, "line": exc.line, "column": exc.column}
        return {"ok": False, "lines": [], "error": error}
    except RecursionError:
        return {"ok": False, "lines": [], "error": {"message": "The answer is nested too deeply to read.",
                                                    "line": 1, "column": 1}}
    return {"ok": True, "lines": [{"line": ln.number, "latex": line_latex(ln)} for ln in lines],
            "error": None}

