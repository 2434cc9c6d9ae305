"""A small numeric instance of the question: sizes, given tensors, the expected gradient, and
the learner's own values when their last answer was wrong."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.app.i18n import N_, translate_bindings
from trainer.app.messages import InstanceBuilt
from trainer.errors import TrainerError
from trainer.oracle import Instance, Oracle


class InstanceScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+n,q", "app.pop_screen", N_("Close"))
    ]

    def __init__(self, oracle: Oracle, answer: str | None) -> None:
        super().__init__()
        self.oracle = oracle
        self.answer = answer
        self.t = self.app.labels
        translate_bindings(self, self.t)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="instance-dialog"):
            yield Static(self.t("A small numeric instance"), classes="dialog-title")
            with VerticalScroll():
                yield Static(self.t("Loading…"), id="instance-body")
            yield Static(self.t("Esc to close"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.build()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="instance",
        description="Building a numeric instance",
    )
    def build(self) -> None:
        self.app.torch_ready.wait()
        if self.app.torch_error:
            self.post_message(InstanceBuilt(error=self.app.torch_error))
            return
        try:
            with self.app.oracle_lock:
                instance = self.oracle.instance(self.answer)
        except TrainerError as error:
            self.post_message(InstanceBuilt(error=error.text(self.app.lang)))
            return
        self.post_message(InstanceBuilt(instance))

    @on(InstanceBuilt)
    def _built(self, message: InstanceBuilt) -> None:
        body = self.query_one("#instance-body", Static)
        if message.instance is None:
            body.update(message.error or "")
            return
        body.update(self.describe(message.instance))

    def describe(self, instance: Instance) -> Text:
        t = self.t
        q = self.oracle.question
        text = Text()
        if instance.dims:
            sizes = ", ".join(f"{name} = {size}" for name, size in instance.dims.items())
            text.append(t("Sizes: {sizes}", sizes=sizes) + "\n\n")
        text.append(t("Given") + "\n", style="bold")
        for name, value in instance.given.items():
            text.append(f"  {name} = ", style="bold cyan")
            text.append(value + "\n")
        text.append("\n" + t("Expected {wrt}.grad", wrt=q.wrt) + "\n", style="bold")
        text.append(f"  {instance.expected}\n")
        if instance.yours is not None:
            text.append("\n" + t("Yours: {answer}", answer=self.answer) + "\n", style="bold")
            text.append(f"  {instance.yours}\n")
        text.rstrip()
        return text
