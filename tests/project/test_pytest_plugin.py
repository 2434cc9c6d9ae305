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


OPT_IN = "[pytest]\ntrainer_questions = questions\n"
RUN = ("-p", "no:textual-snapshot", "-p", "no:cacheprovider", "-rA")


def _write(pytester: pytest.Pytester, path: str, text: str) -> None:
    target = pytester.path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


@pytest.fixture
def run(pytester: pytest.Pytester):
    pytester.makeini(OPT_IN)
    _write(pytester, "questions/deck.yaml", GOOD_AND_BAD)
    return pytester.runpytest(*RUN)


def test_each_question_is_an_item_named_by_its_id(run) -> None:
    run.assert_outcomes(passed=1, failed=2)
    run.stdout.fnmatch_lines(
        ["*PASSED questions/deck.yaml::good-one*", "*FAILED questions/deck.yaml::wrong-answer*"]
    )


def test_failures_carry_the_checker_message_at_the_real_line(run) -> None:
    out = run.stdout.str()
    assert "deck.yaml:19: wrong-answer: The reference answer is judged wrong_value" in out
    assert "deck.yaml:21: typo-key: Unknown key titel. Did you mean title?" in out


def test_yaml_outside_the_named_folders_is_left_alone(pytester: pytest.Pytester) -> None:
    """A course's survey.yaml with a `questions:` line is not a question file of ours."""
    pytester.makeini(OPT_IN)
    _write(pytester, "questions/deck.yaml", GOOD_AND_BAD.split("  - id: wrong-answer")[0])
    _write(pytester, "survey.yaml", "title: Course survey\nquestions:\n  - How was it?\n")
    _write(pytester, "docs/deck.yaml", "deck: x\nquestions: [oops]\n")
    pytester.makepyfile(test_dummy="def test_ok():\n    assert True\n")
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(passed=2)


def test_without_the_option_no_yaml_is_collected(pytester: pytest.Pytester) -> None:
    _write(pytester, "questions/deck.yaml", GOOD_AND_BAD)
    pytester.makepyfile(test_dummy="def test_ok():\n    assert True\n")
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(passed=1)


def test_a_broken_file_fails_as_one_item(pytester: pytest.Pytester) -> None:
    pytester.makeini(OPT_IN)
    _write(pytester, "questions/broken.yaml", "- just\n- a list\n")
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*broken.yaml:1: -: A question file is a mapping*"])


def test_two_files_with_one_deck_id_fail_as_trainer_check_does(pytester: pytest.Pytester) -> None:
    from trainer.cli import main

    pytester.makeini(OPT_IN)
    one = GOOD_AND_BAD.split("  - id: wrong-answer")[0]
    _write(pytester, "questions/a.yaml", one)
    _write(pytester, "questions/b.yaml", one.replace("good-one", "other-one"))
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*b.yaml:1: plugin-demo: The deck id plugin-demo is used again*"])
    assert main(["check", str(pytester.path / "questions")]) == 1
