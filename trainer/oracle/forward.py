"""A question's forward pass under its bounds: the evaluator that runs it, and the bounds
checked on shapes alone, at the largest sizes the dims allow, before any size is drawn.

The bounds, each stated once: one trial's forward values hold at most `MAX_FORWARD_ELEMENTS`
together, and its work (batch dimensions counted, backward passes included) at most
`MAX_TRIAL_WORK`; at its peak a trial holds at most `MAX_PEAK_ELEMENTS` (the given tensors and
every forward result, then a gradient of each, all alive at the end of the backward pass); all
the trials of a question keep at most `MAX_QUESTION_ELEMENTS` together (the given tensors, the
forward values answers may use, the adjoints somebody asks for); all its trials take at most
`TIME_LIMIT` seconds. A question within them at one seed is within them at every seed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.errors import NotationError, ProblemError
from trainer.messages import msg
from trainer.notation import Evaluator, Value, parse, sizes_of
from trainer.notation.functions import FUNCTIONS, Function
from trainer.notation.limits import MAX_WORK, LimitError
from trainer.notation.nodes import Call, Compare, Node
from trainer.questions.model import Question, TensorSpec

MIN_TRIALS = 3
MAX_FORWARD_ELEMENTS = 20_000_000
MAX_TRIAL_WORK = 3 * MAX_WORK
# float64: 320 MB at one trial's peak, 128 MB kept by all the trials of a question
MAX_PEAK_ELEMENTS = 2 * MAX_FORWARD_ELEMENTS
MAX_QUESTION_ELEMENTS = 16_000_000
TIME_LIMIT = 10.0  # seconds for all the trials of one question
MASKING = frozenset({"relu", "step", "abs", "sign"})


class TrialError(ProblemError):
    """The question itself cannot be run (its forward pass breaks its bounds, or has no
    gradient), at a line when known."""


class Deadline:
    """The time a question may take to check; past it, it is reported as too slow."""

    def __init__(self, seconds: float = TIME_LIMIT) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    @property
    def passed(self) -> bool:
        return time.monotonic() > self.end

    def check(self, line: int = 0) -> None:
        if self.passed:
            raise TrialError(msg("too_slow", seconds=f"{self.seconds:g}"), line)


Sides = dict[tuple[int, int, str], list[int]]  # masking site → [entries > 0, entries <= 0]


class ForwardEvaluator(Evaluator):
    """The forward pass's evaluator: notes which way each masking site went."""

    def __init__(self, *args: Any, sides: Sides | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sides = sides
        self.line_index = 0

    def note(self, node: Node, tensor: Any) -> None:
        if self.sides is None or tensor is None or not hasattr(tensor, "numel"):
            return
        key = (self.line_index, node.column, type(node).__name__)
        positive = int((tensor > 0).sum())
        counts = self.sides.setdefault(key, [0, 0])
        counts[0] += positive
        counts[1] += int(tensor.numel()) - positive

    def apply(self, node: Call, args: list[Value]) -> Value:
        if node.func in MASKING and args:
            self.note(node, args[0].tensor)
        return super().apply(node, args)

    def evaluate(self, node: Node) -> Value:
        # The evaluator dispatches a comparison to Evaluator.binary itself, past any override:
        # a comparison is watched here, on its result (true > 0, false = 0).
        value = super().evaluate(node)
        if isinstance(node, Compare):
            self.note(node, value.tensor)
        return value


def given_value(spec: TensorSpec, dims: Mapping[str, int], tensor: Any = None) -> Value:
    """A given as the evaluator sees it: its shape in dimension names, and an index tensor's
    class count (so that only one_hot may read it)."""
    classes = None
    if spec.classes is not None:
        classes = (spec.classes, sizes_of((spec.classes,), dims)[0])
    return Value(sizes_of(spec.shape, dims), spec.shape, tensor, classes=classes)


def run_forward(
    question: Question,
    dims: Mapping[str, int],
    given: Mapping[str, Any],
    grad_names: set[str],
    functions: Mapping[str, Function] = FUNCTIONS,
    *,
    trees: Sequence[Node] | None = None,
    deadline: Deadline | None = None,
    sides: Sides | None = None,
) -> tuple[dict[str, Value], int]:
    """Run `forward` (optionally with rewritten trees); returns (values by name, the work of
    the forward and backward passes)."""
    names: dict[str, Value] = {}
    for name, spec in question.given.items():
        tensor = given[name]
        if name in grad_names:
            tensor = tensor.detach().clone().requires_grad_(True)
        names[name] = given_value(spec, dims, tensor)
    evaluator = ForwardEvaluator(
        names, dims, functions=functions, max_total=MAX_FORWARD_ELEMENTS, sides=sides
    )
    return names, evaluate_forward(question, evaluator, names, trees, deadline)


def evaluate_forward(
    question: Question,
    evaluator: ForwardEvaluator,
    names: dict[str, Value],
    trees: Sequence[Node] | None = None,
    deadline: Deadline | None = None,
    *,
    limits_only: bool = False,
) -> int:
    """Each forward line into `names`, a failure reported at its line; then the work of the
    forward and backward passes together, which it returns. With `limits_only`, only a broken
    bound is reported (a shape-only pass stops quietly at any other error: the trials report
    it)."""
    for index, line in enumerate(question.forward):
        if deadline is not None:
            deadline.check(line.line)
        evaluator.line_index = index
        tree = trees[index] if trees is not None else parse(line.expression).tree
        try:
            names[line.name] = evaluator.evaluate(tree)
        except NotationError as error:
            if limits_only and not isinstance(error, LimitError):
                return evaluator.work
            text = f"{line.name} = {line.expression}"
            raise TrialError(msg("forward_error", line=text, error=error.msg), line.line) from None
    work = evaluator.work * (1 + 2 * len(question.of))
    if work > MAX_TRIAL_WORK:
        raise TrialError(msg("question_too_much_work", limit=MAX_TRIAL_WORK), question.line)
    return work


def largest_dims(question: Question) -> dict[str, int]:
    """Every dimension at the top of its range: no trial of any seed builds more (elements and
    work only grow with the sizes)."""
    return {name: d.high for name, d in question.dims.items()}


@dataclass(frozen=True)
class Footprint:
    """What one trial of a question holds at the largest sizes, in elements."""

    kept: int  # after the trial: given, forward values, the adjoints asked for
    peak: int  # at the end of its backward pass


def check_largest(question: Question, asked: Iterable[str] = ()) -> Footprint:
    """The forward pass's bounds at the largest sizes, on shapes alone (no tensor is built): a
    question within its bounds at one seed is within them at every seed. `asked` names the
    nodes whose adjoints the trials keep."""
    dims = largest_dims(question)
    names = {name: given_value(spec, dims) for name, spec in question.given.items()}
    evaluator = ForwardEvaluator(names, dims, build=False, max_total=MAX_FORWARD_ELEMENTS)
    evaluate_forward(question, evaluator, names, limits_only=True)
    sizes = {name: math.prod(value.shape) for name, value in names.items()}
    given = sum(sizes[name] for name in question.given)
    footprint = Footprint(
        kept=sum(sizes.values()) + sum(sizes.get(name, 0) for name in set(asked)),
        peak=2 * (given + evaluator.total),
    )
    if footprint.peak > MAX_PEAK_ELEMENTS:
        message = msg("question_peak_memory", count=footprint.peak, limit=MAX_PEAK_ELEMENTS)
        raise TrialError(message, question.line)
    if footprint.kept * MIN_TRIALS > MAX_QUESTION_ELEMENTS:
        count = footprint.kept * MIN_TRIALS
        message = msg(
            "question_kept_memory", count=count, trials=MIN_TRIALS, limit=MAX_QUESTION_ELEMENTS
        )
        raise TrialError(message, question.line)
    return footprint
