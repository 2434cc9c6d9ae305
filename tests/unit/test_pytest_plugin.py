"""The pytest plugin: question files collected as one test item per question."""

from __future__ import annotations

import textwrap

import pytest

# pytester's in-process runs restore sys.modules afterwards; torch must be imported before
# them, because it cannot be imported a second time in one process.
import trainer.oracle  # noqa: F401
from trainer.notation import torch_module

torch_module()
pytest_plugins = ["pytester"]

GOOD_AND_BAD = textwrap.dedent(
    """\
    deck: plugin-demo
    title: Plugin demo
    questions:
      - id: good-one
        title: d sum(x)
        prompt: What is the gradient of sum(x)?
        dims: {n: 2..5}
        given: {x: [n]}
        forward: [loss = sum(x)]
        wrt: x
        answer: ones(n)
      - id: wrong-answer
        title: d sum(x), badly
        prompt: What is the gradient of sum(x)?
        dims: {n: 2..5}
        given: {x: [n]}
        forward: [loss = sum(x)]
        wrt: x
        answer: 2 * ones(n)
      - id: typo-key
        titel: oops
        title: t
        prompt: p
        given: {x: [3]}
        forward: [loss = sum(x)]
        wrt: x
        answer: ones(3)
    """
)


@pytest.fixture
def run(pytester: pytest.Pytester):
    pytester.makefile(".yaml", deck=GOOD_AND_BAD)
    return pytester.runpytest("-p", "no:textual-snapshot", "deck.yaml", "-rA")


def test_each_question_is_an_item_named_by_its_id(run) -> None:
    run.assert_outcomes(passed=1, failed=2)
    run.stdout.fnmatch_lines(["*PASSED deck.yaml::good-one*", "*FAILED deck.yaml::wrong-answer*"])


def test_failures_carry_the_checker_message_at_the_real_line(run) -> None:
    out = run.stdout.str()
    assert "deck.yaml:19: wrong-answer: The reference answer is judged wrong_value" in out
    assert "deck.yaml:21: typo-key: Unknown key titel. Did you mean title?" in out


def test_yaml_that_is_not_a_question_file_is_left_alone(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", config="name: ci\njobs: [build]\n")
    pytester.makepyfile(test_dummy="def test_ok():\n    assert True\n")
    result = pytester.runpytest("-p", "no:textual-snapshot")
    result.assert_outcomes(passed=1)


def test_a_broken_file_named_on_the_command_line_fails_as_one_item(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".yaml", broken="- just\n- a list\n")
    result = pytester.runpytest("-p", "no:textual-snapshot", "broken.yaml")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*broken.yaml:1: -: A question file is a mapping*"])
