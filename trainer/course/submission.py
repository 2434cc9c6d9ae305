"""One student's file of answers, read within the bounds of every file and never fatal.

A submission maps a question id to the answer text (the value part, or the choice number), or
to a mapping of part to text. YAML and JSON both come through the bounded YAML reader (JSON is
YAML's flow style), so a bomb, a huge or binary file or a deep nesting is refused the same way
with a line, and every key keeps its line for the notes.

Reading never raises. A file that is not a readable mapping becomes an ungradable `Submission`
that says why; any other file gives one `Answer` per assigned part: text or a number to judge,
or the message that says why there is nothing to judge ("no answer", a list where text belongs).
What was handed in but is not graded (an id not in the assignment, a part the question does not
have, a key given twice) becomes a note, and a near miss is named where the answer is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.course.assignment import AssignedQuestion, Assignment, part_label
from trainer.errors import Problem
from trainer.messages import Msg, closest_hint, msg
from trainer.questions.yaml_lines import SourceError, YMap, read_yaml

MAX_NOTES = 20  # a file of 10,000 stray keys gets 20 notes and a count, not 10,000 lines
MAX_KEY_SHOWN = 60  # characters of a stray key quoted in a message


@dataclass(frozen=True)
class Answer:
    """What a student handed in for one part: a value to judge, or why there is none."""

    value: str | int | float | None
    message: Msg | None = None  # set when value is None

    @classmethod
    def missing(cls, near: Msg | None = None) -> Answer:
        return cls(None, near or msg("no_answer"))


@dataclass(frozen=True)
class HandedIn:
    """A student's file, as read or as graded: whose it is, and what stood in the way."""

    path: Path
    notes: tuple[Problem, ...] = ()  # what was handed in but not graded
    problem: Problem | None = None  # why the file cannot be graded at all

    @property
    def student(self) -> str:
        """The file's name without its suffix: `alice.yaml` is Alice's."""
        return self.path.stem

    @property
    def gradable(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Submission(HandedIn):
    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)  # (id, part) → answer


def read_submission(path: Path, assignment: Assignment) -> Submission:
    if not path.is_file():  # not handed in (or a folder, a device: nothing to read)
        missing = msg("submission_missing", name=path.name)
        return Submission(path, problem=Problem(path, 0, None, missing))
    try:
        data = read_yaml(path)
    except SourceError as error:
        return Submission(path, problem=error.problem(path))
    if data is None:
        return Submission(path, problem=Problem(path, 0, None, msg("empty_file")))
    if not isinstance(data, YMap):
        line = getattr(data, "line", 0)  # a scalar has none
        return Submission(path, problem=Problem(path, line, None, msg("submission_not_mapping")))
    return _Reader(path, assignment).read(data)


class _Reader:
    def __init__(self, path: Path, assignment: Assignment) -> None:
        self.path = path
        self.assignment = assignment
        self.notes: list[Problem] = []
        self.dropped = 0

    def note(self, line: int, message: Msg) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(Problem(self.path, line, None, message))
        else:
            self.dropped += 1

    def read(self, data: YMap) -> Submission:
        assigned = {q.id: q for q in self.assignment.questions}
        for key, line in data.duplicates:
            self.note(line, msg("submission_duplicate", key=_shown(key)))
        entries: dict[str, tuple[Any, int]] = {}
        strays: list[tuple[str, int]] = []
        for key, value in data.items():
            line = data.key_lines[key]
            qid = _id_of(key)
            if qid is None:
                self.note(line, msg("submission_bad_key", key=_shown(key)))
            elif qid in assigned:
                entries[qid] = (value, line)
            else:
                strays.append((qid, line))
        missing = [qid for qid in assigned if qid not in entries]
        near = self._near_misses(strays, missing, list(assigned), None)
        answers: dict[tuple[str, str], Answer] = {}
        for question in self.assignment.questions:
            if question.id in entries:
                answers.update(self._question(question, *entries[question.id]))
            else:
                for part in question.parts:
                    answers[question.id, part] = Answer.missing(near.get(question.id))
        notes = sorted(self.notes, key=lambda note: note.line or 0)  # in the file's order
        if self.dropped:
            notes.append(Problem(self.path, 0, None, msg("more_notes", count=self.dropped)))
        return Submission(self.path, tuple(notes), answers=answers)

    def _near_misses(
        self, strays: list[tuple[str, int]], missing: list[str], known: list[str], qid: str | None
    ) -> dict[str, Msg]:
        """Note each stray key; name it on the missing id or part it most resembles."""
        near: dict[str, Msg] = {}
        for key, line in strays:
            shown, hint = _shown(key), closest_hint(key, known)
            if qid is None:
                message = msg("submission_unknown_id", key=shown, closest=hint)
            else:
                parts = ", ".join(known)
                message = msg(
                    "submission_unknown_part", id=qid, key=shown, parts=parts, closest=hint
                )
            self.note(line, message)
            target = closest_hint(key, missing)
            if isinstance(target, Msg):
                name = str(target.params["closest"])
                near.setdefault(name, msg("no_answer_near", line=line, key=shown, name=name))
        return near

    def _question(
        self, question: AssignedQuestion, value: Any, line: int
    ) -> dict[tuple[str, str], Answer]:
        qid = question.id
        if not isinstance(value, YMap):  # the answer text of the question's main part
            main = _main_part(question.parts)
            return {
                (qid, part): _answer(qid, value) if part == main else Answer.missing()
                for part in question.parts
            }
        for key, at in value.duplicates:
            self.note(at, msg("submission_duplicate", key=_shown(f"{qid}.{key}")))
        strays = [(str(key), value.key_lines[key]) for key in value if key not in question.parts]
        missing = [part for part in question.parts if part not in value]
        near = self._near_misses(strays, missing, list(question.parts), qid)
        return {
            (qid, part): (
                _answer(part_label(qid, part), value[part])
                if part in value
                else Answer.missing(near.get(part))
            )
            for part in question.parts
        }


def _main_part(parts: tuple[str, ...]) -> str:
    """The part a bare answer text is for: the only part, else the value (or the differential,
    or the choice)."""
    if len(parts) == 1:
        return parts[0]
    return next((part for part in ("value", "differential") if part in parts), parts[0])


def _answer(label: str, value: Any) -> Answer:
    """A handed-in value as an answer: text and numbers are judged (numbers as grade lines
    judge them), anything else is named in a message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Answer.missing()
    if isinstance(value, bool):
        what = msg("what_bool")
    elif isinstance(value, str | int | float):
        return Answer(value)
    elif isinstance(value, list):
        what = msg("what_list")
    elif isinstance(value, dict):
        what = msg("what_mapping")
    else:  # a YAML date, binary, ...
        what = msg("what_other")
    return Answer(None, msg("answer_not_text_value", label=label, what=what))


def _id_of(key: Any) -> str | None:
    """A mapping key as a question id: text, or a whole number (an id may be all digits)."""
    if isinstance(key, str):
        return key
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)
    return None


def _shown(key: object) -> str:
    text = key if isinstance(key, str) else repr(key)
    return text if len(text) <= MAX_KEY_SHOWN else text[: MAX_KEY_SHOWN - 1] + "…"
