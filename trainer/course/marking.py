"""Grading a class: every assigned part of every submission judged by the oracle, with points.

A part scores its share of the question's points when its verdict is correct and 0 otherwise,
so a question with a shape and a value part gives partial credit. Each answer is one `Request`
to the `Judge` (or, when there is nothing to judge, a `Verdict.invalid` that says why), so a
part's verdict is exactly the one `trainer answer --json` would print.

Deterministic for a seed: the trials come from (question, seed), results keep the input order,
and torch runs single-threaded in every process (a reduction split over threads may round
differently, and the tensors here are far too small to gain from threads). With `jobs > 1` the
submissions are graded in worker processes of a `ProcessPoolExecutor`, each with its own
`Judge`. A worker grades its chunk question by question, so it builds each question's trials
once, however many questions the assignment has (the Judge keeps the trials of only a few
questions at a time).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from fractions import Fraction
from multiprocessing.context import BaseContext
from pathlib import Path

from trainer.collector import settle_memory
from trainer.course.assignment import Assignment, Part
from trainer.course.submission import Answer, HandedIn, Submission, read_submission
from trainer.errors import Problem, TrainerError
from trainer.messages import msg
from trainer.oracle import AnswerKind, Verdict
from trainer.oracle.judge import Judge, Request, broken
from trainer.questions.model import Question

CHUNKS_PER_JOB = 4  # small enough chunks that no worker waits long for the last one
# What the fork server imports once for every worker: torch, and what torch imports lazily on
# the first backward pass (sympy, through symbolic_shapes: a second more per process). A module
# that a torch version lacks is skipped by the fork server.
PRELOAD = ["torch", "torch.fx.experimental.symbolic_shapes", "trainer.course.marking"]


@dataclass(frozen=True)
class PartResult:
    part: Part
    verdict: Verdict  # as `trainer answer --json` would print it

    @property
    def correct(self) -> bool:
        return self.verdict.correct

    @property
    def points(self) -> Fraction:
        return self.part.max_points if self.correct else Fraction(0)


@dataclass(frozen=True)
class Graded(HandedIn):
    """One submission, graded: a result for every part, or the reason it could not be read."""

    parts: tuple[PartResult, ...] = field(kw_only=True)  # required, after HandedIn's defaults

    @property
    def total(self) -> Fraction:
        return sum((r.points for r in self.parts), Fraction(0))

    @property
    def max_points(self) -> Fraction:
        return sum((r.part.max_points for r in self.parts), Fraction(0))


class ClassMarker:
    """Grades submissions of one assignment with one Judge (one per process)."""

    def __init__(
        self,
        assignment: Assignment,
        questions: dict[str, Question],
        seed: int,
        judge: Judge | None = None,
    ) -> None:
        self.assignment = assignment
        self.judging = judge if judge is not None else Judge(dict(questions))
        self.seed = seed
        settle_memory()

    def grade(self, paths: Sequence[Path]) -> list[Graded]:
        submissions = [read_submission(path, self.assignment) for path in paths]
        verdicts: dict[tuple[int, Part], Verdict] = {}
        for part in self.assignment.parts:  # question by question: trials built once each
            for index, submission in enumerate(submissions):
                verdicts[index, part] = self.judge(submission, part)
        return [
            Graded(
                submission.path,
                submission.notes,
                submission.problem,
                parts=tuple(
                    PartResult(part, verdicts[index, part]) for part in self.assignment.parts
                ),
            )
            for index, submission in enumerate(submissions)
        ]

    def judge(self, submission: Submission, part: Part) -> Verdict:
        kind = AnswerKind(part.name)
        if submission.problem is not None:
            reason = msg("ungradable", reason=submission.problem.located())
            return Verdict.invalid(part.qid, kind, None, reason)
        answer = submission.answers.get((part.qid, part.name), Answer.missing())
        if answer.value is None:
            return Verdict.invalid(part.qid, kind, None, answer.message or msg("no_answer"))
        text = str(answer.value)
        try:
            return self.judging.judge(Request(part.qid, text, kind, self.seed))
        except TrainerError as error:  # the question itself cannot be run
            return broken(part.qid, kind, text, error)


def grade_class(
    assignment: Assignment,
    questions: dict[str, Question],
    paths: Sequence[Path],
    seed: int,
    jobs: int = 1,
    judge: Judge | None = None,
) -> list[Graded]:
    """Every submission graded, in input order; in `jobs` worker processes when jobs > 1.
    In this process, on `judge` when one is given (the oracles the questions were checked on)."""
    if jobs <= 1 or len(paths) <= 1:
        _single_threaded()
        return ClassMarker(assignment, questions, seed, judge).grade(paths)
    chunks = _chunks(list(paths), jobs * CHUNKS_PER_JOB)
    try:
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(chunks)),
            mp_context=_pool_context(),
            initializer=_start_worker,
            initargs=(assignment, questions, seed),
        ) as pool:
            return [
                Graded(path, notes, problem, parts=tuple(map(PartResult, assignment.parts, sent)))
                for chunk in pool.map(_grade_chunk, chunks)
                for path, sent, notes, problem in chunk
            ]
    except (EOFError, ConnectionError) as error:  # the fork server died before a worker started
        raise BrokenProcessPool("the fork server ended") from error


def _pool_context() -> BaseContext:
    """Workers forked from a fork server that has imported torch once (spawned where there is no
    fork server): a spawned worker imports torch again, and two imports at once take about
    twice as long each; a fork server inherits no threads of the parent, and its children exit
    without tearing torch down."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _chunks(paths: list[Path], count: int) -> list[list[Path]]:
    """`paths` cut into at most `count` runs of nearly equal length, in order."""
    size, extra = divmod(len(paths), count)
    result, start = [], 0
    for index in range(min(count, len(paths))):
        end = start + size + (1 if index < extra else 0)
        result.append(paths[start:end])
        start = end
    return result


def _single_threaded() -> None:
    from trainer.notation.builder import torch_module

    torch_module().set_num_threads(1)


_worker: ClassMarker | None = None  # each worker process's own marker


def _start_worker(assignment: Assignment, questions: dict[str, Question], seed: int) -> None:
    global _worker
    _single_threaded()
    _worker = ClassMarker(assignment, questions, seed)


Sent = tuple[Path, tuple[Verdict, ...], tuple[Problem, ...], Problem | None]


def _grade_chunk(paths: list[Path]) -> list[Sent]:
    """A worker's share, sent back lean: the verdicts alone (the parent knows the parts; their
    points and fractions would cost more to send than the grading)."""
    assert _worker is not None, "the pool's initializer sets up each worker"
    return [
        (graded.path, tuple(r.verdict for r in graded.parts), graded.notes, graded.problem)
        for graded in _worker.grade(paths)
    ]
