"""The learner's progress as the screens ask for it: deck counts, finished questions, statistics.

Joins the store (what happened), the scheduler (what it means for the next review) and the
clock (injected, so tests can move time forward and snapshots never show the real date).

Every read and write is guarded: on the first database error (a damaged page, a full disk, a
file made read-only) the session goes on with its progress in memory, and `on_trouble` is told
once, with the error's own words. A broken database never stops the app.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from trainer.practice.i18n import N_
from trainer.practice.outcomes import FIRST_TRY, QuestionResult, count_answers
from trainer.practice.scheduler import AGAIN, HARD, ReviewScheduler, is_due, is_mastered, rating_for
from trainer.practice.store import Attempt, CardRecord, LearnerNotice, Review, Store

if TYPE_CHECKING:  # the model is loaded with the bank, after the home screen's first frame
    from trainer.questions import Question

Clock = Callable[[], datetime]
T = TypeVar("T")
TROUBLE = (sqlite3.Error, ValueError, TypeError)  # what a damaged database can raise


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
        self,
        store: Store,
        clock: Clock,
        scheduler: ReviewScheduler | None = None,
        on_trouble: Callable[[LearnerNotice], None] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.scheduler = scheduler or ReviewScheduler()
        self.on_trouble = on_trouble
        self.trouble: LearnerNotice | None = None  # set once the session went on in memory

    def _guarded(self, work: Callable[[Store], T]) -> T:
        """Run `work` on the store; on a database error, again on a store in memory."""
        try:
            return work(self.store)
        except TROUBLE as error:
            if self.trouble is not None:  # the memory store itself failed: a real bug
                raise
            self._go_on_in_memory(error)
        return work(self.store)

    def close(self) -> None:
        """At the end of a run: closing the last connection folds SQLite's write-ahead log
        into the database, so the data folder holds the one file."""
        with contextlib.suppress(sqlite3.Error):
            self.store.close()

    def _go_on_in_memory(self, error: BaseException) -> None:
        path = self.store.path
        self.trouble = LearnerNotice(
            N_(
                "Progress could not be saved ({error}): this session goes on in memory, and "
                "nothing more is written to {path}."
            ),
            {"error": str(error) or type(error).__name__, "path": str(path or "memory")},
        )
        self.close()
        self.store = Store.open(None)
        if self.on_trouble is not None:
            self.on_trouble(self.trouble)

    # --- reading -------------------------------------------------------------------------------

    def cards(self) -> dict[str, CardRecord]:
        return self._guarded(lambda store: store.cards())

    def stamp(self) -> list[int] | None:
        """What identifies the progress the home screen counts (`Store.stamp`); None when it is
        kept in memory only."""
        if self.store.path is None:
            return None
        return self._guarded(lambda store: store.stamp())

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

    def statistics(
        self, decks: Sequence[tuple[str, Sequence[Question]]], days: int = 7
    ) -> Statistics:
        return self._guarded(lambda store: self._statistics(store, decks, days))

    def _statistics(
        self, store: Store, decks: Sequence[tuple[str, Sequence[Question]]], days: int
    ) -> Statistics:
        cards = store.cards()
        counts = [self.deck_counts(deck_id, questions, cards) for deck_id, questions in decks]
        today = self.clock().astimezone().date()
        first = today - timedelta(days=days - 1)
        verdicts: dict[date, list[str]] = {first + timedelta(days=i): [] for i in range(days)}
        for attempt in store.attempts():
            day = attempt.at.astimezone().date()
            if day in verdicts:
                verdicts[day].append(attempt.verdict)
        tally = {day: count_answers(day_verdicts) for day, day_verdicts in verdicts.items()}
        missed = Counter(r.question_id for r in store.reviews() if r.rating in (AGAIN, HARD))
        return Statistics(
            decks=counts,
            days=[DayAccuracy(day, a, c) for day, (a, c) in tally.items()],
            most_missed=missed.most_common(5),
        )

    # --- writing -------------------------------------------------------------------------------

    def start_session(self, mode: str) -> int:
        now = self.clock()
        return self._guarded(lambda store: store.start_session(mode, now))

    def end_session(self, session_id: int | None) -> None:
        if session_id is not None:
            now = self.clock()
            self._guarded(lambda store: store.end_session(session_id, now))

    def record_attempt(
        self,
        question: Question,
        part: str,
        answer: str,
        verdict: str,
        hint_used: bool,
        seconds: float,
        session_id: int | None,
    ) -> None:
        attempt = Attempt(
            question.id,
            question.deck,
            part,
            answer,
            verdict,
            hint_used,
            seconds,
            self.clock(),
            session_id,
        )
        self._guarded(lambda store: store.add_attempt(attempt))

    def finish(
        self, result: QuestionResult, session_id: int | None, rated: bool = True
    ) -> CardRecord | None:
        """Record a finished question and reschedule it; returns its new card (None: unrated).
        A question that came back in its session is recorded unrated: it was rated once."""
        now = self.clock()
        rating = rating_for(result) if rated else None

        def write(store: Store) -> CardRecord | None:
            card = None
            if rating is not None:
                previous = store.cards().get(result.question_id)
                card = self.scheduler.review(result.question_id, previous, rating, now)
            review = Review(
                result.question_id, result.deck, result.outcome, rating, now, session_id
            )
            store.add_review(review, card)
            return card

        return self._guarded(write)

    def tag_accuracy(self, questions: Sequence[Question]) -> dict[str, tuple[int, int]]:
        """Per tag, over every rated review: (right first time, questions answered). An
        unrated review (a skip with no wrong answer) was neither right nor wrong."""
        tags = {q.id: q.tags for q in questions}
        tally: dict[str, tuple[int, int]] = {}
        for review in self._guarded(lambda store: store.reviews()):
            if review.rating is None:
                continue
            for tag in tags.get(review.question_id, ()):
                right, seen = tally.get(tag, (0, 0))
                tally[tag] = (right + (review.outcome == FIRST_TRY), seen + 1)
        return dict(sorted(tally.items()))
