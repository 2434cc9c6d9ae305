"""Problems and notes about a course file, each at its line when the reader really knows it.

An assignment's problems stop grading; a submission's notes (an id not in the assignment, a
key given twice) do not, and its problem makes it ungradable. All are shown the same way:
`FILE:LINE: message` on the terminal, `line N: message` inside an autograder's output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.messages import Msg, msg
from trainer.questions.yaml_lines import SourceError

# Problems of the whole file, for which the reader's line 1 would be made up.
_WHOLE_FILE = frozenset({"unreadable", "empty_file"})


@dataclass(frozen=True)
class FileProblem:
    path: Path
    line: int | None  # None: the file as a whole (it cannot be read, it is empty)
    msg: Msg

    def located(self) -> Msg:
        """The message with its line in front ("line 3: ..."), for output that names no file."""
        if self.line is None:
            return self.msg
        return msg("at_line", line=self.line, message=self.msg)

    def text(self, lang: str = "en") -> str:
        return self.located().text(lang)

    def format(self, lang: str = "en") -> str:
        """FILE:LINE: message, the form every file problem takes on the terminal."""
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        return f"{where}: {self.msg.text(lang)}"


def source_problem(path: Path, error: SourceError) -> FileProblem:
    """The problem of a file that `read_yaml` refused, at the parser's line when it has one."""
    line = None if error.msg.key in _WHOLE_FILE else error.line
    return FileProblem(path, line, error.msg)
