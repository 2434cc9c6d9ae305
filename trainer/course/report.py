"""The class report: per question and part, how many were right and what the others got wrong.

It reads the JSON lines that `trainer grade --assignment` writes (one verdict object per part
of each student) and counts, per question and part in the order they first appear, the right
answers and the diagnosis codes of the wrong ones, most common first (ties in the order first
seen), each with the answer the class gave most often for it: the teacher's view of the
misconceptions, whatever words the question authors chose. A line that is not such an object
is skipped and counted, never a crash: the file may be cut off, hand-edited, or the wrong file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from trainer.course.assignment import part_label
from trainer.escaping import printable
from trainer.messages import msg
from trainer.oracle import Diagnosis

CODES = frozenset(str(code) for code in Diagnosis)
MAX_EXAMPLE = 80  # characters of an example answer shown on the terminal


@dataclass(frozen=True)
class CodeCount:
    diagnosis: str
    count: int
    example: str | None  # the answer given most often with this code; None: no answer text


@dataclass(frozen=True)
class PartReport:
    id: str
    part: str
    right: int
    total: int
    unanswered: int  # verdicts without an answer text (left out, empty, not text, unreadable)
    diagnoses: tuple[CodeCount, ...]  # of the wrong answers, most common first

    @property
    def label(self) -> str:
        return part_label(self.id, self.part)


@dataclass(frozen=True)
class ClassReport:
    parts: tuple[PartReport, ...]
    students: int
    skipped: int  # lines that were not verdict objects

    def as_json(self) -> dict[str, Any]:
        return {
            "students": self.students,
            "skipped": self.skipped,
            "parts": [
                {
                    "id": p.id,
                    "part": p.part,
                    "right": p.right,
                    "total": p.total,
                    "unanswered": p.unanswered,
                    "diagnoses": [
                        {"diagnosis": c.diagnosis, "count": c.count, "example": c.example}
                        for c in p.diagnoses
                    ],
                }
                for p in self.parts
            ],
        }

    def text_lines(self, lang: str = "en") -> list[str]:
        """The report for a terminal: answers and ids from the file printed escaped."""
        lines = [msg("report_students", students=self.students, parts=len(self.parts)).text(lang)]
        for p in self.parts:
            label = printable(p.label)
            if p.unanswered:
                head = msg(
                    "report_part_unanswered",
                    label=label,
                    right=p.right,
                    total=p.total,
                    unanswered=p.unanswered,
                )
            else:
                head = msg("report_part", label=label, right=p.right, total=p.total)
            lines.append(head.text(lang))
            for c in p.diagnoses:
                if c.example is None:
                    line = msg("report_code", diagnosis=c.diagnosis, count=c.count)
                else:
                    example = _shortened(printable(c.example))
                    line = msg(
                        "report_code_example", diagnosis=c.diagnosis, count=c.count, example=example
                    )
                lines.append(line.text(lang))
        if self.skipped:
            lines.append(msg("report_skipped", count=self.skipped).text(lang))
        return lines


@dataclass
class _Tally:
    right: int = 0
    total: int = 0
    unanswered: int = 0
    codes: Counter[str] = field(default_factory=Counter)  # insertion order: first seen
    answers: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, correct: bool, diagnosis: str, answer: str | None) -> None:
        self.total += 1
        if answer is None:
            self.unanswered += 1
        if correct:
            self.right += 1
            return
        self.codes[diagnosis] += 1
        answers = self.answers.setdefault(diagnosis, Counter())
        if answer is not None:
            answers[answer] += 1

    def report(self, qid: str, part: str) -> PartReport:
        order = {code: index for index, code in enumerate(self.codes)}
        codes = sorted(self.codes, key=lambda code: (-self.codes[code], order[code]))
        counts = tuple(
            CodeCount(code, self.codes[code], _most_common(self.answers[code])) for code in codes
        )
        return PartReport(qid, part, self.right, self.total, self.unanswered, counts)


def class_report(lines: Iterable[bytes | None]) -> ClassReport:
    """The report of graded lines (None stands for a line too long to read)."""
    tallies: dict[tuple[str, str], _Tally] = {}
    students: set[str] = set()
    skipped = 0
    for line in lines:
        verdict = _verdict(line)
        if verdict is None:
            skipped += 1
            continue
        qid, part, correct, diagnosis, answer, student = verdict
        tallies.setdefault((qid, part), _Tally()).add(correct, diagnosis, answer)
        if student is not None:
            students.add(student)
    parts = tuple(tally.report(qid, part) for (qid, part), tally in tallies.items())
    return ClassReport(parts, len(students), skipped)


def _verdict(line: bytes | None) -> tuple[str, str, bool, str, str | None, str | None] | None:
    """(id, part, correct, diagnosis, answer, student) of a verdict line, or None."""
    if line is None:
        return None
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
        return None
    if not isinstance(data, dict):
        return None
    qid, diagnosis, correct = data.get("id"), data.get("diagnosis"), data.get("correct")
    part = data.get("part", data.get("kind"))  # plain `trainer grade` lines have only kind
    if not (
        isinstance(qid, str)
        and isinstance(part, str)
        and isinstance(correct, bool)
        and isinstance(diagnosis, str)
        and diagnosis in CODES
    ):
        return None
    answer, student = data.get("answer"), data.get("student")
    return (
        qid,
        part,
        correct,
        diagnosis,
        answer if isinstance(answer, str) else None,
        student if isinstance(student, str) else None,
    )


def _most_common(answers: Counter[str]) -> str | None:
    common = answers.most_common(1)  # ties: the answer seen first
    return common[0][0] if common else None


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_EXAMPLE else text[: MAX_EXAMPLE - 1] + "…"
