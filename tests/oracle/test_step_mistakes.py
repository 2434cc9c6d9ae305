"""Listed mistakes of a walkthrough step, written in the question's `steps:` entry: their text
is shown for that step alone, their code still comes from the ladder, and `trainer check`
refuses one that is right or cannot be evaluated."""

from __future__ import annotations

from walkthrough_questions import MLP

from trainer.oracle import Walkthrough
from trainer.oracle.judge import Judge
from trainer.oracle.validate import validate_question
from trainer.questions.fields import json_schema

MLP_STEPS = (
    MLP.replace("id: mlp\n", "id: mlp-steps\n")
    + """\
  steps:
    h: W2.T @ do
    z:
      mistakes:
        - answer: dh
          says: {en: "Forgot relu's mask.", zh: "漏了 relu 的掩码。"}
    W1:
      answer: outer(dz, x)
      mistakes:
        - answer: outer(x, dz)
          says: W1 is (k, d), so dz comes first.
"""
)


def test_a_step_mistake_gives_its_text_and_the_ladders_code(make_question) -> None:
    question = make_question(MLP_STEPS)
    assert question.steps["z"].expression is None
    assert [m.answer for m in question.steps["z"].mistakes] == ["dh"]
    walkthrough = Walkthrough(Judge().oracle(question))
    verdict = walkthrough.judge("z", "dh")
    assert verdict.listed and verdict.message_text() == "Forgot relu's mask."
    assert verdict.message_text("zh") == "漏了 relu 的掩码。"
    assert verdict.diagnosis == "mask"


def test_a_step_mistake_is_for_its_step_only(make_question) -> None:
    question = make_question(MLP_STEPS)
    walkthrough = Walkthrough(Judge().oracle(question))
    verdict = walkthrough.judge("h", "dh")  # not a mistake listed for h
    assert not verdict.listed
    assert walkthrough.reference("z").source == "derived"  # no answer: the reference is derived
    assert walkthrough.reference("W1").text == "outer(dz, x)"
    transposed = walkthrough.judge("W1", "outer(x, dz)")
    assert transposed.listed and transposed.diagnosis == "transposed"


def test_the_bank_checks_accept_valid_step_mistakes(make_question) -> None:
    assert validate_question(make_question(MLP_STEPS)) == []


def test_a_step_mistake_that_is_right_is_refused(make_question) -> None:
    text = MLP_STEPS.replace("- answer: dh\n", "- answer: dh * step(z)\n")
    problems = validate_question(make_question(text))
    assert [p.msg.key for p in problems] == ["mistake_correct"]


def test_a_step_mistake_that_does_not_evaluate_is_refused(make_question) -> None:
    text = MLP_STEPS.replace("- answer: dh\n", "- answer: dq\n")
    problems = validate_question(make_question(text))
    assert [p.msg.key for p in problems] == ["mistake_invalid"]


def test_an_unknown_key_in_a_step_is_reported(write_deck) -> None:
    from trainer.questions import load_bank

    text = MLP_STEPS.replace(
        "      mistakes:\n        - answer: dh", "      mistake:\n        - answer: dh"
    )
    bank = load_bank([write_deck(text)])
    assert any("mistake" in p.format() and "mistakes" in p.format() for p in bank.problems)


def test_the_schema_knows_a_step_with_mistakes() -> None:
    schema = json_schema()
    step = schema["$defs"]["step"]
    assert set(step["properties"]) == {"answer", "mistakes"}
    steps = schema["$defs"]["question"]["properties"]["steps"]
    assert {"$ref": "#/$defs/step"} in steps["additionalProperties"]["oneOf"]
