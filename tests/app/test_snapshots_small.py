"""Every screen once at 80x24, the smallest terminal the app is made for (pytest-textual-
snapshot; the SVGs under __snapshots__). What must be in view is asserted by the layout tests;
these pictures show how it looks: the long texts and the 12×12 instance of
tests/app/questions/layout, the walkthrough with a wrong step's diagnosis."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from ui_helpers import (
    LAYOUT,
    VALID,
    answer,
    finish_a_session,
    first_question,
    ready,
    text_of,
    type_answer,
    wait_until,
)

from trainer.app.app import TrainerApp
from trainer.app.screens.help import HelpScreen
from trainer.app.screens.instance import InstanceScreen
from trainer.app.screens.statistics import StatisticsScreen
from trainer.app.screens.walkthrough import WalkthroughScreen

Make = Callable[..., TrainerApp]
SMALL = (80, 24)


def test_home_at_80x24(snap_compare, make: Make) -> None:
    assert snap_compare(make(), terminal_size=SMALL, run_before=ready)


def test_help_at_80x24(snap_compare, make: Make) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(make(), terminal_size=SMALL, run_before=run_before)


def test_a_long_diagnosis_at_80x24(snap_compare, make: Make) -> None:
    async def run_before(pilot: Pilot) -> None:
        await first_question(pilot)
        await answer(pilot, "(m, n)")
        await answer(pilot, "outer(x, ones(m))")

    app = make(question_paths=[LAYOUT / "long.yaml"])
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_a_wrong_step_at_80x24(snap_compare, make: Make) -> None:
    async def run_before(pilot: Pilot) -> None:
        await first_question(pilot)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, WalkthroughScreen))
        walk = pilot.app.screen
        await type_answer(pilot, "g")
        await wait_until(pilot, lambda: walk.index == 1)
        await type_answer(pilot, "dh * z")
        await wait_until(pilot, lambda: not walk.checking)

    app = make(question_paths=[VALID.parent / "walk"])
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_a_12x12_instance_at_80x24(snap_compare, make: Make) -> None:
    async def run_before(pilot: Pilot) -> None:
        await first_question(pilot)
        await answer(pilot, "(n, n)")
        await answer(pilot, "outer(x, y)")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, InstanceScreen))
        body = pilot.app.screen.query_one("#instance-body")
        await wait_until(pilot, lambda: "columns" in text_of(body))

    app = make(question_paths=[LAYOUT / "square.yaml"])
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_the_graph_at_80x24(snap_compare, make: Make) -> None:
    async def run_before(pilot: Pilot) -> None:
        await first_question(pilot)
        await pilot.press("ctrl+g")
        await wait_until(
            pilot, lambda: bool(pilot.app.screen.query_one("#graph-tree").root.children)
        )

    app = make(question_paths=[LAYOUT / "wide.yaml"])
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_the_summary_at_80x24(snap_compare, make: Make) -> None:
    assert snap_compare(make(), terminal_size=SMALL, run_before=finish_a_session)


def test_statistics_at_80x24(snap_compare, make: Make) -> None:
    async def run_before(pilot: Pilot) -> None:
        await finish_a_session(pilot)
        await pilot.press("enter", "s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, StatisticsScreen))

    assert snap_compare(make(), terminal_size=SMALL, run_before=run_before)


def test_the_command_palette_at_80x24(snap_compare, make: Make) -> None:
    async def run_before(pilot: Pilot) -> None:
        from textual.widgets import OptionList

        await ready(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: bool(pilot.app.screen.query(OptionList)))
        options = pilot.app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: options.option_count > 0)

    assert snap_compare(make(), terminal_size=SMALL, run_before=run_before)
