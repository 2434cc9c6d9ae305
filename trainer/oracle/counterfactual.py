"""Counterfactual truths: the gradient had the learner forgotten a mask, an upstream factor, a
detach, or some of the paths of a fan-out. An answer equal to one of them is diagnosed by what
was forgotten. Each is a forward pass re-run on the trial's own tensors, computed only when a
wrong answer gets that far down the ladder and its `Allowance` affords it, and kept with the
trial while the question's budget of kept elements lasts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from trainer.errors import TrainerError
from trainer.notation.builder import Builder
from trainer.notation.functions import FUNCTIONS, Function
from trainer.notation.limits import MAX_WORK
from trainer.notation.nodes import Binary, Call, Compare, Name, Node, Num, map_tree
from trainer.notation.values import Value
from trainer.oracle.forward import Deadline, run_forward
from trainer.oracle.paths import Paths
from trainer.oracle.trials import Trial, backward
from trainer.questions.model import Question

MASK, DETACH, UPSTREAM, SOFTMAX_SUM = "mask", "detach", "upstream", "softmax_sum"
# One diagnosis may cost this many times the work of building the trials (at least MAX_WORK,
# so a small question's every rung runs), and this share of the question's time limit.
DIAGNOSIS_WORK_SHARE = 4
DIAGNOSIS_TIME_SHARE = 0.25


class Allowance:
    """What the counterfactual runs of one diagnosis may still cost: work (each run costs what
    its trial's own forward and backward passes did) and time. A run it cannot afford is not
    made: its rung is skipped, and a later rung (at last "the values differ") answers."""

    def __init__(self, work: int, deadline: Deadline) -> None:
        self.work = self.total = work
        self.deadline = deadline

    def afford(self, trials: Sequence[Trial], reserve: int = 0) -> bool:
        """Whether re-running `trials` leaves `reserve` of the work (the rungs further down
        the ladder get their turn), and if so the cost taken."""
        cost = sum(trial.work for trial in trials)
        if cost > self.work - reserve or self.deadline.passed:
            return False
        self.work -= cost
        return True


def allowance_for(trials: Sequence[Trial], time_limit: float) -> Allowance:
    """What one wrong answer's diagnosis on `trials` may spend on counterfactual runs."""
    work = DIAGNOSIS_WORK_SHARE * sum(trial.work for trial in trials)
    return Allowance(max(MAX_WORK, work), Deadline(time_limit * DIAGNOSIS_TIME_SHARE))


def unbounded() -> Allowance:
    """For a caller that sets no bound of its own (the trials' own bounds still apply)."""
    return Allowance(2**62, Deadline(float("inf")))


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


def alternates(
    question: Question,
    paths: Paths,
    trials: Sequence[Trial],
    kind: str,
    target: str,
    allowance: Allowance,
) -> list[Any] | None:
    """The adjoint of `target` in every trial with the mask (relu, step or a comparison), the
    detach, the upstream or softmax's row-sum term forgotten; None where it does not apply or
    cannot be afforded."""
    if not applies(question, kind, paths):
        return None
    trees = None
    if kind == MASK:  # a comparison's mask, as ones of its own shape
        trees = [map_tree(paths.trees[line.name], _all_ones) for line in question.forward]
    functions = TABLES.get(kind, FUNCTIONS)
    return _each_trial(
        question,
        trials,
        (kind, target),
        target,
        allowance,
        functions=functions,
        trees=trees,
        upstream_ones=kind == UPSTREAM,
    )


def _all_ones(node: Node) -> Node:
    if isinstance(node, Compare):
        zero, one = Num(node.column, 0.0, "0"), Num(node.column, 1.0, "1")
        return Binary(node.column, "+", Binary(node.column, "*", node, zero), one)
    return node


def along_some_paths(
    question: Question,
    paths: Paths,
    trials: Sequence[Trial],
    node: str,
    kept: tuple[str, ...],
    target: str,
    allowance: Allowance,
) -> list[Any] | None:
    """The adjoint of `target` in every trial when `node`'s uses by every user but `kept` are
    detached; None where it cannot be afforded."""
    trees: list[Node] = []
    for line in question.forward:
        tree = paths.trees[line.name]
        if line.name not in kept and node in paths.uses[line.name]:
            tree = map_tree(tree, lambda each: _detached(each, node))
        trees.append(tree)
    key = ("paths", node, kept, target)
    # the paths get half of the allowance: a fan-out's many subsets leave the other rungs theirs
    reserve = allowance.total // 2
    return _each_trial(question, trials, key, target, allowance, trees=trees, reserve=reserve)


def _each_trial(
    question: Question,
    trials: Sequence[Trial],
    key: object,
    target: str,
    allowance: Allowance,
    *,
    functions: Mapping[str, Function] = FUNCTIONS,
    trees: Sequence[Node] | None = None,
    upstream_ones: bool = False,
    reserve: int = 0,
) -> list[Any] | None:
    """One counterfactual truth per trial: kept ones reused, the others run when the allowance
    affords them all (a truth in some trials only would decide nothing)."""
    missing = [trial for trial in trials if key not in trial.alternates]
    if missing and not allowance.afford(missing, reserve):
        return None
    found = []
    for trial in trials:
        if key in trial.alternates:
            found.append(trial.alternates[key])
            continue
        truth = _adjoint(
            question, trial, target, functions, allowance.deadline, upstream_ones, trees
        )
        if allowance.deadline.passed:  # cut short: not a truth to keep
            return None
        trial.keep(key, truth)
        found.append(truth)
    return found if all(a is not None for a in found) else None


def _detached(each: Node, node: str) -> Node:
    if isinstance(each, Name) and each.id == node:
        return Call(each.column, "detach", (each,))
    return each


def _adjoint(
    question: Question,
    trial: Trial,
    target: str,
    functions: Mapping[str, Function],
    deadline: Deadline,
    upstream_ones: bool = False,
    trees: Sequence[Node] | None = None,
) -> Any | None:
    try:
        names, _ = run_forward(
            question,
            trial.dims,
            trial.given,
            {question.wrt or ""},
            functions,
            trees=trees,
            deadline=deadline,
        )
        value = names[target].tensor
        if value is None or not getattr(value, "requires_grad", False):
            return None
        grads = backward(
            question, names, {target: value}, upstream_ones=upstream_ones, deadline=deadline
        )
    except TrainerError:
        return None
    return grads.get(target)
