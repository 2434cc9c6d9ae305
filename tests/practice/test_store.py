"""The progress database: migrations, WAL, committed attempts, bad files moved aside, two
instances at once. (No Textual: the store is plain sqlite3.)"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.practice.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Attempt,
    CardRecord,
    NewerStore,
    Review,
    Store,
    migrate,
    schema_version,
)
from trainer.practice.store_file import open_store

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def attempt(question_id: str = "q", answer: str = "a", verdict: str = "correct") -> Attempt:
    return Attempt(question_id, "deck", "value", answer, verdict, False, 1.5, NOW)


def test_a_new_database_gets_the_current_schema_and_wal(tmp_path: Path) -> None:
    store, notices = open_store(tmp_path / "data" / "progress.sqlite3", clock)
    assert notices == []
    assert schema_version(store.connection) == SCHEMA_VERSION
    assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_each_attempt_is_committed_when_made(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store.open(path)
    store.add_attempt(attempt(answer="outer(x, y)", verdict="wrong_value"))
    # another connection sees it at once: nothing waits for a later commit or a clean exit
    other = sqlite3.connect(path)
    rows = other.execute(
        "SELECT question_id, part, answer, verdict, hint_used, seconds FROM attempts"
    )
    assert rows.fetchall() == [("q", "value", "outer(x, y)", "wrong_value", 0, 1.5)]
    reopened = Store.open(path)
    assert reopened.attempts() == [attempt(answer="outer(x, y)", verdict="wrong_value")]


def test_closing_progress_at_the_end_of_a_run_leaves_one_file(tmp_path: Path) -> None:
    from trainer.practice.progress import Progress

    path = tmp_path / "progress.sqlite3"
    store, _ = open_store(path, clock)
    progress = Progress(store, clock)
    store.add_attempt(attempt())
    assert (tmp_path / "progress.sqlite3-wal").exists()
    progress.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]
    assert Store.open(path).attempts() == [attempt()]


def test_reviews_and_cards_are_written_together(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    card = CardRecord("q", "{}", NOW, 2.3, 2, 3, NOW)
    store.add_review(Review("q", "deck", "first_try", 3, NOW), card)
    assert store.cards() == {"q": card}
    assert store.reviews() == [Review("q", "deck", "first_try", 3, NOW)]


def test_migrations_run_in_order_from_an_older_version(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    assert migrate(connection, MIGRATIONS) == SCHEMA_VERSION
    connection.execute("INSERT INTO sessions (mode, started_at) VALUES ('deck', 'x')")
    later = (*MIGRATIONS, "ALTER TABLE sessions ADD COLUMN note TEXT;")
    assert migrate(connection, later) == SCHEMA_VERSION + 1
    assert schema_version(connection) == SCHEMA_VERSION + 1
    assert connection.execute("SELECT mode, note FROM sessions").fetchall() == [("deck", None)]
    with pytest.raises(NewerStore):
        migrate(connection, MIGRATIONS)  # this trainer is older than the file


def test_a_version_1_database_keeps_every_attempt_under_its_part(tmp_path: Path) -> None:
    """Version 2 renamed the attempts' `step` column `part` (a step is a walkthrough node):
    a database made before it opens with every attempt, each under the part it answered."""
    path = tmp_path / "progress.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    assert migrate(connection, MIGRATIONS[:1]) == 1
    old = [
        ("q", "deck", "shape", "(n,)", "correct", 0, 1.5, NOW.isoformat()),
        ("q", "deck", "value", "x", "wrong_value", 1, 2.5, NOW.isoformat()),
        ("w", "walk", "walk:h", "g", "correct", 0, 0.5, NOW.isoformat()),
    ]
    connection.executemany(
        "INSERT INTO attempts (question_id, deck, step, answer, verdict, hint_used, seconds, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        old,
    )
    connection.close()
    store, notices = open_store(path, clock)
    assert notices == [] and store.path == path
    assert schema_version(store.connection) == SCHEMA_VERSION == 3
    assert store.attempts() == [
        Attempt(q, deck, part, answer, verdict, bool(hint), seconds, NOW)
        for q, deck, part, answer, verdict, hint, seconds, _ in old
    ]
    assert [a.part for a in store.attempts()] == ["shape", "value", "walk:h"]


def test_an_unreadable_file_is_moved_aside_never_deleted(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"garbage " * 512)
    store, notices = open_store(path, clock)
    aside = tmp_path / "progress.sqlite3.unreadable-20260105-120000"
    assert aside.read_bytes() == b"garbage " * 512
    assert notices[0].params == {"path": str(aside)}
    assert store.path == path and schema_version(store.connection) == SCHEMA_VERSION


def test_a_foreign_database_is_moved_aside_too(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE something_else (x)").connection.commit()
    _store, notices = open_store(path, clock)
    assert len(notices) == 1 and ".unreadable-" in notices[0].params["path"]


def test_a_newer_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    migrate(connection, (*MIGRATIONS, "CREATE TABLE future (x);"))
    connection.close()
    before = path.read_bytes()
    store, notices = open_store(path, clock)
    assert store.path is None  # this session's progress stays in memory
    assert "newer trainer" in notices[0].text
    assert path.read_bytes() == before


def test_an_unwritable_folder_keeps_progress_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store, notices = open_store(blocker / "sub" / "progress.sqlite3", clock)
    assert store.path is None and notices
    store.add_attempt(attempt())
    assert len(store.attempts()) == 1


def test_two_instances_write_at_once_without_failing(tmp_path: Path) -> None:
    """Each thread opens its own connection, as two app instances would (migration included)."""
    path = tmp_path / "progress.sqlite3"
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def instance(number: int) -> None:
        try:
            start.wait()
            store = Store.open(path)
            for index in range(50):
                store.add_attempt(attempt(f"q{number}", str(index)))
            store.close()
        except BaseException as error:  # pragma: no cover - the failure being tested for
            errors.append(error)

    threads = [threading.Thread(target=instance, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(Store.open(path).attempts()) == 200


def test_a_new_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store, _ = open_store(path, clock)
    store.add_attempt(attempt())
    assert path.stat().st_mode & 0o777 == 0o600


def _damage_a_table_page(path: Path, table: str) -> None:
    """Random bytes over one page of `table`, as a failing disk would leave it."""
    import random

    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
    ).fetchone()
    connection.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(random.Random(1).randbytes(page_size))


@pytest.mark.parametrize("table", ["cards", "attempts", "sessions"])
def test_a_damaged_page_is_moved_aside_at_the_next_start(tmp_path: Path, table: str) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store.open(path)
    for number in range(50):
        store.add_attempt(attempt(question_id=f"q{number}"))
    store.close()
    _damage_a_table_page(path, table)
    store, notices = open_store(path, clock)
    assert [n.text.split(";")[0] for n in notices] == ["The progress file could not be read"]
    assert list(tmp_path.glob("progress.sqlite3.unreadable-*"))
    store.add_attempt(attempt())  # a fresh database that works
    assert len(store.attempts()) == 1


def test_a_full_disk_reports_its_own_cause(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    store.connection.execute("PRAGMA max_page_count = 8")  # a disk with no room left
    with pytest.raises(sqlite3.Error) as caught:
        for number in range(2000):
            store.add_attempt(attempt(answer="x" * 500 + str(number)))
    assert "full" in str(caught.value)
    assert "no transaction is active" not in str(caught.value)


def test_a_version_2_database_keeps_its_sessions_and_resumes_none_of_them(tmp_path: Path) -> None:
    """Version 3 keeps each session's plan (to go on after a crash): the sessions of an older
    trainer keep every column, and having no plan, none is taken for one cut short."""
    path = tmp_path / "progress.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    assert migrate(connection, MIGRATIONS[:2]) == 2
    connection.execute(
        "INSERT INTO sessions (mode, started_at) VALUES ('deck', ?)", (NOW.isoformat(),)
    )
    connection.execute(
        "INSERT INTO attempts (session_id, question_id, deck, part, answer, verdict, hint_used,"
        " seconds, at) VALUES (1, 'q', 'deck', 'shape', '(n,)', 'correct', 0, 1.0, ?)",
        (NOW.isoformat(),),
    )
    connection.close()
    store, notices = open_store(path, clock)
    assert notices == [] and schema_version(store.connection) == 3
    row = store.connection.execute("SELECT mode, started_at, ended_at, plan, pid FROM sessions")
    assert row.fetchall() == [("deck", NOW.isoformat(), None, None, None)]
    assert [a.answer for a in store.attempts()] == ["(n,)"]
    assert store.unfinished_sessions() == []
    sid = store.start_session("deck", NOW, ["a", "b"], 42)
    store.set_plan(sid, ["a", "b", "a"])
    (kept,) = store.unfinished_sessions()
    assert (kept.session_id, kept.plan, kept.pid) == (sid, ("a", "b", "a"), 42)
    store.connection.execute("UPDATE sessions SET plan = '{\"x\": 1}' WHERE id = ?", (sid,))
    assert store.unfinished_sessions()[0].plan == ()  # a plan not ours reads as none
