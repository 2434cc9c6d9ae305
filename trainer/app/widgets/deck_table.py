"""The home screen's list of decks: title, questions, a bar of questions mastered, due today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from trainer.app.bindings import translate_bindings
from trainer.app.text import plain
from trainer.practice.i18n import N_, Labels
from trainer.practice.progress import DeckCounts

BAR_WIDTH = 12


@dataclass(frozen=True)
class DeckRow:
    deck_id: str
    title: str
    counts: DeckCounts


def mastery_bar(done: int, total: int, width: int = BAR_WIDTH) -> Text:
    """A text progress bar: drawn with characters, so it never animates (stable snapshots)."""
    filled = round(width * done / total) if total else 0
    bar = Text("█" * filled, style="green")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {done}/{total}")
    return bar


class DeckTable(DataTable):
    """One row per deck; Enter selects it (DataTable.RowSelected, keyed by deck id)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", N_("Start deck")),  # shown: it is the main key here
    ]

    DEFAULT_CSS = """
    DeckTable { height: auto; max-height: 100%; }
    """

    def __init__(self, labels: Labels, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.labels = labels
        translate_bindings(self, labels)

    def _add_columns(self) -> None:
        """Columns come first, whoever draws first: this widget's mount or the screen's."""
        if self.columns:
            return
        t = self.labels
        self.add_column(t("Deck"), key="deck")
        self.add_column(t("Questions"), key="questions")
        self.add_column(t("Mastered"), key="mastered")
        self.add_column(t("Due today"), key="due")

    def show_decks(self, rows: Sequence[DeckRow]) -> None:
        """Replace the rows, keeping the cursor on the same deck where it still exists."""
        self._add_columns()
        selected = self.selected_deck()
        self.clear()
        for row in rows:
            counts = row.counts
            due = Text(str(counts.due), style="bold yellow" if counts.due else "dim")
            self.add_row(
                plain(row.title),  # a str cell would be read as markup
                Text(str(counts.questions), justify="right"),
                mastery_bar(counts.mastered, counts.questions),
                due,
                key=row.deck_id,
            )
        ids = [row.deck_id for row in rows]
        if selected in ids:
            self.move_cursor(row=ids.index(selected), animate=False)

    def selected_deck(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None
