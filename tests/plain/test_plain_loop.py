"""The plain line mode keeps the learner's loop as the app does: skips that are not misses."""

from __future__ import annotations

from pathlib import Path

from plain_driver import SMALL, stored, through_pipes


def test_a_skip_is_not_a_miss_in_the_plain_mode(tmp_path: Path) -> None:
    args = [*SMALL, "--seed", "0", "--data-dir", str(tmp_path)]
    result = through_pipes(args, [":skip", ":skip", ":skills", ":quit"])
    assert result.returncode == 0, result.stderr
    assert "No answers yet to count." in result.stdout  # no tag at 0% for two skips
    assert "Accuracy per tag" not in result.stdout
    _attempts, reviews = stored(tmp_path)
    assert [(r.outcome, r.rating) for r in reviews] == [("skipped", None), ("skipped", None)]
