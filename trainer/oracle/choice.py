"""Judging a choice question: the number typed, checked against the answer and the listed
wrong choices; no trials are needed."""

from __future__ import annotations

from trainer.messages import msg
from trainer.oracle.verdicts import CORRECT, WRONG_VALUE, Diagnosis, Verdict
from trainer.questions.model import AnswerKind, Question


def judge_choice(q: Question, answer: str) -> Verdict:
    """A choice number against the question's answer and its listed wrong choices."""
    kind = AnswerKind.CHOICE
    count = len(q.choices)
    text = answer.strip().rstrip(".)")
    if not text.isdigit() or len(text) > 6:
        return Verdict.invalid(q.id, kind, answer, msg("choice_syntax", count=count))
    number = int(text)
    if not 1 <= number <= count:
        return Verdict.invalid(q.id, kind, answer, msg("choice_range", count=count))
    if str(number) == str(q.answer).strip():
        return Verdict(q.id, kind, answer, CORRECT, msg("correct"), Diagnosis.CORRECT)
    for mistake in q.mistakes:
        if mistake.answer.strip() == str(number):
            says = msg("mistake", says=mistake.says)
            return Verdict(q.id, kind, answer, WRONG_VALUE, says, Diagnosis.WRONG_CHOICE, True)
    return Verdict(q.id, kind, answer, WRONG_VALUE, msg("wrong_choice"), Diagnosis.WRONG_CHOICE)
