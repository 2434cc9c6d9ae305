"""A finished walkthrough composed back into the question's answer: each step's reference
written into the steps that use its adjoint, in the given names, and judged right."""

from __future__ import annotations

from collections.abc import Callable

from walkthrough_questions import CHAIN, MLP, UPSTREAM

from trainer.oracle import Oracle, Walkthrough, no_walkthrough
from trainer.oracle.composed import composed
from trainer.questions import Question, load_bank

Make = Callable[[str], Question]


def _composed(make_question: Make, text: str) -> str | None:
    return composed(Walkthrough(Oracle(make_question(text))))


def test_the_mlp_steps_compose_into_the_gradient_in_the_given_names(make_question) -> None:
    assert _composed(make_question, MLP) == "outer(W2.T @ o * step(z), x)"


def test_a_chain_with_a_scalar_seed_loses_the_ones(make_question) -> None:
    assert _composed(make_question, CHAIN) == "outer(step(z), x)"


def test_an_upstream_seed_is_written_by_its_name(make_question) -> None:
    text = _composed(make_question, UPSTREAM)
    assert text is not None and "g" in text and "dz" not in text and "dy" not in text
    assert Oracle(make_question(UPSTREAM)).judge_value(text).correct


def test_an_authored_step_that_is_wrong_composes_into_nothing(make_question) -> None:
    """The composed text is only shown when judged right: a wrong authored step (which
    `trainer check` would refuse) must not put a wrong answer on the screen."""
    wrong = MLP + "  steps:\n    h: 2 * do\n"
    assert _composed(make_question, wrong) is None


def test_a_composition_longer_than_an_answer_is_not_shown(make_question) -> None:
    """Each layer uses the one before eight times: every step is short, but written out in
    place the adjoint of u0 repeats 8**4 times, far past an answer's length."""
    layers = [
        f"    - u{k} = " + " + ".join(f"sin({j} * u{k - 1})" for j in range(1, 9)) + "\n"
        for k in range(1, 5)
    ]
    question = make_question(
        "- id: wide\n  title: Eight uses a layer\n  dims: {n: 2..4}\n  given: {x: [n]}\n"
        "  forward:\n    - u0 = 2 * x\n" + "".join(layers) + "    - loss = sum(u4)\n"
        "  wrt: x\n  prompt: What is ∂loss/∂x?\n  answer: x\n"
    )
    walkthrough = Walkthrough(Oracle(question))
    assert all(walkthrough.derive(step.node) for step in walkthrough.steps)
    assert composed(walkthrough) is None


def test_every_bundled_walkthrough_composes_into_a_right_answer() -> None:
    bank = load_bank()
    missing = []
    for qid, question in sorted(bank.questions.items()):
        if no_walkthrough(question) is None and composed(Walkthrough(Oracle(question))) is None:
            missing.append(qid)
    assert missing == []
