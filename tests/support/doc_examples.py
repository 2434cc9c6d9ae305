"""Reading the examples out of the project's Markdown pages, for the tests that run them."""

from __future__ import annotations

import re

CONSOLE = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def console_sessions(text: str) -> list[list[tuple[str, str]]]:
    """Each ```console block of a page as (command, what it prints) pairs, in order."""
    sessions = []
    for body in CONSOLE.findall(text):
        pairs: list[tuple[str, str]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                pairs.append((line[2:], ""))
            elif pairs:
                command, shown = pairs[-1]
                pairs[-1] = (command, shown + line + "\n")
        sessions.append(pairs)
    return sessions
