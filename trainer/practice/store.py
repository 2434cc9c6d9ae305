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

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 5.0

MIGRATIONS: tuple[str, ...] = (
    # version 0 -> 1
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        mode TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT
    );
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        session_id INTEGER REFERENCES sessions(id),
        question_id TEXT NOT NULL,
        deck TEXT NOT NULL,
        step TEXT NOT NULL,              -- renamed `part` by version 2
        answer TEXT NOT NULL,            -- the text as typed
        verdict TEXT NOT NULL,           -- correct, wrong_shape or wrong_value
        hint_used INTEGER NOT NULL,
        seconds REAL NOT NULL,           -- time taken for this attempt
        at TEXT NOT NULL                 -- ISO 8601, UTC
    );
    CREATE INDEX attempts_by_question ON attempts (question_id);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        session_id INTEGER REFERENCES sessions(id),
        question_id TEXT NOT NULL,
        deck TEXT NOT NULL,
        outcome TEXT NOT NULL,           -- first_try, after_help, revealed or skipped
        rating INTEGER,                  -- the FSRS rating given, NULL when not rated
        at TEXT NOT NULL
    );
    CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,
        card TEXT NOT NULL,              -- fsrs.Card as JSON
        due TEXT NOT NULL,
        stability REAL,
        state INTEGER NOT NULL,
        last_rating INTEGER,
        reviewed_at TEXT NOT NULL
    );
    """,
    # version 1 -> 2: "step" means a walkthrough node only; what an attempt answered is its part
    """
    ALTER TABLE attempts RENAME COLUMN step TO part;  -- shape, value, choice or walk:NODE
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class UnreadableStore(Exception):
    """The file is not a database of ours (or is damaged); it should be moved aside."""


class NewerStore(Exception):
    """The database was written by a newer trainer with a schema this one does not know."""


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

    def start_session(self, mode: str, at: datetime) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO sessions (mode, started_at) VALUES (?, ?)", (mode, at.isoformat())
            )
            return int(cursor.lastrowid or 0)

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

    def reviews(self) -> list[Review]:
        rows = self.connection.execute(
            "SELECT question_id, deck, outcome, rating, at, session_id FROM reviews ORDER BY id"
        )
        return [Review(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[5]) for r in rows]


def schema_version(connection: sqlite3.Connection) -> int:
    """The stored version: 0 for an empty file; `UnreadableStore` for someone else's database."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "schema_version" not in tables:
        if tables:
            raise UnreadableStore("a database without our schema_version table")
        return 0
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    if row is None or not isinstance(row[0], int):
        raise UnreadableStore("no schema version recorded")
    return row[0]


def use_wal(connection: sqlite3.Connection) -> None:
    """Switch a database to write-ahead logging (kept in the file, so once is enough).

    The switch needs the file to itself, and SQLite does not wait for that as it waits for a
    write lock: two instances opening a new database at once would see "database is locked".
    So it is retried until the same timeout as any other wait.
    """
    if connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def migrate(connection: sqlite3.Connection, migrations: tuple[str, ...] = MIGRATIONS) -> int:
    """Bring the schema up to date, each step in its own transaction; returns the version.

    The write lock is taken before the version is read, so two instances starting together
    never run the same migration twice.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(connection)
        if version > len(migrations):
            raise NewerStore(str(version))
        if version == 0:
            connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for number in range(version, len(migrations)):
            for statement in split_script(migrations[number]):
                connection.execute(statement)
            connection.execute("DELETE FROM schema_version")
            connection.execute("INSERT INTO schema_version (version) VALUES (?)", (number + 1,))
        connection.execute("COMMIT")
    except BaseException:
        rollback(connection)
        raise
    return len(migrations)


def rollback(connection: sqlite3.Connection) -> None:
    """Undo an open transaction, keeping the error that caused it: SQLite may already have
    rolled back (a full disk does), and "no transaction is active" would hide the cause."""
    if connection.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")


def split_script(script: str) -> list[str]:
    """Statements of a migration script (executescript would commit our transaction)."""
    statements, current = [], ""
    for line in script.splitlines():
        current += line.split("--")[0] + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s.rstrip(";").strip()]
