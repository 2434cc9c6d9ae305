"""The function table of the notation: each entry's shape rule next to its torch operation.

The shape rule runs first and always (it gives errors in dimension names and lets limits be
checked before anything is built); the torch operation runs only when the evaluator builds
tensors. torch is imported lazily so the preview works before it has loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trainer.catalog import msg
from trainer.errors import NotationError
from trainer.notation.nodes import Call, Name, Num, render
from trainer.notation.values import Value, shape_text

if TYPE_CHECKING:
    from trainer.notation.evaluate import Evaluator


@dataclass(frozen=True)
class Function:
    min_args: int
    max_args: int
    apply: Callable[[Evaluator, Call, list[Value]], Value]


def _elementwise(op: Callable[[Any, Any], Any]) -> Callable:
    def apply(ev: Evaluator, call: Call, args: list[Value]) -> Value:
        (x,) = args
        return ev.result(x.shape, x.labels, lambda torch: op(torch, ev.as_tensor(x)))

    return apply


def _reduction(op: str) -> Callable:
    def apply(ev: Evaluator, call: Call, args: list[Value]) -> Value:
        x = args[0]
        if len(args) == 1:
            return ev.result((), (), lambda torch: getattr(ev.as_tensor(x), op)())
        dim = ev.whole_number(args[1], call.func, "dim_argument")
        if not -x.ndim <= dim < x.ndim:
            raise NotationError(
                msg("reduce_dim", name=call.func, dim=dim, shape=shape_text(x.labels)),
                call.column,
            )
        keep = [i for i in range(x.ndim) if i != dim % x.ndim]
        shape = tuple(x.shape[i] for i in keep)
        labels = tuple(x.labels[i] for i in keep)
        return ev.result(shape, labels, lambda torch: getattr(x.tensor, op)(dim=dim))

    return apply


def _size_label(node) -> str:
    if isinstance(node, Name | Num):
        return node.id if isinstance(node, Name) else node.text
    return render(node)


def _filled(fill: str) -> Callable:
    def apply(ev: Evaluator, call: Call, args: list[Value]) -> Value:
        sizes = tuple(ev.whole_number(arg, call.func, "size_argument", 0) for arg in args)
        labels = tuple(_size_label(node) for node in call.args)
        return ev.result(
            sizes, labels, lambda torch: getattr(torch, fill)(sizes, dtype=torch.float64)
        )

    return apply


def _eye(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    sizes = tuple(ev.whole_number(arg, "eye", "size_argument", 0) for arg in args)
    if len(sizes) == 1:
        sizes *= 2
    labels = tuple(_size_label(node) for node in call.args)
    if len(labels) == 1:
        labels *= 2
    return ev.result(sizes, labels, lambda torch: torch.eye(*sizes, dtype=torch.float64))


def _needs(call: Call, x: Value, ndims: tuple[int, ...], key: str) -> None:
    if x.ndim not in ndims:
        raise NotationError(msg(key, name=call.func, shape=shape_text(x.labels)), call.column)


def _outer(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    a, b = args
    _needs(call, a, (1,), "needs_vector")
    _needs(call, b, (1,), "needs_vector")
    return ev.result(
        a.shape + b.shape,
        a.labels + b.labels,
        lambda torch: torch.outer(a.tensor, b.tensor),
        cost=a.shape[0] * b.shape[0],
    )


def _dot(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    a, b = args
    _needs(call, a, (1,), "needs_vector")
    _needs(call, b, (1,), "needs_vector")
    if a.shape != b.shape:
        raise NotationError(
            msg("dot_sizes", left=shape_text(a.labels), right=shape_text(b.labels)), call.column
        )
    return ev.result((), (), lambda torch: torch.dot(a.tensor, b.tensor), cost=a.shape[0])


def _diag(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    (x,) = args
    if x.ndim == 1:
        return ev.result(x.shape * 2, x.labels * 2, lambda torch: torch.diag(x.tensor))
    if x.ndim == 2:
        side = 0 if x.shape[0] <= x.shape[1] else 1
        shape, labels = (x.shape[side],), (x.labels[side],)
        return ev.result(shape, labels, lambda torch: torch.diagonal(x.tensor))
    raise NotationError(msg("diag_shape", shape=shape_text(x.labels)), call.column)


def _trace(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    (x,) = args
    _needs(call, x, (2,), "needs_matrix")
    return ev.result((), (), lambda torch: torch.trace(x.tensor))


def _square(x: Value, call: Call) -> None:
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise NotationError(
            msg("needs_square", name=call.func, shape=shape_text(x.labels)), call.column
        )


def _inv(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    (x,) = args
    _square(x, call)
    cost = x.shape[-1] ** 3
    return ev.result(x.shape, x.labels, lambda torch: torch.linalg.inv(x.tensor), cost=cost)


def _det(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    (x,) = args
    _square(x, call)
    cost = x.shape[-1] ** 3
    return ev.result(
        x.shape[:-2], x.labels[:-2], lambda torch: torch.linalg.det(x.tensor), cost=cost
    )


def _norm(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    (x,) = args
    return ev.result((), (), lambda torch: torch.linalg.vector_norm(ev.as_tensor(x)))


def _last_dim(op: str) -> Callable:
    def apply(ev: Evaluator, call: Call, args: list[Value]) -> Value:
        (x,) = args
        if op == "logsumexp" and x.ndim:
            shape, labels = x.shape[:-1], x.labels[:-1]
        else:
            shape, labels = x.shape, x.labels
        return ev.result(shape, labels, lambda torch: getattr(torch, op)(ev.as_tensor(x), -1))

    return apply


def _step(torch, x):
    return (x > 0).to(torch.float64)


FUNCTIONS: dict[str, Function] = {
    "sum": Function(1, 2, _reduction("sum")),
    "mean": Function(1, 2, _reduction("mean")),
    "ones": Function(1, 8, _filled("ones")),
    "zeros": Function(1, 8, _filled("zeros")),
    "eye": Function(1, 2, _eye),
    "outer": Function(2, 2, _outer),
    "dot": Function(2, 2, _dot),
    "diag": Function(1, 1, _diag),
    "trace": Function(1, 1, _trace),
    "inv": Function(1, 1, _inv),
    "det": Function(1, 1, _det),
    "norm": Function(1, 1, _norm),
    "relu": Function(1, 1, _elementwise(lambda torch, x: torch.relu(x))),
    "step": Function(1, 1, _elementwise(_step)),
    "sigmoid": Function(1, 1, _elementwise(lambda torch, x: torch.sigmoid(x))),
    "tanh": Function(1, 1, _elementwise(lambda torch, x: torch.tanh(x))),
    "exp": Function(1, 1, _elementwise(lambda torch, x: torch.exp(x))),
    "log": Function(1, 1, _elementwise(lambda torch, x: torch.log(x))),
    "sqrt": Function(1, 1, _elementwise(lambda torch, x: torch.sqrt(x))),
    "abs": Function(1, 1, _elementwise(lambda torch, x: torch.abs(x))),
    "sign": Function(1, 1, _elementwise(lambda torch, x: torch.sign(x))),
    "softmax": Function(1, 1, _last_dim("softmax")),
    "log_softmax": Function(1, 1, _last_dim("log_softmax")),
    "logsumexp": Function(1, 1, _last_dim("logsumexp")),
    "detach": Function(1, 1, _elementwise(lambda torch, x: x.detach())),
}

# x.sum() and friends: method name → function name ("t" is the transpose, handled by syntax).
METHODS = {"sum": "sum", "mean": "mean", "t": "t", "detach": "detach"}


def _identity(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    return args[0]


def _ones_like(ev: Evaluator, call: Call, args: list[Value]) -> Value:
    (x,) = args
    return ev.result(x.shape, x.labels, lambda torch: torch.ones_like(ev.as_tensor(x)))


# Counterfactual function tables: the oracle re-runs a forward pass with one of these to
# recognise an answer that forgot the ReLU mask, or differentiated through a detach.
WITHOUT_MASK = {**FUNCTIONS, "relu": Function(1, 1, _identity), "step": Function(1, 1, _ones_like)}
THROUGH_DETACH = {**FUNCTIONS, "detach": Function(1, 1, _identity)}
