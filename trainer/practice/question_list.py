"""The question list: every question of the run's bank with its deck, tags, level and state,
filtered and searched, so that a learner reaches any question without skipping to it.

Plain Python (no Textual): the app's list screen shows what this computes. A question's state
comes from its review schedule (`scheduler.py`): new (never rated), missed (its last review
was not right first time: after help, revealed, or failed), mastered, or seen (rated, right
last time, not yet mastered); due today is a flag beside the state, as a missed question may
also be due.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from trainer.messages import pick_text
from trainer.practice.practice_bank import PracticeBank
from trainer.practice.scheduler import AGAIN, HARD, is_due, is_mastered
from trainer.practice.store import CardRecord

NEW, MISSED, MASTERED, SEEN, DUE = "new", "missed", "mastered", "seen", "due"
FILTER_STATES = (NEW, DUE, MISSED, MASTERED)
"""The states the list filters by, in the order its control offers them."""

CHOSEN = "chosen"
"""The mode of a sitting started from the list (the progress store keeps each sitting's)."""


@dataclass(frozen=True)
class ListedQuestion:
    question_id: str
    deck_id: str
    deck_title: str  # in the run's language, like the title
    title: str
    level: int
    tags: tuple[str, ...]
    state: str  # NEW, MISSED, MASTERED or SEEN
    due: bool

    @property
    def states(self) -> frozenset[str]:
        """What the state filter matches: the state, and DUE when due today."""
        return frozenset({self.state, DUE} if self.due else {self.state})


def question_state(record: CardRecord | None) -> str:
    if record is None:
        return NEW
    if record.last_rating in (AGAIN, HARD):
        return MISSED
    return MASTERED if is_mastered(record) else SEEN


@dataclass(frozen=True)
class ListFilter:
    """What the learner narrowed the list to; None (or no text) is "any"."""

    text: str = ""
    deck: str | None = None
    tag: str | None = None
    level: int | None = None
    state: str | None = None

    def matches(self, row: ListedQuestion) -> bool:
        return (
            (self.deck is None or row.deck_id == self.deck)
            and (self.tag is None or self.tag in row.tags)
            and (self.level is None or row.level == self.level)
            and (self.state is None or self.state in row.states)
            and _found(self.text, row)
        )


def _found(text: str, row: ListedQuestion) -> bool:
    """Every word of the search text is in the question's id or its title (any case)."""
    where = f"{row.question_id} {row.title}".casefold()
    return all(word in where for word in text.casefold().split())


@dataclass(frozen=True)
class QuestionList:
    rows: tuple[ListedQuestion, ...]

    @classmethod
    def build(
        cls, bank: PracticeBank, cards: Mapping[str, CardRecord], now: datetime, lang: str
    ) -> QuestionList:
        """The bank's questions in its order (deck by deck, file order within a deck)."""
        return cls(
            tuple(
                ListedQuestion(
                    question_id=q.id,
                    deck_id=deck.id,
                    deck_title=pick_text(deck.title, lang) or deck.id,
                    title=pick_text(q.title, lang) or q.id,
                    level=q.level,
                    tags=q.tags,
                    state=question_state(cards.get(q.id)),
                    due=is_due(cards.get(q.id), now),
                )
                for deck in bank.decks
                for q in deck.questions
            )
        )

    def filtered(self, wanted: ListFilter) -> list[ListedQuestion]:
        return [row for row in self.rows if wanted.matches(row)]

    def decks(self) -> list[tuple[str, str]]:
        """(deck id, title) of every deck listed, in the bank's order."""
        return list(dict.fromkeys((row.deck_id, row.deck_title) for row in self.rows))

    def tags(self) -> list[str]:
        return sorted({tag for row in self.rows for tag in row.tags})

    def levels(self) -> list[int]:
        return sorted({row.level for row in self.rows})


def sitting_from(rows: Sequence[ListedQuestion], chosen: str) -> tuple[str, ...]:
    """The ids a sitting started on `chosen` asks: it, then the rows listed after it, so a
    filtered list (a tag, the missed ones) is practised from where the learner chose."""
    ids = [row.question_id for row in rows]
    return tuple(ids[ids.index(chosen) :]) if chosen in ids else (chosen,)
