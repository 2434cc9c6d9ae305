"""The walkthrough's bounds: how many steps it accepts, how much a step prints, a question
whose shapes break at some seed's sizes reported at its line (never a KeyError), and a reference
that cannot be written out within the bounds (too large to tidy, too slow) said so, in the CLI
too (never a RecursionError)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from big_questions import chain, fanout, power

from trainer.cli import main
from trainer.errors import TrainerError
from trainer.notation.derive import Deriver
from trainer.notation.nodes import Binary, Name, Node, Unary
from trainer.notation.tidy import TooLargeToTidy, tidy, within_tidy_bounds
from trainer.oracle import Judge, Oracle, Reference, Walkthrough, no_walkthrough
from trainer.oracle import walkthrough as walkthrough_module
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


# --- references within bounds ------------------------------------------------------------------


def _left_deep_sum(terms: int) -> Node:
    total: Node = Name(0, "a0")
    for i in range(1, terms):
        total = Binary(0, "+", total, Name(0, f"a{i}"))
    return total


def test_tidying_refuses_a_tree_past_its_bounds_without_recursing() -> None:
    """A sum of 5,000 terms, and a chain 100,000 deep: measured without recursion and refused,
    never a RecursionError."""
    with pytest.raises(TooLargeToTidy):
        tidy(_left_deep_sum(5000), lambda node: ("n",))
    deep: Node = Name(0, "x")
    for _ in range(100_000):
        deep = Unary(0, "-", deep)
    assert not within_tidy_bounds(deep)
    assert within_tidy_bounds(_left_deep_sum(MAX_STEPS))  # the widest fan-out a walkthrough has


def test_a_reference_too_large_to_write_out_says_so(
    make_question: Callable[[str], Question],
) -> None:
    """x * x * … * x (30 factors): the product rule writes 30 terms of 29 factors; the step
    after it is written out as ever."""
    walk = Walkthrough(Oracle(make_question(power(30))))
    assert walk.reference("y") == Reference("ones(n)", "derived")
    reference = walk.reference("x")
    assert (reference.text, reference.source) == (None, "none")
    assert reference.reason is not None and reference.reason.key == "reference_too_large"
    assert reference.reason.text("zh") == "这一步的参考答案太长，无法写出。"
    assert walk.reference("w") == Reference("dx * 2", "derived")
    small = Walkthrough(Oracle(make_question(power(4))))
    assert small.reference("x").source == "derived"


def test_a_derivation_that_overflows_the_stack_is_a_reference_too_large(
    make_question: Callable[[str], Question], monkeypatch: pytest.MonkeyPatch
) -> None:
    def overflow(*args: object) -> Node:
        raise RecursionError("maximum recursion depth exceeded")

    walk = Walkthrough(Oracle(make_question(chain(3))))
    monkeypatch.setattr(Deriver, "reference", overflow)
    reason = walk.reference("x").reason
    assert reason is not None and reason.key == "reference_too_large"


def test_a_reference_slower_than_its_share_of_the_time_limit_says_so(
    make_question: Callable[[str], Question], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walkthrough_module, "REVEAL_TIME_SHARE", 0.0)
    reference = Walkthrough(Oracle(make_question(chain(3)))).reference("x")
    assert reference.source == "none" and reference.reason is not None
    assert reference.reason.key == "reference_too_slow"


def test_steps_reveal_says_why_a_reference_is_not_written(
    write_deck: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_deck(power(30))
    assert main(["steps", "--questions", str(path), "power-30", "--reveal"]) == 0
    out = capsys.readouterr().out
    assert "reference (none): - (This step's reference is too large to write out.)" in out
    assert main(["steps", "--questions", str(path), "power-30", "--reveal", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["steps"]
    assert [row.get("reason") for row in rows] == [
        None,
        "This step's reference is too large to write out.",
        None,
    ]
