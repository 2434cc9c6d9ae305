"""The `trainer` command: practice (the app), list, check, answer, grade and schema.

Exit codes follow the CLI contract: 0 success/correct, 1 problems found/wrong answer,
2 usage error, unknown id, invalid answer or unreadable input.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the loader (YAML, the notation) is imported only by the commands that
    from trainer.questions import Bank, Question  # read files: `trainer` must start fast

COMMANDS = ("practice", "list", "check", "answer", "grade", "schema")
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
    answer.add_argument("--seed", type=int, default=0)
    answer.add_argument("--json", action="store_true")

    grade = sub.add_parser("grade", parents=[common], help="grade JSON lines of answers")
    grade.add_argument("file", nargs="?", type=Path, metavar="FILE")
    grade.add_argument("--out", type=Path, metavar="FILE")

    sub.add_parser("schema", parents=[common], help="print the question file JSON Schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not any(arg in COMMANDS for arg in args_list) and not {"-h", "--help"} & set(args_list):
        args_list.insert(0, "practice")
    args_list, hidden = _protect_answers(args_list)
    args = build_parser().parse_args(args_list)
    for name in ("id", "answer"):
        if getattr(args, name, None) in hidden:
            setattr(args, name, hidden[getattr(args, name)])
    handler = {
        "practice": practice,
        "list": list_questions,
        "check": check,
        "answer": answer,
        "grade": grade,
        "schema": schema,
    }[args.command]
    try:
        return handler(args)
    except BrokenPipeError:
        return EXIT_OK


_ANSWER_OPTIONS = {"--shape", "--json", "-h", "--help"}
_ANSWER_VALUED = {"--seed", "--questions"}


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


def _usage_error(message: str) -> int:
    print(f"trainer: {message}", file=sys.stderr)
    return EXIT_USAGE


def _missing_paths(paths: Iterable[Path] | None) -> list[Path]:
    return [p for p in paths or () if not p.exists()]


def _bank(args: argparse.Namespace) -> Bank | None:
    missing = _missing_paths(args.questions)
    if missing:
        _usage_error(f"no such file or folder: {missing[0]}")
        return None
    from trainer.questions import load_bank

    return load_bank(args.questions)


def practice(args: argparse.Namespace) -> int:
    missing = _missing_paths(args.questions)
    if missing:
        return _usage_error(f"no such file or folder: {missing[0]}")
    from trainer.app.config import AppConfig
    from trainer.app.factory import make_app

    config = AppConfig(
        question_paths=args.questions,
        decks=args.deck,
        tags=args.tag,
        lang=args.lang,
        seed=args.seed,
        data_dir=args.data_dir,
    )
    make_app(config).run()
    return EXIT_OK


def list_questions(args: argparse.Namespace) -> int:
    bank = _bank(args)
    if bank is None:
        return EXIT_USAGE
    rows = [
        {
            "id": q.id,
            "deck": q.deck,
            "level": q.level,
            "tags": list(q.tags),
            "title": q.text("title"),
        }
        for q in bank.questions.values()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max((len(r["id"]) for r in rows), default=2)
    deck_width = max((len(r["deck"]) for r in rows), default=4)
    for row in rows:
        tags = ",".join(row["tags"])
        ident, deck, level = row["id"], row["deck"], row["level"]
        print(f"{ident:<{width}}  {deck:<{deck_width}}  L{level}  {tags:<20}  {row['title']}")
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    from trainer.oracle import validate_bank

    paths = args.paths or args.questions
    missing = _missing_paths(paths)
    if missing:
        return _usage_error(f"no such file or folder: {missing[0]}")
    from trainer.questions import load_bank

    bank = load_bank(paths)
    validate_bank(bank, seed=args.seed)
    problems = sorted(bank.problems, key=lambda p: (str(p.path), p.line))
    if args.json:
        print(json.dumps([p.as_json() for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem.format())
        files = len({d.path for d in bank.decks} | {p.path for p in problems})
        print(
            f"{len(bank.questions)} valid question(s) in {files} file(s); "
            f"{len(problems)} problem(s)."
        )
    return EXIT_PROBLEMS if problems else EXIT_OK


def _find(bank: Bank, qid: str) -> Question | None:
    question = bank.questions.get(qid)
    if question is None:
        close = difflib.get_close_matches(qid, list(bank.questions), n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        _usage_error(f"unknown question id {qid!r}.{hint}")
    return question


def answer(args: argparse.Namespace) -> int:
    from trainer.oracle import Oracle
    from trainer.oracle.trials import TrialError

    bank = _bank(args)
    if bank is None:
        return EXIT_USAGE
    question = _find(bank, args.id)
    if question is None:
        return EXIT_USAGE
    if args.shape and question.is_choice:
        return _usage_error(f"{question.id} is a choice question: --shape does not apply.")
    kind = "choice" if question.is_choice else "shape" if args.shape else "value"
    try:
        verdict = Oracle(question, args.seed).judge(args.answer, kind)
    except TrialError as error:
        return _usage_error(f"{question.path}:{error.line}: {question.id}: {error.text()}")
    if args.json:
        print(json.dumps(verdict.as_json(), ensure_ascii=False))
    else:
        print(f"{verdict.verdict}: {verdict.message_text()}")
    if verdict.correct:
        return EXIT_OK
    return EXIT_USAGE if verdict.verdict == "invalid" else EXIT_PROBLEMS


def grade(args: argparse.Namespace) -> int:
    from trainer.grading import Grader

    bank = _bank(args)
    if bank is None:
        return EXIT_USAGE
    try:
        text = args.file.read_text(encoding="utf-8") if args.file else sys.stdin.read()
        lines = text.splitlines()
    except (OSError, UnicodeDecodeError) as error:
        return _usage_error(f"cannot read the answers: {error}")
    grader = Grader(bank)
    try:
        out: TextIO = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    except OSError as error:
        return _usage_error(f"cannot write {args.out}: {error}")
    with out if args.out else contextlib.nullcontext(out):
        for line in lines:
            if line.strip():
                out.write(json.dumps(grader.grade_line(line), ensure_ascii=False) + "\n")
        out.flush()
    return EXIT_OK


def schema(args: argparse.Namespace) -> int:
    from trainer.questions import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK
