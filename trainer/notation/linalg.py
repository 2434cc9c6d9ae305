"""Linear algebra of format v1.2: solve, kron, vec, tril and triu, each with its shape rule
(product dimensions `m*p` for kron and vec), torch operation, work estimate and
vector-Jacobian rule.

The rules use macros that `derive_v12.py` expands into the notation (it has no reshape, so a
block sum is written with kron of ones and eye): `times_t(u, v)` is `u @ v.T` (an outer product
for vectors), `block_sums(h)` sums each (p, q) block of h into an (m, n) matrix, `block_total(h)`
adds the (p, q) blocks up, and `unvec(g, a)` stacks a vector back into a's columns.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from trainer.errors import NotationError
from trainer.messages import msg
from trainer.notation.arguments import cubic, needs
from trainer.notation.builder import Builder
from trainer.notation.nodes import Call
from trainer.notation.values import Value, product_label, shape_text

Apply = Callable[[Builder, Call, list[Value]], Value]


def _solve(b: Builder, call: Call, args: list[Value]) -> Value:
    """X with A @ X = B, without forming inv(A): B a vector (of one square A) or a matrix (of a
    square A, batched alike)."""
    a, rhs = args
    work = cubic(a, call)
    side = a.shape[-1]
    vector = rhs.ndim == 1 and a.ndim == 2 and rhs.shape[0] == side
    matrix = rhs.ndim == a.ndim and rhs.shape[:-2] == a.shape[:-2] and rhs.shape[-2] == side
    if not (vector or matrix):
        raise NotationError(
            msg("solve_sizes", left=shape_text(a.labels), right=shape_text(rhs.labels)),
            call.column,
        )
    columns = 1 if vector else rhs.shape[-1]
    work += math.prod(a.shape[:-2]) * side * side * columns
    return b.result(
        rhs.shape, rhs.labels, lambda torch: torch.linalg.solve(a.tensor, rhs.tensor), cost=work
    )


def _kron(b: Builder, call: Call, args: list[Value]) -> Value:
    """The Kronecker product of two vectors or two matrices: sizes multiply, m*p by n*q."""
    x, y = args
    if x.ndim not in (1, 2) or x.ndim != y.ndim:
        raise NotationError(
            msg("kron_shapes", left=shape_text(x.labels), right=shape_text(y.labels)), call.column
        )
    shape = tuple(p * q for p, q in zip(x.shape, y.shape, strict=True))
    labels = tuple(product_label(p, q) for p, q in zip(x.labels, y.labels, strict=True))
    return b.result(shape, labels, lambda torch: torch.kron(x.tensor, y.tensor))


def _vec(b: Builder, call: Call, args: list[Value]) -> Value:
    """The columns of a matrix stacked into one vector (column-major), of size m*n."""
    (x,) = args
    needs(call, x, (2,), "needs_matrix")
    shape = (x.shape[0] * x.shape[1],)
    labels = (product_label(x.labels[0], x.labels[1]),)
    return b.result(shape, labels, lambda torch: x.tensor.t().reshape(-1))


def _triangle(op: str) -> Apply:
    def apply(b: Builder, call: Call, args: list[Value]) -> Value:
        (x,) = args
        if x.ndim < 2:
            raise NotationError(
                msg("needs_matrix", name=call.func, shape=shape_text(x.labels)), call.column
            )
        return b.result(x.shape, x.labels, lambda torch: getattr(torch, op)(x.tensor))

    return apply


# name → (shape rule and operation, the rule for each argument)
LINALG: dict[str, tuple[Apply, tuple[str | None, ...]]] = {
    "solve": (_solve, ("-times_t(solve(a.T, g), out)", "solve(a.T, g)")),
    "kron": (
        _kron,
        ("block_sums(g * kron(ones_like(a), b))", "block_total(g * kron(a, ones_like(b)))"),
    ),
    "vec": (_vec, ("unvec(g, a)",)),
    "tril": (_triangle("tril"), ("tril(g)",)),
    "triu": (_triangle("triu"), ("triu(g)",)),
}
