"""`trainer grade`: JSON lines of answers, one verdict line each; or, with --assignment, the
submissions of a class for a course's autograder (see `trainer.course`)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from trainer.commands.common import EXIT_OK, EXIT_USAGE, load, usage_error
from trainer.escaping import json_line

MAX_LINE_BYTES = 1_000_000


def grade(args: argparse.Namespace) -> int:
    if args.assignment is not None:
        from trainer.commands.assignment import grade_assignment

        return grade_assignment(args)
    if len(args.files) > 1:
        return usage_error("grade reads one file of JSON lines (or standard input)")
    from trainer.collector import settle_memory
    from trainer.grading import Grader
    from trainer.messages import msg
    from trainer.oracle import AnswerKind, Verdict

    bank = load(args)
    if bank is None:
        return EXIT_USAGE
    source = args.files[0] if args.files else None
    try:
        handle: BinaryIO = source.open("rb") if source else sys.stdin.buffer
    except OSError as error:
        return usage_error(f"cannot read the answers: {error}")
    try:
        out: TextIO = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    except OSError as error:
        return usage_error(f"cannot write {args.out}: {error}")
    grader = Grader(bank)
    settle_memory()
    too_long = Verdict.invalid(
        None, AnswerKind.VALUE, None, msg("line_too_long", limit=MAX_LINE_BYTES)
    )
    with contextlib.ExitStack() as stack:
        if source:
            stack.enter_context(handle)
        if args.out:
            stack.enter_context(out)
        try:
            for line in _lines(handle):
                verdict = grader.grade_line(line) if line is not None else too_long.as_json()
                out.write(json_line(verdict) + "\n")
        except OSError as error:
            return usage_error(f"cannot read the answers: {error}")
        out.flush()
    return EXIT_OK


def _lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """Each non-blank line (split at \\n only, as JSON lines are), None for one too long."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of it
                line = handle.readline(MAX_LINE_BYTES)
            yield None
            continue
        if line.strip():
            yield line.rstrip(b"\r\n")
