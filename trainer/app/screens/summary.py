"""The end of a session: how it went, accuracy per tag, time spent, and the questions missed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from trainer.app.messages import StartSession
from trainer.app.screens.base import TrainerScreen
from trainer.app.text import plain
from trainer.app.widgets.footer import FittingFooter
from trainer.practice.i18n import N_
from trainer.practice.outcomes import AFTER_HELP, FIRST_TRY, REVEALED, SKIPPED
from trainer.practice.session import AGAIN, Summary
from trainer.questions import Question

OUTCOME_LABELS = {
    FIRST_TRY: N_("Right first time"),
    AFTER_HELP: N_("Right after a hint or a retry"),
    REVEALED: N_("Revealed"),
    SKIPPED: N_("Skipped"),
}


def duration_text(seconds: float) -> str:
    """m:ss, or h:mm:ss from an hour on."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class SummaryScreen(TrainerScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "again", N_("Practise missed again")),
        Binding("enter,escape", "home", N_("Home")),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def __init__(self, summary: Summary, missed: Sequence[Question | None]) -> None:
        super().__init__()
        self.summary = summary
        self.missed = [q for q in missed if q is not None]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static(self._numbers(), id="summary-numbers")
            yield Static(self._tags(), id="summary-tags")
            yield Static(self._missed(), id="summary-missed")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.t("Session summary")

    def _numbers(self) -> Table:
        t = self.t
        s = self.summary
        table = Table.grid(padding=(0, 2))
        table.add_column()
        table.add_column(justify="right")
        table.add_row(Text(t("Questions"), style="bold"), Text(str(s.total), style="bold"))
        for outcome, label in OUTCOME_LABELS.items():
            table.add_row(t(label), str(s.counts.get(outcome, 0)))
        if s.came_back:
            right = f"{s.came_back_right}/{s.came_back}"
            table.add_row(t("Came back after a miss, right first time"), right)
        table.add_row(t("Answers checked"), str(s.attempts))
        table.add_row(t("Answers right"), str(s.correct))
        table.add_row(t("Time spent"), duration_text(s.seconds))
        return table

    def _tags(self) -> Group | Text:
        t = self.t
        if not self.summary.tag_accuracy:
            return Text("")
        table = Table(show_edge=False, box=None, padding=(0, 2))
        table.add_column(t("Tag"))
        table.add_column(t("Right"), justify="right")
        table.add_column(t("Accuracy"), justify="right")
        for tag, (right, seen) in self.summary.tag_accuracy.items():
            table.add_row(plain(tag), f"{right}/{seen}", f"{round(100 * right / seen)}%")
        return Group(Text(t("Accuracy per tag (right first time)"), style="bold"), table)

    def _missed(self) -> Group | Text:
        t = self.t
        if not self.missed:
            return Text(t("Nothing missed."), style="bold green")
        table = Table(show_header=False, show_edge=False, box=None, padding=(0, 2))
        table.add_column(style="cyan", no_wrap=True)
        table.add_column()
        lang = self.app.lang
        for question in self.missed:
            table.add_row(plain(question.id), plain(question.text("title", lang)))
        return Group(
            Text(t("Missed questions"), style="bold"),
            table,
            Text(t("Press r to practise them again."), style="dim"),
        )

    def action_again(self) -> None:
        if self.missed:
            self.post_message(StartSession(AGAIN, None, tuple(q.id for q in self.missed)))

    def action_home(self) -> None:
        self.app.pop_screen()
