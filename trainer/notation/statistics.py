"""Reductions of format v1.2: max and min along a dimension (the values), var and std with a
correction, each with its shape rule, torch operation and vector-Jacobian rule.

The rules use the macros of `derive.py` and two more places: `out` (the result) and
`correction` (0 or 1). max and min send the adjoint to the maximal (minimal) entries, split
evenly among ties, as PyTorch's amax and amin do: `a >= out` spread back over a marks them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from trainer.errors import NotationError
from trainer.messages import msg
from trainer.notation.arguments import dim_index, reduced
from trainer.notation.builder import Builder
from trainer.notation.nodes import Call
from trainer.notation.values import Value, shape_text

Apply = Callable[[Builder, Call, list[Value]], Value]


def _extreme(op: str) -> Apply:
    """max and min along a dimension: torch.amax / torch.amin (the values, ties split)."""

    def apply(b: Builder, call: Call, args: list[Value]) -> Value:
        x, dim_value = args
        if x.const is not None or dim_value.const is None:
            raise NotationError(msg("extreme_of_two", name=call.func), call.column)
        dim = dim_index(b, call, x, dim_value)
        shape, labels = reduced(x, dim, call.keepdim)
        keep = call.keepdim
        return b.result(
            shape, labels, lambda torch: getattr(torch, op)(x.tensor, dim=dim, keepdim=keep)
        )

    return apply


def correction_of(call: Call) -> int:
    """The correction of a var or std call (1, Bessel's, unless written correction=0)."""
    return 1 if call.correction is None else call.correction


def _spread(op: str) -> Apply:
    """var and std along a dimension, dividing by (entries - correction)."""

    def apply(b: Builder, call: Call, args: list[Value]) -> Value:
        x, dim_value = args
        dim = dim_index(b, call, x, dim_value)
        correction = correction_of(call)
        if x.shape[dim] <= correction:
            raise NotationError(
                msg(
                    "spread_entries",
                    name=call.func,
                    dim=dim,
                    shape=shape_text(x.labels),
                    correction=correction,
                ),
                call.column,
            )
        shape, labels = reduced(x, dim, call.keepdim)
        keep = call.keepdim

        def make(torch: Any) -> Any:
            return getattr(torch, op)(x.tensor, dim=dim, correction=correction, keepdim=keep)

        return b.result(shape, labels, make, cost=3 * max(1, math.prod(x.shape)))

    return apply


_MASK = "(a >= unreduce(out, a))"
_MIN_MASK = "(a <= unreduce(out, a))"
_CENTRED = "(a - mean(a, d, keepdim=True))"

# name → (shape rule and operation, the rule for each argument; the dimension takes none)
STATISTICS: dict[str, tuple[Apply, tuple[str | None, ...]]] = {
    "max": (_extreme("amax"), (f"unreduce(g, a) * {_MASK} / keep{_MASK}", None)),
    "min": (_extreme("amin"), (f"unreduce(g, a) * {_MIN_MASK} / keep{_MIN_MASK}", None)),
    "var": (_spread("var"), (f"unreduce(g, a) * 2 * {_CENTRED} / (count(a) - correction)", None)),
    "std": (_spread("std"), (f"unreduce(g / out, a) * {_CENTRED} / (count(a) - correction)", None)),
}
