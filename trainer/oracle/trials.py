"""Trials: random instances of a question, its forward pass under autograd, and the truth.

A trial draws distinct dimension sizes and float64 `given` tensors, runs `forward` with the
notation's evaluator, and takes what `of.backward(...)` (with `upstream`, repeated `backward`
times, accumulating) leaves in `wrt.grad`.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trainer.catalog import Msg, msg
from trainer.errors import NotationError, TrainerError
from trainer.notation import Evaluator, Value, parse, shape_text, torch_module
from trainer.notation.functions import FUNCTIONS, THROUGH_DETACH, WITHOUT_MASK, Function
from trainer.questions.dims import draw_dims, literal_sizes
from trainer.questions.model import Question, TensorSpec

TRIALS = 3


class TrialError(TrainerError):
    """The question itself cannot be run (a validity rule 4/5 problem), at a line if known."""

    def __init__(self, message: Msg, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Trial:
    dims: dict[str, int]
    given: dict[str, Any]  # name → tensor (float64, no grad)
    values: dict[str, Value]  # given and forward results, detached: what answers may use
    truth: Any  # the gradient tensor, wrt's shape
    alternates: dict[str, Any] = field(default_factory=dict)  # counterfactual truths, lazily


def trial_seed(question: Question, seed: int, index: int) -> int:
    return zlib.crc32(f"{question.id}:{seed}:{index}".encode())


def draw_trial_dims(question: Question, seed: int, index: int) -> dict[str, int]:
    rng = random.Random(trial_seed(question, seed, index))
    return draw_dims(question.dims, literal_sizes(question), rng)


def make_tensor(spec: TensorSpec, dims: Mapping[str, int], generator: Any) -> Any:
    torch = torch_module()
    f64 = torch.float64
    if spec.value is not None:
        return torch.tensor(spec.value, dtype=f64)
    shape = tuple(int(s) if s.isdigit() else dims[s] for s in spec.shape)
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
) -> tuple[dict[str, Value], dict[str, Any]]:
    """Run `forward`; returns (values by name, the leaf tensors that require grad)."""
    leaves = {}
    names: dict[str, Value] = {}
    for name, spec in question.given.items():
        tensor = given[name]
        if name in grad_names:
            tensor = tensor.detach().clone().requires_grad_(True)
            leaves[name] = tensor
        names[name] = Value(tuple(tensor.shape), spec.shape, tensor)
    evaluator = Evaluator(names, dims, functions=functions)
    for line in question.forward:
        try:
            names[line.name] = evaluator.evaluate(parse(line.expression).tree)
        except NotationError as error:
            text = f"{line.name} = {line.expression}"
            raise TrialError(msg("forward_error", line=text, error=error.msg), line.line) from None
    return names, leaves


def gradient(
    question: Question, names: Mapping[str, Value], leaf: Any, upstream_ones: bool = False
) -> Any:
    """What backward leaves in wrt.grad: Σ over `of` (and `backward` repeats) of the VJPs."""
    torch = torch_module()
    total = None
    for of in question.of:
        out = names[of]
        if out.tensor is None or not getattr(out.tensor, "requires_grad", False):
            continue
        grad_output = None
        if question.upstream:
            up = names[question.upstream].tensor
            grad_output = torch.ones_like(out.tensor) if upstream_ones else up.detach()
        elif out.tensor.ndim:
            raise TrialError(
                msg("of_not_scalar", of=of, shape=shape_text(out.labels)), question.line_of("of")
            )
        (grad,) = torch.autograd.grad(
            out.tensor, [leaf], grad_output, retain_graph=True, allow_unused=True
        )
        if grad is not None:
            total = grad if total is None else total + grad
    if total is None:
        raise TrialError(
            msg("no_gradient", of=" / ".join(question.of), wrt=question.wrt),
            question.line_of("wrt"),
        )
    return total * question.backward


def check_outputs(question: Question, names: Mapping[str, Value]) -> None:
    """Rule 4: each `of` is a scalar, or `upstream` names a given of its shape."""
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


def build_trial(question: Question, seed: int, index: int) -> Trial:
    torch = torch_module()
    dims = draw_trial_dims(question, seed, index)
    generator = torch.Generator().manual_seed(trial_seed(question, seed, index))
    given = {name: make_tensor(spec, dims, generator) for name, spec in question.given.items()}
    names, leaves = run_forward(question, dims, given, {question.wrt})
    check_outputs(question, names)
    truth = gradient(question, names, leaves[question.wrt])
    values = {
        name: Value(v.shape, v.labels, v.tensor.detach() if v.tensor is not None else None, v.const)
        for name, v in names.items()
    }
    return Trial(dims, given, values, truth.detach())


def build_trials(question: Question, seed: int = 0, count: int = TRIALS) -> list[Trial]:
    return [build_trial(question, seed, index) for index in range(count)]


# --- counterfactual truths, for diagnosing a wrong answer --------------------------------------


def alternate_truth(question: Question, trial: Trial, kind: str) -> Any | None:
    """The gradient had the learner forgotten the mask / the upstream / a detach; None if n/a."""
    if kind in trial.alternates:
        return trial.alternates[kind]
    result = None
    source = " ".join(line.expression for line in question.forward)
    applies = {
        "mask": "relu" in source or "step" in source,
        "detach": "detach" in source,
        "upstream": question.upstream is not None,
    }[kind]
    if applies:
        functions = {"mask": WITHOUT_MASK, "detach": THROUGH_DETACH}.get(kind, FUNCTIONS)
        try:
            names, leaves = run_forward(
                question, trial.dims, trial.given, {question.wrt}, functions
            )
            result = gradient(
                question, names, leaves[question.wrt], upstream_ones=kind == "upstream"
            )
            result = result.detach()
        except TrainerError:
            result = None
    trial.alternates[kind] = result
    return result
