"""Where the app keeps the learner's progress (and its cache of the parsed bank, and the
summary its home screen is first drawn from)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DATABASE_NAME = "progress.sqlite3"
BANK_CACHE_NAME = "bank-cache.json"
HOME_SUMMARY_NAME = "home-summary.json"


def data_dir(requested: Path | None, environ: Mapping[str, str] | None = None) -> Path:
    """`--data-dir`, else `TRAINER_DATA_DIR`, else the platform's user data folder.

    platformdirs is imported only on that last path: it is the one case that needs it.
    """
    env = os.environ if environ is None else environ
    if requested is not None:
        return Path(requested).expanduser()
    if env.get("TRAINER_DATA_DIR"):
        return Path(env["TRAINER_DATA_DIR"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("trainer", appauthor=False))


def database_path(folder: Path) -> Path:
    return folder / DATABASE_NAME


def bank_cache_path(folder: Path) -> Path:
    """The parsed question bank, cached so the home screen draws without reading YAML."""
    return folder / BANK_CACHE_NAME


def home_summary_path(folder: Path) -> Path:
    """What the home screen shows, so its first frame needs no bank (`home_summary.py`)."""
    return folder / HOME_SUMMARY_NAME
