"""The course's messages live beside the engine's in one catalog: no key may be written twice,
or the later template silently replaces the earlier one (and its translation)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import trainer.catalog
import trainer.messages
from trainer.catalog import SECTIONS, joined
from trainer.messages import TEMPLATES

COURSE = Path(trainer.messages.__file__).parent / "course"
CATALOG_DIR = Path(trainer.catalog.__file__).parent


def _written_keys(path: Path) -> list[str]:
    """The keys of the one dict literal a catalog section assigns, as the source writes them
    (a dict literal keeps only the last of two equal keys, so the source is what can tell)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    (section,) = [node.value for node in ast.walk(tree) if isinstance(node, ast.AnnAssign)]
    assert isinstance(section, ast.Dict)
    return [key.value for key in section.keys if isinstance(key, ast.Constant)]


def test_no_template_key_is_written_twice() -> None:
    keys = [key for name in SECTIONS for key in _written_keys(CATALOG_DIR / f"{name}.py")]
    assert len(keys) == len(TEMPLATES) > 100
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_a_key_in_two_sections_is_refused() -> None:
    with pytest.raises(ValueError, match="written twice"):
        joined({"a": {"empty": "x"}, "b": {"empty": "y"}})


def test_every_message_of_the_course_code_is_in_the_catalog() -> None:
    used = set()
    for path in COURSE.glob("*.py"):
        used |= set(re.findall(r'\bmsg\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    assert {"no_answer", "ungradable", "summary", "answer_not_text_value"} <= used
    assert used <= set(TEMPLATES)
