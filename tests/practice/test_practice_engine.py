"""The practice engine behind the screens (no Textual): one oracle per question at the run's
seed, validated on the trials it judges on; a slow question never holds up another's answer;
every failure comes back as a message, and a verdict never raises."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from trainer.oracle import INVALID
from trainer.oracle import oracle as oracle_module
from trainer.practice.engine import EngineError, PracticeEngine
from trainer.questions import Bank
from trainer.questions.model import AnswerKind


def ready_engine(seed: int = 7) -> PracticeEngine:
    engine = PracticeEngine(seed, "en")
    assert engine.load_torch() is None
    return engine


def test_a_question_is_validated_on_the_trials_it_is_judged_on(
    valid_bank: Bank, monkeypatch
) -> None:
    calls: list[tuple[str, int]] = []
    original = oracle_module.build_trials

    def counting(question, seed, *args):
        calls.append((question.id, seed))
        return original(question, seed, *args)

    monkeypatch.setattr(oracle_module, "build_trials", counting)
    engine = ready_engine(seed=7)
    question = valid_bank.questions["lin-dw"]
    assert engine.validate(question) == []
    assert engine.judge(question, "outer(ones(m), x)", "value").correct
    engine.instance(question, None)
    assert calls == [("lin-dw", 7)]  # one set of trials, at the run's seed


def test_a_slow_question_does_not_hold_up_an_answer_to_another(
    valid_bank: Bank, monkeypatch
) -> None:
    release = threading.Event()
    started = threading.Event()
    original = oracle_module.build_trials

    def slow(question, seed, *args):
        if question.id == "relu-dw":
            started.set()
            assert release.wait(30), "the test never released the slow question"
        return original(question, seed, *args)

    monkeypatch.setattr(oracle_module, "build_trials", slow)
    engine = ready_engine()
    validating = threading.Thread(target=engine.validate, args=(valid_bank.questions["relu-dw"],))
    validating.start()
    try:
        assert started.wait(30)
        verdict = engine.judge(valid_bank.questions["lin-dw"], "outer(ones(m), x)", "value")
        assert verdict.correct and validating.is_alive()  # judged while the other still checks
    finally:
        release.set()
        validating.join(30)


def test_every_failure_comes_back_as_an_invalid_verdict(valid_bank: Bank, monkeypatch) -> None:
    engine = ready_engine()

    def broken(self, *args: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(oracle_module.Oracle, "instance", broken)
    with pytest.raises(EngineError) as caught:
        engine.instance(valid_bank.questions["lin-dw"], None)
    assert caught.value.text == "ZeroDivisionError: a bug"


def test_an_engine_failure_is_an_invalid_verdict_that_says_why(
    valid_bank: Bank, monkeypatch
) -> None:
    engine = ready_engine()

    def broken(self, answer: str, kind: str) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(oracle_module.Oracle, "judge", broken)
    verdict = engine.judge(valid_bank.questions["lin-dw"], "x", "value")
    assert verdict.verdict == "invalid" and verdict.id == "lin-dw" and verdict.answer == "x"
    assert verdict.message_text() == "ZeroDivisionError: a bug"
    with pytest.raises(EngineError) as caught:  # other work still says so by raising
        engine.run(valid_bank.questions["lin-dw"], lambda oracle: oracle.judge("x", "value"))
    assert caught.value.text == "ZeroDivisionError: a bug"
    assert (verdict.id, verdict.kind, verdict.answer) == ("lin-dw", AnswerKind.VALUE, "x")


def test_torch_that_cannot_load_is_said_for_every_check(valid_bank: Bank) -> None:
    engine = PracticeEngine(0, "zh")
    engine.torch_error = "ImportError: no torch"
    engine.torch_ready.set()
    verdict = engine.judge(valid_bank.questions["lin-dw"], "x", "value")
    assert verdict.verdict == "invalid"
    text = verdict.message_text("zh")
    assert "ImportError: no torch" in text
    assert text != "PyTorch could not be loaded: ImportError: no torch"  # in Chinese


def test_an_answer_that_does_not_read_is_judged_without_torch(valid_bank: Bank) -> None:
    engine = PracticeEngine(0, "en")  # torch never loaded: a wait for it would never end
    verdict = engine.judge(valid_bank.questions["lin-dw"], "outer(ones(m), ", "value")
    assert verdict.verdict == "invalid" and verdict.column is not None
    step = engine.judge(valid_bank.questions["relu-dw"], "dh *", "step", node="z")
    assert (step.verdict, step.kind, step.step) == ("invalid", "step", "z")
    assert not engine.torch_ready.is_set()


def test_a_step_is_judged_by_the_same_method(valid_bank: Bank) -> None:
    engine = ready_engine()
    question = valid_bank.questions["relu-dw"]
    verdict = engine.judge(question, "dh * step(z)", "value", node="z")
    assert verdict.correct and (verdict.kind, verdict.step) == ("step", "z")
    wrong = engine.judge(question, "dh", "value", node="q")
    assert wrong.verdict == "invalid" and "is not a step" in wrong.message_text()


def test_an_answer_that_does_not_read_is_invalid_at_once_without_torch(valid_bank: Bank) -> None:
    engine = PracticeEngine(0, "en")  # torch never loaded: judging a readable answer would wait
    verdict = engine.judge(valid_bank.questions["lin-dw"], "outer(ones(m), x", "value")
    assert verdict.verdict == INVALID
    assert verdict.message_text() == "A bracket opened here is never closed."
    assert verdict.column == 6 and verdict.step is None
    assert not engine.torch_ready.is_set()


def test_a_walkthrough_step_is_judged_by_the_same_method(valid_bank: Bank) -> None:
    engine = ready_engine()
    question = valid_bank.questions["lin-dw"]
    step = engine.walkthrough(question).steps[0]
    reference = engine.reference(question, step.node).text
    assert reference is not None
    verdict = engine.judge(question, reference, AnswerKind.STEP, step.node)
    assert verdict.correct and verdict.step == step.node and verdict.kind == AnswerKind.STEP
    unread = engine.judge(question, "(", AnswerKind.STEP, step.node)
    assert unread.verdict == INVALID and unread.step == step.node


def test_the_preview_needs_no_torch(valid_bank: Bank) -> None:
    engine = PracticeEngine(0, "en")  # torch never loaded
    preview = engine.preview(valid_bank.questions["lin-dw"], "outer(ones(m), x)", "value")
    assert (preview.text, preview.shape) == ("outer(ones(m), x)", "(m, n)")
    assert not engine.torch_ready.is_set()


def test_forgotten_questions_get_a_new_oracle(valid_bank: Bank) -> None:
    engine = ready_engine()
    question = valid_bank.questions["lin-dw"]
    first = engine.walkthrough(question)
    engine.forget([question.id])
    assert engine.walkthrough(question) is not first


_ = Callable
