"""Pilot: earlier verdicts read as history, the verdict on the current answer stands alone."""

from __future__ import annotations

from collections.abc import Callable

from ui_helpers import SIZE, VALID, answer, first_question, text_of, type_answer, wait_until

from trainer.app.app import TrainerApp

Make = Callable[..., TrainerApp]


async def test_the_question_lists_earlier_answers_apart_from_the_verdict(make: Make) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        history = screen.query_one("#question-history")
        await answer(pilot, "(n,)")
        assert not history.display  # nothing earlier than the verdict shown
        await answer(pilot, "x")
        verdict = screen.query_one("#verdict")
        assert text_of(verdict).startswith("✗ Wrong value.") and "✓" not in text_of(verdict)
        earlier = text_of(history)
        assert earlier.startswith("Earlier answers") and "✓ Shape 1: (n,)" in earlier
        assert "Value 1" not in earlier  # the current answer is the verdict's, not history's
        await answer(pilot, "a")
        assert "✗ Value 1: x  (wrong value)" in text_of(history)


async def test_a_right_step_is_history_once_the_next_step_is_asked(make: Make) -> None:
    from trainer.app.screens.walkthrough import WalkthroughScreen

    app = make(question_paths=[VALID.parent / "walk"])
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, WalkthroughScreen))
        walk = app.screen
        verdict = walk.query_one("#step-verdict")
        await type_answer(pilot, "g")
        await wait_until(pilot, lambda: walk.index == 1 and not walk.checking)
        assert text_of(verdict) == "✓ dh = g was right; now dz."
        assert verdict.has_class("-earlier") and not verdict.has_class("-correct")
        await type_answer(pilot, "dh * z")
        await wait_until(pilot, lambda: not walk.checking and verdict.has_class("-wrong"))
        assert text_of(verdict).startswith("✗ Wrong value.") and "✓" not in text_of(verdict)
        assert not verdict.has_class("-earlier")
