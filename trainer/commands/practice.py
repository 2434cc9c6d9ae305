"""`trainer practice` (and a bare `trainer`): the Textual practice app."""

from __future__ import annotations

import argparse
import sys

from trainer.commands.common import EXIT_OK, EXIT_PROBLEMS, missing_paths, usage_error
from trainer.escaping import printable


def practice(args: argparse.Namespace) -> int:
    missing = missing_paths(args.questions)
    if missing:
        return usage_error(f"no such file or folder: {missing[0]}")
    from trainer.collector import pause_collection, resume_collection

    pause_collection()  # until the app's first frame: start-up makes only long-lived objects
    try:
        from trainer.app.factory import make_app
        from trainer.practice.config import AppConfig

        config = AppConfig(
            question_paths=args.questions,
            decks=args.deck,
            tags=args.tag,
            lang=args.lang,
            seed=args.seed,
            data_dir=args.data_dir,
        )
        app = make_app(config)
        try:
            app.run()
        finally:
            app.progress.close()
    finally:  # an app that stopped before its first frame has not resumed it
        resume_collection()
    if app.return_code:  # Textual has printed the traceback; say in one line why we stopped
        error = getattr(app, "_exception", None)
        reason = f"{type(error).__name__}: {error}" if error is not None else "an error"
        print(f"trainer: the practice app stopped after {printable(reason)}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK
