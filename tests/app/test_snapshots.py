"""Snapshots of the screens where the picture matters (pytest-textual-snapshot; the SVGs are
committed under __snapshots__). Deterministic: seed 0, a fixed size, a clock that stands
still, no cursor blink, and torch loaded and the bank checked before each picture."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from ui_helpers import (
    SIZE,
    answer,
    finish_a_session,
    first_question,
    ready,
    type_answer,
    wait_until,
)

from trainer.app.app import TrainerApp

Make = Callable[..., TrainerApp]


def test_home(snap_compare, make: Make) -> None:
    assert snap_compare(make(), terminal_size=SIZE, run_before=ready)


def test_question_with_a_preview(snap_compare, make: Make) -> None:
    async def run_before(pilot: Pilot) -> None:
        await first_question(pilot)
        await answer(pilot, "(n,)")
        await type_answer(pilot, "outer(a, x", submit=False)  # the caret under the "("

    assert snap_compare(make(), terminal_size=SIZE, run_before=run_before)


def test_a_wrong_verdict(snap_compare, make: Make) -> None:
    async def run_before(pilot: Pilot) -> None:
        await first_question(pilot)
        await answer(pilot, "(n,)")
        await answer(pilot, "x")

    assert snap_compare(make(), terminal_size=SIZE, run_before=run_before)


def test_the_graph_view(snap_compare, make: Make) -> None:
    async def graph(pilot: Pilot) -> None:
        await first_question(pilot)
        await answer(pilot, "(n,)")
        await answer(pilot, "a")
        await pilot.press("ctrl+g")
        await wait_until(
            pilot, lambda: bool(pilot.app.screen.query_one("#graph-tree").root.children)
        )

    assert snap_compare(make(), terminal_size=SIZE, run_before=graph)


def test_the_summary(snap_compare, make: Make) -> None:
    assert snap_compare(make(), terminal_size=SIZE, run_before=finish_a_session)


def test_a_half_done_walkthrough(snap_compare, make: Make) -> None:
    from ui_helpers import VALID

    from trainer.app.screens.walkthrough import WalkthroughScreen

    async def run_before(pilot: Pilot) -> None:
        await first_question(pilot)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, WalkthroughScreen))
        walk = pilot.app.screen
        await type_answer(pilot, "g")
        await wait_until(pilot, lambda: walk.index == 1)
        await type_answer(pilot, "dh * z")
        await wait_until(pilot, lambda: not walk.checking)
        await type_answer(pilot, "dh * step(z", submit=False)

    app = make(question_paths=[VALID.parent / "walk"])
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
