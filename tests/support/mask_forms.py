"""Masks written every way a question may write them, each with the answer that forgets it:
the forms whose false passes `tests/oracle/test_trial_coverage.py` and `bench/masks.py` count.

A mask is a comparison (with a constant, between two tensors, broadcast over a batch, turned
into numbers with `* 1.0`), or relu, step, abs or sign, on a vector or a batch. Each is true
three to five times in six, so trials of a few entries each often see it one way only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from trainer.oracle import Oracle
from trainer.questions import Question, load_bank


def _masked(given: str, dims: str, forward: str, wrt: str, answer: str) -> str:
    return (
        f"  - id: masked\n    title: t\n    prompt: p\n    dims: {dims}\n    given: {given}\n"
        f"    forward: [{forward}]\n    wrt: {wrt}\n    answer: {answer}\n"
    )


# form → (the question, the answer with the mask forgotten)
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
    "sign": (
        _masked(
            "{x: [n]}", "{n: 2..4}", "m = sign(x + 0.67), loss = sum(m * x * x) / 2", "x", "m * x"
        ),
        "x",
    ),
    "compare-two-tensors": (
        _masked(
            "{x: [n], y: [n]}", "{n: 2..4}", "m = x > y, loss = sum(m * x * x) / 2", "x", "m * x"
        ),
        "x",
    ),
    "compare-zero-times-number": (
        _masked(
            "{x: [n]}", "{n: 2..4}", "m = (x > 0) * 1.0, loss = sum(m * x * x) / 2", "x", "m * x"
        ),
        "x",
    ),
    "compare-batched-broadcast": (
        _masked(
            "{X: [b, n], y: [n]}",
            "{b: 2..3, n: 2..4}",
            "M = X > y, loss = sum(M * X * X) / 2",
            "X",
            "M * X",
        ),
        "X",
    ),
    "relu-batched": (
        _masked(
            "{X: [b, n]}",
            "{b: 2..3, n: 2..4}",
            "H = relu(X + 0.67), loss = sum(H * H) / 2",
            "X",
            "H",
        ),
        "X + 0.67",
    ),
    "step-batched": (
        _masked(
            "{X: [b, n]}",
            "{b: 2..3, n: 2..4}",
            "M = step(X + 0.67), loss = sum(M * X * X) / 2",
            "X",
            "M * X",
        ),
        "X",
    ),
    "abs-batched": (
        _masked(
            "{X: [b, n]}",
            "{b: 2..3, n: 2..4}",
            "loss = sum(abs(X + 0.67))",
            "X",
            "sign(X + 0.67)",
        ),
        "ones(b, n)",
    ),
    "sign-batched": (
        _masked(
            "{X: [b, n]}",
            "{b: 2..3, n: 2..4}",
            "M = sign(X + 0.67), loss = sum(M * X * X) / 2",
            "X",
            "M * X",
        ),
        "X",
    ),
}


def question_of(folder: Path, body: str) -> Question:
    """The one question of `body`, written as a deck in `folder` and loaded."""
    path = folder / "q.yaml"
    path.write_text("deck: coverage\ntitle: Coverage\nquestions:\n" + body, encoding="utf-8")
    bank = load_bank([path])
    assert not bank.problems, [p.format() for p in bank.problems]
    (question,) = bank.questions.values()
    return question


def false_passes(question: Question, forgot: str, seeds: range) -> Iterator[int]:
    """The seeds whose trials judge the forgotten mask correct (the reference must pass)."""
    for seed in seeds:
        oracle = Oracle(question, seed)
        assert oracle.judge_value(question.answer or "").correct, seed
        if oracle.judge_value(forgot).correct:
            yield seed
