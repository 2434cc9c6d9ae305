"""One error hierarchy, so callers catch the trainer's own failures and nothing else, and one
`Problem`: a thing wrong at a place in a file, printed one way.

The problem type lives with the errors because the errors at a place in a file produce it:
the raiser (a field parser, the YAML reader, a trial) knows the line when it knows anything,
the catcher knows the file and the question, and `ProblemError.problem` joins the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.messages import Msg, msg


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: a question file, an assignment or a submission.

    `line` is 0 when the reader does not really know it (a file that cannot be read, a note on
    the file as a whole): a made-up number is worse than no number. `id` is the question's id,
    or None for a problem of a file that holds no questions (assignments, submissions).
    """

    path: Path
    line: int
    id: str | None
    msg: Msg

    def format(self, lang: str = "en") -> str:
        """`FILE:LINE: ID: message`, without the line or the id it does not have: the form
        every problem takes on the terminal (and in the pytest plugin's failures)."""
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        said = f"{self.id}: {self.msg.text(lang)}" if self.id is not None else self.msg.text(lang)
        return f"{where}: {said}"

    def located(self) -> Msg:
        """The message with its line in front ("line 3: ..."), for output that names no file
        (an autograder's results for the one submission it was handed)."""
        if not self.line:
            return self.msg
        return msg("at_line", line=self.line, message=self.msg)

    def text(self, lang: str = "en") -> str:
        return self.located().text(lang)

    def as_json(self) -> dict[str, object]:
        """The JSON form, as `trainer check --json` prints it."""
        return {
            "file": str(self.path),
            "line": self.line or None,
            "id": self.id,
            "message": self.msg.text(),
        }


class TrainerError(Exception):
    """Base of every error the trainer raises on purpose; carries a translatable message."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.text())
        self.msg = msg

    def text(self, lang: str = "en") -> str:
        return self.msg.text(lang)


class NotationError(TrainerError):
    """An answer or forward line that cannot be read or evaluated.

    `column` is 1-based in the text as typed, or None when no single spot is at fault.
    """

    def __init__(self, msg: Msg, column: int | None = None) -> None:
        super().__init__(msg)
        self.column = column


class ProblemError(TrainerError):
    """An error at a line of a file, raised where the file is not known (0: no line known)."""

    def __init__(self, msg: Msg, line: int = 0) -> None:
        super().__init__(msg)
        self.line = line

    def problem(self, path: Path, id: str | None = None, line: int = 0) -> Problem:
        """The problem this error is in `path`; `line` stands in when the error knows none."""
        return Problem(path, self.line or line, id, self.msg)
