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
