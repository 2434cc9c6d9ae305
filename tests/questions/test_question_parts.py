"""The parts a question asks for, named once by `AnswerKind` and asked through the model."""

from __future__ import annotations

from trainer.questions import Question
from trainer.questions.model import AnswerKind


def question(*ask: str) -> Question:
    return Question(id="q", deck="d", title={"en": "q"}, prompt={"en": ""}, ask=ask)


def test_a_question_says_which_parts_it_asks() -> None:
    both = question("shape", "value")
    assert both.asks(AnswerKind.SHAPE) and both.asks(AnswerKind.VALUE) and both.asks("value")
    assert not both.asks(AnswerKind.CHOICE) and not both.shape_only and not both.is_choice
    shape = question("shape")
    assert shape.shape_only and not shape.asks(AnswerKind.VALUE) and not shape.is_choice
    choice = question("choice")
    assert choice.is_choice and choice.asks(AnswerKind.CHOICE) and not choice.shape_only
