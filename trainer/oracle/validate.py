"""Validity rules 4-7 of the format: the forward pass runs, the gradient exists, the reference
answer is judged correct and every listed mistake is judged wrong — by the same oracle that
judges learners."""

from __future__ import annotations

from trainer.catalog import msg
from trainer.oracle.checker import Oracle
from trainer.oracle.trials import TrialError
from trainer.oracle.verdicts import CORRECT, INVALID
from trainer.questions.model import Bank, Problem, Question


def validate(question: Question, seed: int = 0) -> list[Problem]:
    if question.is_choice:
        return []
    oracle = Oracle(question, seed)

    def problem(line: int, message) -> Problem:
        return Problem(question.path, line, question.id, message)

    try:
        oracle.trials  # noqa: B018 - building the trials runs rules 4 and 5
    except TrialError as error:
        return [problem(error.line or question.line, error.msg)]
    problems = []
    if question.answer is not None:
        verdict = oracle.judge_value(question.answer)
        if verdict.verdict == INVALID and question.ask == ("shape",):
            # On a shape-only question the reference may be written as the shape itself.
            shape_verdict = oracle.judge_shape(question.answer)
            verdict = shape_verdict if shape_verdict.verdict != INVALID else verdict
        line = question.line_of("answer")
        if verdict.verdict == INVALID:
            problems.append(problem(line, msg("answer_invalid", error=verdict.message)))
        elif not verdict.correct:
            problems.append(
                problem(line, msg("answer_wrong", verdict=verdict.verdict, message=verdict.message))
            )
    kind = "shape" if question.ask == ("shape",) else "value"
    for mistake in question.mistakes:
        verdict = oracle.judge(mistake.answer, kind)
        if verdict.verdict == INVALID:
            problems.append(
                problem(
                    mistake.line,
                    msg("mistake_invalid", answer=mistake.answer, error=verdict.message),
                )
            )
        elif verdict.verdict == CORRECT:
            problems.append(problem(mistake.line, msg("mistake_correct", answer=mistake.answer)))
    return problems


def validate_bank(bank: Bank, seed: int = 0) -> list[Problem]:
    """Run rules 4-7 on every loaded question; drop the invalid ones from the bank."""
    problems: list[Problem] = []
    for deck in bank.decks:
        kept = []
        for question in deck.questions:
            found = validate(question, seed)
            problems.extend(found)
            if found:
                bank.questions.pop(question.id, None)
            else:
                kept.append(question)
        deck.questions = kept
    bank.problems.extend(problems)
    return problems
