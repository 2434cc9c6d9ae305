"""CI runs what the README tells a newcomer to run, and the suite is set up to run in parallel."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_test_command() -> str:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    (command,) = [line for line in lines if "pip install -e '.[test]'" in line]
    return command


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    command = readme_test_command()
    assert command.endswith("&& pytest -n auto --durations=20")
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_test_extra_has_what_the_command_needs() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert any(requirement.startswith("pytest-xdist") for requirement in extras["test"])
    assert any(requirement.startswith("vulture") for requirement in extras["dev"])


def test_ci_checks_dead_code_after_the_import_contracts() -> None:
    steps = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert steps.index("vulture") > steps.index("lint-imports")
