"""Review scheduling with FSRS (the maintained `fsrs` package), and what "due" and "mastered" mean.

Ratings follow app.md: right first time without a hint is Good, right after a hint or a retry is
Hard, revealed or failed (skipped after a wrong answer) is Again; a question skipped without an
attempt is not rated and keeps its schedule.

The scheduler runs without FSRS's minute-long learning steps, so every interval is a whole number
of days: a practice question is worked out, not memorised, and seeing it again ten minutes later
teaches little. That makes "due today" exact: a question is due today when its next review falls
before the start of tomorrow, local time. Fuzzing is off so that schedules are reproducible.

`fsrs` is imported on the first review only (the torch worker preloads it), so the home screen,
which needs only the stored due dates and stabilities, never waits for it.
"""

from __future__ import annotations

import zlib
from datetime import datetime, time, timedelta
from typing import Any

from trainer.practice.outcomes import AFTER_HELP, FIRST_TRY, REVEALED, QuestionResult
from trainer.practice.store import CardRecord

AGAIN, HARD, GOOD = 1, 2, 3  # fsrs.Rating values, without importing fsrs

MASTERED_STABILITY_DAYS = 2.0
"""A question is *mastered* when FSRS's memory stability for it is at least this many days: the
model expects it to be answered right, with 90% probability, two days after its last review.
One answer right first time (stability 2.3 days) reaches it; an answer after help (1.3) or a
lapse does not, and a later lapse takes it away again."""


def rating_for(result: QuestionResult) -> int | None:
    """The FSRS rating of a finished question, or None when it is not rated (a plain skip)."""
    if result.outcome == FIRST_TRY:
        return GOOD
    if result.outcome == AFTER_HELP:
        return HARD
    if result.outcome == REVEALED or result.failed:
        return AGAIN
    return None


def start_of_tomorrow(now: datetime) -> datetime:
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=local.tzinfo)


def is_due(record: CardRecord | None, now: datetime) -> bool:
    """Due for review today; a question never reviewed is new, not due."""
    return record is not None and record.due < start_of_tomorrow(now)


def is_mastered(record: CardRecord | None) -> bool:
    return (
        record is not None
        and record.stability is not None
        and record.stability >= MASTERED_STABILITY_DAYS
    )


class ReviewScheduler:
    """Applies a rating to a question's FSRS card."""

    def __init__(self) -> None:
        self._scheduler: Any = None

    def _fsrs(self) -> Any:
        if self._scheduler is None:
            from fsrs import Scheduler

            self._scheduler = Scheduler(
                learning_steps=(), relearning_steps=(), enable_fuzzing=False
            )
        return self._scheduler

    def review(
        self, question_id: str, previous: CardRecord | None, rating: int, now: datetime
    ) -> CardRecord:
        from fsrs import Card, Rating

        if previous is None:
            # A stable id per question; fsrs would otherwise derive one from the clock (and sleep).
            card = Card(card_id=zlib.crc32(question_id.encode()), due=now)
        else:
            card = Card.from_json(previous.card)
        card, _log = self._fsrs().review_card(card, Rating(rating), review_datetime=now)
        return CardRecord(
            question_id=question_id,
            card=card.to_json(),
            due=card.due,
            stability=card.stability,
            state=int(card.state),
            last_rating=rating,
            reviewed_at=now,
        )
