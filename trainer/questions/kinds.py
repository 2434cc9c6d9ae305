"""The kinds of field a question file holds: each kind's parser next to its JSON Schema.

A kind's bounds (levels, sizes, backward, literal depth: `bounds.py`) are written once and
used by both, so `trainer check` and an editor's schema agree. A parser takes the YAML value,
its line and key, and returns the model's value or raises `FieldError` at the most precise
line it knows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trainer.errors import NotationError, ProblemError
from trainer.messages import Msg, closest_hint, msg
from trainer.notation import parse
from trainer.notation.limits import MAX_DIMS
from trainer.questions.bounds import (
    MAX_BACKWARD,
    MAX_LEVEL,
    MAX_LITERAL_DEPTH,
    MAX_SIZE,
    MIN_LEVEL,
)
from trainer.questions.model import DimRange, ForwardLine, Text
from trainer.questions.yaml_lines import YList, YMap

ASKS = ("shape", "value", "choice")
PARTS = ("shape", "value", "differential")

# An id (of a question, a deck, an assignment): lowercase letters, digits and '-'. Decided here
# once; the parser, the schema and the field docs read it.
SLUG_PATTERN = "[a-z0-9][a-z0-9-]*"
SLUG = re.compile(SLUG_PATTERN)
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
PRODUCT = re.compile(r"\w+(?:\s*\*\s*\w+)+")  # m*n: checked factor by factor
MAX_FACTORS = MAX_DIMS  # of one product dimension
_RANGE = re.compile(r"\s*(\d{1,4})\s*\.\.\s*(\d{1,4})\s*")
_FORWARD_LINE = re.compile(r"\s*([A-Za-z_]\w*)\s*=(?!=)(.*)", re.DOTALL)

if MAX_LITERAL_DEPTH != MAX_DIMS:  # pragma: no cover - two bounds out of step
    raise RuntimeError("a literal may be nested as deep as a tensor has dimensions, no deeper")

_SLUG_SCHEMA = f"^{SLUG_PATTERN}$"
IDENTIFIER_SCHEMA = "^[A-Za-z_][A-Za-z0-9_]*$"


class FieldError(ProblemError):
    """A field's value is not of its kind; `line` when more precise than the key's own (else 0)."""


Parser = Callable[[Any, int, str], Any]


@dataclass(frozen=True)
class Kind:
    parse: Parser
    schema: dict[str, Any]


def unknown_key(key: object, known: list[str]) -> Msg:
    """Unknown keys are errors, with a "did you mean" so that a typo never passes silently."""
    return msg("unknown_key", key=key, closest=closest_hint(str(key), known))


# --- scalars ---------------------------------------------------------------------------------


def parse_slug(value: Any, line: int, key: str) -> str:
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise FieldError(msg("bad_slug", key=key, value=value))
    return value


def parse_text(value: Any, line: int, key: str) -> Text:
    if isinstance(value, str):
        return {"en": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        if "en" not in value:
            raise FieldError(msg("text_needs_en"), line)
        return {str(k): v for k, v in value.items()}
    raise FieldError(msg("bad_type", key=key, expected="a string or {en: ..., zh: ...}"))


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def parse_level(value: Any, line: int, key: str) -> int:
    if not _whole(value, MIN_LEVEL, MAX_LEVEL):
        raise FieldError(msg("bad_level", value=value))
    return int(value)


def parse_backward(value: Any, line: int, key: str) -> int:
    if not _whole(value, 1, MAX_BACKWARD):
        expected = f"a whole number from 1 to {MAX_BACKWARD}"
        raise FieldError(msg("bad_type", key=key, expected=expected))
    return int(value)


def parse_tags(value: Any, line: int, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise FieldError(msg("bad_type", key=key, expected="a list of strings"))
    return tuple(value)


def parse_name(value: Any, line: int, key: str) -> str:
    if not isinstance(value, str) or not IDENTIFIER.fullmatch(value):
        raise FieldError(msg("bad_type", key=key, expected="a name"))
    return value


def parse_of(value: Any, line: int, key: str) -> tuple[str, ...]:
    names = value if isinstance(value, list) else [value]
    if not names:
        raise FieldError(msg("bad_type", key=key, expected="a name or a list of names"))
    return tuple(parse_name(n, line, key) for n in names)


def parse_ask(value: Any, line: int, key: str) -> tuple[str, ...]:
    if value in ASKS:
        return (value,)
    if isinstance(value, list) and value and all(v in PARTS for v in value):
        return tuple(v for v in PARTS if v in value)
    raise FieldError(msg("bad_ask", value=value))


# --- dimensions and tensors ------------------------------------------------------------------


def dim_range(size: Any, line: int) -> DimRange:
    if _whole(size, 1, MAX_SIZE):
        return DimRange(size, size, line)
    match = _RANGE.fullmatch(size) if isinstance(size, str) else None
    if match:
        low, high = map(int, match.groups())
        if 1 <= low <= high <= MAX_SIZE:
            return DimRange(low, high, line)
    raise FieldError(msg("bad_dims", value=size, limit=MAX_SIZE), line)


def named_entries(value: Any, key: str, expected: str, what: str) -> list[tuple[str, Any, int]]:
    """The entries of a mapping keyed by names (`dims`, `given`, `steps`), each with its line;
    every key must be an identifier, as a name in the notation is."""
    if not isinstance(value, YMap):
        raise FieldError(msg("bad_type", key=key, expected=expected))
    entries = []
    for name, item in value.items():
        at = value.key_lines[name]
        if not isinstance(name, str) or not IDENTIFIER.fullmatch(name):
            raise FieldError(msg("bad_type", key=what, expected="an identifier"), at)
        entries.append((name, item, at))
    return entries


def parse_dims(value: Any, line: int, key: str) -> dict[str, DimRange]:
    entries = named_entries(value, key, "a mapping of name to size", "a dimension name")
    return {name: dim_range(size, at) for name, size, at in entries}


def _product(size: str, line: int) -> str:
    """A product dimension `m*n` (format v1.2): names and whole numbers, at most MAX_FACTORS."""
    factors = [factor.strip() for factor in size.split("*")]
    if len(factors) > MAX_FACTORS or not all(
        IDENTIFIER.fullmatch(f) or (f.isdigit() and 1 <= int(f) <= MAX_SIZE) for f in factors
    ):
        raise FieldError(msg("bad_shape_size", limit=MAX_SIZE, value=size), line)
    return "*".join(str(int(f)) if f.isdigit() else f for f in factors)


def parse_class_count(value: Any, line: int, key: str = "index") -> str:
    """The class count of an index tensor: a dimension name or a whole number (as digits)."""
    if _whole(value, 1, MAX_SIZE):
        return str(value)
    if isinstance(value, str) and IDENTIFIER.fullmatch(value):
        return value
    raise FieldError(msg("bad_index", limit=MAX_SIZE, value=value), line)


def parse_shape(spec: Any, line: int, key: str = "shape") -> tuple[str, ...]:
    if not isinstance(spec, list):
        raise FieldError(msg("bad_tensor_spec"), line)
    shape = []
    for size in spec:
        if _whole(size, 1, MAX_SIZE):
            shape.append(str(size))
        elif isinstance(size, str) and IDENTIFIER.fullmatch(size):
            shape.append(size)
        elif isinstance(size, str) and PRODUCT.fullmatch(size):
            shape.append(_product(size, line))
        elif isinstance(size, int | float | str) and not isinstance(size, bool):
            raise FieldError(msg("bad_shape_size", limit=MAX_SIZE, value=size), line)
        else:
            raise FieldError(msg("bad_tensor_spec"), line)
    return tuple(shape)


def literal_shape(value: Any, line: int, depth: int = 0) -> tuple[int, ...]:
    """The shape of a literal: finite numbers in rectangular lists, at most MAX_LITERAL_DEPTH
    deep."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            raise FieldError(msg("literal_number"), line) from None
        if not math.isfinite(number):
            raise FieldError(msg("literal_number"), line)
        return ()
    if depth >= MAX_LITERAL_DEPTH:
        raise FieldError(msg("literal_too_deep", limit=MAX_LITERAL_DEPTH), line)
    if isinstance(value, list) and value:
        shapes = {literal_shape(item, line, depth + 1) for item in value}
        if len(shapes) == 1:
            return (len(value), *shapes.pop())
    raise FieldError(msg("bad_value"), line)


def plain(value: Any) -> Any:
    """A literal as plain lists and numbers (after `literal_shape` has bounded its depth)."""
    return [plain(v) for v in value] if isinstance(value, list) else value


# --- expressions -----------------------------------------------------------------------------


def _checked_expression(text: str, line: int, shown: str, step: str | None = None) -> str:
    """The expression of a forward line (`shown`), or of the authored step of node `step`."""
    try:
        parse(text)
    except NotationError as error:
        if step is not None:
            raise FieldError(msg("step_error", name=step, error=error.msg), line) from None
        raise FieldError(msg("forward_error", line=shown, error=error.msg), line) from None
    return text.strip()


def parse_forward(value: Any, line: int, key: str) -> tuple[ForwardLine, ...]:
    if isinstance(value, str):
        lines = [(text, line + 1 + i) for i, text in enumerate(value.splitlines()) if text.strip()]
        if "\n" not in value.strip():
            lines = [(value.strip(), line)]
    elif isinstance(value, YList) and all(isinstance(v, str) for v in value):
        lines = list(zip(value, value.item_lines, strict=True))
    else:
        raise FieldError(msg("bad_type", key=key, expected="a list of name = expression lines"))
    result = []
    for text, at in lines:
        match = _FORWARD_LINE.fullmatch(text)
        if not match:
            raise FieldError(msg("bad_forward", line=text), at)
        expression = _checked_expression(match.group(2), at, text.strip())
        result.append(ForwardLine(match.group(1), expression, at))
    if not result:
        raise FieldError(msg("bad_type", key=key, expected="at least one line"))
    return tuple(result)


def parse_answer(value: Any, line: int, key: str) -> str:
    if isinstance(value, bool) or value is None:
        raise FieldError(msg("bad_answer_type"))
    if isinstance(value, str):
        return value
    try:
        literal_shape(value, line)
    except FieldError:
        raise FieldError(msg("bad_answer_type")) from None
    return repr(plain(value))


def parse_choices(value: Any, line: int, key: str) -> tuple[Text, ...]:
    if not isinstance(value, YList) or len(value) < 2:
        raise FieldError(msg("bad_type", key=key, expected="a list of at least two texts"))
    return tuple(parse_text(v, at, key) for v, at in zip(value, value.item_lines, strict=True))


def parse_step_reference(text: Any, line: int, name: str) -> str:
    """A `steps` entry's expression, checked to parse."""
    if not isinstance(text, str):
        raise FieldError(msg("bad_type", key=f"steps.{name}", expected="an expression"), line)
    return _checked_expression(text, line, text, step=name)


def parse_list(value: Any, line: int, key: str) -> YList:
    if not isinstance(value, YList):
        raise FieldError(msg("bad_type", key=key, expected="a list"))
    return value


# --- the table -------------------------------------------------------------------------------

_TEXT_SCHEMA = {
    "oneOf": [
        {"type": "string"},
        {
            "type": "object",
            "required": ["en"],
            "additionalProperties": {"type": "string"},
            "propertyNames": {"pattern": "^[a-z]{2,3}([-_][A-Za-z]+)?$"},
        },
    ]
}
SIZE_SCHEMA: dict[str, Any] = {  # a dimension name or a whole number
    "oneOf": [
        {"type": "string", "pattern": IDENTIFIER_SCHEMA},
        {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
    ]
}
_PRODUCT_SCHEMA = {  # m*n, 2*n
    "type": "string",
    "pattern": r"^\s*(?:[A-Za-z_][A-Za-z0-9_]*|\d+)(?:\s*\*\s*(?:[A-Za-z_][A-Za-z0-9_]*|\d+))+\s*$",
}
SHAPE_SCHEMA = {"type": "array", "items": {"oneOf": [*SIZE_SCHEMA["oneOf"], _PRODUCT_SCHEMA]}}
_NAME_SCHEMA = {"type": "string", "pattern": IDENTIFIER_SCHEMA}

KINDS: dict[str, Kind] = {
    "slug": Kind(parse_slug, {"type": "string", "pattern": _SLUG_SCHEMA}),
    "text": Kind(parse_text, _TEXT_SCHEMA),
    "level": Kind(parse_level, {"type": "integer", "minimum": MIN_LEVEL, "maximum": MAX_LEVEL}),
    "tags": Kind(parse_tags, {"type": "array", "items": {"type": "string"}}),
    "dims": Kind(
        parse_dims,
        {
            "type": "object",
            "additionalProperties": {
                "oneOf": [
                    {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
                    {"type": "string", "pattern": r"^\s*\d+\s*\.\.\s*\d+\s*$"},
                ]
            },
        },
    ),
    "forward": Kind(
        parse_forward,
        {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    ),
    "name": Kind(parse_name, _NAME_SCHEMA),
    "of": Kind(
        parse_of, {"oneOf": [_NAME_SCHEMA, {"type": "array", "items": _NAME_SCHEMA, "minItems": 1}]}
    ),
    "backward": Kind(parse_backward, {"type": "integer", "minimum": 1, "maximum": MAX_BACKWARD}),
    "ask": Kind(
        parse_ask,
        {
            "oneOf": [
                {"enum": list(ASKS)},
                {"type": "array", "items": {"enum": list(PARTS)}, "minItems": 1},
            ]
        },
    ),
    "choices": Kind(parse_choices, {"type": "array", "items": _TEXT_SCHEMA, "minItems": 2}),
    "answer": Kind(parse_answer, {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/numbers"}]}),
    "questions": Kind(parse_list, {"type": "array", "items": {"$ref": "#/$defs/question"}}),
}

NUMBERS_SCHEMA = {
    "oneOf": [{"type": "number"}, {"type": "array", "items": {"$ref": "#/$defs/numbers"}}]
}
