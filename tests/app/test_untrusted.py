"""The app against a hostile deck, a failing database and answers that would blow up: texts are
shown as text (never markup or actions), nothing hangs, nothing is lost, nothing crashes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Markdown, Static
from ui_helpers import SIZE, answer, first_question, ready, text_of, type_answer, wait_until

from trainer.app.app import TrainerApp
from trainer.app.screens.home import HomeScreen
from trainer.app.screens.question import QuestionScreen
from trainer.app.screens.statistics import StatisticsScreen
from trainer.app.widgets.deck_table import DeckTable

Make = Callable[..., TrainerApp]

CLICK = "[@click=app.screenshot('victim.txt','{folder}')]click here[/]"
HOSTILE = """\
deck: hostile
title: "[/] [@click=app.quit]Quit[/] \\x1b[2J"
description: "[b]bold?[/b] [@click=app.quit]x[/]"
questions:
  - id: h-choice
    title: "[/]title[/]"
    tags: ["[/]", "[@click=app.quit]t[/]"]
    prompt: "A prompt with [a link](https://example.invalid) and [@click=app.quit]markup[/]."
    ask: choice
    choices:
      - "{click}"
      - "[/] closing"
    answer: 2
    hint: "[@click=app.quit]hint[/]"
    explain: "[red]explain[/red]"
    mistakes:
      - answer: 1
        says: "[@click=app.quit]says[/]"
  - id: h-value
    title: value
    prompt: p
    dims: {{n: 2..4}}
    given: {{x: [n]}}
    forward: [loss = sum(x)]
    wrt: x
    answer: ones(n)
"""


def hostile_deck(tmp_path: Path) -> tuple[Path, Path]:
    folder, victim = tmp_path / "hostile", tmp_path / "victim-folder"
    folder.mkdir()
    victim.mkdir()
    text = HOSTILE.format(click=CLICK.format(folder=victim))
    (folder / "hostile.yaml").write_text(text, encoding="utf-8")
    return folder, victim


def _shown(screen: object, selector: str) -> str:
    return text_of(screen.query_one(selector, Static))  # type: ignore[attr-defined]


async def test_markup_in_every_text_of_a_deck_is_shown_as_text(make: Make, tmp_path: Path) -> None:
    folder, victim = hostile_deck(tmp_path)
    app = make(question_paths=[folder])
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen)  # the deck title did not crash the start
        table = app.screen.query_one(DeckTable)
        title = str(table.get_row("hostile")[0])
        assert "[/] [@click=app.quit]Quit[/]" in title and "\\x1b[2J" in title
        assert "[@click=app.quit]x[/]" in _shown(app.screen, "#deck-description")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        screen = app.screen
        assert "[/]title[/]" in _shown(screen, "#question-title")
        assert "[@click=app.quit]t[/]" in _shown(screen, "#question-meta")
        choices = _shown(screen, "#question-choices")
        assert "click here[/]" in choices and "[/] closing" in choices
        prompt = screen.query_one("#question-prompt", Markdown)
        assert not prompt._open_links  # a link in a prompt opens nothing
        await pilot.click("#question-choices")  # where the injected action would sit
        screen.query_one("#answer").focus()
        await pilot.press("ctrl+t")
        assert "[@click=app.quit]hint[/]" in _shown(screen, "#question-hint")
        await answer(pilot, "1")
        assert "[@click=app.quit]says[/]" in text_of(screen.query_one("#verdict"))
        await answer(pilot, "2")
        assert "[red]explain[/red]" in _shown(screen, "#question-solution")
        assert app.is_running
    assert list(victim.iterdir()) == []  # no screenshot was written by a click


async def test_the_database_breaking_mid_run_keeps_the_session_in_memory(
    make: Make, data_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        app.progress.store.connection.close()  # the disk goes away under the app
        screen = await answer(pilot, "(n,)")
        assert "Right: (n,)" in text_of(screen.query_one("#verdict"))
        assert app.progress.trouble is not None
        notices = [n.message for n in app._notifications]
        assert any("Progress could not be saved" in n for n in notices), notices
        await answer(pilot, "a")  # later attempts go to the session in memory
        assert [a.answer for a in app.progress.store.attempts()] == ["(n,)", "a"]
        await pilot.press("escape")
        assert app.is_running


async def test_a_read_only_database_is_reported_and_the_app_goes_on(
    make: Make, data_dir: Path
) -> None:
    make().progress.store.close()  # the database exists
    database = data_dir / "progress.sqlite3"
    app = make()
    app.progress.store.connection.close()
    app.progress.store.connection = sqlite3.connect(
        f"file:{database}?mode=ro", uri=True, isolation_level=None
    )
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        await answer(pilot, "(n,)")
        assert app.progress.trouble is not None
        assert "readonly" in app.progress.trouble.params["error"].replace("-", "")


async def test_damage_in_the_attempts_table_does_not_crash_statistics(
    make: Make, data_dir: Path
) -> None:
    app = make()
    store = app.progress.store
    store.connection.execute(
        "INSERT INTO attempts (question_id, deck, part, answer, verdict, hint_used, seconds, at)"
        " VALUES ('t-dot', 'basics', 'value', 'a', 'correct', 0, 1.0, 'not a date')"
    )
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, StatisticsScreen))
        assert app.progress.trouble is not None
        assert app.is_running


async def test_an_empty_answer_with_a_huge_side_is_invalid_and_the_next_is_judged(
    make: Make,
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        screen = await answer(pilot, "(n,)")
        await type_answer(pilot, "zeros(0, 10**9)")
        assert "Cannot check this answer" in text_of(screen.query_one("#verdict"))
        screen.query_one("#answer").value = ""  # type: ignore[attr-defined]
        await answer(pilot, "a")
        assert "Correct" in text_of(screen.query_one("#verdict"))


async def test_an_engine_failure_is_shown_and_never_leaves_checking_forever(
    make: Make, monkeypatch
) -> None:
    from trainer.oracle import Oracle

    def broken(self, answer: str, kind: str):
        raise RuntimeError("the engine broke")

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await first_question(pilot)
        monkeypatch.setattr(Oracle, "judge", broken)
        screen = await answer(pilot, "(n,)")
        assert "RuntimeError: the engine broke" in text_of(screen.query_one("#verdict"))
        monkeypatch.undo()
        await pilot.press("enter")  # the answer is still in the box: submit it again
        await wait_until(pilot, lambda: "Right" in text_of(screen.query_one("#verdict")))
        assert "Right: (n,)" in text_of(screen.query_one("#verdict"))
