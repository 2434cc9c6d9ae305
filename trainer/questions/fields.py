"""The fields of a question file: one table that both the loader and the JSON Schema read.

Each field names its kind (`kinds.py`: a parser and a schema); the nested objects (a tensor of
`given`, a mistake) are read by the same `read_object` as a question, so an unknown key is
reported with "did you mean" wherever it stands, and `json_schema()` turns the same tables into
the schema editors use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trainer.messages import Msg, msg
from trainer.questions.bounds import LITERAL
from trainer.questions.kinds import (
    IDENTIFIER_SCHEMA,
    KINDS,
    NUMBERS_SCHEMA,
    SHAPE_SCHEMA,
    SIZE_SCHEMA,
    SLUG_PATTERN,
    FieldError,
    Kind,
    literal_shape,
    named_entries,
    parse_class_count,
    parse_shape,
    parse_step_reference,
    plain,
    unknown_key,
)
from trainer.questions.model import INITS, AuthoredStep, Mistake, TensorSpec
from trainer.questions.yaml_lines import YList, YMap


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool
    doc: str


Report = Callable[[int, Msg], None]


def read_object(data: YMap, fields: tuple[Field, ...], report: Report) -> dict[str, Any] | None:
    """Check keys (unknown, missing, duplicate) and parse each by its kind; None if any failed.

    Every problem is reported (at its line), so one pass shows them all.
    """
    ok = True
    names = [f.name for f in fields]
    for key, line in data.duplicates:
        report(line, msg("duplicate_key", key=key))
        ok = False
    for key in data:
        if key not in names:
            report(data.key_lines[key], unknown_key(key, names))
            ok = False
    values: dict[str, Any] = {}
    for field in fields:
        if field.name not in data:
            if field.required:
                report(data.line, msg("missing_key", key=field.name))
                ok = False
            continue
        line = data.key_lines[field.name]
        try:
            values[field.name] = field.kind.parse(data[field.name], line, field.name)
        except FieldError as problem:
            report(problem.line or line, problem.msg)
            ok = False
    return values if ok else None


def read_nested(data: YMap, fields: tuple[Field, ...]) -> dict[str, Any]:
    """`read_object` for an object inside a field: its first problem is the field's problem."""
    problems: list[tuple[int, Msg]] = []
    values = read_object(data, fields, lambda line, message: problems.append((line, message)))
    if values is None:
        line, message = problems[0]
        raise FieldError(message, line)
    return values


# --- nested objects --------------------------------------------------------------------------


def _as_is(value: Any, line: int, key: str) -> Any:
    """Checked by `parse_tensor`, which sees the whole tensor spec."""
    return value


TENSOR_FIELDS = (
    Field(
        "shape", Kind(parse_shape, SHAPE_SCHEMA), False, "A list of dimension names or integers."
    ),
    Field("init", Kind(_as_is, {"enum": list(INITS)}), False, ", ".join(INITS) + "."),
    Field(
        "value", Kind(_as_is, {"$ref": "#/$defs/numbers"}), False, "A literal; the shape follows."
    ),
    Field(
        "index",
        Kind(parse_class_count, SIZE_SCHEMA),
        False,
        "An index tensor of class labels 0..index-1 (a dimension or a number), read only by "
        "one_hot.",
    ),
)


def parse_tensor(name: str, spec: Any, line: int) -> TensorSpec:
    if isinstance(spec, list):
        return TensorSpec(name, parse_shape(spec, line), line=line)
    if not isinstance(spec, YMap):
        raise FieldError(msg("bad_tensor_spec"), line)
    values = read_nested(spec, TENSOR_FIELDS)
    if "value" in values:
        if len(values) > 1:
            raise FieldError(msg("bad_tensor_spec"), line)
        sizes = literal_shape(values["value"], spec.key_lines["value"])
        shape = tuple(str(size) for size in sizes)
        return TensorSpec(name, shape, LITERAL, plain(values["value"]), line)
    if "shape" not in values:
        raise FieldError(msg("bad_tensor_spec"), line)
    shape, init = values["shape"], values.get("init", "normal")
    if "index" in values:
        if "init" in values:
            raise FieldError(msg("index_with_init"), spec.key_lines["init"])
        return TensorSpec(name, shape, line=line, classes=values["index"])
    if init not in INITS:
        raise FieldError(
            msg("bad_init", known=", ".join(INITS), value=init), spec.key_lines["init"]
        )
    if init == "spd" and (len(shape) != 2 or shape[0] != shape[1]):
        from trainer.notation import shape_text

        raise FieldError(msg("spd_not_square", shape=shape_text(shape)), spec.key_lines["init"])
    return TensorSpec(name, shape, init, None, line)


def parse_given(value: Any, line: int, key: str) -> dict[str, TensorSpec]:
    entries = named_entries(value, key, "a mapping of name to tensor", "a given name")
    return {name: parse_tensor(name, spec, at) for name, spec, at in entries}


MISTAKE_FIELDS = (
    Field(
        "answer", KINDS["answer"], True, "The wrong answer (expression, shape or choice number)."
    ),
    Field("says", KINDS["text"], True, "What to tell the learner."),
)


def parse_mistakes(value: Any, line: int, key: str) -> tuple[Mistake, ...]:
    if not isinstance(value, YList):
        raise FieldError(msg("bad_type", key=key, expected="a list of {answer, says}"))
    result = []
    for item, at in zip(value, value.item_lines, strict=True):
        if not isinstance(item, YMap):
            raise FieldError(msg("bad_type", key="a mistake", expected="{answer, says}"), at)
        values = read_nested(item, MISTAKE_FIELDS)
        result.append(Mistake(values["answer"], values["says"], at))
    return tuple(result)


_MISTAKES = Kind(parse_mistakes, {"type": "array", "items": {"$ref": "#/$defs/mistake"}})


STEP_FIELDS = (
    Field("answer", KINDS["answer"], False, "The step's reference; without it, derived."),
    Field("mistakes", _MISTAKES, False, "Wrong answers to this step, with their feedback."),
)


def parse_steps(value: Any, line: int, key: str) -> dict[str, AuthoredStep]:
    """`steps: {z: "dh * step(z)"}`, or `{z: {answer: ..., mistakes: [...]}}` for a step with
    listed mistakes: node → reference (None: derived) and mistakes."""
    result = {}
    expected = "a mapping of node name to expression"
    for name, item, at in named_entries(value, key, expected, "a step name"):
        if not isinstance(item, YMap):
            result[name] = AuthoredStep(name, parse_step_reference(item, at, name), at)
            continue
        values = read_nested(item, STEP_FIELDS)
        reference = values.get("answer")
        if reference is not None:
            reference = parse_step_reference(reference, item.key_lines["answer"], name)
        result[name] = AuthoredStep(name, reference, at, values.get("mistakes", ()))
    return result


_STEPS = Kind(
    parse_steps,
    {
        "type": "object",
        "propertyNames": {"pattern": IDENTIFIER_SCHEMA},
        "additionalProperties": {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/step"}]},
    },
)

_GIVEN = Kind(
    parse_given,
    {
        "type": "object",
        "propertyNames": {"pattern": IDENTIFIER_SCHEMA},
        "additionalProperties": {"oneOf": [SHAPE_SCHEMA, {"$ref": "#/$defs/tensor"}]},
    },
)

# --- files -----------------------------------------------------------------------------------

DECK_FIELDS = (
    Field("deck", KINDS["slug"], True, "Deck id: a lowercase slug, unique in the bank."),
    Field("title", KINDS["text"], True, "The deck's title."),
    Field("description", KINDS["text"], False, "What the deck practises."),
    Field("questions", KINDS["questions"], True, "The questions of the deck."),
)

QUESTION_FIELDS = (
    Field("id", KINDS["slug"], True, f"Unique across the whole bank: {SLUG_PATTERN}."),
    Field("title", KINDS["text"], True, "Short title."),
    Field("prompt", KINDS["text"], True, "The question, Markdown allowed."),
    Field("level", KINDS["level"], False, "1 (one rule) to 5 (a chain with a trap); default 1."),
    Field("tags", KINDS["tags"], False, "Topic tags."),
    Field("dims", KINDS["dims"], False, "Dimension name → size, or a range lo..hi."),
    Field("given", _GIVEN, False, "The tensors the forward pass starts from."),
    Field("forward", KINDS["forward"], False, "One `name = expression` a line, in the notation."),
    Field("wrt", KINDS["name"], False, "The given tensor whose gradient is asked."),
    Field("of", KINDS["of"], False, "The forward name(s) to differentiate; default the last."),
    Field("upstream", KINDS["name"], False, "A given used as the upstream gradient (a VJP)."),
    Field("backward", KINDS["backward"], False, "How many times backward runs without zeroing."),
    Field("ask", KINDS["ask"], False, "[shape, value] (default), shape, value or choice."),
    Field("choices", KINDS["choices"], False, "The choices of an `ask: choice` question."),
    Field("answer", KINDS["answer"], False, "Reference answer (or the 1-based choice number)."),
    Field("hint", KINDS["text"], False, "A hint: the method, never the result."),
    Field("explain", KINDS["text"], False, "The rule that decides it, then the derivation."),
    Field("mistakes", _MISTAKES, False, "Wrong answers that deserve their own feedback."),
    Field("steps", _STEPS, False, "Walkthrough steps: node → reference, or {answer, mistakes}."),
)


def object_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: {**f.kind.schema, "description": f.doc} for f in fields},
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a question file, built from the field tables above."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://trainer.invalid/question-file.schema.json",
        "title": "trainer question file (format v1.1)",
        **object_schema(DECK_FIELDS),
        "$defs": {
            "question": object_schema(QUESTION_FIELDS),
            "mistake": object_schema(MISTAKE_FIELDS),
            "step": object_schema(STEP_FIELDS),
            "tensor": object_schema(TENSOR_FIELDS),
            "numbers": NUMBERS_SCHEMA,
        },
    }


__all__ = [
    "DECK_FIELDS",
    "MISTAKE_FIELDS",
    "QUESTION_FIELDS",
    "STEP_FIELDS",
    "TENSOR_FIELDS",
    "json_schema",
]
