"""Opening the progress database file, never failing: a damaged or foreign file is moved aside
(never deleted) and a new one started, a newer trainer's file is left alone, and a folder that
cannot be written keeps the session in memory; the notices say which happened."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from trainer.practice.i18n import N_
from trainer.practice.store import LearnerNotice, NewerStore, Store, UnreadableStore


def is_damaged(error: sqlite3.Error) -> bool:
    """A read error that means the file itself is bad, not that it is busy."""
    name = getattr(error, "sqlite_errorname", "")
    return name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or not isinstance(
        error, sqlite3.OperationalError
    )


def move_aside(path: Path, stamp: str) -> Path:
    """Rename a bad database (and its WAL/SHM files) to `NAME.unreadable-STAMP`; returns it."""
    target = path.with_name(f"{path.name}.unreadable-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.unreadable-{stamp}-{counter}")
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target


def open_store(path: Path, now: Callable[[], datetime]) -> tuple[Store, list[LearnerNotice]]:
    """Open the progress database, never failing: the notices say what went wrong, if anything."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        notice = LearnerNotice(
            N_(
                "Cannot create the data folder {path} ({reason}): progress of this "
                "session is kept in memory only."
            ),
            {"path": str(path.parent), "reason": str(error)},
        )
        return Store.open(None), [notice]
    try:
        return Store.open(path), []
    except NewerStore:
        notice = LearnerNotice(
            N_(
                "The progress file {path} was written by a newer trainer: it is left "
                "as it is, and this session's progress is kept in memory only."
            ),
            {"path": str(path)},
        )
        return Store.open(None), [notice]
    except (sqlite3.Error, UnreadableStore, ValueError) as error:
        cannot_open = LearnerNotice(
            N_(
                "The progress file {path} cannot be opened ({reason}): this "
                "session's progress is kept in memory only."
            ),
            {"path": str(path), "reason": str(error)},
        )
        if isinstance(error, sqlite3.Error) and not is_damaged(error):
            return Store.open(None), [cannot_open]  # busy or unreachable: not the file's fault
    try:
        moved = move_aside(path, now().strftime("%Y%m%d-%H%M%S"))
    except OSError:
        return Store.open(None), [cannot_open]
    notice = LearnerNotice(
        N_(
            "The progress file could not be read; it was moved aside to {path} and "
            "a new one was started."
        ),
        {"path": str(moved)},
    )
    try:
        return Store.open(path), [notice]
    except (sqlite3.Error, UnreadableStore, OSError):
        return Store.open(None), [notice, cannot_open]
