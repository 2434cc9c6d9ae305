"""The part of the question bank this run practises: `--deck` and `--tag` applied, invalid
questions dropped as the oracle finds them.

The engine's `Bank` stays as loaded; the app works on filtered copies of its decks, so the
filters and the later removal of invalid questions happen in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from trainer.practice.i18n import N_
from trainer.practice.store import LearnerNotice

if TYPE_CHECKING:  # the model is loaded with the bank, after the home screen's first frame
    from trainer.questions import Bank, Deck, Problem, Question


@dataclass
class PracticeBank:
    decks: list[Deck]
    problems: list[Problem] = field(default_factory=list)  # every skipped file or question
    notices: list[LearnerNotice] = field(default_factory=list)  # filters that matched nothing

    @classmethod
    def from_bank(
        cls, bank: Bank, decks: Sequence[str] = (), tags: Sequence[str] = ()
    ) -> PracticeBank:
        notices = []
        known = {deck.id for deck in bank.decks}
        for deck_id in decks:
            if deck_id not in known:
                notices.append(
                    LearnerNotice(
                        N_("There is no deck {deck}; decks: {known}."),
                        {"deck": deck_id, "known": ", ".join(sorted(known))},
                    )
                )
        chosen = [deck for deck in bank.decks if not decks or deck.id in decks]
        wanted = set(tags)
        if wanted and not any(wanted & set(q.tags) for deck in chosen for q in deck.questions):
            notices.append(
                LearnerNotice(N_("No question has the tag {tags}."), {"tags": ", ".join(tags)})
            )
        copies = [
            replace(
                deck, questions=[q for q in deck.questions if not wanted or wanted & set(q.tags)]
            )
            for deck in chosen
        ]
        return cls([deck for deck in copies if deck.questions], list(bank.problems), notices)

    def questions(self) -> list[Question]:
        return [q for deck in self.decks for q in deck.questions]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions() if q.id == question_id), None)

    def deck(self, deck_id: str) -> Deck | None:
        return next((deck for deck in self.decks if deck.id == deck_id), None)

    def drop(self, question_ids: Iterable[str], problems: Iterable[Problem]) -> None:
        """Remove questions the oracle found invalid and keep the problems for the notice."""
        bad = set(question_ids)
        for deck in self.decks:
            deck.questions = [q for q in deck.questions if q.id not in bad]
        self.decks = [deck for deck in self.decks if deck.questions]
        self.problems.extend(problems)
