"""Pilot: a missed question comes back in the same session, rated once; the home screen says
when the next review is, and "review due" with nothing due offers what to practise next."""

from __future__ import annotations

from collections.abc import Callable

from ui_helpers import (
    SIZE,
    FakeClock,
    answer,
    first_question,
    next_question,
    ready,
    text_of,
    wait_until,
)

from trainer.app.app import TrainerApp
from trainer.app.screens.home import HomeScreen
from trainer.app.screens.question import DONE, QuestionScreen
from trainer.app.screens.summary import SummaryScreen

Make = Callable[..., TrainerApp]


async def test_a_miss_comes_back_in_the_same_session_and_is_rated_once(make: Make) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        assert screen.question.id == "t-dot" and screen.sub_title == "Question 1 of 3"
        assert not screen.query("#question-returning")
        await answer(pilot, "(n,)")
        await answer(pilot, "x")  # wrong: a lapse
        await answer(pilot, "a")
        assert "Press any key for the next question." in text_of(screen.query_one("#verdict"))
        screen = await next_question(pilot, "t-bias")
        assert screen.sub_title == "Question 2 of 4"  # t-dot is queued to come back
        await answer(pilot, "(m,)")
        await answer(pilot, "ones(m)")
        screen = await next_question(pilot, "t-linear")
        await answer(pilot, "(m, n)")
        await answer(pilot, "outer(ones(m), x)")
        screen = await next_question(pilot, "t-dot")  # back, minutes later, not tomorrow
        assert screen.sub_title == "Question 4 of 4"
        assert "Back again: you missed this one earlier in the session." in text_of(
            screen.query_one("#question-returning")
        )
        await answer(pilot, "(n,)")
        await answer(pilot, "a")
        assert screen.state == DONE
        assert "Press any key for the summary." in text_of(screen.query_one("#verdict"))
        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        summary = app.screen.summary
        assert summary.total == 3 and summary.missed == ["t-dot"]
        assert (summary.came_back, summary.came_back_right) == (1, 1)
        numbers = text_of(app.screen.query_one("#summary-numbers"))
        assert "Came back after a miss, right first time" in numbers and "1/1" in numbers
        reviews = [(r.question_id, r.outcome, r.rating) for r in app.progress.store.reviews()]
        assert reviews == [
            ("t-dot", "after_help", 2),  # Hard: right after a wrong try
            ("t-bias", "first_try", 3),
            ("t-linear", "first_try", 3),
            ("t-dot", "first_try", None),  # its return is not a second rating
        ]


async def test_a_revealed_last_question_comes_back_before_the_summary(make: Make) -> None:
    app = make(decks=["extra"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        assert screen.question.id == "t-sum"
        await pilot.press("ctrl+r", "ctrl+r")
        screen = await next_question(pilot, "t-choice")
        await answer(pilot, "2")
        assert "Press any key for the next question." in text_of(screen.query_one("#verdict"))
        screen = await next_question(pilot, "t-sum")
        assert screen.query("#question-returning")


async def test_home_gives_the_next_review_and_what_to_practise_next(
    make: Make, clock: FakeClock
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        line = text_of(app.screen.query_one("#home-outlook"))
        assert "no review is scheduled yet" in line and "Press d" in line
        await first_question(pilot)
        await answer(pilot, "(n,)")
        await answer(pilot, "x")
        await answer(pilot, "a")  # t-dot: Hard, due tomorrow
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        line = text_of(app.screen.query_one("#home-outlook"))
        assert "Nothing is due today. Next review tomorrow: 1 question(s)." in line
        assert "Press d for what to practise next." in line and "dot (0/1)" in line

        await pilot.press("d")  # nothing is due: the weakest tags first, not a dead end
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert app.session is not None and app.session.mode == "next"
        assert app.session.questions[0].id == "t-dot"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))

    clock.advance(days=1)
    again = make()
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        line = text_of(again.screen.query_one("#home-outlook"))
        assert "Due today: 1 question(s). Press d to review them." in line
