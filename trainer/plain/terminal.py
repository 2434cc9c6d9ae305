"""Where the plain mode writes and reads: whole lines, never a cursor movement.

Every line goes out in ASCII mathematics (`notation.ascii_math`) with its control characters
escaped (`escaping.printable`), so neither a question file nor an echoed answer can steer the
terminal; colour only when asked for. A reply is one line, read within a bound: a longer line
is kept to the bound (the engine then says the answer is too long) and the rest drained.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

from trainer.escaping import printable

LINE_LIMIT = 20_000
"""Characters kept of one reply: far above any answer the engine accepts."""

_TONES = {"good": "\x1b[32m", "bad": "\x1b[31m", "note": "\x1b[33m"}
_RESET = "\x1b[0m"


def plain_wanted(
    asked: bool, stdin: TextIO, stdout: TextIO, environ: Mapping[str, str] | None = None
) -> bool:
    """`--plain`, or no terminal to draw on: standard input or output redirected, or
    `TERM=dumb` (Emacs shells, some screen-reader set-ups)."""
    env = os.environ if environ is None else environ
    return asked or not _is_tty(stdin) or not _is_tty(stdout) or env.get("TERM") == "dumb"


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or a stand-in without isatty
        return False


@dataclass
class Terminal:
    output: TextIO
    input: TextIO
    color: bool = False

    def say(self, text: str = "", tone: str | None = None) -> None:
        """Print `text`, line by line, as plain safe ASCII mathematics."""
        # imported here: `trainer practice` reads this module to choose the app, which must not
        # wait for the notation before its first frame
        from trainer.notation.ascii_math import to_ascii

        for line in text.split("\n"):
            shown = printable(to_ascii(line))
            if self.color and tone in _TONES:
                shown = _TONES[tone] + shown + _RESET
            self.output.write(shown + "\n")
        self.output.flush()

    def ask(self, prompt: str) -> str | None:
        """One reply to `prompt`, without its line end; None at the end of input."""
        self.output.write(prompt)
        self.output.flush()
        line = self.input.readline(LINE_LIMIT)
        if not line:
            return None
        if not line.endswith("\n"):
            self._drain()
        reply = line.rstrip("\r\n")
        if self.echo:  # no terminal echoed it: the transcript shows what was answered
            self.output.write(printable(reply) + "\n")
        return reply

    @property
    def echo(self) -> bool:
        try:
            return not self.input.isatty()
        except (AttributeError, ValueError, OSError):
            return True

    def _drain(self) -> None:
        """Skip the rest of an overlong line (or of the input, if it never ends)."""
        while True:
            rest = self.input.readline(LINE_LIMIT)
            if not rest or rest.endswith("\n"):
                return
