"""Pilot: after the app is cut short (closed without its exit path, as a kill leaves it), the
next start goes on with the session where the learner was, a half-done walkthrough included."""

from __future__ import annotations

from collections.abc import Callable

from ui_helpers import SIZE, VALID, answer, first_question, ready, text_of, type_answer, wait_until

from trainer.app.app import TrainerApp
from trainer.app.screens.question import QuestionScreen
from trainer.questions.model import AnswerKind

Make = Callable[..., TrainerApp]


async def test_a_session_cut_short_goes_on_at_its_question_and_part(make: Make) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        await answer(pilot, "(n,)")
        await answer(pilot, "a")
        await pilot.press("space")
        await wait_until(pilot, lambda: app.screen.question.id == "t-bias")
        await answer(pilot, "(m,)")  # the shape, then the app is gone
    again = make()
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_until(pilot, lambda: isinstance(again.screen, QuestionScreen))
        screen = again.screen
        assert screen.question.id == "t-bias" and screen.sub_title == "Question 2 of 3"
        assert screen.part == AnswerKind.VALUE  # the shape was right already
        assert "✓ Shape 1: (m,)" in text_of(screen.query_one("#question-history"))
        await answer(pilot, "ones(m)")
        assert again.session is not None and [r.question_id for r in again.session.results] == [
            "t-dot",
            "t-bias",
        ]
        reviews = [(r.question_id, r.outcome) for r in again.progress.store.reviews()]
        assert reviews == [("t-dot", "first_try"), ("t-bias", "first_try")]


async def test_a_half_done_walkthrough_reopens_at_its_step(make: Make) -> None:
    from trainer.app.screens.walkthrough import WalkthroughScreen

    app = make(question_paths=[VALID.parent / "walk"])
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, WalkthroughScreen))
        walk = app.screen
        await type_answer(pilot, "g")
        await wait_until(pilot, lambda: walk.index == 1 and not walk.checking)
    again = make(question_paths=[VALID.parent / "walk"])
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_until(pilot, lambda: isinstance(again.screen, WalkthroughScreen))
        walk = again.screen
        assert walk.index == 1
        chain = text_of(walk.query_one("#walk-chain"))
        assert "✓ dh = g" in chain and "← dz ?" in chain


async def test_an_ended_session_is_not_resumed(make: Make) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        await pilot.press("escape")  # left before any answer: ended
    again = make()
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.session is None and not isinstance(again.screen, QuestionScreen)
