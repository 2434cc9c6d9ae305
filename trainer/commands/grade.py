"""`trainer grade`: JSON lines of answers, one verdict line each; or, with --assignment, the
submissions of a class for a course's autograder (see `trainer.course`)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import BinaryIO, TextIO

from trainer.commands.common import EXIT_OK, EXIT_USAGE, load, usage_error
from trainer.escaping import json_line


def grade(args: argparse.Namespace) -> int:
    if args.assignment is not None:
        from trainer.commands.assignment import grade_assignment

        return grade_assignment(args)
    if len(args.files) > 1:
        return usage_error("grade reads one file of JSON lines (or standard input)")
    from trainer.collector import settle_memory
    from trainer.json_lines import judge_line, read_lines, too_long
    from trainer.oracle.judge import Judge

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
    judge = Judge(bank.questions)
    settle_memory()
    with contextlib.ExitStack() as stack:
        if source:
            stack.enter_context(handle)
        if args.out:
            stack.enter_context(out)
        try:
            for line in read_lines(handle):
                verdict = judge_line(judge, line) if line is not None else too_long()
                out.write(json_line(verdict.as_json()) + "\n")
        except OSError as error:
            return usage_error(f"cannot read the answers: {error}")
        out.flush()
    return EXIT_OK
