"""Statistics: per deck attempted, mastered and due; accuracy over the last days; the questions
most often missed (rated Again or Hard: revealed, failed, or right only after help).

On a narrow terminal the deck table gives up its column of question counts (the mastery bar
ends with them) before Rich would wrap the titles."""

from __future__ import annotations

from typing import ClassVar

from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual import events
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
        app = self.app
        self.stats = app.progress.statistics([(d.id, d.questions) for d in app.bank.decks])

    def compose(self) -> ComposeResult:
        stats = self.stats
        yield Header()
        with VerticalScroll(id="statistics"):
            yield Static(self._fitted_decks(self.app.size.width), id="statistics-decks")
            yield Static(self._days(stats), id="statistics-days")
            yield Static(self._missed(stats), id="statistics-missed")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.t("Statistics")

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#statistics-decks", Static).update(self._fitted_decks(event.size.width))

    def _fitted_decks(self, width: int) -> Table:
        """The deck table, without its counts column when it would not fit `width` columns
        (less the screen's padding and a scroll bar)."""
        table = self._decks(self.stats, counts=True)
        console = self.app.console
        needed = Measurement.get(console, console.options, table).maximum
        return table if needed <= width - 6 else self._decks(self.stats, counts=False)

    def _decks(self, stats: Statistics, counts: bool) -> Table:
        t = self.t
        titles = {d.id: pick_text(d.title, self.app.lang) for d in self.app.bank.decks}
        table = Table(title=t("Decks"), title_justify="left", box=None, padding=(0, 2))
        table.add_column(t("Deck"))
        if counts:
            table.add_column(t("Questions"), justify="right")
        table.add_column(t("Attempted"), justify="right")
        table.add_column(t("Mastered"))  # a bar: aligned on its left edge, like its heading
        table.add_column(t("Due today"), justify="right")
        for deck in stats.decks:
            cells: list[Text | str] = [plain(titles.get(deck.deck_id, deck.deck_id))]
            if counts:
                cells.append(str(deck.questions))
            cells += [
                str(deck.attempted),
                mastery_bar(deck.mastered, deck.questions),
                str(deck.due),
            ]
            table.add_row(*cells)
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

    def _missed(self, stats: Statistics) -> Table | Text:
        t = self.t
        if not stats.most_missed:
            return Text(t("No question missed yet."), style="dim")
        table = Table(
            title=t("Most often missed"),
            title_justify="left",
            show_header=False,
            box=None,
            padding=(0, 2),
        )
        table.add_column(style="cyan", no_wrap=True)
        table.add_column()
        table.add_column(justify="right", style="bold", no_wrap=True)
        for question_id, times in stats.most_missed:
            question = self.app.bank.question(question_id)
            title = question.text("title", self.app.lang) if question else ""
            table.add_row(plain(question_id), plain(title), t("{count}×", count=times))
        return table
