"""Grading a class: points and partial credit, the same verdicts as `trainer answer`, the same
output for a seed and for any number of jobs, in input order."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from course_support import (
    ASSIGNMENT,
    COURSE_KEYS,
    PARTLY_WRONG,
    RIGHT,
    UNREADABLE,
    VERDICT_KEYS,
    by_part,
    grade,
    run,
    source_env,
    write,
)

from trainer.course import marking as course_grade
from trainer.course.assignment import load_assignment
from trainer.course.marking import ClassMarker, _chunks
from trainer.questions import load_bank

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "broken" / "of-not-scalar.yaml"


def test_points_of_the_examples(capsys) -> None:
    result = grade(capsys, RIGHT, PARTLY_WRONG)
    assert result.code == 0
    points = {
        key: (line["points"], line["max_points"]) for key, line in by_part(result.lines()).items()
    }
    assert points == {
        ("right", "lin-wx-b-dw", "shape"): (1.0, 1.0),
        ("right", "lin-wx-b-dw", "value"): (1.0, 1.0),
        ("right", "act-relu", "value"): (2.0, 2.0),
        ("right", "c-requires-grad", "choice"): (1.0, 1.0),
        ("partly-wrong", "lin-wx-b-dw", "shape"): (1.0, 1.0),  # partial credit: the shape
        ("partly-wrong", "lin-wx-b-dw", "value"): (0.0, 1.0),
        ("partly-wrong", "act-relu", "value"): (0.0, 2.0),
        ("partly-wrong", "c-requires-grad", "choice"): (0.0, 1.0),
    }
    for line in result.lines():
        assert set(line) == VERDICT_KEYS | COURSE_KEYS


def test_partly_wrong_gets_each_parts_own_verdict(capsys) -> None:
    parts = by_part(grade(capsys, PARTLY_WRONG).lines())
    value = parts["partly-wrong", "lin-wx-b-dw", "value"]
    assert (value["verdict"], value["diagnosis"], value["listed"]) == (
        "wrong_shape",
        "transposed",
        True,
    )
    assert value["message"] == "Transposed. The gradient must have W's shape (m, n), not (n, m)."
    relu = parts["partly-wrong", "act-relu", "value"]
    assert (relu["verdict"], relu["answer"]) == ("wrong_value", "g")
    choice = parts["partly-wrong", "c-requires-grad", "choice"]
    assert (choice["verdict"], choice["message"], choice["answer"]) == (
        "invalid",
        "no answer",
        None,
    )


def test_uneven_points_split_exactly(tmp_path, capsys) -> None:
    assignment = write(
        tmp_path,
        "a.yaml",
        """
        assignment: a
        questions:
          - {id: lin-wx-b-dw, points: 1}
          - {id: act-relu, points: 0.1}
        """,
    )
    student = write(
        tmp_path, "s.yaml", 'lin-wx-b-dw: {shape: "(m, n)", value: W}\nact-relu: g * step(z)\n'
    )
    lines = grade(capsys, student, assignment=assignment).lines()
    assert [(line["part"], line["points"], line["max_points"]) for line in lines] == [
        ("shape", 0.5, 0.5),
        ("value", 0.0, 0.5),
        ("shape", 0.0, 0.05),  # act-relu's ask: both parts, the 0.1 split over them
        ("value", 0.05, 0.05),
    ]
    table = grade(capsys, student, assignment=assignment, format="csv").out.splitlines()
    assert table[1] == "s,0.5,0,0,0.05,0.55,1.1,"


@pytest.mark.parametrize(("part", "answer", "flags"), [
    ("value", "outer(x, ones(m))", []),
    ("shape", "(n, m)", ["--shape"]),
    ("value", "2 * outer(ones(m), x)", []),
])  # fmt: skip
def test_each_verdict_is_what_trainer_answer_prints(tmp_path, capsys, part, answer, flags) -> None:
    student = write(tmp_path, "s.json", json.dumps({"lin-wx-b-dw": {part: answer}}))
    line = by_part(grade(capsys, student, seed=7).lines())["s", "lin-wx-b-dw", part]
    alone = run(capsys, "answer", "lin-wx-b-dw", answer, *flags, "--seed", "7", "--json")
    assert {k: v for k, v in line.items() if k not in COURSE_KEYS} == alone.json()


def class_of(folder: Path, count: int = 12) -> list[Path]:
    """A class with right, wrong, invalid, missing and unreadable answers, in a known order."""
    answers = [
        'lin-wx-b-dw: {shape: "(m, n)", value: "outer(ones(m), x)"}\nact-relu: g * step(z)\n',
        'lin-wx-b-dw: {shape: "(n, m)", value: "outer(x, ones(m))"}\nc-requires-grad: 3\n',
        "act-relu: {k} * g * step(z)\nc-requires-grad: 2\n",
        "lin-wx-b-dw: W @@ x\nact-relu: relu(g)\n",
        "act-relu: g * step(z) + 1\n",  # values differ: the message quotes the instance
        "- not a mapping\n",
    ]
    return [
        write(folder, f"s{i:02d}.yaml", answers[i % len(answers)].replace("{k}", str(i + 2)))
        for i in range(count)
    ]


def test_two_jobs_write_what_one_job_writes(tmp_path, capsys, monkeypatch) -> None:
    paths = class_of(tmp_path)
    pools: list[int] = []

    class Recorded(course_grade.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **options) -> None:
            pools.append(max_workers)
            super().__init__(max_workers, **options)

    monkeypatch.setattr(course_grade, "ProcessPoolExecutor", Recorded)
    one = grade(capsys, *paths, jobs=1)
    assert pools == []
    two = grade(capsys, *paths, jobs=2)
    assert pools == [2], "two worker processes graded it"
    assert one.code == two.code == 1
    assert two.out == one.out
    assert two.err == one.err
    assert [line["student"] for line in one.lines()][::4] == [p.stem for p in paths]


def test_grading_is_deterministic_for_a_seed(tmp_path, capsys) -> None:
    paths = class_of(tmp_path, 5)
    first = grade(capsys, *paths, seed=3).out
    assert grade(capsys, *paths, seed=3).out == first
    other = grade(capsys, *paths, seed=4).out
    assert other != first, "another seed draws other instances (the messages quote them)"
    verdicts = [
        (line["verdict"], line["diagnosis"]) for line in map(json.loads, first.splitlines())
    ]
    assert [
        (line["verdict"], line["diagnosis"]) for line in map(json.loads, other.splitlines())
    ] == verdicts


def test_a_fresh_process_writes_the_same(tmp_path, capsys) -> None:
    paths = class_of(tmp_path, 6)
    here = grade(capsys, *paths, format="csv").out
    command = [sys.executable, "-m", "trainer", "grade", "--assignment", str(ASSIGNMENT)]
    command += [*map(str, paths), "--format", "csv"]
    there = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, env=source_env()
    )
    assert there.stdout == here
    assert there.returncode == 1


@pytest.mark.parametrize(("count", "chunks"), [(10, 3), (3, 8), (8, 8), (1, 4)])
def test_chunks_keep_the_order_and_every_path(count, chunks) -> None:
    paths = [Path(f"{i}") for i in range(count)]
    cut = _chunks(paths, chunks)
    assert [p for chunk in cut for p in chunk] == paths
    assert len(cut) == min(count, chunks)
    assert max(map(len, cut)) - min(map(len, cut)) <= 1


def test_a_question_that_fails_at_grading_time_is_an_invalid_part(tmp_path) -> None:
    """The command refuses such an assignment first; the grader still never crashes on one."""
    bank = load_bank([BROKEN])
    path = write(
        tmp_path, "a.yaml", "assignment: a\nquestions: [bad-of-not-scalar, ok-of-not-scalar]\n"
    )
    assignment, problems = load_assignment(path, bank)
    assert assignment is not None, problems
    student = write(tmp_path, "s.yaml", "bad-of-not-scalar: 2 * ones(n)\nok-of-not-scalar: 2 * x\n")
    (graded,) = ClassMarker(assignment, dict(bank.questions), 0).grade([student])
    verdicts = {r.part.label: r.verdict.as_json() for r in graded.parts}
    bad = verdicts["bad-of-not-scalar · value"]
    assert bad["verdict"] == "invalid"
    assert bad["answer"] == "2 * ones(n)"
    assert bad["message"].startswith("The question cannot be run: y has shape (n,)")
    assert verdicts["ok-of-not-scalar · value"]["verdict"] == "correct"
    assert verdicts["bad-of-not-scalar · shape"]["message"] == "no answer"
    assert graded.total == Fraction(1, 2)  # ok-of-not-scalar's value: half of its point


def test_many_questions_are_graded_question_by_question(tmp_path, monkeypatch) -> None:
    """More questions than the Judge keeps trials for: each is still built once per worker."""
    bank = load_bank()
    ids = [q.id for q in bank.questions.values() if not q.is_choice][:20]
    lines = ["assignment: big", "questions:"] + [f"  - {{id: {i}, parts: [value]}}" for i in ids]
    assignment, _ = load_assignment(write(tmp_path, "a.yaml", "\n".join(lines) + "\n"), bank)
    assert assignment is not None
    students = [write(tmp_path, f"s{n}.yaml", "".join(f"{i}: x\n" for i in ids)) for n in range(3)]
    marker = ClassMarker(assignment, {i: bank.questions[i] for i in ids}, 0)
    built: list[str] = []
    original = marker.judging._entry

    def counting(question, seed: int):
        if (question.id, seed) not in marker.judging._pool:
            built.append(question.id)
        return original(question, seed)

    monkeypatch.setattr(marker.judging, "_entry", counting)
    marker.grade(students)
    assert sorted(built) == sorted(ids)


def test_jobs_and_seed_are_checked(capsys) -> None:
    result = grade(capsys, RIGHT, jobs=-1)
    assert result.code == 2
    assert "--jobs must be a whole number of processes (0 for every core), not -1." in result.err
    result = grade(capsys, RIGHT, seed=2**63)
    assert result.code == 2
    assert "seed must be an integer" in result.err


@pytest.mark.parametrize("fmt", ["gradescope", "prairielearn"])
def test_autograder_formats_take_one_submission(capsys, fmt) -> None:
    result = grade(capsys, RIGHT, PARTLY_WRONG, format=fmt)
    assert result.code == 2
    assert result.out == ""
    assert f"--format {fmt} writes the results of one submission; 2 were given." in result.err


def test_no_submission_is_a_usage_error(capsys) -> None:
    result = run(capsys, "grade", "--assignment", ASSIGNMENT)
    assert result.code == 2
    assert "needs at least one submission file" in result.err


def test_out_writes_the_file(tmp_path, capsys) -> None:
    out = tmp_path / "graded.jsonl"
    result = grade(capsys, RIGHT, UNREADABLE, out=out)
    assert result.code == 1
    assert result.out == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 8
    bad = grade(capsys, RIGHT, out=tmp_path / "no" / "such" / "folder.jsonl")
    assert bad.code == 2
    assert "Cannot write" in bad.err


def test_course_code_imports_no_textual() -> None:
    probe = (
        "import sys\n"
        "import trainer.commands.assignment, trainer.course.formats, trainer.course.report\n"
        "import trainer.commands.report\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=source_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_worker_that_dies_is_reported_not_a_traceback(capsys, monkeypatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    def dies(*args, **kwargs):
        raise BrokenProcessPool("killed")

    monkeypatch.setattr(course_grade, "grade_class", dies)
    result = grade(capsys, RIGHT, PARTLY_WRONG, jobs=2)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("trainer: A grading process ended abruptly")
