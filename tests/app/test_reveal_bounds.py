"""A reveal that cannot be written out within the bounds, in the app: the walkthrough says so in
the learner's language and shows the step's values (never a raw "RecursionError")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from big_questions import deck, power
from ui_helpers import SIZE, first_question, text_of, type_answer, wait_until

from trainer.app.app import TrainerApp


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "This step's reference is too large to write out. Revealed: "),
        ("zh", "这一步的参考答案太长，无法写出。"),
    ],
)
async def test_a_reveal_too_large_to_write_out_says_so_and_shows_the_values(
    make: Callable[..., TrainerApp], tmp_path: Path, lang: str, says: str
) -> None:
    from trainer.app.screens.walkthrough import WalkthroughScreen

    folder = tmp_path / "power"
    folder.mkdir()
    (folder / "power.yaml").write_text(deck(power(30), "power"), encoding="utf-8")
    app = make(question_paths=[folder], lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, WalkthroughScreen))
        walk = app.screen
        await type_answer(pilot, "ones(n)")
        await wait_until(pilot, lambda: walk.index == 1)
        await pilot.press("ctrl+r")  # x: its reference too large to write out
        await wait_until(pilot, lambda: walk.index == 2)
        verdict = text_of(walk.query_one("#step-verdict"))
        assert says in verdict
        assert "Error" not in verdict
        assert "[" in verdict  # the values of the adjoint, as the reveal shows them
