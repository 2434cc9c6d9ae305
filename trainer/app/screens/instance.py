"""A small numeric instance of the question: sizes, given tensors, the expected gradient (once
the learner answered or revealed it: before, it would give the answer away), and the learner's
own values when their last answer was wrong."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from trainer.app.matrix_text import rows_of, tensor_lines
from trainer.app.messages import InstanceBuilt
from trainer.app.screens.base import TrainerModal
from trainer.app.text import plain
from trainer.oracle import Instance
from trainer.practice.engine import EngineError, PracticeEngine
from trainer.practice.i18n import N_
from trainer.questions import Question

INSTANCE_ENTRIES = 144
"""Entries of a tensor shown whole in this view (a 12×12 matrix); past that, a few of each
dimension. The verdict's line shows fewer: this view has the room, and scrolls."""


class InstanceScreen(TrainerModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+n,q", "app.pop_screen", N_("Close"))
    ]

    def __init__(self, question: Question, answer: str | None, expected: bool = True) -> None:
        """`expected`: whether the expected gradient is shown (after an answer or a reveal)."""
        super().__init__()
        self.question = question
        self.answer = answer
        self.expected = expected
        self.instance: Instance | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="instance-dialog"):
            yield Static(self.t("A small numeric instance"), classes="dialog-title")
            with VerticalScroll():
                yield Static(self.t("Loading…"), id="instance-body")
            yield Static(self.t("Esc to close"), classes="dialog-keys")

    def on_mount(self) -> None:
        self._build(self.app.engine, self.question, self.answer)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="instance",
        description="Building a numeric instance",
    )
    def _build(self, engine: PracticeEngine, question: Question, answer: str | None) -> None:
        try:
            self.post_message(
                InstanceBuilt(engine.instance(question, answer, limit=INSTANCE_ENTRIES))
            )
        except EngineError as error:
            self.post_message(InstanceBuilt(error=error.text))

    @on(InstanceBuilt)
    def _built(self, message: InstanceBuilt) -> None:
        body = self.query_one("#instance-body", Static)
        if message.instance is None:
            body.update(plain(message.error or ""))
            return
        self.instance = message.instance
        self.call_after_refresh(self._draw)  # once the body has its width

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        if self.instance is not None:
            body = self.query_one("#instance-body", Static)
            body.update(self.describe(self.instance, body.content_size.width))

    def describe(self, instance: Instance, width: int) -> Text:
        """The instance's text, its matrices in blocks of columns that fit `width` cells."""
        t = self.t

        def heading(first: int, last: int) -> str:
            return t("columns {first}–{last}", first=first, last=last)

        def lines(value: str, indent: str) -> str:
            return tensor_lines(value, indent, width, heading)

        text = Text()
        if instance.dims:
            sizes = ", ".join(f"{name} = {size}" for name, size in instance.dims.items())
            text.append(t("Sizes: {sizes}", sizes=sizes) + "\n\n")
        text.append(t("Given") + "\n", style="bold")
        for name, value in instance.given.items():
            text.append(f"  {name} = ", style="bold cyan")
            if len(rows_of(value)) == 1 and cell_len(f"  {name} = {value}") <= width:
                text.append(value + "\n")
            else:
                text.append("\n" + lines(value, "    "))
        if self.expected:
            text.append("\n" + t("Expected {wrt}.grad", wrt=self.question.wrt) + "\n", style="bold")
            text.append(lines(instance.expected, "  "))
        else:
            text.append("\n" + t("The expected gradient is shown after an answer or a reveal."))
        if instance.yours is not None:
            text.append_text(plain("\n" + t("Yours: {answer}", answer=self.answer) + "\n", "bold"))
            text.append(lines(instance.yours, "  "))
        text.rstrip()
        return text
