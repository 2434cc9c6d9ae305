"""What the screens may use of the app, typed: the screens import this, never `app.py`.

`TrainerApp` (app.py) fills it in; a screen's `app` property is annotated with this class
(`screens/base.py`), so the type checker sees every `self.app.…` a screen reads, and the app
module, which imports the screens, is never imported back by them.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import App

from trainer.practice.engine import PracticeEngine
from trainer.practice.home_summary import HomeSummary
from trainer.practice.i18n import Labels
from trainer.practice.practice_bank import PracticeBank
from trainer.practice.progress import Progress
from trainer.practice.store import LearnerNotice


class PracticeAppBase(App[None]):
    engine: PracticeEngine
    bank: PracticeBank
    progress: Progress
    labels: Labels
    lang: str
    notices: list[LearnerNotice]
    validated: bool  # the checks that run a question have run on the whole bank
    bank_loaded: bool  # until then, `bank` is empty and the home screen shows `summary`
    summary: HomeSummary

    def recount(self) -> HomeSummary:
        """The home screen's summary, counted again from the bank once it is loaded."""
        raise NotImplementedError

    def now(self) -> datetime:
        return self.progress.clock()
