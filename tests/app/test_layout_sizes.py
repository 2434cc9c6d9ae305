"""At 80x24 and 120x40 what a screen needs stays on screen: the home table's due numbers, and
the footer's keys to leave and to get help (the others go to the palette and the help)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.console import Console
from ui_helpers import first_question, wait_until

from trainer.app.app import TrainerApp

Make = Callable[..., TrainerApp]
SIZES = [(80, 24), (120, 40)]


def screen_text(app: TrainerApp) -> str:
    """What the terminal shows, as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_home_screen_of_the_bundled_bank_fits(make: Make, size: tuple[int, int]) -> None:
    app = make(question_paths=None)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: "Due today" in screen_text(app))
        lines = screen_text(app).splitlines()
        assert len(lines) == size[1] and all(len(line) <= size[0] for line in lines)
        assert "q Quit" in lines[-1] and "? Help" in lines[-1]
        assert any("Embeddings" in line for line in lines)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_question_footer_keeps_leaving_and_help(
    make: Make, size: tuple[int, int]
) -> None:
    app = make()
    async with app.run_test(size=size) as pilot:
        await first_question(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "esc End session" in footer and "? Help" in footer
