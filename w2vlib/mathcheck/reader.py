"""Read a typed answer into expression trees: the grammar in ``math.lark``, then tree rewriting.

``read(text)`` returns the answer's lines (``Line``), each a chain of expressions joined by
relations, or raises ``ReadError`` with the line, column and what was expected there.
``to_latex(node)`` prints an expression back as LaTeX, with every product and grouping made
explicit; reading that LaTeX again gives the same tree (a tested property).

Expressions are ``Node`` objects: an operator name and its arguments (nodes, strings or
tuples). Positions are kept for error messages but are not part of a node's identity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lark import Lark, Token, Transformer_NonRecursive
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

#: Longest answer read, in characters (a long derivation is about 3,000).
MAX_CHARS = 12_000
#: Deepest nesting of brackets, braces and environments accepted.
MAX_DEPTH = 60
#: Deepest expression tree accepted (\hat\hat… or \log\log… nest without brackets).
MAX_TREE_DEPTH = 150


class ReadError(ValueError):
    """An answer that cannot be read; ``line`` and ``column`` are 1-based positions in the text."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class Node:
    """One operator and its arguments. Equality ignores the position ``pos`` (line, column)."""

    __slots__ = ("op", "args", "pos", "depth")

    def __init__(self, op: str, *args, pos: tuple[int, int] | None = None):
        self.op, self.args, self.pos = op, args, pos
        # how deeply the tree nests below this node: bounded, so no later walk can recurse too far
        self.depth = 1 + max((_depth(a) for a in args), default=0)

    def __eq__(self, other):
        return isinstance(other, Node) and self.op == other.op and self.args == other.args

    def __hash__(self):
        return hash((self.op, self.args))

    def __repr__(self):
        return f"{self.op}{self.args!r}"


def _depth(arg) -> int:
    if isinstance(arg, Node):
        return arg.depth
    if isinstance(arg, tuple):
        return max((_depth(a) for a in arg), default=0)
    return 0


@dataclass
class Line:
    """One line of the answer: expressions joined by relations (``rels[i]`` joins i and i + 1).

    ``items[0]`` is None when the line continues the chain of the line before (it starts
    with ``=``). ``number`` is the 1-based line number, ``source`` the text as typed.
    """

    number: int
    source: str
    items: list
    rels: list
    notes: list
    text_line: int = 1  # the line of the text where it starts (a derivation on one text line has many)


# ---------------------------------------------------------------------------
# Names. A symbol's base letter is normalised: \mathbf{u}, \bm u and u are all "u".

_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta",
          "θ": "theta", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho",
          "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "ℓ": "ell", "Δ": "Delta",
          "Θ": "Theta", "Λ": "Lambda", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega", "Γ": "Gamma"}
_FUNCS = {"log": "log", "ln": "log", "exp": "exp", "sigma": "sigma", "σ": "sigma", "sigmoid": "sigma",
          "max": "max", "min": "min", "softmax": "softmax"}
#: Words in \text{…} that are a function (\operatorname{softmax}) or a differential (\mathrm{d}).
_TEXT_FUNCS = {"softmax": "softmax", "sigmoid": "sigma", "exp": "exp", "log": "log", "max": "max"}
#: Words that start a remark or a condition when they open a \text{…}.
_REMARK_WORDS = ("if", "where", "for", "when", "otherwise", "since", "with", "and", "as", "a ", "an ",
                 "the ", "note", "i.e", "e.g", "else", "because", "so ", "by ", "using", "which", "then",
                 "all", "each", "every", "any")


def _text_content(token: str) -> str:
    return token[token.index("{") + 1:-1].strip()


def is_remark_text(content: str) -> bool:
    """True for text that is words about the formula (a remark or condition), not a quantity."""
    low = content.lower().strip(" ,.:;()")
    if not low:
        return True
    if low in ("d", "vocab", "v", "t", "new", "old", "naive-softmax", "softmax"):
        return False
    return low.startswith(_REMARK_WORDS) or " " in low or len(low) > 3 and low not in _LABEL_WORDS


_LABEL_WORDS = {"vocab", "naive-softmax", "naive_softmax", "naivesoftmax", "neg-sample", "negative-sample",
                "neg-sampling", "negative-sampling", "skip-gram", "skipgram", "softmax", "sigmoid"}


# ---------------------------------------------------------------------------
# From Lark's parse tree to Nodes.


def _pos(meta_or_token):
    line = getattr(meta_or_token, "line", None)
    col = getattr(meta_or_token, "column", None)
    return (line, col) if line is not None else None


class _ToNodes(Transformer_NonRecursive):
    """Rewrite the parse tree bottom-up into Nodes (non-recursive: deep input cannot overflow)."""

    def __init__(self, text: str):
        super().__init__(visit_tokens=False)
        self.source = text

    # -- chains and lines
    def document(self, children):
        return [c for c in children if isinstance(c, tuple)]

    def line(self, children):
        return children[0]

    def relchain(self, children):
        items, rels = [children[0]], []
        for i in range(1, len(children), 2):
            rels.append(_rel(children[i]))
            items.append(children[i + 1])
        return (items, rels)

    def continued(self, children):
        items, rels = self.relchain([None, *children])
        return (items, rels)

    def relplain(self, children):
        if len(children) == 1:
            return children[0]
        parts = [children[0]]
        for i in range(1, len(children), 2):
            parts += [_rel(children[i]), children[i + 1]]
        return Node("rel", *parts, pos=getattr(children[0], "pos", None))

    # -- arithmetic
    def expr(self, c):
        first = c[0]
        terms = list(first.args) if first.op == "plus" and first.args[0][0] < 0 else [(+1, first)]
        for op, term in zip(c[1::2], c[2::2], strict=True):
            terms.append((-1 if str(op) in ("-", "−", "–") else +1, term))
        return Node("plus", *terms, pos=first.pos)

    def neg(self, c):
        return _plus(None, -1, c[1])

    def signed(self, c):
        return c[-1]

    def product(self, c):
        """Fold a b \\cdot c / d ⊙ e left to right: juxtaposition and \\cdot collect factors,
        / divides what came before, \\odot multiplies it entry by entry."""
        factors, op = [], None
        for x in c:
            if isinstance(x, Token):
                op = str(x)
                continue
            if op in ("/",):
                factors = [_divide(_as_product(factors), x)]
            elif op in ("\\odot", "⊙"):
                left = _as_product(factors)
                factors = [Node("had", left, x, pos=left.pos)]  # the entrywise (Hadamard) product
            else:
                factors += list(x.args) if x.op == "mul" else [x]
            op = None
        return _as_product(factors)

    def bigop(self, c):
        sub = sup = None
        for s in c[1:-1]:
            if s.op == "sub":
                sub = s.args[0]
            else:
                sup = s.args[0]
        return Node("sum", sub, sup, c[-1], pos=_pos(c[0]))

    def func(self, c):
        name = _func_name(str(c[0]))
        scripts = [x for x in c[1:] if isinstance(x, Node) and x.op in ("sub", "sup", "fprime")]
        arg = next(x for x in c[1:] if isinstance(x, Node) and x.op not in ("sub", "sup", "fprime"))
        primes = sum(1 for s in scripts if s.op == "fprime")
        args = arg.args if arg.op in ("tuple", "paren") else (arg,)
        fn = Node("fn", name + "'" * primes, pos=_pos(c[0]))
        node = Node("call", fn, args, pos=_pos(c[0]))
        for s in scripts:
            if s.op == "sup":
                node = Node("pow", node, s.args[0], pos=node.pos)
            elif s.op == "sub" and arg.op in ("tuple", "paren"):  # softmax(z)_o: an entry of the vector
                node = Node("subscripted", node, s.args[0], pos=node.pos)
        return node

    def fprime(self, c):
        return Node("fprime")

    # -- postfix
    def scripted(self, c):
        base, script = c
        if script.op == "sup":
            return Node("pow", base, script.args[0], pos=base.pos)
        return _subscript(base, script.args[0])

    def prime(self, c):
        base = c[0]
        if base.op == "sym":
            return Node("sym", base.args[0] + "'", base.args[1], pos=base.pos)
        return Node("prime", base, pos=base.pos)

    def transpose(self, c):
        return Node("T", c[0], pos=c[0].pos)

    def subscript(self, c):
        arg = c[-1]
        if isinstance(arg, Token):  # _k: one character
            arg = _char_node(arg.value.lstrip("_").strip(), arg)
        if arg.op == "matrix" and all(len(row) == 1 for row in arg.args):  # an array of conditions
            arg = Node("conds", *[row[0] for row in arg.args if row[0] is not None], pos=arg.pos)
        return Node("sub", arg)

    def superscript(self, c):
        arg = c[-1]
        if isinstance(arg, Token):
            arg = _char_node(arg.value.lstrip("^").strip(), arg)
        return Node("sup", arg)

    def subbody(self, c):
        items = [x for x in c if isinstance(x, Node)]
        return items[0] if len(items) == 1 else Node("conds", *items, pos=items[0].pos)

    def subitem(self, c):
        return c[-1]

    # -- atoms
    def paren(self, c):
        items = [x for x in c if isinstance(x, Node)]
        if len(items) == 1:
            return Node("paren", items[0], pos=items[0].pos)
        return Node("tuple", *items, pos=items[0].pos)

    def bracket(self, c):
        items = [x for x in c if isinstance(x, Node)]
        if len(items) == 1:
            return Node("paren", items[0], pos=items[0].pos)
        return Node("list", *items, pos=items[0].pos)

    def setbraces(self, c):
        return Node("set", *[x for x in c if isinstance(x, Node)], pos=_pos(c[0]))

    def letter(self, c):
        return Node("sym", str(c[0]), None, pos=_pos(c[0]))

    def greek(self, c):
        t = str(c[0])
        name = _GREEK.get(t, t.lstrip("\\"))
        return Node("sym", name, None, pos=_pos(c[0]))

    def number(self, c):
        return Node("num", str(c[0]), pos=_pos(c[0]))

    def word(self, c):
        return Node("sym", "yhat", None, pos=_pos(c[0]))

    def text(self, c):
        content = _text_content(str(c[0]))
        if content.lower() in _TEXT_FUNCS:
            return Node("fn", _TEXT_FUNCS[content.lower()], pos=_pos(c[0]))
        if content in ("d",):
            return Node("sym", "d", None, pos=_pos(c[0]))
        return Node("text", content, pos=_pos(c[0]))

    def card(self, c):
        inner = str(c[0])[1:-1].strip()
        inner = re.sub(r"\\(text|textrm|mathrm|operatorname|mathit)\s*\{([^{}]*)\}", r"\2", inner)
        inner = re.sub(r"\\(mathbf|mathcal|mathbb)\s*\{([^{}]*)\}", r"\2", inner)
        return Node("card", re.sub(r"\s+", "", inner), pos=_pos(c[0]))

    def dots(self, c):
        return Node("dots", pos=_pos(c[0]))

    def partial(self, c):
        return Node("partial", pos=_pos(c[0]))

    def nabla(self, c):
        return Node("nabla", pos=_pos(c[0]))

    def group(self, c):
        return next(x for x in c if isinstance(x, Node))

    def empty_group(self, c):
        return Node("empty")

    def styled(self, c):
        inner = c[-1]
        if inner.op == "num" and inner.args[0] == "1":
            return Node("sym", "ones", None, pos=inner.pos)
        return inner

    def hat(self, c):
        inner = c[-1]
        if inner.op == "sym" and not inner.args[0].endswith("hat"):
            return Node("sym", inner.args[0] + "hat", inner.args[1], pos=inner.pos)
        if inner.op == "T" and inner.args[0].op == "sym":
            return Node("T", self.hat([inner.args[0]]), pos=inner.pos)
        return Node("sym", "?hat", None, pos=inner.pos)

    def frac(self, c):
        return _divide(c[1], c[2], frac=True)

    def fracarg(self, c):
        nodes = [x for x in c if isinstance(x, Node)]
        if nodes:
            return nodes[0]
        t = c[0]
        if isinstance(t, Token) and t.type == "NUMBER_DIGIT":
            return Node("num", str(t), pos=_pos(t))
        if isinstance(t, Token) and t.type == "GREEK":
            return self.greek([t])
        if isinstance(t, Token) and t.type == "LETTER":
            return Node("sym", str(t), None, pos=_pos(t))
        return Node("empty")

    def indicator(self, c):
        return Node("ind", c[-1], pos=_pos(c[0]))

    def indicator_arg(self, c):
        return next(x for x in c if isinstance(x, Node))

    def env(self, c):
        kind = re.search(r"\{(\w+)\}", str(c[0])).group(1)
        rows = tuple(r for r in c[1:] if isinstance(r, tuple))
        while rows and all(cell is None for cell in rows[-1]):
            rows = rows[:-1]  # a trailing \\ before \end
        if kind in ("cases", "dcases", "rcases"):
            return _cases(rows, _pos(c[0]))
        if kind == "array" and rows and any(_looks_like_condition(r) for r in rows):
            return _cases(rows, _pos(c[0]))
        return Node("matrix", *rows, pos=_pos(c[0]))

    def bracket_env(self, c):
        inner = next(x for x in c if isinstance(x, Node))
        if inner.op == "matrix":
            return _cases(inner.args, inner.pos)
        return inner

    def envrow(self, c):
        return tuple(c)

    def cell(self, c):
        return c[0] if c else None


def _rel(token) -> str:
    t = str(token).strip()
    table = {"\\neq": "≠", "\\ne": "≠", "!=": "≠", "\\leq": "≤", "\\le": "≤", "<=": "≤", "\\leqslant": "≤",
             "\\geq": "≥", "\\ge": "≥", ">=": "≥", "\\geqslant": "≥", "\\in": "∈", "\\notin": "∉",
             ":=": "=", "\\coloneqq": "=", "\\leftarrow": "←", "\\gets": "←", "\\approx": "≈",
             "\\to": "→", "\\mapsto": "→"}
    return table.get(t, t)


def _func_name(token: str) -> str:
    t = token.lstrip("\\")
    m = re.match(r"operatorname\s*\{\s*(\w+)\s*\}", t)
    if m:
        t = m.group(1)
    return _FUNCS.get(t, t)


def _char_node(ch: str, token) -> Node:
    if ch.isdigit():
        return Node("num", ch, pos=_pos(token))
    return Node("sym", ch, None, pos=_pos(token))


def _as_product(factors) -> Node:
    return factors[0] if len(factors) == 1 else Node("mul", *factors, pos=factors[0].pos)


def _plus(left, sign: int, right) -> Node:
    """A flat sum: ("plus", (sign, term), ...). Flat, so a long sum is not a deep tree."""
    terms = []
    if left is not None:
        terms += list(left.args) if left.op == "plus" else [(+1, left)]
    terms.append((sign, right))
    pos = left.pos if left is not None else right.pos
    return Node("plus", *terms, pos=pos)


def _as_label(node: Node) -> str | None:
    """Letters typed as a name, J_{neg-sample}: the name as text, or None if it is not letters only."""
    if node.op == "sym" and node.args[1] is None and len(node.args[0]) == 1:
        return node.args[0]
    if node.op == "text":
        return node.args[0]
    if node.op == "mul":
        parts = [_as_label(x) for x in node.args]
        return None if None in parts else "".join(parts)
    if node.op == "plus":
        parts = [("-" if sign < 0 else "+") + (_as_label(t) or "\0") for sign, t in node.args]
        text = "".join(parts).lstrip("+")
        return None if "\0" in text else text
    return None


def _subscript(base: Node, sub: Node) -> Node:
    if base.op == "sym" and base.args[0] in ("J", "L") and base.args[1] is None:
        label = _as_label(sub)
        if label is not None and len(label) > 1:
            return Node("sym", base.args[0], Node("text", label, pos=sub.pos), pos=base.pos)
    if base.op == "sym" and base.args[1] is None:
        return Node("sym", base.args[0], sub, pos=base.pos)
    if base.op == "T":
        return Node("T", _subscript(base.args[0], sub), pos=base.pos)
    if base.op == "nabla":
        return Node("dop", sub, pos=base.pos)
    if base.op == "fn":
        return Node("fn", base.args[0], pos=base.pos)
    if base.op == "ind":
        return base
    return Node("subscripted", base, sub, pos=base.pos)


def _is_differential(node: Node) -> bool:
    return node.op == "partial" or (node.op == "sym" and node.args == ("d", None))


def _derivative_parts(node: Node):
    """∂X or d X (a product starting with a differential): returns X, an empty mul for ∂ alone."""
    if _is_differential(node):
        return Node("mul")
    if node.op == "mul" and node.args and _is_differential(node.args[0]):
        rest = node.args[1:]
        if not rest:
            return Node("mul")
        return rest[0] if len(rest) == 1 else Node("mul", *rest, pos=rest[0].pos)
    return None


def _divide(num: Node, den: Node, frac: bool = False) -> Node:
    """a / b, or a derivative when both are differentials: ∂J/∂v_c, \\frac{d}{dx} (an operator)."""
    var = _derivative_parts(den)
    top = _derivative_parts(num)
    if var is not None and top is not None and not (var.op == "mul" and not var.args):
        if top.op == "mul" and not top.args:
            return Node("dop", var, pos=num.pos)
        return Node("deriv", var, top, pos=num.pos)
    return Node("frac" if frac else "div", num, den, pos=num.pos)


def _looks_like_condition(row) -> bool:
    return len(row) >= 2 and row[-1] is not None and (
        row[-1].op in ("rel", "text") or (row[-1].op == "mul" and row[-1].args[0].op == "text"))


def _cases(rows, pos) -> Node:
    out = []
    for row in rows:
        cells = [c for c in row if c is not None]
        if not cells:
            continue
        value, cond = cells[0], (cells[1] if len(cells) > 1 else None)
        if cond is None and value.op == "mul":  # "αx \text{ if } x < 0" without &
            k = next((i for i, f in enumerate(value.args) if f.op == "text"), None)
            if k:
                cond = Node("mul", *value.args[k:])
                value = value.args[0] if k == 1 else Node("mul", *value.args[:k])
        if value.op == "rel":  # "α & x < 0" typed as "α, x < 0" cannot happen; keep the value
            value = value.args[0]
        out.append((value, _strip_words(cond)))
    return Node("cases", *out, pos=pos)


def _strip_words(cond):
    """The condition of a case, without its words: "\\text{if } w = o" is w = o; "otherwise" is None."""
    if cond is None:
        return None
    if cond.op == "text":
        return None
    if cond.op == "mul" and cond.args and cond.args[0].op == "text":
        rest = cond.args[1:]
        if not rest:
            return None
        return rest[0] if len(rest) == 1 else Node("mul", *rest)
    if cond.op == "rel" and cond.args[0].op in ("mul", "text"):
        first = _strip_words(cond.args[0])
        if first is not None:
            return Node("rel", first, *cond.args[1:], pos=cond.pos)
    return cond


# ---------------------------------------------------------------------------
# Products: derivative operators, calls and remarks.


def finish(node):
    """Resolve what juxtaposition means, bottom-up: calls f(x), operators ∂/∂v (…), remarks."""
    if not isinstance(node, Node):
        if isinstance(node, tuple):
            return tuple(finish(x) for x in node)
        return node
    args = tuple(finish(a) for a in node.args)
    node = Node(node.op, *args, pos=node.pos)
    if node.op == "mul":
        return _product(list(node.args), node.pos)
    if node.op == "plus":
        terms = []
        for sign, t in node.args:
            if t.op == "text" and is_remark_text(t.args[0]) and terms:
                break  # "x + \text{where …}": the words end the formula
            if t.op == "remarked":  # "a + b \quad \text{where …}": the remark ends the sum
                terms.append((sign, t.args[0]))
                return Node("remarked", Node("plus", *terms, pos=node.pos), t.args[1], pos=node.pos)
            terms.append((sign, t))
        if len(terms) == 1 and terms[0][0] == 1:
            return terms[0][1]
        return Node("plus", *terms, pos=node.pos)
    if node.op == "pow" and node.args[0].op == "sym" and node.args[0].args[0] == "e" \
            and node.args[0].args[1] is None:
        return Node("call", Node("fn", "exp"), (node.args[1],), pos=node.pos)
    return node


_CALLABLE = ("J", "f", "L", "g", "h")


def _product(factors, pos) -> Node:
    out = []
    i = 0
    while i < len(factors):
        f = factors[i]
        if f.op == "dop":
            rest = factors[i + 1:]
            if not rest:
                out.append(f)
                break
            target = rest[0] if len(rest) == 1 else _product(rest, rest[0].pos)
            if target.op == "paren":
                target = target.args[0]
            out.append(Node("deriv", f.args[0], target, pos=f.pos))
            break
        if f.op == "paren" and f.args[0].op == "text" and out:
            f = Node("text", f.args[0].args[0], pos=f.pos)  # (\text{a row vector}) after a formula
        if f.op == "text" and is_remark_text(f.args[0]):
            if not out and i + 1 < len(factors):
                i += 1  # "\text{where } \lambda_s = …": leading words introduce the formula
                continue
            if not out:
                return f
            value = out[0] if len(out) == 1 else Node("mul", *out, pos=pos)
            return Node("remarked", value, f.args[0], pos=pos)  # the words and what follows are a remark
        nxt = factors[i + 1] if i + 1 < len(factors) else None
        if nxt is not None and f.op == "div" and _is_differential(f.args[1]) \
                and _derivative_parts(f.args[0]) is not None:  # ∂J/∂U reads as (∂J/∂)·U
            out.append(_divide(f.args[0], Node("mul", f.args[1], nxt)))
            i += 2
            continue
        if nxt is not None and nxt.op in ("paren", "tuple") and _is_callable(f):
            args = nxt.args if nxt.op == "tuple" else (nxt.args[0],)
            out.append(Node("call", f, args, pos=f.pos))
            i += 2
            continue
        out.append(f)
        i += 1
    if len(out) == 1:
        return out[0]
    return Node("mul", *out, pos=pos)


def _is_callable(f: Node) -> bool:
    if f.op == "fn":
        return True
    return f.op == "sym" and f.args[0].rstrip("'") in _CALLABLE


# ---------------------------------------------------------------------------
# Reading the whole answer.


@lru_cache(maxsize=1)
def parser() -> Lark:
    grammar = resources.files("w2vlib.mathcheck").joinpath("math.lark").read_text(encoding="utf-8")
    return Lark(grammar, start="document", parser="lalr", propagate_positions=True,
                maybe_placeholders=False)


_EXPECT_NAMES = {
    "RBRACE": "a closing }", "LBRACE": "an opening {", "RPAR": "a closing )", "RSQB": "a closing ]",
    "END_ENV": "\\end{…}", "REL": "=", "LETTER": "a symbol", "NUMBER": "a number",
}


def _describe_expected(expected) -> str:
    names = [_EXPECT_NAMES[e] for e in sorted(expected) if e in _EXPECT_NAMES]
    if not names:
        return "a formula"
    return ", ".join(dict.fromkeys(names))


def _precheck(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise ReadError(f"The answer has {len(text):,} characters; at most {MAX_CHARS:,} are read. "
                        "Paste one derivation at a time.")
    if not text.strip() or not re.sub(r"[\s$&\\\[\]{}.]|\\\\|\\\[|\\\]|\u200b", "", text):
        raise ReadError("The answer is empty: type a formula, for example U(\\hat{y} - y).")
    for m in re.finditer(r"\\(input|include|def|newcommand|renewcommand|let|usepackage|write|catcode|"
                         r"immediate|openout|csname|expandafter|edef|gdef|xdef|DeclareMathOperator)"
                         r"(?![a-zA-Z])", text):
        line, col = _line_col(text, m.start())
        raise ReadError(f"\\{m.group(1)} is not allowed in an answer (it defines or loads TeX); "
                        "write the formula itself. To name a part, write a line such as "
                        "\\theta = U^\\top v_c.", line, col)
    depth, opened = 0, []
    for m in re.finditer(r"\\left(?![a-zA-Z])|\\right(?![a-zA-Z])|\\begin\s*\{\w+\*?\}|\\end\s*\{\w+\*?\}|"
                         r"\\[{}]|[{}]", text):
        tok = m.group(0)
        if tok in ("\\{", "\\}"):
            continue
        if tok == "{" or tok.startswith("\\left") or tok.startswith("\\begin"):
            opened.append((tok, m.start()))
            depth = max(depth, len(opened))
            if depth > MAX_DEPTH:
                line, col = _line_col(text, m.start())
                raise ReadError(f"The answer is nested more than {MAX_DEPTH} levels deep here; "
                                "a derivation needs far fewer.", line, col)
            continue
        want = {"}": "{", "\\right": "\\left"}.get(tok, "\\begin")
        if not opened or not opened[-1][0].startswith(want):
            line, col = _line_col(text, m.start())
            what = {"{": "{", "\\left": "\\left", "\\begin": "\\begin{…}"}[want]
            if opened:
                o_line, o_col = _line_col(text, opened[-1][1])
                raise ReadError(f"{tok} here does not match {opened[-1][0]} opened at line {o_line}, "
                                f"column {o_col}.", line, col)
            raise ReadError(f"{tok} here has no matching {what} before it.", line, col)
        if want == "\\begin":
            env_open = re.search(r"\{(\w+\*?)\}", opened[-1][0]).group(1)
            env_close = re.search(r"\{(\w+\*?)\}", tok).group(1)
            if env_open != env_close:
                line, col = _line_col(text, m.start())
                raise ReadError(f"{tok} closes \\begin{{{env_open}}}.", line, col)
        opened.pop()
    if opened:
        tok, at = opened[-1]
        line, col = _line_col(text, at)
        closer = {"{": "}", "\\left": "\\right"}.get(tok[:5] if tok.startswith("\\left") else tok[:1],
                                                     "\\end{…}")
        raise ReadError(f"{tok} opened here is never closed: a {closer} is missing.", line, col)
    depth = run = 0
    for ch in text:  # parentheses, and long runs of signs, nest too
        depth += (ch in "([") - (ch in ")]")
        run = run + 1 if ch in "-+−" else (run if ch.isspace() else 0)
        if depth > MAX_DEPTH or run > MAX_DEPTH:
            raise ReadError(f"The answer is nested more than {MAX_DEPTH} levels deep.")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _parse_error(exc: UnexpectedInput, text: str) -> ReadError:
    line, col = exc.line, exc.column
    if isinstance(exc, UnexpectedCharacters):
        rest = text[exc.pos_in_stream:]
        m = re.match(r"\\([a-zA-Z]+)", rest)
        if m:
            return ReadError(f"Unknown command \\{m.group(1)}: it is not part of the notation read here "
                             "(see 'How to type your answer').", line, col)
        return ReadError(f"Unexpected character {rest[:1]!r}; expected {_describe_expected(exc.allowed)}.",
                         line, col)
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        lines = text.splitlines() or [""]
        return ReadError(f"The answer ends too early; expected {_describe_expected(exc.expected)}.",
                         len(lines), len(lines[-1]) + 1)
    token = exc.token
    return ReadError(f"Unexpected {str(token)!r}; expected {_describe_expected(exc.expected)} here.",
                     line, col)


def read(text: str) -> list[Line]:
    """Parse an answer into its lines; raises ReadError (with line and column) if it cannot."""
    if not isinstance(text, str):
        raise ReadError(f"The answer must be text (a str), got {type(text).__name__}.")
    _precheck(text)
    if _top_level_break(text):
        chunks = [(text, 0)]
    else:  # no top-level \\: each line of the text is a line of the derivation
        chunks = _physical_lines(text)
    lines: list[Line] = []
    for chunk, _ in chunks:
        if not chunk.strip():
            continue
        try:
            tree = parser().parse(chunk)
        except UnexpectedInput as exc:
            err = _parse_error(exc, chunk)
            raise ReadError(err.message, err.line, err.column) from None
        starts = _line_starts(tree)
        chains = _ToNodes(chunk).transform(tree)
        deepest = max((x.depth for items, _ in chains for x in items if x is not None), default=0)
        if deepest > MAX_TREE_DEPTH:
            raise ReadError(f"The formula nests {deepest} operations inside one another; at most "
                            f"{MAX_TREE_DEPTH} are read.")
        for (items, rels), (start, end) in zip(chains, starts, strict=True):
            items = [finish(x) if x is not None else None for x in items]
            src = chunk[start:end]
            text_line = chunk.count("\n", 0, start + len(src) - len(src.lstrip())) + 1
            lines.append(Line(len(lines) + 1, src.strip(), items, rels, [], text_line))
    if not lines:
        raise ReadError("The answer is empty: type a formula, for example U(\\hat{y} - y).")
    return lines


_WRAPPERS = (r"aligned|align\*?|equation\*?|gather\*?|gathered|split|multline\*?|eqnarray\*?|flalign\*?"
             r"|alignat\*?")
_TOKENS = re.compile(r"\\begin\s*\{(\w+\*?)\}|\\end\s*\{(\w+\*?)\}|\\\\|\$\$|\\\[|\\\]|\\[{}]|[{}]")


def _scan(text):
    """(kind, depth) for each structural token: depth counts braces and environments that are not
    a whole-derivation wrapper (aligned, equation …), so a \\\\ at depth 0 separates lines."""
    depth = 0
    for m in _TOKENS.finditer(text):
        tok = m.group(0)
        if m.group(1) is not None or m.group(2) is not None:
            name = m.group(1) or m.group(2)
            if re.fullmatch(_WRAPPERS, name):
                yield "sep", depth
            elif m.group(1) is not None:
                depth += 1
            else:
                depth -= 1
        elif tok in ("{",):
            depth += 1
        elif tok in ("}",):
            depth -= 1
        elif tok in ("\\\\", "$$", "\\[", "\\]"):
            yield "sep", depth


def _top_level_break(text: str) -> bool:
    return any(kind == "sep" and depth == 0 for kind, depth in _scan(text))


def _physical_lines(text: str):
    """One chunk per line of the text, but a line that opens a brace or an environment continues
    until it is closed. Each chunk is padded with the newlines before it, so positions stay right."""
    chunks, pieces, start, depth = [], [], 0, 0
    for k, piece in enumerate(text.split("\n")):
        if not pieces:
            start = k
        pieces.append(piece)
        for m in _TOKENS.finditer(piece):
            tok = m.group(0)
            if m.group(1) is not None and not re.fullmatch(_WRAPPERS, m.group(1)) or tok == "{":
                depth += 1
            elif m.group(2) is not None and not re.fullmatch(_WRAPPERS, m.group(2)) or tok == "}":
                depth -= 1
        if depth <= 0:
            chunks.append(("\n" * start + "\n".join(pieces), 0))
            pieces, depth = [], 0
    if pieces:
        chunks.append(("\n" * start + "\n".join(pieces), 0))
    return chunks


def _line_starts(tree):
    return [(c.meta.start_pos, c.meta.end_pos) for c in tree.children]


# ---------------------------------------------------------------------------
# Printing a tree back as LaTeX, every product and grouping explicit.

_SYMBOL_LATEX = {"yhat": r"\hat{y}", "ones": r"\mathbf{1}"}
_BOLD = {"u", "v", "y", "U", "yhat"}
_FN_LATEX = {"log": r"\log", "exp": r"\exp", "sigma": r"\sigma", "softmax": r"\operatorname{softmax}",
             "max": r"\max", "min": r"\min"}
_REL_LATEX = {"≠": r"\neq", "≤": r"\leq", "≥": r"\geq", "∈": r"\in", "∉": r"\notin", "←": r"\leftarrow",
              "≈": r"\approx", "→": r"\to"}


def _sym_latex(name: str) -> str:
    primes = len(name) - len(name.rstrip("'"))
    name = name.rstrip("'")
    if name in _SYMBOL_LATEX:
        out = _SYMBOL_LATEX[name]
    elif name.endswith("hat") and len(name) > 3:
        out = r"\hat{" + _sym_latex(name[:-3]) + "}"
    elif len(name) > 1 and name.isalpha():
        out = "\\" + name
    else:
        out = name
    return out + "'" * primes


def to_latex(node) -> str:
    """The LaTeX of an expression, with \\cdot for every product and \\left( \\right) groups."""
    if node is None:
        return ""
    op, a = node.op, node.args
    if op == "num":
        return a[0]
    if op == "sym":
        base = _sym_latex(a[0])
        return base if a[1] is None else f"{base}_{{{to_latex(a[1])}}}"
    if op == "plus":
        parts = []
        for k, (sign, term) in enumerate(a):
            t = to_latex(term)
            parts.append(("- " if sign < 0 else ("" if k == 0 else "+ ")) + t)
        return " ".join(parts)
    if op == "mul":
        return r" \cdot ".join(_factor(x) for x in a)
    if op == "had":
        return f"{_factor(a[0], tight=True)} \\odot {_factor(a[1], tight=True)}"
    if op == "frac":
        return rf"\frac{{{to_latex(a[0])}}}{{{to_latex(a[1])}}}"
    if op == "div":
        return f"{{{to_latex(a[0])}}} / {{{to_latex(a[1])}}}"
    if op == "pow":
        return f"{_factor(a[0], tight=True)}^{{{to_latex(a[1])}}}"
    if op == "T":
        return f"{_factor(a[0], tight=True)}^\\top"
    if op == "paren":
        return rf"\left({to_latex(a[0])}\right)"
    if op == "tuple":
        return r"\left(" + ", ".join(to_latex(x) for x in a) + r"\right)"
    if op == "list":
        return r"\left[" + ", ".join(to_latex(x) for x in a) + r"\right]"
    if op == "set":
        return r"\{" + ", ".join(to_latex(x) for x in a) + r"\}"
    if op == "fn":
        return _FN_LATEX.get(a[0].rstrip("'"), a[0]) + "'" * (len(a[0]) - len(a[0].rstrip("'")))
    if op == "call":
        fn = to_latex(a[0]) if a[0].op == "fn" else _factor(a[0], tight=True)
        return fn + r"\left(" + ", ".join(to_latex(x) for x in a[1]) + r"\right)"
    if op == "sum":
        sub = "" if a[0] is None else f"_{{{to_latex(a[0])}}}"
        sup = "" if a[1] is None else f"^{{{to_latex(a[1])}}}"
        return rf"\sum{sub}{sup} {{{to_latex(a[2])}}}"
    if op == "deriv":
        return rf"\frac{{\partial}}{{\partial {_factor(a[0], tight=True)}}} \left({to_latex(a[1])}\right)"
    if op == "dop":
        return rf"\frac{{\partial}}{{\partial {_factor(a[0], tight=True)}}}"
    if op == "rel":
        return " ".join(_REL_LATEX.get(x, x) if isinstance(x, str) else to_latex(x) for x in a)
    if op == "conds":
        return ", ".join(to_latex(x) for x in a)
    if op == "text":
        return r"\text{" + a[0] + "}"
    if op == "remarked":
        return to_latex(a[0]) + r" \quad \text{" + a[1] + "}"
    if op == "card":
        return "|" + a[0] + "|"
    if op == "dots":
        return r"\dots"
    if op == "partial":
        return r"\partial"
    if op == "nabla":
        return r"\nabla"
    if op == "ind":
        return r"\mathbb{1}\{" + to_latex(a[0]) + r"\}"
    if op == "empty":
        return "{}"
    if op == "matrix":
        rows = [" & ".join(to_latex(c) for c in row) for row in a]
        return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"
    if op == "cases":
        rows = []
        for value, cond in a:
            rows.append(to_latex(value) + (r" & \text{otherwise}" if cond is None
                                           else r" & \text{if } " + to_latex(cond)))
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"
    if op == "subscripted":
        return f"{_factor(a[0], tight=True)}_{{{to_latex(a[1])}}}"
    if op == "prime":
        return f"{_factor(a[0], tight=True)}'"
    raise ValueError(f"cannot print {op}")


def _factor(node, tight=False) -> str:
    """A factor of a product, or (tight) the base of a power: in braces when it is compound."""
    if tight and node.op not in ("sym", "paren", "num", "tuple", "list", "call", "matrix"):
        return "{" + to_latex(node) + "}"
    return to_latex(node)


def line_latex(line: Line) -> str:
    """One line of the answer as read."""
    parts = []
    for k, item in enumerate(line.items):
        if k > 0:
            parts.append(_REL_LATEX.get(line.rels[k - 1], line.rels[k - 1]))
        if item is not None:
            parts.append(to_latex(item))
    return " ".join(parts)
