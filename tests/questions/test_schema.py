"""`trainer schema`: the JSON Schema of a question file, built from the loader's own field table."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from trainer.cli import main
from trainer.questions import bundled_bank_path, json_schema, question_files
from trainer.questions.fields import DECK_FIELDS, MISTAKE_FIELDS, QUESTION_FIELDS, TENSOR_FIELDS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BANK_FILES = question_files([bundled_bank_path()])
VALID_FILES = question_files([FIXTURES / "valid"])

# Broken fixtures whose problem is one a schema can see (the others need the loader or oracle).
SCHEMA_VISIBLE = [
    "unknown-key",
    "unknown-deck-key",
    "unknown-tensor-key",
    "unknown-mistake-key",
    "text-no-en",
    "missing-prompt",
    "bad-slug",
    "id-capitals",
    "deck-capitals",
    "bad-level",
    "bad-ask",
    "answer-type",
    "bad-init",
    "bad-dims-range",
    "backward-zero",
    "bare-list",
]


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_schema_command_prints_valid_json(capsys) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json_schema()
    jsonschema.validators.validator_for(printed).check_schema(printed)


def test_the_bank_is_found() -> None:
    assert BANK_FILES


@pytest.mark.parametrize("path", BANK_FILES, ids=[p.name for p in BANK_FILES])
def test_the_bundled_bank_validates_against_the_schema(validator, path: Path) -> None:
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("path", VALID_FILES, ids=[p.name for p in VALID_FILES])
def test_the_valid_fixtures_validate_against_the_schema(validator, path: Path) -> None:
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("stem", SCHEMA_VISIBLE)
def test_broken_fixtures_the_schema_can_see_fail_it(validator, stem: str) -> None:
    data = yaml.safe_load((FIXTURES / "broken" / f"{stem}.yaml").read_text(encoding="utf-8"))
    assert not validator.is_valid(data)


@pytest.mark.parametrize(
    "stem",
    ["answer-wrong", "mistake-correct", "no-gradient", "of-not-scalar", "upstream-shape"],
)
def test_oracle_rules_are_beyond_the_schema(validator, stem: str) -> None:
    """Rules 4-7 need the oracle: these files are well-formed, and the schema says so."""
    data = yaml.safe_load((FIXTURES / "broken" / f"{stem}.yaml").read_text(encoding="utf-8"))
    assert validator.is_valid(data)


def test_schema_and_loader_share_one_field_table() -> None:
    schema = json_schema()
    defs = schema["$defs"]
    assert set(schema["properties"]) == {f.name for f in DECK_FIELDS}
    assert set(defs["question"]["properties"]) == {f.name for f in QUESTION_FIELDS}
    assert set(defs["mistake"]["properties"]) == {f.name for f in MISTAKE_FIELDS}
    assert set(defs["tensor"]["properties"]) == {f.name for f in TENSOR_FIELDS}
    assert set(schema["required"]) == {f.name for f in DECK_FIELDS if f.required}
    assert set(defs["question"]["required"]) == {f.name for f in QUESTION_FIELDS if f.required}
    for obj in (schema, defs["question"], defs["mistake"], defs["tensor"]):
        assert obj["additionalProperties"] is False
    for field in QUESTION_FIELDS:
        assert defs["question"]["properties"][field.name]["description"] == field.doc


def test_every_field_of_the_spec_is_in_the_schema() -> None:
    question = json_schema()["$defs"]["question"]["properties"]
    spec_fields = {
        "id", "title", "prompt", "given", "forward", "wrt", "of", "upstream", "backward", "ask",
        "choices", "answer", "dims", "level", "tags", "hint", "explain", "mistakes",
        "steps",  # format v1.1
    }  # fmt: skip
    assert set(question) == spec_fields


@pytest.mark.parametrize(
    "document",
    [
        {"deck": "a", "title": {"en": "t", "zh": "题"}, "questions": []},
        {
            "deck": "a",
            "title": "t",
            "questions": [
                {
                    "id": "q",
                    "title": "t",
                    "prompt": "p",
                    "dims": {"m": 3, "n": "2..6"},
                    "given": {"W": ["m", "n"], "v": {"value": [[1.0, 2.0]]}, "s": []},
                    "forward": "y = sum(W)",
                    "of": ["y"],
                    "wrt": "W",
                    "ask": ["shape", "value"],
                    "answer": "ones(m, n)",
                    "mistakes": [{"answer": 3, "says": {"en": "no"}}],
                }
            ],
        },
    ],
)
def test_hand_written_documents(validator, document: dict) -> None:
    assert validator.is_valid(document), list(validator.iter_errors(document))
