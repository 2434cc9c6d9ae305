"""The learner's progress as the screens ask for it: deck counts, finished questions, statistics.

Joins the store (what happened), the scheduler (what it means for the next review) and the
clock (injected, so tests can move time forward and snapshots never show the real date).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from trainer.app.outcomes import QuestionResult
from trainer.app.scheduler import AGAIN, HARD, ReviewScheduler, is_due, is_mastered, rating_for
from trainer.app.store import Attempt, CardRecord, Review, Store
from trainer.questions import Question

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class DeckCounts:
    deck_id: str
    questions: int
    attempted: int  # questions answered or reviewed at least once
    mastered: int
    due: int


@dataclass(frozen=True)
class DayAccuracy:
    day: date
    attempts: int
    correct: int


@dataclass(frozen=True)
class Statistics:
    decks: list[DeckCounts]
    days: list[DayAccuracy]  # oldest first
    most_missed: list[tuple[str, int]]  # question id, times missed


class Progress:
    def __init__(
        self, store: Store, clock: Clock, scheduler: ReviewScheduler | None = None
    ) -> None:
        self.store = store
        self.clock = clock
        self.scheduler = scheduler or ReviewScheduler()

    def cards(self) -> dict[str, CardRecord]:
        return self.store.cards()

    def deck_counts(
        self, deck_id: str, questions: Sequence[Question], cards: dict[str, CardRecord]
    ) -> DeckCounts:
        now = self.clock()
        records = [cards.get(q.id) for q in questions]
        return DeckCounts(
            deck_id=deck_id,
            questions=len(questions),
            attempted=sum(r is not None for r in records),
            mastered=sum(is_mastered(r) for r in records),
            due=sum(is_due(r, now) for r in records),
        )

    def record_attempt(
        self,
        question: Question,
        step: str,
        answer: str,
        verdict: str,
        hint_used: bool,
        seconds: float,
        session_id: int | None,
    ) -> None:
        self.store.add_attempt(
            Attempt(
                question.id,
                question.deck,
                step,
                answer,
                verdict,
                hint_used,
                seconds,
                self.clock(),
                session_id,
            )
        )

    def finish(self, result: QuestionResult, session_id: int | None) -> CardRecord | None:
        """Record a finished question and reschedule it; returns its new card (None: unrated)."""
        now = self.clock()
        rating = rating_for(result)
        card = None
        if rating is not None:
            previous = self.store.cards().get(result.question_id)
            card = self.scheduler.review(result.question_id, previous, rating, now)
        review = Review(result.question_id, result.deck, result.outcome, rating, now, session_id)
        self.store.add_review(review, card)
        return card

    def statistics(
        self, decks: Sequence[tuple[str, Sequence[Question]]], days: int = 7
    ) -> Statistics:
        cards = self.cards()
        counts = [self.deck_counts(deck_id, questions, cards) for deck_id, questions in decks]
        today = self.clock().astimezone().date()
        first = today - timedelta(days=days - 1)
        tally: dict[date, list[int]] = {first + timedelta(days=i): [0, 0] for i in range(days)}
        for attempt in self.store.attempts():
            day = attempt.at.astimezone().date()
            if day in tally:
                tally[day][0] += 1
                tally[day][1] += attempt.verdict == "correct"
        missed = Counter(r.question_id for r in self.store.reviews() if r.rating in (AGAIN, HARD))
        return Statistics(
            decks=counts,
            days=[DayAccuracy(day, a, c) for day, (a, c) in tally.items()],
            most_missed=missed.most_common(5),
        )
