"""Loading question files: every problem reported as FILE:LINE: ID: message, none fatal.

A file is read within bounds (`yaml_lines`), its fields parsed by the one field table
(`fields`), each question checked as a whole (`rules`), and the decks assembled into a bank
with unique deck and question ids. No torch: the app can draw at once; the checks that run a
question need the oracle (`trainer.oracle.validate`). docs/question-format.md lists them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trainer.errors import Problem
from trainer.messages import Msg, msg
from trainer.questions.fields import DECK_FIELDS, QUESTION_FIELDS, Report, read_object
from trainer.questions.files import bundled_bank_path, question_files
from trainer.questions.model import Bank, Deck, Question
from trainer.questions.rules import question_rules
from trainer.questions.yaml_lines import SourceError, YList, YMap, read_yaml

NO_ID = "-"


def load_bank(paths: Sequence[Path | str] | None = None) -> Bank:
    """Load every question file together; bad files and questions are reported, never fatal.

    When two decks or questions share an id, the first in sorted path order loads and every
    later one is reported.
    """
    bank = Bank()
    first_question: dict[str, Path] = {}
    first_deck: dict[str, Path] = {}
    for path in question_files(paths if paths else [bundled_bank_path()]):
        deck, problems = load_file(path)
        bank.problems.extend(problems)
        if deck is None:
            continue
        if deck.id in first_deck:
            message = msg("duplicate_deck", id=deck.id, first=first_deck[deck.id])
            bank.problems.append(Problem(path, deck.line, deck.id, message))
            continue
        first_deck[deck.id] = path
        kept = []
        for question in deck.questions:
            if question.id in first_question:
                message = msg("duplicate_id", id=question.id, first=first_question[question.id])
                bank.problems.append(Problem(path, question.line, question.id, message))
                continue
            first_question[question.id] = path
            bank.questions[question.id] = question
            kept.append(question)
        deck.questions = kept
        bank.decks.append(deck)
    return bank


def load_file(path: Path) -> tuple[Deck | None, list[Problem]]:
    """One deck file → (the deck with its valid questions, every problem found)."""
    reader = _FileReader(path)
    return reader.read(), reader.problems


class _FileReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def report(self, line: int, qid: str, message: Msg) -> None:
        self.problems.append(Problem(self.path, line, qid, message))

    def reporter(self, qid: str) -> Report:
        return lambda line, message: self.report(line, qid, message)

    def read(self) -> Deck | None:
        try:
            data = read_yaml(self.path)
        except SourceError as error:  # a question file's problem always has a line: the first
            self.problems.append(error.problem(self.path, NO_ID, line=1))
            return None
        if data is None:
            self.report(1, NO_ID, msg("empty_file"))
            return None
        if not isinstance(data, YMap):
            self.report(getattr(data, "line", 1), NO_ID, msg("not_mapping"))
            return None
        deck_id = data["deck"] if isinstance(data.get("deck"), str) else NO_ID
        values = read_object(data, DECK_FIELDS, self.reporter(deck_id))
        if values is None:
            return None
        deck = Deck(values["deck"], values["title"], values.get("description"), self.path)
        deck.line = data.key_lines["deck"]
        questions: YList = values["questions"]
        for item, line in zip(questions, questions.item_lines, strict=True):
            question = self._question(item, line, deck.id)
            if question is not None:
                deck.questions.append(question)
        return deck

    def _question(self, item: Any, line: int, deck_id: str) -> Question | None:
        if not isinstance(item, YMap):
            self.report(line, NO_ID, msg("bad_type", key="a question", expected="a mapping"))
            return None
        qid = item["id"] if isinstance(item.get("id"), str) else NO_ID
        values = read_object(item, QUESTION_FIELDS, self.reporter(qid))
        if values is None:
            return None
        question = Question(  # the field table names the model's attributes
            **values,
            deck=deck_id,
            path=self.path,
            line=line,
            key_lines=dict(item.key_lines),
        )
        problems = list(question_rules(question))
        self.problems.extend(problems)
        if question.forward and not question.of:
            question.of = (question.forward[-1].name,)
        return None if problems else question
