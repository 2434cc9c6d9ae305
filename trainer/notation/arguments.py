"""Checking a function's arguments, for every function table of the notation: a dimension
within the tensor, the shape a reduction leaves, a vector, a matrix or a square one where one is
needed, each refused with a message in the question's dimension names."""

from __future__ import annotations

import re

from trainer.errors import NotationError
from trainer.messages import msg
from trainer.notation.builder import Builder
from trainer.notation.nodes import Binary, Call, Name, Node, Num, render
from trainer.notation.values import Value, shape_text


def dim_index(b: Builder, call: Call, x: Value, dim: Value) -> int:
    """A reduction's dimension, checked against the tensor (negative counts from the end)."""
    index = b.whole_number(dim, call.func, "dim_argument")
    if not -x.ndim <= index < x.ndim:
        raise NotationError(
            msg("reduce_dim", name=call.func, dim=index, shape=shape_text(x.labels)), call.column
        )
    return index % x.ndim


def reduced(x: Value, dim: int, keepdim: bool) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The shape (and labels) after reducing `dim`: dropped, or kept with size 1."""
    if keepdim:
        return (*x.shape[:dim], 1, *x.shape[dim + 1 :]), (
            *x.labels[:dim],
            "1",
            *x.labels[dim + 1 :],
        )
    return x.shape[:dim] + x.shape[dim + 1 :], x.labels[:dim] + x.labels[dim + 1 :]


def keepdim_needs_dim(call: Call, args: list[Value]) -> None:
    if call.keepdim and len(args) < 2:
        raise NotationError(msg("keepdim_needs_dim", name=call.func), call.column)


def size_label(node: Node) -> str:
    """How a size argument labels its dimension: `n`, `3`, a product `m*n` as shapes write it."""
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Binary) and node.op == "*":
        left, right = size_label(node.left), size_label(node.right)
        if _SIZE.fullmatch(left) and _SIZE.fullmatch(right):
            return f"{left}*{right}"
    return render(node)


_SIZE = re.compile(r"\w+(\*\w+)*")


def needs(call: Call, x: Value, ndims: tuple[int, ...], key: str) -> None:
    if x.ndim not in ndims:
        raise NotationError(msg(key, name=call.func, shape=shape_text(x.labels)), call.column)


def cubic(x: Value, call: Call) -> int:
    """The work of a square (batch of) matrix operation: n³ for every matrix of the batch."""
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise NotationError(
            msg("needs_square", name=call.func, shape=shape_text(x.labels)), call.column
        )
    batch = 1
    for size in x.shape[:-2]:
        batch *= size
    return batch * x.shape[-1] ** 3
