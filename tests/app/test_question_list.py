"""The question list, driven as a learner would: opened from the home screen with `l`, it finds
a question by tag or by search text and starts it; its marks follow the progress; Home and End
move to the first and last row; it fits 80x24 in both languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import DataTable, Select
from ui_helpers import (
    assert_fits,
    assert_shown,
    finish_a_session,
    ready,
    screen_text,
    type_answer,
    wait_until,
)

from trainer.app.app import TrainerApp
from trainer.app.screens.home import HomeScreen
from trainer.app.screens.question import QuestionScreen
from trainer.app.screens.question_list import QuestionListScreen, QuestionTable
from trainer.app.widgets.deck_table import DeckTable
from trainer.practice.i18n import Labels
from trainer.practice.question_list import CHOSEN

Make = Callable[..., TrainerApp]


async def open_list(pilot) -> QuestionListScreen:
    await wait_until(
        pilot, lambda: pilot.app.bank_loaded and isinstance(pilot.app.screen, HomeScreen)
    )
    await pilot.press("l")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, QuestionListScreen))
    screen = pilot.app.screen
    assert isinstance(screen, QuestionListScreen)
    return screen


def listed(screen: QuestionListScreen) -> list[str]:
    table = screen.query_one(QuestionTable)
    return [
        str(table.coordinate_to_cell_key((row, 0)).row_key.value) for row in range(table.row_count)
    ]


async def test_the_list_finds_a_question_by_tag_and_starts_it(make: Make) -> None:
    app = make(question_paths=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot)
        everything = listed(screen)
        assert len(everything) == len(app.bank.questions())
        screen.query_one("#list-tag", Select).value = "softmax"
        await wait_until(pilot, lambda: listed(screen) != everything)
        softmax = listed(screen)
        assert softmax and all("softmax" in app.bank.question(i).tags for i in softmax)
        await pilot.press("down", "down", "enter")  # to the table, one row down, practise
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert app.screen.question.id == softmax[1]
        assert app.session is not None and app.session.mode == CHOSEN
        assert [q.id for q in app.session.questions] == softmax[1:]


async def test_the_search_box_finds_a_question_by_its_id_and_enter_starts_it(make: Make) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot)
        await type_answer(pilot, "t-sum", submit=False)
        await wait_until(pilot, lambda: listed(screen) == ["t-sum"])
        assert_shown(app, "1 of 5 questions")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert app.screen.question.id == "t-sum"


async def test_a_search_that_finds_nothing_starts_nothing(make: Make) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot)
        await type_answer(pilot, "no such question")
        await pilot.pause()
        assert listed(screen) == [] and app.screen is screen and app.session is None
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_the_marks_and_the_state_filter_follow_the_progress(make: Make) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await finish_a_session(pilot)  # t-dot after a wrong try, t-bias revealed, t-linear failed
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        screen = await open_list(pilot)
        table = screen.query_one(QuestionTable)
        marks = {key: str(table.get_row_index(key)) for key in listed(screen)}
        assert set(marks) == {"t-dot", "t-linear", "t-bias", "t-sum", "t-choice"}
        state = {i: table.get_cell_at((table.get_row_index(i), 0)).plain for i in listed(screen)}
        assert state["t-dot"][0] == "✗" and state["t-bias"][0] == "✗"
        assert state["t-linear"][0] == "✗"  # skipped after a wrong try: a lapse
        assert state["t-sum"][0] == " " and state["t-choice"][0] == " "  # never answered
        screen.query_one("#list-state", Select).value = "missed"
        await wait_until(pilot, lambda: listed(screen) == ["t-dot", "t-linear", "t-bias"])
        screen.query_one("#list-state", Select).value = "new"
        await wait_until(pilot, lambda: listed(screen) == ["t-sum", "t-choice"])


async def test_home_and_end_move_to_the_first_and_last_row(make: Make) -> None:
    app = make(question_paths=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        decks = app.screen.query_one(DeckTable)
        await pilot.press("end")
        assert decks.cursor_row == decks.row_count - 1 > 0
        await pilot.press("home")
        assert decks.cursor_row == 0
        screen = await open_list(pilot)
        table = screen.query_one(QuestionTable)
        await pilot.press("down")  # from the search box to the table
        assert table.has_focus
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1 > 20
        await pilot.press("home")
        assert table.cursor_row == 0


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_list_fits_with_its_headings_filters_and_keys(
    make: Make, size: tuple[int, int], lang: str
) -> None:
    app = make(question_paths=None, lang=lang)
    t = Labels(lang)
    async with app.run_test(size=size) as pilot:
        await open_list(pilot)
        await pilot.pause()
        lines = assert_fits(app)
        heading = next(line for line in lines if t("Tags") in line and "▼" not in line)
        assert t("Question") in heading and t("Deck") in heading and t("Level") in heading
        assert_shown(app, t("Any deck"), t("Any tag"), t("Any level"), t("Any state"))
        assert_shown(app, t("mastered"), t("missed"), t("due today"))
        assert f"{t('Practise')}" in lines[-1] and f"esc {t('Back')}" in lines[-1]
        assert sum(1 for line in lines if "  1  " in line or "  2  " in line) >= 8  # rows


async def test_zh_shows_the_titles_and_labels_in_chinese(make: Make) -> None:
    app = make(question_paths=None, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot)
        await type_answer(pilot, "二次型", submit=False)
        await wait_until(pilot, lambda: 0 < len(listed(screen)) < 5)
        shown = screen_text(app)
        assert "二次型" in shown and "查找题目" in shown and "全部标签" in shown


async def test_the_list_key_waits_for_the_bank(make: Make) -> None:
    """`l` pressed before the bank is read opens the list once it is, with every question."""
    app = make(question_paths=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        assert len(listed(app.screen)) == len(app.bank.questions()) > 20
        assert isinstance(app.screen.query_one(QuestionTable), DataTable)
