"""Opening a practice run from its options: the bank, the progress database, the language and
the engine at the run's seed. The app and the plain line mode are two faces of what this opens.

The app opens in two steps (`open_app`): what its first frame needs (the progress and, when it
is current, the home screen's summary), then the bank, after that frame (`OpenedApp.load_bank`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from trainer.practice.config import AppConfig, resolve_lang
from trainer.practice.engine import PracticeEngine
from trainer.practice.home_summary import HomeSummary, SummaryFile
from trainer.practice.locations import bank_cache_path, data_dir, database_path, home_summary_path
from trainer.practice.practice_bank import PracticeBank
from trainer.practice.progress import Progress
from trainer.practice.store import LearnerNotice
from trainer.practice.store_file import open_store
from trainer.questions.kept import bank_files


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class OpenedPractice:
    bank: PracticeBank
    progress: Progress
    engine: PracticeEngine
    notices: list[LearnerNotice] = field(default_factory=list)


@dataclass
class OpenedApp:
    """What the app starts on. With a current `summary`, `bank` is None until `load_bank()`
    (a worker's job); without one (a first run, a changed bank or progress) it is loaded."""

    progress: Progress
    engine: PracticeEngine
    summary_file: SummaryFile
    load_bank: Callable[[], PracticeBank]
    summary: HomeSummary | None = None
    bank: PracticeBank | None = None
    notices: list[LearnerNotice] = field(default_factory=list)  # the progress file's


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
    folder, progress, engine, notices = _open(config, clock, environ)
    bank = load_practice_bank(config, bank_cache_path(folder))
    return OpenedPractice(bank, progress, engine, [*notices, *bank.notices])


def open_app(
    config: AppConfig,
    *,
    clock: Callable[[], datetime] = utc_now,
    environ: Mapping[str, str] | None = None,
) -> OpenedApp:
    """`open_practice` for the app: the bank is left for later when the summary in the data
    folder is current (a progress file just moved aside or kept in memory never is)."""
    folder, progress, engine, notices = _open(config, clock, environ)
    run: list[object] = [list(config.decks), list(config.tags), engine.lang]
    summary_file = SummaryFile(home_summary_path(folder), bank_files(config.question_paths), run)
    cache = bank_cache_path(folder)

    def load_bank() -> PracticeBank:
        return load_practice_bank(config, cache)

    opened = OpenedApp(progress, engine, summary_file, load_bank, notices=notices)
    opened.summary = None if notices else summary_file.read(progress)
    if opened.summary is None:
        opened.bank = load_bank()
    return opened


def load_practice_bank(config: AppConfig, cache: Path) -> PracticeBank:
    from trainer.questions.cache import load_bank_cached  # the model: after the first frame

    loaded = load_bank_cached(config.question_paths, cache)
    return PracticeBank.from_bank(loaded, config.decks, config.tags)


def _open(
    config: AppConfig, clock: Callable[[], datetime], environ: Mapping[str, str] | None
) -> tuple[Path, Progress, PracticeEngine, list[LearnerNotice]]:
    lang = resolve_lang(config.lang, environ)
    folder = data_dir(config.data_dir, environ)
    store, notices = open_store(database_path(folder), clock)
    seed = config.seed if config.seed is not None else random.randrange(1 << 31)
    return folder, Progress(store, clock), PracticeEngine(seed, lang), notices
