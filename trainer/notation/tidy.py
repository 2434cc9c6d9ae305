"""Tidying a derived expression: what a person would write instead of what the rules produce.

No `* 1` or `+ 0`, no double transposes or transposes of vectors, numbers folded, `ones(...)`
dropped where the other factor already has its shape, `t + t` as `2 * t`. Rewrites that depend
on shapes ask `labels`; every rewrite keeps the value and the shape of the expression.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from trainer.notation.nodes import (
    Binary,
    Call,
    Compare,
    ListLit,
    Node,
    Num,
    Transpose,
    Unary,
    children,
    render,
)

Shapes = Callable[[Node], tuple[str, ...] | None]

# The largest tree tidied: its rewrites recurse once a level and ask `labels` (a walk of the
# subtree) at each node, so a bigger one would cost the square of its size and Python's stack.
# A reference that long could not be typed as an answer anyway (its MAX_LENGTH).
MAX_TIDY_NODES = 600
MAX_TIDY_DEPTH = 150


class TooLargeToTidy(Exception):
    """A tree past the bounds above: it is not tidied (nor written out as a reference)."""


def within_tidy_bounds(node: Node) -> bool:
    """Counted without recursion, so any tree may be asked."""
    count, stack = 0, [(node, 1)]
    while stack:
        each, depth = stack.pop()
        count += 1
        if count > MAX_TIDY_NODES or depth > MAX_TIDY_DEPTH:
            return False
        stack.extend((child, depth + 1) for child in children(each))
    return True


def tidy(node: Node, labels: Shapes) -> Node:
    """Simplify bottom-up until nothing changes (each pass only shrinks the tree); raises
    TooLargeToTidy past the bounds."""
    if not within_tidy_bounds(node):
        raise TooLargeToTidy
    for _ in range(8):
        tidied = _tidy(node, labels)
        if render(tidied) == render(node):
            return tidied
        node = tidied
    return node


def _number(node: Node) -> float | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Unary) and node.op == "-" and isinstance(node.operand, Num):
        return -node.operand.value
    return None


def _num(value: float) -> Node:
    text = str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)
    if value < 0:
        return Unary(0, "-", _num(-value))
    return Num(0, value, text)


def _tidy(node: Node, labels: Shapes) -> Node:
    if isinstance(node, Binary):
        return _binary(
            replace(node, left=_tidy(node.left, labels), right=_tidy(node.right, labels)), labels
        )
    if isinstance(node, Unary):
        operand = _tidy(node.operand, labels)
        if node.op == "+":
            return operand
        if isinstance(operand, Unary) and operand.op == "-":
            return operand.operand
        return replace(node, operand=operand)
    if isinstance(node, Transpose):
        operand = _tidy(node.operand, labels)
        if isinstance(operand, Transpose):
            return operand.operand
        if isinstance(operand, Binary) and operand.op == "@" and _matrices(operand, labels):
            flipped = Binary(0, "@", Transpose(0, operand.right), Transpose(0, operand.left))
            return _tidy(flipped, labels)  # (A @ B).T is B.T @ A.T
        shape = labels(operand)
        if shape is not None and len(shape) < 2:
            return operand
        if isinstance(operand, Call) and operand.func == "eye" and len(operand.args) == 1:
            return operand  # eye(n).T is eye(n)
        return replace(node, operand=operand)
    if isinstance(node, Call):
        args = tuple(_tidy(arg, labels) for arg in node.args)
        call = replace(node, args=args)
        if call.func == "sum" and len(args) == 1 and labels(args[0]) == ():
            return args[0]
        sides = [arg for arg in args if isinstance(arg, Call) and arg.func == "ones"]
        if call.func == "outer" and len(sides) == 2 and all(len(side.args) == 1 for side in sides):
            return Call(0, "ones", (sides[0].args[0], sides[1].args[0]))
        if call.func in ("sum", "mean") and isinstance(args[0], Unary) and args[0].op == "-":
            return Unary(0, "-", replace(call, args=(args[0].operand, *args[1:])))
        return call
    if isinstance(node, Compare):
        return replace(node, left=_tidy(node.left, labels), right=_tidy(node.right, labels))
    if isinstance(node, ListLit):
        return replace(node, items=tuple(_tidy(item, labels) for item in node.items))
    return node


def _binary(node: Binary, labels: Shapes) -> Node:
    a, b, op = node.left, node.right, node.op
    x, y = _number(a), _number(b)
    if x is not None and y is not None and op in "+-*/":
        if op == "/" and y == 0:
            return node
        return _num({"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else 0.0}[op])
    same_shape = labels(node)
    if op == "**" and y == 1:
        return a
    if op == "@" and _is_eye(b) and labels(a) == same_shape:
        return a
    if op == "@" and _is_eye(a) and labels(b) == same_shape:
        return b
    if op == "*" and isinstance(b, Unary) and b.op == "-":
        return Unary(0, "-", _binary(replace(node, right=b.operand), labels))
    if op == "*" and x is not None and isinstance(b, Binary) and b.op in "*/":
        inner = _number(b.left)
        if inner is not None and b.op == "*":  # 2 * (0.5 * o) is o
            return _binary(Binary(0, "*", _num(x * inner), b.right), labels)
    if op == "*":
        a = _drop_ones(a, b, same_shape, labels)  # then b beside what is left of a, so
        b = _drop_ones(b, a, same_shape, labels)  # ones * ones keeps one of them
        node = replace(node, left=a, right=b)
    if op == "*":
        if x == 1 and labels(b) == same_shape:
            return b
        if y == 1 and labels(a) == same_shape:
            return a
        if x == -1 and labels(b) == same_shape:
            return Unary(0, "-", b)
        if _is_ones(a) and labels(b) == same_shape:
            return b
        if _is_ones(b) and labels(a) == same_shape:
            return a
    if op == "/" and y == 1 and labels(a) == same_shape:
        return a
    if op == "/" and isinstance(a, Call) and a.func == "sum" and len(a.args) == 2:
        mean = _as_mean(a, b, labels)
        if mean is not None:
            return mean
    if op == "/" and isinstance(a, Unary) and a.op == "-":
        return Unary(0, "-", _binary(replace(node, left=a.operand), labels))
    if op == "*" and isinstance(a, Unary) and a.op == "-" and not isinstance(a.operand, Num):
        return Unary(0, "-", _binary(replace(node, left=a.operand), labels))
    if op in "+-" and y == 0 and labels(a) == same_shape:
        return a
    if op == "+" and x == 0 and labels(b) == same_shape:
        return b
    if op == "-" and x == 0 and labels(b) == same_shape:
        return Unary(0, "-", b)
    if op in "+-":
        a = _drop_ones(a, b, same_shape, labels)  # then b beside what is left of a, so
        b = _drop_ones(b, a, same_shape, labels)  # ones * ones keeps one of them
        node = replace(node, left=a, right=b)
    if op == "+" and isinstance(a, Unary) and a.op == "-":
        return Binary(0, "-", b, a.operand)
    if op == "+" and render(a) == render(b):
        return Binary(0, "*", Num(0, 2.0, "2"), a)
    if op == "+" and isinstance(b, Unary) and b.op == "-":
        return Binary(0, "-", a, b.operand)
    if op == "-" and isinstance(b, Unary) and b.op == "-":
        return Binary(0, "+", a, b.operand)
    return node


def _is_ones(node: Node) -> bool:
    return isinstance(node, Call) and node.func == "ones"


def _is_eye(node: Node) -> bool:
    return isinstance(node, Call) and node.func == "eye"


def _as_mean(total: Call, divisor: Node, labels: Shapes) -> Node | None:
    """sum(x, d) / n is mean(x, d) when n is the size of dimension d."""
    shape, dim = labels(total.args[0]), total.args[1]
    if shape is None or not isinstance(dim, Num):
        return None
    size = shape[int(dim.value)] if int(dim.value) < len(shape) else None
    if render(divisor) == size:
        return replace(total, func="mean")
    return None


def _drop_ones(side: Node, other: Node, shape: tuple[str, ...] | None, labels: Shapes) -> Node:
    """Beside a term of the result's shape, `t * ones(...)` is `t`: broadcasting does the rest
    (in a sum or an elementwise product alike)."""
    if shape is None or labels(other) != shape:
        return side
    if _is_ones(side):
        return Num(0, 1.0, "1")
    if isinstance(side, Binary) and side.op == "*":
        left, right = side.left, side.right
        return replace(
            side,
            left=_drop_ones(left, other, shape, labels),
            right=_drop_ones(right, other, shape, labels),
        )
    if isinstance(side, Binary) and side.op == "/":
        return replace(side, left=_drop_ones(side.left, other, shape, labels))
    if isinstance(side, Unary):
        return replace(side, operand=_drop_ones(side.operand, other, shape, labels))
    return side


def _matrices(product: Binary, labels: Shapes) -> bool:
    left, right = labels(product.left), labels(product.right)
    return left is not None and right is not None and len(left) == len(right) == 2
