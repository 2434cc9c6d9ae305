"""The footer that fits its terminal: the keys that do not fit are left to the palette and help.

Textual's footer draws every shown key in one line and cuts the line at the terminal's edge,
so on 80 columns the last keys (help, quit, leaving a question) were lost. This footer keeps
the keys to leave and to get help, and Enter, whatever the width; the others in their order
while they fit; compact spacing below `COMPACT_BELOW` columns. What it leaves out is still
bound, is listed by the help screen, and is offered by the command palette (`hidden_keys`).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

COMPACT_BELOW = 100
"""Terminal width (columns) under which the footer's keys are drawn closer together."""

KEPT_KEYS = frozenset({"escape", "q", "question_mark", "enter"})
"""Keys the footer always shows: leaving, help, and the main key of a screen."""

PALETTE_WIDTH = 14
"""Columns of the palette key at the right ("▏^p palette", a little more in Chinese)."""


def _shown(screen: Screen[object]) -> list[tuple[DOMNode, Binding]]:
    """The bindings the footer would show with room for all, one per action, in its order."""
    seen: set[str] = set()
    shown = []
    for node, binding, _enabled, _tooltip in screen.active_bindings.values():
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            shown.append((node, binding))
    return shown


def _key_width(screen: Screen[object], binding: Binding, compact: bool) -> int:
    from rich.cells import cell_len

    key = cell_len(screen.app.get_key_display(binding))
    text = cell_len(binding.description)
    return key + text + 2 if compact else key + text + 3


def fitting(screen: Screen[object], width: int) -> list[tuple[DOMNode, Binding]]:
    """The bindings a footer `width` columns wide shows: the kept keys first claim their room,
    then the others in order while they fit; the order on screen stays the bindings' order."""
    compact = width < COMPACT_BELOW
    shown = _shown(screen)
    room = width - PALETTE_WIDTH
    room -= sum(_key_width(screen, b, compact) for _, b in shown if b.key in KEPT_KEYS)
    chosen: set[str] = set()
    for _, binding in shown:
        if binding.key in KEPT_KEYS:
            chosen.add(binding.action)
            continue
        cost = _key_width(screen, binding, compact)
        if cost <= room:
            room -= cost
            chosen.add(binding.action)
        else:
            room = -1  # keep the order: once one key is left out, so are those after it
    return [(node, binding) for node, binding in shown if binding.action in chosen]


def hidden_keys(screen: Screen[object]) -> list[tuple[DOMNode, Binding]]:
    """The shown bindings of `screen` that its footer has no room for."""
    kept = {binding.action for _, binding in fitting(screen, screen.app.size.width)}
    return [(node, binding) for node, binding in _shown(screen) if binding.action not in kept]


class FittingFooter(Footer):
    """Textual's footer, with only the keys that fit the terminal's width."""

    def __init__(self) -> None:
        super().__init__()
        self._width = 0

    def compose(self) -> ComposeResult:
        width = self.app.size.width
        self._width = width
        self.compact = width < COMPACT_BELOW
        kept = {binding.action for _, binding in fitting(self.screen, width)}
        for widget in super().compose():
            if not _dropped(widget, kept):
                yield widget

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._width and self._bindings_ready:
            self.call_after_refresh(self.recompose)


def _dropped(widget: Widget, kept: set[str]) -> bool:
    palette = widget.has_class("-command-palette")
    return isinstance(widget, FooterKey) and not palette and widget.action not in kept
