"""The course's messages live beside the engine's in one catalog: no key may be written twice,
or the later template silently replaces the earlier one (and its translation)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import trainer.messages
from trainer.messages import TEMPLATES

COURSE = Path(trainer.messages.__file__).parent / "course"


def test_no_template_key_is_written_twice() -> None:
    tree = ast.parse(Path(trainer.messages.__file__).read_text(encoding="utf-8"))
    (templates,) = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "TEMPLATES"
    ]
    assert isinstance(templates, ast.Dict)
    keys = [key.value for key in templates.keys if isinstance(key, ast.Constant)]
    assert len(keys) == len(TEMPLATES) > 100
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_every_message_of_the_course_code_is_in_the_catalog() -> None:
    used = set()
    for path in COURSE.glob("*.py"):
        used |= set(re.findall(r'\bmsg\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    assert {"no_answer", "ungradable", "summary", "answer_not_text_value"} <= used
    assert used <= set(TEMPLATES)
