"""The ladder on the cases a held-out set found it missing: a factor near 1, transposes of 3-D
answers and shapes, a missing sum when the gradient is a (1, k) row."""

from __future__ import annotations

from collections.abc import Callable

from trainer.oracle import Oracle
from trainer.questions import Question

BATCHED = """\
- id: batched
  title: t
  prompt: p
  dims: {b: 2..3, m: 4..5, n: 6..7}
  given: {A: [b, m, n], G: [b, m, n]}
  forward: [loss = sum(A * G)]
  wrt: A
  answer: G
"""
ROW = """\
- id: row
  title: t
  prompt: p
  dims: {k: 2..4, n: 5..7}
  given: {X: [n, k], r: [1, k]}
  forward: [loss = sum((X + r) * (X + r))]
  wrt: r
  answer: sum(2 * (X + r), 0, keepdim=True)
"""


def test_a_factor_near_one_shows_its_digits(oracle_for: Callable) -> None:
    verdict = oracle_for("lin-dw-bare").judge_value("1.00005 * outer(ones(m), x)")
    assert verdict.diagnosis == "factor"
    assert "1.00005 times" in verdict.message_text()


def test_a_transposed_3d_answer_is_named(make_question: Callable[[str], Question]) -> None:
    oracle = Oracle(make_question(BATCHED))
    verdict = oracle.judge_value("G.T")
    assert verdict.verdict == "wrong_shape"
    assert verdict.diagnosis == "transposed"
    assert "transposed" in verdict.message_text()


def test_a_transposed_3d_shape_answer_is_named(make_question: Callable[[str], Question]) -> None:
    oracle = Oracle(make_question(BATCHED))
    verdict = oracle.judge_shape("(b, n, m)")
    assert verdict.diagnosis == "transposed"
    assert verdict.message is not None and verdict.message.key == "transposed_shape"


def test_a_missing_sum_into_a_kept_row_is_named(make_question: Callable[[str], Question]) -> None:
    oracle = Oracle(make_question(ROW))
    verdict = oracle.judge_value("2 * (X + r)")
    assert verdict.diagnosis == "batch_sum"
    assert "sum yours over dimension 0" in verdict.message_text()


DROPOUT = """\
- id: dropout-compare
  title: t
  prompt: p
  dims: {n: 6..8}
  given: {x: [n], g: [n], U: {shape: [n], init: unit}}
  forward:
    - M = U > 0.25
    - h = M * x / 0.75
    - loss = dot(g, h)
  wrt: x
  answer: M * g / 0.75
"""


def test_a_mask_written_as_a_comparison_is_recognised_when_forgotten(
    make_question: Callable[[str], Question],
) -> None:
    verdict = Oracle(make_question(DROPOUT)).judge_value("g / 0.75")
    assert verdict.diagnosis == "mask"
    assert verdict.message is not None and verdict.message.key == "missing_mask"


SQUARE = """\
- id: square
  title: t
  prompt: p
  dims: {b: 2..3, n: 4..6}
  given: {X: [n, n], G: [n, n], B: [b, n, n], H: [b, n, n]}
  forward: [Y = X @ X, loss = sum(Y * G) + sum(B * H)]
  wrt: X
  answer: G @ X.T + X.T @ G
"""


def test_a_transposed_square_answer_is_not_told_its_shape_differs(
    make_question: Callable[[str], Question],
) -> None:
    """(n, n) transposed is (n, n): the message says the answer is the gradient's transpose,
    never "(n, n), not (n, n)"."""
    oracle = Oracle(make_question(SQUARE))
    verdict = oracle.judge_value("(G @ X.T + X.T @ G).T")
    assert verdict.verdict == "wrong_value" and verdict.diagnosis == "transposed"
    assert verdict.message is not None and verdict.message.key == "transposed_square"
    assert verdict.message_text() == (
        "The gradient is the transpose of yours: both have X's shape (n, n), but your rows are "
        "its columns."
    )
    assert verdict.message_text("zh") == (
        "梯度是你的答案的转置：两者都是 X 的形状 (n, n)，但你的行是它的列。"
    )


def test_a_transposed_square_batch_and_step_say_so_too(
    make_question: Callable[[str], Question],
) -> None:
    question = make_question(SQUARE.replace("wrt: X", "wrt: B").replace("G @ X.T + X.T @ G", "H"))
    oracle = Oracle(question)
    batch = oracle.judge_value("H.T")
    assert batch.message is not None and batch.message.key == "transposed_square"
    assert "(b, n, n)" in batch.message_text() and "not" not in batch.message_text()
    step = Oracle(make_question(SQUARE)).judge_value("G.T", node="Y")
    assert step.message is not None and step.message.key == "transposed_square"
    assert step.message_text().startswith("The adjoint of Y is the transpose of yours")
