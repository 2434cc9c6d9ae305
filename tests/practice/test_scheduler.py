"""Ratings from outcomes, FSRS reviews in whole days, and what "due" and "mastered" mean."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trainer.practice.outcomes import AFTER_HELP, FIRST_TRY, REVEALED, SKIPPED, QuestionResult
from trainer.practice.scheduler import (
    AGAIN,
    GOOD,
    HARD,
    MASTERED_STABILITY_DAYS,
    ReviewScheduler,
    is_due,
    is_mastered,
    rating_for,
)

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def result(outcome: str, attempts: int = 0, correct: int = 0) -> QuestionResult:
    return QuestionResult("q", "deck", outcome, attempts=attempts, correct=correct)


@pytest.mark.parametrize(
    ("outcome", "attempts", "correct", "rating"),
    [
        (FIRST_TRY, 2, 2, GOOD),  # right first time, no hint
        (AFTER_HELP, 3, 2, HARD),  # right after a hint or a retry
        (REVEALED, 0, 0, AGAIN),  # revealed
        (SKIPPED, 1, 0, AGAIN),  # failed: skipped after a wrong answer
        (SKIPPED, 0, 0, None),  # skipped unseen: not rated
    ],
)
def test_ratings_follow_the_spec(outcome: str, attempts: int, correct: int, rating) -> None:
    assert rating_for(result(outcome, attempts, correct)) == rating


def test_intervals_are_whole_days_and_due_means_before_tomorrow() -> None:
    scheduler = ReviewScheduler()
    good = scheduler.review("q", None, GOOD, NOW)
    hard = scheduler.review("q", None, HARD, NOW)
    again = scheduler.review("q", None, AGAIN, NOW)
    assert (good.due - NOW, hard.due - NOW, again.due - NOW) == (
        timedelta(days=2),
        timedelta(days=1),
        timedelta(days=1),
    )
    assert not any(is_due(card, NOW) for card in (good, hard, again))  # none again today
    tomorrow = NOW + timedelta(days=1)
    assert [is_due(card, tomorrow) for card in (good, hard, again)] == [False, True, True]
    assert not is_due(None, NOW)  # a new question is new, not due


def test_mastered_is_a_stability_of_two_days() -> None:
    scheduler = ReviewScheduler()
    good = scheduler.review("q", None, GOOD, NOW)
    assert good.stability is not None and good.stability >= MASTERED_STABILITY_DAYS
    assert is_mastered(good)
    assert not is_mastered(scheduler.review("q", None, HARD, NOW))
    lapse = scheduler.review("q", good, AGAIN, good.due)
    assert not is_mastered(lapse)  # a lapse takes it away
    assert not is_mastered(None)


def test_a_card_keeps_its_history_through_json() -> None:
    scheduler = ReviewScheduler()
    first = scheduler.review("q", None, GOOD, NOW)
    second = scheduler.review("q", first, GOOD, first.due)
    assert second.stability is not None and first.stability is not None
    assert second.stability > first.stability
    assert second.due - first.due > timedelta(days=2)
