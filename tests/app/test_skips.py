"""Pilot: a skip with no wrong answer is neither right nor wrong, on every screen that counts."""

from __future__ import annotations

from collections.abc import Callable

from ui_helpers import SIZE, answer, first_question, text_of, wait_until

from trainer.app.app import TrainerApp
from trainer.app.screens.home import HomeScreen
from trainer.app.screens.question import QuestionScreen
from trainer.app.screens.statistics import StatisticsScreen
from trainer.app.screens.summary import SummaryScreen

Make = Callable[..., TrainerApp]


async def skip_to(pilot, question_id: str) -> None:
    await pilot.press("ctrl+s")
    await wait_until(
        pilot,
        lambda: (
            (
                isinstance(pilot.app.screen, QuestionScreen)
                and pilot.app.screen.question.id == question_id
            )
            or isinstance(pilot.app.screen, SummaryScreen)
        ),
    )


async def test_a_skip_is_not_a_miss_anywhere(make: Make) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        assert screen.question.id == "t-dot"
        await skip_to(pilot, "t-bias")
        await answer(pilot, "(m,)")
        await answer(pilot, "ones(m)")  # right first time
        await pilot.press("space")
        await wait_until(pilot, lambda: app.screen.question.id == "t-linear")
        await skip_to(pilot, "")  # the last one: on to the summary
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen.summary
        assert summary.counts["skipped"] == 2 and summary.missed == []
        assert summary.tag_accuracy == {"linear": (1, 1)}  # t-dot's tag is not 0/1
        assert "Nothing missed." in text_of(app.screen.query_one("#summary-missed"))
        tags = text_of(app.screen.query_one("#summary-tags"))
        assert "linear" in tags and "dot" not in tags and " 0%" not in tags
        await pilot.press("r")  # nothing to practise again: the summary stays
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)

        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, StatisticsScreen))
        assert "No question missed yet." in text_of(app.screen.query_one("#statistics-missed"))
        assert app.progress.tag_accuracy(app.bank.questions()) == {"linear": (1, 1)}
