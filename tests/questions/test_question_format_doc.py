"""docs/question-format.md, the authors' reference, names every key, init and function the
code knows, and every check the code cites by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.notation.signatures import FUNCTION_NAMES
from trainer.questions.fields import DECK_FIELDS, MISTAKE_FIELDS, QUESTION_FIELDS, TENSOR_FIELDS
from trainer.questions.model import INITS

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "question-format.md").read_text(encoding="utf-8")
KEYS = sorted({f.name for f in (*DECK_FIELDS, *QUESTION_FIELDS, *TENSOR_FIELDS, *MISTAKE_FIELDS)})
CHECKS = re.findall(r"^- \*\*(.+?)\*\*:", PAGE.split("## The checks", 1)[1], re.MULTILINE)


@pytest.mark.parametrize("key", KEYS)
def test_every_key_of_a_question_file_is_documented(key: str) -> None:
    assert f"`{key}`" in PAGE


@pytest.mark.parametrize("init", INITS)
def test_every_init_is_documented(init: str) -> None:
    assert f"`{init}`" in PAGE


@pytest.mark.parametrize("name", sorted(FUNCTION_NAMES))
def test_every_function_of_the_notation_is_documented(name: str) -> None:
    assert re.search(rf"`{name}\b", PAGE), name


def test_the_checks_have_names_and_no_numbers() -> None:
    assert len(CHECKS) >= 10
    assert all(not re.search(r"\d", check) for check in CHECKS)
    assert not re.search(r"\brules? \d", PAGE, re.IGNORECASE)


@pytest.mark.parametrize(
    "cited",
    ["the forward pass runs within its bounds", "the gradient exists"],
)
def test_the_checks_the_code_names_are_on_the_page(cited: str) -> None:
    assert cited in (check.lower() for check in CHECKS)
    code = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "trainer").rglob("*.py"))
    assert cited in " ".join(code.split())
