"""The base of every screen: the app typed as the screens see it, labels in the app's language.

`app` is annotated for the type checker only (Textual's own property runs), so every
`self.app.…` a screen reads is checked against `PracticeAppBase`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

from trainer.app.base import PracticeAppBase
from trainer.app.i18n import Labels, translate_bindings

ResultType = TypeVar("ResultType")


class TrainerScreen(Screen[ResultType]):
    if TYPE_CHECKING:

        @property
        def app(self) -> PracticeAppBase: ...

    def __init__(self) -> None:
        super().__init__()
        self.t: Labels = self.app.labels
        translate_bindings(self, self.t)


class TrainerModal(ModalScreen[ResultType]):
    if TYPE_CHECKING:

        @property
        def app(self) -> PracticeAppBase: ...

    def __init__(self) -> None:
        super().__init__()
        self.t: Labels = self.app.labels
        translate_bindings(self, self.t)
