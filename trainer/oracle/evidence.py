"""What the diagnosis ladder looks at: one frozen record of a wrong answer and its question.

Every rung of the ladder is a function of this record alone, so a judged answer passes down the
rungs once; what several rungs need (the truths, whether the shapes agree, a constant factor)
is worked out on first use and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.messages import Msg, listed, msg
from trainer.notation import shape_text
from trainer.oracle.compare import constant_factor, flat, same_shapes
from trainer.oracle.counterfactual import Allowance, unbounded
from trainer.oracle.lazy import cached_property
from trainer.oracle.paths import Paths
from trainer.oracle.trials import Trial
from trainer.questions.model import Mistake, Question


@dataclass(frozen=True)
class Target:
    """What an answer is judged against: the gradient of `wrt`, or a walkthrough node's adjoint."""

    name: str
    labels: tuple[str, ...]
    step: bool = False
    differential: bool = False  # the differential of `name` (forward mode)

    @property
    def subject(self) -> Msg:
        if self.differential:
            return msg("subject_differential", of=self.name)
        return msg("subject_adjoint", node=self.name) if self.step else msg("subject_gradient")

    @property
    def expected(self) -> str:
        return shape_text(self.labels)


def gradient_label(question: Question, node: str) -> str:
    """∂loss/∂W for one scalar `of` passed backward once; W.grad when seeded, repeated or summed."""
    if len(question.of) == 1 and question.upstream is None and question.backward == 1:
        return f"∂{question.of[0]}/∂{node}"
    return f"{node}.grad"


@dataclass(frozen=True)
class Evidence:
    question: Question
    paths: Paths
    target: Target
    trials: Sequence[Trial]
    answers: Sequence[Any]  # the answer's tensor in each trial
    labels: tuple[str, ...]  # the answer's shape in dimension names
    mistakes: Sequence[tuple[Mistake, list[Any]]] = ()  # listed mistakes that evaluate
    allowance: Allowance = field(default_factory=unbounded)  # for its counterfactual runs

    def adjoints(self, node: str) -> list[Any] | None:
        """∂of/∂node in every trial, or None where no gradient reaches it."""
        found = [trial.adjoints.get(node) for trial in self.trials]
        return None if any(a is None for a in found) else found

    @cached_property
    def truths(self) -> list[Any]:
        found = self.adjoints(self.target.name)
        assert found is not None  # a judged target always has its truth
        return found

    @cached_property
    def same_shape(self) -> bool:
        return same_shapes(list(self.answers), self.truths)

    @cached_property
    def factor(self) -> float | None:
        return constant_factor(self.flat_answers, self.flat_truths) if self.same_shape else None

    @cached_property
    def flat_answers(self) -> Any:
        return flat(self.answers)

    @cached_property
    def flat_truths(self) -> Any:
        return flat(self.truths)

    @property
    def shape(self) -> str:
        return shape_text(self.labels)

    @cached_property
    def smallest_trial(self) -> int:
        sizes = [truth.numel() for truth in self.truths]
        return sizes.index(min(sizes))

    def instance_label(self, index: int) -> dict[str, str] | Msg:
        dims = self.trials[index].dims
        if not dims:
            return msg("this_instance")
        return listed(f"{name}={size}" for name, size in dims.items())
