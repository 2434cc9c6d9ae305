"""`trainer grade --assignment FILE SUBMISSION...`: the glue between the command line and the
course modules.

Exit status: 0 when every submission was graded (wrong answers are not errors), 1 when some
could not be read (each is reported, in the output and on standard error), 2 when the
assignment is invalid (nothing is graded), nothing could be read, or on a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from trainer.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, load, usage_error
from trainer.escaping import printable
from trainer.messages import msg
from trainer.oracle.judge import SEED_BOUND


def grade_assignment(args: argparse.Namespace) -> int:
    problem = _usage_problem(args)
    if problem is not None:
        return usage_error(problem)
    from trainer.course.assignment import load_assignment, unrunnable
    from trainer.course.formats import FORMATS
    from trainer.course.helpers import tracker_watched
    from trainer.course.marking import grade_class
    from trainer.errors import Problem
    from trainer.oracle.judge import Judge

    bank = load(args)
    if bank is None:
        return EXIT_USAGE
    assignment, problems = load_assignment(args.assignment, bank)
    judge = Judge(bank.questions)
    if assignment is not None and args.questions:
        problems = unrunnable(assignment, judge, args.seed)
        assignment = None if problems else assignment
    if assignment is None:
        for found in problems:
            _error(found.format())
        _error(msg("assignment_invalid", count=len(problems)).text())
        return EXIT_USAGE
    questions = {q.id: bank.questions[q.id] for q in assignment.questions}
    try:
        with tracker_watched() as restarted:
            jobs = _jobs(args)
            results = grade_class(assignment, questions, list(args.files), args.seed, jobs, judge)
    except BrokenProcessPool:  # a worker was killed (out of memory, a signal)
        return usage_error(msg("worker_died").text())
    if restarted():  # the results are whole: this is all there is to say about it
        _error(f"trainer: {msg('helper_restarted').text()}")
    text = FORMATS[args.format](assignment, results)
    if not _write(text, args.out):
        return EXIT_USAGE
    for graded in results:
        for note in graded.notes:
            _error(note.format())
        if graded.problem is not None:
            why = msg("ungradable", reason=graded.problem.msg)
            _error(Problem(graded.path, graded.problem.line, None, why).format())
    readable = sum(graded.gradable for graded in results)
    if readable == 0:
        return EXIT_USAGE
    return EXIT_OK if readable == len(results) else EXIT_PROBLEMS


def _usage_problem(args: argparse.Namespace) -> str | None:
    from trainer.course.formats import SINGLE

    if not args.files:
        return msg("usage_no_submission").text()
    if args.format in SINGLE and len(args.files) != 1:
        return msg("usage_one_submission", format=args.format, count=len(args.files)).text()
    if args.jobs < 0:
        return msg("usage_jobs", jobs=args.jobs).text()
    if not -SEED_BOUND <= args.seed < SEED_BOUND:
        return msg("seed_not_int").text()
    return None


def _jobs(args: argparse.Namespace) -> int:
    """--jobs N, where 0 is every core this process may run on."""
    if args.jobs:
        return int(args.jobs)
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(cores) if cores else os.cpu_count() or 1


def _write(text: str, out: Path | None) -> bool:
    try:
        if out is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            out.write_text(text, encoding="utf-8")
    except OSError as error:
        usage_error(msg("cannot_write", path=out or "-", reason=error.strerror or error).text())
        return False
    return True


def _error(text: str) -> None:
    print(printable(text), file=sys.stderr)
