"""Counterfactual truths: the gradient had the learner forgotten a mask, an upstream factor, a
detach, or some of the paths of a fan-out. An answer equal to one of them is diagnosed by what
was forgotten. Each is a forward pass re-run on the trial's own tensors, computed only when a
wrong answer gets that far down the ladder, and kept with the trial."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from trainer.errors import TrainerError
from trainer.notation.builder import Builder
from trainer.notation.functions import FUNCTIONS, Function
from trainer.notation.nodes import Binary, Call, Compare, Name, Node, Num, map_tree
from trainer.notation.values import Value
from trainer.oracle.paths import Paths
from trainer.oracle.trials import Trial, backward, run_forward
from trainer.questions.model import Question

MASK, DETACH, UPSTREAM, SOFTMAX_SUM = "mask", "detach", "upstream", "softmax_sum"


def _identity(b: Builder, call: Call, args: list[Value]) -> Value:
    return args[0]


def _relu_passing_gradient(b: Builder, call: Call, args: list[Value]) -> Value:
    """relu's values, with the gradient of the identity: the mask forgotten, nothing else."""
    (x,) = args

    def make(torch: Any) -> Any:
        tensor = b.as_tensor(x)
        return tensor + (torch.relu(tensor) - tensor).detach()

    return b.result(x.shape, x.labels, make)


def _ones_like(b: Builder, call: Call, args: list[Value]) -> Value:
    (x,) = args
    return b.result(x.shape, x.labels, lambda torch: torch.ones_like(b.as_tensor(x)))


def _diagonal_only(name: str) -> Function:
    """softmax (or log_softmax) with its values, passing back only its Jacobian's diagonal:
    s * g (or g), the row-sum term forgotten."""
    original = FUNCTIONS[name].apply

    def apply(b: Builder, call: Call, args: list[Value]) -> Value:
        value = original(b, call, args)
        if value.tensor is None:
            return value
        out, x = value.tensor, b.as_tensor(args[0])
        scale = out.detach() if name == "softmax" else 1.0
        return Value(value.shape, value.labels, scale * x + (out - scale * x).detach())

    return Function(apply)


# Counterfactual function tables: the oracle re-runs a forward pass with one of these to
# recognise an answer that forgot the ReLU mask (relu keeps its values, but passes every
# gradient; a mask written with step is all ones), or differentiated through a detach.
WITHOUT_MASK = {
    **FUNCTIONS,
    "relu": Function(_relu_passing_gradient),
    "step": Function(_ones_like),
}
THROUGH_DETACH = {**FUNCTIONS, "detach": Function(_identity)}
WITHOUT_SOFTMAX_SUM = {
    **FUNCTIONS,
    "softmax": _diagonal_only("softmax"),
    "log_softmax": _diagonal_only("log_softmax"),
}
TABLES = {MASK: WITHOUT_MASK, DETACH: THROUGH_DETACH, SOFTMAX_SUM: WITHOUT_SOFTMAX_SUM}


def applies(question: Question, kind: str, paths: Paths) -> bool:
    if kind == MASK:
        return paths.compares or bool({"relu", "step"} & paths.calls)
    if kind == DETACH:
        return "detach" in paths.calls
    if kind == SOFTMAX_SUM:
        return bool({"softmax", "log_softmax"} & paths.calls)
    return question.upstream is not None


def alternate(question: Question, paths: Paths, trial: Trial, kind: str, target: str) -> Any | None:
    """The adjoint of `target` with the mask (relu, step or a comparison), the detach, the
    upstream or softmax's row-sum term forgotten."""
    key = (kind, target)
    if key not in trial.alternates:
        result = None
        if applies(question, kind, paths):
            functions = TABLES.get(kind, FUNCTIONS)
            trees = None
            if kind == MASK:  # a comparison's mask, as ones of its own shape
                trees = [map_tree(paths.trees[line.name], _all_ones) for line in question.forward]
            result = _adjoint(
                question, trial, target, functions, upstream_ones=kind == UPSTREAM, trees=trees
            )
        trial.alternates[key] = result
    return trial.alternates[key]


def _all_ones(node: Node) -> Node:
    if isinstance(node, Compare):
        zero, one = Num(node.column, 0.0, "0"), Num(node.column, 1.0, "1")
        return Binary(node.column, "+", Binary(node.column, "*", node, zero), one)
    return node


def along_some_paths(
    question: Question, paths: Paths, trial: Trial, node: str, kept: tuple[str, ...], target: str
) -> Any | None:
    """The adjoint of `target` when `node`'s uses by every user but `kept` are detached."""
    key = ("paths", node, kept, target)
    if key not in trial.alternates:
        trees: list[Node] = []
        for line in question.forward:
            tree = paths.trees[line.name]
            if line.name not in kept and node in paths.uses[line.name]:
                tree = map_tree(tree, lambda each: _detached(each, node))
            trees.append(tree)
        trial.alternates[key] = _adjoint(question, trial, target, FUNCTIONS, trees=trees)
    return trial.alternates[key]


def _detached(each: Node, node: str) -> Node:
    if isinstance(each, Name) and each.id == node:
        return Call(each.column, "detach", (each,))
    return each


def _adjoint(
    question: Question,
    trial: Trial,
    target: str,
    functions: Mapping[str, Function],
    *,
    upstream_ones: bool = False,
    trees: Sequence[Node] | None = None,
) -> Any | None:
    try:
        names, _ = run_forward(
            question, trial.dims, trial.given, {question.wrt or ""}, functions, trees=trees
        )
        value = names[target].tensor
        if value is None or not getattr(value, "requires_grad", False):
            return None
        grads = backward(question, names, {target: value}, upstream_ones=upstream_ones)
    except TrainerError:
        return None
    return grads.get(target)
