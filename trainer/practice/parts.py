"""What each part of a question asks, in the learner's language: one wording for the app and
the plain line mode."""

from __future__ import annotations

from trainer.oracle.evidence import gradient_label
from trainer.practice.i18n import Labels
from trainer.questions.model import AnswerKind, Question


def part_prompt(question: Question, part: AnswerKind, t: Labels) -> str:
    """`Shape of ∂loss/∂W?`, `Value of …?`, `dY for a change dA of A?` or the choice."""
    if question.is_differential:
        of = f"d{question.of[0]}"
        if part == AnswerKind.SHAPE:
            return t("Shape of {gradient}?", gradient=of)
        return t(
            "{differential} for a change {direction} of {wrt}?",
            differential=of,
            direction=question.direction,
            wrt=question.wrt or "",
        )
    grad = gradient_label(question, question.wrt or "")
    if part == AnswerKind.SHAPE:
        return t("Shape of {gradient}?", gradient=grad)
    if part == AnswerKind.VALUE:
        return t("Value of {gradient}?", gradient=grad)
    return t("Your choice (1–{count})?", count=len(question.choices))


def placeholder(question: Question, part: AnswerKind, t: Labels) -> str:
    """The hint inside an empty answer box."""
    if part == AnswerKind.SHAPE:
        return t("a shape, e.g. (m, n) — ? for help")
    if part == AnswerKind.DIFFERENTIAL:
        return t(
            "an expression in {direction} and the question's names — ? for help",
            direction=question.direction,
        )
    if part == AnswerKind.VALUE:
        return t("an expression in the question's names — ? for help")
    return t("the number of a choice")
