"""`trainer practice` (and a bare `trainer`): the Textual practice app, or its plain line mode
when asked (`--plain`) or when there is no terminal to draw on."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from trainer.commands.common import EXIT_OK, EXIT_PROBLEMS, missing_paths, usage_error
from trainer.escaping import printable

if TYPE_CHECKING:
    from trainer.practice.config import AppConfig


def practice(args: argparse.Namespace) -> int:
    missing = missing_paths(args.questions)
    if missing:
        return usage_error(f"no such file or folder: {missing[0]}")
    from trainer.plain import terminal

    if terminal.plain_wanted(getattr(args, "plain", False), sys.stdin, sys.stdout):
        return _plain(args)
    from trainer.collector import pause_collection, resume_collection

    pause_collection()  # until the app's first frame: start-up makes only long-lived objects
    try:
        from trainer.app.factory import make_app

        app = make_app(_config(args))
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


def _config(args: argparse.Namespace) -> AppConfig:
    from trainer.practice.config import AppConfig

    return AppConfig(
        question_paths=args.questions,
        decks=args.deck,
        tags=args.tag,
        lang=args.lang,
        seed=args.seed,
        data_dir=args.data_dir,
    )


def _plain(args: argparse.Namespace) -> int:
    """The plain line mode: the same session, read and printed one line at a time."""
    from trainer.plain.loop import run_plain
    from trainer.plain.terminal import Terminal
    from trainer.practice.opening import open_practice

    for stream in (sys.stdin, sys.stdout):  # a pipe in an ASCII locale still gets Chinese
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace" if stream is sys.stdout else "replace")
    opened = open_practice(_config(args))
    try:
        run_plain(opened, Terminal(sys.stdout, sys.stdin, color=args.color))
    except KeyboardInterrupt:  # Ctrl-C before the first prompt or after the last
        print()
    except BrokenPipeError:  # the reader went away: nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
    finally:
        opened.progress.close()
    return EXIT_OK
