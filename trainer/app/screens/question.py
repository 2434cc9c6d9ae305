"""The question screen: the question, then its steps (shape, value or choice) one at a time.

State machine: ANSWERING -> (submit) CHECKING -> ANSWERING again after a wrong answer, the next
step after a right one, or DONE after the last; reveal, skip and a finished walkthrough lead to
DONE / away at any time. In DONE the explanation is shown and any key moves on.

Checking is engine work in a worker (`workers.run_engine`) that first waits for PyTorch: an
answer typed before torch is loaded is queued there and checked as soon as it is.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Markdown, Static

from trainer.app.messages import AttemptMade, EndSession, MoveOn, QuestionFinished
from trainer.app.screens.base import AnsweringScreen
from trainer.app.text import plain
from trainer.app.widgets.answer_input import AnswerInput
from trainer.app.widgets.preview import AnswerPreview
from trainer.app.widgets.question_text import (
    choices_text,
    forward_text,
    given_text,
    history_text,
    meta_text,
    solution_text,
    title_text,
)
from trainer.app.widgets.verdict import VerdictView
from trainer.app.workers import EngineReply, run_engine
from trainer.messages import pick_text
from trainer.oracle import AnswerKind, Verdict, gradient_label, no_walkthrough
from trainer.practice.i18n import N_
from trainer.practice.outcomes import AFTER_HELP, FIRST_TRY, REVEALED, SKIPPED, QuestionResult
from trainer.questions import Question

ANSWERING, CHECKING, DONE, FINISHED = "answering", "checking", "done", "finished"
WAITING_DELAY = 0.15  # seconds before a check in progress is announced


class QuestionScreen(AnsweringScreen[None]):
    AUTO_FOCUS = "#answer"
    # ctrl keys, because every printable key belongs to the answer box
    BODY = "#question-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "hint", N_("Hint")),
        Binding("ctrl+r", "reveal", N_("Reveal")),
        Binding("ctrl+b", "walkthrough", N_("Walk through")),
        Binding("ctrl+n", "instance", N_("Numbers")),
        Binding("ctrl+g", "graph", N_("Graph")),
        Binding("ctrl+s", "skip", N_("Skip")),
        Binding("escape", "end_session", N_("End session")),
        # "?" is never part of an answer (AnswerInput leaves it free), so it opens help while typing
        Binding("question_mark", "app.help", N_("Help"), key_display="?", priority=True),
        Binding("f1", "app.help", N_("Help"), show=False),
    ]
    KEEP_KEYS: ClassVar[frozenset[str]] = frozenset(
        {"ctrl+t", "ctrl+r", "ctrl+b", "ctrl+n", "ctrl+g", "ctrl+s", "escape", "question_mark"}
        | {"f1", "pageup", "pagedown", "ctrl+q", "ctrl+p", "ctrl+c", "tab", "shift+tab"}
    )
    """Keys that keep their meaning once the question is done; any other key moves on."""

    def __init__(self, question: Question, number: int, total: int) -> None:
        super().__init__()
        self.question = question
        self.has_walkthrough = no_walkthrough(question) is None
        self.number = number
        self.total = total
        self.lang = self.app.lang
        self.engine = self.app.engine
        self.steps: list[str] = list(question.ask)
        self.step_index = 0
        self.state = ANSWERING
        self.hint_used = False
        self.revealed = False
        self.attempts = 0
        self.correct = 0
        self.history: dict[str, list[tuple[str, Verdict]]] = {step: [] for step in self.steps}
        self.step_started = self.app.now()
        self.last_wrong: str | None = None  # the last wrong value answer, for the instance view
        self.judging: tuple[str, str] = ("", "")  # the answer being checked, and its step

    @property
    def step(self) -> str:
        return self.steps[self.step_index]

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        q = self.question
        t = self.t
        deck = self.app.bank.deck(q.deck)
        deck_title = pick_text(deck.title, self.lang) if deck else q.deck
        yield Header()
        with VerticalScroll(id="question-body"):
            yield Static(title_text(q, deck_title, self.lang), id="question-title")
            yield Static(meta_text(q, t), id="question-meta")
            yield Markdown(q.text("prompt", self.lang), id="question-prompt", open_links=False)
            if q.given:
                yield Static(given_text(q, t), id="question-given")
            if q.forward:
                yield Static(forward_text(q, t), id="question-forward")
            if q.is_choice:
                yield Static(choices_text(q, self.lang), id="question-choices")
            yield Static(id="question-hint", classes="hidden")
            yield Static(id="question-history", classes="hidden")
            yield Static(id="question-solution", classes="hidden")
        with Vertical(id="answer-area"):
            yield Label(Text(self._step_prompt()), id="step-label")
            yield AnswerInput(placeholder=self._placeholder(), id="answer")
            yield AnswerPreview(t, id="preview")
            yield VerdictView(t, id="verdict")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.t(
            "Question {number} of {total}", number=self.number, total=self.total
        )
        self.query_one(AnswerInput).focus()

    def _step_prompt(self) -> str:
        t = self.t
        grad = gradient_label(self.question, self.question.wrt or "")
        if self.step == "shape":
            return t("Shape of {gradient}?", gradient=grad)
        if self.step == "value":
            return t("Value of {gradient}?", gradient=grad)
        return t("Your choice (1–{count})?", count=len(self.question.choices))

    def _placeholder(self) -> str:
        t = self.t
        if self.step == "shape":
            return t("a shape, e.g. (m, n) — ? for help")
        if self.step == "value":
            return t("an expression in the question's names — ? for help")
        return t("the number of a choice")

    # --- typing and the preview -----------------------------------------------------------------

    @on(Input.Changed, "#answer")
    def _changed(self, event: Input.Changed) -> None:
        preview = None
        if event.value.strip() and self.step in ("shape", "value"):
            preview = self.engine.preview(self.question, event.value, self.step)
        self.query_one(AnswerPreview).show_for(preview, self.query_one(AnswerInput), self.step)

    # --- submitting and judging ---------------------------------------------------------------

    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state == ANSWERING:
            self._submit(event.value.strip())

    def _submit(self, typed: str) -> None:
        if not typed:
            return
        kind = AnswerKind(self.step)
        if kind in (AnswerKind.SHAPE, AnswerKind.VALUE):
            preview = self.engine.preview(self.question, typed, kind)
            if preview.error is not None:  # invalid: shown at once, never an attempt
                verdict = Verdict.invalid(
                    self.question.id, kind, typed, preview.error, column=preview.column
                )
                self.query_one(AnswerInput).remember(typed)
                self.query_one(VerdictView).show_verdict(verdict)
                return
        self.query_one(AnswerInput).hand_in(typed)
        self.judging = (typed, self.step)
        self.state = CHECKING
        if self.engine.torch_ready.is_set():
            # a check takes milliseconds: say "Checking…" only if this one is slow, so that the
            # verdict is the next thing drawn (one layout pass instead of two)
            self.set_timer(WAITING_DELAY, self._show_waiting)
        else:
            self._show_waiting()
        question, engine = self.question, self.engine
        run_engine(self, "judge", lambda: engine.judge(question, typed, kind), "Checking an answer")

    def _show_waiting(self) -> None:
        if self.state != CHECKING:
            return
        typed = self.judging[0]
        waiting = self.t("Checking {answer}…", answer=typed)
        if not self.engine.torch_ready.is_set():
            waiting = self.t("Checking {answer} as soon as PyTorch has loaded…", answer=typed)
        self.query_one(VerdictView).show_text(waiting, "-waiting")

    @on(EngineReply)
    def _judged(self, message: EngineReply) -> None:
        if message.key != "judge" or self.state != CHECKING:
            return
        self.state = ANSWERING
        judged = self._show_judged(message)
        queued = self.query_one(AnswerInput).checked(judged)
        if queued is not None and self.state == ANSWERING:
            self._submit(queued)

    def _show_judged(self, message: EngineReply) -> bool:
        """Show and record the verdict; False when the answer could not be judged."""
        answer, step = self.judging
        verdict = self.query_one(VerdictView).show_reply(message)
        if verdict is None:
            return False
        now = self.app.now()
        seconds = (now - self.step_started).total_seconds()
        self.step_started = now
        self.attempts += 1
        self.correct += verdict.correct
        self.history[step].append((answer, verdict))
        self.post_message(
            AttemptMade(self.question, step, answer, verdict.verdict, self.hint_used, seconds)
        )
        self._show_history()
        if not verdict.correct:
            if step == "value":
                self.last_wrong = answer
            return True  # try again: the box holds what was typed since (up-arrow, the answer)
        if self.step_index + 1 < len(self.steps):
            self._next_step(verdict)
        else:
            self.query_one(AnswerInput).value = answer  # the right answer stays in view
            self._done(revealed=False)
        return True

    def _next_step(self, verdict: Verdict) -> None:
        self.step_index += 1
        answer = self.query_one(AnswerInput)
        answer.placeholder = self._placeholder()
        answer.set_history([a for a, _ in self.history.get(self.step, [])])
        self.query_one("#step-label", Label).update(Text(self._step_prompt()))
        self.query_one(VerdictView).show_verdict(
            verdict, self.t("Right: {shape}. Now the value.", shape=verdict.answer_shape or "")
        )

    def _show_history(self) -> None:
        history = self.query_one("#question-history", Static)
        history.update(history_text(self.steps, self.history, self.t))
        history.remove_class("hidden")

    # --- finishing ------------------------------------------------------------------------------

    def _done(self, revealed: bool, walked: str | None = None) -> None:
        """Show the solution and explanation; the next key moves on."""
        self.state = DONE
        self.revealed = revealed
        t = self.t
        shape = self.engine.expected_shape(self.question) if "shape" in self.steps else None
        text = solution_text(self.question, self.t, self.lang, revealed, shape, bool(walked))
        solution = self.query_one("#question-solution", Static)
        solution.update(text)
        solution.remove_class("hidden")
        answer = self.query_one(AnswerInput)
        answer.disabled = True
        self.set_focus(None)
        more = (
            t("Press any key for the next question.")
            if self.number < self.total
            else t("Press any key for the summary.")
        )
        view = self.query_one(VerdictView)
        if revealed:
            view.show_text(t("Revealed.") + " " + more, "-invalid")
        else:
            done = walked or t("✓ Correct.")
            view.show_text(Text(done + " " + more, style="bold"), "-correct")
        self.query_one("#question-body", VerticalScroll).scroll_end(animate=False)
        outcome = REVEALED if revealed else self._solved_outcome()
        self.post_message(QuestionFinished(self._result(outcome), move_on=False))

    def on_key(self, event: events.Key) -> None:
        if self.state == DONE and event.key not in self.KEEP_KEYS:
            event.stop()
            event.prevent_default()
            self._move_on()

    def _solved_outcome(self) -> str:
        helped = self.hint_used or self.attempts > self.correct
        return AFTER_HELP if helped else FIRST_TRY

    def _result(self, outcome: str) -> QuestionResult:
        q = self.question
        return QuestionResult(
            q.id,
            q.deck,
            outcome,
            q.tags,
            self.attempts,
            self.correct,
            self.hint_used,
            tuple(self.steps),
        )

    def _finish(self, outcome: str, end_session: bool = False) -> None:
        """Leave a question that is not done (a skip): recorded, and on at once."""
        self.state = FINISHED
        self.post_message(QuestionFinished(self._result(outcome), end_session))

    def _move_on(self, end_session: bool = False) -> None:
        """Leave a done question, recorded when it was done."""
        self.state = FINISHED
        self.post_message(MoveOn(end_session))

    # --- keys -------------------------------------------------------------------------------

    def action_hint(self) -> None:
        hint = self.question.text("hint", self.lang)
        view = self.query_one("#question-hint", Static)
        if not hint:
            self.notify(self.t("This question has no hint."))
            return
        if self.state not in (DONE, FINISHED):
            self.hint_used = True
        view.update(Text(self.t("Hint") + ": ", style="bold") + plain(hint.rstrip()))
        view.remove_class("hidden")
        view.scroll_visible(animate=False)

    def action_reveal(self) -> None:
        if self.state in (ANSWERING, CHECKING):
            self._done(revealed=True)

    def action_skip(self) -> None:
        if self.state in (ANSWERING, CHECKING):
            self._finish(SKIPPED)
        elif self.state == DONE:
            self._move_on()

    def action_end_session(self) -> None:
        """Leave for the summary; a question already answered or revealed still counts, and so
        does one with checked answers, as a skip (a lapse when one of them was wrong)."""
        if self.state == DONE:
            self._move_on(end_session=True)
        elif self.state != FINISHED and self.attempts:
            self._finish(SKIPPED, end_session=True)
        elif self.state != FINISHED:
            self.post_message(EndSession())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys with nothing behind them for this question are off the footer (and do
        nothing): a choice question has no numbers or graph, and some have no walkthrough."""
        if action in ("instance", "graph"):
            return not self.question.is_choice
        if action == "walkthrough":
            return self.has_walkthrough
        return True

    def action_instance(self) -> None:
        from trainer.app.screens.instance import InstanceScreen

        if self.state in (ANSWERING, CHECKING):
            self.hint_used = True  # the expected values are the answer, in numbers
        self.app.push_screen(InstanceScreen(self.question, self.last_wrong))

    def action_graph(self) -> None:
        from trainer.app.screens.graph import GraphScreen

        self.app.push_screen(
            GraphScreen(self.question, with_gradients=self.state in (DONE, FINISHED))
        )

    def action_walkthrough(self) -> None:
        """Work backward through the forward pass one node at a time (the walkthrough)."""
        from trainer.app.screens.walkthrough import WalkthroughScreen

        if self.state not in (ANSWERING, CHECKING):
            self.notify(self.t("This question is done: press any key for the next one."))
            return
        self.app.push_screen(WalkthroughScreen(self.question), self._walked)

    def _walked(self, first_try: bool | None) -> None:
        """The walkthrough ended: the question is answered when every step was done."""
        if first_try is None or self.state not in (ANSWERING, CHECKING):
            return
        if not first_try:
            self.hint_used = True  # right after help: a hard recall
        self.attempts += 1
        self.correct += 1
        self._done(revealed=False, walked=self.t("✓ Walked through to the end."))
