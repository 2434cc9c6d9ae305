"""Building results under the limits: what the evaluator and every function of the table share.

A result's shape is known before its tensor is built, so every bound (dimensions, the size of
each dimension, elements, the running work estimate) is checked first and nothing oversized is
ever allocated. With `build=False` only shapes are computed: the live preview needs no torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from trainer.errors import NotationError
from trainer.messages import msg
from trainer.notation.limits import (
    MAX_DIMS,
    MAX_ELEMENTS,
    MAX_SIZE,
    MAX_WORK,
    SizeTooLarge,
    TooManyDims,
    TooManyElements,
    TooMuchWork,
)
from trainer.notation.values import Value, shape_text

_torch: Any = None


def torch_module() -> Any:
    """torch, imported on first use (importing it takes over a second)."""
    global _torch
    if _torch is None:
        import torch

        _torch = torch
    return _torch


class Builder:
    """Checks each result against the limits, counts the work, and builds it when building.

    `max_work` bounds the multiply-adds of everything this builder makes; `max_total` (when set)
    bounds the elements of all its results together, which is how a question's forward pass
    is kept to a size that autograd can hold.
    """

    def __init__(
        self, *, build: bool = True, max_work: int = MAX_WORK, max_total: int | None = None
    ) -> None:
        self.build = build
        self.max_work = max_work
        self.max_total = max_total
        self.work = 0
        self.total = 0

    def charge(self, cost: int) -> None:
        self.work += cost
        if self.work > self.max_work:
            raise TooMuchWork(self.max_work)

    def result(
        self,
        shape: tuple[int, ...],
        labels: tuple[str, ...],
        make: Callable[[Any], Any],
        cost: int | None = None,
    ) -> Value:
        """Check a result's limits, then build it (when building)."""
        if len(shape) > MAX_DIMS:
            raise TooManyDims(len(shape))
        count = math.prod(shape)
        if count > MAX_ELEMENTS:
            raise TooManyElements(count)
        if count == 0:  # otherwise no side can exceed the element limit: only an empty tensor
            for size in shape:  # may have a huge side
                if size > MAX_SIZE:
                    raise SizeTooLarge(size)
        if self.max_total is not None:
            self.total += count
            if self.total > self.max_total:
                raise TooManyElements(self.total, self.max_total)
        self.work += count if cost is None else cost  # charge(), inlined: this is the hot path
        if self.work > self.max_work:
            raise TooMuchWork(self.max_work)
        if not self.build:
            return Value(shape, labels)
        try:
            tensor = make(_torch if _torch is not None else torch_module())
        except (RuntimeError, ValueError, TypeError, IndexError) as error:
            reason = error_reason(error)
            raise NotationError(msg("cannot_evaluate", what="the answer", reason=reason)) from None
        return Value(shape, labels, tensor)

    def as_tensor(self, value: Value) -> Any:
        if value.const is None:
            return value.tensor
        torch = torch_module()
        return torch.tensor(value.const, dtype=torch.float64)

    def whole_number(self, value: Value, name: str, key: str, low: int | None = None) -> int:
        number = value.const
        if number is None or not math.isfinite(number) or number != int(number):
            shown = number_text(number) if number is not None else shape_text(value.labels)
            raise NotationError(msg(key, name=name, value=shown))
        if low is not None and number < low:
            raise NotationError(msg(key, name=name, value=number_text(number)))
        return int(number)


def error_reason(error: BaseException) -> str:
    """The first line of what torch said, cut short: enough to say why, never a dump."""
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else ""


def number_text(number: float) -> str:
    return str(int(number)) if math.isfinite(number) and number == int(number) else repr(number)
