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
            self.post_message(InstanceBuilt(engine.instance(question, answer)))
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
            text.append(f"  {name} = ", style="bold cyan")
            text.append(value + "\n")
        text.append("\n" + t("Expected {wrt}.grad", wrt=self.question.wrt) + "\n", style="bold")
        text.append(f"  {instance.expected}\n")
        if instance.yours is not None:
            text.append_text(plain("\n" + t("Yours: {answer}", answer=self.answer) + "\n", "bold"))
            text.append(f"  {instance.yours}\n")
        text.rstrip()
        return text
