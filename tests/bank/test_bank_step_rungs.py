"""Every rung of the ladder runs on walkthrough steps, on the step's own local rule: over every
step of every bundled walkthrough, a sign slip, a constant factor and an answer that stopped at a
later node's adjoint each get their own diagnosis, never the generic "the values differ"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from trainer.oracle import Oracle, Walkthrough, no_walkthrough
from trainer.oracle.verdicts import Diagnosis
from trainer.questions import load_bank

# The codes that name the step not taken (the rule of the next node, or a path left out).
STOPPED = {
    Diagnosis.STOPPED_EARLY,
    Diagnosis.MATMUL,
    Diagnosis.MASK,
    Diagnosis.BATCH_SUM,
    Diagnosis.SOFTMAX_SUM,
    Diagnosis.PATH_MISSED,
}


def _walkthroughs() -> Iterator[tuple[str, Walkthrough]]:
    for qid, question in sorted(load_bank().questions.items()):
        if no_walkthrough(question) is None:
            yield qid, Walkthrough(Oracle(question))


@pytest.fixture(scope="module")
def walkthroughs() -> list[tuple[str, Walkthrough]]:
    found = list(_walkthroughs())
    assert len(found) >= 90
    return found


def _references(walkthrough: Walkthrough) -> Iterator[tuple[str, str]]:
    for step in walkthrough.steps:
        reference = walkthrough.reference(step.node)
        if reference.source in ("derived", "authored"):
            yield step.node, reference.text


def test_a_sign_slip_on_any_step_is_a_sign(walkthroughs) -> None:
    wrong = [
        f"{qid} {node}: -({text}) → {verdict.diagnosis}"
        for qid, walkthrough in walkthroughs
        for node, text in _references(walkthrough)
        if (verdict := walkthrough.judge(node, f"-({text})")).diagnosis != Diagnosis.SIGN
    ]
    assert not wrong, "\n".join(wrong)


def test_a_constant_factor_on_any_step_is_a_factor(walkthroughs) -> None:
    """3 × the step: a factor; where the question detaches, 3 × may also be exactly the
    gradient through the detached value, which the earlier rung names."""
    wrong = []
    steps = 0
    for qid, walkthrough in walkthroughs:
        detaches = any("detach" in line.expression for line in walkthrough.question.forward)
        allowed = {Diagnosis.FACTOR} | ({Diagnosis.DETACH} if detaches else set())
        for node, text in _references(walkthrough):
            steps += 1
            verdict = walkthrough.judge(node, f"3 * ({text})")
            if verdict.diagnosis not in allowed:
                wrong.append(f"{qid} {node}: 3 * ({text}) → {verdict.diagnosis}")
    assert not wrong, "\n".join(wrong)
    assert steps >= 150


def test_stopping_at_a_later_adjoint_names_the_step_not_taken(walkthroughs) -> None:
    """Answering `dh` for a step whose user is h: right when h passes its gradient on as it is,
    otherwise a code of the step skipped (or of the path left out). The message may name
    another node than h where two adjoints are equal (p and q of f = p + q)."""
    wrong = []
    stopped = 0
    for qid, walkthrough in walkthroughs:
        for step in walkthrough.steps:
            for user in step.users:
                if user == walkthrough.of:
                    continue
                verdict = walkthrough.judge(step.node, walkthrough.adjoint_name(user))
                if verdict.correct:
                    continue
                stopped += 1
                if verdict.diagnosis not in STOPPED:
                    text = verdict.message_text()
                    wrong.append(f"{qid} {step.node} ← {user}: {verdict.diagnosis}: {text}")
    assert not wrong, "\n".join(wrong)
    assert stopped >= 60
