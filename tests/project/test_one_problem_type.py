"""The one problem type of every file and the errors that produce it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from trainer.errors import Problem, ProblemError, TrainerError
from trainer.messages import msg
from trainer.oracle.trials import TrialError
from trainer.questions.kinds import FieldError
from trainer.questions.yaml_lines import SourceError, read_yaml

TRAINER = Path(__file__).resolve().parents[2] / "trainer"
MISSING = msg("missing_key", key="prompt")


@pytest.mark.parametrize(
    ("line", "qid", "printed"),
    [
        (7, "qid", "q/a.yaml:7: qid: Missing required key prompt."),
        (7, None, "q/a.yaml:7: Missing required key prompt."),
        (0, "qid", "q/a.yaml: qid: Missing required key prompt."),
        (0, None, "q/a.yaml: Missing required key prompt."),
    ],
)
def test_a_problem_prints_the_line_and_id_it_has(line: int, qid: str | None, printed: str) -> None:
    assert Problem(Path("q/a.yaml"), line, qid, MISSING).format() == printed


def test_without_its_file_a_problem_says_its_line_or_just_its_message() -> None:
    assert (
        Problem(Path("s.yaml"), 3, None, MISSING).text() == "line 3: Missing required key prompt."
    )
    assert Problem(Path("s.yaml"), 0, None, MISSING).text() == "Missing required key prompt."


def test_the_json_form_has_no_made_up_line() -> None:
    assert Problem(Path("a.yaml"), 0, None, MISSING).as_json() == {
        "file": "a.yaml",
        "line": None,
        "id": None,
        "message": "Missing required key prompt.",
    }


@pytest.mark.parametrize("error_type", [FieldError, SourceError, TrialError])
def test_every_error_at_a_place_is_a_trainer_error_that_makes_a_problem(
    error_type: type[ProblemError],
) -> None:
    assert issubclass(error_type, TrainerError)
    placed = error_type(MISSING, 4).problem(Path("a.yaml"), "q", line=9)
    assert placed == Problem(Path("a.yaml"), 4, "q", MISSING)  # its own line wins
    unplaced = error_type(MISSING).problem(Path("a.yaml"), "q", line=9)
    assert unplaced == Problem(Path("a.yaml"), 9, "q", MISSING)  # else the catcher's


def test_a_file_that_cannot_be_read_has_no_line(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"a: \x00")
    with pytest.raises(SourceError) as caught:
        read_yaml(path)
    assert caught.value.line == 0
    assert caught.value.problem(path).format().startswith(f"{path}: Cannot read the file")


def test_a_yaml_error_keeps_the_parser_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("a: 1\nb: [\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_yaml(path)
    assert caught.value.line >= 2


def test_problem_is_the_only_problem_type() -> None:
    """No second "problem at a place" class creeps back in beside `trainer.errors.Problem`."""
    found = []
    for path in TRAINER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Problem"):
                found.append(f"{path.relative_to(TRAINER)}:{node.name}")
    assert found == ["errors.py:Problem"]
