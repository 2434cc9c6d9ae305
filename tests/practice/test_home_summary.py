"""The home screen's summary in the data folder: kept, found again, and ignored (then rebuilt)
whenever the bank, the progress or the day changed, or the file is not one we wrote."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from trainer.practice.config import AppConfig
from trainer.practice.home_summary import LIMIT, HomeSummary, summarize
from trainer.practice.locations import home_summary_path
from trainer.practice.opening import open_app
from trainer.practice.outcomes import FIRST_TRY, QuestionResult

VALID = Path(__file__).resolve().parents[1] / "app" / "questions" / "valid"
START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    """A copy of the small test bank, so a test may edit its files."""
    return Path(shutil.copytree(VALID, tmp_path / "questions"))


@pytest.fixture
def clock() -> Clock:
    return Clock()


def opened(tmp_path: Path, bank_dir: Path, clock: Clock, **options: Any):
    config = AppConfig(question_paths=[bank_dir], data_dir=tmp_path / "data", seed=0, **options)
    return open_app(config, clock=clock, environ={})


def first_run(tmp_path: Path, bank_dir: Path, clock: Clock) -> HomeSummary:
    """A first run: no summary, so the bank is read; the app keeps its summary."""
    start = opened(tmp_path, bank_dir, clock)
    assert start.summary is None and start.bank is not None
    summary = summarize(start.bank, start.progress, start.engine.lang)
    start.summary_file.keep(summary, start.progress)
    start.progress.close()
    return summary


def summary_file(tmp_path: Path) -> Path:
    return home_summary_path(tmp_path / "data")


def test_the_summary_is_found_again_and_the_bank_left_for_later(tmp_path, bank_dir, clock):
    kept = first_run(tmp_path, bank_dir, clock)
    assert [(d.deck_id, d.title, d.counts.questions) for d in kept.decks] == [
        ("basics", "Basics", 3),
        ("extra", "Extra", 2),
    ]
    again = opened(tmp_path, bank_dir, clock)
    assert again.bank is None  # the home screen draws from the summary
    assert again.summary == kept
    bank = again.load_bank()  # what the app's worker does after the first frame
    assert summarize(bank, again.progress, "en") == kept


def test_a_changed_question_file_is_a_new_summary(tmp_path, bank_dir, clock):
    first_run(tmp_path, bank_dir, clock)
    extra = bank_dir / "extra.yaml"
    extra.write_text(extra.read_text().replace('{en: "Extra",', '{en: "Extra, edited",'))
    again = opened(tmp_path, bank_dir, clock)
    assert again.summary is None and again.bank is not None
    assert [d.title["en"] for d in again.bank.decks] == ["Basics", "Extra, edited"]


def test_progress_and_midnight_make_a_new_summary(tmp_path, bank_dir, clock):
    first_run(tmp_path, bank_dir, clock)
    start = opened(tmp_path, bank_dir, clock)
    assert start.summary is not None
    start.progress.finish(QuestionResult("t-dot", "basics", FIRST_TRY), None)  # a review
    assert start.summary_file.read(start.progress) is None
    start.progress.close()

    again = opened(tmp_path, bank_dir, clock)
    assert again.summary is None and again.bank is not None  # the numbers are counted again
    summary = summarize(again.bank, again.progress, "en")
    assert summary.decks[0].counts.attempted == 1
    again.summary_file.keep(summary, again.progress)
    assert again.summary_file.read(again.progress) == summary
    clock.now += timedelta(days=1)  # what is due changes at midnight
    assert again.summary_file.read(again.progress) is None


def test_filters_and_language_are_part_of_the_key(tmp_path, bank_dir, clock):
    first_run(tmp_path, bank_dir, clock)
    assert opened(tmp_path, bank_dir, clock, decks=["extra"]).summary is None
    assert opened(tmp_path, bank_dir, clock, lang="zh").summary is None
    only = opened(tmp_path, bank_dir, clock, decks=["nothing"])
    assert only.bank is not None
    summary = summarize(only.bank, only.progress, "en")
    assert summary.decks == [] and summary.notices == [
        "There is no deck nothing; decks: basics, extra."
    ]


def test_progress_in_memory_keeps_no_summary(tmp_path, bank_dir, clock):
    start = opened(tmp_path, bank_dir, clock)
    assert start.bank is not None
    start.progress._go_on_in_memory(OSError("disk gone"))
    start.summary_file.keep(summarize(start.bank, start.progress, "en"), start.progress)
    assert not summary_file(tmp_path).exists()


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _deck(data: dict[str, Any]) -> dict[str, Any]:
    deck: dict[str, Any] = data["summary"]["decks"][0]
    return deck


BROKEN = {
    "not JSON": lambda p: p.write_text("{not json"),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:-40]),
    "empty": lambda p: p.write_text(""),
    "not UTF-8": lambda p: p.write_bytes(b"\xff\xfe" + p.read_bytes()),
    "a list": lambda p: p.write_text("[1, 2]"),
    "too big": lambda p: p.write_text(" " * (LIMIT + 1) + "{}"),
    "nested too deep": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
    "another key": lambda p: _edit(p, lambda d: d["key"].__setitem__(1, 999)),
    "no summary": lambda p: _edit(p, lambda d: d.pop("summary")),
    "a deck without counts": lambda p: _edit(p, lambda d: _deck(d).pop("counts")),
    "a count as text": lambda p: _edit(p, lambda d: _deck(d)["counts"].update(due="3")),
    "a count as a bool": lambda p: _edit(p, lambda d: _deck(d)["counts"].update(due=True)),
    "a negative count": lambda p: _edit(p, lambda d: _deck(d)["counts"].update(due=-1)),
    "more mastered than questions": lambda p: _edit(
        p, lambda d: _deck(d)["counts"].update(mastered=4)
    ),
    "a title as a number": lambda p: _edit(p, lambda d: _deck(d).update(title=7)),
    "a huge title": lambda p: _edit(p, lambda d: _deck(d).update(title="x" * 30_000)),
    "two decks of one id": lambda p: _edit(p, lambda d: d["summary"]["decks"].append(_deck(d))),
    "an id the counts do not name": lambda p: _edit(
        p, lambda d: _deck(d)["counts"].update(deck_id="other")
    ),
    "too many problem lines": lambda p: _edit(
        p, lambda d: d["summary"].update(problems=["x"] * 21)
    ),
    "a notice as a dict": lambda p: _edit(
        p, lambda d: d["summary"].update(notices=[{"text": "{0.__class__}"}])
    ),
}


@pytest.mark.parametrize("damage", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_or_hostile_summary_is_ignored_and_rebuilt(tmp_path, bank_dir, clock, damage):
    kept = first_run(tmp_path, bank_dir, clock)
    path = summary_file(tmp_path)
    damage(path)
    start = opened(tmp_path, bank_dir, clock)
    assert start.summary is None and start.bank is not None  # read as on a first run
    rebuilt = summarize(start.bank, start.progress, "en")
    assert rebuilt == kept
    start.summary_file.keep(rebuilt, start.progress)
    assert opened(tmp_path, bank_dir, clock).summary == kept


def test_a_written_summary_is_not_written_again(tmp_path, bank_dir, clock):
    first_run(tmp_path, bank_dir, clock)
    start = opened(tmp_path, bank_dir, clock)
    assert start.summary is not None
    path = summary_file(tmp_path)
    path.write_text(path.read_text() + " ")  # still the same JSON: still read
    assert opened(tmp_path, bank_dir, clock).summary == start.summary
    start.summary_file.keep(start.summary, start.progress)
    assert path.read_text().endswith(" ")  # unchanged: nothing written
    changed = replace(start.summary, decks=start.summary.decks[:1])
    start.summary_file.keep(changed, start.progress)
    assert opened(tmp_path, bank_dir, clock).summary == changed


def test_a_summary_file_is_owner_only(tmp_path, bank_dir, clock):
    first_run(tmp_path, bank_dir, clock)
    assert summary_file(tmp_path).stat().st_mode & 0o077 == 0
    assert [p.name for p in summary_file(tmp_path).parent.glob("*.tmp")] == []


def test_a_folder_that_cannot_be_written_costs_only_time(tmp_path, bank_dir, clock):
    start = opened(tmp_path, bank_dir, clock)
    assert start.bank is not None
    summary_file(tmp_path).mkdir()  # a folder where the file should be: cannot be replaced
    start.summary_file.keep(summarize(start.bank, start.progress, "en"), start.progress)
    assert start.summary_file.read(start.progress) is None
