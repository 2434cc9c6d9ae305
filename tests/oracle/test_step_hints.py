"""A step's hint gives the local rules in the question's own names and for the operands'
kinds, one operation at a time, and every rule it shows is a formula that evaluates."""

from __future__ import annotations

from walkthrough_questions import MLP

from trainer.notation import Evaluator
from trainer.oracle import Oracle, Walkthrough, no_walkthrough
from trainer.questions import load_bank

DOT = """
- id: dot
  title: A dot product
  dims: {n: 2..6}
  given: {a: [n], x: [n]}
  forward:
    - y = a @ x
  of: y
  wrt: x
  prompt: What is ∂y/∂x?
  answer: a
"""

UPSTREAM_G = """
- id: upstream-g
  title: g is the upstream
  dims: {n: 2..6}
  given: {x: [n], g: [n]}
  forward:
    - y = sin(x)
  of: y
  upstream: g
  wrt: x
  prompt: What is ∂loss/∂x?
  answer: g * cos(x)
"""


def test_a_dot_product_of_two_vectors_gets_the_vector_rule(make_question) -> None:
    """`a.T @ g` (the matrix rule) is refused for vectors; the hint must not lead there."""
    text = Walkthrough(Oracle(make_question(DOT))).hint("x").text()
    assert "a @ x → x: g * a" in text and ".T" not in text


def test_rules_come_one_at_a_time(make_question) -> None:
    walkthrough = Walkthrough(Oracle(make_question(MLP)))
    first, second = walkthrough.hint("o"), walkthrough.hint("o", 1)
    assert "sum(o * o) / 2 → sum(o * o): g / 2" in first.text()
    assert "→ o * o" not in first.text() and "Ask for a hint again" in first.text()
    assert "sum(o * o) / 2 → sum(o * o): g / 2; sum(o * o) → o * o:" in second.text()


def test_a_sum_that_passes_the_adjoint_on_is_not_a_hint_of_its_own(make_question) -> None:
    text = Walkthrough(Oracle(make_question(MLP))).hint("h").text()
    assert "W2 @ h → h: W2.T @ g" in text and "+ b2 →" not in text


def test_g_is_spelled_otherwise_where_the_question_names_its_upstream_g(make_question) -> None:
    text = Walkthrough(Oracle(make_question(UPSTREAM_G))).hint("x").text()
    assert "sin(x) → x: g_out * cos(x)" in text
    assert "(g_out is the adjoint of that operation's result)" in text


def test_every_rule_a_bundled_hint_shows_evaluates() -> None:
    """Over every step of every bundled walkthrough: each rule, with its g bound to the shape
    of the operation's result, reads and evaluates (shapes agree) in the question's names."""
    failures = []
    rules = 0
    for qid, question in sorted(load_bank().questions.items()):
        if no_walkthrough(question) is not None:
            continue
        walkthrough = Walkthrough(Oracle(question))
        shapes, dims = walkthrough.oracle.shape_names, walkthrough.oracle.preview_dims
        for step in walkthrough.steps:
            for rule in walkthrough.hint_rules(step.node):
                rules += 1
                names = {**shapes, rule.g_name: rule.g_value}
                try:
                    Evaluator(names, dims, build=False).evaluate(rule.rule)
                except Exception as error:
                    failures.append(f"{qid} {step.node}: {rule.text}: {error}")
    assert not failures, "\n".join(failures)
    assert rules >= 200
