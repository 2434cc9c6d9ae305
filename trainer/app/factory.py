"""The one way to build the app, used by the `trainer` command and by the tests alike."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from trainer.app.app import TrainerApp
from trainer.practice.config import AppConfig, resolve_lang
from trainer.practice.engine import PracticeEngine
from trainer.practice.locations import bank_cache_path, data_dir, database_path
from trainer.practice.practice_bank import PracticeBank
from trainer.practice.progress import Progress
from trainer.practice.store_file import open_store
from trainer.questions import load_bank_cached


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_app(
    config: AppConfig,
    *,
    clock: Callable[[], datetime] = utc_now,
    environ: Mapping[str, str] | None = None,
) -> TrainerApp:
    """Build the practice app: load the bank (the checks that need no torch; from the cache in
    the data folder when the files are unchanged), open the progress database, resolve the
    language, and make the practice engine at the run's seed. The checks that run a question
    come later, in the background, on the engine's oracles.

    `clock` (returning aware datetimes) and `environ` are there for tests.
    """
    lang = resolve_lang(config.lang, environ)
    folder = data_dir(config.data_dir, environ)
    loaded = load_bank_cached(config.question_paths, bank_cache_path(folder))
    bank = PracticeBank.from_bank(loaded, config.decks, config.tags)
    store, notices = open_store(database_path(folder), clock)
    seed = config.seed if config.seed is not None else random.randrange(1 << 31)
    return TrainerApp(
        bank,
        Progress(store, clock),
        PracticeEngine(seed, lang),
        notices=[*notices, *bank.notices],
    )
