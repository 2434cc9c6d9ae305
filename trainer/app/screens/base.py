"""The base of every screen: the app typed as the screens see it, labels in the app's language.

`app` is Textual's typed getter, so every `self.app.…` a screen reads is checked against
`PracticeAppBase` (and the app's class is asserted when it is read).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import events, getters
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen

from trainer.app.base import PracticeAppBase
from trainer.app.bindings import translate_bindings
from trainer.practice.i18n import Labels

ResultType = TypeVar("ResultType")


class TrainerScreen(Screen[ResultType]):
    app = getters.app(PracticeAppBase)

    def __init__(self) -> None:
        super().__init__()
        self.t: Labels = self.app.labels
        translate_bindings(self, self.t)


class TrainerModal(ModalScreen[ResultType]):
    app = getters.app(PracticeAppBase)

    def __init__(self) -> None:
        super().__init__()
        self.t: Labels = self.app.labels
        translate_bindings(self, self.t)


class AnsweringScreen(TrainerScreen[ResultType]):
    """A screen whose answer box keeps the focus: page up and down scroll the body above it
    (a long solution on a small terminal). Once its answering is over, a key bound on the
    screen or in the app keeps its meaning, and any other key moves on."""

    BODY: ClassVar[str]  # the selector of the VerticalScroll above the answer box
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "scroll_body('page_up')", show=False),
        Binding("pagedown", "scroll_body('page_down')", show=False),
    ]

    def on_resize(self, event: events.Resize) -> None:
        # imported here: the home screen builds on this module and must draw without the oracle
        from trainer.app.widgets.answer_box import AnswerBox

        for box in self.query(AnswerBox):
            box.fit(event.size.height)

    def action_scroll_body(self, direction: str) -> None:
        body = self.query_one(self.BODY, VerticalScroll)
        if direction == "page_up":
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    @property
    def answering_over(self) -> bool:
        """Whether answering is over, so that a key with no meaning here moves on."""
        return False

    def move_on(self) -> None:
        """Leave the screen once answering is over."""

    def on_key(self, event: events.Key) -> None:
        if self.answering_over and event.key not in self.active_bindings:
            event.stop()
            event.prevent_default()
            self.move_on()
