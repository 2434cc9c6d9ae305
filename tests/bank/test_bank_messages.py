"""What the checker says on the bundled bank and the test fixtures, question by question: a
message that names two shapes never names the same shape twice as if they differed (a square
gradient transposed has the gradient's shape)."""

from __future__ import annotations

import pytest

from trainer.cli import main
from trainer.errors import NotationError
from trainer.oracle import Oracle
from trainer.questions import Bank, Question, bundled_bank_path, load_bank

# messages that set the answer's shape against the expected one
SHAPE_KEYS = {"transposed", "transposed_shape", "reshaped", "wrong_shape", "shape_differs"}


@pytest.fixture(scope="module")
def banks(valid_bank: Bank) -> list[Bank]:
    bundled = load_bank([bundled_bank_path()])
    assert not bundled.problems, [p.format() for p in bundled.problems]
    return [bundled, valid_bank]


def _value_questions(banks: list[Bank]) -> list[Question]:
    return [
        q
        for bank in banks
        for q in bank.questions.values()
        if not q.is_choice and q.answer is not None and "value" in q.ask
    ]


def test_no_shape_message_names_one_shape_as_two(banks: list[Bank]) -> None:
    contradictions, squares = [], 0
    for question in _value_questions(banks):
        oracle = Oracle(question)
        answers = [f"({question.answer}).T", *(m.answer for m in question.mistakes)]
        for answer in answers:
            try:
                verdict = oracle.judge_value(answer)
            except NotationError:
                continue
            message = verdict.message
            if message is None or verdict.correct:
                continue
            squares += message.key == "transposed_square"
            params = message.params
            if message.key in SHAPE_KEYS and params.get("shape") == params.get("expected"):
                contradictions.append((question.id, answer, message.text()))
    assert contradictions == []
    assert squares >= 1, "the bank has a square gradient whose transpose is told as such"


def test_the_square_inverse_is_told_it_is_transposed(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["answer", "mat-inverse-upstream", "-inv(X) @ G.T @ inv(X)"])
    out = capsys.readouterr().out
    assert code == 1
    assert out == (
        "wrong_value: The gradient is the transpose of yours: both have X's shape (n, n), but "
        "your rows are its columns.\n"
    )
