"""Hostile submissions: each is ungradable with a clear reason in every output format, beside
the others, never a traceback and never a bare zero."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from course_support import EXAMPLE_PARTS, RIGHT, grade, write

BOMB = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(
            f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def bomb(folder: Path) -> Path:
    return write(folder, "bomb.yaml", BOMB)


def huge(folder: Path) -> Path:
    return write(folder, "huge.yaml", "act-relu: " + "g + " * 750_000 + "g\n")  # 3 MB


def binary(folder: Path) -> Path:
    return write(folder, "binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")


def nul_bytes(folder: Path) -> Path:
    return write(folder, "nul.yaml", b"act-relu: g\x00\n")


def deep_json(folder: Path) -> Path:
    return write(folder, "deep.json", "[" * 1000 + "]" * 1000)


def deep_yaml(folder: Path) -> Path:
    return write(folder, "deep.yaml", "act-relu: " + "{a: " * 100 + "g" + "}" * 100 + "\n")


def deeper_yaml(folder: Path) -> Path:
    """1000 deep: libyaml's own limit, or ours, refuses it first (either says "nest")."""
    return write(folder, "deeper.yaml", "act-relu: " + "[" * 1000 + "]" * 1000 + "\n")


def a_list(folder: Path) -> Path:
    return write(folder, "list.yaml", "- act-relu: g * step(z)\n")


def a_scalar(folder: Path) -> Path:
    return write(folder, "scalar.yaml", "g * step(z)\n")


def empty(folder: Path) -> Path:
    return write(folder, "empty.json", "")


def not_yaml(folder: Path) -> Path:
    return write(folder, "broken.yaml", 'act-relu: "g * step(z)\n')


def missing(folder: Path) -> Path:
    return folder / "answers.yaml"


def a_folder(folder: Path) -> Path:
    (folder / "answers").mkdir()
    return folder / "answers"


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "bomb": (bomb, "Not valid YAML: the document expands too far"),
    "huge": (huge, "Cannot read the file: larger than 2000000 bytes"),
    "binary": (binary, "Cannot read the file: 'utf-8' codec can't decode byte 0x89"),
    "nul": (nul_bytes, "Cannot read the file: it holds NUL bytes (a binary file?)"),
    "deep-json": (deep_json, "line 1: The document is nested deeper than 64 levels."),
    "deep-yaml": (deep_yaml, "line 1: The document is nested deeper than 64 levels."),
    "deeper-yaml": (deeper_yaml, "nest"),
    "list": (a_list, "line 1: A submission maps question ids to answers"),
    "scalar": (a_scalar, "A submission maps question ids to answers"),
    "empty": (empty, "The file is empty."),
    "not-yaml": (not_yaml, "line 2: Not valid YAML: "),
    "missing": (missing, "There is no file answers.yaml to grade"),
    "folder": (a_folder, "There is no file answers to grade"),
}
CASES = pytest.mark.parametrize("name", list(HOSTILE))


def reason_of(name: str) -> str:
    return HOSTILE[name][1]


@CASES
def test_jsonl_gives_every_part_the_reason(tmp_path, capsys, time_limit, name) -> None:
    path = HOSTILE[name][0](tmp_path)
    with time_limit(60):
        result = grade(capsys, RIGHT, path)
    assert result.code == 1  # one of two could not be read
    lines = result.lines()
    assert [line["student"] for line in lines] == ["right"] * 4 + [path.stem] * 4
    assert all(line["correct"] for line in lines[:4]), "the other submission is graded as usual"
    for line in lines[4:]:
        assert (line["verdict"], line["diagnosis"], line["points"]) == ("invalid", "invalid", 0)
        assert line["message"].startswith("This submission cannot be graded: ")
        assert reason_of(name) in line["message"]
    assert f"{path}" in result.err
    assert "This submission cannot be graded: " in result.err
    assert "Traceback" not in result.err


@CASES
def test_gradescope_says_why_with_a_zero(tmp_path, capsys, name) -> None:
    path = HOSTILE[name][0](tmp_path)
    result = grade(capsys, path, format="gradescope")
    assert result.code == 2  # nothing could be read
    data = result.json()
    assert data["score"] == 0.0
    assert data["output"].startswith("This submission cannot be graded: ")
    assert [t["name"] for t in data["tests"]] == EXAMPLE_PARTS
    for test in data["tests"]:
        assert (test["score"], test["status"], test["tags"]) == (0.0, "failed", ["invalid"] * 2)
        assert reason_of(name) in test["output"]


@CASES
def test_prairielearn_marks_it_not_gradable(tmp_path, capsys, name) -> None:
    path = HOSTILE[name][0](tmp_path)
    result = grade(capsys, path, format="prairielearn")
    assert result.code == 2
    data = result.json()
    assert data["gradable"] is False
    (error,) = data["format_errors"]
    assert reason_of(name) in error
    assert reason_of(name) in data["message"]


@CASES
def test_csv_leaves_the_points_empty_with_the_reason(tmp_path, capsys, name) -> None:
    path = HOSTILE[name][0](tmp_path)
    result = grade(capsys, RIGHT, path, format="csv")
    assert result.code == 1
    _, right, row = list(csv.reader(io.StringIO(result.out)))
    assert right == ["right", "1", "1", "2", "1", "5", "5", ""]
    assert row[0] == path.stem
    assert row[1:6] == [""] * 5, "no points, not zero points"
    assert row[6] == "5"
    assert reason_of(name) in row[7]


def test_only_unreadable_submissions_is_exit_2(tmp_path, capsys) -> None:
    result = grade(capsys, a_list(tmp_path), empty(tmp_path), format="csv")
    assert result.code == 2
    assert len(result.out.splitlines()) == 3, "the rows are written all the same"


def test_a_formula_in_a_file_name_is_not_run_by_a_spreadsheet(tmp_path, capsys) -> None:
    path = write(tmp_path, "=HYPERLINK(1).yaml", "act-relu: g\n+x: 1\n")
    result = grade(capsys, path, format="csv")
    _, row = list(csv.reader(io.StringIO(result.out)))
    assert row[0] == "'=HYPERLINK(1)"
    assert row[-1].startswith("line 2: +x is not a question")


def test_markdown_in_a_stray_key_stays_text_on_gradescope(tmp_path, capsys) -> None:
    path = write(tmp_path, "s.yaml", 'act-relu: g\n"![x](http://e.invalid/p.png)": 1\n')
    output = grade(capsys, path, format="gradescope").json()["output"]
    assert "\\!\\[x\\](http://e.invalid/p.png)" in output
    assert "![x]" not in output
