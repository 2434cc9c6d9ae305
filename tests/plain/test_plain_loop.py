"""The plain line mode keeps the learner's loop as the app does: skips that are not misses, and
a session cut short by kill -9 that goes on where it was."""

from __future__ import annotations

import signal
from pathlib import Path

from plain_driver import QUESTIONS, SMALL, PtySession, stored, through_pipes


def test_a_skip_is_not_a_miss_in_the_plain_mode(tmp_path: Path) -> None:
    args = [*SMALL, "--seed", "0", "--data-dir", str(tmp_path)]
    result = through_pipes(args, [":skip", ":skip", ":skills", ":quit"])
    assert result.returncode == 0, result.stderr
    assert "No answers yet to count." in result.stdout  # no tag at 0% for two skips
    assert "Accuracy per tag" not in result.stdout
    _attempts, reviews = stored(tmp_path)
    assert [(r.outcome, r.rating) for r in reviews] == [("skipped", None), ("skipped", None)]


def killed_at(args: list[str], replies: list[str]) -> None:
    """Answer `replies` on a pseudo-terminal, then kill -9 the process at the next prompt."""
    session = PtySession(args)
    for reply in replies:
        session.answer(reply)
    session.wait_prompt()
    session.process.send_signal(signal.SIGKILL)
    session.finish()


def test_after_kill_9_the_session_goes_on_at_its_question_and_part(tmp_path: Path) -> None:
    args = [*SMALL, "--plain", "--seed", "0", "--data-dir", str(tmp_path)]
    killed_at(args, ["(n,)"])  # t-dot's shape; killed at its value
    result = through_pipes(args[:4] + args[5:], ["a", ":quit"])
    assert result.returncode == 0, result.stderr
    assert "Your last session was cut short: it goes on where you were." in result.stdout
    assert "Question 1 of 6" in result.stdout and "answer> a" in result.stdout
    attempts, reviews = stored(tmp_path)
    assert [(a.part, a.answer) for a in attempts] == [("shape", "(n,)"), ("value", "a")]
    assert [(r.question_id, r.outcome) for r in reviews] == [("t-dot", "first_try")]


def test_after_kill_9_a_half_done_walkthrough_reopens_at_its_step(tmp_path: Path) -> None:
    args = ["--questions", str(QUESTIONS / "walk"), "--plain", "--seed", "0"]
    args += ["--data-dir", str(tmp_path)]
    killed_at(args, [":walk", "g"])  # step dh right; killed at step dz
    result = through_pipes(args, ["dh * step(z)", "outer(dz, x)", ":quit"])
    assert result.returncode == 0, result.stderr
    assert "step dz> " in result.stdout and "step dh> " not in result.stdout
    assert "Walked through to the end." in result.stdout
    _attempts, reviews = stored(tmp_path)
    assert [(r.question_id, r.outcome) for r in reviews] == [("t-relu-layer", "first_try")]
