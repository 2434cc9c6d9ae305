"""The oracle's precision (format v1.2, all formats): relative 1e-9 with an absolute floor of
1e-12 times the truth's largest entry, and rule 4's refusal of a listed mistake that only the
tolerance tells from the reference."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from trainer.oracle import Oracle
from trainer.oracle.compare import close, tolerances, too_close
from trainer.oracle.validate import validate_question

F64 = torch.float64

RMS = """
- id: rms-eps
  title: t
  prompt: p
  dims: {n: 2..5}
  given: {x: [n], w: [n]}
  forward:
    - r = sqrt(mean(x ** 2) + 1e-5)
    - loss = sum(w * x) / r
  wrt: w
  answer: x / sqrt(mean(x ** 2) + 1e-5)
"""


@pytest.mark.parametrize("seed", range(1, 21))
def test_an_epsilon_of_1e_5_decides_the_verdict_on_every_seed(make_question, seed: int) -> None:
    """The textbook formula without ε differs by about ε / (2 mean(x²)) relative: well inside
    the old rtol of 1e-5 on some seeds, outside it on others; now wrong on every one."""
    oracle = Oracle(make_question(RMS), seed)
    assert oracle.judge_value("x / sqrt(mean(x ** 2) + 1e-5)").verdict == "correct"
    assert oracle.judge_value("x / sqrt(mean(x ** 2))").verdict == "wrong_value"


@pytest.mark.parametrize(
    ("factor", "right"), [(1 + 1e-10, True), (1 + 1e-8, False), (1 - 1e-7, False)]
)
def test_the_relative_tolerance_is_1e_9(oracle_for, factor: float, right: bool) -> None:
    verdict = oracle_for("lin-dw").judge_value(f"outer(ones(m), x) * {factor!r}")
    assert verdict.correct is right, verdict.message_text()


def test_the_absolute_floor_scales_with_the_truths_largest_entry() -> None:
    truth = np.array([1000.0, 0.0, -2.0])
    assert close(np.array([1000.0, 5e-10, -2.0]), truth)  # 5e-10 < 1e-12 * 1000
    assert not close(np.array([1000.0, 5e-9, -2.0]), truth)
    small = truth / 1e6  # the same truth in other units: the floor follows it
    assert close(np.array([1e-3, 5e-16, -2e-6]), small)
    assert not close(np.array([1e-3, 5e-15, -2e-6]), small)


def test_each_trial_has_its_own_floor() -> None:
    """A large truth in one trial does not loosen the comparison of another."""
    big, tiny = torch.tensor([1e6, 1.0], dtype=F64), torch.tensor([1.0, 0.0], dtype=F64)
    bounds = tolerances([big, tiny])
    assert bounds[3] == 1e-12  # the tiny trial's zero: 1e-12 x its own largest entry, 1
    assert bounds[1] == pytest.approx(1e-6 + 1e-9)


def test_nan_and_inf_are_never_close() -> None:
    truth = np.array([1.0, 2.0])
    assert not close(np.array([np.nan, 2.0]), truth)
    assert not close(np.array([np.inf, 2.0]), truth)


def _trials(*rows: list[float]) -> list[torch.Tensor]:
    return [torch.tensor(row, dtype=F64) for row in rows]


def test_too_close_is_a_difference_no_larger_than_1e_6_relative() -> None:
    truths = _trials([2.0, -4.0], [1.0, 1.0])
    assert too_close(_trials([2.0, -4.0 + 3e-6], [5.0, 5.0]), truths)  # 3e-6 / 4 on trial 1
    assert not too_close(_trials([2.0, -4.0 + 1e-5], [1.0, 1.0 + 1e-5]), truths)


def test_a_trial_where_a_mistake_equals_the_reference_is_not_too_close() -> None:
    """A forgotten mask equals the reference where the mask is all ones; other trials tell
    them apart, so no seed decides its verdict."""
    truths = _trials([2.0, 3.0], [1.0, 0.0])
    assert not too_close(_trials([2.0, 3.0], [1.0, 4.0]), truths)
    assert not too_close(_trials([2.0, 3.0, 0.0], [1.0, 0.0]), truths)  # another shape


def test_rule_4_refuses_a_mistake_only_the_tolerance_tells_apart(make_question) -> None:
    question = make_question(
        RMS + "  mistakes:\n    - {answer: x / sqrt(mean(x ** 2) + 1.01e-5), says: s}\n"
    )
    problems = validate_question(question)
    assert [p.msg.key for p in problems] == ["mistake_too_close"]
    assert problems[0].line == question.mistakes[0].line


def test_rule_4_keeps_a_mistake_that_differs_clearly(make_question) -> None:
    question = make_question(RMS + "  mistakes:\n    - {answer: x, says: s}\n")
    assert validate_question(question) == []
