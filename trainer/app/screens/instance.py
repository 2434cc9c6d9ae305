"""A small numeric instance of the question: sizes, given tensors, the expected gradient, and
the learner's own values when their last answer was wrong."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

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


def rows_of(value: str) -> list[str]:
    """A nested list's text split into its top-level rows ("[[1, 2], [3, 4]]" -> "[1, 2]",
    "[3, 4]"), so a matrix is drawn one row per line; a vector or number stays whole."""
    if not value.startswith("[["):
        return [value]
    rows, depth, start = [], 0, 1
    for index, char in enumerate(value):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 1:
            rows.append(value[start:index].strip())
            start = index + 1
    rows.append(value[start:-1].strip())
    return rows


def tensor_lines(value: str, indent: str) -> str:
    """The text of a tensor under its name, one matrix row a line, indented."""
    return "".join(f"{indent}{row}\n" for row in rows_of(value))


class InstanceScreen(TrainerModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+n,q", "app.pop_screen", N_("Close"))
    ]

    def __init__(self, question: Question, answer: str | None) -> None:
        super().__init__()
        self.question = question
        self.answer = answer

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
        body.update(self.describe(message.instance))

    def describe(self, instance: Instance) -> Text:
        t = self.t
        text = Text()
        if instance.dims:
            sizes = ", ".join(f"{name} = {size}" for name, size in instance.dims.items())
            text.append(t("Sizes: {sizes}", sizes=sizes) + "\n\n")
        text.append(t("Given") + "\n", style="bold")
        for name, value in instance.given.items():
            rows = rows_of(value)
            text.append(f"  {name} = ", style="bold cyan")
            if len(rows) == 1:
                text.append(value + "\n")
            else:
                text.append("\n" + tensor_lines(value, "    "))
        text.append("\n" + t("Expected {wrt}.grad", wrt=self.question.wrt) + "\n", style="bold")
        text.append(tensor_lines(instance.expected, "  "))
        if instance.yours is not None:
            text.append_text(plain("\n" + t("Yours: {answer}", answer=self.answer) + "\n", "bold"))
            text.append(tensor_lines(instance.yours, "  "))
        text.rstrip()
        return text
