"""Trials: random instances of a question, its forward pass under autograd, and the truth.

A trial draws distinct dimension sizes and float64 `given` tensors, runs `forward` with the
notation's evaluator, and takes, in one backward pass per `of`, the adjoint of every node: what
`of.backward(...)` (with `upstream`, repeated `backward` times) leaves in each `.grad`. The
gradient asked is the adjoint of `wrt`; the walkthrough and the graph view read the others, so
there is never a second backward path.

How many trials: at least `MIN_TRIALS`, and more until the true gradients hold `MIN_ENTRIES`
entries in all and every mask of the forward pass (relu, step, abs, sign, a comparison) has been
seen both ways, so a forgotten mask that bites one entry in four cannot pass on small sizes. The
count depends only on the question and the seed.

A question's forward pass runs within its bounds, like an answer: one trial's forward values
hold at most `MAX_FORWARD_ELEMENTS` together, its work (batch dimensions counted, backward passes
included) at most `MAX_TRIAL_WORK`, and all its trials at most `TIME_LIMIT` seconds. The element
and work bounds are checked first on shapes alone, at the largest sizes the dims allow, before
any size is drawn: a question within them at one seed is within them at every seed.
"""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.errors import NotationError, ProblemError
from trainer.messages import msg
from trainer.notation import Evaluator, Value, parse, shape_text, sizes_of, torch_module
from trainer.notation.functions import FUNCTIONS, Function
from trainer.notation.limits import MAX_WORK, LimitError
from trainer.notation.nodes import Call, Compare, Node
from trainer.questions.dims import draw_dims, literal_sizes
from trainer.questions.model import Question, TensorSpec

MIN_TRIALS = 3
MAX_TRIALS = 24
MIN_ENTRIES = 12
MAX_FORWARD_ELEMENTS = 20_000_000
MAX_TRIAL_WORK = 3 * MAX_WORK
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

    def check(self, line: int = 0) -> None:
        if time.monotonic() > self.end:
            raise TrialError(msg("too_slow", seconds=f"{self.seconds:g}"), line)


@dataclass
class Trial:
    dims: dict[str, int]
    given: dict[str, Any]  # name → tensor (float64, no grad)
    values: dict[str, Value]  # given and forward results, detached: what answers may use
    truth: Any  # the gradient tensor, wrt's shape
    adjoints: dict[str, Any] = field(default_factory=dict)  # node → ∂of/∂node (detached)
    alternates: dict[object, Any] = field(default_factory=dict)  # counterfactual truths, lazily
    direction: Any = None  # a differential question's d<wrt> (its truth, the JVP, is `truth`)

    @property
    def size(self) -> int:
        """The elements this trial holds: what keeping it costs."""
        tensors = [*self.given.values(), *self.adjoints.values()]
        tensors += [v.tensor for v in self.values.values() if v.tensor is not None]
        return sum(int(t.numel()) for t in tensors)


Sides = dict[tuple[int, int, str], list[int]]  # masking site → [entries > 0, entries <= 0]


class _ForwardEvaluator(Evaluator):
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


def trial_seed(question: Question, seed: int, index: int) -> int:
    return zlib.crc32(f"{question.id}:{seed}:{index}".encode())


def draw_trial_dims(question: Question, seed: int, index: int) -> dict[str, int]:
    """One trial's sizes, for a question within its bounds at its largest sizes (the shapes
    a walkthrough or a preview computes are then never cut short by a bound)."""
    check_largest(question)
    return _draw_dims(question, seed, index)


def _draw_dims(question: Question, seed: int, index: int) -> dict[str, int]:
    rng = random.Random(trial_seed(question, seed, index))
    return draw_dims(question.dims, literal_sizes(question), rng)


def given_value(spec: TensorSpec, dims: Mapping[str, int], tensor: Any = None) -> Value:
    """A given as the evaluator sees it: its shape in dimension names, and an index tensor's
    class count (so that only one_hot may read it)."""
    classes = None
    if spec.classes is not None:
        classes = (spec.classes, sizes_of((spec.classes,), dims)[0])
    return Value(sizes_of(spec.shape, dims), spec.shape, tensor, classes=classes)


def class_labels(count: int, classes: int, generator: Any) -> Any:
    """`count` labels in 0..classes-1: every class when there are enough entries, the rest
    drawn at random, so that classes repeat (an embedding's gradient must accumulate them);
    with fewer entries than classes, one label still repeats."""
    torch = torch_module()
    if count >= classes:
        extra = torch.randint(0, classes, (count - classes,), generator=generator)
        labels = torch.cat([torch.arange(classes), extra])
    elif count >= 2:
        distinct = torch.randperm(classes, generator=generator)[: count - 1]
        labels = torch.cat([distinct, distinct[:1]])
    else:
        labels = torch.randint(0, classes, (count,), generator=generator)
    return labels[torch.randperm(count, generator=generator)]


def make_tensor(spec: TensorSpec, dims: Mapping[str, int], generator: Any) -> Any:
    torch = torch_module()
    f64 = torch.float64
    if spec.classes is not None:
        shape = sizes_of(spec.shape, dims)
        count = 1
        for size in shape:
            count *= size
        labels = class_labels(count, sizes_of((spec.classes,), dims)[0], generator)
        return labels.reshape(shape)
    if spec.value is not None:
        return torch.tensor(spec.value, dtype=f64)
    shape = sizes_of(spec.shape, dims)
    if spec.init == "positive":
        return 0.5 + 1.5 * torch.rand(shape, generator=generator, dtype=f64)
    if spec.init == "unit":
        return 0.01 + 0.98 * torch.rand(shape, generator=generator, dtype=f64)
    if spec.init == "spd":
        a = torch.randn(shape, generator=generator, dtype=f64)
        return a @ a.T / shape[0] + torch.eye(shape[0], dtype=f64)
    if spec.init == "onehot":
        out = torch.zeros(shape, dtype=f64)
        if not shape:
            return out + 1
        hot = torch.randint(0, shape[-1], shape[:-1] or (1,), generator=generator)
        return out.scatter_(-1, hot.reshape(*shape[:-1], 1), 1.0)
    if spec.init == "sign":
        return torch.randint(0, 2, shape, generator=generator).to(f64) * 2 - 1
    return torch.randn(shape, generator=generator, dtype=f64)


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
) -> tuple[dict[str, Value], dict[str, Any]]:
    """Run `forward` (optionally with rewritten trees); returns (values by name, the leaves
    that require grad)."""
    leaves = {}
    names: dict[str, Value] = {}
    for name, spec in question.given.items():
        tensor = given[name]
        if name in grad_names:
            tensor = tensor.detach().clone().requires_grad_(True)
            leaves[name] = tensor
        names[name] = given_value(spec, dims, tensor)
    evaluator = _ForwardEvaluator(
        names, dims, functions=functions, max_total=MAX_FORWARD_ELEMENTS, sides=sides
    )
    _evaluate_forward(question, evaluator, names, trees, deadline)
    return names, leaves


def _evaluate_forward(
    question: Question,
    evaluator: _ForwardEvaluator,
    names: dict[str, Value],
    trees: Sequence[Node] | None = None,
    deadline: Deadline | None = None,
    *,
    limits_only: bool = False,
) -> None:
    """Each forward line into `names`, a failure reported at its line; then the work of the
    forward and backward passes together. With `limits_only`, only a broken bound is reported
    (a shape-only pass stops quietly at any other error: the trials report it)."""
    for index, line in enumerate(question.forward):
        if deadline is not None:
            deadline.check(line.line)
        evaluator.line_index = index
        tree = trees[index] if trees is not None else parse(line.expression).tree
        try:
            names[line.name] = evaluator.evaluate(tree)
        except NotationError as error:
            if limits_only and not isinstance(error, LimitError):
                return
            text = f"{line.name} = {line.expression}"
            raise TrialError(msg("forward_error", line=text, error=error.msg), line.line) from None
    if evaluator.work * (1 + 2 * len(question.of)) > MAX_TRIAL_WORK:
        raise TrialError(msg("question_too_much_work", limit=MAX_TRIAL_WORK), question.line)


def largest_dims(question: Question) -> dict[str, int]:
    """Every dimension at the top of its range: no trial of any seed builds more (elements and
    work only grow with the sizes)."""
    return {name: d.high for name, d in question.dims.items()}


def check_largest(question: Question) -> None:
    """The forward pass's bounds at the largest sizes, on shapes alone (no tensor is built): a
    question within its bounds at one seed is within them at every seed."""
    dims = largest_dims(question)
    names = {name: given_value(spec, dims) for name, spec in question.given.items()}
    evaluator = _ForwardEvaluator(names, dims, build=False, max_total=MAX_FORWARD_ELEMENTS)
    _evaluate_forward(question, evaluator, names, limits_only=True)


def check_outputs(question: Question, names: Mapping[str, Value]) -> None:
    """Part of "the forward pass runs within its bounds": each `of` is a scalar, or `upstream`
    names a given of its shape."""
    for of in question.of:
        out = names[of]
        if question.upstream:
            up = names[question.upstream]
            if up.shape != out.shape:
                raise TrialError(
                    msg(
                        "upstream_shape",
                        upstream=question.upstream,
                        shape=shape_text(up.labels),
                        of=of,
                        of_shape=shape_text(out.labels),
                    ),
                    question.line_of("upstream"),
                )
        elif out.ndim:
            raise TrialError(
                msg("of_not_scalar", of=of, shape=shape_text(out.labels)), question.line_of("of")
            )


def backward(
    question: Question,
    names: Mapping[str, Value],
    inputs: Mapping[str, Any],
    *,
    upstream_ones: bool = False,
    deadline: Deadline | None = None,
) -> dict[str, Any]:
    """What backward leaves in each input's .grad: Σ over `of` (× `backward`) of the VJPs,
    one autograd pass per `of`; an input no gradient reaches is left out."""
    torch = torch_module()
    order = list(inputs)
    tensors = [inputs[name] for name in order]
    totals: list[Any] = [None] * len(order)
    for of in question.of:
        if deadline is not None:
            deadline.check(question.line_of("of"))
        out = names[of].tensor
        if out is None or not getattr(out, "requires_grad", False):
            continue
        if question.upstream:
            # of.backward(gradient=g) is the backward of the scalar Σ of ⊙ g: the same numbers,
            # and a scalar spares torch importing sympy (a second) to compare symbolic shapes
            up = names[question.upstream].tensor.detach()
            out = out.sum() if upstream_ones else (out * up).sum()
        grads = torch.autograd.grad(out, tensors, retain_graph=True, allow_unused=True)
        for index, grad in enumerate(grads):
            if grad is not None:
                totals[index] = grad if totals[index] is None else totals[index] + grad
    return {
        name: (total * question.backward).detach()
        for name, total in zip(order, totals, strict=True)
        if total is not None
    }


def _differentiable(names: Mapping[str, Value]) -> dict[str, Any]:
    return {
        name: value.tensor
        for name, value in names.items()
        if value.tensor is not None and getattr(value.tensor, "requires_grad", False)
    }


def build_trial(
    question: Question, seed: int, index: int, deadline: Deadline, sides: Sides | None = None
) -> Trial:
    torch = torch_module()
    dims = _draw_dims(question, seed, index)
    generator = torch.Generator().manual_seed(trial_seed(question, seed, index))
    given = {name: make_tensor(spec, dims, generator) for name, spec in question.given.items()}
    leaves = {
        name for name, spec in question.given.items() if spec.value is None and spec.classes is None
    }
    names, _ = run_forward(
        question, dims, given, leaves | {question.wrt or ""}, deadline=deadline, sides=sides
    )
    check_outputs(question, names)
    adjoints = backward(question, names, _differentiable(names), deadline=deadline)
    if question.wrt not in adjoints:
        raise TrialError(
            msg("no_gradient", of=" / ".join(question.of), wrt=question.wrt),
            question.line_of("wrt"),
        )
    values = {
        name: Value(
            v.shape,
            v.labels,
            v.tensor.detach() if v.tensor is not None else None,
            v.const,
            v.classes,
        )
        for name, v in names.items()
    }
    return Trial(dims, given, values, adjoints[question.wrt], adjoints)


def build_trials(
    question: Question,
    seed: int = 0,
    deadline: Deadline | None = None,
    build: Callable[[Question, int, int, Deadline, Sides], Trial] | None = None,
) -> list[Trial]:
    """The question's trials: as many as it needs (see the module's docstring), each made by
    `build` (a differential question's by `differential.differential_trial`)."""
    deadline = deadline or Deadline()
    check_largest(question)
    build = build or build_trial
    sides: Sides = {}
    trials: list[Trial] = []
    entries = 0
    while len(trials) < MAX_TRIALS:
        try:
            trial = build(question, seed, len(trials), deadline, sides)
        except LimitError as error:
            raise TrialError(error.msg, question.line) from None
        trials.append(trial)
        entries += int(trial.truth.numel())
        seen_both = all(positive and other for positive, other in sides.values())
        if len(trials) >= MIN_TRIALS and entries >= MIN_ENTRIES and seen_both:
            break
    return trials
