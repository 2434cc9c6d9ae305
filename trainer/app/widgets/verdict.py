"""The checker's verdict on the last answer, with its message, coloured by how it went."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from trainer.app.text import headed, plain
from trainer.oracle import CORRECT, INVALID, WRONG_SHAPE, WRONG_VALUE, Verdict
from trainer.practice.i18n import N_, Labels

HEADLINES = {
    CORRECT: N_("✓ Correct."),
    WRONG_SHAPE: N_("✗ Wrong shape."),
    WRONG_VALUE: N_("✗ Wrong value."),
    INVALID: N_("Cannot check this answer:"),
}
STYLES = {CORRECT: "-correct", WRONG_SHAPE: "-wrong", WRONG_VALUE: "-wrong", INVALID: "-invalid"}


VERDICT_SHARE = 4
"""The verdict takes at most a quarter of the terminal's height (and at least `VERDICT_LINES`
lines); a longer message scrolls there, so the question above keeps its room."""
VERDICT_LINES = 3


class VerdictScroll(VerticalScroll):
    """Where the verdict is drawn: its whole text, scrolled (mouse wheel, or Tab to it and the
    arrows) when it is longer than its share of a small terminal."""

    DEFAULT_CSS = """
    VerdictScroll { height: auto; }
    """

    def fit(self, terminal_height: int) -> None:
        """Cap the height for a terminal `terminal_height` lines tall. An absolute number:
        Textual does not count a `vh` cap of a child when it sizes an auto-height parent."""
        self.styles.max_height = max(VERDICT_LINES, terminal_height // VERDICT_SHARE)

    def allow_focus(self) -> bool:
        """Tab reaches it only when there is more of the verdict to scroll to."""
        return self.max_scroll_y > 0


class VerdictView(Static):
    DEFAULT_CSS = """
    VerdictView { height: auto; }
    VerdictView.-correct { color: $text-success; }
    VerdictView.-wrong { color: $text-error; }
    VerdictView.-invalid { color: $text-warning; }
    VerdictView.-waiting { color: $text-muted; }
    VerdictView.-earlier { color: $text-muted; }
    """

    def __init__(self, labels: Labels, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.labels = labels

    def _style(self, name: str | None) -> None:
        for style in ("-correct", "-wrong", "-invalid", "-waiting", "-earlier"):
            self.set_class(style == name, style)

    def show_verdict(self, verdict: Verdict, extra: str = "") -> None:
        text = verdict_text(verdict, self.labels)
        if extra:
            text.append_text(plain("\n" + extra, "not bold"))
        self._style(STYLES[verdict.verdict])
        self.update(text)

    def show_text(self, text: str | Text, style: str | None = None) -> None:
        """A message of the app's own, or (as Text) one built from a file's text."""
        self._style(style)
        self.update(plain(text) if isinstance(text, str) else text)

    def clear(self) -> None:
        self._style(None)
        self.update("")


def verdict_text(verdict: Verdict, labels: Labels) -> Text:
    """The headline, and after it (unless correct) the checker's message."""
    headline = labels(HEADLINES[verdict.verdict])
    if verdict.correct:
        return Text(headline, style="bold")
    return headed(headline, verdict.message_text(labels.lang), labels, "not bold")
