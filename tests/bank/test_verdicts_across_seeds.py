"""Every verdict is the same on every seed (question-format.md section 6): for each bundled and
test question, its reference is judged correct and each listed mistake gets one and the same
wrong verdict on every seed, with the precise oracle (relative 1e-9). Seeds 1..5 by default;
TRAINER_SEEDS=50 runs the issue's 1..50 (a few minutes on two cores)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trainer.oracle import Judge
from trainer.oracle.judge import Request
from trainer.oracle.verdicts import AnswerKind
from trainer.questions import Question, bundled_bank_path, load_bank

TESTS = Path(__file__).resolve().parent.parent
FOLDERS = [
    bundled_bank_path(),
    TESTS / "fixtures" / "valid",
    TESTS / "app" / "questions" / "valid",
    TESTS / "app" / "questions" / "walk",
]
SEEDS = range(1, int(os.environ.get("TRAINER_SEEDS") or 5) + 1)


def _questions() -> list[Question]:
    found = []
    for folder in FOLDERS:
        bank = load_bank([folder])
        found += [q for q in bank.questions.values() if not q.is_choice]
    return found


QUESTIONS = _questions()


def _kind(question: Question) -> AnswerKind:
    if question.shape_only:
        return AnswerKind.SHAPE
    return AnswerKind.DIFFERENTIAL if question.is_differential else AnswerKind.VALUE


def _reference(judge: Judge, question: Question, seed: int) -> bool:
    """As the check judges it: on a shape-only question, as a value or else as the shape."""
    kind = AnswerKind.VALUE if question.shape_only else _kind(question)
    verdict = judge.judge(Request(question, question.answer or "", kind, seed))
    if verdict.verdict == "invalid" and question.shape_only:
        verdict = judge.judge(Request(question, question.answer or "", AnswerKind.SHAPE, seed))
    return verdict.correct


def test_the_property_covers_the_bank_and_the_fixtures() -> None:
    ids = {q.id for q in QUESTIONS}
    assert len(QUESTIONS) >= 120
    assert {"v12-embedding", "v12-d-inv", "act-relu"} <= ids


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_reference_and_mistakes_keep_their_verdicts_on_every_seed(question: Question) -> None:
    judge = Judge(bounded=True)
    kind = _kind(question)
    first: dict[str, str] = {}
    for seed in SEEDS:
        if question.answer is not None:
            assert _reference(judge, question, seed), seed
        for mistake in question.mistakes:
            verdict = judge.judge(Request(question, mistake.answer, kind, seed))
            assert not verdict.correct, (seed, mistake.answer)
            seen = first.setdefault(mistake.answer, str(verdict.verdict))
            assert str(verdict.verdict) == seen, (seed, mistake.answer, seen, verdict.verdict)
        judge.forget(question.id)  # keep one question's trials at a time
