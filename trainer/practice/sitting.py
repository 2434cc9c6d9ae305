"""Which questions a sitting asks, by how it was started: one rule for every face of practice
(the app's home screen and palette, the plain line mode)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from trainer.messages import msg
from trainer.practice.engine import EngineError, PracticeEngine
from trainer.practice.outcomes import QuestionResult
from trainer.practice.outlook import plan_next
from trainer.practice.practice_bank import PracticeBank
from trainer.practice.progress import Progress
from trainer.practice.session import (
    DECK,
    DUE,
    MIXED,
    NEXT,
    Session,
    plan_deck,
    plan_due,
    plan_mixed,
)
from trainer.practice.store import CardRecord
from trainer.questions import Problem, Question


def plan_sitting(
    bank: PracticeBank,
    mode: str,
    cards: Mapping[str, CardRecord],
    now: datetime,
    deck_id: str | None = None,
    question_ids: Sequence[str] = (),
    accuracy: Mapping[str, tuple[int, int]] | None = None,
) -> list[Question]:
    """The questions of a sitting: a deck, what is due, mixed practice, what comes next when
    nothing is due (by the tags' `accuracy`), or the ids given (the missed ones again)."""
    if mode == NEXT:
        return plan_next(bank.questions(), cards, accuracy or {}, now)
    if mode == DECK:
        deck = bank.deck(deck_id or "")
        return plan_deck(deck.questions, cards, now) if deck else []
    if mode == DUE:
        return plan_due(bank.questions(), cards, now)
    if mode == MIXED:
        return plan_mixed([d.questions for d in bank.decks], cards, now)
    found = (bank.question(i) for i in question_ids)
    return [q for q in found if q is not None]


def finish_question(session: Session, progress: Progress, result: QuestionResult) -> None:
    """The current question ended: in the session (a lapse is queued to come back) and in the
    progress database (rated on its first asking only)."""
    rated = session.record(result)
    progress.finish(result, session.session_id, rated)


@dataclass(frozen=True)
class Checked:
    """The questions the oracle refused, and why (the checks that need torch)."""

    problems: list[Problem]
    invalid: frozenset[str]


def check_questions(
    engine: PracticeEngine, questions: Iterable[Question], stopped: Callable[[], bool]
) -> Checked | None:
    """Run each question's checks under its own lock, so a slow question never holds up the
    learner's answers to the others; None when `stopped` says the run is ending."""
    problems: list[Problem] = []
    invalid: set[str] = set()
    for question in questions:
        if stopped():  # quitting: do not hold up the exit
            return None
        try:
            found = engine.validate(question)
        except EngineError as error:
            message = msg("question_broken", error=error.text)
            found = [Problem(question.path, question.line, question.id, message)]
        if found:
            invalid.add(question.id)
            problems.extend(found)
    return Checked(problems, frozenset(invalid))
