"""The home screen's first frame on a usual start: drawn from the summary in the data folder
before the bank is read, with the numbers the whole bank gives; keys pressed before the bank
is read wait for it, and a session's progress is in the summary the next start draws."""

from __future__ import annotations

import threading
from collections.abc import Callable

from ui_helpers import SIZE, FakeClock, answer, ready, wait_until

from trainer.app.app import TrainerApp
from trainer.app.screens.home import HomeScreen
from trainer.app.screens.question import QuestionScreen
from trainer.app.screens.statistics import StatisticsScreen
from trainer.app.screens.summary import SummaryScreen
from trainer.app.widgets.deck_table import DeckTable
from trainer.practice.home_summary import summarize

Make = Callable[..., TrainerApp]


def rows(app: TrainerApp) -> list[list[str]]:
    table = app.screen.query_one(DeckTable)
    return [
        [str(getattr(cell, "plain", cell)) for cell in table.get_row(key)]
        for key in ("basics", "extra")
    ]


def held(app: TrainerApp) -> threading.Event:
    """Hold the app's reading of the bank until the returned event is set (the real reader
    stays at `app.read_bank_now`)."""
    gate = threading.Event()
    read = app._load_bank

    def slow():
        assert gate.wait(30), "the test never let the bank be read"
        return read()

    app._load_bank = slow
    app.read_bank_now = read  # type: ignore[attr-defined]
    return gate


async def a_session_with_one_question_done(make: Make, clock: FakeClock) -> None:
    """The first run: t-dot right first time (mastered), t-bias revealed (due a day later);
    then, the next day, back home, which keeps the summary."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")  # basics
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await answer(pilot, "(n,)")
        await answer(pilot, "a")
        await pilot.press("space")
        await wait_until(pilot, lambda: app.screen.question.id == "t-bias")
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.press("escape")  # end the session: its summary
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        clock.advance(days=1)
        await pilot.press("enter")  # home
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("q")


async def test_the_first_frame_shows_the_summary_before_the_bank_is_read(
    make: Make, clock: FakeClock
) -> None:
    await a_session_with_one_question_done(make, clock)
    app = make()
    assert not app.bank_loaded  # the summary was current: the bank is left for a worker
    gate = held(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not app.bank_loaded
        assert app.bank.decks == []
        first = rows(app)
        assert first[0][:2] == ["Basics", "3"] and first[0][2].endswith(" 1/3")
        assert first[0][3] == "1"  # t-bias, revealed, is due today
        assert first[1][:2] == ["Extra", "2"] and first[1][2].endswith(" 0/2")
        description = str(app.screen.query_one("#deck-description").render())
        assert description == "Three small gradients for the UI tests."
        whole = summarize(app.read_bank_now(), app.progress, "en")  # what the whole bank gives
        assert app.summary == whole
        gate.set()
        await wait_until(pilot, lambda: app.bank_loaded)
        assert rows(app) == first
        assert [deck.id for deck in app.bank.decks] == ["basics", "extra"]


async def test_enter_before_the_bank_is_read_starts_the_deck_once_it_is(
    make: Make, clock: FakeClock
) -> None:
    await a_session_with_one_question_done(make, clock)
    app = make()
    gate = held(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # at once: the bank is not read yet
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.session is None  # waiting, not lost
        gate.set()
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert app.session is not None
        assert [q.id for q in app.session.questions] == ["t-bias", "t-linear", "t-dot"]


async def test_keys_before_the_bank_is_read_act_as_they_would_have(
    make: Make, clock: FakeClock
) -> None:
    """Statistics, then "d": statistics open once the bank is read, and the "d" went to the
    statistics screen, as it does when the bank is read at once."""
    await a_session_with_one_question_done(make, clock)
    app = make()
    gate = held(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        gate.set()
        await wait_until(pilot, lambda: isinstance(app.screen, StatisticsScreen))
        await wait_until(pilot, lambda: app.engine.torch_ready.is_set())
        assert app.session is None and isinstance(app.screen, StatisticsScreen)


async def test_a_first_run_reads_the_bank_before_its_first_frame(make: Make) -> None:
    app = make()
    assert app.bank_loaded  # no summary yet: today's path
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rows(app)[0][:2] == ["Basics", "3"] and rows(app)[0][3] == "0"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen))


async def test_a_question_finished_is_in_the_summary_even_if_the_app_stops_there(
    make: Make,
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await answer(pilot, "(n,)")
        await answer(pilot, "a")  # t-dot right first time: mastered
        app.exit()  # stopped on the question screen, never back home
    again = make()
    assert not again.bank_loaded  # the summary was kept when the question was finished
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rows(again)[0][2].endswith(" 1/3")
