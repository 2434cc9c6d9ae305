"""The home screen: decks with their progress, and the ways into a session.

Drawn before PyTorch is loaded, and on a usual start before the bank is read: everything here
comes from the app's summary (`practice/home_summary.py`), the one kept in the data folder
until the bank is read, then one counted from the bank and the progress. When the bank is read
and when the background checks that run the questions finish, the deck list and the notice of
skipped questions are refreshed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static

from trainer.app.messages import StartSession
from trainer.app.screens.base import TrainerScreen
from trainer.app.text import plain
from trainer.app.widgets.deck_table import DeckRow, DeckTable
from trainer.app.widgets.footer import FittingFooter
from trainer.practice.home_summary import HomeSummary
from trainer.practice.i18n import N_
from trainer.practice.session import DECK


class HomeScreen(TrainerScreen[None]):
    AUTO_FOCUS = "#decks"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start_deck", N_("Start deck")),
        Binding("d", "app.start('due')", N_("Review due")),
        Binding("m", "app.start('mixed')", N_("Mixed practice")),
        Binding("l", "app.question_list", N_("Find")),
        Binding("s", "app.statistics", N_("Statistics")),
        Binding("question_mark", "app.help", N_("Help"), key_display="?"),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._composed = False

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Vertical(id="home"):
            with VerticalScroll(id="notice"):
                yield Static(id="notice-text")
            yield Static(t("Choose a deck and press Enter."), id="home-intro")
            yield DeckTable(t, id="decks")
            yield Static(id="home-outlook")
            yield Static(id="deck-description")
            yield Static(t("Loading PyTorch in the background…"), id="status")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.t("Practise matrix-calculus gradients")
        self._composed = True

    def on_screen_resume(self) -> None:
        """On first show and on every return from a session: the counts may have changed."""
        self.refresh_decks()

    def refresh_decks(self) -> None:
        """Recount mastered and due questions, redraw the notice and the loading status."""
        # the app may report torch ready before this screen is built, or after its widgets
        # are removed as the app closes
        if not self._composed or not self.query(DeckTable):
            return
        summary = self.app.recount()
        rows = [DeckRow(deck.deck_id, deck.title, deck.counts) for deck in summary.decks]
        table = self.query_one(DeckTable)
        table.show_decks(rows)
        if not rows:
            self.query_one("#home-intro", Static).update(
                self.t("There are no questions to practise.")
            )
        self._show_outlook(summary)
        self._show_notice(summary)
        self._show_status()
        self._show_description()

    def _show_outlook(self, summary: HomeSummary) -> None:
        """What is due today or when the next review is; when nothing is due, what `d`
        practises instead."""
        outlook = self.query_one("#home-outlook", Static)
        outlook.update(plain(summary.outlook))
        outlook.display = bool(summary.outlook)

    def _show_status(self) -> None:
        app, engine = self.app, self.app.engine
        status = self.query_one("#status", Static)
        if engine.torch_error:
            status.update(self.t("PyTorch could not be loaded: answers cannot be checked."))
        elif engine.torch_ready.is_set() and app.validated:
            status.display = False
        elif engine.torch_ready.is_set():
            status.update(self.t("Checking the questions…"))

    def _show_notice(self, summary: HomeSummary) -> None:
        t = self.t
        text = Text()
        for notice in self.app.notices:
            text.append_text(plain(t(notice.text, **notice.params) + "\n", "bold"))
        for line in summary.notices:
            text.append_text(plain(line + "\n", "bold"))
        if summary.skipped:
            text.append(
                t("{count} invalid question file(s) or question(s) skipped:", count=summary.skipped)
                + "\n",
                style="bold",
            )
            for line in summary.problems:
                text.append_text(plain(line + "\n"))
            if summary.more:
                text.append(t("…and {count} more.", count=summary.more) + "\n")
        text.rstrip()
        self.query_one("#notice-text", Static).update(text)
        self.query_one("#notice").display = bool(text.plain)

    def _show_description(self) -> None:
        deck = self.app.summary.deck(self.query_one(DeckTable).selected_deck())
        description = deck.description if deck else ""
        self.query_one("#deck-description", Static).update(plain(description))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_description()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._start(event.row_key.value)

    def action_start_deck(self) -> None:
        self._start(self.query_one(DeckTable).selected_deck())

    def _start(self, deck_id: str | None) -> None:
        if deck_id:
            self.post_message(StartSession(DECK, deck_id))
