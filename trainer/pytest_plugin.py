"""pytest plugin: the questions of the folders you name become test items, one per question.

Opt in from your pytest configuration, as with `testpaths`:

    [tool.pytest.ini_options]
    trainer_questions = ["questions"]

Only YAML files under those folders are collected (any other YAML of the project is left
alone). The items come from the same `load_bank` as `trainer check`, so duplicate ids and decks
across files are found too, and each fails with the same `FILE:LINE: ID: message` lines,
reported at the question's real line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trainer.questions.loader import NO_ID
from trainer.questions.model import Bank, Problem, Question

INI_OPTION = "trainer_questions"
_BANK = pytest.StashKey[Bank]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        INI_OPTION,
        type="paths",
        default=[],
        help="folders (or files) of trainer question files to collect as tests",
    )


def _folders(config: pytest.Config) -> list[Path]:
    return [Path(p).resolve() for p in config.getini(INI_OPTION)]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> QuestionFile | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    resolved = file_path.resolve()
    if any(resolved == folder or folder in resolved.parents for folder in _folders(parent.config)):
        return QuestionFile.from_parent(parent, path=file_path)
    return None


def _bank(config: pytest.Config) -> Bank:
    """Every configured folder loaded together once, exactly as `trainer check` loads them."""
    if _BANK not in config.stash:
        from trainer.questions import load_bank

        config.stash[_BANK] = load_bank(_folders(config))
    return config.stash[_BANK]


class QuestionFile(pytest.File):
    def collect(self) -> Any:
        bank = _bank(self.config)
        mine = self.path.resolve()
        problems = [p for p in bank.problems if p.path.resolve() == mine]
        questions = [q for q in bank.questions.values() if q.path.resolve() == mine]
        by_id: dict[str, list[Problem]] = {}
        for problem in problems:
            by_id.setdefault(problem.id or NO_ID, []).append(problem)
        file_level = by_id.pop(NO_ID, [])
        if file_level:
            yield QuestionItem.from_parent(
                self, name=self.path.name, question=None, problems=file_level
            )
        for question in questions:
            found = by_id.pop(question.id, [])
            yield QuestionItem.from_parent(
                self, name=question.id, question=question, problems=found
            )
        for qid, found in by_id.items():  # questions that did not load, or a duplicate deck
            yield QuestionItem.from_parent(self, name=qid, question=None, problems=found)


class QuestionFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


class QuestionItem(pytest.Item):
    def __init__(
        self, *, question: Question | None, problems: list[Problem], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.problems = problems

    def runtest(self) -> None:
        problems = list(self.problems)
        if self.question is not None and not problems:
            from trainer.oracle import validate_question

            problems = validate_question(self.question)
        if problems:
            raise QuestionFailed(problems)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, QuestionFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        if self.question is not None:
            line = self.question.line
        else:
            line = min((p.line for p in self.problems), default=1)
        return self.path, line - 1, f"question {self.name}"
