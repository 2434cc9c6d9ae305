"""The progress database's schema: the migrations from each version to the next, and the
checks that tell our database (of which version) from someone else's."""

from __future__ import annotations

import contextlib
import sqlite3
import time

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
    # version 2 -> 3: a session keeps its questions, so one cut short by a crash can go on
    """
    ALTER TABLE sessions ADD COLUMN plan TEXT;   -- JSON list of question ids, returns included
    ALTER TABLE sessions ADD COLUMN pid INTEGER; -- the process that runs it
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class UnreadableStore(Exception):
    """The file is not a database of ours (or is damaged); it should be moved aside."""


class NewerStore(Exception):
    """The database was written by a newer trainer with a schema this one does not know."""


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
