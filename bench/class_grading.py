"""Benchmark 5: `trainer grade --assignment` on a generated class, one process against --jobs N.

The class: STUDENTS submission files for an assignment of the bank's first gradient question of
each deck (shape and value parts) and a choice question. Each student answers every part; half
the answers are the reference, the rest a wrong answer of their own (a scaled or transposed
reference, a listed mistake, a slip of syntax), so the verdict cache does not do all the work.
Two figures:
- the whole command (start-up, torch, trials, grading, output), median of 3 runs: importing
  torch (about 2 s here) happens once whatever N, so a small class gains little from --jobs;
- grading after start-up: the same class graded in this process by `grade_class` (with the fork
  server and torch already up, as on any run but the first of a process), one job against N.
Beside them, the machine's own ceiling: the same pure-Python work in one process and split over
JOBS processes (a shared or throttled machine gains less than JOBS times from JOBS processes).

Run: python bench/class_grading.py [STUDENTS] [JOBS]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _common import command_seconds, python

from trainer.oracle import Judge
from trainer.questions import Question, load_bank


def assignment_questions() -> list[Question]:
    bank = load_bank()
    chosen: dict[str, Question] = {}
    for question in bank.questions.values():
        if question.deck not in chosen and not question.is_choice and question.answer:
            chosen[question.deck] = question
    choice = next(q for q in bank.questions.values() if q.is_choice)
    return [*chosen.values(), choice]


def write_class(folder: Path, questions: list[Question], students: int) -> list[Path]:
    lines = ["assignment: bench-class", "questions:"]
    for q in questions:
        parts = "[choice]" if q.is_choice else "[shape, value]"
        lines.append(f"  - {{id: {q.id}, points: 2, parts: {parts}}}")
    assignment = folder / "assignment.yaml"
    assignment.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shapes = {q.id: Judge().oracle(q).expected_shape for q in questions if not q.is_choice}
    rng = random.Random(0)
    paths = [assignment]
    for number in range(students):
        rows = []
        for q in questions:
            if q.is_choice:
                rows.append(f"{q.id}: {rng.randint(1, len(q.choices))}")
                continue
            value = q.answer if rng.random() < 0.5 else wrong(q, rng, number)
            shape = shapes[q.id] if rng.random() < 0.8 else "(n, m)"
            rows.append(f"{q.id}: {{shape: {quoted(shape)}, value: {quoted(value)}}}")
        path = folder / f"student-{number:04d}.yaml"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def wrong(q: Question, rng: random.Random, number: int) -> str:
    kinds = [
        f"{number % 7 + 2} * ({q.answer})",
        f"({q.answer}).T",
        f"({q.answer}) + {number}",
        "2x +",
        *(m.answer for m in q.mistakes),
    ]
    return rng.choice(kinds)


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def burn(steps: int) -> int:
    total = 0
    for step in range(steps):
        total += step * step
    return total


def ceiling(jobs: int, steps: int = 10_000_000) -> float:
    """How many times faster `jobs` processes do `jobs` shares of CPU work than one process."""
    start = time.perf_counter()
    for _ in range(jobs):
        burn(steps)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(burn, [1] * jobs))  # the workers are started
        start = time.perf_counter()
        list(pool.map(burn, [steps] * jobs))
        parallel = time.perf_counter() - start
    return serial / parallel


def after_start_up(assignment_file: Path, submissions: list[Path], jobs: int) -> float:
    """Seconds to grade the class in this process, once torch and the fork server are up."""
    from trainer.course.assignment import load_assignment
    from trainer.course.marking import grade_class

    bank = load_bank()
    assignment, _ = load_assignment(assignment_file, bank)
    assert assignment is not None
    questions = {q.id: bank.questions[q.id] for q in assignment.questions}
    grade_class(assignment, questions, submissions[:4], 0, jobs)  # start what starts once
    start = time.perf_counter()
    grade_class(assignment, questions, submissions, 0, jobs)
    return time.perf_counter() - start


def main() -> None:
    students = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory() as tmp:
        questions = assignment_questions()
        assignment, *submissions = write_class(Path(tmp), questions, students)
        answers = students * sum(1 if q.is_choice else 2 for q in questions)
        command = [python(), "-m", "trainer", "grade", "--assignment", str(assignment)]
        command += [str(p) for p in submissions] + ["--out", str(Path(tmp) / "graded.jsonl")]
        one = command_seconds([*command, "--jobs", "1"], repeat=3)
        many = command_seconds([*command, "--jobs", str(jobs)], repeat=3)
        graded_one = after_start_up(assignment, submissions, 1)
        graded_many = after_start_up(assignment, submissions, jobs)
    print(f"{students} submissions ({answers:,} answers):")
    print(f"  whole command: --jobs 1 {one:.2f} s, --jobs {jobs} {many:.2f} s = {one / many:.2f}x")
    print(
        f"  after start-up: --jobs 1 {graded_one:.2f} s ({answers / graded_one:,.0f} answers/s), "
        f"--jobs {jobs} {graded_many:.2f} s ({answers / graded_many:,.0f} answers/s) "
        f"= {graded_one / graded_many:.2f}x"
    )
    print(f"  this machine's ceiling for {jobs} processes: {ceiling(jobs):.2f}x")


if __name__ == "__main__":
    main()
