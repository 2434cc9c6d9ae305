"""The one catalog of message templates, kept in sections by who speaks.

Each section is a plain dict of key → English template; `CATALOG` joins them and refuses a key
written in two sections, since the later template (and its translation) would silently win.
"""

from __future__ import annotations

from collections.abc import Mapping

from trainer.catalog.answers import ANSWERS
from trainer.catalog.files import FILES
from trainer.catalog.grading import GRADING
from trainer.catalog.verdicts import VERDICTS

SECTIONS: dict[str, Mapping[str, str]] = {
    "answers": ANSWERS,
    "verdicts": VERDICTS,
    "files": FILES,
    "grading": GRADING,
}


def joined(sections: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """All sections' templates in one dict; a key in two sections is an error at import."""
    catalog: dict[str, str] = {}
    for name, section in sections.items():
        twice = sorted(set(catalog) & set(section))
        if twice:
            raise ValueError(f"message keys written twice (again in {name}): {twice}")
        catalog.update(section)
    return catalog


CATALOG = joined(SECTIONS)
