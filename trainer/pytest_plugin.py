"""pytest plugin: every question of a question file is a test item named by its id.

`pytest questions/` collects each question through `pytest_collect_file` (pytest's
"non-python tests" pattern) and fails it with the same `FILE:LINE: ID: message` lines that
`trainer check` prints, reported at the question's real line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.questions.loader import NO_ID, load_file
from trainer.questions.model import Problem, Question

_QUESTION_FILE = re.compile(rb"^(deck|questions)\s*:", re.MULTILINE)
_SEEN_IDS = pytest.StashKey[dict[str, Path]]()


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    if _named_on_command_line(file_path, parent.config) or _looks_like_questions(file_path):
        return QuestionFile.from_parent(parent, path=file_path)
    return None


def _looks_like_questions(path: Path) -> bool:
    try:
        return bool(_QUESTION_FILE.search(path.read_bytes()[:200_000]))
    except OSError:
        return False


def _named_on_command_line(path: Path, config: pytest.Config) -> bool:
    """A YAML file named, or lying under a folder named, in the pytest command itself."""
    root = Path(config.invocation_params.dir)
    for arg in config.invocation_params.args:
        if arg.startswith("-"):
            continue
        named = (root / arg.split("::")[0]).resolve()
        if named.exists() and (path.resolve() == named or named in path.resolve().parents):
            return True
    return False


class QuestionFile(pytest.File):
    def collect(self):
        deck, problems = load_file(self.path)
        seen = self.config.stash.setdefault(_SEEN_IDS, {})
        by_id: dict[str, list[Problem]] = {}
        for problem in problems:
            by_id.setdefault(problem.id, []).append(problem)
        file_level = by_id.pop(NO_ID, [])
        if file_level or deck is None:
            yield QuestionItem.from_parent(
                self, name=self.path.name, question=None, problems=file_level or problems
            )
        for question in deck.questions if deck else []:
            found = by_id.pop(question.id, [])
            if question.id in seen and seen[question.id] != self.path:
                from trainer.catalog import msg

                found.append(
                    Problem(
                        self.path,
                        question.line,
                        question.id,
                        msg("duplicate_id", id=question.id, first=seen[question.id]),
                    )
                )
            seen.setdefault(question.id, self.path)
            yield QuestionItem.from_parent(
                self, name=question.id, question=question, problems=found
            )
        for qid, found in by_id.items():  # questions that did not load at all
            yield QuestionItem.from_parent(self, name=qid, question=None, problems=found)


class QuestionFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


class QuestionItem(pytest.Item):
    def __init__(self, *, question: Question | None, problems: list[Problem], **kwargs) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.problems = problems

    def runtest(self) -> None:
        problems = list(self.problems)
        if self.question is not None and not problems:
            from trainer.oracle import validate

            problems = validate(self.question)
        if problems:
            raise QuestionFailed(problems)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, QuestionFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        if self.question is not None:
            line = self.question.line
        else:
            line = min((p.line for p in self.problems), default=1)
        return self.path, line - 1, f"question {self.name}"
