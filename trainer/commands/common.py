"""What every command shares: exit codes, usage errors, reading the bank, finding a question."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.escaping import printable

if TYPE_CHECKING:  # the loader (YAML, the notation) is imported only by the commands that
    from trainer.questions import Bank, Question  # read files: `trainer` must start fast

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def usage_error(message: str) -> int:
    print(f"trainer: {printable(message)}", file=sys.stderr)
    return EXIT_USAGE


def missing_paths(paths: Iterable[Path] | None) -> list[Path]:
    return [p for p in paths or () if not p.exists()]


def load(args: argparse.Namespace) -> Bank | None:
    """The bank of `--questions` (or the bundled one); None after a usage error."""
    missing = missing_paths(args.questions)
    if missing:
        usage_error(f"no such file or folder: {missing[0]}")
        return None
    from trainer.questions import load_bank

    return load_bank(args.questions)


def load_question(args: argparse.Namespace) -> Question | None:
    """The question `args.id` of the bank of `--questions`; None after a usage error (naming
    the closest id there is)."""
    bank = load(args)
    if bank is None:
        return None
    question = bank.questions.get(args.id)
    if question is None:
        from trainer.messages import closest_hint

        hint = closest_hint(args.id, bank.questions)
        usage_error(f"unknown question id {args.id!r}.{hint}")
    return question
