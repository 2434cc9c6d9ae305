"""The commands typed at a plain prompt: the one table of them. A command is one entry: its
name, what `:help` says of it, and what it asks of the prompt it was typed at. The names are
the same in every language; what they print is in the chosen one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from trainer.practice.i18n import N_


class Next(Enum):
    """Where the session goes after a reply."""

    ASK = "ask"  # the same prompt again
    DONE = "done"  # this question (or walkthrough) is over
    BACK = "back"  # out of the walkthrough, back to its question
    QUIT = "quit"  # the session ends


class Prompt(Protocol):
    """What a command acts on: the question being asked, or a walkthrough step."""

    def hint(self) -> Next: ...
    def reveal(self) -> Next: ...
    def numbers(self) -> Next: ...
    def walk(self) -> Next: ...
    def skip(self) -> Next: ...
    def skills(self) -> Next: ...
    def help(self) -> Next: ...
    def quit(self) -> Next: ...


@dataclass(frozen=True)
class Command:
    name: str
    about: str  # a label, translated when shown
    run: Callable[[Prompt], Next]


COMMANDS: tuple[Command, ...] = (
    Command(":hint", N_("a hint: for the question, or for the step"), lambda p: p.hint()),
    Command(":reveal", N_("show the answer (or the step's) and move on"), lambda p: p.reveal()),
    Command(":numbers", N_("a small instance in numbers"), lambda p: p.numbers()),
    Command(":walk", N_("walk backward through the graph, one node at a time"), lambda p: p.walk()),
    Command(
        ":skip",
        N_("move on without answering (in a walkthrough: back to the question)"),
        lambda p: p.skip(),
    ),
    Command(":skills", N_("how often you were right, by tag"), lambda p: p.skills()),
    Command(":help", N_("these commands"), lambda p: p.help()),
    Command(":quit", N_("end the session (your progress is kept)"), lambda p: p.quit()),
)


def find_command(reply: str) -> Command | None:
    """The command a reply names (`:hint`, `:HINT `); None when the reply is an answer."""
    word = reply.strip().lower()
    return next((command for command in COMMANDS if command.name == word), None)


def is_command(reply: str) -> bool:
    """A reply that starts with `:` is meant as a command (no answer starts with one)."""
    return reply.lstrip().startswith(":")
