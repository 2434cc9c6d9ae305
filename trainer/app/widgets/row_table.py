"""A table the learner moves through by rows: Home and End go to the first and the last row.

Textual's DataTable binds Home and End to its first and last column, which a table with a row
cursor never uses; here they are the keys a learner tries first (ctrl+Home and ctrl+End still
work as in any DataTable).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from trainer.practice.i18n import N_


class RowTable(DataTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", N_("First row"), show=False),
        Binding("end", "scroll_bottom", N_("Last row"), show=False),
    ]
