"""Helpers of the UI tests: the test bank, a clock that stands still, waiting and typing."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import WorkerCancelled, WorkerFailed

from trainer.app.app import TrainerApp
from trainer.app.screens.question import CHECKING, QuestionScreen

QUESTIONS = Path(__file__).resolve().parents[1] / "app" / "questions"
VALID = QUESTIONS / "valid"
BROKEN = QUESTIONS / "broken"
LAYOUT = QUESTIONS / "layout"
START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
SIZE = (120, 40)


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Let the app run until `condition` holds: wait for the workers' engine work (threads),
    then for the messages they posted to be handled; never a fixed pause. Bounded by
    `timeout`, so a worker that never finishes fails the test instead of hanging it."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise AssertionError("timed out waiting for the app")
        if any(worker.is_running for worker in app.workers):
            with contextlib.suppress(TimeoutError, WorkerCancelled, WorkerFailed):
                await asyncio.wait_for(app.workers.wait_for_complete(), remaining)
        await pilot.pause()
    await pilot.pause()


async def ready(pilot: Pilot) -> None:
    """Wait until torch is loaded and the bank is checked (the home screen's final state)."""
    app = pilot.app
    assert isinstance(app, TrainerApp)
    await wait_until(pilot, lambda: app.engine.torch_ready.is_set() and app.validated)


async def first_question(pilot: Pilot) -> QuestionScreen:
    """From a ready home screen, Enter on the first deck: its first question, once shown."""
    await ready(pilot)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, QuestionScreen))
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


async def next_question(pilot: Pilot, question_id: str) -> QuestionScreen:
    """Move on from a finished question and wait for the question `question_id`."""
    await pilot.press("space")
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, QuestionScreen)
            and pilot.app.screen.question.id == question_id
        ),
    )
    return pilot.app.screen


def text_of(widget: Widget) -> str:
    """What a Static-like widget shows, as plain text (Rich tables rendered without colour)."""
    rendered = widget.render()
    if hasattr(rendered, "plain"):
        return str(rendered.plain)
    renderable = getattr(rendered, "_renderable", rendered)  # Textual wraps Rich renderables
    console = Console(width=max(widget.size.width, 40), file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()


async def type_answer(pilot: Pilot, text: str, submit: bool = True) -> None:
    """Type into the answer box as a learner would (one key per character)."""
    await pilot.press(*[KEYS.get(c, c) for c in text])
    if submit:
        await pilot.press("enter")


KEYS = {
    " ": "space",
    "(": "left_parenthesis",
    ")": "right_parenthesis",
    ",": "comma",
    "*": "asterisk",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
    "@": "at",
    ".": "full_stop",
    "+": "plus",
    "-": "minus",
    "/": "slash",
    "?": "question_mark",
}


async def answer(pilot, text: str) -> QuestionScreen:
    """Type and submit an answer, then wait for the checker's verdict."""
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    await type_answer(pilot, text)
    await wait_until(pilot, lambda: screen.state != CHECKING)
    return screen


# --- what the terminal shows (the layout tests at 80x24 and 120x40) -------------------------


def screen_text(app: App[object]) -> str:
    """What the terminal shows, as plain text, one line per row."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def assert_fits(app: App[object]) -> list[str]:
    """The screen's rows, checked to be exactly the terminal's size (nothing drawn past it)."""
    width, height = app.size
    lines = screen_text(app).splitlines()
    assert len(lines) == height, f"{len(lines)} rows on a terminal of {height}"
    assert all(cell_len(line) <= width for line in lines)
    return lines


def assert_shown(app: App[object], *texts: str) -> None:
    """Each of `texts` is on screen now (whole, on one row)."""
    shown = screen_text(app)
    for text in texts:
        assert text in shown, f"{text!r} is not on screen:\n{shown}"


async def assert_reached_by(pilot: Pilot, key: str, text: str, presses: int = 20) -> None:
    """`text` comes into view after at most `presses` presses of `key` (PgUp, PgDn...)."""
    for _ in range(presses):
        if text in screen_text(pilot.app):
            return
        await pilot.press(key)
    assert_shown(pilot.app, text)


def footer_line(app: App[object]) -> str:
    return screen_text(app).splitlines()[-1]


async def assert_reachable(pilot: Pilot, scroll: Widget, *texts: str) -> None:
    """`texts` (the last lines of what `scroll` holds) come into view when it is scrolled to
    its end, as a learner would with End, PgDn or the mouse wheel."""
    scroll.scroll_end(animate=False, immediate=True)
    await pilot.pause()
    assert_shown(pilot.app, *texts)


async def finish_a_session(pilot: Pilot) -> None:
    """On the basics deck: one question right after a wrong try, one revealed, one skipped
    after a wrong try (a skip with no wrong answer would be no miss); then, as the first lapse
    comes back, the session's summary, once shown."""
    from trainer.app.screens.summary import SummaryScreen

    await first_question(pilot)
    await answer(pilot, "(n,)")
    await answer(pilot, "x")
    await answer(pilot, "a")
    await pilot.press("space")
    await wait_until(pilot, lambda: pilot.app.screen.question.id == "t-bias")
    await pilot.press("ctrl+r", "ctrl+r", "space")
    await wait_until(pilot, lambda: pilot.app.screen.question.id == "t-linear")
    await answer(pilot, "(n, m)")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: getattr(pilot.app.screen, "returning", False))
    await pilot.press("escape")  # the lapses are back: leave them for the summary
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen))
