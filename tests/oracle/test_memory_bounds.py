"""Memory per question, bounded like time: what one trial holds at its peak and what all the
trials keep, checked on shapes at the largest sizes before anything is built; the trials keep
what is asked of them; and a question's peak memory, measured in a process of its own, stays
within the stated bound where masks would have asked for 24 trials."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from big_questions import deck, masked, over_kept, over_peak, wide

from trainer.oracle import Oracle, validate_question
from trainer.oracle.compare import SHOWN_ENTRIES
from trainer.oracle.forward import (
    MAX_PEAK_ELEMENTS,
    MAX_QUESTION_ELEMENTS,
    MIN_TRIALS,
    Deadline,
    TrialError,
    check_largest,
)
from trainer.oracle.graph import build_graph
from trainer.oracle.trials import MAX_TRIALS, asked_adjoints, build_trials
from trainer.questions import Question

ROOT = Path(__file__).resolve().parents[2]
SLOW = 120.0  # seconds: the large questions here are about memory, on a machine maybe loaded


def test_the_wide_fanout_keeps_its_values_and_the_adjoints_asked_for(
    make_question: Callable[[str], Question],
) -> None:
    """X's six branches are all on the way to loss: every adjoint is asked for; X's forward
    value is the given tensor itself, not a copy."""
    question = make_question(wide((20, 21, 22)))
    entries = 20 * 21 * 22
    footprint = check_largest(question, asked_adjoints(question))
    # X, its six branches as values and as adjoints, and loss (a scalar) with its adjoint
    assert footprint.kept == 14 * entries + 2
    for trial in build_trials(question):
        assert trial.values["X"].tensor.data_ptr() == trial.given["X"].data_ptr()
        assert set(trial.adjoints) == {"X", "s", "co", "e", "t", "sg", "r", "loss"}
        assert trial.size == footprint.kept


def test_adjoints_nobody_asks_for_are_kept_only_when_small(
    make_question: Callable[[str], Question],
) -> None:
    """W's gradient is the question; one reaches B too (so the graph view says so), but it is
    not kept: B has more entries than the graph view shows."""
    question = make_question(
        """
        - id: two-sides
          title: W and B
          dims: {m: 5..6, n: 7..8}
          given: {W: [m, n], B: [m, n]}
          forward:
            - loss = sum(W * B)
          wrt: W
          prompt: What is the gradient?
          answer: B
        """
    )
    for trial in build_trials(question):
        assert trial.reached == {"W", "B", "loss"}
        assert trial.given["B"].numel() > SHOWN_ENTRIES and "B" not in trial.adjoints
        assert "W" in trial.adjoints
    graph = build_graph(Oracle(question))
    assert graph.nodes["B"].grad_shape == "(m, n)"  # reached, though its values are not kept
    assert graph.nodes["B"].grad is None


def test_a_question_whose_trials_would_keep_too_much_is_refused_at_its_line(
    make_question: Callable[[str], Question],
) -> None:
    question = make_question(over_kept())
    problems = validate_question(question)
    assert [(p.msg.key, p.line) for p in problems] == [("question_kept_memory", question.line)]
    params = problems[0].msg.params
    assert params["count"] > MAX_QUESTION_ELEMENTS and params["trials"] == MIN_TRIALS
    assert "would keep" in problems[0].msg.text()
    assert "会保留" in problems[0].msg.text("zh")


def test_a_question_whose_peak_is_too_high_is_refused_before_anything_is_built(
    make_question: Callable[[str], Question],
) -> None:
    """Its forward values fit their bound; with a gradient of each they would not."""
    question = make_question(over_peak())
    with pytest.raises(TrialError) as raised:
        check_largest(question)
    assert raised.value.msg.key == "question_peak_memory"
    assert raised.value.msg.params["count"] > MAX_PEAK_ELEMENTS
    assert [p.msg.key for p in validate_question(question)] == ["question_peak_memory"]


def test_trials_stop_being_added_at_what_a_question_may_keep(
    make_question: Callable[[str], Question],
) -> None:
    """The mask of relu(X + 6) is never seen both ways, which would ask for MAX_TRIALS trials:
    they stop where the next would not fit, the same number at every seed."""
    question = make_question(masked())
    per_trial = check_largest(question, asked_adjoints(question)).kept
    trials = build_trials(question, 0, Deadline(SLOW))
    assert MIN_TRIALS <= len(trials) < MAX_TRIALS
    assert len(trials) == MAX_QUESTION_ELEMENTS // per_trial
    assert sum(trial.size for trial in trials) <= MAX_QUESTION_ELEMENTS
    assert len(build_trials(question, 1, Deadline(SLOW))) == len(trials)


def test_counterfactual_truths_are_kept_only_within_the_budget(
    make_question: Callable[[str], Question],
) -> None:
    """Wrong answers that each need counterfactual runs: what the trials keep for the next
    answer never passes what the question may keep."""
    oracle = Oracle(make_question(masked()), time_limit=SLOW)
    for answer in ("sin(X)", "cos(X)", "u", "h", "step(X + 6) * u"):
        assert not oracle.judge_value(answer).correct
    assert sum(trial.size for trial in oracle.trials) <= MAX_QUESTION_ELEMENTS


def test_the_stated_bounds_are_the_documented_ones() -> None:
    text = " ".join((ROOT / "docs" / "question-format.md").read_text(encoding="utf-8").split())
    assert f"at most {MAX_PEAK_ELEMENTS:,} elements" in text
    assert f"the {MIN_TRIALS} trials a question has at least keep at most" in text
    assert f"{MAX_QUESTION_ELEMENTS:,} elements together" in text


PEAK = """
import json, resource, sys
from trainer.questions import load_bank
from trainer.oracle import Judge, validate_question
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
import torch, numpy
torch.zeros(1)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
(question,) = load_bank([sys.argv[1]]).questions.values()
problems = validate_question(question, judge=Judge(time_limit=120.0))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"problems": [p.format() for p in problems], "kib": peak - base}))
"""


def test_checking_a_large_masked_question_stays_within_the_stated_bound(tmp_path: Path) -> None:
    """In a process of its own (tracemalloc does not see torch): what checking the question
    adds to the process, past torch itself, is within what its trials may keep and one trial's
    peak, in float64 (448 MB). Before these bounds its 24 trials took 770 MB."""
    path = tmp_path / "masked.yaml"
    path.write_text(deck(masked()), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, check=True
    )
    found = json.loads(run.stdout)
    assert found["problems"] == []
    stated = (MAX_QUESTION_ELEMENTS + MAX_PEAK_ELEMENTS) * 8 // 1024  # float64, in KiB
    assert found["kib"] < stated
