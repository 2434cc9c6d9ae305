"""The project's own docs tell the truth: every `console` example in README.md and docs/ prints
what it says, every file path a doc links to exists, and no doc points outside the project."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from doc_examples import console_sessions

from trainer.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN_HERE = [ROOT / "README.md", ROOT / "docs" / "authoring.md"]  # teaching.md: test_course_docs


def console_examples() -> list[tuple[str, str, str]]:
    """(doc, command, expected output) for every `$ trainer ...` line of a console block."""
    return [
        (doc.name, command, shown)
        for doc in RUN_HERE
        for session in console_sessions(doc.read_text(encoding="utf-8"))
        for command, shown in session
    ]


EXAMPLES = console_examples()


def test_the_readme_has_console_examples() -> None:
    assert any(doc == "README.md" for doc, _, _ in EXAMPLES)


@pytest.mark.parametrize(("doc", "command", "expected"), EXAMPLES, ids=[c for _, c, _ in EXAMPLES])
def test_a_console_example_prints_what_the_doc_shows(
    capsys, monkeypatch, doc: str, command: str, expected: str
) -> None:
    words = shlex.split(command)
    assert words[0] == "trainer", f"{doc}: only trainer commands are run: {command}"
    monkeypatch.chdir(ROOT)
    main(words[1:])
    assert capsys.readouterr().out.rstrip("\n") == expected.rstrip("\n")


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_links_stay_inside_the_project_and_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert "shared/" not in text, f"{doc.name} points outside the project"
    for target in re.findall(r"\]\(([^)#]+)\)", text):
        if "://" in target:
            continue
        assert (doc.parent / target).exists(), f"{doc.name} links to a missing {target}"


def test_the_license_matches_the_package_metadata() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


YAML = re.compile(r"This is \[examples/([^\]]+)\]\([^)]+\):\n\n```yaml\n(.*?)```", re.DOTALL)


def test_the_files_a_doc_shows_are_the_files_it_links() -> None:
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    shown = YAML.findall(text)
    assert shown, "authoring.md shows its example file"
    for name, block in shown:
        assert (ROOT / "docs" / "examples" / name).read_text(encoding="utf-8") == block


def test_the_example_deck_is_valid_and_every_yaml_block_of_a_deck_loads(tmp_path: Path) -> None:
    from trainer.oracle import validate_bank
    from trainer.questions import load_bank

    bank = load_bank([ROOT / "docs" / "examples" / "questions"])
    assert validate_bank(bank) == [] and not bank.problems
    for number, block in enumerate(
        re.findall(r"```yaml\n(.*?)```", DOCS[1].read_text("utf-8"), re.DOTALL)
    ):
        if block.lstrip("# \n").startswith("yaml-language-server") and "deck:" not in block:
            continue  # the schema line alone
        path = tmp_path / f"block{number}.yaml"
        path.write_text(block, encoding="utf-8")
        assert not load_bank([path]).problems
