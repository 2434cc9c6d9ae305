"""At 80x24 and 120x40 every screen keeps what it needs in view, or within a scroll: the title,
the answer box, the verdict's whole text, the footer's keys to leave and to get help, the
tables' headings and their last rows, in English and in Chinese. The question screens, the
walkthrough and the dialogs over them are in test_layout_question.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.containers import VerticalScroll
from textual.widgets import OptionList
from ui_helpers import (
    assert_fits,
    assert_reachable,
    assert_shown,
    finish_a_session,
    footer_line,
    ready,
    screen_text,
    wait_until,
)

from trainer.app.app import TrainerApp
from trainer.app.screens.help import HelpScreen, cheat_sheet
from trainer.app.screens.statistics import StatisticsScreen
from trainer.practice.i18n import Labels

Make = Callable[..., TrainerApp]
SIZES = [(80, 24), (120, 40)]
sizes = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
langs = pytest.mark.parametrize("lang", ["en", "zh"])


def keys(t: Labels, *labels: str) -> list[str]:
    """Footer entries as drawn: the key, a space, the label in the app's language."""
    return [t(label) for label in labels]


@sizes
@langs
async def test_the_home_screen_of_the_bundled_bank_fits(
    make: Make, size: tuple[int, int], lang: str
) -> None:
    app = make(question_paths=None, lang=lang)
    t = Labels(lang)
    async with app.run_test(size=size) as pilot:

        def drawn() -> bool:  # the table and the footer (recomposed to fit the width)
            lines = assert_fits(app)
            return t("Due today") in "".join(lines) and f"? {t('Help')}" in lines[-1]

        await wait_until(pilot, drawn)
        lines = assert_fits(app)
        heading = next(line for line in lines if t("Due today") in line)
        assert t("Deck") in heading and t("Mastered") in heading
        assert f"q {t('Quit')}" in lines[-1] and f"? {t('Help')}" in lines[-1]
        assert any(("Embeddings" if lang == "en" else "嵌入") in line for line in lines)


@sizes
@langs
async def test_the_help_scrolls_to_its_last_line(
    make: Make, size: tuple[int, int], lang: str
) -> None:
    app = make(lang=lang)
    t = Labels(lang)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert_fits(app)
        assert_shown(app, t("Help"), t("Esc to close"), t("Keys"))
        last = "it works along." if lang == "en" else "d 是运算所沿的维度。"
        await assert_reachable(pilot, app.screen.query_one(VerticalScroll), last)
        assert_shown(app, t("Esc to close"))  # the keys line is never scrolled away


@langs
async def test_no_cell_of_the_help_is_cut_at_80_columns(make: Make, lang: str) -> None:
    """A phrase wider than its column (Chinese has no spaces to wrap at) is folded onto the
    next line, never shortened with an ellipsis."""
    app = make(lang=lang)
    assert "…" not in cheat_sheet(Labels(lang), TrainerApp)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        scroll = app.screen.query_one(VerticalScroll)
        pages = [screen_text(app)]
        while scroll.scroll_y < scroll.max_scroll_y:
            await pilot.press("pagedown")
            pages.append(screen_text(app))
        assert len(pages) > 3
        assert not [line for page in pages for line in page.splitlines() if "…" in line]


@sizes
@langs
async def test_the_command_palette_lists_the_apps_commands(
    make: Make, size: tuple[int, int], lang: str
) -> None:
    app = make(lang=lang)
    t = Labels(lang)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: bool(app.screen.query(OptionList)))
        await wait_until(pilot, lambda: app.screen.query_one(OptionList).option_count > 0)
        assert_fits(app)
        assert_shown(app, t("Search for commands…"))
        options = app.screen.query_one(OptionList)
        await assert_reachable(pilot, options, t("Mixed practice"))


@sizes
@langs
async def test_statistics_of_the_bundled_bank_show_every_heading_and_row(
    make: Make, size: tuple[int, int], lang: str
) -> None:
    app = make(question_paths=None, lang=lang)
    t = Labels(lang)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, StatisticsScreen))
        lines = assert_fits(app)
        heading = next(line for line in lines if t("Due today") in line)
        assert t("Deck") in heading and t("Attempted") in heading and t("Mastered") in heading
        assert f"esc {t('Back')}" in lines[-1]
        body = app.screen.query_one("#statistics", VerticalScroll)
        await assert_reachable(pilot, body, t("No question missed yet."), t("Accuracy"))


@sizes
@langs
async def test_the_summary_shows_its_numbers_tags_and_missed_questions(
    make: Make, size: tuple[int, int], lang: str
) -> None:
    app = make(lang=lang)
    t = Labels(lang)
    async with app.run_test(size=size) as pilot:
        await finish_a_session(pilot)
        assert_fits(app)
        assert_shown(app, t("Questions"), t("Time spent"), t("Tag"), t("Accuracy"))
        footer = footer_line(app)
        assert all(key in footer for key in keys(t, "Home", "Quit"))
        body = app.screen.query_one("#summary", VerticalScroll)
        await assert_reachable(pilot, body, "t-linear", t("Press r to practise them again."))
