"""The trials cover every piecewise operation and every size: a forgotten mask is judged wrong
for every seed however the mask is written, and a question whose forward pass breaks its
bounds at the largest sizes its dims allow is refused by `trainer check`, at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.cli import main
from trainer.oracle import Oracle, validate_question
from trainer.questions import Question, load_bank

SEEDS = 200


def _question(tmp_path: Path, body: str) -> Question:
    path = tmp_path / "q.yaml"
    path.write_text("deck: coverage\ntitle: Coverage\nquestions:\n" + body, encoding="utf-8")
    bank = load_bank([path])
    assert not bank.problems, [p.format() for p in bank.problems]
    (question,) = bank.questions.values()
    return question


def _masked(given: str, dims: str, forward: str, wrt: str, answer: str) -> str:
    return (
        f"  - id: masked\n    title: t\n    prompt: p\n    dims: {dims}\n    given: {given}\n"
        f"    forward: [{forward}]\n    wrt: {wrt}\n    answer: {answer}\n"
    )


# (question, the answer with the mask forgotten); each mask is true three to five times in
# six, so trials of a few entries each often see it one way only
MASKS = {
    "compare-constant": (
        _masked("{x: [n]}", "{n: 2..4}", "m = x > -0.67, loss = sum(m * x * x) / 2", "x", "m * x"),
        "x",
    ),
    "compare-tensors": (
        _masked(
            "{x: [n], y: {shape: [n], init: unit}}",
            "{n: 2..4}",
            "m = x > y - 1.5, loss = sum(m * x * x) / 2",
            "x",
            "m * x",
        ),
        "x",
    ),
    "compare-batched": (
        _masked(
            "{X: [b, n]}",
            "{b: 2..3, n: 2..4}",
            "M = X > -1.0, loss = sum(M * X * X) / 2",
            "X",
            "M * X",
        ),
        "X",
    ),
    "compare-times-number": (
        _masked(
            "{x: [n]}",
            "{n: 2..4}",
            "m = (x + 0.67 > 0) * 1.0, loss = sum(m * x * x) / 2",
            "x",
            "m * x",
        ),
        "x",
    ),
    "step": (
        _masked(
            "{x: [n]}", "{n: 2..4}", "m = step(x + 0.67), loss = sum(m * x * x) / 2", "x", "m * x"
        ),
        "x",
    ),
    "relu": (
        _masked("{x: [n]}", "{n: 2..4}", "h = relu(x + 0.67), loss = sum(h * h) / 2", "x", "h"),
        "x + 0.67",
    ),
    "abs": (
        _masked("{x: [n]}", "{n: 2..4}", "loss = sum(abs(x + 0.67))", "x", "sign(x + 0.67)"),
        "ones(n)",
    ),
}


@pytest.mark.parametrize("form", list(MASKS))
def test_a_forgotten_mask_is_wrong_for_every_seed(tmp_path: Path, form: str) -> None:
    body, forgot = MASKS[form]
    question = _question(tmp_path, body)
    false_passes = []
    for seed in range(SEEDS):
        oracle = Oracle(question, seed)
        assert oracle.judge_value(question.answer or "").correct, seed
        if oracle.judge_value(forgot).correct:
            false_passes.append(seed)
    assert false_passes == [], f"{form}: the forgotten mask passed for seeds {false_passes}"


def test_a_comparison_is_seen_both_ways_in_the_trials(tmp_path: Path) -> None:
    body, _ = MASKS["compare-constant"]
    question = _question(tmp_path, body)
    for seed in range(SEEDS):
        masks = [trial.values["m"].tensor for trial in Oracle(question, seed).trials]
        assert any(bool((m == 1).any()) for m in masks), seed
        assert any(bool((m == 0).any()) for m in masks), seed


BIG = """\
  - id: big-at-the-top
    title: t
    prompt: p
    dims: {n: 2..36}
    given: {x: [n]}
    forward:
      - h = x * x
      - big = ones(n, n, n, n)
      - loss = sum(h) / 2 + sum(big)
    wrt: x
    answer: x
"""
BIG_LINE = 3 + BIG.splitlines().index("      - big = ones(n, n, n, n)") + 1  # after the header


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_question_too_big_at_its_largest_sizes_is_refused_at_its_line(tmp_path: Path) -> None:
    question = _question(tmp_path, BIG)
    for seed in (0, 1, 6):
        problems = validate_question(question, seed)
        assert [(p.msg.key, p.line) for p in problems] == [("forward_error", BIG_LINE)], seed
        assert f"{36**4}" in problems[0].msg.text()


def test_check_refuses_it_and_no_command_breaks_on_it(tmp_path: Path, capsys) -> None:
    question = _question(tmp_path, BIG)
    path = str(question.path)
    code, out, err = _run(capsys, "check", path)
    assert code == 1
    assert f"q.yaml:{BIG_LINE}: big-at-the-top:" in out + err
    assert f"{36**4}" in out + err
    runs = [("steps", "--questions", path, "big-at-the-top", "--seed", f"{seed}", "--reveal")
            for seed in range(10)]  # fmt: skip
    runs += [("answer", "--questions", path, "big-at-the-top", "x", "--seed", f"{seed}")
             for seed in range(3)]  # fmt: skip
    for argv in runs:
        code, out, err = _run(capsys, *argv)
        assert code != 0, argv
        assert "Traceback" not in out + err and "KeyError" not in out + err, argv
        assert f"{36**4}" in out + err, (argv, out, err)


def test_a_question_within_its_bounds_at_its_largest_sizes_is_kept(tmp_path: Path) -> None:
    question = _question(tmp_path, BIG.replace("2..36", "2..31"))  # 31**4 < 1,000,000
    assert validate_question(question, 0) == []
