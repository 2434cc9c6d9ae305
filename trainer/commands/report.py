"""`trainer report GRADED [--json]`: what a class got wrong, from `trainer grade` JSON lines.

The lines are read as `trainer grade` reads its input (bounded, split at \\n only); a line that
is not a verdict object is skipped and counted. Exit 0 with a report, 2 when the file cannot be
read or holds no verdict line at all (the wrong file, most likely).
"""

from __future__ import annotations

import argparse

from trainer.commands.common import EXIT_OK, usage_error
from trainer.escaping import json_line
from trainer.json_lines import read_lines
from trainer.messages import msg


def report(args: argparse.Namespace) -> int:
    from trainer.course.report import class_report

    try:
        with args.graded.open("rb") as handle:
            result = class_report(read_lines(handle))
    except OSError as error:
        reason = error.strerror or error
        return usage_error(msg("report_unreadable", path=args.graded, reason=reason).text())
    if not result.parts:
        text = msg("report_nothing", path=args.graded, skipped=result.skipped).text()
        return usage_error(text)
    if args.json:
        print(json_line(result.as_json(), indent=2))
    else:
        print("\n".join(result.text_lines()))
    return EXIT_OK
