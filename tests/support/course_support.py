"""Helpers for the course-grading tests: the example files, and `trainer` run in-process."""

from __future__ import annotations

import json
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
ASSIGNMENT = EXAMPLES / "assignment.yaml"
RIGHT = EXAMPLES / "submissions" / "right.yaml"
PARTLY_WRONG = EXAMPLES / "submissions" / "partly-wrong.yaml"
UNREADABLE = EXAMPLES / "submissions" / "unreadable.yaml"
EXAMPLE_PARTS = [
    "lin-wx-b-dw · shape",
    "lin-wx-b-dw · value",
    "act-relu · value",
    "c-requires-grad · choice",
]
VERDICT_KEYS = {
    "id", "kind", "answer", "verdict", "correct", "message", "expected_shape", "answer_shape",
    "diagnosis", "listed",
}  # fmt: skip
COURSE_KEYS = {"student", "part", "points", "max_points"}


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.out.splitlines()]


def run(capsys, *argv: str | Path) -> Run:
    """`trainer ARGV...` in this process, with what it printed."""
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def grade(capsys, *submissions: str | Path, assignment: Path = ASSIGNMENT, **options: Any) -> Run:
    """`trainer grade --assignment ASSIGNMENT SUBMISSION... --OPTION VALUE...`."""
    argv: list[str | Path] = ["grade", "--assignment", assignment, *submissions]
    for name, value in options.items():
        argv += [f"--{name.replace('_', '-')}", str(value)]
    return run(capsys, *argv)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def by_part(lines: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """JSON lines keyed by (student, id, part)."""
    return {(line["student"], line["id"], line["part"]): line for line in lines}


def source_env(**extra: str) -> dict[str, str]:
    """The environment of a child process that imports trainer from this source tree."""
    path = os.pathsep.join(p for p in [str(ROOT), os.environ.get("PYTHONPATH", "")] if p)
    return {**os.environ, "PYTHONPATH": path, **extra}
