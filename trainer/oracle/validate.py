"""The checks that run a question: the forward pass runs within its bounds, the gradient
exists, the reference answer is judged correct, every listed mistake is judged wrong, and every
authored walkthrough step is right and its mistakes wrong (docs/question-format.md) — judged
by the oracle that will judge learners, on the same trials (so a question accepted here never
judges its own reference wrong later)."""

from __future__ import annotations

from collections.abc import Callable

from trainer.errors import Problem, TrainerError
from trainer.messages import Msg, msg
from trainer.oracle.compare import too_close
from trainer.oracle.differential import mistake_values
from trainer.oracle.forward import TrialError
from trainer.oracle.judge import Judge, Request
from trainer.oracle.verdicts import CORRECT, INVALID, AnswerKind, Verdict
from trainer.oracle.walkthrough import no_walkthrough
from trainer.questions.model import Bank, Question


def validate(judge: Judge, question: Question, seed: int = 0) -> list[Problem]:
    """The question's reference, mistakes and steps judged as learners' answers are: by
    `judge`, on the oracle it keeps for (question, seed)."""
    if question.is_choice:
        return []

    def problem(line: int, message: Msg) -> Problem:
        return Problem(question.path, line, question.id, message)

    def judged(text: str, kind: AnswerKind, node: str | None = None) -> Verdict:
        return judge.judge(Request(question, text, kind, seed, node))

    try:
        judge.oracle(question, seed).trials  # noqa: B018 - building the trials runs the forward pass and its bounds
    except TrialError as error:
        return [error.problem(question.path, question.id, question.line)]
    problems = []
    reason = no_walkthrough(question)
    if reason is not None and reason.key == "no_walkthrough_too_long":
        problems.append(problem(question.line_of("forward"), reason))
    answers = AnswerKind.DIFFERENTIAL if question.is_differential else AnswerKind.VALUE
    if question.answer is not None:
        verdict = judged(question.answer, answers)
        if verdict.verdict == INVALID and question.shape_only:
            # On a shape-only question the reference may be written as the shape itself.
            shape_verdict = judged(question.answer, AnswerKind.SHAPE)
            verdict = shape_verdict if shape_verdict.verdict != INVALID else verdict
        line = question.line_of("answer")
        if verdict.verdict == INVALID:
            problems.append(problem(line, msg("answer_invalid", error=verdict.message)))
        elif not verdict.correct:
            message = msg("answer_wrong", verdict=str(verdict.verdict), message=verdict.message)
            problems.append(problem(line, message))
    kind = AnswerKind.SHAPE if question.shape_only else answers
    for mistake in question.mistakes:
        verdict = judged(mistake.answer, kind)
        if verdict.verdict == INVALID:
            message = msg("mistake_invalid", answer=mistake.answer, error=verdict.message)
            problems.append(problem(mistake.line, message))
        elif verdict.verdict == CORRECT:
            problems.append(problem(mistake.line, msg("mistake_correct", answer=mistake.answer)))
    problems.extend(_too_close(judge, question, seed, problem))
    problems.extend(_step_problems(judge, question, seed, problem))
    return problems


def _too_close(
    judge: Judge, question: Question, seed: int, report: Callable[[int, Msg], Problem]
) -> list[Problem]:
    """Rule 4: no listed mistake differs from the reference by 1e-6 relative or less on a
    trial (`too_close`). The truth stands for the reference (judged correct, it is within 1e-9
    of it); a mistake judged correct has its own problem."""
    if question.shape_only:
        return []
    oracle = judge.oracle(question, seed)
    found = []
    listed = oracle.mistake_values
    if question.is_differential:
        listed = mistake_values(oracle, question.mistakes)
    for mistake, values in listed:
        if too_close(values, oracle.truths):
            found.append(report(mistake.line, msg("mistake_too_close", answer=mistake.answer)))
    return found


def _step_problems(
    judge: Judge, question: Question, seed: int, report: Callable[[int, Msg], Problem]
) -> list[Problem]:
    """Each authored step names a step of the walkthrough and is judged correct there."""
    if not question.steps:
        return []
    reason = no_walkthrough(question)
    if reason is not None:
        return [report(question.line_of("steps"), msg("steps_without_walkthrough", reason=reason))]
    found = []
    for node, authored in question.steps.items():
        refused = judge.step_refusal(question, seed, False, node)
        if refused is not None:
            found.append(report(authored.line, refused.message()))
            continue
        if authored.expression is not None:
            request = Request(question, authored.expression, AnswerKind.STEP, seed, node)
            verdict = judge.judge(request)
            if verdict.verdict == INVALID:
                message = msg("step_invalid", name=node, error=verdict.message)
                found.append(report(authored.line, message))
            elif not verdict.correct:
                found.append(
                    report(authored.line, msg("step_wrong", name=node, message=verdict.message))
                )
        for mistake in authored.mistakes:
            verdict = judge.judge(Request(question, mistake.answer, AnswerKind.STEP, seed, node))
            if verdict.verdict == INVALID:
                message = msg("mistake_invalid", answer=mistake.answer, error=verdict.message)
                found.append(report(mistake.line, message))
            elif verdict.verdict == CORRECT:
                found.append(report(mistake.line, msg("mistake_correct", answer=mistake.answer)))
    return found


def validate_question(
    question: Question, seed: int = 0, judge: Judge | None = None
) -> list[Problem]:
    """The running checks on the judge's oracle (a fresh one when none is given); an engine
    failure is a problem of the question, not a crash."""
    try:
        return validate(judge if judge is not None else Judge(), question, seed)
    except TrainerError as error:
        return [Problem(question.path, question.line, question.id, error.msg)]


def validate_bank(bank: Bank, seed: int = 0) -> list[Problem]:
    """The running checks on every loaded question; drop the invalid ones from the bank."""
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
