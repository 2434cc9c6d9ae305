"""The practice app: owns the bank, the progress, the session, and the background workers.

On a usual start the home screen is drawn from the summary kept in the data folder, and the
bank is read in a worker after the first frame; a key that needs the bank before it is read
(start a deck, statistics) waits for it and then runs.

Screens show things and report what the learner chose (`messages.py`); the app decides what
happens next. Screens are imported where they are first shown, not at the top: the home screen
must draw before the question screen's Markdown (and its parser) is loaded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.worker import get_current_worker

from trainer.app.base import PracticeAppBase
from trainer.app.bindings import translate_bindings
from trainer.app.messages import (
    AttemptMade,
    BankLoaded,
    BankValidated,
    EndSession,
    MoveOn,
    QuestionFinished,
    StartSession,
    TorchLoaded,
)
from trainer.collector import resume_collection
from trainer.practice.home_summary import HomeSummary, summarize
from trainer.practice.i18n import N_, Labels
from trainer.practice.opening import OpenedApp
from trainer.practice.outlook import instead_of_due
from trainer.practice.practice_bank import PracticeBank
from trainer.practice.session import DUE, NEXT, Session
from trainer.practice.store import Attempt, LearnerNotice


class TrainerApp(PracticeAppBase):
    """Practise matrix-calculus gradients, judged by a PyTorch-autograd oracle."""

    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "help", N_("Help"), show=False)]
    TEXTUAL_LABELS = (
        N_("palette"),
        N_("Quit"),
        N_("Theme"),
        N_("Change the current theme"),
        N_("Quit the application as soon as possible"),
        N_("Keys"),
        N_("Show help for the focused widget and a summary of available keys"),
        N_("Hide the keys and widget help panel"),
        N_("Minimize"),
        N_("Minimize the widget and restore to normal size"),
        N_("Maximize"),
        N_("Maximize the focused widget"),
        N_("Screenshot"),
        N_("Save an SVG 'screenshot' of the current screen"),
        N_("Search for commands…"),
        N_("Search for themes…"),
    )
    """Textual's own labels (footer keys, system commands) that we translate with ours."""

    def __init__(self, opened: OpenedApp) -> None:
        super().__init__()
        self.progress = opened.progress
        self.engine = opened.engine
        self.summary_file = opened.summary_file
        self._load_bank = opened.load_bank
        self.bank = opened.bank or PracticeBank([])
        self.bank_loaded = opened.bank is not None
        self.lang = self.engine.lang
        self.labels = Labels(self.lang)
        self.notices = list(opened.notices)
        self.session: Session | None = None
        self.validated = False
        self.summary = opened.summary or summarize(self.bank, self.progress, self.lang)
        self._waiting: list[Callable[[], object]] = []  # keys pressed before the bank was read
        self.title = self.labels("trainer")
        self.progress.on_trouble = self._progress_trouble
        translate_bindings(self, self.labels)

    def get_default_screen(self) -> Screen[None]:
        from trainer.app.screens.home import HomeScreen

        return HomeScreen()

    def on_ready(self) -> None:
        """After the first frame: importing torch would otherwise slow the home screen's draw;
        and the garbage collector, paused by `trainer practice` for the start, runs again."""
        resume_collection()
        if self.bank_loaded:
            self._resume()
            self.load_torch()
        else:
            self.load_bank()

    def recount(self) -> HomeSummary:
        if self.bank_loaded:
            self.summary = summarize(self.bank, self.progress, self.lang)
            self.summary_file.keep(self.summary, self.progress)
        return self.summary

    def _with_bank(self, action: Callable[[], object]) -> bool:
        """Whether the bank is read; if not, `action` runs once it is (no key is dropped)."""
        if not self.bank_loaded:
            self._waiting.append(action)
        return self.bank_loaded

    # --- the bank, PyTorch and the bank's check, in the background ----------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="bank", description="Reading")
    def load_bank(self) -> None:
        """Read the bank (from its cache, usually) off the UI thread, after the first frame."""
        try:
            self.post_message(BankLoaded(self._load_bank()))
        except Exception as error:  # a bank that cannot be read leaves an empty home, not a crash
            self.post_message(BankLoaded(PracticeBank([]), f"{type(error).__name__}: {error}"))

    def on_bank_loaded(self, message: BankLoaded) -> None:
        if message.error:
            text = self.labels("The questions could not be read: {error}", error=message.error)
            self.notify(text, severity="error", timeout=30, markup=False)
        self.bank, self.bank_loaded = message.bank, True
        self._refresh_home()
        self._resume()
        waiting, self._waiting = self._waiting, []
        top = self.screen
        for action in waiting:  # as if the bank had been read at once: once a key opened a
            if self.screen is not top:  # screen, the next keys were that screen's
                break
            action()
        self.load_torch()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="torch",
        description="Loading PyTorch",
    )
    def load_torch(self) -> None:
        """Import torch (over a second) off the UI thread; then check the bank beside it."""
        error = self.engine.load_torch()
        self.post_message(TorchLoaded(error))
        with contextlib.suppress(ImportError):
            import fsrs  # noqa: F401 - loaded now so that the first review does not wait for it
        if error is None:
            self.validate_bank()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="validate",
        description="Checking the questions",
    )
    def validate_bank(self) -> None:
        """The checks that run a question, for each under its own lock, so a slow question never
        holds up the learner's answers to the others; the UI thread drops the bad ones."""
        from trainer.practice.sitting import check_questions

        worker = get_current_worker()
        checked = check_questions(self.engine, self.bank.questions(), lambda: worker.is_cancelled)
        if checked is not None:
            self.post_message(BankValidated(checked.problems, checked.invalid))

    def on_torch_loaded(self, message: TorchLoaded) -> None:
        if message.error:
            self.notify(
                self.labels(
                    "PyTorch could not be loaded, so answers cannot be checked: {error}",
                    error=message.error,
                ),
                severity="error",
                timeout=30,
                markup=False,
            )
        self._refresh_home()

    def on_bank_validated(self, message: BankValidated) -> None:
        self.bank.drop(message.invalid, message.problems)
        if self.session is not None:
            self.session.drop(message.invalid)
        self.engine.forget(message.invalid)
        self.validated = True
        self._refresh_home()

    def _refresh_home(self) -> None:
        from trainer.app.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_decks()

    def _progress_trouble(self, notice: LearnerNotice) -> None:
        self.notify(self.labels(notice.text, **notice.params), severity="error", markup=False)

    # --- sessions -----------------------------------------------------------------------------

    @on(StartSession)
    def start_session(self, message: StartSession) -> None:
        if not self._with_bank(lambda: self.start_session(message)):
            return
        from trainer.practice.sitting import plan_sitting

        now = self.now()
        cards = self.progress.cards()
        mode = message.mode
        questions = plan_sitting(self.bank, mode, cards, now, message.deck_id, message.question_ids)
        if not questions and mode == DUE:  # never a dead end: what comes next instead
            accuracy = self.progress.tag_accuracy(self.bank.questions())
            questions, mode = plan_sitting(self.bank, NEXT, cards, now, accuracy=accuracy), NEXT
            self.notify(self.labels(instead_of_due(accuracy)))
        if not questions:
            self.notify(self.labels("No questions to practise."))
            return
        session_id = self.progress.start_session(mode, [q.id for q in questions])
        self.session = Session(mode, questions, now, session_id)
        self._show_question()

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quitting ends the session: only one cut short (killed) is taken up at the next start."""
        if self.session is not None:
            self.progress.end_session(self.session.session_id)
            self.session = None
        super().exit(*args, **kwargs)

    def _resume(self) -> None:
        """A session cut short (the app killed) goes on where the learner was."""
        from trainer.practice.resume import find_resumable

        found = None if self.session else find_resumable(self.progress, self.bank)
        if found is not None:
            self.session = found.session
            self.notify(self.labels("Your last session was cut short: it goes on where you were."))
            self._show_question(found.attempts)

    def _show_question(self, restored: Sequence[Attempt] = ()) -> None:
        from trainer.app.screens.question import QuestionScreen

        session = self.session
        assert session is not None and session.current is not None
        screen = QuestionScreen(
            session.current, session.index + 1, len(session.questions), session.returning, restored
        )
        self._replace_top(screen)

    def _replace_top(self, screen: Screen[None]) -> None:
        """Show a session screen over the home screen, replacing the previous one."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @on(AttemptMade)
    def record_attempt(self, message: AttemptMade) -> None:
        session_id = self.session.session_id if self.session else None
        if self.session is not None:
            self.session.record_answer(message.verdict)
        self.progress.record_attempt(
            message.question,
            message.part,
            message.answer,
            message.verdict,
            message.hint_used,
            message.seconds,
            session_id,
        )

    @on(QuestionFinished)
    def question_finished(self, message: QuestionFinished) -> None:
        session = self.session
        if session is None:
            return
        from trainer.practice.sitting import finish_question

        finish_question(session, self.progress, message.result)
        self.recount()  # the summary the next start draws holds this question's new schedule
        if message.move_on:
            self._move_on(message.end_session)

    @on(MoveOn)
    def move_on(self, message: MoveOn) -> None:
        self._move_on(message.end_session)

    def _move_on(self, end_session: bool) -> None:
        session = self.session
        if session is None:
            return
        if session.finished or end_session:
            self._show_summary()
        else:
            self._show_question()

    @on(EndSession)
    def end_session(self) -> None:
        session = self.session
        if session is None:
            return
        if session.results:
            self._show_summary()
            return
        # left before finishing any question: nothing to sum up, back to the decks
        self.progress.end_session(session.session_id)
        self.session = None
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def _show_summary(self) -> None:
        from trainer.app.screens.summary import SummaryScreen

        session = self.session
        assert session is not None
        self.progress.end_session(session.session_id)
        self.session = None
        summary = session.summary(self.now())
        self._replace_top(SummaryScreen(summary, [self.bank.question(i) for i in summary.missed]))

    # --- screens and commands -----------------------------------------------------------------

    def action_help(self) -> None:
        from trainer.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_statistics(self) -> None:
        from trainer.app.screens.statistics import StatisticsScreen

        if not self._with_bank(self.action_statistics):
            return
        self.push_screen(StatisticsScreen())

    def action_question_list(self) -> None:
        from trainer.app.screens.question_list import QuestionListScreen

        if not self._with_bank(self.action_question_list):
            return
        self.push_screen(QuestionListScreen())

    def action_start(self, mode: str, deck_id: str | None = None) -> None:
        self.post_message(StartSession(mode, deck_id))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from trainer.app.palette import palette_commands

        yield from palette_commands(self, screen)
        for command in super().get_system_commands(screen):
            yield command._replace(title=self.labels(command.title), help=self.labels(command.help))

    # Textual's two palettes, with their search boxes in the app's language

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            placeholder = self.labels("Search for commands…")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def search_themes(self) -> None:
        placeholder = self.labels("Search for themes…")
        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=placeholder))
