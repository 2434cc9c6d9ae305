"""Text from files and learners on screen: always `rich.text.Text`, never markup.

A title of `[@click=app.quit]…` or `[/]` is shown as the characters it is, and control
characters (an ESC from a file) as escapes, so no file can run an action or garble the terminal.
"""

from __future__ import annotations

from rich.text import Text

from trainer.escaping import printable
from trainer.practice.i18n import Labels


def plain(text: str, style: str = "") -> Text:
    """`text` as literal, styled Text (newlines kept, control characters escaped)."""
    return Text(printable(text, keep_newlines=True), style=style)


def headed(head: str, body: str, labels: Labels, body_style: str = "") -> Text:
    """A bold `head` ("Hint:", "✗ Wrong value.") then `body`, spaced as the language spaces them."""
    return Text(head, style="bold") + plain(labels.gap(head, body) + body, body_style)
