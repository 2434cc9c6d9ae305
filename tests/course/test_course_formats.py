"""Each output format's exact shape: Gradescope's and PrairieLearn's results.json (keys and
types), the grade book's columns, the JSON lines."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

import pytest
from course_support import (
    COURSE_KEYS,
    EXAMPLE_PARTS,
    PARTLY_WRONG,
    RIGHT,
    UNREADABLE,
    VERDICT_KEYS,
    grade,
    write,
)

from trainer.course.formats import points_number, points_text
from trainer.oracle import Diagnosis, VerdictKind

GRADESCOPE_TEST_KEYS = {"name", "score", "max_score", "status", "output", "output_format", "tags"}
VERDICTS = {str(v) for v in VerdictKind}
CODES = {str(d) for d in Diagnosis}


def test_gradescope_results_of_the_partly_wrong_example(capsys) -> None:
    result = grade(capsys, PARTLY_WRONG, format="gradescope")
    assert result.code == 0
    assert result.out.endswith("}\n")
    data = result.json()
    assert set(data) == {"score", "output", "output_format", "tests"}
    assert isinstance(data["score"], float)
    assert data["score"] == 1.0
    assert data["output"] == "Backpropagation by hand: 1 of 5 points."
    assert data["output_format"] == "md"
    assert [t["name"] for t in data["tests"]] == EXAMPLE_PARTS
    assert [(t["score"], t["max_score"], t["status"]) for t in data["tests"]] == [
        (1.0, 1.0, "passed"),
        (0.0, 1.0, "failed"),
        (0.0, 2.0, "failed"),
        (0.0, 1.0, "failed"),
    ]
    assert [t["tags"] for t in data["tests"]] == [
        ["correct", "correct"],
        ["wrong_shape", "transposed"],
        ["wrong_value", "mask"],
        ["invalid", "invalid"],
    ]
    assert data["tests"][1]["output"] == (
        "Transposed. The gradient must have W's shape (m, n), not (n, m)."
    )
    assert data["tests"][3]["output"] == "no answer"
    for test in data["tests"]:
        assert set(test) == GRADESCOPE_TEST_KEYS
        assert isinstance(test["name"], str)
        assert isinstance(test["score"], float)
        assert isinstance(test["max_score"], float)
        assert test["status"] in {"passed", "failed"}
        assert isinstance(test["output"], str)
        assert test["output_format"] == "md"
        verdict, code = test["tags"]
        assert verdict in VERDICTS
        assert code in CODES
    assert sum(t["score"] for t in data["tests"]) == data["score"]


def test_gradescope_lists_what_was_not_graded(tmp_path, capsys) -> None:
    path = write(tmp_path, "s.yaml", "act-relu: g * step(z)\nact-relu-sum: step(z)\nq_1: x\n")
    data = grade(capsys, path, format="gradescope").json()
    assert data["output"] == (
        "Backpropagation by hand: 2 of 5 points.\n\n"
        "- line 2: act-relu-sum is not a question of this assignment, so its answer is not "
        "graded. Did you mean act-relu?\n"
        "- line 3: q\\_1 is not a question of this assignment, so its answer is not graded."
    )


def test_prairielearn_results_of_the_examples(capsys) -> None:
    data = grade(capsys, PARTLY_WRONG, format="prairielearn").json()
    assert set(data) == {"gradable", "score", "message", "tests"}
    assert data["gradable"] is True
    assert isinstance(data["score"], float)
    assert data["score"] == 0.2
    assert data["message"] == "Backpropagation by hand: 1 of 5 points."
    assert [t["name"] for t in data["tests"]] == EXAMPLE_PARTS
    for test in data["tests"]:
        assert set(test) == {"name", "points", "max_points", "message"}
        assert isinstance(test["points"], float)
        assert isinstance(test["max_points"], float)
        assert isinstance(test["message"], str)
    assert [(t["points"], t["max_points"]) for t in data["tests"]] == [
        (1.0, 1.0),
        (0.0, 1.0),
        (0.0, 2.0),
        (0.0, 1.0),
    ]
    right = grade(capsys, RIGHT, format="prairielearn").json()
    assert (right["gradable"], right["score"]) == (True, 1.0)
    assert {t["message"] for t in right["tests"]} == {"Correct."}


def test_prairielearn_results_of_an_unreadable_submission(capsys) -> None:
    result = grade(capsys, UNREADABLE, format="prairielearn")
    assert result.code == 2
    data = result.json()
    assert set(data) == {"gradable", "score", "message", "format_errors", "tests"}
    assert data["gradable"] is False
    assert data["format_errors"] == ["line 2: Not valid YAML: did not find expected ',' or '}'"]
    assert data["message"] == (
        "This submission cannot be graded: line 2: Not valid YAML: did not find expected ',' or '}'"
    )
    assert (data["score"], data["tests"]) == (0.0, [])


def test_csv_has_a_row_per_student_and_a_column_per_part(capsys) -> None:
    result = grade(capsys, RIGHT, PARTLY_WRONG, UNREADABLE, format="csv")
    assert result.code == 1
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows == [
        ["student", *EXAMPLE_PARTS, "total", "max", "note"],
        ["right", "1", "1", "2", "1", "5", "5", ""],
        ["partly-wrong", "1", "0", "0", "0", "1", "5", ""],
        ["unreadable", "", "", "", "", "", "5", "line 2: Not valid YAML: did not find expected "
         "',' or '}'"],
    ]  # fmt: skip
    assert "\r" not in result.out


def test_jsonl_is_one_verdict_object_per_part(capsys) -> None:
    result = grade(capsys, RIGHT, UNREADABLE)
    lines = result.lines()
    assert len(lines) == 8
    assert [(line["student"], line["id"], line["part"]) for line in lines] == [
        (student, *part.split(" · "))
        for student in ["right", "unreadable"]
        for part in EXAMPLE_PARTS
    ]
    for line in lines:
        assert set(line) == VERDICT_KEYS | COURSE_KEYS
        assert isinstance(line["points"], float)
        assert isinstance(line["max_points"], float)
        assert line["kind"] == line["part"]


@pytest.mark.parametrize(
    ("points", "number", "text"),
    [
        (Fraction(2), 2.0, "2"),
        (Fraction(1, 2), 0.5, "0.5"),
        (Fraction(2, 3), 0.666667, "0.666667"),
        (Fraction(1000), 1000.0, "1000"),
        (Fraction(0), 0.0, "0"),
    ],
)
def test_points_are_written_one_way(points, number, text) -> None:
    assert points_number(points) == number
    assert points_text(points) == text
