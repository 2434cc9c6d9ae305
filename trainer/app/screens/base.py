"""The base of every screen: the app typed as the screens see it, labels in the app's language.

`app` is Textual's typed getter, so every `self.app.…` a screen reads is checked against
`PracticeAppBase` (and the app's class is asserted when it is read).
"""

from __future__ import annotations

from typing import TypeVar

from textual import getters
from textual.screen import ModalScreen, Screen

from trainer.app.base import PracticeAppBase
from trainer.app.bindings import translate_bindings
from trainer.app.i18n import Labels

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
