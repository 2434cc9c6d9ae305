"""The one judge: every gate an answer passes, said the same way by every surface, the memo of
verdicts and the bounded pool of oracles."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.oracle import AnswerKind, Judge, Request
from trainer.oracle import oracle as oracle_module
from trainer.oracle.judge import MAX_ORACLES, SEED_BOUND, Gate
from trainer.questions import Bank

TRAINER = Path(__file__).resolve().parents[2] / "trainer"


@pytest.fixture
def judge(valid_bank: Bank) -> Judge:
    return Judge(valid_bank.questions)


def test_an_unknown_id_names_the_closest_one(judge: Judge) -> None:
    verdict = judge.judge(Request("lin-dx", "x"))
    assert (verdict.id, verdict.verdict, verdict.kind) == ("lin-dx", "invalid", "value")
    assert verdict.message_text() == "Unknown question id 'lin-dx'. Did you mean lin-dw?"


@pytest.mark.parametrize(
    ("request_", "gate", "kind", "step"),
    [
        (Request("memory-choice", "(m,)", AnswerKind.SHAPE), Gate.SHAPE_ON_CHOICE, "shape", None),
        (Request("lin-dw", "x", seed=SEED_BOUND), Gate.SEED, "value", None),
        (Request("lin-dw", "x", seed=-SEED_BOUND - 1), Gate.SEED, "value", None),
        (Request("memory-choice", "1", node="x"), Gate.NO_WALKTHROUGH, "step", "x"),
        (Request("relu-dw", "(m,)", AnswerKind.SHAPE, node="z"), Gate.NO_WALKTHROUGH, "step", "z"),
        (Request("relu-dw", "dh", AnswerKind.STEP, node="q"), Gate.NOT_A_STEP, "step", "q"),
    ],
)
def test_every_gate_refuses_before_any_oracle_is_built(
    judge: Judge, monkeypatch, request_: Request, gate: Gate, kind: str, step: str | None
) -> None:
    def never(*args: object) -> None:
        raise AssertionError("a refused answer built trials")

    monkeypatch.setattr(oracle_module, "build_trials", never)
    refused = judge.refusal(request_)
    assert refused is not None and refused.gate is gate
    verdict = judge.judge(request_)
    assert (verdict.verdict, verdict.kind, verdict.step) == ("invalid", kind, step)
    assert verdict.message == refused.message()


def test_one_refusal_says_one_fact_in_each_surfaces_words(judge: Judge) -> None:
    not_a_step = judge.refusal(Request("relu-dw", "dh", AnswerKind.STEP, node="q"))
    assert not_a_step is not None
    steps = ", ".join(not_a_step.nodes)
    assert "z" in not_a_step.nodes
    assert not_a_step.message().text() == (
        f"q is not a step of the walkthrough; its steps are {steps}."
    )
    assert not_a_step.usage() == f"q is not a step of relu-dw; steps: {steps}"
    shape = judge.refusal(Request("memory-choice", "(m,)", AnswerKind.SHAPE))
    assert shape is not None
    assert shape.message().key == "shape_flag"
    assert shape.usage() == "memory-choice: --shape does not apply to a choice question."


def test_a_value_answer_to_a_choice_question_is_its_choice(judge: Judge) -> None:
    verdict = judge.judge(Request("memory-choice", "7"))
    assert verdict.kind == "choice"


def test_every_spelling_of_one_answer_is_judged_once(judge: Judge, monkeypatch) -> None:
    calls: list[str] = []
    original = oracle_module.Oracle.judge

    def counting(self, answer: str, kind: str):
        calls.append(answer)
        return original(self, answer, kind)

    monkeypatch.setattr(oracle_module.Oracle, "judge", counting)
    first = judge.judge(Request("lin-dw", "outer(ones(m), x)"))
    again = judge.judge(Request("lin-dw", "outer( ones(m) , x )"))
    assert calls == ["outer(ones(m), x)"]
    assert first.correct and again.correct
    assert again.answer == "outer( ones(m) , x )"  # the verdict keeps the text as typed
    judge.judge(Request("lin-dw", "outer(ones(m), x)", seed=1))
    assert len(calls) == 2  # another seed, other trials


def test_the_pool_keeps_a_bounded_number_of_oracles(judge: Judge) -> None:
    for seed in range(MAX_ORACLES + 5):
        judge.judge(Request("lin-dw", "x", seed=seed))
    assert len(judge._pool) == MAX_ORACLES


def test_an_unbounded_judge_keeps_every_oracle_until_told_to_forget(valid_bank: Bank) -> None:
    judge = Judge(valid_bank.questions, bounded=False)
    question = valid_bank.questions["lin-dw"]
    oracles = [judge.oracle(question, seed) for seed in range(MAX_ORACLES + 5)]
    assert all(judge.oracle(question, seed) is o for seed, o in enumerate(oracles))
    judge.forget("lin-dw")
    assert judge.oracle(question, 0) is not oracles[0]


def test_nothing_outside_the_oracle_package_constructs_an_oracle() -> None:
    found = [
        f"{path.relative_to(TRAINER)}:{number}"
        for path in TRAINER.rglob("*.py")
        if "oracle" not in path.relative_to(TRAINER).parts[:1]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "Oracle(" in line
    ]
    assert found == []
