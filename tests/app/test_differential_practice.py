"""A differential question (format v1.2) practised in the real app: the parts say dY and dA,
the preview reads the answer in dA, and the verdicts are the oracle's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Label
from ui_helpers import answer, ready, text_of, type_answer, wait_until

from trainer.app.app import TrainerApp
from trainer.app.screens.question import DONE, QuestionScreen

DECK = """\
deck: forward
title: Forward mode
questions:
  - id: d-square
    title: The differential of A squared
    ask: [shape, differential]
    dims: {n: 2..5}
    given: {A: [n, n]}
    forward: [Y = A @ A]
    wrt: A
    prompt: Y = A². Write dY for a change dA of A.
    answer: dA @ A + A @ dA
    mistakes:
      - {answer: "2 * A @ dA", says: "A and dA do not commute."}
"""


async def test_a_differential_is_practised_in_the_app(
    make: Callable[..., TrainerApp], tmp_path: Path
) -> None:
    (tmp_path / "forward.yaml").write_text(DECK, encoding="utf-8")
    app = make(question_paths=[tmp_path])
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, QuestionScreen))
        screen = pilot.app.screen
        assert text_of(screen.query_one("#part-label", Label)) == "Shape of dY?"
        await answer(pilot, "(n, n)")
        assert "Right: (n, n). Now the differential." in text_of(screen.query_one("#verdict"))
        assert text_of(screen.query_one("#part-label", Label)) == "dY for a change dA of A?"
        await type_answer(pilot, "A @ dA", submit=False)
        preview = screen.query_one("#preview")
        assert text_of(preview) == "read as A @ dA — shape (n, n)"
        await pilot.press(*["backspace"] * len("A @ dA"))
        await answer(pilot, "2 * A @ dA")
        assert "A and dA do not commute." in text_of(screen.query_one("#verdict"))
        screen.query_one("#answer").value = ""
        await answer(pilot, "dA @ A + A @ dA")
        assert screen.state == DONE
