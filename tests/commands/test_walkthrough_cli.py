"""The walkthrough on the command line (walkthrough.md section 5): `trainer answer --step` with
its JSON and exit codes, `trainer steps` errors, and `trainer grade` lines with "step"."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from trainer.cli import main

VALID = str(Path(__file__).resolve().parent.parent / "fixtures" / "valid")
VERDICT_KEYS = {
    "id", "kind", "answer", "verdict", "correct", "message", "expected_shape", "answer_shape",
    "diagnosis", "listed",
}  # fmt: skip


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def step_json(capsys, qid: str, answer: str, node: str, *extra: str) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "answer", "--questions", VALID, qid, answer, "--step", node,
                         "--json", *extra)  # fmt: skip
    lines = out.splitlines()
    assert len(lines) == 1, (out, err)
    return code, json.loads(lines[0]), err


@pytest.mark.parametrize(
    ("answer", "node", "code", "verdict"),
    [
        ("dh * step(z)", "z", 0, "correct"),
        ("outer(dz, x)", "W", 0, "correct"),
        ("ones(m)", "h", 0, "correct"),
        ("dh", "z", 1, "wrong_value"),
        ("outer(x, dz)", "W", 1, "wrong_shape"),
        ("dh *", "z", 2, "invalid"),
        ("dW", "z", 2, "invalid"),
    ],
)
def test_answer_step_json_and_exit_codes(
    capsys, answer: str, node: str, code: int, verdict: str
) -> None:
    got, out, err = step_json(capsys, "relu-dw", answer, node)
    assert got == code
    assert err == ""
    assert set(out) == VERDICT_KEYS | {"step"}
    assert out["kind"] == "step" and out["step"] == node
    assert out["verdict"] == verdict and out["correct"] is (verdict == "correct")
    assert out["answer"] == answer


def test_answer_step_text_output(capsys) -> None:
    code, out, _ = run(capsys, "answer", "--questions", VALID, "relu-dw", "dh", "--step", "z")
    assert code == 1
    assert out == (
        "wrong_value: That is ∂loss/∂h, the gradient at h = relu(z). The mask is missing: relu "
        "is flat where z ≤ 0, so no gradient gets through there. On the way to z, multiply by "
        "relu's derivative, step(z).\n"
    )


def test_answer_step_with_a_seed_judges_on_that_seeds_trials(capsys) -> None:
    for seed in ("0", "5", "-3"):
        code, out, _ = step_json(capsys, "relu-dw", "outer(dz, x)", "W", "--seed", seed)
        assert code == 0 and out["correct"]


@pytest.mark.parametrize(("qid", "node", "steps"), [("relu-dw", "q", "h, z, W"),
                                                    ("relu-dw", "loss", "h, z, W"),
                                                    ("detach-d2l", "y", "x"),
                                                    ("detach-d2l", "u", "x")])  # fmt: skip
def test_an_unknown_step_is_exit_2_naming_the_steps(capsys, qid, node, steps) -> None:
    code, out, err = run(capsys, "answer", "--questions", VALID, qid, "x", "--step", node)
    assert code == 2 and out == ""
    assert err == f"trainer: {node} is not a step of {qid}; steps: {steps}\n"


def test_shape_and_step_together_are_a_usage_error(capsys) -> None:
    code, out, err = run(
        capsys, "answer", "--questions", VALID, "relu-dw", "(m,)", "--step", "z", "--shape"
    )
    assert code == 2 and out == ""
    assert "--shape does not apply to a walkthrough step" in err


def test_steps_of_an_unknown_question_is_exit_2(capsys) -> None:
    code, out, err = run(capsys, "steps", "--questions", VALID, "relu-dx")
    assert code == 2 and out == ""
    assert "unknown question id 'relu-dx'" in err


def test_steps_json_of_a_fixture_question(capsys) -> None:
    code, out, _ = run(capsys, "steps", "--questions", VALID, "relu-dw", "--json", "--reveal")
    assert code == 0
    data = json.loads(out)
    assert data == {
        "id": "relu-dw",
        "start": {"node": "loss", "adjoint": "1"},
        "steps": [
            {"node": "h", "line": "h = relu(z)", "shape": "(m,)", "uses": ["dloss"],
             "users": ["loss"], "reference": "ones(m)", "source": "derived"},
            {"node": "z", "line": "z = W @ x + b", "shape": "(m,)", "uses": ["dloss", "dh"],
             "users": ["h"], "reference": "dh * step(z)", "source": "derived"},
            {"node": "W", "line": None, "shape": "(m, n)", "uses": ["dloss", "dh", "dz"],
             "users": ["z"], "reference": "outer(dz, x)", "source": "derived"},
        ],
    }  # fmt: skip


def test_steps_of_an_upstream_question_start_from_the_upstream(capsys) -> None:
    code, out, _ = run(capsys, "steps", "--questions", VALID, "vjp-dx")
    assert code == 0
    assert out.splitlines()[0] == "vjp-dx: backward from y (dy = g) to x"


# --- trainer grade --------------------------------------------------------------------------------


def grade(capsys, monkeypatch, lines: list[dict]) -> tuple[int, list[dict]]:
    text = "".join(json.dumps(line) + "\n" for line in lines)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))
    code = main(["grade", "--questions", VALID])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


GRADE_LINES = [
    ({"id": "relu-dw", "answer": "dh * step(z)", "step": "z"}, "correct", None),
    ({"id": "relu-dw", "answer": "dh", "step": "z"}, "wrong_value", "mask"),
    ({"id": "relu-dw", "answer": "outer(dz, x)", "step": "W", "seed": 4}, "correct", None),
    ({"id": "relu-dw", "answer": "outer(dz, x)"}, "invalid", "unknown_name"),
    ({"id": "relu-dw", "answer": "dz +", "step": "W"}, "invalid", None),
    ({"id": "relu-dw", "answer": "dh", "step": "nope"}, "invalid", "not_a_step"),
    ({"id": "relu-dw", "answer": "(m,)", "step": "z", "shape": True}, "invalid", "step_flag"),
    ({"id": "of-list", "answer": "x", "step": "x"}, "invalid", "no_walkthrough_accumulation"),
    ({"id": "vjp-dx", "answer": "W.T @ dy", "step": "x"}, "correct", None),
]


def test_grade_lines_with_step(capsys, monkeypatch) -> None:
    from trainer.messages import TEMPLATES

    code, out = grade(capsys, monkeypatch, [line for line, _, _ in GRADE_LINES])
    assert code == 0
    assert len(out) == len(GRADE_LINES)
    for (line, verdict, detail), got in zip(GRADE_LINES, out, strict=True):
        assert got["verdict"] == verdict, (line, got)
        assert got["id"] == line["id"]
        if "step" in line:
            assert got["kind"] == "step" and got["step"] == line["step"], got
        else:
            assert got["kind"] == "value" and "step" not in got
        if detail == "mask":
            assert got["diagnosis"] == "mask"
        elif detail is not None:
            assert got["message"].startswith(TEMPLATES[detail].split("{")[0]), (detail, got)


def test_a_graded_wrong_step_is_the_same_verdict_as_answer_step(capsys, monkeypatch) -> None:
    _, (graded,) = grade(capsys, monkeypatch, [{"id": "relu-dw", "answer": "dh", "step": "z"}])
    code, answered, _ = step_json(capsys, "relu-dw", "dh", "z")
    assert code == 1
    assert answered == graded


def test_steps_reveal_of_an_underivable_step_shows_none(capsys, write_deck) -> None:
    path = write_deck(
        """
        - id: inner-sum
          title: A sum over an inner dimension
          dims: {k: 2..3, m: 4..5, n: 6..7}
          given: {a: [k, m, n], g: [k, n]}
          forward:
            - y = sum(a, 1)
          of: y
          upstream: g
          wrt: a
          prompt: What is a.grad?
          ask: shape
        """
    )
    code, out, _ = run(capsys, "steps", "--questions", str(path), "inner-sum", "--reveal", "--json")
    assert code == 0
    (row,) = json.loads(out)["steps"]
    assert row["node"] == "a" and row["source"] == "none" and row["reference"] is None
    code, out, _ = run(capsys, "steps", "--questions", str(path), "inner-sum", "--reveal")
    assert code == 0
    assert out.splitlines()[-1] == "   reference (none): -"
