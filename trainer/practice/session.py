"""A practice session: which questions, in what order, and the numbers of its summary.

Plain Python (no Textual, no torch), so the order and the arithmetic are unit-tested directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest
from typing import TYPE_CHECKING

from trainer.practice.i18n import N_
from trainer.practice.outcomes import FIRST_TRY, OUTCOMES, QuestionResult, count_answers
from trainer.practice.scheduler import is_due
from trainer.practice.store import CardRecord

if TYPE_CHECKING:  # the model is loaded with the bank, after the home screen's first frame
    from trainer.questions import Question

DECK, DUE, MIXED, AGAIN, NEXT = "deck", "due", "mixed", "again", "next"
MIXED_SIZE = 20
"""Mixed practice takes at most this many questions: one sitting, not the whole bank."""
RETURNING = N_("Back again: you missed this one earlier in the session.")
"""What a question that came back says, on every face."""
RELEARN_GAP = 3
"""A lapsed question comes back after this many other questions (or at the end, when fewer
are left): minutes later, when it must be worked out again rather than recalled from the
screen."""


def order_for_practice(
    questions: Sequence[Question], cards: Mapping[str, CardRecord], now: datetime
) -> tuple[list[Question], list[Question], list[Question]]:
    """(due, new, the rest): due by due date, new by level (file order within a level), the rest
    (seen, not yet due) by due date, soonest first."""
    due = sorted(
        (q for q in questions if is_due(cards.get(q.id), now)), key=lambda q: cards[q.id].due
    )
    new = sorted((q for q in questions if q.id not in cards), key=lambda q: q.level)
    seen = {q.id for q in due} | {q.id for q in new}
    rest = sorted((q for q in questions if q.id not in seen), key=lambda q: cards[q.id].due)
    return due, new, rest


def plan_deck(
    questions: Sequence[Question], cards: Mapping[str, CardRecord], now: datetime
) -> list[Question]:
    """A whole deck: what is due first, then new questions by level, then the rest early."""
    due, new, rest = order_for_practice(questions, cards, now)
    return due + new + rest


def plan_due(
    questions: Sequence[Question], cards: Mapping[str, CardRecord], now: datetime
) -> list[Question]:
    """Only what is due today, across every deck, most overdue first."""
    return order_for_practice(questions, cards, now)[0]


def plan_mixed(
    decks: Sequence[Sequence[Question]], cards: Mapping[str, CardRecord], now: datetime
) -> list[Question]:
    """Due first, then new questions level by level with the decks interleaved, at most
    `MIXED_SIZE`; when nothing is due or new, the questions seen longest ago."""
    everything = [q for deck in decks for q in deck]
    due, _new, rest = order_for_practice(everything, cards, now)
    new_by_level: list[Question] = []
    for level in sorted({q.level for deck in decks for q in deck}):
        columns = [[q for q in deck if q.level == level and q.id not in cards] for deck in decks]
        for row in zip_longest(*columns):
            new_by_level.extend(q for q in row if q is not None)
    chosen = due + new_by_level
    return (chosen or rest)[:MIXED_SIZE]


@dataclass
class Summary:
    """The numbers the summary screen shows."""

    total: int
    counts: dict[str, int]  # outcome -> questions
    tag_accuracy: dict[str, tuple[int, int]]  # tag -> (right first time, questions answered)
    seconds: float
    missed: list[str]  # question ids, in session order
    attempts: int = 0
    correct: int = 0
    came_back: int = 0  # lapsed questions asked again in the session
    came_back_right: int = 0  # of those, right first time on their return


def comes_back(result: QuestionResult, returning: bool) -> bool:
    """Whether a finished question is asked again later in its session: it lapsed on its
    first asking (a return that lapses again is not asked a third time)."""
    return result.lapsed and not returning


@dataclass
class Session:
    """The questions of one sitting and how each ended; `current` is the one being asked."""

    mode: str
    questions: list[Question]
    started: datetime
    session_id: int | None = None
    results: list[QuestionResult] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)  # of every answer checked, steps too

    @property
    def index(self) -> int:
        return len(self.results)

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def returning(self) -> bool:
        """The current question was asked before in this session: it lapsed and came back."""
        current = self.current
        return current is not None and any(r.question_id == current.id for r in self.results)

    def record(self, result: QuestionResult) -> bool:
        """Record the current question's end; a lapse is queued to come back after
        `RELEARN_GAP` others. Returns whether the result is to be rated: a question is rated
        once a session, on its first asking (its return is practice, not a second lapse)."""
        returning = self.returning
        self.results.append(result)
        if comes_back(result, returning):
            at = min(self.index + RELEARN_GAP, len(self.questions))
            self.questions.insert(at, self.questions[self.index - 1])
        return not returning

    def record_answer(self, verdict: str) -> None:
        """An answer was checked: to a part of the current question or to a walkthrough step."""
        self.verdicts.append(verdict)

    def drop(self, question_ids: Iterable[str]) -> None:
        """Remove questions found invalid after the session was planned (not the asked ones)."""
        bad = set(question_ids)
        asked = self.questions[: self.index + 1]
        self.questions = asked + [q for q in self.questions[self.index + 1 :] if q.id not in bad]

    def summary(self, now: datetime) -> Summary:
        return summarise(self.results, (now - self.started).total_seconds(), self.verdicts)


def summarise(
    results: Sequence[QuestionResult], seconds: float, verdicts: Iterable[str] = ()
) -> Summary:
    """The summary of finished questions, each by its first asking (its return, when it
    lapsed, is counted apart); its answer counts are those of `verdicts`, every answer checked
    in the session (`count_answers`, the rule Statistics counts by)."""
    asked: set[str] = set()
    first: list[QuestionResult] = []
    returns: list[QuestionResult] = []
    for result in results:
        (returns if result.question_id in asked else first).append(result)
        asked.add(result.question_id)
    results = first
    counts = Counter(r.outcome for r in results)
    attempts, correct = count_answers(verdicts)
    tags: dict[str, tuple[int, int]] = {}
    for result in (r for r in results if not r.unanswered):
        for tag in result.tags:
            right, seen = tags.get(tag, (0, 0))
            tags[tag] = (right + (result.outcome == FIRST_TRY), seen + 1)
    return Summary(
        total=len(results),
        counts={outcome: counts.get(outcome, 0) for outcome in OUTCOMES},
        tag_accuracy=dict(sorted(tags.items())),
        seconds=max(0.0, seconds),
        missed=[r.question_id for r in results if r.missed],
        attempts=attempts,
        correct=correct,
        came_back=len(returns),
        came_back_right=sum(r.outcome == FIRST_TRY for r in returns),
    )
