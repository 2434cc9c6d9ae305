"""A paste arrives in the answer box as one piece of one line: the terminal's bracketed paste
(`events.Paste`) never reaches the key parser, and what the paste held that is not text (ESC
sequences, C0/C1 and DEL, bidi controls, line breaks) is taken out."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual import events
from ui_helpers import SIZE, answer, first_question, wait_until

from trainer.app.app import TrainerApp
from trainer.app.screens.question import CHECKING
from trainer.app.widgets.answer_input import AnswerInput
from trainer.escaping import pasted_line

Make = Callable[..., TrainerApp]


@pytest.mark.parametrize(
    ("pasted", "line"),
    [
        ("x\x1b[31m.T\x1b[0m @ g", "x.T @ g"),  # colour codes (CSI)
        ("\x1b]8;;https://example.com\x07a\x1b]8;;\x1b\\", "a"),  # a hyperlink (OSC, BEL and ST)
        ("a\x1bcb", "ab"),  # ESC and one character (a terminal reset)
        ("a\u202e\u2066b\x7f\x00c\x9b2J", "abc"),  # bidi, DEL, NUL, C1's CSI
        ("outer(ones(m),\n    x)\r\n", "outer(ones(m), x)"),  # lines joined by one space
        ("\t(m,\tn)  ", "(m, n)"),
        ("\x1b\x1b[", ""),
    ],
)
def test_a_paste_becomes_one_clean_line(pasted: str, line: str) -> None:
    assert pasted_line(pasted) == line


async def test_a_paste_with_escape_sequences_is_one_answer(make: Make) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        box = screen.query_one(AnswerInput)
        box.insert_text_at_cursor("(")
        app.post_message(events.Paste("n\x1b[1;5C,\x1b[0m\n)\x1b[2~"))  # ctrl+right, insert
        await wait_until(pilot, lambda: box.value != "(")
        assert box.value == "(n, )"
        assert app.progress.store.attempts() == []  # nothing in the paste submitted anything
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.state != CHECKING)
        attempts = app.progress.store.attempts()
        assert [a.answer for a in attempts] == ["(n, )"]  # one answer, as pasted
        await answer(pilot, "a")
        assert screen.correct == 2
