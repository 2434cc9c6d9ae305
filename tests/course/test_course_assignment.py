"""Assignment files: the loader's problems at their lines, parts and points, and the schema that
comes from the same field table."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml
from course_support import ASSIGNMENT, EXAMPLES, RIGHT, grade, run, write

from trainer.course.assignment import (
    ASSIGNMENT_FIELDS,
    ITEM_FIELDS,
    assignment_schema,
    load_assignment,
)
from trainer.questions import Bank, load_bank

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "broken" / "of-not-scalar.yaml"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def problems_of(path: Path, bank: Bank) -> list[str]:
    assignment, problems = load_assignment(path, bank)
    assert (assignment is None) == bool(problems)
    return [p.format() for p in problems]


def test_the_example_loads_with_its_points_and_parts(bank) -> None:
    assignment, problems = load_assignment(ASSIGNMENT, bank)
    assert problems == []
    assert assignment is not None
    assert assignment.slug == "hw-backprop"
    assert assignment.title == {"en": "Backpropagation by hand", "zh": "手算反向传播"}
    assert [(q.id, q.points, q.parts) for q in assignment.questions] == [
        ("lin-wx-b-dw", 2, ("shape", "value")),
        ("act-relu", 2, ("value",)),
        ("c-requires-grad", 1, ("choice",)),
    ]
    assert [(p.label, p.max_points) for p in assignment.parts] == [
        ("lin-wx-b-dw · shape", 1),
        ("lin-wx-b-dw · value", 1),
        ("act-relu · value", 2),
        ("c-requires-grad · choice", 1),
    ]
    assert assignment.max_points == 5


def test_defaults_are_the_questions_ask_and_one_point(tmp_path, bank) -> None:
    path = write(
        tmp_path,
        "a.yaml",
        """
        assignment: defaults
        questions:
          - lin-wx-b-dw
          - id: sh-row-bias
          - {id: c-zero-grad, points: 0.5}
          - {id: act-relu, points: 3, parts: shape}
        """,
    )
    assignment, problems = load_assignment(path, bank)
    assert problems == []
    assert assignment is not None
    assert assignment.title == {"en": "defaults"}
    assert bank.questions["sh-row-bias"].ask == ("shape",)
    assert [(q.id, q.points, q.parts) for q in assignment.questions] == [
        ("lin-wx-b-dw", 1, ("shape", "value")),
        ("sh-row-bias", 1, ("shape",)),
        ("c-zero-grad", Fraction(1, 2), ("choice",)),
        ("act-relu", 3, ("shape",)),
    ]
    assert [p.max_points for p in assignment.parts] == [
        Fraction(1, 2), Fraction(1, 2), 1, Fraction(1, 2), 3
    ]  # fmt: skip


def test_any_gradient_question_may_be_graded_on_its_value_and_shape(tmp_path, bank) -> None:
    """sh-row-bias asks only for the shape; trainer answer checks its value too, and so may a
    course."""
    path = write(
        tmp_path, "a.yaml", "assignment: a\nquestions: [{id: sh-row-bias, parts: [value, shape]}]\n"
    )
    assignment, problems = load_assignment(path, bank)
    assert problems == []
    assert assignment is not None
    assert assignment.questions[0].parts == ("value", "shape")


BAD = """
assignment: hw-bad
titel: Oops
questions:
  - id: lin-wx-b-dW
    points: 2
  - id: c-requires-grad
    parts: [shape]
  - id: act-relu
    parts: [choice]
  - id: act-relu
  - {id: vec-2xtx, points: -1, parts: [value, value]}
  - 42
  - lin-upstream-db
  - {id: lin-upstream-dx, pionts: 3}
  - {id: vec-mean, points: true}
  - {id: vec-norm, parts: [gradient]}
  - {points: 2}
"""


def test_every_problem_is_reported_at_its_line(tmp_path, bank) -> None:
    path = write(tmp_path, "bad.yaml", BAD)
    assert problems_of(path, bank) == [
        f"{path}:2: Unknown key titel. Did you mean title?",
        f"{path}:4: id must be a lowercase slug such as linear-layers, not 'lin-wx-b-dW'.",
        f"{path}:7: c-requires-grad is a choice question: its one part is choice, not shape.",
        f"{path}:9: act-relu asks for a gradient: its parts are shape and value, not choice.",
        f"{path}:10: act-relu is already in the assignment (line 8).",
        f"{path}:11: points must be a number above 0 and at most 1000, not -1.",
        f"{path}:11: parts must be shape, value, differential or choice, or a list of them "
        "without repeats, not ['value', 'value'].",
        f"{path}:12: a question must be an id or a mapping with id, points and parts.",
        f"{path}:14: Unknown key pionts. Did you mean points?",
        f"{path}:15: points must be a number above 0 and at most 1000, not True.",
        f"{path}:16: parts must be shape, value, differential or choice, or a list of them "
        "without repeats, not ['gradient'].",
        f"{path}:17: Missing required key id.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ": The file is empty."),
        ("- lin-wx-b-dw\n", ":1: An assignment file is a mapping with assignment, title and "),
        ("just text\n", ": An assignment file is a mapping with assignment, title and "),
        ("assignment: a\nquestions: []\n", ":2: questions must list at least one question."),
        ("questions: [lin-wx-b-dw]\n", ":1: Missing required key assignment."),
        ("assignment: a\n", ":1: Missing required key questions."),
        ("assignment: Not A Slug\nquestions: [act-relu]\n", ":1: assignment must be a "),
        ("assignment: a\nquestions: {id: act-relu}\n", ":2: questions must be a list."),
        ("assignment: a\nquestions: [act-relu\n", ":3: Not valid YAML: "),
        ("assignment: a\nassignment: b\nquestions: [act-relu]\n", ":2: The key assignment "),
    ],
)
def test_whole_file_problems(tmp_path, bank, text: str, expected: str) -> None:
    path = write(tmp_path, "a.yaml", text)
    (problem,) = problems_of(path, bank)
    assert problem.startswith(f"{path}{expected}"), problem


def test_a_question_that_does_not_load_is_named_with_its_problem(tmp_path) -> None:
    bank = load_bank([BROKEN.parent / "unknown-key.yaml"])
    (problem,) = bank.problems
    path = write(tmp_path, "a.yaml", f"assignment: a\nquestions: [{problem.id}]\n")
    assert problems_of(path, bank) == [
        f"{path}:2: The question {problem.id} does not load: {problem.format()}"
    ]


def test_an_invalid_assignment_is_exit_2_before_anything_is_graded(tmp_path, capsys) -> None:
    path = write(tmp_path, "bad.yaml", BAD)
    result = grade(capsys, RIGHT, assignment=path)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0] == f"{path}:2: Unknown key titel. Did you mean title?"
    assert lines[-1] == "12 problem(s) in the assignment: nothing was graded."


def test_a_missing_assignment_is_exit_2(tmp_path, capsys) -> None:
    result = grade(capsys, RIGHT, assignment=tmp_path / "none.yaml")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"{tmp_path / 'none.yaml'}: Cannot read the file: ")


def test_own_questions_that_cannot_run_stop_the_grading(tmp_path, capsys) -> None:
    """bad-of-not-scalar loads, but its oracle refuses it: every student would get a zero."""
    path = write(
        tmp_path,
        "a.yaml",
        "assignment: a\nquestions:\n  - ok-of-not-scalar\n  - bad-of-not-scalar\n",
    )
    result = grade(capsys, RIGHT, assignment=path, questions=BROKEN)
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines()[0] == (
        f"{path}:4: The question bad-of-not-scalar cannot be graded: {BROKEN}:21: "
        "bad-of-not-scalar: y has shape (n,), not a scalar: add upstream with a given of that "
        "shape."
    )


# --- the schema ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = assignment_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_schema_command_prints_the_schema(capsys) -> None:
    result = run(capsys, "schema", "--assignment")
    assert result.code == 0
    assert result.json() == assignment_schema()


def test_the_schema_is_the_loaders_field_table() -> None:
    schema = assignment_schema()
    assert list(schema["properties"]) == [f.name for f in ASSIGNMENT_FIELDS]
    assert schema["required"] == ["assignment", "questions"]
    item = schema["$defs"]["question"]
    assert list(item["properties"]) == [f.name for f in ITEM_FIELDS]
    assert item["required"] == ["id"]
    for field in ASSIGNMENT_FIELDS + ITEM_FIELDS:
        table = schema if field in ASSIGNMENT_FIELDS else item
        assert table["properties"][field.name]["description"] == field.doc


def test_the_examples_validate(validator) -> None:
    for path in [ASSIGNMENT, EXAMPLES / "prairielearn/questions/hw-backprop/tests/assignment.yaml"]:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    "data",
    [
        {"assignment": "a", "questions": ["act-relu"], "titel": "t"},
        {"assignment": "a", "questions": []},
        {"assignment": "a", "questions": [{"id": "act-relu", "points": 0}]},
        {"assignment": "a", "questions": [{"id": "act-relu", "parts": ["value", "value"]}]},
        {"assignment": "a", "questions": [{"id": "act-relu", "parts": "gradient"}]},
        {"assignment": "a", "questions": [{"id": "act-relu", "pionts": 2}]},
        {"questions": ["act-relu"]},
    ],
)
def test_what_the_schema_can_see_fails_it(validator, tmp_path, bank, data) -> None:
    assert not validator.is_valid(data)
    path = write(tmp_path, "a.yaml", yaml.safe_dump(data))
    assert problems_of(path, bank), "the loader refuses it too"
