"""The fields of a question file: one table that both the loader and the JSON Schema read.

The loader validates each key by its `kind` (see loader.py's parsers) and `json_schema()`
turns the same table into the schema editors use, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool
    doc: str


DECK_FIELDS = (
    Field("deck", "slug", True, "Deck id: a lowercase slug, unique in the bank."),
    Field("title", "text", True, "The deck's title."),
    Field("description", "text", False, "What the deck practises."),
    Field("questions", "questions", True, "The questions of the deck."),
)

QUESTION_FIELDS = (
    Field("id", "slug", True, "Unique across the whole bank: [a-z0-9][a-z0-9-]*."),
    Field("title", "text", True, "Short title."),
    Field("prompt", "text", True, "The question, Markdown allowed."),
    Field("level", "level", False, "1 (easy) to 5 (hard); default 1."),
    Field("tags", "tags", False, "Topic tags."),
    Field("dims", "dims", False, "Dimension name → size, or a range lo..hi."),
    Field("given", "given", False, "The tensors the forward pass starts from."),
    Field("forward", "forward", False, "One `name = expression` a line, in the notation."),
    Field("wrt", "name", False, "The given tensor whose gradient is asked."),
    Field("of", "of", False, "The forward name(s) to differentiate; default the last."),
    Field("upstream", "name", False, "A given used as the upstream gradient (a VJP)."),
    Field("backward", "backward", False, "How many times backward runs without zeroing."),
    Field("ask", "ask", False, "[shape, value] (default), shape, value or choice."),
    Field("choices", "choices", False, "The choices of an `ask: choice` question."),
    Field("answer", "answer", False, "Reference answer (or the 1-based choice number)."),
    Field("hint", "text", False, "A hint."),
    Field("explain", "text", False, "The rule and the short derivation."),
    Field("mistakes", "mistakes", False, "Wrong answers that deserve their own feedback."),
)

MISTAKE_FIELDS = (
    Field("answer", "answer", True, "The wrong answer (expression, shape or choice number)."),
    Field("says", "text", True, "What to tell the learner."),
)

TENSOR_FIELDS = (
    Field("shape", "shape", False, "A list of dimension names or integers."),
    Field("init", "init", False, "normal, positive, unit, spd, onehot or sign."),
    Field("value", "value", False, "A literal value; the shape follows it."),
)

_SLUG = "^[A-Za-z0-9][A-Za-z0-9-]*$"
_IDENTIFIER = "^[A-Za-z_][A-Za-z0-9_]*$"
_TEXT = {
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
_NUMBERS = {"oneOf": [{"type": "number"}, {"type": "array", "items": {"$ref": "#/$defs/numbers"}}]}
_SHAPE = {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}


def _object(fields: tuple[Field, ...]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: {**KIND_SCHEMAS[f.kind], "description": f.doc} for f in fields},
    }


KIND_SCHEMAS: dict[str, dict] = {
    "slug": {"type": "string", "pattern": _SLUG},
    "text": _TEXT,
    "level": {"type": "integer", "minimum": 1, "maximum": 5},
    "tags": {"type": "array", "items": {"type": "string"}},
    "dims": {
        "type": "object",
        "additionalProperties": {
            "oneOf": [
                {"type": "integer", "minimum": 1, "maximum": 64},
                {"type": "string", "pattern": r"^\s*\d+\s*\.\.\s*\d+\s*$"},
            ]
        },
    },
    "shape": _SHAPE,
    "init": {"enum": ["normal", "positive", "unit", "spd", "onehot", "sign"]},
    "value": {"$ref": "#/$defs/numbers"},
    "given": {
        "type": "object",
        "propertyNames": {"pattern": _IDENTIFIER},
        "additionalProperties": {"oneOf": [_SHAPE, {"$ref": "#/$defs/tensor"}]},
    },
    "forward": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    "name": {"type": "string", "pattern": _IDENTIFIER},
    "of": {
        "oneOf": [
            {"type": "string", "pattern": _IDENTIFIER},
            {"type": "array", "items": {"type": "string", "pattern": _IDENTIFIER}, "minItems": 1},
        ]
    },
    "backward": {"type": "integer", "minimum": 1, "maximum": 16},
    "ask": {
        "oneOf": [
            {"enum": ["shape", "value", "choice"]},
            {"type": "array", "items": {"enum": ["shape", "value"]}, "minItems": 1},
        ]
    },
    "choices": {"type": "array", "items": _TEXT, "minItems": 2},
    "answer": {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/numbers"}]},
    "mistakes": {"type": "array", "items": {"$ref": "#/$defs/mistake"}},
    "questions": {"type": "array", "items": {"$ref": "#/$defs/question"}},
}


def json_schema() -> dict:
    """The JSON Schema of a question file, built from the field tables above."""
    schema = _object(DECK_FIELDS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://trainer.invalid/question-file.schema.json",
        "title": "trainer question file (format v1)",
        **schema,
        "$defs": {
            "question": _object(QUESTION_FIELDS),
            "mistake": _object(MISTAKE_FIELDS),
            "tensor": _object(TENSOR_FIELDS),
            "numbers": _NUMBERS,
        },
    }
