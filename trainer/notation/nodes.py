"""The expression tree of the notation: plain data, no Python objects reachable from it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

# Binding strength, loosest first; used to print the normalised text with the fewest brackets.
PREC_COMPARE, PREC_SUM, PREC_PRODUCT, PREC_UNARY, PREC_POWER, PREC_ATOM = range(1, 7)


@dataclass(frozen=True)
class Node:
    column: int  # 1-based column of the node in the text as typed


@dataclass(frozen=True)
class Num(Node):
    value: float
    text: str


@dataclass(frozen=True)
class Name(Node):
    id: str


@dataclass(frozen=True)
class ListLit(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "-" or "+"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # one of + - * / @ **
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare(Node):
    op: str  # one of > < >= <=
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]
    keepdim: bool = False  # sum(X, 1, keepdim=True)
    correction: int | None = None  # var(X, 1, correction=0); None: the default, 1


@dataclass(frozen=True)
class Transpose(Node):
    operand: Node


def precedence(node: Node) -> int:
    if isinstance(node, Compare):
        return PREC_COMPARE
    if isinstance(node, Binary):
        return {"+": PREC_SUM, "-": PREC_SUM, "**": PREC_POWER}.get(node.op, PREC_PRODUCT)
    if isinstance(node, Unary):
        return PREC_UNARY
    return PREC_ATOM


def render(node: Node) -> str:
    """The normalised text of a tree: one spelling for every way of typing it."""
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Name):
        return node.id
    if isinstance(node, ListLit):
        return "[" + ", ".join(render(item) for item in node.items) + "]"
    if isinstance(node, Unary):
        return node.op + _wrap(node.operand, PREC_UNARY)
    if isinstance(node, Binary):
        if node.op == "**":
            return _wrap(node.left, PREC_ATOM) + "**" + _wrap(node.right, PREC_UNARY)
        level = precedence(node)
        return f"{_wrap(node.left, level)} {node.op} {_wrap(node.right, level + 1)}"
    if isinstance(node, Compare):
        return f"{_wrap(node.left, PREC_SUM)} {node.op} {_wrap(node.right, PREC_SUM)}"
    if isinstance(node, Call):
        args = [render(arg) for arg in node.args] + ["keepdim=True"] * node.keepdim
        if node.correction is not None:
            args.append(f"correction={node.correction}")
        return node.func + "(" + ", ".join(args) + ")"
    if isinstance(node, Transpose):
        operand = render(node.operand)
        if precedence(node.operand) < PREC_ATOM or isinstance(node.operand, Num):
            operand = f"({operand})"  # (2).T: a bare 2.T would read as a number
        return operand + ".T"
    raise TypeError(node)


def _wrap(node: Node, level: int) -> str:
    text = render(node)
    return f"({text})" if precedence(node) < level else text


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, parents first."""
    yield node
    for child in children(node):
        yield from walk(child)


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, ListLit):
        return node.items
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Unary | Transpose):
        return (node.operand,)
    if isinstance(node, Binary | Compare):
        return (node.left, node.right)
    return ()


def map_tree(node: Node, change: Callable[[Node], Node]) -> Node:
    """The tree rebuilt bottom-up, each node passed through `change` (which may return it)."""
    if isinstance(node, ListLit):
        node = replace(node, items=tuple(map_tree(item, change) for item in node.items))
    elif isinstance(node, Call):
        node = replace(node, args=tuple(map_tree(arg, change) for arg in node.args))
    elif isinstance(node, Unary | Transpose):
        node = replace(node, operand=map_tree(node.operand, change))
    elif isinstance(node, Binary | Compare):
        node = replace(node, left=map_tree(node.left, change), right=map_tree(node.right, change))
    return change(node)
