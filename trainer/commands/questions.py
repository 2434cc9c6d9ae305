"""`trainer list`, `trainer check` and `trainer schema`: the question files themselves."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from trainer.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    load,
    missing_paths,
    usage_error,
)
from trainer.escaping import json_line, printable


def list_questions(args: argparse.Namespace) -> int:
    bank = load(args)
    if bank is None:
        return EXIT_USAGE
    rows: list[dict[str, Any]] = [
        {
            "id": q.id,
            "deck": q.deck,
            "level": q.level,
            "tags": list(q.tags),
            "title": q.text("title"),
        }
        for q in bank.questions.values()
    ]
    if bank.problems:  # a broken file lists nothing: say why, where `check` is the tool
        from trainer.messages import msg

        count = len(bank.problems)
        print(f"trainer: {msg('listed_with_problems', count=count).text()}", file=sys.stderr)
    if args.json:
        print(json_line(rows, indent=2))
        return EXIT_OK
    tags = [printable(",".join(row["tags"])) for row in rows]
    width = max((len(r["id"]) for r in rows), default=2)
    deck_width = max((len(r["deck"]) for r in rows), default=4)
    tags_width = max(map(len, tags), default=0)
    for row, tag_list in zip(rows, tags, strict=True):
        columns = (
            f"{row['id']:<{width}}",
            f"{row['deck']:<{deck_width}}",
            f"L{row['level']}",
            f"{tag_list:<{tags_width}}",
            printable(row["title"]),
        )
        print("  ".join(columns))
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    """Every check of docs/question-format.md on the files given (or the --questions bank);
    one line per problem."""
    paths = args.paths or args.questions
    missing = missing_paths(paths)
    if missing:
        return usage_error(f"no such file or folder: {missing[0]}")
    from trainer.oracle import validate_bank
    from trainer.questions import load_bank

    bank = load_bank(paths)
    validate_bank(bank, seed=args.seed)
    problems = sorted(bank.problems, key=lambda p: (str(p.path), p.line))
    if args.json:
        print(json_line([p.as_json() for p in problems], indent=2))
    else:
        for problem in problems:
            print(printable(problem.format()))
        files = len({d.path for d in bank.decks} | {p.path for p in problems})
        print(
            f"{len(bank.questions)} valid question(s) in {files} file(s); "
            f"{len(problems)} problem(s)."
        )
    return EXIT_PROBLEMS if problems else EXIT_OK


def schema(args: argparse.Namespace) -> int:
    if args.assignment:
        from trainer.course.assignment import assignment_schema

        print(json_line(assignment_schema(), indent=2))
        return EXIT_OK
    from trainer.questions import json_schema

    print(json_line(json_schema(), indent=2))
    return EXIT_OK
