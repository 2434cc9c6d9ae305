"""The computation graph of a question: its forward steps with shapes, and after answering,
each node's gradient — how reverse accumulation runs from `of` back to `wrt`.

Built on the oracle's smallest trial, so the values shown are small. The app's graph view
only draws this data.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.errors import TrainerError
from trainer.notation import parse, shape_text
from trainer.notation.nodes import Name, walk
from trainer.oracle.checker import Oracle
from trainer.oracle.compare import format_tensor
from trainer.oracle.trials import run_forward

SMALL = 16  # show values of tensors with at most this many elements


@dataclass(frozen=True)
class GraphNode:
    name: str
    expression: str | None  # None for a given tensor
    inputs: tuple[str, ...]  # names this step reads
    shape: str
    value: str | None  # small tensors only
    grad_shape: str | None  # None when no gradient reaches this node
    grad: str | None


@dataclass(frozen=True)
class Graph:
    nodes: dict[str, GraphNode]
    roots: tuple[str, ...]  # the `of` names, where backward starts
    wrt: str


def build_graph(oracle: Oracle, with_gradients: bool = True) -> Graph:
    q = oracle.question
    trial = oracle.trials[oracle.smallest_trial]
    grad_names = {name for name, spec in q.given.items() if spec.value is None}
    values, leaves = run_forward(q, trial.dims, trial.given, grad_names)
    grads = _gradients(oracle, values, leaves) if with_gradients else {}
    known = set(q.given)
    nodes: dict[str, GraphNode] = {}
    for name in q.given:
        nodes[name] = _node(name, None, (), values[name], grads.get(name))
    for line in q.forward:
        expression = parse(line.expression)
        used = tuple(
            dict.fromkeys(
                n.id for n in walk(expression.tree) if isinstance(n, Name) and n.id in known
            )
        )
        nodes[line.name] = _node(
            line.name, expression.text, used, values[line.name], grads.get(line.name)
        )
        known.add(line.name)
    return Graph(nodes, q.of, q.wrt)


def _gradients(oracle: Oracle, values, leaves) -> dict[str, object]:
    q = oracle.question
    torch = oracle.torch
    for name, value in values.items():
        if name not in leaves and getattr(value.tensor, "requires_grad", False):
            value.tensor.retain_grad()
    try:
        for _ in range(q.backward):
            for of in q.of:
                out = values[of].tensor
                if not getattr(out, "requires_grad", False):
                    continue
                grad = values[q.upstream].tensor.detach() if q.upstream else None
                out.backward(gradient=grad, retain_graph=True)
    except (RuntimeError, TrainerError):
        return {}
    found = {}
    for name, value in values.items():
        tensor = value.tensor
        if tensor is not None and isinstance(tensor, torch.Tensor) and tensor.grad is not None:
            found[name] = tensor.grad.detach()
    return found


def _node(name, expression, inputs, value, grad) -> GraphNode:
    tensor = value.tensor
    shown = format_tensor(tensor) if tensor is not None and tensor.numel() <= SMALL else None
    return GraphNode(
        name=name,
        expression=expression,
        inputs=inputs,
        shape=shape_text(value.labels),
        value=shown,
        grad_shape=shape_text(value.labels) if grad is not None else None,
        grad=format_tensor(grad) if grad is not None and grad.numel() <= SMALL else None,
    )
