"""The answer box: an Input whose up and down arrows recall earlier answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

from trainer.escaping import pasted_line


class AnswerInput(Input):
    """Up recalls the previous answer to this part (or walkthrough step), down the next one
    (then the draft)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Earlier answer", show=False),
        Binding("down", "history(1)", "Later answer", show=False),
    ]

    BLINK: ClassVar[bool] = True
    """Whether the cursor blinks; the UI tests turn it off so that screenshots are stable."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._position = 0
        self._draft = ""
        self._checking: str | None = None  # the answer handed in, while it is checked
        self._queued = False  # Enter was pressed on the next answer during that check

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """'?' is never part of an answer, so it stays free for the help key while typing."""
        return character != "?" and super().check_consume_key(key, character)

    def on_mount(self) -> None:
        self.cursor_blink = self.BLINK

    def _on_paste(self, event: events.Paste) -> None:
        """A paste (the terminal's bracketed paste) is one piece of the answer: whatever it
        holds, ESC sequences and line breaks included, never reaches the key parser."""
        event.stop()
        event.prevent_default()  # not Input's paste too, which keeps the first line raw
        line = pasted_line(event.text)
        if not line:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *self.selection)

    def set_history(self, answers: Sequence[str]) -> None:
        self.history = list(answers)
        self._position = len(self.history)

    def remember(self, answer: str) -> None:
        if not self.history or self.history[-1] != answer:
            self.history.append(answer)
        self._position = len(self.history)

    def hand_in(self, answer: str) -> None:
        """The answer leaves the box to be checked (up-arrow brings it back): what is typed
        while it is checked is the next answer, never glued to this one, and an Enter on it
        waits for the verdict (`checked`)."""
        self.remember(answer)
        self._checking = answer
        self.value = ""

    def checked(self, judged: bool) -> str | None:
        """The check of the handed-in answer is over. One that could not be judged comes back
        selected, to be fixed or typed over (unless a next one is being typed); returns the
        next answer to submit if Enter was pressed on it meanwhile."""
        answer, self._checking = self._checking, None
        queued, self._queued = self._queued, False
        if not judged:
            if not self.value and answer is not None:
                self.value = answer
                self.select_all()  # to be fixed, or typed over: never appended to
            return None
        return self.value.strip() if queued else None

    async def action_submit(self) -> None:
        if self._checking is not None:  # typed ahead: submitted once the verdict is in
            self._queued = True
            return
        await super().action_submit()

    def action_history(self, offset: int) -> None:
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value
        self._position = max(0, min(len(self.history), self._position + offset))
        text = self.history[self._position] if self._position < len(self.history) else self._draft
        self.value = text
        self.cursor_position = len(text)
