"""`trainer report`: per question and part, right/total and the diagnosis codes with counts,
most common first, one example answer each; bad lines skipped and counted."""

from __future__ import annotations

import json

from course_support import PARTLY_WRONG, RIGHT, UNREADABLE, grade, run, write

from trainer.course.report import class_report


def verdict(student: str, qid: str, part: str, correct: bool, code: str, answer: str | None):
    return {
        "student": student,
        "id": qid,
        "kind": part,
        "answer": answer,
        "verdict": "correct" if correct else "wrong_value",
        "correct": correct,
        "message": "",
        "expected_shape": None,
        "answer_shape": None,
        "diagnosis": code,
        "listed": False,
        "part": part,
        "points": 1.0 if correct else 0.0,
        "max_points": 1.0,
    }


CLASS = [
    verdict("ann", "q1", "value", False, "factor", "2*x"),
    verdict("ann", "q1", "shape", True, "correct", "(n,)"),
    verdict("bob", "q1", "value", False, "transposed", "x.T"),
    verdict("cat", "q1", "value", False, "factor", "3*x"),
    verdict("dan", "q1", "value", False, "factor", "3*x"),
    verdict("eve", "q1", "value", True, "correct", "x"),
    verdict("fay", "q1", "value", False, "invalid", None),
    verdict("gus", "q1", "value", False, "sign", "-x"),
    verdict("bob", "q1", "shape", False, "transposed", "(1, n)"),
    verdict("ann", "q2", "choice", False, "wrong_choice", "3"),
]


def lines_of(items: list[object]) -> list[bytes | None]:
    return [json.dumps(item).encode() if not isinstance(item, bytes) else item for item in items]


def test_counts_and_order() -> None:
    report = class_report(lines_of(CLASS))
    assert report.students == 7
    assert report.skipped == 0
    assert [(p.id, p.part, p.right, p.total, p.unanswered) for p in report.parts] == [
        ("q1", "value", 1, 7, 1),
        ("q1", "shape", 1, 2, 0),
        ("q2", "choice", 0, 1, 0),
    ]
    value = report.parts[0]
    assert [(c.diagnosis, c.count, c.example) for c in value.diagnoses] == [
        ("factor", 3, "3*x"),  # the most common answer of the three
        ("transposed", 1, "x.T"),  # ties in the order first seen
        ("invalid", 1, None),
        ("sign", 1, "-x"),
    ]


def test_bad_lines_are_skipped_and_counted() -> None:
    bad = [
        b"not json",
        b"[1, 2]",
        b'"text"',
        b"{}",
        b'{"id": "q1", "part": "value", "correct": "yes", "diagnosis": "factor"}',
        b'{"id": "q1", "part": "value", "correct": false, "diagnosis": "made_up"}',
        b'{"id": "q1", "part": "value", "correct": false, "diagnosis": ["factor"]}',
        b'{"id": 7, "part": "value", "correct": false, "diagnosis": "factor"}',
        b"\xff\xfe{}",
        b"[" * 100_000 + b"]" * 100_000,
        None,  # a line too long to read
    ]
    report = class_report([*lines_of(CLASS[:3]), *bad])
    assert report.skipped == len(bad)
    assert [(p.id, p.part, p.total) for p in report.parts] == [
        ("q1", "value", 2),
        ("q1", "shape", 1),
    ]


def test_plain_grade_lines_count_by_their_kind() -> None:
    line = verdict("x", "q1", "shape", True, "correct", "(n,)")
    del line["part"], line["student"]
    report = class_report(lines_of([line]))
    assert [(p.part, p.right) for p in report.parts] == [("shape", 1)]
    assert report.students == 0


def test_the_command_on_a_graded_class(tmp_path, capsys) -> None:
    graded = tmp_path / "class.jsonl"
    assert grade(capsys, RIGHT, PARTLY_WRONG, UNREADABLE, out=graded).code == 1
    with graded.open("ab") as handle:
        handle.write(b"a line of nonsense\n" + b"x" * 1_100_000 + b"\n\n")
    result = run(capsys, "report", graded)
    assert result.code == 0
    assert result.out.splitlines() == [
        "3 student(s), 4 part(s).",
        "lin-wx-b-dw · shape: 2 of 3 right (1 without an answer)",
        "    invalid ×1",
        "lin-wx-b-dw · value: 1 of 3 right (1 without an answer)",
        "    transposed ×1, e.g. outer(x, ones(m))",
        "    invalid ×1",
        "act-relu · value: 1 of 3 right (1 without an answer)",
        "    mask ×1, e.g. g",
        "    invalid ×1",
        "c-requires-grad · choice: 1 of 3 right (2 without an answer)",
        "    invalid ×2",
        "2 line(s) skipped: not a verdict object of trainer grade.",
    ]
    data = run(capsys, "report", graded, "--json").json()
    assert data["students"] == 3
    assert data["skipped"] == 2
    assert data["parts"][1] == {
        "id": "lin-wx-b-dw",
        "part": "value",
        "right": 1,
        "total": 3,
        "unanswered": 1,
        "diagnoses": [
            {"diagnosis": "transposed", "count": 1, "example": "outer(x, ones(m))"},
            {"diagnosis": "invalid", "count": 1, "example": None},
        ],
    }


def test_answers_are_printed_escaped_and_shortened(tmp_path, capsys) -> None:
    answer = "\x1b[2J" + "y" * 200
    path = write(tmp_path, "g.jsonl", json.dumps(verdict("a", "q", "value", False, "sign", answer)))
    out = run(capsys, "report", path).out
    assert "\x1b" not in out
    assert "\\x1b[2J" in out
    assert max(map(len, out.splitlines())) < 120


def test_nothing_to_report_is_exit_2(tmp_path, capsys) -> None:
    result = run(capsys, "report", write(tmp_path, "a.csv", "student,total\nann,3\n"))
    assert result.code == 2
    assert "No verdict lines in" in result.err
    assert "(2 line(s) skipped)" in result.err
    missing = run(capsys, "report", tmp_path / "none.jsonl")
    assert missing.code == 2
    assert "Cannot read" in missing.err
    assert run(capsys, "report", tmp_path).code == 2
