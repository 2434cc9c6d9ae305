"""What keeps the answer from being given away or lost by mistake: the numbers view shows the
expected gradient only after an answer or a reveal; ctrl+r (next to the hint's ctrl+t) asks
before it reveals; an answer that cannot be checked comes back selected, so typing replaces it."""

from __future__ import annotations

from collections.abc import Callable

from ui_helpers import SIZE, answer, first_question, text_of, type_answer, wait_until

from trainer.app.app import TrainerApp
from trainer.app.screens.instance import InstanceScreen
from trainer.app.screens.question import ANSWERING, DONE, QuestionScreen
from trainer.app.widgets.answer_input import AnswerInput

Make = Callable[..., TrainerApp]
HIDDEN = "The expected gradient is shown after an answer or a reveal."


async def numbers(pilot) -> str:
    """Open the numbers view (ctrl+n) and read it once it is built; then close it."""
    await pilot.press("ctrl+n")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, InstanceScreen))
    body = pilot.app.screen.query_one("#instance-body")
    await wait_until(pilot, lambda: "Given" in text_of(body))
    shown = text_of(body)
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, QuestionScreen))
    return shown


async def test_the_numbers_show_the_expected_gradient_only_after_an_answer(make: Make) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        before = await numbers(pilot)
        assert "Expected" not in before and HIDDEN in before and "Sizes: n = " in before
        assert not screen.hint_used  # nothing was given away
        await answer(pilot, "(n,)")
        assert "Expected" not in await numbers(pilot)  # a shape is no attempt at the value
        await answer(pilot, "2 * a")
        after = await numbers(pilot)
        assert "Expected x.grad" in after and "Yours: 2 * a" in after and HIDDEN not in after


async def test_the_numbers_show_the_expected_gradient_after_a_reveal(make: Make) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        await pilot.press("ctrl+r", "ctrl+r")
        assert screen.state == DONE and screen.revealed
        assert "Expected x.grad" in await numbers(pilot)


async def test_reveal_asks_once_then_reveals_and_asks_again_on_the_next_question(
    make: Make,
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        await pilot.press("ctrl+r")
        assert screen.state == ANSWERING and not screen.revealed
        said = text_of(screen.query_one("#verdict"))
        assert "Press ctrl+r again to reveal the solution." in said
        await pilot.press("ctrl+r")
        assert screen.state == DONE and screen.revealed
        await pilot.press("space")
        await wait_until(pilot, lambda: app.screen is not screen)
        following = app.screen
        assert isinstance(following, QuestionScreen)
        await pilot.press("ctrl+r")
        assert following.state == ANSWERING and not following.revealed


async def test_an_answer_that_does_not_read_is_selected_and_typing_replaces_it(
    make: Make,
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        box = screen.query_one(AnswerInput)
        await type_answer(pilot, "(n,")  # cannot be read: judged at once
        assert box.value == "(n," and box.selected_text == "(n,"
        await type_answer(pilot, "(n,)")
        await wait_until(pilot, lambda: screen.part_index == 1)


async def test_an_answer_refused_by_the_checker_comes_back_selected(make: Make) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        await answer(pilot, "(n,)")
        await answer(pilot, "zeros(0, 10**9)")  # readable, refused by a size bound
        box = screen.query_one(AnswerInput)
        assert box.value == "zeros(0, 10**9)" and box.selected_text == box.value
        await type_answer(pilot, "a", submit=False)
        assert box.value == "a"
