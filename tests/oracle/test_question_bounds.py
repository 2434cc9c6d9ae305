"""Rule 4's bounds and the oracle's honesty on small sizes: a question is refused by its work
and element budgets (never by waiting), answers that would build huge empty tensors are refused,
a message never dumps a whole tensor, and a forgotten mask never passes for any seed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trainer.oracle import Judge, Oracle, validate, validate_question
from trainer.oracle.trials import MIN_TRIALS, Deadline, TrialError, build_trials
from trainer.questions import Question, load_bank

BIG = "[62, 62, 16, 16]"  # 984,064 elements: the most a given may have is 1,000,000


def _question(tmp_path: Path, body: str, name: str = "q.yaml") -> Question:
    path = tmp_path / name
    path.write_text("deck: bounds\ntitle: Bounds\nquestions:\n" + body, encoding="utf-8")
    bank = load_bank([path])
    assert not bank.problems, [p.format() for p in bank.problems]
    (question,) = bank.questions.values()
    return question


def _problem_keys(question: Question) -> list[str]:
    return [p.msg.key for p in validate_question(question)]


def test_two_thousand_norms_of_a_big_tensor_are_refused_by_the_work_budget(tmp_path: Path) -> None:
    lines = "\n".join(f"      - y{i} = norm(X)" for i in range(2000))
    q = _question(
        tmp_path,
        f"  - id: norms\n    title: t\n    prompt: p\n    given: {{X: {BIG}}}\n"
        f"    forward:\n{lines}\n      - loss = y0 + y1999\n    wrt: X\n    answer: X\n",
    )
    problems = validate_question(q)
    assert [p.msg.key for p in problems] == ["forward_error"]
    assert "too much work" in problems[0].msg.text()


def test_a_thousand_backward_passes_are_costed(tmp_path: Path) -> None:
    of = ", ".join(["loss"] * 1000)
    q = _question(
        tmp_path,
        "  - id: many-of\n    title: t\n    prompt: p\n    given: {X: [62, 62, 16]}\n"
        f"    forward: [Y = X * X, loss = sum(Y)]\n    of: [{of}]\n    wrt: X\n"
        "    answer: 2000 * X\n",
    )
    assert _problem_keys(q) == ["question_too_much_work"]


def test_batched_inverses_count_every_matrix_and_every_element(tmp_path: Path) -> None:
    lines = "\n".join(f"      - Y{i} = inv(A + {i})" for i in range(190))
    q = _question(
        tmp_path,
        "  - id: inverses\n    title: t\n    prompt: p\n    given: {A: [60, 64, 64]}\n"
        f"    forward:\n{lines}\n      - loss = sum(Y189)\n    wrt: A\n    answer: A\n",
    )
    problems = validate_question(q)
    assert [p.msg.key for p in problems] == ["forward_error"]
    assert "too much work" in problems[0].msg.text() or "elements" in problems[0].msg.text()


def test_the_forward_values_of_a_trial_are_bounded_together(tmp_path: Path) -> None:
    lines = "\n".join(f"      - Y{i} = X + {i}" for i in range(25))
    q = _question(
        tmp_path,
        f"  - id: elements\n    title: t\n    prompt: p\n    given: {{X: {BIG}}}\n"
        f"    forward:\n{lines}\n      - loss = sum(Y24)\n    wrt: X\n"
        "    answer: ones(62, 62, 16, 16)\n",
    )
    problems = validate_question(q)
    assert [p.msg.key for p in problems] == ["forward_error"]
    assert "20000000" in problems[0].msg.text()


def test_a_question_past_its_time_is_reported_as_too_slow(valid_bank) -> None:
    question = valid_bank.questions["lin-dw"]
    with pytest.raises(TrialError) as caught:
        build_trials(question, 0, Deadline(0.0))
    assert caught.value.msg.key == "too_slow"
    assert [p.msg.key for p in validate(Judge(time_limit=0.0), question)] == ["too_slow"]


@pytest.mark.parametrize(
    "answer", ["ones(0, 10**16)", "zeros(0, 10**9)", "sum(zeros(0, 10**9), 0)"]
)
def test_an_empty_answer_with_a_huge_side_is_invalid(oracle_for: Callable, answer: str) -> None:
    verdict = oracle_for("lin-dw").judge_value(answer)
    assert verdict.verdict == "invalid"
    assert verdict.message is not None and verdict.message.key == "size_too_large"


def test_values_differ_on_a_big_gradient_names_a_few_entries(tmp_path: Path) -> None:
    q = _question(
        tmp_path,
        "  - id: big\n    title: t\n    prompt: p\n    dims: {m: 60..64, n: 50..55}\n"
        "    given: {X: [m, n]}\n    forward: [loss = sum(X * X)]\n    wrt: X\n"
        "    answer: 2 * X\n",
    )
    verdict = Oracle(q).judge_value("2 * X + X * X")
    assert verdict.verdict == "wrong_value"
    text = verdict.message_text()
    assert verdict.message is not None and verdict.message.key == "values_differ_many"
    assert len(text) < 400
    assert text.count(" at [") == 3


DROPOUT = """\
  - id: dropout
    title: t
    prompt: p
    dims: {n: 2..4}
    given: {x: [n], g: [n], u: {shape: [n], init: unit}}
    forward:
      - M = step(u - 0.25)
      - h = M * x / 0.75
      - loss = dot(g, h)
    wrt: x
    answer: M * g / 0.75
"""
HINGE = """\
  - id: hinge
    title: t
    prompt: p
    dims: {n: 2..3}
    given: {s: [n], y: {shape: [n], init: sign}}
    forward:
      - margin = 1 - y * s
      - loss = sum(relu(margin))
    wrt: s
    answer: -y * step(margin)
"""


@pytest.mark.parametrize(
    ("body", "forgot"), [(DROPOUT, "g / 0.75"), (HINGE, "-y")], ids=["dropout", "hinge"]
)
def test_a_forgotten_mask_is_wrong_for_every_seed(tmp_path: Path, body: str, forgot: str) -> None:
    question = _question(tmp_path, body)
    for seed in range(200):
        oracle = Oracle(question, seed)
        assert oracle.judge_value(question.answer or "").correct, seed
        assert not oracle.judge_value(forgot).correct, f"the forgotten mask passed for seed {seed}"


def test_the_number_of_trials_follows_the_question_and_the_seed(tmp_path: Path, valid_bank) -> None:
    question = _question(tmp_path, DROPOUT)
    counts = [len(build_trials(question, seed)) for seed in range(20)]
    assert counts == [len(build_trials(question, seed)) for seed in range(20)]
    assert min(counts) >= MIN_TRIALS and max(counts) > MIN_TRIALS
    big = valid_bank.questions["lin-dw"]
    assert len(build_trials(big, 0)) == MIN_TRIALS  # enough entries, no mask: the minimum
