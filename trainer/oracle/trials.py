"""Trials: random instances of a question, its forward pass under autograd, and the truth.

A trial draws distinct dimension sizes and float64 `given` tensors, runs `forward` with the
notation's evaluator, and takes, in one backward pass per `of`, the adjoint of every node: what
`of.backward(...)` (with `upstream`, repeated `backward` times) leaves in each `.grad`. The
gradient asked is the adjoint of `wrt`; the walkthrough, the ladder and the graph view read
the others, so there is never a second backward path.

How many trials: at least `MIN_TRIALS`, and more until the true gradients hold `MIN_ENTRIES`
entries in all and every mask of the forward pass (relu, step, abs, sign, a comparison) has been
seen both ways, so a forgotten mask that bites one entry in four cannot pass on small sizes. The
count depends only on the question and the seed.

A question's forward pass runs within its bounds, like an answer (`forward.py` states them):
elements, work and memory are checked first on shapes alone, at the largest sizes the dims
allow, so a question within them at one seed is within them at every seed. A trial keeps what
is asked of it: the given tensors (its forward values share them), the forward values answers
may use, and the adjoints of `asked_adjoints`; the trials stop being added, past the minimum,
when another one would not fit what the question may keep (as they stop at `MAX_TRIALS`).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trainer.messages import msg
from trainer.notation import Value, shape_text, sizes_of, torch_module
from trainer.notation.builder import error_reason
from trainer.notation.limits import LimitError
from trainer.oracle.compare import SHOWN_ENTRIES
from trainer.oracle.forward import (
    MAX_QUESTION_ELEMENTS,
    MIN_TRIALS,
    Deadline,
    Sides,
    TrialError,
    check_largest,
    run_forward,
)
from trainer.oracle.paths import Paths
from trainer.questions.dims import draw_dims, literal_sizes
from trainer.questions.model import Question, TensorSpec

MAX_TRIALS = 24
MIN_ENTRIES = 12


@dataclass
class Budget:
    """The elements all the trials of one question may still keep, counterfactual truths
    included: what is kept past it is worked out again when asked."""

    left: int = MAX_QUESTION_ELEMENTS

    def take(self, count: int) -> bool:
        if count > self.left:
            return False
        self.left -= count
        return True


@dataclass
class Trial:
    dims: dict[str, int]
    given: dict[str, Any]  # name → tensor (float64, no grad)
    values: dict[str, Value]  # given and forward results, detached: what answers may use
    truth: Any  # the gradient tensor, wrt's shape
    adjoints: dict[str, Any] = field(default_factory=dict)  # node → ∂of/∂node (detached)
    alternates: dict[object, Any] = field(default_factory=dict)  # counterfactual truths, lazily
    reached: frozenset[str] = frozenset()  # the nodes a gradient reaches (kept or not)
    work: int = 0  # multiply-adds of its forward and backward passes: what a re-run costs
    budget: Budget = field(default_factory=Budget)  # shared by the trials of one question
    direction: Any = None  # a differential question's d<wrt> (its truth, the JVP, is `truth`)

    @property
    def size(self) -> int:
        """The elements this trial holds: what keeping it costs."""
        tensors = [*self.given.values(), *self.adjoints.values(), *self.alternates.values()]
        tensors += [v.tensor for v in self.values.values() if v.tensor is not None]
        unique = {id(t): t for t in tensors if t is not None}
        return sum(int(t.numel()) for t in unique.values())

    def keep(self, key: object, tensor: Any) -> None:
        """A counterfactual truth kept for the next answer, while the budget lasts."""
        if tensor is None or self.budget.take(int(tensor.numel())):
            self.alternates[key] = tensor


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
        try:
            grads = torch.autograd.grad(out, tensors, retain_graph=True, allow_unused=True)
        except (RuntimeError, MemoryError) as error:  # the allocator's refusal: said, no trace
            message = msg("question_broken", error=error_reason(error))
            raise TrialError(message, question.line) from None
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


def asked_adjoints(question: Question) -> frozenset[str]:
    """The nodes whose adjoints somebody asks for: wrt's (the truth), and those between wrt
    and `of`, which the walkthrough binds and the ladder compares; the others are kept only
    when small enough for the graph view to show."""
    return Paths(question).on_path | {question.wrt or ""}


def build_trial(
    question: Question,
    seed: int,
    index: int,
    deadline: Deadline,
    sides: Sides | None = None,
    asked: frozenset[str] = frozenset(),
) -> Trial:
    torch = torch_module()
    dims = _draw_dims(question, seed, index)
    generator = torch.Generator().manual_seed(trial_seed(question, seed, index))
    given = {name: make_tensor(spec, dims, generator) for name, spec in question.given.items()}
    leaves = {
        name for name, spec in question.given.items() if spec.value is None and spec.classes is None
    }
    names, work = run_forward(
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
            given[name] if name in given else _detached(v.tensor),
            v.const,
            v.classes,
        )
        for name, v in names.items()
    }  # a given's value is the given tensor itself (it has no grad), not a copy
    del names  # the graph: its saved tensors go before the next trial is built
    kept = {
        name: grad
        for name, grad in adjoints.items()
        if name in asked or int(grad.numel()) <= SHOWN_ENTRIES
    }
    return Trial(
        dims,
        given,
        values,
        adjoints[question.wrt or ""],
        kept,
        reached=frozenset(adjoints),
        work=work,
    )


def _detached(tensor: Any) -> Any:
    return tensor.detach() if tensor is not None else None


def build_trials(
    question: Question,
    seed: int = 0,
    deadline: Deadline | None = None,
    build: Callable[[Question, int, int, Deadline, Sides, frozenset[str]], Trial] | None = None,
) -> list[Trial]:
    """The question's trials: as many as it needs (see the module's docstring), within what
    its trials may keep, each made by `build` (a differential question's by
    `forward_mode.differential_trial`)."""
    deadline = deadline or Deadline()
    asked = asked_adjoints(question)
    footprint = check_largest(question, asked)
    budget = Budget()
    build = build or build_trial
    sides: Sides = {}
    trials: list[Trial] = []
    entries = 0
    while len(trials) < MAX_TRIALS:
        try:
            trial = build(question, seed, len(trials), deadline, sides, asked)
        except LimitError as error:
            raise TrialError(error.msg, question.line) from None
        trial.budget = budget
        budget.take(trial.size)
        trials.append(trial)
        entries += int(trial.truth.numel())
        seen_both = all(positive and other for positive, other in sides.values())
        enough = len(trials) >= MIN_TRIALS and entries >= MIN_ENTRIES and seen_both
        if enough or (len(trials) >= MIN_TRIALS and footprint.kept > budget.left):
            break
    return trials
