"""Reading one student's answers: text or a mapping of parts, numbers, "no answer", near misses,
notes on what is not graded, and every JSON type where an answer belongs."""

from __future__ import annotations

import json

import pytest
from course_support import ASSIGNMENT, PARTLY_WRONG, RIGHT, by_part, grade, write

from trainer.course.assignment import Assignment, load_assignment
from trainer.course.submission import Answer, read_submission
from trainer.questions import load_bank


@pytest.fixture(scope="module")
def assignment() -> Assignment:
    loaded, problems = load_assignment(ASSIGNMENT, load_bank())
    assert loaded is not None, problems
    return loaded


def answers(path, assignment) -> dict[tuple[str, str], tuple[object, str | None]]:
    submission = read_submission(path, assignment)
    assert submission.gradable, submission.problem
    return {
        key: (answer.value, answer.message.text() if answer.message else None)
        for key, answer in submission.answers.items()
    }


def test_the_examples(assignment) -> None:
    assert answers(RIGHT, assignment) == {
        ("lin-wx-b-dw", "shape"): ("(m, n)", None),
        ("lin-wx-b-dw", "value"): ("outer(ones(m), x)", None),
        ("act-relu", "value"): ("g * step(z)", None),
        ("c-requires-grad", "choice"): (2, None),
    }
    assert answers(PARTLY_WRONG, assignment)[("c-requires-grad", "choice")] == (
        None,
        "no answer",
    )


def test_a_bare_answer_is_the_value_part_or_the_only_part(tmp_path) -> None:
    bank = load_bank()
    path = write(
        tmp_path,
        "a.yaml",
        """
        assignment: a
        questions:
          - {id: lin-wx-b-dw, parts: [shape, value]}
          - {id: lin-upstream-db, parts: [shape]}
          - {id: lin-upstream-dx, parts: [value, shape]}
        """,
    )
    assigned, _ = load_assignment(path, bank)
    assert assigned is not None
    student = write(
        tmp_path, "s.yaml", "lin-wx-b-dw: W\nlin-upstream-db: (m,)\nlin-upstream-dx: x\n"
    )
    assert answers(student, assigned) == {
        ("lin-wx-b-dw", "shape"): (None, "no answer"),
        ("lin-wx-b-dw", "value"): ("W", None),
        ("lin-upstream-db", "shape"): ("(m,)", None),
        ("lin-upstream-dx", "value"): ("x", None),
        ("lin-upstream-dx", "shape"): (None, "no answer"),
    }


def test_empty_parts_and_missing_questions_are_no_answer(tmp_path, assignment) -> None:
    path = write(
        tmp_path,
        "s.yaml",
        """
        lin-wx-b-dw:
          shape: "  "
          value:
        act-relu: ""
        """,
    )
    assert {key: message for key, (_, message) in answers(path, assignment).items()} == {
        ("lin-wx-b-dw", "shape"): "no answer",
        ("lin-wx-b-dw", "value"): "no answer",
        ("act-relu", "value"): "no answer",
        ("c-requires-grad", "choice"): "no answer",
    }


def test_near_misses_are_named_where_the_answer_is_missing(tmp_path, assignment) -> None:
    path = write(
        tmp_path,
        "s.yaml",
        """
        lin-wx-b-dw: {shap: "(m, n)", value: "outer(ones(m), x)"}
        act-reLU: g * step(z)
        c-requires-grad: 2
        extra-question: 1
        """,
    )
    found = answers(path, assignment)
    assert found[("lin-wx-b-dw", "shape")] == (
        None,
        "no answer (line 1 has shap: did you mean shape?)",
    )
    assert found[("act-relu", "value")] == (
        None,
        "no answer (line 2 has act-reLU: did you mean act-relu?)",
    )
    notes = [note.format() for note in read_submission(path, assignment).notes]
    assert notes == [
        f"{path}:1: lin-wx-b-dw has no part shap here (its parts are shape, value), so it is "
        "not graded. Did you mean shape?",
        f"{path}:2: act-reLU is not a question of this assignment, so its answer is not graded. "
        "Did you mean act-relu?",
        f"{path}:4: extra-question is not a question of this assignment, so its answer is not "
        "graded.",
    ]


def test_a_key_given_twice_is_noted_and_the_last_is_graded(tmp_path, assignment) -> None:
    path = write(tmp_path, "s.yaml", "act-relu: g\nact-relu: g * step(z)\n")
    submission = read_submission(path, assignment)
    assert submission.answers["act-relu", "value"] == Answer("g * step(z)")
    assert [n.format() for n in submission.notes] == [
        f"{path}:2: act-relu is given twice; the last one is graded."
    ]


def test_thousands_of_stray_keys_give_a_bounded_number_of_notes(tmp_path, assignment) -> None:
    path = write(tmp_path, "s.yaml", "".join(f"q{i}: x\n" for i in range(5000)))
    notes = read_submission(path, assignment).notes
    assert len(notes) == 21
    assert notes[-1].text() == "And 4980 more notes like these."


def test_a_long_stray_key_is_shortened_in_its_note(tmp_path, assignment) -> None:
    path = write(tmp_path, "s.yaml", "? " + "q" * 5000 + "\n: x\n")  # YAML's long-key form
    submission = read_submission(path, assignment)
    assert submission.gradable
    (note,) = submission.notes
    assert len(note.text()) < 200
    assert "q" * 59 + "…" in note.text()


# --- every JSON type where an answer belongs -------------------------------------------------

TYPES = {
    "lin-wx-b-dw": {"shape": ["m", "n"], "value": True},
    "act-relu": {"value": {"nested": "g * step(z)"}},
    "c-requires-grad": 2,
    "1": None,
    "2": 3.5,
    "3": False,
}


def test_answers_of_every_json_type(tmp_path, capsys) -> None:
    text = "{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in TYPES.items())
    path = write(tmp_path, "types.json", text + "\n}\n")  # one key a line: lines 2 to 7
    result = grade(capsys, path)
    assert result.code == 0
    parts = by_part(result.lines())
    messages = {(qid, part): line["message"] for (_, qid, part), line in parts.items()}
    assert messages == {
        ("lin-wx-b-dw", "shape"): "The answer to lin-wx-b-dw · shape is a list, not text: "
        "write it in quotes.",
        ("lin-wx-b-dw", "value"): "The answer to lin-wx-b-dw · value is true or false, not "
        "text: write it in quotes.",
        ("act-relu", "value"): "The answer to act-relu · value is a mapping, not text: write it "
        "in quotes.",
        ("c-requires-grad", "choice"): "Correct.",
    }
    assert parts["types", "c-requires-grad", "choice"]["answer"] == "2"  # as grade lines judge it
    for key in [("lin-wx-b-dw", "shape"), ("lin-wx-b-dw", "value"), ("act-relu", "value")]:
        line = parts[("types", *key)]
        assert (line["verdict"], line["diagnosis"], line["answer"]) == ("invalid", "invalid", None)
        assert line["points"] == 0.0
    assert f"{path}:5: 1 is not a question of this assignment" in result.err
    assert f"{path}:7: 3 is not a question of this assignment" in result.err


@pytest.mark.parametrize(
    ("value", "verdict", "message"),
    [
        ('"g * step(z)"', "correct", "Correct."),
        ("1", "wrong_shape", "The gradient has z's shape (n,); yours is ()."),
        ("-0.5", "wrong_shape", "The gradient has z's shape (n,); yours is ()."),
        (
            "true",
            "invalid",
            "The answer to act-relu is true or false, not text: write it in quotes.",
        ),
        ("null", "invalid", "no answer"),
        ('["g"]', "invalid", "The answer to act-relu is a list, not text: write it in quotes."),
        ("[]", "invalid", "The answer to act-relu is a list, not text: write it in quotes."),
        ('""', "invalid", "no answer"),
        ('{"valu": "g"}', "invalid", "no answer (line 1 has valu: did you mean value?)"),
        ('"g +"', "invalid", "The answer ends too early: something must follow +."),
    ],
)
def test_a_bare_answer_of_every_json_type(tmp_path, capsys, value, verdict, message) -> None:
    path = write(tmp_path, "s.json", f'{{"act-relu": {value}}}')
    result = grade(capsys, path)
    line = by_part(result.lines())["s", "act-relu", "value"]
    assert (line["verdict"], line["message"]) == (verdict, message)
    assert line["points"] == (2.0 if verdict == "correct" else 0.0)


def test_an_integer_id_key_matches_an_all_digit_id(tmp_path, capsys) -> None:
    """A slug may be all digits, and YAML reads such a key as an integer."""
    bank_file = write(
        tmp_path,
        "bank.yaml",
        """
        deck: digits
        title: Digits
        questions:
          - id: "2024"
            title: t
            prompt: p
            ask: choice
            choices: [a, b]
            answer: 1
        """,
    )
    assignment = write(tmp_path, "a.yaml", 'assignment: a\nquestions: ["2024"]\n')
    student = write(tmp_path, "s.yaml", "2024: 1\n")
    result = grade(capsys, student, assignment=assignment, questions=bank_file)
    (line,) = result.lines()
    assert (line["id"], line["verdict"], line["points"]) == ("2024", "correct", 1.0)
