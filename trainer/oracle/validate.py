"""Validity rules 4-7 of the format: the forward pass runs within its bounds, the gradient
exists, the reference answer is judged correct, every listed mistake is judged wrong, and every
authored walkthrough step is right — judged by the oracle that will judge learners, on the same
trials (so a question accepted here never judges its own reference wrong later)."""

from __future__ import annotations

from collections.abc import Callable

from trainer.errors import TrainerError
from trainer.messages import Msg, msg
from trainer.oracle.oracle import Oracle
from trainer.oracle.trials import TrialError
from trainer.oracle.verdicts import CORRECT, INVALID, AnswerKind
from trainer.oracle.walkthrough import Walkthrough, no_walkthrough
from trainer.questions.model import Bank, Problem, Question


def validate(oracle: Oracle) -> list[Problem]:
    question = oracle.question
    if question.is_choice:
        return []

    def problem(line: int, message: Msg) -> Problem:
        return Problem(question.path, line, question.id, message)

    try:
        oracle.trials  # noqa: B018 - building the trials runs rules 4 and 5
    except TrialError as error:
        return [problem(error.line or question.line, error.msg)]
    problems = []
    if question.answer is not None:
        verdict = oracle.judge_value(question.answer)
        if verdict.verdict == INVALID and question.shape_only:
            # On a shape-only question the reference may be written as the shape itself.
            shape_verdict = oracle.judge_shape(question.answer)
            verdict = shape_verdict if shape_verdict.verdict != INVALID else verdict
        line = question.line_of("answer")
        if verdict.verdict == INVALID:
            problems.append(problem(line, msg("answer_invalid", error=verdict.message)))
        elif not verdict.correct:
            message = msg("answer_wrong", verdict=str(verdict.verdict), message=verdict.message)
            problems.append(problem(line, message))
    kind = AnswerKind.SHAPE if question.shape_only else AnswerKind.VALUE
    for mistake in question.mistakes:
        verdict = oracle.judge(mistake.answer, kind)
        if verdict.verdict == INVALID:
            message = msg("mistake_invalid", answer=mistake.answer, error=verdict.message)
            problems.append(problem(mistake.line, message))
        elif verdict.verdict == CORRECT:
            problems.append(problem(mistake.line, msg("mistake_correct", answer=mistake.answer)))
    problems.extend(_step_problems(oracle, problem))
    return problems


def _step_problems(oracle: Oracle, report: Callable[[int, Msg], Problem]) -> list[Problem]:
    """Each authored step names a step of the walkthrough and is judged correct there."""
    question = oracle.question
    if not question.steps:
        return []
    reason = no_walkthrough(question)
    if reason is not None:
        return [report(question.line_of("steps"), msg("steps_without_walkthrough", reason=reason))]
    walkthrough = Walkthrough(oracle)
    nodes = [step.node for step in walkthrough.steps]
    found = []
    for node, authored in question.steps.items():
        if node not in nodes:
            found.append(
                report(authored.line, msg("not_a_step", name=node, steps=", ".join(nodes)))
            )
            continue
        verdict = walkthrough.judge(node, authored.expression)
        if verdict.verdict == INVALID:
            message = msg("step_invalid", name=node, error=verdict.message)
            found.append(report(authored.line, message))
        elif not verdict.correct:
            found.append(
                report(authored.line, msg("step_wrong", name=node, message=verdict.message))
            )
    return found


def validate_question(question: Question, seed: int = 0) -> list[Problem]:
    """Rules 4-7 on a fresh oracle; an engine failure is a problem of the question, not a crash."""
    try:
        return validate(Oracle(question, seed))
    except TrainerError as error:
        return [Problem(question.path, question.line, question.id, error.msg)]


def validate_bank(bank: Bank, seed: int = 0) -> list[Problem]:
    """Run rules 4-7 on every loaded question; drop the invalid ones from the bank."""
    problems: list[Problem] = []
    for deck in bank.decks:
        kept = []
        for question in deck.questions:
            found = validate_question(question, seed)
            problems.extend(found)
            if found:
                bank.questions.pop(question.id, None)
            else:
                kept.append(question)
        deck.questions = kept
    bank.problems.extend(problems)
    return problems
