"""Where question files are: the bundled bank, and the YAML files under given paths.

Kept apart from the loader so that finding files (and the app's bank cache) needs neither
YAML nor the notation.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def bundled_bank_path() -> Path:
    """The bank shipped with the package (trainer/bank in a wheel, questions/ in a checkout)."""
    installed = Path(__file__).resolve().parent.parent / "bank"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent.parent / "questions"


def question_files(paths: Iterable[Path | str]) -> list[Path]:
    """Every *.yaml / *.yml file named or under a named folder, in sorted path order."""
    found: set[Path] = set()
    for path in map(Path, paths):
        if path.is_dir():
            found.update(
                p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
            )
        else:
            found.add(path)
    return sorted(found)
