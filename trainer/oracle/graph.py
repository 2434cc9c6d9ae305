"""The computation graph of a question: its forward steps with shapes, and after answering,
each node's gradient — how reverse accumulation runs from `of` back to `wrt`.

Built on the oracle's smallest trial, with the adjoints of that trial's own backward pass (the
truth path), so the values shown are small and are exactly what judging uses. The app's graph
view only draws this data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.notation import Value, parse, shape_text
from trainer.notation.nodes import Name, walk
from trainer.oracle.compare import SHOWN_ENTRIES, format_tensor
from trainer.oracle.oracle import Oracle


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
    dims: dict[str, int]  # the sizes of the trial shown


def build_graph(oracle: Oracle, with_gradients: bool = True) -> Graph:
    q = oracle.question
    trial = oracle.trials[oracle.smallest_trial]
    # a differential question's trial holds a JVP, not gradients: its graph shows values only
    gradients = with_gradients and not q.is_differential
    reached = trial.reached if gradients else frozenset()
    grads = trial.adjoints if gradients else {}
    known = set(q.given)
    nodes: dict[str, GraphNode] = {}
    for name in q.given:
        nodes[name] = _node(name, None, (), trial.values[name], name in reached, grads.get(name))
    for line in q.forward:
        expression = parse(line.expression)
        used = tuple(
            dict.fromkeys(
                n.id for n in walk(expression.tree) if isinstance(n, Name) and n.id in known
            )
        )
        value, grad = trial.values[line.name], grads.get(line.name)
        nodes[line.name] = _node(
            line.name, expression.text, used, value, line.name in reached, grad
        )
        known.add(line.name)
    return Graph(nodes, q.of, q.wrt or "", dict(trial.dims))


def _node(
    name: str,
    expression: str | None,
    inputs: tuple[str, ...],
    value: Value,
    reached: bool,
    grad: Any,  # None when not reached, or not kept (too large to show)
) -> GraphNode:
    tensor = value.tensor
    small = tensor is not None and tensor.numel() <= SHOWN_ENTRIES
    shown = format_tensor(tensor) if small else None
    return GraphNode(
        name=name,
        expression=expression,
        inputs=inputs,
        shape=shape_text(value.labels),
        value=shown,
        grad_shape=shape_text(value.labels) if reached else None,
        grad=format_tensor(grad) if grad is not None and grad.numel() <= SHOWN_ENTRIES else None,
    )
