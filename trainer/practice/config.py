"""What the `practice` command line hands to the app, and how the unset parts are resolved.

The CLI fills `AppConfig` from its options; the environment (`TRAINER_LANG`, `TRAINER_DATA_DIR`,
the locale) is read here, once, so the rest of the app sees plain resolved values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("en", "zh")
"""Languages with a catalog; any other request falls back to English."""


@dataclass
class AppConfig:
    """The options of `trainer practice`; every field has a default, as for a bare `trainer`."""

    question_paths: list[Path] | None = None  # None: the bundled bank
    decks: list[str] = field(default_factory=list)  # only these decks (all when empty)
    tags: list[str] = field(default_factory=list)  # only questions with one of these tags
    lang: str | None = None  # None: TRAINER_LANG, then the locale
    seed: int | None = None  # None: a fresh seed for the oracle's trials each run
    data_dir: Path | None = None  # None: TRAINER_DATA_DIR, then the user data folder


def resolve_lang(requested: str | None, environ: Mapping[str, str] | None = None) -> str:
    """`--lang`, else `TRAINER_LANG`, else the locale (gettext's order of variables).

    Returns one of `LANGUAGES`: "zh_CN.UTF-8" or "zh-Hans" mean "zh", anything unknown "en".
    """
    env = os.environ if environ is None else environ
    candidates = [requested, env.get("TRAINER_LANG")]
    candidates += [env.get(name) for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    for value in candidates:
        if value:
            code = value.split(":")[0].replace("-", "_").split("_")[0].split(".")[0].lower()
            if code in ("c", "posix"):
                return "en"
            return code if code in LANGUAGES else "en"
    return "en"
