"""Statistics: per deck attempted, mastered and due; accuracy over the last days; the questions
most often missed (rated Again or Hard: revealed, failed, or right only after help)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from trainer.app.screens.base import TrainerScreen
from trainer.app.text import plain
from trainer.app.widgets.deck_table import mastery_bar
from trainer.app.widgets.footer import FittingFooter
from trainer.messages import pick_text
from trainer.practice.i18n import N_
from trainer.practice.progress import Statistics


class StatisticsScreen(TrainerScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,s", "app.pop_screen", N_("Back"))]

    def __init__(self) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        app = self.app
        stats = app.progress.statistics([(d.id, d.questions) for d in app.bank.decks])
        yield Header()
        with VerticalScroll(id="statistics"):
            yield Static(self._decks(stats), id="statistics-decks")
            yield Static(self._days(stats), id="statistics-days")
            yield Static(self._missed(stats), id="statistics-missed")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.t("Statistics")

    def _decks(self, stats: Statistics) -> Table:
        t = self.t
        titles = {d.id: pick_text(d.title, self.app.lang) for d in self.app.bank.decks}
        table = Table(title=t("Decks"), title_justify="left", box=None, padding=(0, 2))
        for column in (t("Deck"), t("Questions"), t("Attempted"), t("Mastered"), t("Due today")):
            table.add_column(column, justify="left" if column == t("Deck") else "right")
        for deck in stats.decks:
            table.add_row(
                plain(titles.get(deck.deck_id, deck.deck_id)),
                str(deck.questions),
                str(deck.attempted),
                mastery_bar(deck.mastered, deck.questions),
                str(deck.due),
            )
        return table

    def _days(self, stats: Statistics) -> Table:
        t = self.t
        table = Table(
            title=t("Accuracy over the last {days} days", days=len(stats.days)),
            title_justify="left",
            box=None,
            padding=(0, 2),
        )
        table.add_column(t("Day"))
        table.add_column(t("Answers checked"), justify="right")
        table.add_column(t("Right"), justify="right")
        table.add_column(t("Accuracy"))
        for day in stats.days:
            accuracy = (
                mastery_bar(day.correct, day.attempts, 10)
                if day.attempts
                else Text("—", style="dim")
            )
            table.add_row(day.day.isoformat(), str(day.attempts), str(day.correct), accuracy)
        return table

    def _missed(self, stats: Statistics) -> Text:
        t = self.t
        if not stats.most_missed:
            return Text(t("No question missed yet."), style="dim")
        text = Text(t("Most often missed") + "\n", style="bold")
        for question_id, times in stats.most_missed:
            question = self.app.bank.question(question_id)
            title = question.text("title", self.app.lang) if question else ""
            text.append(f"  {question_id}", style="cyan")
            text.append_text(plain(f"  {title}  "))
            text.append(t("{count}×", count=times) + "\n", style="bold")
        text.rstrip()
        return text
