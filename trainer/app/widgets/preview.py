"""The line under the answer box: how the answer is read, or where it cannot be read.

Uses the engine's preview, which needs no torch, so it updates on every keystroke on the UI
thread. The typed text is shown as text, never read as markup.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Input, Static

from trainer.app.text import plain
from trainer.oracle import Preview
from trainer.practice.i18n import Labels


class AnswerPreview(Static):
    """`read as … — shape (m, n)`, or a caret under the bad column and the parse error."""

    DEFAULT_CSS = """
    AnswerPreview { height: auto; min-height: 1; color: $text-muted; }
    AnswerPreview.-error { color: $text-warning; }
    """

    def __init__(self, labels: Labels, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.labels = labels

    def show_for(self, preview: Preview | None, answer: Input, kind: str) -> None:
        """Show `preview` of what `answer` holds, the caret aligned with its text."""
        offset = answer.styles.gutter.left - int(answer.scroll_offset.x)
        self.show(preview, answer.value, kind, offset)

    def show(self, preview: Preview | None, typed: str, kind: str, offset: int = 0) -> None:
        """`offset` is where the answer's first character sits, in cells from our left edge."""
        t = self.labels
        if preview is None or not typed.strip():
            self.set_class(False, "-error")
            self.update("")
            return
        if preview.error is not None:
            self.set_class(True, "-error")
            text = Text()
            if preview.column is not None:
                caret = offset + cell_len(typed[: max(0, preview.column - 1)])
                text.append(" " * caret + "^ ", style="bold")
            text.append_text(plain(preview.error.text(self.labels.lang)))
            self.update(text)
            return
        self.set_class(False, "-error")
        if kind == "shape":
            self.update(plain(t("read as {shape}", shape=preview.shape)))
        else:
            self.update(
                plain(t("read as {text} — shape {shape}", text=preview.text, shape=preview.shape))
            )
