"""Opening a practice run from its options: the bank, the progress database, the language and
the engine at the run's seed. The app and the plain line mode are two faces of what this opens."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from trainer.practice.config import AppConfig, resolve_lang
from trainer.practice.engine import PracticeEngine
from trainer.practice.locations import bank_cache_path, data_dir, database_path
from trainer.practice.practice_bank import PracticeBank
from trainer.practice.progress import Progress
from trainer.practice.store import LearnerNotice
from trainer.practice.store_file import open_store
from trainer.questions import load_bank_cached


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class OpenedPractice:
    bank: PracticeBank
    progress: Progress
    engine: PracticeEngine
    notices: list[LearnerNotice] = field(default_factory=list)


def open_practice(
    config: AppConfig,
    *,
    clock: Callable[[], datetime] = utc_now,
    environ: Mapping[str, str] | None = None,
) -> OpenedPractice:
    """Load the bank (the checks that need no torch; from the cache in the data folder when the
    files are unchanged), open the progress database, resolve the language, and make the
    practice engine at the run's seed. The checks that run a question come later, on the
    engine's oracles.

    `clock` (returning aware datetimes) and `environ` are there for tests.
    """
    lang = resolve_lang(config.lang, environ)
    folder = data_dir(config.data_dir, environ)
    loaded = load_bank_cached(config.question_paths, bank_cache_path(folder))
    bank = PracticeBank.from_bank(loaded, config.decks, config.tags)
    store, notices = open_store(database_path(folder), clock)
    seed = config.seed if config.seed is not None else random.randrange(1 << 31)
    return OpenedPractice(
        bank, Progress(store, clock), PracticeEngine(seed, lang), [*notices, *bank.notices]
    )
