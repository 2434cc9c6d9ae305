"""The summary and Statistics count the answers of a session the same way: a walkthrough's
steps are answers like any other (`practice.outcomes.count_answers`)."""

from __future__ import annotations

from collections.abc import Callable

from ui_helpers import SIZE, VALID, first_question, type_answer, wait_until

from trainer.app.app import TrainerApp
from trainer.app.screens.summary import SummaryScreen

Make = Callable[..., TrainerApp]


async def test_a_walkthrough_counts_as_its_steps_in_the_summary_and_statistics(
    make: Make,
) -> None:
    from trainer.app.screens.walkthrough import WalkthroughScreen

    app = make(question_paths=[VALID.parent / "walk"])
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, WalkthroughScreen))
        walk = app.screen
        for text in ("2 * g", "g", "dh * step(z)", "outer(dz, x)"):  # one wrong, three right
            await type_answer(pilot, text)
            await wait_until(pilot, lambda: not walk.checking)
        assert walk.finished
        await pilot.press("space", "space")  # back to the question, then on: a step was wrong,
        await wait_until(pilot, lambda: getattr(app.screen, "returning", False))  # so it is back
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        summary = app.screen.summary
        assert (summary.attempts, summary.correct) == (4, 3)
        stats = app.progress.statistics([(d.id, d.questions) for d in app.bank.decks])
        today = stats.days[-1]
        assert (today.attempts, today.correct) == (summary.attempts, summary.correct)
