"""A wrong answer's diagnosis within the question's bounds: the counterfactual runs of its rungs
cost at most a share of the trials' own work and of the time limit; a rung that cannot be
afforded is skipped (the verdict says the values differ), a run cut short is never kept as a
truth, and the paths of a fan-out leave the other rungs their share. A path missed names a few
of the users, then how many more."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from big_questions import deck, fanout, wide

from trainer.cli import main
from trainer.oracle import Oracle, TrialError, counterfactual
from trainer.questions import Question

SMALL = (20, 21, 22)
FULL = (
    "(co * co - s * s) * e * t * sg + s * co * e * t * sg / 10"
    " + s * co * e * (1 - t * t) * sg + s * co * e * t * sg * (1 - sg)"
)
MASK_FORGOTTEN = FULL + " + 1"  # relu's mask forgotten: its branch passes every gradient


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The targets of every counterfactual run, one entry a trial."""
    made: list[str] = []
    original = counterfactual._adjoint

    def counted(question, trial, target, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(target)
        return original(question, trial, target, *args, **kwargs)

    monkeypatch.setattr(counterfactual, "_adjoint", counted)
    return made


def _share(monkeypatch: pytest.MonkeyPatch, work: int) -> None:
    """A diagnosis may cost `work` times the trials' own work, with no floor, and time
    enough on a loaded machine (the work is the bound these tests are about)."""
    monkeypatch.setattr(counterfactual, "MAX_WORK", 0)
    monkeypatch.setattr(counterfactual, "DIAGNOSIS_WORK_SHARE", work)
    monkeypatch.setattr(counterfactual, "DIAGNOSIS_TIME_SHARE", 100.0)


def test_the_counterfactual_runs_cost_at_most_the_allowance(
    make_question: Callable[[str], Question], runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    oracle = Oracle(make_question(wide(SMALL)))
    trials = len(oracle.trials)
    unbounded = oracle.judge_value("sin(X)")
    assert len(runs) > 2 * trials  # every path subset and every counterfactual rung
    runs.clear()
    _share(monkeypatch, 2)
    oracle = Oracle(make_question(wide(SMALL)))
    verdict = oracle.judge_value("sin(X)")
    assert len(runs) <= 2 * trials
    assert verdict.diagnosis == unbounded.diagnosis == "values_differ"
    assert verdict.message.key == "values_differ_many"


def test_the_paths_of_a_fanout_leave_the_mask_its_share(
    make_question: Callable[[str], Question], runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """X has six users, so 62 subsets of paths to try: they get half of what the diagnosis
    may cost, and the forgotten mask is still found with the other half."""
    _share(monkeypatch, 4)
    oracle = Oracle(make_question(wide(SMALL)))
    verdict = oracle.judge_value(MASK_FORGOTTEN)
    assert verdict.diagnosis == "mask"
    trials = len(oracle.trials)
    assert len(runs) <= 4 * trials and runs.count("X") == len(runs)


def test_a_diagnosis_out_of_time_skips_its_rungs_and_keeps_nothing_cut_short(
    make_question: Callable[[str], Question], monkeypatch: pytest.MonkeyPatch
) -> None:
    oracle = Oracle(make_question(wide(SMALL)))
    monkeypatch.setattr(counterfactual, "DIAGNOSIS_TIME_SHARE", 0.0)
    skipped = oracle.judge_value(MASK_FORGOTTEN)
    assert skipped.diagnosis == "values_differ"
    assert all(not trial.alternates for trial in oracle.trials)
    monkeypatch.setattr(counterfactual, "DIAGNOSIS_TIME_SHARE", 100.0)  # time enough
    assert oracle.judge_value(MASK_FORGOTTEN).diagnosis == "mask"


def test_a_wrong_step_on_a_large_question_is_diagnosed_within_the_allowance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--step` is judged as an answer is: past its allowance, the values differ (never a
    traceback)."""
    _share(monkeypatch, 0)
    path = tmp_path / "wide.yaml"
    path.write_text(deck(wide(SMALL)), encoding="utf-8")
    code = main(["answer", "--questions", str(path), "wide", "sin(X)", "--step", "X"])
    out = capsys.readouterr().out
    assert code == 1 and out.startswith("wrong_value: The values differ in ")


def test_a_path_missed_names_a_few_users_then_how_many_more(
    make_question: Callable[[str], Question],
) -> None:
    """x is used by 40 lines; the answer follows only the one through a1."""
    verdict = Oracle(make_question(fanout(40))).judge_value("2 * ones(n)")
    assert verdict.diagnosis == "path_missed"
    assert verdict.message_text() == (
        "That counts only the path through a1. x also reaches loss through "
        "a0, a2, a3, a4 and 35 more: add the contributions of every path."
    )
    assert "a0、a2、a3、a4 及另外 35 个" in verdict.message_text("zh")


def test_an_allocator_refusal_is_a_message_never_a_traceback(
    make_question: Callable[[str], Question], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the allocator to refuse a backward pass all the same: a counterfactual run that
    fails is a rung that does not match, and trials that fail are the question's problem."""
    import torch

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried to allocate")

    oracle = Oracle(make_question(wide(SMALL)))
    oracle.trials  # noqa: B018 - built before the allocator refuses
    monkeypatch.setattr(torch.autograd, "grad", refuse)
    assert oracle.judge_value(MASK_FORGOTTEN).diagnosis == "values_differ"
    with pytest.raises(TrialError) as raised:
        Oracle(make_question(wide(SMALL))).trials  # noqa: B018 - building them is the test
    assert raised.value.msg.key == "question_broken"
    assert "DefaultCPUAllocator" in raised.value.msg.text()


def test_the_shares_are_the_documented_ones() -> None:
    text = " ".join(
        (Path(__file__).resolve().parents[2] / "docs" / "authoring.md")
        .read_text(encoding="utf-8")
        .split()
    )
    words = {2: "twice", 4: "four times"}
    assert f"at most {words[counterfactual.DIAGNOSIS_WORK_SHARE]} the work" in text
    assert counterfactual.DIAGNOSIS_TIME_SHARE == 0.25 and "a quarter of its time limit" in text
