"""What an expression evaluates to: a shape with dimension labels, and (when built) a tensor."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Value:
    """A tensor value, or a plain number known without torch (`const`).

    `labels` name each size in the question's dimension names ("m", "n") or as digits ("3"),
    so that shapes and errors read in the learner's terms. `tensor` is None when only shapes
    are computed (the live preview before torch has loaded). An index tensor (class labels,
    format v1.2) has `classes` and integer entries; it may only be read by one_hot. Treat it
    as immutable (not frozen
    only because frozen dataclasses are slow to build, and grading builds many).
    """

    shape: tuple[int, ...]
    labels: tuple[str, ...]
    tensor: Any = None
    const: float | None = None
    classes: tuple[str, int] | None = None  # an index tensor: its class count (label, size)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def operand(self) -> Any:
        """What to hand torch: the tensor, or the number itself."""
        return self.const if self.const is not None else self.tensor


def constant(number: float) -> Value:
    return Value((), (), None, float(number))


def shape_text(labels: tuple[str, ...] | list[str]) -> str:
    """(m, n), (n,) or () — the one way shapes are written back to the learner."""
    if len(labels) == 1:
        return f"({labels[0]},)"
    return "(" + ", ".join(labels) + ")"


def sizes_of(labels: Sequence[str], dims: Mapping[str, int]) -> tuple[int, ...]:
    """A shape written in dimension names, integers and their products (`m*n`, format v1.2),
    at one trial's sizes."""
    return tuple(size_of(label, dims) for label in labels)


def size_of(label: str, dims: Mapping[str, int]) -> int:
    if label.isdigit():
        return int(label)
    if "*" in label:
        return math.prod(size_of(factor, dims) for factor in label.split("*"))
    return dims[label]


def product_label(left: str, right: str) -> str:
    """The label of a product dimension (`m*p` of kron and vec); a size 1 leaves the other."""
    if left == "1" or right == "1":
        return right if left == "1" else left
    if left.isdigit() and right.isdigit():
        return str(int(left) * int(right))
    return f"{left}*{right}"
