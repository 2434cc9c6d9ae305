"""Loading question files: every problem reported as FILE:LINE: ID: message, none fatal.

This checks format rules 1-3 (the file's fields, unique ids, dimensions) without torch, so the
app can draw at once; rules 4-7 need the oracle (`trainer.oracle.validate`).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from trainer.catalog import Msg, msg
from trainer.errors import NotationError
from trainer.notation import parse
from trainer.notation.limits import MAX_ELEMENTS
from trainer.notation.shapes import parse_shape
from trainer.notation.signatures import FUNCTION_NAMES as FUNCTIONS
from trainer.questions.dims import can_draw_distinct, literal_sizes
from trainer.questions.fields import (
    DECK_FIELDS,
    MISTAKE_FIELDS,
    QUESTION_FIELDS,
    TENSOR_FIELDS,
    Field,
)
from trainer.questions.files import bundled_bank_path, question_files
from trainer.questions.model import (
    INITS,
    Assignment,
    Bank,
    Deck,
    DimRange,
    Mistake,
    Problem,
    Question,
    TensorSpec,
    Text,
)
from trainer.questions.yaml_lines import TooLarge, YList, YMap, load_with_lines

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*", re.IGNORECASE)  # the spec's own example is wx-plus-b-dW
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_RANGE = re.compile(r"\s*(\d+)\s*\.\.\s*(\d+)\s*")
_FORWARD_LINE = re.compile(r"\s*([A-Za-z_]\w*)\s*=(?!=)(.*)", re.DOTALL)
MAX_SIZE = 64
MAX_FILE_BYTES = 2_000_000
NO_ID = "-"


def load_bank(paths: Sequence[Path | str] | None = None) -> Bank:
    """Load every question file together; bad files and questions are reported, never fatal."""
    bank = Bank()
    first_question: dict[str, Path] = {}
    first_deck: dict[str, Path] = {}
    for path in question_files(paths if paths else [bundled_bank_path()]):
        deck, problems = load_file(path)
        bank.problems.extend(problems)
        if deck is None:
            continue
        if deck.id in first_deck:
            bank.problems.append(
                Problem(
                    path,
                    deck.line,
                    deck.id,
                    msg("duplicate_deck", id=deck.id, first=first_deck[deck.id]),
                )
            )
            continue
        first_deck[deck.id] = path
        kept = []
        for question in deck.questions:
            if question.id in first_question:
                first = first_question[question.id]
                bank.problems.append(
                    Problem(
                        path,
                        question.line,
                        question.id,
                        msg("duplicate_id", id=question.id, first=first),
                    )
                )
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


class _Problem(Exception):
    def __init__(self, message: Msg, line: int | None = None) -> None:
        self.msg = message
        self.line = line


class _FileReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def report(self, line: int, qid: str, message: Msg) -> None:
        self.problems.append(Problem(self.path, line, qid, message))

    def read(self) -> Deck | None:
        data = self._parse_yaml()
        if data is None:
            return None
        if not isinstance(data, YMap):
            self.report(getattr(data, "line", 1), NO_ID, msg("not_mapping"))
            return None
        deck_id = data.get("deck") if isinstance(data.get("deck"), str) else NO_ID
        values = self._fields(data, DECK_FIELDS, deck_id)
        if values is None:
            return None
        deck = Deck(values["deck"], values["title"], values.get("description"), self.path)
        deck.line = data.key_lines["deck"]
        questions = data["questions"]
        for index, item in enumerate(questions):
            line = questions.item_lines[index]
            question = self._question(item, line, deck.id)
            if question is not None:
                deck.questions.append(question)
        return deck

    def _parse_yaml(self) -> Any:
        try:
            raw = self.path.read_bytes()
            if len(raw) > MAX_FILE_BYTES:
                raise ValueError(f"larger than {MAX_FILE_BYTES} bytes")
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            self.report(1, NO_ID, msg("unreadable", reason=_first_line(error)))
            return None
        if "\x00" in text:
            self.report(1, NO_ID, msg("unreadable", reason="it holds NUL bytes (a binary file?)"))
            return None
        try:
            data = load_with_lines(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            line = mark.line + 1 if mark is not None else 1
            reason = getattr(error, "problem", None) or _first_line(error)
            self.report(line, NO_ID, msg("yaml", reason=reason))
            return None
        except (TooLarge, RecursionError):
            self.report(1, NO_ID, msg("yaml", reason="the document expands too far"))
            return None
        if data is None:
            self.report(1, NO_ID, msg("empty_file"))
        return data

    def _fields(self, data: YMap, fields: tuple[Field, ...], qid: str) -> dict | None:
        """Check keys (unknown, missing, duplicate) and parse each by its kind."""
        ok = True
        names = [f.name for f in fields]
        for key, line in data.duplicates:
            self.report(line, qid, msg("duplicate_key", key=key))
            ok = False
        for key in data:
            if key not in names:
                self.report(data.key_lines[key], qid, _unknown_key(key, names))
                ok = False
        values: dict[str, Any] = {}
        for field in fields:
            if field.name not in data:
                if field.required:
                    self.report(data.line, qid, msg("missing_key", key=field.name))
                    ok = False
                continue
            line = data.key_lines[field.name]
            try:
                values[field.name] = _PARSERS[field.kind](self, data[field.name], line, field.name)
            except _Problem as problem:
                self.report(problem.line or line, qid, problem.msg)
                ok = False
        return values if ok else None

    def _question(self, item: Any, line: int, deck_id: str) -> Question | None:
        if not isinstance(item, YMap):
            self.report(line, NO_ID, msg("bad_type", key="a question", expected="a mapping"))
            return None
        qid = item["id"] if isinstance(item.get("id"), str) else NO_ID
        values = self._fields(item, QUESTION_FIELDS, qid)
        if values is None:
            return None
        ask = values.get("ask", ("shape", "value"))
        question = Question(
            id=values["id"],
            deck=deck_id,
            title=values["title"],
            prompt=values["prompt"],
            ask=ask,
            given=values.get("given", {}),
            forward=values.get("forward", ()),
            wrt=values.get("wrt"),
            of=values.get("of", ()),
            upstream=values.get("upstream"),
            backward=values.get("backward", 1),
            choices=values.get("choices", ()),
            answer=values.get("answer"),
            dims=values.get("dims", {}),
            level=values.get("level", 1),
            tags=values.get("tags", ()),
            hint=values.get("hint"),
            explain=values.get("explain"),
            mistakes=values.get("mistakes", ()),
            path=self.path,
            line=line,
            key_lines=dict(item.key_lines),
        )
        problems = list(_question_rules(question))
        for problem in problems:
            self.report(problem.line or question.line, question.id, problem.msg)
        if question.forward and not question.of:
            question.of = (question.forward[-1].name,)
        return None if problems else question

    # --- parsers, one per field kind (the same kinds fields.py gives a schema) -------------

    def slug(self, value: Any, line: int, key: str) -> str:
        if not isinstance(value, str) or not _SLUG.fullmatch(value):
            raise _Problem(msg("bad_slug", key=key, value=value))
        return value

    def text(self, value: Any, line: int, key: str) -> Text:
        if isinstance(value, str):
            return {"en": value}
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            if "en" not in value:
                raise _Problem(msg("text_needs_en"), line)
            return {str(k): v for k, v in value.items()}
        raise _Problem(msg("bad_type", key=key, expected="a string or {en: ..., zh: ...}"))

    def level(self, value: Any, line: int, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise _Problem(msg("bad_level", value=value))
        return value

    def tags(self, value: Any, line: int, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise _Problem(msg("bad_type", key=key, expected="a list of strings"))
        return tuple(value)

    def dims(self, value: Any, line: int, key: str) -> dict[str, DimRange]:
        if not isinstance(value, YMap):
            raise _Problem(msg("bad_type", key=key, expected="a mapping of name to size"))
        result = {}
        for name, size in value.items():
            at = value.key_lines[name]
            if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
                raise _Problem(
                    msg("bad_type", key="a dimension name", expected="an identifier"), at
                )
            result[name] = DimRange(*_dim_range(size, at), line=at)
        return result

    def given(self, value: Any, line: int, key: str) -> dict[str, TensorSpec]:
        if not isinstance(value, YMap):
            raise _Problem(msg("bad_type", key=key, expected="a mapping of name to tensor"))
        specs = {}
        for name, spec in value.items():
            at = value.key_lines[name]
            if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
                raise _Problem(msg("bad_type", key="a given name", expected="an identifier"), at)
            specs[name] = self._tensor(name, spec, at)
        return specs

    def _tensor(self, name: str, spec: Any, line: int) -> TensorSpec:
        if isinstance(spec, list):
            return TensorSpec(name, _shape(spec, line), line=line)
        if not isinstance(spec, YMap):
            raise _Problem(msg("bad_tensor_spec"), line)
        known = [f.name for f in TENSOR_FIELDS]
        for key in spec:
            if key not in known:
                raise _Problem(_unknown_key(key, known), spec.key_lines[key])
        if "value" in spec:
            if "shape" in spec or "init" in spec:
                raise _Problem(msg("bad_tensor_spec"), line)
            sizes = _literal_shape(spec["value"], spec.key_lines["value"])
            return TensorSpec(name, tuple(str(s) for s in sizes), "literal", spec["value"], line)
        if "shape" not in spec:
            raise _Problem(msg("bad_tensor_spec"), line)
        shape = _shape(spec["shape"], spec.key_lines["shape"])
        init = spec.get("init", "normal")
        if init not in INITS:
            raise _Problem(
                msg("bad_init", known=", ".join(INITS), value=init), spec.key_lines["init"]
            )
        if init == "spd" and (len(shape) != 2 or shape[0] != shape[1]):
            raise _Problem(msg("spd_not_square", shape=_show(shape)), spec.key_lines["init"])
        return TensorSpec(name, shape, init, None, line)

    def forward(self, value: Any, line: int, key: str) -> tuple[Assignment, ...]:
        if isinstance(value, str):
            lines = [
                (text, line + 1 + i) for i, text in enumerate(value.splitlines()) if text.strip()
            ]
            if "\n" not in value.strip():
                lines = [(value.strip(), line)]
        elif isinstance(value, YList) and all(isinstance(v, str) for v in value):
            lines = list(zip(value, value.item_lines, strict=True))
        else:
            raise _Problem(msg("bad_type", key=key, expected="a list of name = expression lines"))
        result = []
        for text, at in lines:
            match = _FORWARD_LINE.fullmatch(text)
            if not match:
                raise _Problem(msg("bad_forward", line=text), at)
            try:
                parse(match.group(2))
            except NotationError as error:
                raise _Problem(
                    msg("forward_error", line=text.strip(), error=error.msg), at
                ) from None
            result.append(Assignment(match.group(1), match.group(2).strip(), at))
        if not result:
            raise _Problem(msg("bad_type", key=key, expected="at least one line"))
        return tuple(result)

    def name(self, value: Any, line: int, key: str) -> str:
        if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
            raise _Problem(msg("bad_type", key=key, expected="a name"))
        return value

    def of(self, value: Any, line: int, key: str) -> tuple[str, ...]:
        names = value if isinstance(value, list) else [value]
        if not names:
            raise _Problem(msg("bad_type", key=key, expected="a name or a list of names"))
        return tuple(self.name(n, line, key) for n in names)

    def backward(self, value: Any, line: int, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 16:
            raise _Problem(msg("bad_type", key=key, expected="a whole number from 1 to 16"))
        return value

    def ask(self, value: Any, line: int, key: str) -> tuple[str, ...]:
        if value in ("shape", "value", "choice"):
            return (value,)
        steps = ("shape", "value")
        if isinstance(value, list) and value and all(v in steps for v in value):
            return tuple(v for v in steps if v in value)
        raise _Problem(msg("bad_ask", value=value))

    def choices(self, value: Any, line: int, key: str) -> tuple[Text, ...]:
        if not isinstance(value, YList) or len(value) < 2:
            raise _Problem(msg("bad_type", key=key, expected="a list of at least two texts"))
        return tuple(self.text(v, at, key) for v, at in zip(value, value.item_lines, strict=True))

    def answer(self, value: Any, line: int, key: str) -> str:
        if isinstance(value, bool) or value is None:
            raise _Problem(msg("bad_answer_type"))
        if isinstance(value, str):
            return value
        if isinstance(value, int | float):
            return repr(value)
        try:
            _literal_shape(value, line)
        except _Problem:
            raise _Problem(msg("bad_answer_type")) from None
        return repr(_plain(value))

    def mistakes(self, value: Any, line: int, key: str) -> tuple[Mistake, ...]:
        if not isinstance(value, YList):
            raise _Problem(msg("bad_type", key=key, expected="a list of {answer, says}"))
        result = []
        for item, at in zip(value, value.item_lines, strict=True):
            if not isinstance(item, YMap):
                raise _Problem(msg("bad_type", key="a mistake", expected="{answer, says}"), at)
            known = [f.name for f in MISTAKE_FIELDS]
            for key_name in item:
                if key_name not in known:
                    raise _Problem(_unknown_key(key_name, known), item.key_lines[key_name])
            for field in MISTAKE_FIELDS:
                if field.name not in item:
                    raise _Problem(msg("missing_key", key=field.name), at)
            answer = self.answer(item["answer"], item.key_lines["answer"], "answer")
            says = self.text(item["says"], item.key_lines["says"], "says")
            result.append(Mistake(answer, says, at))
        return tuple(result)

    def questions(self, value: Any, line: int, key: str) -> YList:
        if not isinstance(value, YList):
            raise _Problem(msg("bad_type", key=key, expected="a list of questions"))
        return value


_PARSERS = {
    kind: getattr(_FileReader, kind)
    for kind in (
        "slug", "text", "level", "tags", "dims", "given", "forward", "name", "of",
        "backward", "ask", "choices", "answer", "mistakes", "questions",
    )
}  # fmt: skip


def _unknown_key(key: object, known: list[str]) -> Msg:
    """Unknown keys are errors, with a "did you mean" so that a typo never passes silently."""
    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    return msg("unknown_key", key=key, closest=msg("closest", closest=close[0]) if close else "")


def _dim_range(size: Any, line: int) -> tuple[int, int]:
    if isinstance(size, int) and not isinstance(size, bool):
        low = high = size
    elif isinstance(size, str) and _RANGE.fullmatch(size):
        low, high = map(int, _RANGE.fullmatch(size).groups())
    else:
        raise _Problem(msg("bad_dims", value=size), line)
    if not 1 <= low <= high <= MAX_SIZE:
        raise _Problem(msg("bad_dims", value=size), line)
    return low, high


def _shape(spec: Any, line: int) -> tuple[str, ...]:
    if not isinstance(spec, list):
        raise _Problem(msg("bad_tensor_spec"), line)
    shape = []
    for size in spec:
        if isinstance(size, int) and not isinstance(size, bool) and 1 <= size <= MAX_SIZE:
            shape.append(str(size))
        elif isinstance(size, str) and _IDENTIFIER.fullmatch(size):
            shape.append(size)
        else:
            raise _Problem(msg("bad_tensor_spec"), line)
    return tuple(shape)


def _literal_shape(value: Any, line: int) -> tuple[int, ...]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ()
    if isinstance(value, list) and value:
        shapes = {_literal_shape(item, line) for item in value}
        if len(shapes) == 1:
            return (len(value), *shapes.pop())
    raise _Problem(msg("bad_value"), line)


def _plain(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, list) else value


def _show(shape: tuple[str, ...]) -> str:
    from trainer.notation import shape_text

    return shape_text(shape)


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# --- rules that look at a whole question -------------------------------------------------------

_RESERVED = {"T": "the transpose", "torch": "the torch prefix"}


def _question_rules(q: Question) -> Iterable[_Problem]:
    yield from _ask_rules(q)
    if q.is_choice:
        return
    yield from _name_rules(q)
    yield from _dim_rules(q)
    if "shape" in q.ask or q.answer is None:
        yield from _shape_mistake_rules(q)


def _ask_rules(q: Question) -> Iterable[_Problem]:
    if q.is_choice:
        if not q.choices:
            yield _Problem(msg("needs_field", key="choices", ask="choice"), q.line)
            return
        if q.answer is None:
            yield _Problem(msg("needs_field", key="answer", ask="choice"), q.line)
        elif _choice_number(q.answer, len(q.choices)) is None:
            yield _Problem(msg("choice_answer", count=len(q.choices)), q.line_of("answer"))
        for mistake in q.mistakes:
            number = _choice_number(mistake.answer, len(q.choices))
            if number is None or mistake.answer == q.answer:
                yield _Problem(msg("choice_mistake"), mistake.line)
        return
    for key in ("given", "forward", "wrt"):
        if not getattr(q, key):
            yield _Problem(msg("needs_field", key=key, ask="/".join(q.ask)), q.line)
    if "value" in q.ask and q.answer is None:
        yield _Problem(msg("needs_field", key="answer", ask="/".join(q.ask)), q.line)


def _choice_number(answer: str, count: int) -> int | None:
    return int(answer) if answer.isdigit() and 1 <= int(answer) <= count else None


def _name_rules(q: Question) -> Iterable[_Problem]:
    lines = {name: spec.line for name, spec in q.given.items()}
    lines.update({name: dim.line for name, dim in q.dims.items()})
    for name in [*q.given, *q.dims]:
        why = _RESERVED.get(name) or ("a function of the notation" if name in FUNCTIONS else None)
        if why:
            yield _Problem(msg("reserved_name", name=name, why=why), lines[name])
    if "x" in q.dims:
        why = "the separator of sizes in m x n"
        yield _Problem(msg("reserved_name", name="x", why=why), q.dims["x"].line)
    for name in set(q.given) & set(q.dims):
        why = "both a given and a dimension"
        yield _Problem(msg("reserved_name", name=name, why=why), q.dims[name].line)
    if q.wrt and q.wrt not in q.given:
        yield _Problem(msg("not_given", key="wrt", name=q.wrt), q.line_of("wrt"))
    if q.upstream and q.upstream not in q.given:
        yield _Problem(msg("not_given", key="upstream", name=q.upstream), q.line_of("upstream"))
    assigned = {line.name for line in q.forward}
    for line in q.forward:
        if line.name in q.given:
            yield _Problem(msg("assign_given", name=line.name), line.line)
    for name in q.of:
        if name not in assigned:
            yield _Problem(msg("not_forward", name=name), q.line_of("of"))


def _dim_rules(q: Question) -> Iterable[_Problem]:
    for spec in q.given.values():
        for size in spec.shape:
            if not size.isdigit() and size not in q.dims:
                yield _Problem(msg("undeclared_dim", name=size), spec.line)
    for name, spec in q.given.items():
        if all(s.isdigit() or s in q.dims for s in spec.shape):
            largest = math.prod(int(s) if s.isdigit() else q.dims[s].high for s in spec.shape)
            if largest > MAX_ELEMENTS:
                limit = MAX_ELEMENTS
                yield _Problem(
                    msg("given_too_large", name=name, count=largest, limit=limit), spec.line
                )
    fixed: dict[int, str] = {}
    for name, dim in q.dims.items():
        if dim.fixed:
            if dim.low in fixed:
                yield _Problem(
                    msg("fixed_dims_equal", first=fixed[dim.low], second=name, size=dim.low),
                    dim.line,
                )
            fixed[dim.low] = name
    if not can_draw_distinct(q.dims, literal_sizes(q)):
        yield _Problem(msg("dims_not_distinct"), q.line_of("dims"))


def _shape_mistake_rules(q: Question) -> Iterable[_Problem]:
    if q.ask != ("shape",):
        return
    for mistake in q.mistakes:
        try:
            parse_shape(mistake.answer, q.dim_names)
        except NotationError as error:
            yield _Problem(
                msg("mistake_invalid", answer=mistake.answer, error=error.msg), mistake.line
            )
