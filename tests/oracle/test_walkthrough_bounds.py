"""The walkthrough's bounds: how many steps it accepts, how much a step prints, and a question
whose shapes break at some seed's sizes reported at its line (never a KeyError)."""

from __future__ import annotations

from collections.abc import Callable

from big_questions import chain, fanout

from trainer.errors import TrainerError
from trainer.oracle import Judge, Oracle, Walkthrough, no_walkthrough
from trainer.oracle.validate import validate_question
from trainer.questions import Question
from trainer.questions.bounds import MAX_STEPS

BREAKS_AT_SOME_SIZES = """
- id: breaks
  title: x + c broadcasts only when n is 1 or 3
  dims: {n: 1..3}
  given: {x: [n], c: [3]}
  forward:
    - z = x + c
    - loss = sum(z * z)
  wrt: x
  prompt: What is the gradient?
  answer: 2 * sum(z) * ones(n)
"""


def test_a_walkthrough_of_more_steps_than_the_limit_is_refused_at_the_forward_line(
    make_question: Callable[[str], Question],
) -> None:
    question = make_question(chain(MAX_STEPS))  # MAX_STEPS nodes and wrt: one step too many
    reason = no_walkthrough(question)
    assert reason is not None and reason.key == "no_walkthrough_too_long"
    assert reason.params["count"] == MAX_STEPS + 1
    problems = validate_question(question)
    assert [(p.msg.key, p.line) for p in problems] == [
        ("no_walkthrough_too_long", question.line_of("forward"))
    ]


def test_a_walkthrough_at_the_limit_is_accepted(make_question: Callable[[str], Question]) -> None:
    question = make_question(chain(MAX_STEPS - 1))
    assert no_walkthrough(question) is None
    assert len(Walkthrough(Oracle(question)).steps) == MAX_STEPS


def test_a_step_lists_a_few_names_then_how_many_more(
    make_question: Callable[[str], Question],
) -> None:
    walk = Walkthrough(Oracle(make_question(chain(60))))
    last = walk.steps[-1]  # x: it may use the adjoints of all 61 nodes before it
    assert len(last.uses) == 61
    assert last.shown_uses["en"] == "dloss, dh59, dh58, dh0 and 57 more"
    assert last.shown_uses["zh"] == "dloss、dh59、dh58、dh0 及另外 57 个"
    assert "dh0" in last.some_uses  # its own user's adjoint is always among the few shown


def test_a_fanout_step_lists_a_few_users(make_question: Callable[[str], Question]) -> None:
    walk = Walkthrough(Oracle(make_question(fanout(40))))
    last = walk.steps[-1]
    assert len(last.users) == 40
    assert last.shown_users["en"] == "a0, a1, a2, a3 and 36 more"


def test_a_wide_fanout_reference_is_derived_and_judged(
    make_question: Callable[[str], Question],
) -> None:
    """The reference of x sums 49 terms: tidied without running out of stack."""
    walk = Walkthrough(Oracle(make_question(fanout(49))))
    reference = walk.reference("x")
    assert reference.source == "derived" and reference.text is not None
    assert reference.text.count("+") == 48


def test_shapes_that_break_at_some_sizes_are_reported_at_the_line_never_a_key_error(
    make_question: Callable[[str], Question],
) -> None:
    """At a seed whose first sizes break `z = x + c`, the steps report that line; at the others
    they are built (the trials report the line when judged)."""
    question = make_question(BREAKS_AT_SOME_SIZES)
    reported = 0
    for seed in range(8):
        walk = Judge().walkthrough(question, seed)
        assert walk is not None
        try:
            walk.steps  # noqa: B018 - reading the steps builds them
        except TrainerError as error:
            assert error.msg.key == "forward_error"
            reported += 1
    assert reported > 0
