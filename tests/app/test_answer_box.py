"""The one answering cycle (`AnswerBox`) on both answering screens, and the keys kept once
answering is over: the screen's own bindings and the app's, nothing else."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from textual.command import CommandPalette
from ui_helpers import SIZE, VALID, answer, first_question, text_of, type_answer, wait_until

from trainer.app.app import TrainerApp
from trainer.app.screens.help import HelpScreen
from trainer.app.screens.question import DONE, QuestionScreen
from trainer.app.screens.walkthrough import WalkthroughScreen
from trainer.app.widgets.answer_box import AnswerBox
from trainer.app.widgets.answer_input import AnswerInput

Make = Callable[..., TrainerApp]
WALK = VALID.parent / "walk"
APP = Path(__file__).parents[2] / "trainer" / "app"


async def test_both_screens_answer_through_one_box(make: Make) -> None:
    app = make(question_paths=[WALK])
    async with app.run_test(size=SIZE) as pilot:
        question = await first_question(pilot)
        assert len(question.query(AnswerBox)) == 1
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, WalkthroughScreen))
        walk = app.screen
        assert len(walk.query(AnswerBox)) == 1
        # an answer that does not read: judged at once, kept in the box, never an attempt
        await type_answer(pilot, "2 *")
        assert walk.box.checking is None
        assert "Cannot check this answer:" in text_of(walk.query_one("#step-verdict"))
        assert walk.query_one(AnswerInput).value == "2 *"
        assert app.progress.store.attempts() == []


async def test_keys_bound_here_keep_their_meaning_once_done_and_others_move_on(
    make: Make,
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        await answer(pilot, "(n,)")
        await answer(pilot, "a")
        assert screen.state == DONE
        await pilot.press("question_mark")  # bound on the screen: help, not the next question
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+p")  # bound in the app: the palette
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("x")  # bound nowhere: on to the next question
        await wait_until(
            pilot, lambda: isinstance(app.screen, QuestionScreen) and app.screen is not screen
        )


async def test_a_finished_walkthrough_keeps_help_and_goes_back_on_any_other_key(
    make: Make,
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        question = await first_question(pilot)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, WalkthroughScreen))
        walk = app.screen
        await type_answer(pilot, "a")
        await wait_until(pilot, lambda: walk.finished)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is walk)
        await pilot.press("x")
        await wait_until(pilot, lambda: app.screen is question)
        assert question.state == DONE


def test_no_screen_or_widget_builds_a_verdict_or_its_own_waiting_delay() -> None:
    """Every verdict comes from the judge callable, and the one waiting delay is the box's."""
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called = ast.unparse(node.func)
                builds = called == "Verdict" or called.startswith("Verdict.")
                assert not builds, f"{path.name} builds a Verdict"
                if called.endswith("set_timer"):
                    assert path.name == "answer_box.py", f"{path.name} has a delay of its own"
