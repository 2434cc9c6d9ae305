"""Derived references: reverse accumulation written out in the notation itself.

Each operator and function carries one vector-Jacobian rule per argument (`OPERATOR_VJPS` next
to the operators, `Function.vjp` next to each function). A step's reference is composed by
walking an assignment's expression tree from its root down to the node asked, turning the
adjoint of each subtree into its children's adjoints by those rules, undoing broadcasting by a
sum, and tidying the result. Everything here works on shapes only (no torch); the oracle judges
a derived reference against autograd before anyone sees it.

The rules use a few macros that depend on shapes: `ones_like(x)` and `eye_like(x)` (a tensor of
x's shape), `count(x)` (the entries a mean divides by), `keep(x)` (the sum along the
function's dimension, kept), and `unreduce(g, x)` (a reduced adjoint spread back over x).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace

from trainer.errors import NotationError
from trainer.notation.derive_v12 import V12_MACROS, NoExpansion, expand, filled, size_node
from trainer.notation.evaluate import OPERATOR_VJPS, Evaluator
from trainer.notation.functions import FUNCTIONS
from trainer.notation.nodes import (
    Binary,
    Call,
    Compare,
    Name,
    Node,
    Num,
    Transpose,
    Unary,
    children,
)
from trainer.notation.signatures import ALONG_LAST, SIGNATURES
from trainer.notation.statistics import correction_of
from trainer.notation.syntax import parse_rule
from trainer.notation.tidy import Shapes, tidy
from trainer.notation.values import Value

MACROS = frozenset({"ones_like", "eye_like", "count", "keep", "unreduce", "undiag"}) | V12_MACROS


# How the macros read in a hint, in PyTorch's spelling (a hint shows a rule, never its result).
_SHOWN_MACROS = (
    ("unreduce(g, a)", "g.expand_as(a)"),
    ("ones_like(a)", "ones_like(a)"),
    ("eye_like(a)", "eye_like(a)"),
    ("count(a)", "a.numel()"),
    ("undiag(g, a)", "diag(g)"),
)
_KEEP = re.compile(r"keep\(([^()]*)\)")


def shown_rule(rule: str) -> str:
    """A rule as a hint shows it: the macros in PyTorch's words."""
    for macro, shown in _SHOWN_MACROS:
        rule = rule.replace(macro, shown)
    return _KEEP.sub(r"sum(\1, d, keepdim=True)", rule)


class CannotDerive(Exception):
    """No rule of the table writes this adjoint in the notation (the reference is `none`)."""


MATMUL = "matmul"  # the rule of an @ whose operands' shapes are not known


def rule_of(node: Node, index: int, labels: Shapes | None = None) -> str | None:
    """The vector-Jacobian rule of `node` for its child number `index`; None: no gradient."""
    if isinstance(node, Binary):
        if node.op == "@":
            if labels is None:
                return MATMUL  # carries gradient, whatever the dimensions
            return OPERATOR_VJPS[_matmul_case(node, labels)][index]
        return OPERATOR_VJPS[node.op][index]
    if isinstance(node, Unary):
        return "g" if node.op == "+" else OPERATOR_VJPS["neg"][0]
    if isinstance(node, Transpose):
        return OPERATOR_VJPS["T"][0]
    if isinstance(node, Call) and node.func in FUNCTIONS:
        vjp = FUNCTIONS[node.func].vjp
        return vjp[index] if index < len(vjp) else None
    return None  # comparisons, literals, grad(...)


def carrying_names(tree: Node) -> set[str]:
    """The names a tree uses where gradient flows (not inside detach, step, sign, a comparison)."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Name):
            found.add(node.id)
            continue
        for index, child in enumerate(children(node)):
            if rule_of(node, index) is not None:
                stack.append(child)
    return found


def _matmul_case(node: Binary, labels: Shapes) -> str:
    a, b = labels(node.left), labels(node.right)
    if a is None or b is None:
        raise CannotDerive
    if len(a) == 2 and len(b) == 1:
        return "@ matrix-vector"
    if len(a) == 1 and len(b) == 2:
        return "@ vector-matrix"
    if len(a) == 1 and len(b) == 1:
        return "@ vector-vector"
    if len(a) >= 2 and len(b) >= 2:
        return "@ matrix-matrix"
    raise CannotDerive


class Deriver:
    """Derives adjoint expressions in one question's environment of shapes.

    `names` holds the shapes of the given and forward names and of the adjoint names (`dz`)
    a reference may use; `adjoints` those written `grad(z)`.
    """

    def __init__(
        self,
        names: Mapping[str, Value],
        dims: Mapping[str, int],
        adjoints: Mapping[str, Value] | None = None,
    ) -> None:
        self.names = names
        self.dims = dims
        self.adjoints = adjoints or {}

    def labels(self, node: Node) -> tuple[str, ...] | None:
        try:
            evaluator = Evaluator(self.names, self.dims, build=False, adjoints=self.adjoints)
            return evaluator.evaluate(node).labels
        except NotationError:
            return None

    def reference(self, target: str, uses: list[tuple[Node, str, Node]]) -> Node:
        """The adjoint of `target`: the sum over `uses` (expression, assigned name, adjoint of
        that name) of what flows back through each expression to `target`."""
        terms = [
            term
            for expr, name, adjoint in uses
            for term in self.through(expr, name, adjoint, target)
        ]
        if not terms:
            raise CannotDerive
        total = terms[0]
        for term in terms[1:]:
            total = Binary(0, "+", total, term)
        return tidy(total, self.labels)

    def through(self, expr: Node, root: str, adjoint: Node, target: str) -> Iterator[Node]:
        """Every term of the adjoint of `target` from one assignment `root = expr`."""
        stack: list[tuple[Node, Node]] = [(expr, adjoint)]
        while stack:
            node, g = stack.pop()
            if isinstance(node, Name):
                if node.id == target:
                    yield g
                continue
            for index, child in enumerate(children(node)):
                if target not in carrying_names(child):
                    continue
                rule = rule_of(node, index, self.labels)
                if rule is None:
                    continue
                child_g = self.instantiate(rule, node, g, expr, root)
                stack.append((child, self.unbroadcast(child_g, child)))

    # --- one rule at one node ------------------------------------------------------------------

    def instantiate(self, rule: str, node: Node, g: Node, expr: Node, root: str) -> Node:
        args = children(node)
        explicit_dim = isinstance(node, Call) and _has_dim(node)
        dim = self._dim(node) if isinstance(node, Call) else None
        out: Node = Name(0, root) if node is expr else node
        places: dict[str, Node] = {"g": g, "out": out}
        places.update(zip(("a", "b"), args, strict=False))
        if dim is not None:
            places["d"] = Num(0, float(dim), str(dim))
        if isinstance(node, Call) and SIGNATURES[node.func].correction:
            places["correction"] = size_node(str(correction_of(node)))

        def build(template: Node) -> Node:
            if isinstance(template, Name):
                return places.get(template.id, template)
            if isinstance(template, Call):
                inner = tuple(build(arg) for arg in template.args)
                if template.func in ALONG_LAST and not explicit_dim and len(inner) == 2:
                    inner = inner[:1]  # softmax(a, d) of softmax(a): the default dimension
                if template.func in MACROS:
                    return self.macro(template.func, inner, node, explicit_dim, dim)
                return replace(template, args=inner)
            if isinstance(template, Binary | Compare):
                return replace(template, left=build(template.left), right=build(template.right))
            if isinstance(template, Unary | Transpose):
                return replace(template, operand=build(template.operand))
            return template

        return build(parse_rule(rule, MACROS))

    def _dim(self, call: Call) -> int | None:
        """The dimension a reduction or softmax works along, counted from the front."""
        if not _has_dim(call):
            if call.func not in ALONG_LAST:
                return None
            labels = self.labels(call.args[0])
            return max(len(labels) - 1, 0) if labels is not None else None
        labels = self.labels(call.args[0])
        try:
            number = Evaluator({}, self.dims, build=False).evaluate(call.args[-1]).const
        except NotationError:
            number = None
        if number is None or labels is None or number != int(number):
            raise CannotDerive
        return int(number) % max(len(labels), 1)

    def macro(
        self, name: str, args: tuple[Node, ...], node: Node, explicit_dim: bool, dim: int | None
    ) -> Node:
        if name in V12_MACROS:
            try:
                return expand(name, args, node, self.labels)
            except NoExpansion:
                raise CannotDerive from None
        x = args[-1]
        labels = self.labels(x)
        if labels is None:
            raise CannotDerive
        if name == "ones_like":
            return filled("ones", labels)
        if name == "eye_like":
            if not labels:
                return Num(0, 1.0, "1")
            if len(labels) == 2 and labels[0] != labels[1]:  # trace of a non-square matrix
                return Call(0, "eye", (size_node(labels[0]), size_node(labels[1])))
            return Call(0, "eye", (size_node(labels[0]),))
        if name == "count":
            sizes = [labels[dim]] if explicit_dim and dim is not None else list(labels)
            product: Node = Num(0, 1.0, "1")
            for label in sizes:
                product = Binary(0, "*", product, size_node(label))
            return product
        if name == "keep":
            if not explicit_dim and len(labels) <= 1:
                return Call(0, "sum", (x,))
            return Call(0, "sum", (x, Num(0, float(dim or 0), str(dim or 0))), keepdim=True)
        if name == "unreduce":
            return self.unreduce(args[0], x, node, explicit_dim, dim)
        if name == "undiag":  # diag(a) of a matrix: g back on the diagonal of a's shape
            square = Call(0, "diag", (args[0],))
            if len(labels) != 2 or labels[0] == labels[1]:
                return square
            eye = Call(0, "eye", (size_node(labels[0]), size_node(labels[1])))
            first, second = (square, eye) if self._wide(x) else (eye, square)
            return Binary(0, "@", first, second)
        raise CannotDerive  # pragma: no cover - a macro without an expansion

    def _wide(self, x: Node) -> bool:
        evaluator = Evaluator(self.names, self.dims, build=False, adjoints=self.adjoints)
        shape = evaluator.evaluate(x).shape
        return shape[0] <= shape[1]

    def unreduce(self, g: Node, x: Node, node: Node, explicit_dim: bool, dim: int | None) -> Node:
        """Spread the adjoint of a reduction of x back over x's shape."""
        labels = self.labels(x)
        if labels is None:
            raise CannotDerive
        ones = filled("ones", labels)
        keepdim = isinstance(node, Call) and node.keepdim
        reduces_one = explicit_dim or (isinstance(node, Call) and node.func == "logsumexp")
        if not reduces_one or keepdim or dim == 0 or not labels:
            return Binary(0, "*", g, ones)  # g broadcasts over x: a scalar, a kept 1, or rows
        if len(labels) == 2 and dim == 1:
            return Call(0, "outer", (g, Call(0, "ones", (size_node(labels[1]),))))
        raise CannotDerive

    def unbroadcast(self, g: Node, child: Node) -> Node:
        """Sum an adjoint over the dimensions broadcasting added to its child's shape."""
        have, want = self.labels(g), self.labels(child)
        if have is None or want is None:
            raise CannotDerive
        if have == want:
            return g
        if not want:
            return Call(0, "sum", (g,))
        while len(have) > len(want):
            g = Call(0, "sum", (g, Num(0, 0.0, "0")))
            have = have[1:]
        for index, (got, wanted) in enumerate(zip(have, want, strict=True)):
            if got != wanted and wanted == "1":
                g = Call(0, "sum", (g, Num(0, float(index), str(index))), keepdim=True)
        if self.labels(g) != want:
            raise CannotDerive
        return g


def _has_dim(call: Call) -> bool:
    signature = SIGNATURES.get(call.func)
    return signature is not None and signature.dim and len(call.args) == 2
