"""The oracle of one question: judges value, shape and choice answers against autograd.

An `Oracle` builds its trials once (lazily) and keeps them, so a batch judges many answers
against the same truths. Surfaces reach it through the `Judge` (`judge.py`), which keeps the
oracles and checks an answer's gates first. A wrong answer goes down the diagnosis ladder
(`ladder.py`) once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from trainer.errors import NotationError
from trainer.messages import Msg, msg
from trainer.notation import Evaluator, Value, parse, shape_text, torch_module
from trainer.notation.shapes import parse_shape
from trainer.oracle.choice import judge_choice
from trainer.oracle.compare import (
    SHOWN_ENTRIES,
    all_same,
    flat,
    format_tensor,
    same_shapes,
    tolerances,
    within,
)
from trainer.oracle.counterfactual import allowance_for
from trainer.oracle.evidence import Evidence, Target
from trainer.oracle.forward import TIME_LIMIT, Deadline, TrialError, given_value
from trainer.oracle.forward_mode import differential_trial, direction_shape, trial_directions
from trainer.oracle.ladder import ShapeEvidence, diagnose, diagnose_shape
from trainer.oracle.lazy import cached_property
from trainer.oracle.paths import Paths
from trainer.oracle.shown import Instance, Preview
from trainer.oracle.trials import Trial, build_trials, draw_trial_dims
from trainer.oracle.verdicts import (
    CORRECT,
    WRONG_SHAPE,
    WRONG_VALUE,
    AnswerKind,
    Diagnosis,
    Verdict,
)
from trainer.questions.model import Mistake, Question

Names = Mapping[str, Value]
FLAT_ENTRIES = 100_000  # a node's truths in all trials kept as one flat array up to this


class Oracle:
    def __init__(
        self, question: Question, seed: int = 0, *, time_limit: float = TIME_LIMIT
    ) -> None:
        self.question = question
        self.seed = seed
        self.time_limit = time_limit
        self._size: int | None = None
        self._flat: dict[str, tuple[Any, Any]] = {}  # node → its flat adjoints and bound
        self.shape_error: TrialError | None = None  # where the shapes at the preview's sizes break

    # --- trials (built on first use; needs torch) ------------------------------------------------

    @cached_property
    def trials(self) -> list[Trial]:
        build = differential_trial if self.question.is_differential else None
        return build_trials(self.question, self.seed, Deadline(self.time_limit), build)

    @property
    def size(self) -> int:
        """Elements its trials hold (0 before they are built): what keeping this oracle costs."""
        trials = self.__dict__.get("trials")
        if trials is None:
            return 0
        if self._size is None:
            self._size = sum(trial.size for trial in trials)
        return self._size

    @cached_property
    def paths(self) -> Paths:
        return Paths(self.question)

    @cached_property
    def truths(self) -> list[Any]:
        return [t.truth for t in self.trials]

    def _close(self, answers: list[Any], node: str, truths: list[Any]) -> bool:
        """Within tolerance in every trial: small truths as one flat array with its bounds
        worked out once (fast for a batch), each trial's by its own largest entry; large ones
        trial by trial (no copy of them all at once)."""
        if node in self._flat:
            return within(flat(answers), *self._flat[node])
        if sum(int(t.numel()) for t in truths) > FLAT_ENTRIES:
            return all_same(answers, truths)
        truth = flat(truths)
        found = (truth, tolerances(truths))
        if self.trials[0].budget.take(2 * truth.size):  # kept while the question's budget lasts
            self._flat[node] = found
        return within(flat(answers), *found)

    @property
    def expected_shape(self) -> str:
        """The gradient's shape: wrt's (of `of`, for a differential)."""
        q = self.question
        if q.is_differential:
            return shape_text(self.shape_of(q.of[0]).labels)
        return shape_text(q.given[q.wrt or ""].shape)

    def target(self, node: str | None = None) -> Target:
        """The gradient of wrt, or (for a walkthrough step) the adjoint of `node`."""
        wrt = self.question.wrt or ""
        if node is None:
            return self._gradient_target
        if node == wrt:
            return Target(wrt, self.question.given[wrt].shape, step=True)
        return Target(node, self.shape_names[node].labels, step=True)

    @cached_property
    def _gradient_target(self) -> Target:
        wrt = self.question.wrt or ""
        return Target(wrt, self.question.given[wrt].shape)

    @cached_property
    def smallest_trial(self) -> int:
        sizes = [t.truth.numel() for t in self.trials]
        return sizes.index(min(sizes))

    # --- judging -----------------------------------------------------------------------------

    def judge(self, answer: str, kind: str) -> Verdict:
        if kind == AnswerKind.CHOICE:
            return self.judge_choice(answer)
        if kind == AnswerKind.SHAPE:
            return self.judge_shape(answer)
        return self.judge_value(answer)

    def judge_value(
        self,
        answer: str,
        *,
        node: str | None = None,
        bound: Sequence[Names] | None = None,
        adjoints: Sequence[Names] | None = None,
        mistakes: Sequence[Mistake] = (),
    ) -> Verdict:
        """A value answer (or, with `node`, a walkthrough step with its adjoint names `bound`
        and the step's own listed `mistakes`)."""
        target = self.target(node)
        kind = AnswerKind.STEP if node is not None else AnswerKind.VALUE
        step = node if node is not None else None
        base: dict[str, Any] = {
            "id": self.question.id,
            "kind": kind,
            "answer": answer,
            "expected_shape": target.expected,
            "step": step,
        }
        try:
            values = self.evaluate(answer, bound, adjoints)
        except NotationError as error:
            return Verdict.invalid(
                self.question.id,
                kind,
                answer,
                error.msg,
                column=error.column,
                step=step,
                expected_shape=target.expected,
            )
        tensors = [v.tensor for v in values]
        base["answer_shape"] = shape_text(values[0].labels)
        truths = [t.adjoints[target.name] for t in self.trials] if node else self.truths
        if same_shapes(tensors, truths) and self._close(tensors, target.name, truths):
            return Verdict(
                **base, verdict=CORRECT, message=msg("correct"), diagnosis=Diagnosis.CORRECT
            )
        evidence = Evidence(
            self.question,
            self.paths,
            target,
            self.trials,
            tensors,
            values[0].labels,
            self.mistake_values if node is None else self._values_of(mistakes, bound, adjoints),
            allowance_for(self.trials, self.time_limit),
        )
        finding = diagnose(evidence)
        verdict = WRONG_VALUE if evidence.same_shape else WRONG_SHAPE
        return Verdict(
            **base,
            verdict=verdict,
            message=finding.message,
            diagnosis=finding.code,
            listed=finding.listed,
        )

    def judge_shape(self, answer: str) -> Verdict:
        q = self.question
        base: dict[str, Any] = {
            "id": q.id,
            "kind": AnswerKind.SHAPE,
            "answer": answer,
            "expected_shape": self.expected_shape,
        }
        try:
            shape = parse_shape(answer, q.dim_names)
        except NotationError as error:
            return Verdict.invalid(
                q.id,
                AnswerKind.SHAPE,
                answer,
                error.msg,
                column=error.column,
                expected_shape=self.expected_shape,
            )
        base["answer_shape"] = shape.text
        sizes = [shape.sizes(t.dims) for t in self.trials]
        truths = [tuple(t.truth.shape) for t in self.trials]
        if sizes == truths:
            return Verdict(
                **base, verdict=CORRECT, message=msg("correct"), diagnosis=Diagnosis.CORRECT
            )
        evidence = ShapeEvidence(
            q.wrt or "", self.expected_shape, sizes, truths, shape.text, self._shape_mistakes
        )
        finding = diagnose_shape(evidence)
        return Verdict(
            **base,
            verdict=WRONG_SHAPE,
            message=finding.message,
            diagnosis=finding.code,
            listed=finding.listed,
        )

    def judge_choice(self, answer: str) -> Verdict:
        return judge_choice(self.question, answer)

    # --- evaluation helpers ---------------------------------------------------------------

    def evaluate(
        self,
        answer: str,
        bound: Sequence[Names] | None = None,
        adjoints: Sequence[Names] | None = None,
    ) -> list[Value]:
        """The answer's value in every trial, as float64 tensors (raises NotationError).

        `bound[i]` adds names to trial i (a walkthrough's `dz`), `adjoints[i]` binds `grad(z)`.
        """
        tree = parse(answer).tree
        torch = torch_module()
        trials = self.trials
        results = []
        # no grad to switch off: the trials' values are detached, so nothing here is recorded
        for index, trial in enumerate(trials):
            names: Names = trial.values
            if bound is not None:
                names = {**trial.values, **bound[index]}
            env = adjoints[index] if adjoints is not None else None
            value = Evaluator(names, trial.dims, adjoints=env).evaluate(tree)
            if value.const is not None:
                value = Value((), (), torch.tensor(value.const, dtype=torch.float64))
            elif value.tensor.dtype != torch.float64:
                value = Value(value.shape, value.labels, value.tensor.to(torch.float64))
            results.append(value)
        return results

    @cached_property
    def mistake_values(self) -> list[tuple[Mistake, list[Any]]]:
        """Each listed mistake that evaluates, with its tensors in every trial."""
        found = []
        for mistake in self.question.mistakes:
            try:
                found.append((mistake, [v.tensor for v in self.evaluate(mistake.answer)]))
            except NotationError:
                continue
        return found

    def _values_of(
        self,
        mistakes: Sequence[Mistake],
        bound: Sequence[Names] | None,
        adjoints: Sequence[Names] | None,
    ) -> list[tuple[Mistake, list[Any]]]:
        """A step's listed mistakes that evaluate, with their tensors in every trial."""
        found = []
        for mistake in mistakes:
            try:
                values = self.evaluate(mistake.answer, bound, adjoints)
            except NotationError:
                continue
            found.append((mistake, [v.tensor for v in values]))
        return found

    @cached_property
    def _shape_mistakes(self) -> list[tuple[Msg, list[tuple[int, ...]]]]:
        """The mistakes a shape answer can match: those written as shapes, which only an
        `ask: shape` question has. A value mistake's text is about a value (it may even show
        the right one), so at the shape step of a question its shape alone never selects it."""
        q = self.question
        if q.ask != ("shape",):
            return []
        found = []
        for mistake in q.mistakes:
            try:
                shape = parse_shape(mistake.answer, q.dim_names)
            except NotationError:
                continue
            found.append(
                (msg("mistake", says=mistake.says), [shape.sizes(t.dims) for t in self.trials])
            )
        return found

    # --- what the app shows ---------------------------------------------------------------

    def preview(self, answer: str, kind: str = "value", bound: Names | None = None) -> Preview:
        """The normalised answer and its shape in dimension names, without building tensors."""
        q = self.question
        try:
            if kind == AnswerKind.SHAPE:
                shape = parse_shape(answer, q.dim_names)
                return Preview(shape.text, shape.text)
            expression = parse(answer)
            adjoints = bound
            if kind == AnswerKind.DIFFERENTIAL:
                bound, adjoints = direction_shape(q, self.shape_names), None
            names = {**self.shape_names, **bound} if bound else self.shape_names
            evaluator = Evaluator(names, self.preview_dims, build=False, adjoints=adjoints)
            value = evaluator.evaluate(expression.tree)
        except NotationError as error:
            return Preview(error=error.msg, column=error.column)
        return Preview(expression.text, shape_text(value.labels))

    @cached_property
    def preview_dims(self) -> dict[str, int]:
        return draw_trial_dims(self.question, self.seed, 0)

    @cached_property
    def shape_names(self) -> dict[str, Value]:
        """Shapes of the given and forward names, computed without torch."""
        q = self.question
        dims = self.preview_dims
        names = {name: given_value(spec, dims) for name, spec in q.given.items()}
        evaluator = Evaluator(names, dims, build=False)
        for line in q.forward:
            try:
                names[line.name] = evaluator.evaluate(parse(line.expression).tree)
            except NotationError as error:
                text = f"{line.name} = {line.expression}"
                message = msg("forward_error", line=text, error=error.msg)
                self.shape_error = TrialError(message, line.line)
                break
        return names

    def shape_of(self, name: str) -> Value:
        """A given or forward name's shape at the preview's sizes; raises TrialError at the
        forward line whose shape breaks at them (a preview shows the names before it)."""
        names = self.shape_names
        if name not in names:
            raise self.shape_error or TrialError(msg("question_broken", error=name))
        return names[name]

    def instance(
        self, answer: str | None = None, node: str | None = None, limit: int = SHOWN_ENTRIES
    ) -> Instance:
        """The smallest trial: sizes, given tensors, the expected gradient (of `node`, for a
        step) and the learner's own values when an answer is given; a tensor of more than
        `limit` entries is shown by a few of them."""
        index = self.smallest_trial
        trial = self.trials[index]
        yours = None
        bound = trial_directions(self.question, self.trials)  # d<wrt> of a differential
        if answer:
            try:
                yours = format_tensor(self.evaluate(answer, bound)[index].tensor, limit)
            except NotationError:
                yours = None
        given = {name: format_tensor(t, limit) for name, t in trial.given.items()}
        given.update({name: format_tensor(v.tensor, limit) for name, v in bound[index].items()})
        expected = trial.adjoints[node] if node is not None else trial.truth
        return Instance(dict(trial.dims), given, format_tensor(expected, limit), yours)
