"""The bundled bank's walkthroughs (walkthrough.md sections 3 and 5): every step of every
question that has a walkthrough gets a verified reference, and `trainer steps --reveal --json`
has the documented shape."""

from __future__ import annotations

import json

import pytest

from trainer.cli import main
from trainer.oracle import Oracle, Walkthrough, no_walkthrough
from trainer.questions import Bank, load_bank

STEP_KEYS = {"node", "line", "shape", "uses", "users", "reference", "source"}


@pytest.fixture(scope="module")
def bundled() -> Bank:
    bank = load_bank()
    assert not bank.problems, [p.format() for p in bank.problems]
    return bank


def test_every_bundled_walkthrough_step_has_a_verified_reference(bundled: Bank) -> None:
    failures: list[str] = []
    steps = 0
    walkthroughs = 0
    for qid, question in sorted(bundled.questions.items()):
        if no_walkthrough(question) is not None:
            continue
        walkthroughs += 1
        walkthrough = Walkthrough(Oracle(question))
        assert walkthrough.steps[-1].node == question.wrt, qid
        for step in walkthrough.steps:
            steps += 1
            reference = walkthrough.reference(step.node)
            if reference.source not in ("derived", "authored"):
                derived = walkthrough.derive(step.node)
                why = walkthrough.judge(step.node, derived).message_text() if derived else "-"
                failures.append(f"{qid} {step.node}: derive() gave {derived!r} ({why})")
                continue
            if reference.source == "derived":
                assert reference.text == walkthrough.derive(step.node), (qid, step.node)
            verdict = walkthrough.judge(step.node, reference.text)
            if not verdict.correct:
                failures.append(f"{qid} {step.node}: {reference} judged {verdict.message_text()}")
    assert not failures, "\n".join(failures)
    assert walkthroughs >= 90 and steps >= walkthroughs


def test_bundled_questions_without_walkthrough_are_choice_or_accumulation(bundled: Bank) -> None:
    reasons = {
        qid: reason.key
        for qid, question in bundled.questions.items()
        if (reason := no_walkthrough(question)) is not None
    }
    assert reasons, "the bank has concept questions"
    for qid, key in reasons.items():
        question = bundled.questions[qid]
        if key == "no_walkthrough_choice":
            assert question.is_choice, qid
        else:
            assert key == "no_walkthrough_accumulation", qid
            assert len(question.of) > 1 or question.backward > 1, qid


def test_steps_reveal_json_of_a_bundled_question_has_the_documented_shape(
    bundled: Bank, capsys
) -> None:
    code = main(["steps", "act-mlp-dw1", "--reveal", "--json"])
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""
    (line,) = captured.out.splitlines()
    out = json.loads(line)
    assert set(out) == {"id", "start", "steps"}
    assert out["id"] == "act-mlp-dw1"
    assert out["start"] == {"node": "loss", "adjoint": "1"}
    assert [row["node"] for row in out["steps"]] == ["o", "h", "z", "W1"]
    for row in out["steps"]:
        assert set(row) == STEP_KEYS
        assert row["source"] in ("derived", "authored")
        assert isinstance(row["reference"], str) and row["reference"]
        assert isinstance(row["uses"], list) and isinstance(row["users"], list)
    first, *_, last = out["steps"]
    assert first == {
        "node": "o",
        "line": "o = W2 @ h + b2",
        "shape": "(q,)",
        "uses": ["dloss"],
        "users": ["loss"],
        "reference": first["reference"],
        "source": "derived",
    }
    assert last["line"] is None and last["shape"] == "(k, d)" and last["users"] == ["z"]
    assert last["uses"] == ["dloss", "do", "dh", "dz"]
    for row in out["steps"]:  # each revealed reference is a right answer to its step
        code = main(["answer", "act-mlp-dw1", row["reference"], "--step", row["node"], "--json"])
        verdict = json.loads(capsys.readouterr().out)
        assert code == 0 and verdict["correct"], (row, verdict)


def test_steps_json_without_reveal_leaves_references_out(capsys) -> None:
    code = main(["steps", "act-mlp-dw1", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert all(row["reference"] is None and row["source"] is None for row in out["steps"])


def test_steps_text_lists_each_step_in_order(capsys) -> None:
    code = main(["steps", "act-mlp-dw1", "--reveal"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0] == "act-mlp-dw1: backward from loss (dloss = 1) to W1"
    assert lines[1] == "1. o  (q,)  o = W2 @ h + b2"
    assert lines[2] == "   used by loss; may use dloss"
    assert lines[3].startswith("   reference (derived): ")
    assert lines[-3] == "4. W1  (k, d)  W1 (given)"
    assert lines[-1] == "   reference (derived): outer(dz, x)"
