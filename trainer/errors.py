"""One error hierarchy, so callers catch the trainer's own failures and nothing else."""

from __future__ import annotations

from trainer.messages import Msg


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
