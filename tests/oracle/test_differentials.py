"""Differentials (format v1.2, forward mode): `ask: [differential]`, d<wrt> a fresh random
direction per trial, the truth PyTorch's Jacobian-vector product; judged right and wrong on
matrix functions (inv, det, A², solve, kron) with listed mistakes, through the oracle, the
command line (`trainer answer --differential`) and grade lines (`"kind": "differential"`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from trainer.cli import main
from trainer.json_lines import judge_line
from trainer.oracle import Judge, Oracle
from trainer.oracle.judge import Request
from trainer.oracle.validate import validate_question
from trainer.oracle.verdicts import AnswerKind
from trainer.questions import load_bank

VALID = str(Path(__file__).resolve().parent.parent / "fixtures" / "valid")

MATRIX_FUNCTIONS = """\
deck: differentials
title: differentials
questions:
  - id: d-inv
    title: t
    prompt: p
    ask: [shape, differential]
    dims: {n: 2..5}
    given: {A: {shape: [n, n], init: spd}}
    forward: [Y = inv(A)]
    wrt: A
    answer: -inv(A) @ dA @ inv(A)
    mistakes:
      - {answer: "-inv(A) @ inv(A) @ dA", says: "dA stands between the inverses."}
  - id: d-det
    title: t
    prompt: p
    ask: [differential]
    dims: {n: 2..5}
    given: {A: [n, n]}
    forward: [d = det(A)]
    wrt: A
    answer: d * trace(inv(A) @ dA)
    mistakes:
      - {answer: "trace(dA)", says: "That is the differential at A = I only."}
  - id: d-square
    title: t
    prompt: p
    ask: [differential]
    dims: {n: 2..5}
    given: {A: [n, n]}
    forward: [Y = A @ A]
    wrt: A
    answer: dA @ A + A @ dA
    mistakes:
      - {answer: "2 * A @ dA", says: "A and dA do not commute."}
  - id: d-solve
    title: t
    prompt: p
    ask: [differential]
    dims: {n: 2..5, k: 2..3}
    given: {A: {shape: [n, n], init: spd}, B: [n, k]}
    forward: ["X = solve(A, B)"]
    wrt: A
    answer: -solve(A, dA @ X)
    mistakes:
      - {answer: "solve(A, dA @ X)", says: "The sign; X shrinks as A grows."}
  - id: d-kron
    title: t
    prompt: p
    ask: [differential]
    dims: {m: 2..3, n: 2..3, p: 4..5, q: 4..6}
    given: {A: [m, n], B: [p, q]}
    forward: ["K = kron(A, B)"]
    wrt: A
    answer: kron(dA, B)
    mistakes:
      - {answer: "kron(B, dA)", says: "kron does not commute."}
"""


def differential(question, text: str, seed: int = 0):
    return Judge().judge(Request(question, text, AnswerKind.DIFFERENTIAL, seed))


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    folder = tmp_path_factory.mktemp("differentials")
    (folder / "d.yaml").write_text(MATRIX_FUNCTIONS, encoding="utf-8")
    loaded = load_bank([folder])
    assert not loaded.problems, [p.format() for p in loaded.problems]
    return loaded


CASES = [
    ("d-inv", "-inv(A) @ dA @ inv(A)", "-inv(A) @ inv(A) @ dA", "dA stands between"),
    ("d-det", "d * trace(inv(A) @ dA)", "trace(dA)", "at A = I only"),
    ("d-square", "dA @ A + A @ dA", "2 * A @ dA", "do not commute"),
    ("d-solve", "-solve(A, dA @ X)", "solve(A, dA @ X)", "The sign"),
    ("d-kron", "kron(dA, B)", "kron(B, dA)", "kron does not commute"),
]


@pytest.mark.parametrize(("qid", "right", "mistake", "says"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("seed", [0, 7])
def test_matrix_differentials_are_judged(bank, qid, right, mistake, says, seed) -> None:
    question = bank.questions[qid]
    verdict = differential(question, right, seed)
    assert verdict.correct, verdict.message_text()
    assert verdict.kind == "differential"
    wrong = differential(question, mistake, seed)
    assert wrong.verdict == "wrong_value" and wrong.listed
    assert says in wrong.message_text()
    assert validate_question(bank.questions[qid], seed) == []


def test_the_truth_is_pytorchs_jvp_in_a_fresh_direction(bank) -> None:
    oracle = Oracle(bank.questions["d-inv"])
    directions = [trial.direction for trial in oracle.trials]
    assert len(directions) >= 3
    for trial in oracle.trials:
        a, da = trial.given["A"], trial.direction
        _, expected = torch.func.jvp(torch.linalg.inv, (a,), (da,))
        torch.testing.assert_close(trial.truth, expected, rtol=1e-10, atol=1e-12)
    flat = [d.flatten()[:2].tolist() for d in directions]
    assert len({tuple(f) for f in flat}) == len(flat)  # a new direction each trial


def test_the_shape_step_is_the_shape_of_of(bank) -> None:
    oracle = Oracle(bank.questions["d-kron"])
    assert oracle.expected_shape == "(m*p, n*q)"
    assert oracle.judge("(m*p, n*q)", "shape").correct
    assert oracle.judge("(m, n)", "shape").verdict == "wrong_shape"
    assert oracle.preview("kron(dA, B)", "differential").shape == "(m*p, n*q)"


def test_shape_rungs_apply_to_differentials(bank) -> None:
    transposed = differential(bank.questions["d-solve"], "-solve(A, dA @ X).T")
    assert transposed.verdict == "wrong_shape"
    assert transposed.diagnosis == "transposed"
    assert "The differential dX has X's shape (n, k)" in transposed.message_text()
    flipped = differential(bank.questions["d-det"], "-d * trace(inv(A) @ dA)")
    assert flipped.diagnosis == "sign"
    other = differential(bank.questions["d-square"], "dA")
    assert other.diagnosis == "values_differ"


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("dB", "Unknown name dB"),
        ("grad(A)", "grad(...) names the adjoint of a node in a walkthrough step"),
        ("dA @ x", "Unknown name x"),
    ],
)
def test_hostile_differentials_are_invalid_with_a_message(bank, answer, says) -> None:
    verdict = differential(bank.questions["d-inv"], answer)
    assert verdict.verdict == "invalid"
    assert says in verdict.message_text()


def test_trainer_answer_differential(capsys, tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(MATRIX_FUNCTIONS, encoding="utf-8")
    base = ["answer", "--questions", str(tmp_path)]
    assert main([*base, "d-square", "dA @ A + A @ dA", "--differential"]) == 0
    assert capsys.readouterr().out == "correct: Correct.\n"
    assert main([*base, "d-square", "-2 * A @ dA", "--differential", "--json"]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert (verdict["kind"], verdict["verdict"]) == ("differential", "wrong_value")
    assert main([*base, "d-square", "dA @ A"]) == 2
    assert "asks for a differential: answer it with --differential" in capsys.readouterr().err
    assert main(["answer", "--questions", VALID, "lin-dw", "x", "--differential"]) == 2
    assert "--differential does not apply here" in capsys.readouterr().err
    assert main([*base, "d-square", "(n, n)", "--shape", "--differential"]) == 2
    assert main(["steps", "--questions", str(tmp_path), "d-square"]) == 2
    assert "A differential is worked forward" in capsys.readouterr().err


def test_grade_lines_of_kind_differential(bank) -> None:
    judge = Judge(bank.questions)
    line = {"id": "d-inv", "answer": "-inv(A) @ dA @ inv(A)", "kind": "differential"}
    verdict = judge_line(judge, json.dumps(line)).as_json()
    assert (verdict["kind"], verdict["verdict"]) == ("differential", "correct")
    gradient = judge_line(judge, json.dumps({"id": "d-inv", "answer": "dA"})).as_json()
    assert gradient["verdict"] == "invalid"
    assert "asks for a differential" in gradient["message"]
    for bad in ({"kind": "value"}, {"kind": "differential", "shape": True}, {"kind": 3}):
        odd = judge_line(judge, json.dumps({"id": "d-inv", "answer": "dA", **bad})).as_json()
        assert odd["verdict"] == "invalid"
        assert odd["message"].startswith("kind may only be differential")


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ("ask: [value, differential]", "differential_and_value"),
        ("ask: [differential]\n    of: [Y, Z]", "differential_of"),
        ("ask: [differential]\n    upstream: G", "differential_of"),
        ("ask: [differential]\n    backward: 2", "differential_of"),
    ],
)
def test_a_differential_question_is_checked(tmp_path: Path, extra: str, key: str) -> None:
    (tmp_path / "q.yaml").write_text(
        "deck: d\ntitle: d\nquestions:\n  - id: q\n    title: t\n    prompt: p\n"
        f"    {extra}\n    dims: {{n: 2..4}}\n    given: {{A: [n, n], G: [n, n]}}\n"
        "    forward: [Y = A @ A, Z = A * 2]\n    wrt: A\n    answer: dA @ A + A @ dA\n",
        encoding="utf-8",
    )
    problems = load_bank([tmp_path]).problems
    assert key in [p.msg.key for p in problems], [p.format() for p in problems]


def test_the_direction_name_is_free(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(
        "deck: d\ntitle: d\nquestions:\n  - {id: q, title: t, prompt: p, ask: [differential],"
        " dims: {n: 2..4}, given: {A: [n, n], dA: [n, n]}, forward: [Y = A @ dA], wrt: A,"
        " answer: dA}\n",
        encoding="utf-8",
    )
    problems = load_bank([tmp_path]).problems
    assert [p.msg.key for p in problems] == ["differential_name"]


def test_a_differential_of_a_huge_of_is_refused_by_the_bounds(tmp_path: Path, capsys) -> None:
    (tmp_path / "q.yaml").write_text(
        "deck: d\ntitle: d\nquestions:\n  - {id: q, title: t, prompt: p, ask: [differential],"
        " dims: {n: 30..40}, given: {A: [n, n]}, forward: ['K = kron(kron(A, A), kron(A, A))'],"
        " wrt: A, answer: dA}\n",
        encoding="utf-8",
    )
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert "That would build a tensor of" in out.out


def test_the_fixture_differentials_in_every_face(valid_bank) -> None:
    from trainer.plain.render import PROMPTS, part_line
    from trainer.practice.i18n import Labels

    question = valid_bank.questions["v12-d-inv"]
    assert part_line(question, "differential", Labels("en")) == "dY for a change dA of A?"
    assert part_line(question, "shape", Labels("en")) == "Shape of dY?"
    assert "dA" in part_line(question, "differential", Labels("zh"))
    assert PROMPTS["differential"] == "differential> "
