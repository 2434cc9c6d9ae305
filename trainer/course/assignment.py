"""Assignment files: which bank questions a course sets, with their points and parts.

An assignment is read like a question file: through the bounded YAML reader, by the same
`read_object` over one field table (`ASSIGNMENT_FIELDS`, `ITEM_FIELDS`) that
`assignment_schema()` also reads, so `trainer schema --assignment` and the loader cannot
disagree. Every problem is collected at its line (an unknown key with "did you mean", an id not
in the bank with the closest one, a part the question cannot have), and grading starts only
when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.errors import Problem
from trainer.messages import Msg, closest_hint, msg
from trainer.questions.fields import Field, object_schema, read_object
from trainer.questions.kinds import KINDS, FieldError, Kind, parse_list, plain
from trainer.questions.model import Bank, Question, Text
from trainer.questions.yaml_lines import SourceError, YList, YMap, read_yaml

if TYPE_CHECKING:  # the oracle (and torch) only once an assignment is graded
    from trainer.oracle.judge import Judge

PART_NAMES = ("shape", "value", "differential", "choice")
GRADIENT_PARTS = ("shape", "value")  # any gradient question, whatever its ask (as `trainer answer`)
CHOICE_PARTS = ("choice",)
MAX_POINTS = 1000
DEFAULT_POINTS = Fraction(1)


def part_label(qid: str, part: str) -> str:
    """How a part is named in every output: `lin-wx-b-dw · value`."""
    return f"{qid} · {part}"


@dataclass(frozen=True)
class Part:
    """One graded part of a question, with its share of the question's points."""

    qid: str
    name: str  # shape, value or choice
    max_points: Fraction

    @property
    def label(self) -> str:
        return part_label(self.qid, self.name)


@dataclass(frozen=True)
class AssignedQuestion:
    id: str
    points: Fraction
    parts: tuple[str, ...]
    line: int = 0

    def graded_parts(self) -> tuple[Part, ...]:
        """The parts, the points split evenly over them."""
        share = self.points / len(self.parts)
        return tuple(Part(self.id, name, share) for name in self.parts)


@dataclass(frozen=True)
class Assignment:
    slug: str
    title: Text
    path: Path
    questions: tuple[AssignedQuestion, ...]

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(part for q in self.questions for part in q.graded_parts())

    @property
    def max_points(self) -> Fraction:
        return sum((q.points for q in self.questions), Fraction(0))


DIFFERENTIAL_PARTS = ("shape", "differential")  # a differential question (format v1.2)


def allowed_parts(question: Question) -> tuple[str, ...]:
    if question.is_differential:
        return DIFFERENTIAL_PARTS
    return CHOICE_PARTS if question.is_choice else GRADIENT_PARTS


def default_parts(question: Question) -> tuple[str, ...]:
    return CHOICE_PARTS if question.is_choice else question.ask


# --- the field table -------------------------------------------------------------------------


def parse_points(value: Any, line: int, key: str) -> Fraction:
    """A number above 0 and at most MAX_POINTS (the comparison also refuses nan and inf)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not 0 < value <= MAX_POINTS:
        raise FieldError(msg("bad_points", value=plain(value), limit=MAX_POINTS))
    return Fraction(value)


def parse_parts(value: Any, line: int, key: str) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if (
        not isinstance(names, list)
        or not names
        or not all(isinstance(n, str) and n in PART_NAMES for n in names)
        or len(set(names)) != len(names)
    ):
        raise FieldError(msg("bad_parts", value=plain(value)))
    return tuple(names)


_PART_SCHEMA = {"enum": list(PART_NAMES)}
_POINTS = Kind(parse_points, {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_POINTS})
_PARTS = Kind(
    parse_parts,
    {
        "oneOf": [
            _PART_SCHEMA,
            {"type": "array", "items": _PART_SCHEMA, "minItems": 1, "uniqueItems": True},
        ]
    },
)
_QUESTIONS = Kind(
    parse_list,
    {
        "type": "array",
        "minItems": 1,
        "items": {"oneOf": [KINDS["slug"].schema, {"$ref": "#/$defs/question"}]},
    },
)

ASSIGNMENT_FIELDS = (
    Field("assignment", KINDS["slug"], True, "The assignment's id, a slug such as hw-backprop."),
    Field("title", KINDS["text"], False, "Its title (an en/zh mapping allowed); default the id."),
    Field("questions", _QUESTIONS, True, "Bank question ids, or {id, points, parts} for each one."),
)

ITEM_FIELDS = (
    Field("id", KINDS["slug"], True, "The id of a question of the bank (see trainer list)."),
    Field("points", _POINTS, False, "The question's points, split evenly over its parts; 1."),
    Field(
        "parts",
        _PARTS,
        False,
        "shape, value, differential or choice, or a list of them; default the question's ask "
        "(choice for a choice question). Any gradient question may have shape and value "
        "parts; a differential question, shape and differential.",
    ),
)


def assignment_schema() -> dict[str, Any]:
    """The JSON Schema of an assignment file, built from the loader's own field tables."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://trainer.invalid/assignment.schema.json",
        "title": "trainer assignment file",
        **object_schema(ASSIGNMENT_FIELDS),
        "$defs": {"question": object_schema(ITEM_FIELDS)},
    }


def unrunnable(assignment: Assignment, judge: Judge, seed: int) -> list[Problem]:
    """The checks that run a question (the oracle's) on the assigned questions, with the grading
    seed: a question that loads but cannot be run would give every student a zero they did not
    earn.

    For a course's own question files (`--questions`); the bundled bank is checked by its tests.
    Checked on `judge`, the judge that then grades: its oracles are kept for the grading.
    """
    from trainer.oracle import validate_question

    problems = []
    for assigned in assignment.questions:
        for found in validate_question(judge.questions[assigned.id], seed, judge):
            message = msg("question_not_runnable", id=assigned.id, problem=found.format())
            problems.append(Problem(assignment.path, assigned.line, None, message))
    return problems


# --- the loader ------------------------------------------------------------------------------


def load_assignment(path: Path, bank: Bank) -> tuple[Assignment | None, list[Problem]]:
    """The assignment, or None with every problem found (each at its line)."""
    reader = _Reader(path, bank)
    assignment = reader.read()
    return (assignment if not reader.problems else None), reader.problems


class _Reader:
    def __init__(self, path: Path, bank: Bank) -> None:
        self.path = path
        self.bank = bank
        self.problems: list[Problem] = []

    def report(self, line: int, message: Msg) -> None:
        self.problems.append(Problem(self.path, line, None, message))

    def read(self) -> Assignment | None:
        try:
            data = read_yaml(self.path)
        except SourceError as error:
            self.problems.append(error.problem(self.path))
            return None
        if data is None:
            self.report(0, msg("empty_file"))
            return None
        if not isinstance(data, YMap):
            self.report(getattr(data, "line", 0), msg("assignment_not_mapping"))
            return None
        values = read_object(data, ASSIGNMENT_FIELDS, self.report)
        items = data.get("questions")
        questions = self._items(items) if isinstance(items, YList) else []
        if values is None:
            return None
        title = values.get("title") or {"en": values["assignment"]}
        return Assignment(values["assignment"], title, self.path, tuple(questions))

    def _items(self, items: YList) -> list[AssignedQuestion]:
        if not items:
            self.report(items.line, msg("assignment_no_questions"))
        first_line: dict[str, int] = {}
        result = []
        for item, line in zip(items, items.item_lines, strict=True):
            qid = _raw_id(item)
            if qid is not None and qid in first_line:
                self.report(line, msg("assigned_twice", id=qid, line=first_line[qid]))
                continue
            if qid is not None:
                first_line[qid] = line
            question = self._item(item, line)
            if question is not None:
                result.append(question)
        return result

    def _item(self, item: Any, line: int) -> AssignedQuestion | None:
        if isinstance(item, str):  # `- lin-wx-b-dw`: the defaults
            item = _only_id(item, line)
        if not isinstance(item, YMap):
            expected = "an id or a mapping with id, points and parts"
            self.report(line, msg("bad_type", key="a question", expected=expected))
            return None
        values = read_object(item, ITEM_FIELDS, self.report)
        if values is None:
            return None
        qid: str = values["id"]
        question = self.bank.questions.get(qid)
        if question is None:
            self.report(item.key_lines["id"], self._unknown(qid))
            return None
        parts: tuple[str, ...] = values.get("parts") or default_parts(question)
        impossible = [p for p in parts if p not in allowed_parts(question)]
        if impossible:
            self.report(item.key_lines.get("parts", line), _impossible(question, impossible[0]))
            return None
        return AssignedQuestion(qid, values.get("points", DEFAULT_POINTS), parts, line)

    def _unknown(self, qid: str) -> Msg:
        broken = next((p for p in self.bank.problems if p.id == qid), None)
        if broken is not None:
            return msg("question_not_loaded", id=qid, problem=broken.format())
        return msg("unknown_id", id=repr(qid), closest=closest_hint(qid, self.bank.questions))


def _raw_id(item: Any) -> str | None:
    """The id an entry names, valid or not: a second entry of one id is reported either way."""
    qid = item.get("id") if isinstance(item, YMap) else item
    return qid if isinstance(qid, str) else None


def _only_id(qid: str, line: int) -> YMap:
    item = YMap()
    item["id"] = qid
    item.line = line
    item.key_lines["id"] = line
    return item


def _impossible(question: Question, part: str) -> Msg:
    if question.is_choice:
        return msg("part_choice_only", id=question.id, part=part)
    if question.is_differential:
        return msg("part_differential_only", id=question.id, part=part)
    if part == "differential":
        return msg("part_gradient", id=question.id)
    return msg("part_not_choice", id=question.id)
