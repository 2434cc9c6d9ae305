"""What comes next for the learner: how much is due today, when the next review falls, and,
when nothing is due, what to practise instead (the questions of the weakest tags first).

Plain Python on the stored due dates and reviews, so the home screen and the plain line mode
say the same thing, and a learner told "nothing is due" is never left without a next step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from trainer.messages import listed, pick_text
from trainer.practice.i18n import N_, Labels
from trainer.practice.scheduler import is_due, is_mastered
from trainer.practice.session import MIXED_SIZE, order_for_practice
from trainer.practice.store import CardRecord

if TYPE_CHECKING:  # the home summary imports this before the first frame: no question model
    from trainer.questions import Question

WEAKEST_TAGS = 3
"""How many of the weakest tags "what comes next" names and practises."""


@dataclass(frozen=True)
class Outlook:
    due_today: int
    next_review: date | None  # the local date of the first review after today
    next_count: int  # the questions due that day
    weakest: tuple[tuple[str, int, int], ...]  # (tag, right first time, answered), weakest first


def weakest_tags(accuracy: Mapping[str, tuple[int, int]]) -> tuple[tuple[str, int, int], ...]:
    """Tags with a miss, the lowest share of right-first-time answers first (the most
    answered first among equals), at most `WEAKEST_TAGS`."""
    weak = [(tag, right, seen) for tag, (right, seen) in accuracy.items() if seen and right < seen]
    weak.sort(key=lambda item: (item[1] / item[2], -item[2], item[0]))
    return tuple(weak[:WEAKEST_TAGS])


def outlook(
    questions: Sequence[Question],
    cards: Mapping[str, CardRecord],
    accuracy: Mapping[str, tuple[int, int]],
    now: datetime,
) -> Outlook:
    records = [cards[q.id] for q in questions if q.id in cards]
    later = sorted(r.due.astimezone().date() for r in records if not is_due(r, now))
    return Outlook(
        due_today=sum(is_due(r, now) for r in records),
        next_review=later[0] if later else None,
        next_count=later.count(later[0]) if later else 0,
        weakest=weakest_tags(accuracy),
    )


def plan_next(
    questions: Sequence[Question],
    cards: Mapping[str, CardRecord],
    accuracy: Mapping[str, tuple[int, int]],
    now: datetime,
) -> list[Question]:
    """What to practise when nothing is due: the questions of the weakest tags not yet
    mastered (weakest tag first, soonest due first), then new questions by level, then the
    rest seen longest ago; at most `MIXED_SIZE`."""
    ranks = {tag: rank for rank, (tag, _, _) in enumerate(weakest_tags(accuracy))}
    due, new, rest = order_for_practice(questions, cards, now)
    order = due + new + rest

    def rank(question: Question) -> int:
        return min((ranks[tag] for tag in question.tags if tag in ranks), default=len(ranks))

    weak = sorted(
        (q for q in order if rank(q) < len(ranks) and not is_mastered(cards.get(q.id))), key=rank
    )
    chosen = weak + [q for q in order if q not in weak]
    return chosen[:MIXED_SIZE]


DUE_TODAY = N_("Due today: {count} question(s).")
NEXT_REVIEW = N_("Nothing is due today. Next review {when}: {count} question(s).")
NOTHING_SCHEDULED = N_("Nothing is due today, and no review is scheduled yet.")
TOMORROW = N_("tomorrow")
ON_DAY = N_("on {day}")
WEAKEST = N_("Weakest tags: {tags}.")
TAG_SCORE = N_("{tag} ({right}/{seen})")


def review_text(seen: Outlook, today: date, t: Labels) -> str:
    """How much is due today, or when the next review is."""
    if seen.due_today:
        return t(DUE_TODAY, count=seen.due_today)
    if seen.next_review is None:
        return t(NOTHING_SCHEDULED)
    when = (
        t(TOMORROW)
        if seen.next_review == today + timedelta(days=1)
        else t(ON_DAY, day=seen.next_review.isoformat())
    )
    return t(NEXT_REVIEW, when=when, count=seen.next_count)


def weakest_text(seen: Outlook, t: Labels) -> str:
    """The weakest tags with their scores, or "" when no tag has a miss."""
    if not seen.weakest:
        return ""
    scores = [t(TAG_SCORE, tag=tag, right=right, seen=n) for tag, right, n in seen.weakest]
    return t(WEAKEST, tags=pick_text(listed(scores), t.lang))


def instead_of_due(accuracy: Mapping[str, tuple[int, int]]) -> str:
    """The label that says what "review due" practises when nothing is due."""
    if weakest_tags(accuracy):
        return N_("Nothing is due today: practising your weakest tags first.")
    return N_("Nothing is due today: practising new questions first.")
