"""The command palette's own commands: the home screen's choices, and the keys a narrow
terminal's footer has no room for (still bound, offered here so they can be found)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from textual.app import SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen

from trainer.practice.home_summary import HomeSummary
from trainer.practice.i18n import Labels
from trainer.practice.session import DECK, DUE, MIXED


class PaletteHost(Protocol):
    """What the commands need of the app (named so, not imported: the app imports this)."""

    labels: Labels
    summary: HomeSummary

    def action_start(self, mode: str, deck_id: str | None = None) -> None: ...
    def action_question_list(self) -> None: ...
    def action_statistics(self) -> None: ...
    def action_help(self) -> None: ...
    def get_key_display(self, binding: Binding) -> str: ...
    def call_later(self, _callback: Callable[..., Any], /, *args: Any) -> bool: ...


def palette_commands(app: PaletteHost, screen: Screen[object]) -> Iterable[SystemCommand]:
    t = app.labels
    for deck in app.summary.decks:  # the bank's decks once it is read
        title = escape(deck.title or deck.deck_id)  # the palette reads markup
        yield SystemCommand(
            t("Practise: {deck}", deck=title),
            t("Start a session on this deck"),
            lambda deck_id=deck.deck_id: app.action_start(DECK, deck_id),
        )
    yield SystemCommand(
        t("Review what is due"),
        t("Every question due today, across all decks"),
        lambda: app.action_start(DUE),
    )
    yield SystemCommand(
        t("Mixed practice"),
        t("Due and new questions from every deck"),
        lambda: app.action_start(MIXED),
    )
    yield SystemCommand(
        t("Find a question"),
        t("Every question, searched and filtered by deck, tag, level and state"),
        app.action_question_list,
    )
    yield SystemCommand(
        t("Statistics"), t("Attempts, mastery and accuracy per deck"), app.action_statistics
    )
    yield SystemCommand(t("Help"), t("Keys and the answer notation"), app.action_help)
    yield from keys_off_the_footer(app, screen)


def keys_off_the_footer(app: PaletteHost, screen: Screen[object]) -> Iterable[SystemCommand]:
    """The keys a narrow terminal's footer has no room for, offered in the palette."""
    from trainer.app.widgets.footer import hidden_keys

    for node, binding in hidden_keys(screen):
        key = escape(app.get_key_display(binding))
        yield SystemCommand(
            f"{escape(binding.description)} ({key})",
            app.labels("A key of this screen"),
            lambda node=node, action=binding.action: app.call_later(node.run_action, action),
        )
