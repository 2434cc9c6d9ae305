"""The trials cover every piecewise operation and every size: a forgotten mask is judged wrong
for every seed however the mask is written, and a question whose forward pass breaks its
bounds at the largest sizes its dims allow is refused by `trainer check`, at its line.

The mask forms are judged here on the first `SEEDS_HERE` seeds of each; `bench/masks.py`
counts the false passes of the same forms over 200 seeds (0 for each, at this commit), which
would take this file past half a minute."""

from __future__ import annotations

from pathlib import Path

import pytest
from mask_forms import MASKS, false_passes, question_of

from trainer.cli import main
from trainer.oracle import Oracle, validate_question
from trainer.questions import Question

SEEDS = 200  # a comparison seen both ways: cheap, so every seed the bench counts
SEEDS_HERE = 50  # forgotten masks judged, per form


def _question(tmp_path: Path, body: str) -> Question:
    return question_of(tmp_path, body)


@pytest.mark.parametrize("form", list(MASKS))
def test_a_forgotten_mask_is_wrong_for_every_seed(tmp_path: Path, form: str) -> None:
    body, forgot = MASKS[form]
    passed = list(false_passes(_question(tmp_path, body), forgot, range(SEEDS_HERE)))
    assert passed == [], f"{form}: the forgotten mask passed for seeds {passed}"


def test_the_forms_cover_every_piecewise_operation() -> None:
    """relu, step, abs and sign, and comparisons, each on a vector and on a batch."""
    for operation in ("relu", "step", "abs", "sign"):
        assert {operation, f"{operation}-batched"} <= set(MASKS), operation
    comparisons = [form for form in MASKS if form.startswith("compare")]
    assert any("> y" in MASKS[form][0] for form in comparisons), "between two tensors"
    assert any("(x > 0) * 1.0" in MASKS[form][0] for form in comparisons)
    assert any("X >" in MASKS[form][0] for form in comparisons), "on a batch"


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
