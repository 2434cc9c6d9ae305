"""The home screen's list of decks: title, questions, a bar of questions mastered, due today.

The table fits its width: on a narrow terminal it first gives up the column of question
counts (the mastery bar ends with them, "3/12"), then shortens the longest titles with an
ellipsis, so the due numbers are never cut off at the right edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType

from trainer.app.bindings import translate_bindings
from trainer.app.text import plain
from trainer.app.widgets.row_table import RowTable
from trainer.practice.i18n import N_, Labels
from trainer.practice.progress import DeckCounts

BAR_WIDTH = 12
CELL_PADDING = 2  # a DataTable cell's padding, one column each side


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


class DeckTable(RowTable):
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
        self._rows: list[DeckRow] = []
        self._fitted: tuple[int, bool, int] | None = None  # (width, with counts, title width)

    def _headings(self) -> dict[str, str]:
        t = self.labels
        return {
            "deck": t("Deck"),
            "questions": t("Questions"),
            "mastered": t("Mastered"),
            "due": t("Due today"),
        }

    def _fit(self, width: int) -> dict[str, int]:
        """The width of each column shown on a table `width` cells wide: the question counts
        only when there is room, the title what is left. Every width is given to the table,
        none left to its own measuring: measured late (a busy start), the bar's column once
        came out as wide as its heading, its numbers cut off."""
        heads = self._headings()
        bar = BAR_WIDTH + 1 + max((len(_fraction(r)) for r in self._rows), default=3)
        widths = {
            "questions": max(
                [cell_len(heads["questions"]), *(len(str(r.counts.questions)) for r in self._rows)]
            ),
            "mastered": max(cell_len(heads["mastered"]), bar),
            "due": max([cell_len(heads["due"]), *(len(str(r.counts.due)) for r in self._rows)]),
        }
        title = max([cell_len(heads["deck"]), *(cell_len(r.title) for r in self._rows)])
        fixed = widths["mastered"] + widths["due"] + 3 * CELL_PADDING + 1
        if width <= 0 or width - fixed - widths["questions"] - CELL_PADDING >= title:
            return {"deck": title, **widths}
        del widths["questions"]
        return {"deck": max(1, min(title, width - fixed)), **widths}

    def show_decks(self, rows: Sequence[DeckRow]) -> None:
        """Replace the rows, keeping the cursor on the same deck where it still exists."""
        self._rows = list(rows)
        self._draw(self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if self._rows and self._fitted is not None and self._fitted[0] != event.size.width:
            self._draw(event.size.width)

    def _draw(self, width: int) -> None:
        widths = self._fit(width)
        with_counts = "questions" in widths
        self._fitted = (width, with_counts, widths["deck"])
        selected = self.selected_deck()
        self.clear(columns=True)
        heads = self._headings()
        for key, column_width in widths.items():
            self.add_column(heads[key], key=key, width=column_width)
        for row in self._rows:
            counts = row.counts
            due = Text(str(counts.due), style="bold yellow" if counts.due else "dim")
            title = plain(row.title)  # a str cell would be read as markup
            cells: list[Text] = [title]
            if with_counts:
                cells.append(Text(str(counts.questions), justify="right"))
            cells += [mastery_bar(counts.mastered, counts.questions), due]
            self.add_row(*cells, key=row.deck_id)
        self.styles.max_height = len(self._rows) + 1  # its rows and the heading, no more
        ids = [row.deck_id for row in self._rows]
        if selected in ids:
            self.move_cursor(row=ids.index(selected), animate=False)

    def selected_deck(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None


def _fraction(row: DeckRow) -> str:
    return f"{row.counts.mastered}/{row.counts.questions}"
