"""Evaluating a parsed expression against an environment of values.

One evaluator serves forward lines, reference answers, mistakes, typed answers and walkthrough
steps. With `build=False` it only computes shapes (no torch needed), which is what the live
preview uses. Every result's size is checked against the limits before it is built (`Builder`).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

from trainer.errors import NotationError
from trainer.messages import closest_hint, listed, msg
from trainer.notation.builder import Builder, number_text
from trainer.notation.functions import FUNCTIONS, Function
from trainer.notation.limits import MAX_EXPONENT, MAX_WORK, ExponentOutOfRange, NumberTooLarge
from trainer.notation.nodes import (
    Binary,
    Call,
    Compare,
    ListLit,
    Name,
    Node,
    Num,
    Transpose,
    Unary,
    render,
)
from trainer.notation.signatures import FUNCTION_NAMES
from trainer.notation.syntax import parse
from trainer.notation.values import Value, constant, shape_text

_PY_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
    ">": operator.gt,
    "<": operator.lt,
    ">=": operator.ge,
    "<=": operator.le,
}

# The vector-Jacobian rule of each operator, in the notation (as `vjp` in functions.py; the
# matrix product's rule depends on the operands' dimensions: see `derive.py`).
OPERATOR_VJPS: dict[str, tuple[str | None, ...]] = {
    "+": ("g", "g"),
    "-": ("g", "-g"),
    "*": ("g * b", "g * a"),
    "/": ("g / b", "-g * a / b^2"),
    "**": ("g * b * a^(b - 1)", "g * out * log(a)"),
    "neg": ("-g",),
    "T": ("g.T",),
    "@ matrix-vector": ("outer(g, b)", "a.T @ g"),
    "@ vector-matrix": ("b @ g", "outer(a, g)"),
    "@ vector-vector": ("g * b", "g * a"),
    "@ matrix-matrix": ("g @ b.T", "a.T @ g"),
}


class Evaluator(Builder):
    """Evaluates trees in one environment of names (given, forward results, dimensions).

    `adjoints` binds `grad(name)` in a walkthrough step; elsewhere `grad` is refused.
    """

    def __init__(
        self,
        names: Mapping[str, Value],
        dims: Mapping[str, int],
        *,
        build: bool = True,
        functions: Mapping[str, Function] = FUNCTIONS,
        adjoints: Mapping[str, Value] | None = None,
        max_work: int = MAX_WORK,
        max_total: int | None = None,
    ) -> None:
        super().__init__(build=build, max_work=max_work, max_total=max_total)
        self.names = names
        self.dims = dims
        self.functions = functions
        self.adjoints = adjoints

    def evaluate_text(self, text: str) -> Value:
        return self.evaluate(parse(text).tree)

    def evaluate(self, node: Node) -> Value:
        method = _DISPATCH.get(type(node))
        if method is None:
            raise NotationError(msg("not_allowed", construct=type(node).__name__), node.column)
        return method(self, node)

    def number(self, node: Num) -> Value:
        return constant(node.value)

    def unary(self, node: Unary) -> Value:
        operand = self.evaluate(node.operand)
        if node.op == "+":
            return operand
        if operand.const is not None:
            return constant(-operand.const)
        return self.result(operand.shape, operand.labels, lambda torch: -operand.tensor)

    def transpose_node(self, node: Transpose) -> Value:
        return self.transpose(self.evaluate(node.operand))

    # --- leaves ------------------------------------------------------------------------------

    def lookup(self, node: Name) -> Value:
        if node.id in self.names:
            value = self.names[node.id]
            if value.classes is not None:  # labels: read by one_hot only (see `call`)
                raise NotationError(
                    msg("index_in_arithmetic", name=node.id, classes=value.classes[0]),
                    node.column,
                )
            return value
        if node.id in self.dims:
            return constant(self.dims[node.id])
        raise self.unknown(node)

    def unknown(self, node: Name) -> NotationError:
        if node.id in FUNCTION_NAMES:
            return NotationError(msg("function_as_name", name=node.id), node.column)
        split = _split_into(node.id, list(self.names))
        if split:
            suggestion = " @ ".join(split)
            return NotationError(
                msg("implicit_product", name=node.id, suggestion=suggestion), node.column
            )
        known = sorted(self.names) + sorted(self.dims)
        return NotationError(
            msg(
                "unknown_name",
                name=node.id,
                closest=closest_hint(node.id, known),
                known=listed(known),
            ),
            node.column,
        )

    def literal(self, node: ListLit) -> Value:
        data = self._literal_data(node)
        shape: list[int] = []
        level: Any = data
        while isinstance(level, list):
            shape.append(len(level))
            level = level[0] if level else None
        self._check_rectangular(data, tuple(shape), node)
        dims = tuple(shape)
        labels = tuple(str(size) for size in dims)
        return self.result(
            dims, labels, lambda torch: torch.tensor(data, dtype=torch.float64), cost=1
        )

    def _literal_data(self, node: Node) -> Any:
        if isinstance(node, ListLit):
            return [self._literal_data(item) for item in node.items]
        value = self.evaluate(node)
        if value.const is None:
            raise NotationError(msg("literal_entries"), node.column)
        return value.const

    @staticmethod
    def _check_rectangular(data: Any, shape: tuple[int, ...], node: Node) -> None:
        if not shape:
            return
        if not isinstance(data, list) or len(data) != shape[0]:
            raise NotationError(msg("ragged"), node.column)
        for item in data:
            if len(shape) == 1:
                if isinstance(item, list):
                    raise NotationError(msg("ragged"), node.column)
            else:
                Evaluator._check_rectangular(item, shape[1:], node)

    # --- operators ---------------------------------------------------------------------------

    def binary(self, node: Binary | Compare) -> Value:
        left = self.evaluate(node.left)
        right = self.evaluate(node.right)
        op = node.op
        if op == "**" and right.const is not None and not _within(right.const, MAX_EXPONENT):
            raise ExponentOutOfRange(number_text(right.const), node.right.column)
        if op == "@":
            return self.matmul(left, right, node)
        if left.const is not None and right.const is not None:
            return constant(_python_arithmetic(op, left.const, right.const, node))
        shape, labels = self.broadcast(left, right, node)
        py_op = _PY_OPS[op]
        if isinstance(node, Compare):
            return self.result(
                shape,
                labels,
                lambda torch: py_op(self.as_tensor(left), right.operand).to(torch.float64),
            )
        return self.result(shape, labels, lambda torch: py_op(left.operand, right.operand))

    def broadcast(self, a: Value, b: Value, node: Node) -> tuple[tuple[int, ...], tuple[str, ...]]:
        op = node.op if isinstance(node, Binary | Compare) else "@"
        return broadcast_shapes(a, b, op, node.column)

    def matmul(self, a: Value, b: Value, node: Node) -> Value:
        if a.ndim == 0 or b.ndim == 0:
            raise NotationError(
                msg("matmul_scalar", left=shape_text(a.labels), right=shape_text(b.labels)),
                node.column,
            )
        inner_a = a.shape[-1]
        inner_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
        if inner_a != inner_b:
            fix = _transposed_fit(a, b, inner_a, inner_b, node)
            raise NotationError(
                msg(
                    "matmul_inner",
                    left=shape_text(a.labels),
                    right=shape_text(b.labels),
                    fix=msg("matmul_fix", name=fix) if fix else "",
                ),
                node.column,
            )
        batch_a = Value(a.shape[:-2], a.labels[:-2])
        batch_b = Value(b.shape[:-2], b.labels[:-2])
        batch_shape, batch_labels = self.broadcast(batch_a, batch_b, node)
        shape = batch_shape + a.shape[-2:-1] + b.shape[-1:] * (b.ndim > 1)
        labels = batch_labels + a.labels[-2:-1] + b.labels[-1:] * (b.ndim > 1)
        cost = max(1, math.prod(shape)) * inner_a
        return self.result(shape, labels, lambda torch: a.tensor @ b.tensor, cost=cost)

    def transpose(self, x: Value) -> Value:
        if x.ndim < 2:
            return x
        shape = (*x.shape[:-2], x.shape[-1], x.shape[-2])
        labels = (*x.labels[:-2], x.labels[-1], x.labels[-2])
        return self.result(shape, labels, lambda torch: x.tensor.transpose(-1, -2), cost=1)

    def call(self, node: Call) -> Value:
        if node.func == "grad":
            return self.adjoint(node)
        args = [self.evaluate(arg) for arg in node.args[int(node.func == "one_hot") :]]
        if node.func == "one_hot":  # the one place an index tensor may be read
            args.insert(0, self.labels_of(node.args[0]))
        read = 0
        for arg in args:  # every input is read
            read += math.prod(arg.shape)
        self.charge(read)
        return self.apply(node, args)

    def labels_of(self, node: Node) -> Value:
        """one_hot's first argument: an index tensor by its name (anything else is evaluated,
        and one_hot says it is no index tensor)."""
        if isinstance(node, Name) and node.id in self.names:
            return self.names[node.id]
        return self.evaluate(node)

    def apply(self, node: Call, args: list[Value]) -> Value:
        return self.functions[node.func].apply(self, node, args)

    def adjoint(self, node: Call) -> Value:
        """grad(name): the adjoint of a node already stepped in a walkthrough."""
        (arg,) = node.args
        name = arg.id if isinstance(arg, Name) else render(arg)
        if self.adjoints is None:
            raise NotationError(msg("grad_outside_walkthrough"), node.column)
        if not isinstance(arg, Name) or arg.id not in self.adjoints:
            known = ", ".join(f"grad({n})" for n in self.adjoints) or "none"
            raise NotationError(msg("grad_unknown", name=name, known=known), node.column)
        return self.adjoints[arg.id]


def broadcast_shapes(
    a: Value, b: Value, op: str, column: int | None = None
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """PyTorch's broadcasting, on shapes and their dimension labels."""
    if not b.shape:  # a number or a scalar: the other shape, as it is
        return a.shape, a.labels
    if not a.shape:
        return b.shape, b.labels
    if a.shape == b.shape and a.labels == b.labels:
        return a.shape, a.labels
    shape: list[int] = []
    labels: list[str] = []
    for i in range(1, max(a.ndim, b.ndim) + 1):
        sa, la = (a.shape[-i], a.labels[-i]) if i <= a.ndim else (1, "1")
        sb, lb = (b.shape[-i], b.labels[-i]) if i <= b.ndim else (1, "1")
        if sa != sb and 1 not in (sa, sb):
            raise NotationError(
                msg("broadcast", op=op, left=shape_text(a.labels), right=shape_text(b.labels)),
                column,
            )
        if (sa == 1 and sb != 1) or (sa == sb and la.isdigit() and not lb.isdigit()):
            sa, la = sb, lb
        shape.insert(0, sa)
        labels.insert(0, la)
    return tuple(shape), tuple(labels)


_DISPATCH: dict[type, Callable[[Evaluator, Any], Value]] = {
    Num: Evaluator.number,
    Name: Evaluator.lookup,
    Binary: Evaluator.binary,
    Compare: Evaluator.binary,
    Unary: Evaluator.unary,
    Call: Evaluator.call,
    Transpose: Evaluator.transpose_node,
    ListLit: Evaluator.literal,
}


def _within(number: float, bound: float) -> bool:
    return math.isfinite(number) and -bound <= number <= bound


def _python_arithmetic(op: str, a: float, b: float, node: Node) -> float:
    """Number-with-number arithmetic, with IEEE results instead of Python's exceptions."""
    try:
        result = math.pow(a, b) if op == "**" else _PY_OPS[op](a, b)
    except ZeroDivisionError:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
    except OverflowError:
        raise NumberTooLarge(node.column) from None
    except ValueError:
        return math.nan
    return float(result)


def _split_into(word: str, names: list[str]) -> list[str] | None:
    """Split `Wx` into known names ["W", "x"] (two or more), so `W @ x` can be suggested.

    Dynamic programming over the positions of the word: linear in its length, never
    recursive, so a 1,000-letter name costs nothing.
    """
    known = {n for n in names if n}
    if len(word) > 64 or not known:
        return None
    longest = max(map(len, known))
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - longest), end):
            previous = best[start]
            if previous is not None and word[start:end] in known:
                best[end] = [*previous, word[start:end]]
                break
    parts = best[-1]
    return parts if parts and len(parts) >= 2 else None


def _transposed_fit(a: Value, b: Value, inner_a: int, inner_b: int, node: Node) -> str | None:
    """The named factor of a mismatched `@` whose transpose would fit (`W2 @ do` for a (q, k)
    W2 and a (q,) do): the slip the trainer exists for, worth naming even when invalid."""
    if not isinstance(node, Binary):
        return None
    if isinstance(node.left, Name) and a.ndim >= 2 and a.shape[-2] == inner_b:
        return node.left.id
    if isinstance(node.right, Name) and b.ndim >= 2 and b.shape[-1] == inner_a:
        return node.right.id
    return None


__all__ = ["OPERATOR_VJPS", "Evaluator", "broadcast_shapes"]
