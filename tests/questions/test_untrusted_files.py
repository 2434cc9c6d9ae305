"""Question files as a malicious author or a careless one writes them: every problem is reported
at its line as FILE:LINE: ID: message, nothing crashes, and the other files still load."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.cli import main
from trainer.questions import load_bank

GOOD = """\
deck: good
title: Good
questions:
  - id: fine
    title: t
    prompt: p
    dims: {n: 2..4}
    given: {x: [n]}
    forward: [loss = sum(x)]
    wrt: x
    answer: ones(n)
"""


def _bad_deck(value: str) -> str:
    return f"""\
deck: bad
title: Bad
questions:
  - id: deep
    title: t
    prompt: p
    given:
      v: {{value: {value}}}
      x: [3]
    forward: [loss = sum(x) + sum(v)]
    wrt: x
    answer: ones(3)
"""


def _nested(depth: int) -> str:
    return "[" * depth + "1.0" + "]" * depth


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (_nested(999), "yaml"),  # libyaml itself stops at its depth limit
        (_nested(500), "nested_too_deep"),
        (_nested(129), "nested_too_deep"),
        (_nested(9), "literal_too_deep"),
        ("1" * 330, "literal_number"),
        ("1" * 5000, "number_too_long"),
        (".inf", "literal_number"),
    ],
    ids=["999-deep", "500-deep", "129-deep", "9-deep", "330-digits", "5000-digits", "inf"],
)
def test_a_hostile_literal_is_reported_at_its_line_and_the_rest_loads(
    tmp_path: Path, value: str, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-bad.yaml").write_text(_bad_deck(value), encoding="utf-8")
    (tmp_path / "b-good.yaml").write_text(GOOD, encoding="utf-8")
    bank = load_bank([tmp_path])
    assert "fine" in bank.questions
    assert [p.msg.key for p in bank.problems] == [key]
    assert bank.problems[0].line == 8  # the line of `v: {value: ...}`
    for command in (["check", str(tmp_path)], ["list", "--questions", str(tmp_path)]):
        assert main(command) in (0, 1)
    out = capsys.readouterr().out
    assert "a-bad.yaml:" in out and "fine" in out


def test_an_eight_deep_literal_is_still_a_literal(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(_bad_deck(_nested(8)), encoding="utf-8")
    bank = load_bank([tmp_path])
    assert not bank.problems
    assert bank.questions["deep"].given["v"].shape == ("1",) * 8
