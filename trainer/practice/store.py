"""The learner's progress in SQLite (standard library): attempts, reviews and review schedules.

Why these choices:

- Every attempt is committed when it is made (autocommit, one transaction per write), so
  quitting at any moment, or a crash, loses nothing typed before it.
- WAL and a busy timeout let two app instances share one database: readers never block the
  writer, and a writer waits for the other's short transaction instead of failing.
- The schema carries a version (table `schema_version`) and `MIGRATIONS` lead from each version
  to the next, so a database made by an older trainer is upgraded in place.
- A file that cannot be read as our database (damaged pages included: `PRAGMA quick_check`
  runs at open) is renamed aside, never deleted, and the app starts on a fresh one and says so;
  a database from a newer trainer is left alone (the app keeps this session's progress in
  memory) so that the newer trainer still finds it.
- A new database is created readable by its owner only (0600), like the bank cache.
- A failed write reports its own cause ("database or disk is full"), not a failed rollback.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from trainer.practice.store_schema import (
    BUSY_TIMEOUT_SECONDS,
    MIGRATIONS,
    SCHEMA_VERSION,
    NewerStore,
    UnreadableStore,
    migrate,
    rollback,
    schema_version,
    split_script,
    use_wal,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "NewerStore",
    "UnreadableStore",
    "migrate",
    "schema_version",
    "split_script",
]


@dataclass(frozen=True)
class Attempt:
    question_id: str
    deck: str
    part: str  # shape, value, choice, or walk:NODE for a walkthrough step
    answer: str
    verdict: str
    hint_used: bool
    seconds: float
    at: datetime
    session_id: int | None = None


@dataclass(frozen=True)
class Review:
    question_id: str
    deck: str
    outcome: str
    rating: int | None  # None: a skip with no wrong answer, or a return in the rating session
    at: datetime
    session_id: int | None = None


@dataclass(frozen=True)
class StoredSession:
    session_id: int
    mode: str
    started: datetime
    plan: tuple[str, ...]
    pid: int | None


@dataclass(frozen=True)
class CardRecord:
    """A question's review schedule: the fsrs card and the columns the home screen needs."""

    question_id: str
    card: str
    due: datetime
    stability: float | None
    state: int
    last_rating: int | None
    reviewed_at: datetime


@dataclass(frozen=True)
class LearnerNotice:
    """Something the learner is told in the app (a label and its params): their progress file
    could not be kept, or a deck or tag filter matched nothing. Not a file problem
    (`trainer.errors.Problem`): it points at no line of any file."""

    text: str
    params: dict[str, str] = field(default_factory=dict)


class Store:
    """One open progress database. Methods raise `sqlite3.Error` on a failed write."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self.connection = connection
        self.path = path  # None when progress is kept in memory only

    @classmethod
    def open(cls, path: Path | None) -> Store:
        """Open (creating or upgrading) the database at `path`, or in memory for None."""
        target = ":memory:" if path is None else str(path)
        if path is not None and not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # sqlite would use 0644
        connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            check = connection.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise UnreadableStore(f"damaged: {check[0] if check else 'no answer'}")
            if schema_version(connection) > SCHEMA_VERSION:  # before WAL changes the file
                raise NewerStore(path)
            use_wal(connection)
            connection.execute("PRAGMA synchronous = NORMAL")
            migrate(connection)
        except BaseException:
            connection.close()
            raise
        return cls(connection, path)

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed unit of work; `BEGIN IMMEDIATE` takes the write lock up front."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
            self.connection.execute("COMMIT")
        except BaseException:
            rollback(self.connection)
            raise

    # --- writing -----------------------------------------------------------------------------

    def start_session(
        self, mode: str, at: datetime, plan: Sequence[str] = (), pid: int | None = None
    ) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO sessions (mode, started_at, plan, pid) VALUES (?, ?, ?, ?)",
                (mode, at.isoformat(), json.dumps(list(plan)), pid),
            )
            return int(cursor.lastrowid or 0)

    def set_plan(self, session_id: int, plan: Sequence[str]) -> None:
        """The session's questions changed (a lapse was queued to come back)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET plan = ? WHERE id = ?", (json.dumps(list(plan)), session_id)
            )

    def take_over(self, session_id: int, pid: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE sessions SET pid = ? WHERE id = ?", (pid, session_id))

    def end_session(self, session_id: int, at: datetime) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ?", (at.isoformat(), session_id)
            )

    def add_attempt(self, attempt: Attempt) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO attempts (session_id, question_id, deck, part, answer, verdict,"
                " hint_used, seconds, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    attempt.session_id,
                    attempt.question_id,
                    attempt.deck,
                    attempt.part,
                    attempt.answer,
                    attempt.verdict,
                    int(attempt.hint_used),
                    attempt.seconds,
                    attempt.at.isoformat(),
                ),
            )

    def add_review(self, review: Review, card: CardRecord | None) -> None:
        """A finished question and its new schedule, together or not at all."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO reviews (session_id, question_id, deck, outcome, rating, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    review.session_id,
                    review.question_id,
                    review.deck,
                    review.outcome,
                    review.rating,
                    review.at.isoformat(),
                ),
            )
            if card is not None:
                db.execute(
                    "INSERT OR REPLACE INTO cards (question_id, card, due, stability, state,"
                    " last_rating, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        card.question_id,
                        card.card,
                        card.due.isoformat(),
                        card.stability,
                        card.state,
                        card.last_rating,
                        card.reviewed_at.isoformat(),
                    ),
                )

    # --- reading -----------------------------------------------------------------------------

    def cards(self) -> dict[str, CardRecord]:
        rows = self.connection.execute(
            "SELECT question_id, card, due, stability, state, last_rating, reviewed_at FROM cards"
        )
        return {
            row[0]: CardRecord(
                row[0],
                row[1],
                datetime.fromisoformat(row[2]),
                row[3],
                row[4],
                row[5],
                datetime.fromisoformat(row[6]),
            )
            for row in rows
        }

    def stamp(self) -> list[int]:
        """[the last review's number, the questions scheduled]: a schedule never changes
        without a review, so this changes whenever what the home screen counts may have."""
        row = self.connection.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM reviews), (SELECT count(*) FROM cards)"
        ).fetchone()
        return [int(row[0]), int(row[1])]

    def attempts(self) -> list[Attempt]:
        rows = self.connection.execute(
            "SELECT question_id, deck, part, answer, verdict, hint_used, seconds, at, session_id"
            " FROM attempts ORDER BY id"
        )
        return [
            Attempt(
                r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], datetime.fromisoformat(r[7]), r[8]
            )
            for r in rows
        ]

    def unfinished_sessions(self) -> list[StoredSession]:
        """Sessions never ended (their process stopped, or still runs), the latest first;
        those of a trainer before version 3 have no plan and are left out."""
        rows = self.connection.execute(
            "SELECT id, mode, started_at, plan, pid FROM sessions"
            " WHERE ended_at IS NULL AND plan IS NOT NULL ORDER BY id DESC"
        )
        return [
            StoredSession(r[0], r[1], datetime.fromisoformat(r[2]), _ids(r[3]), r[4]) for r in rows
        ]

    def reviews(self) -> list[Review]:
        rows = self.connection.execute(
            "SELECT question_id, deck, outcome, rating, at, session_id FROM reviews ORDER BY id"
        )
        return [Review(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[5]) for r in rows]


def _ids(text: str) -> tuple[str, ...]:
    """A stored plan, read without trusting it: anything but a list of strings is empty."""
    try:
        value = json.loads(text)
    except ValueError:
        return ()
    ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return tuple(value) if ok else ()
