"""The oracle of one question: judges value, shape and choice answers against autograd.

An `Oracle` builds its trials once (lazily) and keeps them, so a batch grades many answers
against the same truths; the CLI, the app and the pytest plugin all judge through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from trainer.catalog import Msg, msg
from trainer.errors import NotationError
from trainer.notation import Evaluator, Value, parse, shape_text, torch_module
from trainer.notation.shapes import parse_shape
from trainer.oracle import trials as trial_module
from trainer.oracle.compare import all_same, close, flat, format_tensor, same_shapes
from trainer.oracle.diagnosis import diagnose_shape, diagnose_value
from trainer.oracle.verdicts import CORRECT, INVALID, WRONG_SHAPE, WRONG_VALUE, Verdict
from trainer.questions.model import Mistake, Question, Text


@dataclass(frozen=True)
class Preview:
    """How an answer is read, before it is submitted (needs no torch)."""

    text: str | None = None  # normalised expression or shape
    shape: str | None = None  # in dimension names
    error: Any = None  # a Msg
    column: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Instance:
    """A small numeric instance: sizes, given tensors, the expected gradient (and yours)."""

    dims: dict[str, int]
    given: dict[str, str]
    expected: str
    yours: str | None = None


class Oracle:
    def __init__(
        self, question: Question, seed: int = 0, trials: int = trial_module.TRIALS
    ) -> None:
        self.question = question
        self.seed = seed
        self.trial_count = trials

    # --- trials (built on first use; needs torch) ------------------------------------------------

    @cached_property
    def torch(self) -> Any:
        return torch_module()

    @cached_property
    def trials(self) -> list[trial_module.Trial]:
        return trial_module.build_trials(self.question, self.seed, self.trial_count)

    def alternate(self, trial: trial_module.Trial, kind: str) -> Any | None:
        return trial_module.alternate_truth(self.question, trial, kind)

    @cached_property
    def truths(self) -> list[Any]:
        return [t.truth for t in self.trials]

    @cached_property
    def _truth_flat(self) -> Any:
        return flat(self.truths)

    def is_truth(self, tensors: list[Any]) -> bool:
        """Right in every trial: the exact shape, then allclose (all trials in one call)."""
        return same_shapes(tensors, self.truths) and close(flat(tensors), self._truth_flat)

    @property
    def expected_shape(self) -> str:
        return shape_text(self.question.given[self.question.wrt].shape)

    @cached_property
    def smallest_trial(self) -> int:
        sizes = [t.truth.numel() for t in self.trials]
        return sizes.index(min(sizes))

    def instance_label(self, index: int) -> str | Msg:
        dims = self.trials[index].dims
        return ", ".join(f"{name}={size}" for name, size in dims.items()) or msg("this_instance")

    # --- judging -----------------------------------------------------------------------------

    def judge(self, answer: str, kind: str) -> Verdict:
        if kind == "choice":
            return self.judge_choice(answer)
        if kind == "shape":
            return self.judge_shape(answer)
        return self.judge_value(answer)

    def judge_value(self, answer: str) -> Verdict:
        q = self.question
        base = {
            "id": q.id,
            "kind": "value",
            "answer": answer,
            "expected_shape": self.expected_shape,
        }
        try:
            expression = parse(answer)
            values = self.evaluate(answer)
        except NotationError as error:
            return Verdict(**base, verdict=INVALID, message=error.msg, column=error.column)
        tensors = [v.tensor for v in values]
        shape = shape_text(values[0].labels)
        base.update(answer_shape=shape, normalised=expression.text)
        if self.is_truth(tensors):
            return Verdict(**base, verdict=CORRECT, message=msg("correct"))
        wrong_shape = any(
            tuple(a.shape) != tuple(t.truth.shape)
            for a, t in zip(tensors, self.trials, strict=True)
        )
        verdict = WRONG_SHAPE if wrong_shape else WRONG_VALUE
        return Verdict(**base, verdict=verdict, message=diagnose_value(self, values))

    def judge_shape(self, answer: str) -> Verdict:
        q = self.question
        base = {
            "id": q.id,
            "kind": "shape",
            "answer": answer,
            "expected_shape": self.expected_shape,
        }
        try:
            shape = parse_shape(answer, q.dim_names)
        except NotationError as error:
            return Verdict(**base, verdict=INVALID, message=error.msg, column=error.column)
        base.update(answer_shape=shape.text, normalised=shape.text)
        sizes = [shape.sizes(t.dims) for t in self.trials]
        if all(s == tuple(t.truth.shape) for s, t in zip(sizes, self.trials, strict=True)):
            return Verdict(**base, verdict=CORRECT, message=msg("correct"))
        message = diagnose_shape(self, sizes, shape.text)
        return Verdict(**base, verdict=WRONG_SHAPE, message=message)

    def judge_choice(self, answer: str) -> Verdict:
        q = self.question
        base = {"id": q.id, "kind": "choice", "answer": answer}
        count = len(q.choices)
        text = answer.strip().rstrip(".)")
        if not text.isdigit():
            return Verdict(**base, verdict=INVALID, message=msg("choice_syntax", count=count))
        number = int(text)
        if not 1 <= number <= count:
            return Verdict(**base, verdict=INVALID, message=msg("choice_range", count=count))
        if str(number) == str(q.answer).strip():
            return Verdict(**base, verdict=CORRECT, message=msg("correct"), normalised=str(number))
        for mistake in q.mistakes:
            if mistake.answer.strip() == str(number):
                return Verdict(
                    **base, verdict=WRONG_VALUE, message=msg("mistake", says=mistake.says)
                )
        return Verdict(
            **base, verdict=WRONG_VALUE, message=msg("wrong_choice"), normalised=str(number)
        )

    # --- evaluation helpers ---------------------------------------------------------------

    def evaluate(self, answer: str) -> list[Value]:
        """The answer's value in every trial, as float64 tensors (raises NotationError)."""
        tree = parse(answer).tree
        torch = self.torch
        trials = self.trials  # built outside no_grad: they need autograd
        results = []
        with torch.no_grad():
            for trial in trials:
                value = Evaluator(trial.values, trial.dims).evaluate(tree)
                if value.const is not None:
                    value = Value((), (), torch.tensor(value.const, dtype=torch.float64))
                elif value.tensor.dtype != torch.float64:
                    value = Value(value.shape, value.labels, value.tensor.to(torch.float64))
                results.append(value)
        return results

    @cached_property
    def _mistake_values(self) -> list[tuple[Mistake, list[Any]]]:
        """Each listed mistake that evaluates, with its tensors in every trial."""
        found = []
        for mistake in self.question.mistakes:
            try:
                found.append((mistake, [v.tensor for v in self.evaluate(mistake.answer)]))
            except NotationError:
                continue
        return found

    def matching_mistake(self, tensors: list[Any]) -> Text | None:
        for mistake, values in self._mistake_values:
            if all_same(tensors, values):
                return mistake.says
        return None

    def matching_shape_mistake(self, sizes: list[tuple[int, ...]]) -> Text | None:
        """A wrong mistake of the same shape: a shape mistake, or a value mistake's shape."""
        q = self.question
        truth_sizes = [tuple(t.shape) for t in self.truths]
        if q.ask == ("shape",):
            candidates = []
            for mistake in q.mistakes:
                try:
                    shape = parse_shape(mistake.answer, q.dim_names)
                except NotationError:
                    continue
                candidates.append((mistake, [shape.sizes(t.dims) for t in self.trials]))
        else:
            candidates = [
                (mistake, [tuple(v.shape) for v in values])
                for mistake, values in self._mistake_values
            ]
        for mistake, mistake_sizes in candidates:
            if mistake_sizes == sizes and mistake_sizes != truth_sizes:
                return mistake.says
        return None

    # --- what the app shows ---------------------------------------------------------------

    def preview(self, answer: str, kind: str = "value") -> Preview:
        """The normalised answer and its shape in dimension names, without building tensors."""
        q = self.question
        try:
            if kind == "shape":
                shape = parse_shape(answer, q.dim_names)
                return Preview(shape.text, shape.text)
            expression = parse(answer)
            value = Evaluator(self.shape_names, self.preview_dims, build=False).evaluate(
                expression.tree
            )
        except NotationError as error:
            return Preview(error=error.msg, column=error.column)
        return Preview(expression.text, shape_text(value.labels))

    @cached_property
    def preview_dims(self) -> dict[str, int]:
        return trial_module.draw_trial_dims(self.question, self.seed, 0)

    @cached_property
    def shape_names(self) -> dict[str, Value]:
        """Shapes of the given and forward names, computed without torch."""
        q = self.question
        dims = self.preview_dims
        names: dict[str, Value] = {}
        for name, spec in q.given.items():
            sizes = tuple(int(s) if s.isdigit() else dims[s] for s in spec.shape)
            names[name] = Value(sizes, spec.shape)
        evaluator = Evaluator(names, dims, build=False)
        for line in q.forward:
            try:
                names[line.name] = evaluator.evaluate(parse(line.expression).tree)
            except NotationError:
                break
        return names

    def instance(self, answer: str | None = None) -> Instance:
        index = self.smallest_trial
        trial = self.trials[index]
        yours = None
        if answer:
            try:
                yours = format_tensor(self.evaluate(answer)[index].tensor)
            except NotationError:
                yours = None
        given = {name: format_tensor(t) for name, t in trial.given.items()}
        return Instance(dict(trial.dims), given, format_tensor(trial.truth), yours)
