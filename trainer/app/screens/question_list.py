"""The question list: every question of the run with a mark for its state, a search box and
filters (deck, tag, level, state); Enter practises the chosen question, then the rows below it.

What is listed and how it is filtered is `practice/question_list.py`; this screen draws it.
The search box has the focus, so typing searches at once; ↓ goes down to the table, and Enter
in either starts the highlighted row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Input, Select, Static

from trainer.app.bindings import translate_bindings
from trainer.app.messages import StartSession
from trainer.app.screens.base import TrainerScreen
from trainer.app.text import plain
from trainer.app.widgets.footer import FittingFooter
from trainer.app.widgets.row_table import RowTable
from trainer.practice.i18n import N_, Labels
from trainer.practice.question_list import (
    CHOSEN,
    DUE,
    FILTER_STATES,
    MASTERED,
    MISSED,
    NEW,
    SEEN,
    ListedQuestion,
    ListFilter,
    QuestionList,
    sitting_from,
)

MARKS = {MASTERED: ("✓", "green"), MISSED: ("✗", "red"), SEEN: ("○", ""), NEW: (" ", "")}
DUE_MARK = ("↻", "bold yellow")
STATE_NAMES = {NEW: N_("new"), DUE: N_("due today"), MISSED: N_("missed"), MASTERED: N_("mastered")}
SEEN_NAME = N_("seen")
DECK_SHARE, TAGS_SHARE = 6, 5  # at most a sixth of the width for the deck, a fifth for tags
CELL_PADDING = 2  # a DataTable cell's padding, one column each side
EDGES = 4  # the screen's padding and the table's scroll bar


def _fit(text: str, width: int) -> Text:
    """`text` (untrusted: never markup) in at most `width` cells, shortened with an ellipsis."""
    shown = plain(text)
    shown.truncate(max(1, width), overflow="ellipsis")
    return shown


def _widest(heading: str, cells: Iterable[str]) -> int:
    return max([cell_len(heading), *(cell_len(cell) for cell in cells)])


class SearchInput(Input):
    """The search box: Enter practises the highlighted row, and the footer says so."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", N_("Practise"))]

    def __init__(self, labels: Labels, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self, labels)


class QuestionTable(RowTable):
    """One row per question, keyed by its id; Enter selects it (DataTable.RowSelected)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]

    def selected_question(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None


class QuestionListScreen(TrainerScreen[None]):
    AUTO_FOCUS = "#list-search"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "practise", N_("Practise")),  # shown: in the table and the search box
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("down", "to_table", N_("To the list"), show=False),
        Binding("ctrl+f", "to_search", N_("Search")),
    ]

    def __init__(self) -> None:
        super().__init__()
        app = self.app
        self.questions = QuestionList.build(app.bank, app.progress.cards(), app.now(), app.lang)
        self.shown: list[ListedQuestion] = list(self.questions.rows)
        self._width = 0

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Vertical(id="list"):
            yield SearchInput(t, placeholder=t("Search by id or title…"), id="list-search")
            with Horizontal(id="list-filters"):
                decks = [(title, deck_id) for deck_id, title in self.questions.decks()]
                yield self._select("list-deck", t("Any deck"), decks)
                tags = [(tag, tag) for tag in self.questions.tags()]
                yield self._select("list-tag", t("Any tag"), tags)
                levels = [(t("Level {level}", level=n), str(n)) for n in self.questions.levels()]
                yield self._select("list-level", t("Any level"), levels)
                states = [(t(STATE_NAMES[state]), state) for state in FILTER_STATES]
                yield self._select("list-state", t("Any state"), states)
            yield Static(id="list-legend")
            yield QuestionTable(id="list-table")
        yield FittingFooter()

    def _select(self, id: str, prompt: str, options: list[tuple[str, str]]) -> Select[str]:
        # the labels come from question files: plain Text, never markup
        shown = [(plain(label), value) for label, value in options]
        return Select(shown, prompt=prompt, id=id)

    def on_mount(self) -> None:
        self.sub_title = self.t("Find a question")

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._draw()

    # --- filtering ------------------------------------------------------------------------------

    def current_filter(self) -> ListFilter:
        level = self._chosen("list-level")
        return ListFilter(
            text=self.query_one("#list-search", Input).value,
            deck=self._chosen("list-deck"),
            tag=self._chosen("list-tag"),
            level=int(level) if level is not None else None,
            state=self._chosen("list-state"),
        )

    def _chosen(self, id: str) -> str | None:
        select = self.query_one(f"#{id}", Select)
        return None if select.is_blank() else str(select.value)

    @on(Input.Changed, "#list-search")
    @on(Select.Changed)
    def _filter(self) -> None:
        self.shown = self.questions.filtered(self.current_filter())
        self._draw()

    # --- drawing --------------------------------------------------------------------------------

    def _headings(self) -> dict[str, str]:
        t = self.t
        return {"title": t("Question"), "deck": t("Deck"), "level": t("Level"), "tags": t("Tags")}

    def _draw(self) -> None:
        table = self.query_one(QuestionTable)
        self._width = width = self.size.width
        selected = table.selected_question()
        heads, shown = self._headings(), self.shown
        deck = min(width // DECK_SHARE, _widest(heads["deck"], (r.deck_title for r in shown)))
        tags = min(width // TAGS_SHARE, _widest(heads["tags"], (", ".join(r.tags) for r in shown)))
        level = cell_len(heads["level"])
        fixed = 2 + deck + tags + level + 5 * CELL_PADDING
        title = max(8, width - EDGES - fixed)
        table.clear(columns=True)
        table.add_column("", key="state", width=2)
        table.add_column(heads["title"], key="title", width=title)
        table.add_column(heads["deck"], key="deck", width=deck)
        table.add_column(heads["level"], key="level", width=level)
        table.add_column(heads["tags"], key="tags", width=tags)
        for row in shown:
            mark, style = MARKS[row.state]
            state = Text(mark, style=style)
            state.append(*DUE_MARK if row.due else (" ",))
            table.add_row(
                state,
                _fit(row.title, title),
                _fit(row.deck_title, deck),
                Text(str(row.level), justify="right"),
                _fit(", ".join(row.tags), tags),
                key=row.question_id,
            )
        ids = [row.question_id for row in self.shown]
        if selected in ids:
            table.move_cursor(row=ids.index(selected), animate=False)
        self._show_legend()

    def _show_legend(self) -> None:
        t = self.t
        legend = Text()
        for state, name in ((MASTERED, MASTERED), (MISSED, MISSED), (SEEN, SEEN)):
            mark, style = MARKS[state]
            label = t(SEEN_NAME) if state == SEEN else t(STATE_NAMES[name])
            legend.append(mark, style=style).append(f" {label}  ")
        legend.append(DUE_MARK[0], style=DUE_MARK[1]).append(f" {t(STATE_NAMES[DUE])}  ")
        count = t(
            "{shown} of {total} questions", shown=len(self.shown), total=len(self.questions.rows)
        )
        legend.append(count, style="dim")
        self.query_one("#list-legend", Static).update(legend)

    # --- moving and starting --------------------------------------------------------------------

    def action_to_table(self) -> None:
        self.query_one(QuestionTable).focus()

    def action_to_search(self) -> None:
        self.query_one("#list-search", Input).focus()

    @on(Input.Submitted, "#list-search")
    def action_practise(self) -> None:
        self._start(self.query_one(QuestionTable).selected_question())

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._start(event.row_key.value)

    def _start(self, question_id: str | None) -> None:
        if question_id:
            ids = sitting_from(self.shown, question_id)
            self.post_message(StartSession(CHOSEN, None, ids))
