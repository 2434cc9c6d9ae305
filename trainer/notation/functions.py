"""The function table of the notation: each entry's shape rule, torch operation and derivative.

The shape rule runs first and always (it gives errors in dimension names and lets limits be
checked before anything is built); the torch operation runs only when the builder builds
tensors. `vjp` is each argument's vector-Jacobian rule written in the notation itself (`g` is
the adjoint of the result, `a` and `b` the arguments, `out` the result, `d` the dimension; see
`derive.py` for the few macros), so adding a function means adding its rule next to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trainer.errors import NotationError
from trainer.messages import msg
from trainer.notation.arguments import (
    cubic,
    dim_index,
    keepdim_needs_dim,
    needs,
    reduced,
    size_label,
)
from trainer.notation.builder import Builder
from trainer.notation.linalg import LINALG
from trainer.notation.nodes import Call
from trainer.notation.one_hot import one_hot
from trainer.notation.signatures import SIGNATURES
from trainer.notation.statistics import STATISTICS
from trainer.notation.values import Value, shape_text

Apply = Callable[[Builder, Call, list[Value]], Value]


@dataclass(frozen=True)
class Function:
    apply: Apply
    vjp: tuple[str | None, ...] = ()  # one rule per argument; None: no gradient flows there


def _elementwise(op: Callable[[Any, Any], Any]) -> Apply:
    def apply(b: Builder, call: Call, args: list[Value]) -> Value:
        (x,) = args
        return b.result(x.shape, x.labels, lambda torch: op(torch, b.as_tensor(x)))

    return apply


def _reduction(op: str) -> Apply:
    def apply(b: Builder, call: Call, args: list[Value]) -> Value:
        keepdim_needs_dim(call, args)
        x = args[0]
        if len(args) == 1:
            return b.result((), (), lambda torch: getattr(b.as_tensor(x), op)())
        dim = dim_index(b, call, x, args[1])
        shape, labels = reduced(x, dim, call.keepdim)
        keep = call.keepdim
        return b.result(shape, labels, lambda torch: getattr(x.tensor, op)(dim=dim, keepdim=keep))

    return apply


def _along(op: str) -> Apply:
    """softmax, log_softmax and logsumexp along a dimension (default: the last)."""

    def apply(b: Builder, call: Call, args: list[Value]) -> Value:
        keepdim_needs_dim(call, args)
        x = args[0]
        dim = dim_index(b, call, x, args[1]) if len(args) == 2 else max(x.ndim - 1, 0)
        if op == "logsumexp" and x.ndim:
            shape, labels = reduced(x, dim, call.keepdim)
        else:
            shape, labels = x.shape, x.labels
        keep = call.keepdim

        def make(torch: Any) -> Any:
            tensor = b.as_tensor(x)
            if op == "logsumexp":
                return torch.logsumexp(tensor, dim if x.ndim else -1, keepdim=keep and bool(x.ndim))
            return getattr(torch, op)(tensor, dim if x.ndim else -1)

        return b.result(shape, labels, make)

    return apply


def _filled(fill: str) -> Apply:
    def apply(b: Builder, call: Call, args: list[Value]) -> Value:
        sizes = tuple(b.whole_number(arg, call.func, "size_argument", 0) for arg in args)
        labels = tuple(size_label(node) for node in call.args)
        return b.result(
            sizes, labels, lambda torch: getattr(torch, fill)(sizes, dtype=torch.float64)
        )

    return apply


def _eye(b: Builder, call: Call, args: list[Value]) -> Value:
    sizes = tuple(b.whole_number(arg, "eye", "size_argument", 0) for arg in args)
    labels = tuple(size_label(node) for node in call.args)
    if len(sizes) == 1:
        sizes, labels = sizes * 2, labels * 2
    return b.result(sizes, labels, lambda torch: torch.eye(*sizes, dtype=torch.float64))


def _outer(b: Builder, call: Call, args: list[Value]) -> Value:
    x, y = args
    needs(call, x, (1,), "needs_vector")
    needs(call, y, (1,), "needs_vector")
    return b.result(
        x.shape + y.shape, x.labels + y.labels, lambda torch: torch.outer(x.tensor, y.tensor)
    )


def _dot(b: Builder, call: Call, args: list[Value]) -> Value:
    x, y = args
    needs(call, x, (1,), "needs_vector")
    needs(call, y, (1,), "needs_vector")
    if x.shape != y.shape:
        raise NotationError(
            msg("dot_sizes", left=shape_text(x.labels), right=shape_text(y.labels)), call.column
        )
    return b.result((), (), lambda torch: torch.dot(x.tensor, y.tensor))


def _diag(b: Builder, call: Call, args: list[Value]) -> Value:
    (x,) = args
    if x.ndim == 1:
        return b.result(x.shape * 2, x.labels * 2, lambda torch: torch.diag(x.tensor))
    if x.ndim == 2:
        side = 0 if x.shape[0] <= x.shape[1] else 1
        shape, labels = (x.shape[side],), (x.labels[side],)
        return b.result(shape, labels, lambda torch: torch.diagonal(x.tensor))
    raise NotationError(msg("diag_shape", shape=shape_text(x.labels)), call.column)


def _trace(b: Builder, call: Call, args: list[Value]) -> Value:
    (x,) = args
    needs(call, x, (2,), "needs_matrix")
    return b.result((), (), lambda torch: torch.trace(x.tensor))


def _inv(b: Builder, call: Call, args: list[Value]) -> Value:
    (x,) = args
    cost = cubic(x, call)
    return b.result(x.shape, x.labels, lambda torch: torch.linalg.inv(x.tensor), cost=cost)


def _det(b: Builder, call: Call, args: list[Value]) -> Value:
    (x,) = args
    cost = cubic(x, call)
    return b.result(
        x.shape[:-2], x.labels[:-2], lambda torch: torch.linalg.det(x.tensor), cost=cost
    )


def _norm(b: Builder, call: Call, args: list[Value]) -> Value:
    (x,) = args
    return b.result((), (), lambda torch: torch.linalg.vector_norm(b.as_tensor(x)))


def _step(torch: Any, x: Any) -> Any:
    return (x > 0).to(torch.float64)


FUNCTIONS: dict[str, Function] = {
    "sum": Function(_reduction("sum"), ("unreduce(g, a)", None)),
    "mean": Function(_reduction("mean"), ("unreduce(g, a) / count(a)", None)),
    "ones": Function(_filled("ones")),
    "zeros": Function(_filled("zeros")),
    "eye": Function(_eye),
    "outer": Function(_outer, ("g @ b", "g.T @ a")),
    "dot": Function(_dot, ("g * b", "g * a")),
    "diag": Function(_diag, ("undiag(g, a)",)),
    "trace": Function(_trace, ("g * eye_like(a)",)),
    "inv": Function(_inv, ("-(out.T @ g @ out.T)",)),
    "det": Function(_det, ("g * out * inv(a).T",)),
    "norm": Function(_norm, ("g * a / out",)),
    "relu": Function(_elementwise(lambda torch, x: torch.relu(x)), ("g * step(a)",)),
    "step": Function(_elementwise(_step), (None,)),
    "sigmoid": Function(_elementwise(lambda torch, x: torch.sigmoid(x)), ("g * out * (1 - out)",)),
    "tanh": Function(_elementwise(lambda torch, x: torch.tanh(x)), ("g * (1 - out^2)",)),
    "exp": Function(_elementwise(lambda torch, x: torch.exp(x)), ("g * out",)),
    "log": Function(_elementwise(lambda torch, x: torch.log(x)), ("g / a",)),
    "sqrt": Function(_elementwise(lambda torch, x: torch.sqrt(x)), ("g / (2 * out)",)),
    "abs": Function(_elementwise(lambda torch, x: torch.abs(x)), ("g * sign(a)",)),
    "sign": Function(_elementwise(lambda torch, x: torch.sign(x)), (None,)),
    "sin": Function(_elementwise(lambda torch, x: torch.sin(x)), ("g * cos(a)",)),
    "cos": Function(_elementwise(lambda torch, x: torch.cos(x)), ("-g * sin(a)",)),
    "softmax": Function(_along("softmax"), ("out * (g - keep(g * out))", None)),
    "log_softmax": Function(_along("log_softmax"), ("g - softmax(a, d) * keep(g)", None)),
    "logsumexp": Function(_along("logsumexp"), ("unreduce(g, a) * softmax(a, d)", None)),
    "detach": Function(_elementwise(lambda torch, x: x.detach()), (None,)),
    **{name: Function(apply, vjp) for name, (apply, vjp) in STATISTICS.items()},
    "one_hot": Function(one_hot, (None, None)),
    **{name: Function(apply, vjp) for name, (apply, vjp) in LINALG.items()},
}

if set(FUNCTIONS) | {"grad"} != set(SIGNATURES):  # pragma: no cover - a table out of step
    raise RuntimeError("the function table and the signatures disagree")
