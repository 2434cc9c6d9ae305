"""The outputs of `trainer grade --assignment`: one writer a format, each from graded results.

- `jsonl`: one verdict object per part, with the student (the file's stem), part and points.
- `gradescope`: a Gradescope autograder's results.json for one submission.
- `prairielearn`: a PrairieLearn external grader's results.json for one submission; an
  unreadable one is `"gradable": false` with the reason in `format_errors`.
- `csv`: one row per student for a grade book.

Points are exact fractions until they are written (so a total is never off by a rounding), then
floats rounded to 6 decimals (`points_number`) or their shortest text (`points_text`). An
ungradable submission says why in every format, and is never a bare zero.

Messages keep their raw text (a student's keys, tags and file name, an author's titles) until a
writer puts them in its destination's form: Markdown for Gradescope, HTML-bound text for
PrairieLearn, cells for a grade book (`trainer.escaping`). JSON lines stay raw data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from trainer.course.assignment import Assignment
from trainer.course.marking import Graded
from trainer.escaping import csv_cell, html_text, json_line, markdown, printable
from trainer.messages import Msg, msg

Writer = Callable[[Assignment, Sequence[Graded]], str]
SINGLE = frozenset({"gradescope", "prairielearn"})  # the results of ONE submission
DECIMALS = 6


def points_number(points: Fraction) -> float:
    return round(float(points), DECIMALS)


def points_text(points: Fraction) -> str:
    return f"{float(points):.{DECIMALS}f}".rstrip("0").rstrip(".")


def summary(assignment: Assignment, graded: Graded) -> Msg:
    """ "Title: 3.5 of 5 points.", or why the submission cannot be graded."""
    if graded.problem is not None:
        return msg("ungradable", reason=graded.problem.located())
    return msg(
        "summary",
        title=assignment.title,
        points=points_text(graded.total),
        max=points_text(graded.max_points),
    )


def write_jsonl(assignment: Assignment, results: Sequence[Graded]) -> str:
    lines = []
    for graded in results:
        for result in graded.parts:
            line = {
                "student": graded.student,
                **result.verdict.as_json(),
                "part": result.part.name,
                "points": points_number(result.points),
                "max_points": points_number(result.part.max_points),
            }
            lines.append(json_line(line) + "\n")
    return "".join(lines)


def write_gradescope(assignment: Assignment, results: Sequence[Graded]) -> str:
    (graded,) = results
    output = markdown(summary(assignment, graded).text())
    if graded.notes:  # what was handed in but not graded, as a list under the summary
        output += "\n\n" + "\n".join(f"- {markdown(n.text())}" for n in graded.notes)
    tests = [
        {
            "name": printable(result.part.label),  # plain text on Gradescope
            "score": points_number(result.points),
            "max_score": points_number(result.part.max_points),
            "status": "passed" if result.correct else "failed",
            "output": markdown(result.verdict.message_text()),
            "output_format": "md",
            "tags": [str(result.verdict.verdict), str(result.verdict.diagnosis)],
        }
        for result in graded.parts
    ]
    data = {
        "score": points_number(graded.total),
        "output": output,
        "output_format": "md",
        "tests": tests,
    }
    return json_line(data, indent=2) + "\n"


def write_prairielearn(assignment: Assignment, results: Sequence[Graded]) -> str:
    (graded,) = results
    said = [summary(assignment, graded).text(), *(n.text() for n in graded.notes)]
    message = "\n".join(html_text(text) for text in said)
    data: dict[str, Any]
    if graded.problem is not None:
        data = {
            "gradable": False,
            "score": 0.0,
            "message": message,
            "format_errors": [html_text(graded.problem.text())],
            "tests": [],
        }
    else:
        data = {
            "gradable": True,
            "score": float(graded.total / graded.max_points),
            "message": message,
            "tests": [
                {
                    "name": html_text(result.part.label),
                    "points": points_number(result.points),
                    "max_points": points_number(result.part.max_points),
                    "message": html_text(result.verdict.message_text()),
                }
                for result in graded.parts
            ],
        }
    return json_line(data, indent=2) + "\n"


def write_csv(assignment: Assignment, results: Sequence[Graded]) -> str:
    """student, one column per part, total, max, and a note (why a row has no points, or
    what a submission held that was not graded)."""
    buffer = io.StringIO()
    table = csv.writer(buffer, lineterminator="\n")
    labels = [csv_cell(p.label) for p in assignment.parts]
    table.writerow(["student", *labels, "total", "max", "note"])
    for graded in results:
        if graded.problem is not None:
            points = [""] * len(graded.parts)
            total, note = "", graded.problem.text()
        else:
            points = [points_text(r.points) for r in graded.parts]
            total, note = points_text(graded.total), "; ".join(n.text() for n in graded.notes)
        row = [csv_cell(graded.student), *points, total, points_text(assignment.max_points)]
        table.writerow([*row, csv_cell(note)])
    return buffer.getvalue()


FORMATS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "gradescope": write_gradescope,
    "prairielearn": write_prairielearn,
    "csv": write_csv,
}
