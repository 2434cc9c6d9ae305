"""What the checker says on the bundled bank and the test fixtures, question by question.

A message that names two shapes never names the same shape twice as if they differed (a square
gradient transposed has the gradient's shape). And no message gives the answer away: for every
listed mistake and a few slips of the reference (transposed, doubled, negated, zeroed), every
rung of the diagnosis ladder that fires on it, and the listed mistake's own words, rendered in
English and Chinese, do not contain the reference answer in any of its spellings. A message
points at the rule ("sum over the batch"), never at the expression that results.

Left out: a reference that is one bare name (`x`: the letter is everywhere in prose; reviewed
by hand), and shape answers (the gradient's shape is wrt's, printed with the given tensors).
"""

from __future__ import annotations

import contextlib

import pytest
from spellings import answer_spellings, is_bare_name, leaked

from trainer.cli import main
from trainer.errors import NotationError
from trainer.messages import Msg
from trainer.oracle import Oracle, Walkthrough, no_walkthrough
from trainer.oracle.evidence import Evidence
from trainer.oracle.ladder import VALUE_LADDER, Finding, listed_mistake
from trainer.questions import Bank, Question, bundled_bank_path, load_bank

# messages that set the answer's shape against the expected one
SHAPE_KEYS = {"transposed", "transposed_shape", "reshaped", "wrong_shape", "shape_differs"}


@pytest.fixture(scope="module")
def banks(valid_bank: Bank) -> list[Bank]:
    bundled = load_bank([bundled_bank_path()])
    assert not bundled.problems, [p.format() for p in bundled.problems]
    return [bundled, valid_bank]


def _value_questions(banks: list[Bank]) -> list[Question]:
    return [
        q
        for bank in banks
        for q in bank.questions.values()
        if not q.is_choice and q.answer is not None and "value" in q.ask
    ]


def test_no_shape_message_names_one_shape_as_two(banks: list[Bank]) -> None:
    contradictions, squares = [], 0
    for question in _value_questions(banks):
        oracle = Oracle(question)
        answers = [f"({question.answer}).T", *(m.answer for m in question.mistakes)]
        for answer in answers:
            try:
                verdict = oracle.judge_value(answer)
            except NotationError:
                continue
            message = verdict.message
            if message is None or verdict.correct:
                continue
            squares += message.key == "transposed_square"
            params = message.params
            if message.key in SHAPE_KEYS and params.get("shape") == params.get("expected"):
                contradictions.append((question.id, answer, message.text()))
    assert contradictions == []
    assert squares >= 1, "the bank has a square gradient whose transpose is told as such"


def test_the_square_inverse_is_told_it_is_transposed(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["answer", "mat-inverse-upstream", "-inv(X) @ G.T @ inv(X)"])
    out = capsys.readouterr().out
    assert code == 1
    assert out == (
        "wrong_value: The gradient is the transpose of yours: both have X's shape (n, n), but "
        "your rows are its columns.\n"
    )


LANGUAGES = ("en", "zh")


def _slips(reference: str) -> list[str]:
    """Wrong answers near the reference, for rungs no listed mistake reaches."""
    return [f"({reference}).T", f"2 * ({reference})", f"-({reference})", f"0 * ({reference})"]


def _evidence(oracle: Oracle, answer: str) -> Evidence | None:
    """The record the ladder reads, built as the oracle builds it for a wrong value answer."""
    question = oracle.question
    try:
        values = oracle.evaluate(answer)
    except NotationError:
        return None
    mistakes = []
    for mistake in question.mistakes:
        with contextlib.suppress(NotationError):
            mistakes.append((mistake, [v.tensor for v in oracle.evaluate(mistake.answer)]))
    tensors = [v.tensor for v in values]
    target = oracle.target()
    return Evidence(
        question, oracle.paths, target, oracle.trials, tensors, values[0].labels, mistakes
    )


def _every_rung(evidence: Evidence) -> list[tuple[str, Msg]]:
    """The listed mistake's words and each rung's message that fires (the last rung, values
    differ, only where the shapes agree: the ladder stops at wrong_shape before it)."""
    found: list[tuple[str, Msg]] = []
    listed = listed_mistake(evidence)
    if listed is not None:
        found.append(("listed mistake", listed))
    for rung in VALUE_LADDER:
        if rung is VALUE_LADDER[-1] and not evidence.same_shape:
            continue
        message = rung.find(evidence)
        if isinstance(message, Finding):
            message = message.message
        if message is not None:
            found.append((rung.find.__name__, message))
    return found


def test_no_message_contains_the_reference_answer(banks: list[Bank]) -> None:
    leaks, judged = [], 0
    for question in _value_questions(banks):
        reference = str(question.answer)
        if is_bare_name(reference):
            continue
        spellings = answer_spellings(reference)
        oracle = Oracle(question)
        for answer in [*(m.answer for m in question.mistakes), *_slips(reference)]:
            evidence = _evidence(oracle, answer)
            if evidence is None or oracle.judge_value(answer).correct:
                continue
            for rung, message in _every_rung(evidence):
                judged += 1
                for lang in LANGUAGES:
                    text = message.text(lang)
                    if leaked(text, spellings):
                        leaks.append(f"{question.id} | {answer} | {rung} ({lang}): {text}")
    assert leaks == [], "\n".join(leaks)
    assert judged > 500, "the rungs fired on the bank's mistakes and slips"


def _step_evidence(walkthrough: Walkthrough, node: str, answer: str) -> Evidence | None:
    """The record the ladder reads for an answer to a walkthrough step, as the oracle builds
    it: the step's adjoint names bound, its own listed mistakes."""
    oracle = walkthrough.oracle
    bound, adjoints = walkthrough.bindings(node)
    authored = oracle.question.steps.get(node)
    mistakes = []
    for mistake in authored.mistakes if authored is not None else ():
        with contextlib.suppress(NotationError):
            values = oracle.evaluate(mistake.answer, bound, adjoints)
            mistakes.append((mistake, [v.tensor for v in values]))
    try:
        values = oracle.evaluate(answer, bound, adjoints)
    except NotationError:
        return None
    tensors = [v.tensor for v in values]
    target = oracle.target(node)
    return Evidence(
        oracle.question, oracle.paths, target, oracle.trials, tensors, values[0].labels, mistakes
    )


def test_no_step_message_contains_the_step_reference(banks: list[Bank]) -> None:
    """The same on every step of every walkthrough: the step's listed mistakes, slips of its
    reference and the adjoints it may use (stopping a step early), against its reference."""
    leaks, judged = [], 0
    for question in _value_questions(banks):
        if no_walkthrough(question) is not None:
            continue
        walkthrough = Walkthrough(Oracle(question))
        for step in walkthrough.steps:
            reference = walkthrough.reference(step.node).text
            if reference is None or is_bare_name(reference):
                continue
            spellings = answer_spellings(reference)
            authored = question.steps.get(step.node)
            answers = [
                *(m.answer for m in (authored.mistakes if authored is not None else ())),
                *_slips(reference),
                *(name for name in step.uses if name.startswith("d")),
            ]
            for answer in answers:
                evidence = _step_evidence(walkthrough, step.node, answer)
                if evidence is None or walkthrough.judge(step.node, answer).correct:
                    continue
                for rung, message in _every_rung(evidence):
                    judged += 1
                    for lang in LANGUAGES:
                        text = message.text(lang)
                        if leaked(text, spellings):
                            leaks.append(
                                f"{question.id} step {step.node} | {answer} | {rung} ({lang}): "
                                f"{text}"
                            )
    assert leaks == [], "\n".join(leaks)
    assert judged > 500, "the rungs fired on the steps' mistakes and slips"
