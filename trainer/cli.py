"""The `trainer` command: its options and the dispatch to `trainer/commands/`.

Exit codes follow the CLI contract: 0 success/correct, 1 problems found/wrong answer,
2 usage error, unknown id, invalid answer or unreadable input. Nothing heavy is imported here:
`trainer` must open the app fast, so each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path

from trainer.commands.common import EXIT_OK, usage_error

# command → (module in trainer/commands, function)
COMMANDS: dict[str, tuple[str, str]] = {
    "practice": ("practice", "practice"),
    "list": ("questions", "list_questions"),
    "check": ("questions", "check"),
    "answer": ("answer", "answer"),
    "steps": ("answer", "steps"),
    "grade": ("grade", "grade"),
    "report": ("report", "report"),
    "schema": ("questions", "schema"),
}


def _add_questions_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--questions",
        action="append",
        type=Path,
        metavar="PATH",
        default=default,
        help="a question file or folder (repeatable); default: the bundled bank",
    )


def build_parser() -> argparse.ArgumentParser:
    # The subcommands' copy must not reset a --questions given before the subcommand.
    common = argparse.ArgumentParser(add_help=False)
    _add_questions_option(common, argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="trainer", description="Practise the shape rules and gradients of matrix calculus."
    )
    _add_questions_option(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    practice = sub.add_parser("practice", parents=[common], help="the practice app (default)")
    practice.add_argument("--deck", action="append", default=[], metavar="ID")
    practice.add_argument("--tag", action="append", default=[], metavar="T")
    practice.add_argument("--lang", choices=["en", "zh"])
    practice.add_argument("--seed", type=int)
    practice.add_argument("--data-dir", type=Path, metavar="DIR")
    practice.add_argument(
        "--plain",
        action="store_true",
        help="one line at a time, for screen readers and scripts (chosen without a terminal)",
    )
    practice.add_argument("--color", action="store_true", help="colour in the plain line mode")

    listing = sub.add_parser("list", parents=[common], help="list every question")
    listing.add_argument("--json", action="store_true")

    check = sub.add_parser("check", parents=[common], help="validate question files")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument("--json", action="store_true")
    check.add_argument("--seed", type=int, default=0)

    answer = sub.add_parser("answer", parents=[common], help="check one answer")
    answer.add_argument("id")
    answer.add_argument("answer")
    answer.add_argument("--shape", action="store_true", help="the answer is a shape")
    answer.add_argument(
        "--differential", action="store_true", help="the answer is a differential, in d<wrt>"
    )
    answer.add_argument("--step", metavar="NODE", help="the answer is this walkthrough step")
    answer.add_argument("--seed", type=int, default=0)
    answer.add_argument("--json", action="store_true")

    steps = sub.add_parser("steps", parents=[common], help="the backward walkthrough of a question")
    steps.add_argument("id")
    steps.add_argument("--seed", type=int, default=0)
    steps.add_argument("--reveal", action="store_true", help="show each step's reference")
    steps.add_argument("--json", action="store_true")

    grade = sub.add_parser("grade", parents=[common], help="grade answers or an assignment")
    grade.add_argument("files", nargs="*", type=Path, metavar="FILE")
    grade.add_argument("--out", type=Path, metavar="FILE")
    grade.add_argument("--assignment", type=Path, metavar="FILE")
    grade.add_argument(
        "--format", choices=["jsonl", "gradescope", "prairielearn", "csv"], default="jsonl"
    )
    grade.add_argument("--seed", type=int, default=0)
    grade.add_argument("--jobs", type=int, default=1, metavar="N")

    report = sub.add_parser(
        "report", parents=[common], help="a class's mistakes, from graded lines"
    )
    report.add_argument("graded", type=Path, metavar="GRADED")
    report.add_argument("--json", action="store_true")

    schema = sub.add_parser("schema", parents=[common], help="print a file format's JSON Schema")
    schema.add_argument("--assignment", action="store_true", help="of assignment files")
    return parser


def _options_with_values(*parsers: argparse.ArgumentParser) -> set[str]:
    """The option strings of `parsers` that take a value (`--seed 3`, not `--json`)."""
    return {
        option
        for parser in parsers
        for action in parser._actions
        if action.option_strings and action.nargs != 0
        for option in action.option_strings
    }


def _command_of(args: list[str], parser: argparse.ArgumentParser) -> str | None:
    """The first word that is not an option or an option's value: the command, if any. The
    options of a bare `trainer` are the practice app's (`trainer --lang zh`)."""
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    valued = _options_with_values(parser, subparsers.choices["practice"])
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in valued:
            index += 2
            continue
        if not arg.startswith("-"):
            return arg
        index += 1
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    command = _command_of(args_list, parser)
    if command is None and not {"-h", "--help"} & set(args_list):
        args_list.insert(0, "practice")
    elif command is not None and command not in COMMANDS:
        return usage_error(
            f"unknown command {command!r}; commands: {', '.join(COMMANDS)} (see trainer --help)"
        )
    args_list, hidden = _protect_answers(args_list)
    args = parser.parse_args(args_list)
    for name in ("id", "answer"):
        if getattr(args, name, None) in hidden:
            setattr(args, name, hidden[getattr(args, name)])
    module, function = COMMANDS[args.command]
    handler: Callable[[argparse.Namespace], int] = getattr(
        import_module(f"trainer.commands.{module}"), function
    )
    try:
        return handler(args)
    except BrokenPipeError:
        return EXIT_OK


_ANSWER_OPTIONS = {"--shape", "--differential", "--json", "-h", "--help"}
_ANSWER_VALUED = {"--seed", "--questions", "--step"}


def _protect_answers(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """Let `trainer answer ID -2*x` read -2*x as the answer, not as an unknown option."""
    if "answer" not in args:
        return args, {}
    hidden: dict[str, str] = {}
    result = list(args)
    index = args.index("answer") + 1
    while index < len(args):
        arg = args[index]
        if arg in _ANSWER_VALUED:
            index += 2
            continue
        option = arg.split("=", 1)[0]
        if arg.startswith("-") and option not in _ANSWER_OPTIONS | _ANSWER_VALUED:
            token = f"\x00answer{index}"
            hidden[token] = arg
            result[index] = token
        index += 1
    return result, hidden
