"""docs/teaching.md's table of diagnosis codes is what the grader does: every code in it is one
of the verdicts' codes and every code is in it, and each example it gives is graded so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.oracle.judge import Judge, Request
from trainer.oracle.verdicts import AnswerKind, Diagnosis
from trainer.questions import load_bank

TEACHING = Path(__file__).parents[2] / "docs" / "teaching.md"
ROW = re.compile(r"^\| `(\w+)` \| [^|]+ \| (?:`([\w-]+)`: `([^`]+)`)? *\|$")


def table() -> list[tuple[str, str | None, str | None]]:
    text = TEACHING.read_text(encoding="utf-8")
    section = text[text.index("## 6. The diagnosis codes") : text.index("## 7.")]
    rows = [ROW.match(line) for line in section.splitlines() if line.startswith("| `")]
    assert all(rows), [line for line in section.splitlines() if line.startswith("| `")]
    return [(row[1], row[2], row[3]) for row in rows if row is not None]


def test_the_table_lists_every_code_once() -> None:
    codes = [code for code, _, _ in table()]
    assert sorted(codes) == sorted(str(code) for code in Diagnosis)


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge(load_bank().questions)


@pytest.mark.parametrize(("code", "qid", "answer"), [row for row in table() if row[1]])
def test_each_documented_example_gets_its_code(judge: Judge, code, qid, answer) -> None:
    question = judge.questions[qid]
    kind = AnswerKind.CHOICE if question.is_choice else AnswerKind.VALUE
    verdict = judge.judge(Request(qid, answer, kind))
    assert verdict.diagnosis == code, verdict.message_text()
