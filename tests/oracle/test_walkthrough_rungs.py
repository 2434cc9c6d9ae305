"""The two rungs of walkthrough.md section 4, on value answers and on step answers alike:
"stopped early" (the answer is the adjoint of a node between wrt and `of`) and "a path missed"
(the answer follows only some uses of a node used by several later nodes). Both come right after
a listed mistake and before every other rung, and never fire on a correct answer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from walkthrough_questions import CHAIN, MLP, UPSTREAM

from trainer.oracle import Diagnosis, Oracle, Walkthrough
from trainer.oracle.ladder import VALUE_LADDER
from trainer.questions import Question, load_bank

TWO_PATHS = """
- id: two-paths
  title: x used twice
  dims: {n: 2..6}
  given: {x: [n]}
  forward:
    - y = x * 2
    - z = sin(x)
    - loss = sum(y * z)
  wrt: x
  prompt: What is ∂loss/∂x?
  answer: 2 * z + y * cos(x)
"""

BETWEEN = """
- id: between
  title: u used twice
  dims: {n: 2..6}
  given: {x: [n]}
  forward:
    - u = x * 3
    - y = u * 2
    - z = sin(u)
    - loss = sum(y * z)
  wrt: x
  prompt: What is ∂loss/∂x?
  answer: 3 * (2 * z + y * cos(u))
"""

THREE_PATHS = """
- id: three-paths
  title: x used three times
  dims: {n: 2..6}
  given: {x: [n]}
  forward:
    - p = x * 2
    - r = cos(x)
    - s = exp(x)
    - loss = sum(p) + sum(r) + sum(s)
  wrt: x
  prompt: What is ∂loss/∂x?
  answer: 2 - sin(x) + exp(x)
"""


@pytest.fixture
def oracle(make_question: Callable[[str], Question]) -> Callable[[str], Oracle]:
    return lambda text: Oracle(make_question(text))


def test_the_two_rungs_come_first_in_the_ladder() -> None:
    assert [rung.code for rung in VALUE_LADDER[:2]] == [
        Diagnosis.STOPPED_EARLY,
        Diagnosis.PATH_MISSED,
    ]


# --- stopped early ------------------------------------------------------------------------------


def test_answering_dz_for_dw1_is_stopped_early_at_z_before_the_product(oracle) -> None:
    """The step not taken is the @'s: the code names it, the message names the rule and the
    operand, never the expression that results (outer(dz, x) is the step's answer)."""
    verdict = oracle(MLP).judge_value("step(z) * (W2.T @ o)")
    assert verdict.verdict == "wrong_shape"
    assert verdict.diagnosis == "matmul" and not verdict.listed
    assert verdict.message.key == "stopped_matmul"
    assert verdict.message_text() == (
        "That is ∂loss/∂z, the gradient at z = W1 @ x + b1. Carry it through the product to W1 "
        "by the rule of @: multiply it by x, on the side and with the transposes that give W1's "
        "shape."
    )
    assert "outer" not in verdict.message_text("zh")


def test_stopping_further_up_names_the_next_node_too(oracle) -> None:
    verdict = oracle(MLP).judge_value("o")
    assert verdict.diagnosis == "matmul"
    assert verdict.message_text() == (
        "That is ∂loss/∂o, the gradient at o = W2 @ h + b2. Carry it through the product to h "
        "by the rule of @: multiply it by W2, on the side and with the transposes that give h's "
        "shape. Then carry it on to W1."
    )


def test_the_bundled_mlp_says_stopped_early_for_dz() -> None:
    bank = load_bank()
    verdict = Oracle(bank.questions["act-mlp-dw1"]).judge_value("step(z) * (W2.T @ o)")
    assert verdict.diagnosis == "matmul"
    assert "the gradient at z = W1 @ x + b1" in verdict.message_text()


def test_stopped_early_comes_before_a_constant_factor(oracle) -> None:
    """4x is ∂loss/∂y and also half of the truth 8x: the earlier rung names it."""
    verdict = oracle(
        """
        - id: square
          title: y = 2x, loss = sum(y²)
          dims: {n: 2..6}
          given: {x: [n]}
          forward:
            - y = 2 * x
            - loss = sum(y * y)
          wrt: x
          prompt: What is ∂loss/∂x?
          answer: 8 * x
        """
    ).judge_value("4 * x")
    assert verdict.verdict == "wrong_value"
    assert verdict.diagnosis == "stopped_early"
    assert verdict.message_text() == (
        "That is ∂loss/∂y, the gradient at y = 2 * x. Carry it on through y = 2 * x to x."
    )


def test_stopped_early_with_an_upstream_says_grad(oracle) -> None:
    verdict = oracle(UPSTREAM).judge_value("g * (1 - y^2)")
    assert verdict.diagnosis == "matmul"
    assert verdict.message_text().startswith("That is z.grad, the gradient at z = W @ x.")
    assert "multiply it by W, on the side and with the transposes" in verdict.message_text()
    assert "W.T @ dz" not in verdict.message_text()  # the answer, with dz = g * (1 - y^2)


def test_a_listed_mistake_keeps_its_text_on_a_stopped_early_answer(oracle) -> None:
    says = "That is δ = ∂loss/∂z; the weights need δ xᵀ."
    text = MLP + f"  mistakes:\n    - answer: step(z) * (W2.T @ o)\n      says: {says}\n"
    verdict = oracle(text).judge_value("(W2.T @ o) * step(z)")
    assert verdict.message_text() == says
    assert verdict.listed is True
    assert verdict.diagnosis == "matmul"  # the listed mistake's code comes from the same rung


# --- a path missed -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "kept", "missed"),
    [("2 * sin(x)", "y", "z"), ("2 * x * cos(x)", "z", "y")],
)
def test_one_path_of_two_is_a_path_missed(oracle, answer: str, kept: str, missed: str) -> None:
    verdict = oracle(TWO_PATHS).judge_value(answer)
    assert verdict.verdict == "wrong_value"
    assert verdict.diagnosis == "path_missed" and verdict.message.key == "path_missed"
    assert verdict.message_text() == (
        f"That counts only the path through {kept}. x also reaches loss through {missed}: "
        "add the contributions of every path."
    )


def test_a_path_missed_at_a_node_between_names_that_node(oracle) -> None:
    verdict = oracle(BETWEEN).judge_value("6 * sin(u)")
    assert verdict.diagnosis == "path_missed"
    assert verdict.message_text() == (
        "That counts only the path through y. u also reaches loss through z: "
        "add the contributions of every path."
    )


def test_two_paths_of_three_name_both_kept_and_the_missed_one(oracle) -> None:
    verdict = oracle(THREE_PATHS).judge_value("2 - sin(x)")
    assert verdict.diagnosis == "path_missed"
    assert verdict.message_text() == (
        "That counts only the path through p, r. x also reaches loss through s: "
        "add the contributions of every path."
    )


def test_a_path_missed_comes_before_a_constant_factor(oracle) -> None:
    """2 is the path through y of a truth 5: also 0.4 times it, but the path is the cause."""
    verdict = oracle(
        """
        - id: five
          title: 2x + 3x
          dims: {n: 2..6}
          given: {x: [n]}
          forward:
            - y = x * 2
            - z = x * 3
            - loss = sum(y + z)
          wrt: x
          prompt: What is ∂loss/∂x?
          answer: 5 * ones(n)
        """
    ).judge_value("2 * ones(n)")
    assert verdict.diagnosis == "path_missed"


# --- never on a correct answer ------------------------------------------------------------------


@pytest.mark.parametrize("text", [MLP, TWO_PATHS, BETWEEN, THREE_PATHS, CHAIN])
def test_the_rungs_never_fire_on_a_correct_answer(make_question, text: str) -> None:
    question = make_question(text)
    oracle = Oracle(question)
    verdict = oracle.judge_value(question.answer)
    assert verdict.correct and verdict.diagnosis == "correct"
    walkthrough = Walkthrough(oracle)
    for step in walkthrough.steps:
        reference = walkthrough.reference(step.node)
        assert reference.source == "derived"
        verdict = walkthrough.judge(step.node, reference.text)
        assert verdict.correct and verdict.diagnosis == "correct", step.node


def test_a_right_answer_equal_to_an_intermediate_adjoint_is_correct(oracle) -> None:
    """For y = x + b, ∂loss/∂y is the truth itself: the answer is right, not stopped early."""
    verdict = oracle(
        """
        - id: plus
          title: y = x + b
          dims: {n: 2..6}
          given: {x: [n], b: [n]}
          forward:
            - y = x + b
            - loss = sum(y * b)
          wrt: x
          prompt: What is ∂loss/∂x?
          answer: b
        """
    ).judge_value("b")
    assert verdict.correct and verdict.diagnosis == "correct"


# --- the rungs on step answers --------------------------------------------------------------------


def test_answering_dh_for_step_z_says_carry_it_through_relu(make_question) -> None:
    walkthrough = Walkthrough(Oracle(make_question(CHAIN)))
    verdict = walkthrough.judge("z", "dh")
    assert verdict.verdict == "wrong_value"
    assert verdict.diagnosis == "mask"
    assert verdict.message_text() == (
        "That is ∂loss/∂h, the gradient at h = relu(z). The mask is missing: relu is flat where "
        "z ≤ 0, so no gradient gets through there. On the way to z, multiply by relu's "
        "derivative, step(z)."
    )


def test_a_step_stopped_two_nodes_early_names_the_way_on(make_question) -> None:
    walkthrough = Walkthrough(Oracle(make_question(MLP)))
    verdict = walkthrough.judge("W1", "dh")
    assert verdict.diagnosis == "mask"
    assert verdict.message_text().endswith("step(z). Then carry it on to W1.")


@pytest.mark.parametrize(
    ("answer", "kept", "missed"), [("dy * 2", "y", "z"), ("dz * cos(x)", "z", "y")]
)
def test_a_step_that_follows_one_path_is_a_path_missed(
    make_question, answer: str, kept: str, missed: str
) -> None:
    walkthrough = Walkthrough(Oracle(make_question(TWO_PATHS)))
    assert walkthrough.step("x").users == ("y", "z")
    verdict = walkthrough.judge("x", answer)
    assert verdict.diagnosis == "path_missed"
    assert verdict.message_text().startswith(f"That counts only the path through {kept}.")
    assert f"x also reaches loss through {missed}" in verdict.message_text()
    assert walkthrough.judge("x", "dy * 2 + dz * cos(x)").correct


def test_a_step_between_that_follows_one_path_names_its_node(make_question) -> None:
    walkthrough = Walkthrough(Oracle(make_question(BETWEEN)))
    verdict = walkthrough.judge("u", "dy * 2")
    assert verdict.diagnosis == "path_missed"
    assert "u also reaches loss through z" in verdict.message_text()
