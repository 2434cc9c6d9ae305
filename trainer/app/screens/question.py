"""The question screen: the question, then its parts (shape, value or choice) one at a time.

State machine: ANSWERING -> (submit) CHECKING -> ANSWERING again after a wrong answer, the next
part after a right one, or DONE after the last; reveal, skip and a finished walkthrough lead to
DONE / away at any time. In DONE the explanation is shown and any key moves on.

The answering cycle (preview, checking in a worker that first waits for PyTorch, type-ahead)
is the `AnswerBox`'s; this screen says what each part asks and records what was answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Label, Markdown, Static

from trainer.app.messages import AttemptMade, EndSession, MoveOn, QuestionFinished
from trainer.app.screens.base import AnsweringScreen
from trainer.app.text import headed
from trainer.app.widgets.answer_box import AnswerBox, Asking
from trainer.app.widgets.footer import FittingFooter
from trainer.app.widgets.question_text import (
    choices_text,
    forward_text,
    given_text,
    history_text,
    meta_text,
    solution_text,
    title_text,
)
from trainer.messages import pick_text
from trainer.oracle import Preview, Verdict, no_walkthrough
from trainer.practice.i18n import N_
from trainer.practice.outcomes import REVEALED, SKIPPED, QuestionResult, Walked, solved_outcome
from trainer.practice.parts import part_prompt, placeholder
from trainer.practice.resume import recorded_verdict, so_far
from trainer.practice.session import RETURNING, comes_back
from trainer.practice.store import Attempt
from trainer.questions import Question
from trainer.questions.model import AnswerKind

ANSWERING, CHECKING, DONE, FINISHED = "answering", "checking", "done", "finished"


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

    def __init__(
        self,
        question: Question,
        number: int,
        total: int,
        returning: bool = False,
        restored: Sequence[Attempt] = (),
    ) -> None:
        super().__init__()
        self.question = question
        self.returning = returning  # it lapsed earlier in the session and came back
        self.has_walkthrough = no_walkthrough(question) is None
        self.number = number
        self.total = total
        self.lang = self.app.lang
        self.engine = self.app.engine
        self.parts: list[AnswerKind] = [AnswerKind(part) for part in question.ask]
        self.part_index = 0
        self._state = ANSWERING
        self.hint_used = False
        self.revealed = False
        self.reveal_asked = False  # ctrl+r was pressed once: the next one reveals
        self.attempts = 0
        self.correct = 0
        self.walk_missed = False
        self.history: dict[str, list[tuple[str, Verdict]]] = {part: [] for part in self.parts}
        self.part_started = self.app.now()
        self.last_wrong: str | None = None  # the last wrong value answer, for the instance view
        self.restored = list(restored)  # what was answered before the app was cut short
        self._restore()

    @property
    def part(self) -> AnswerKind:
        return self.parts[self.part_index]

    @property
    def state(self) -> str:
        if self._state == ANSWERING and self._box_checking():
            return CHECKING
        return self._state

    def _box_checking(self) -> bool:
        boxes = self.query(AnswerBox)
        return bool(boxes) and boxes.first().checking is not None

    @property
    def answering_over(self) -> bool:
        return self._state == DONE

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
            if self.returning:
                yield Static(t(RETURNING), id="question-returning")
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
            yield Label(Text(self._part_prompt()), id="part-label")
            yield AnswerBox(t, self._asking(), self._answered, ready=self.engine.torch_ready.is_set)
        yield FittingFooter()

    @property
    def box(self) -> AnswerBox:
        return self.query_one(AnswerBox)

    def on_mount(self) -> None:
        self.sub_title = self.t(
            "Question {number} of {total}", number=self.number, total=self.total
        )
        self.box.input.focus()
        if any(self.history.values()):
            history = self.query_one("#question-history", Static)
            history.update(history_text(self.parts, self.history, self.t))
            history.remove_class("hidden")
        if any(a.part.startswith("walk:") for a in self.restored):  # it was walked through
            self.call_after_refresh(self.action_walkthrough)

    def _restore(self) -> None:
        """Take up the answers given before the app was cut short: the parts already right
        are done, a hint used still counts."""
        done = so_far(self.parts, self.restored)
        self.attempts, self.correct = done.attempts, done.correct
        self.part_index, self.hint_used = done.part_index, done.hint_used
        for attempt in done.answered:
            verdict = recorded_verdict(self.question.id, attempt)
            self.history[AnswerKind(attempt.part)].append((attempt.answer, verdict))

    def _part_prompt(self) -> str:
        return part_prompt(self.question, self.part, self.t)

    def _placeholder(self) -> str:
        return placeholder(self.question, self.part, self.t)

    def _asking(self) -> Asking:
        """The current part: the engine's preview (none for a choice) and its judge."""
        question, engine, part = self.question, self.engine, self.part

        def preview(text: str) -> Preview | None:
            if part == AnswerKind.CHOICE:
                return None
            return engine.preview(question, text, part)

        def judge(text: str) -> Verdict:
            return engine.judge(question, text, part)

        return Asking(part, preview, judge, self._placeholder())

    # --- what was answered ---------------------------------------------------------------------

    def _answered(self, answer: str, verdict: Verdict) -> None:
        """Record a judged answer (the box shows its verdict); on to the next part when right."""
        part = self.part
        now = self.app.now()
        seconds = (now - self.part_started).total_seconds()
        self.part_started = now
        self.attempts += 1
        self.correct += verdict.correct
        self.history[part].append((answer, verdict))
        self.post_message(
            AttemptMade(self.question, part, answer, verdict.verdict, self.hint_used, seconds)
        )
        self._show_history(part)
        if not verdict.correct:
            if part == AnswerKind.VALUE:
                self.last_wrong = answer
            return  # try again: the box holds what was typed since (up-arrow, the answer)
        if self.part_index + 1 < len(self.parts):
            self._next_part(verdict)
        else:
            self.box.input.value = answer  # the right answer stays in view
            self._done(revealed=False)

    def _next_part(self, verdict: Verdict) -> None:
        self.part_index += 1
        self.box.ask(self._asking(), [a for a, _ in self.history.get(self.part, [])])
        self.query_one("#part-label", Label).update(Text(self._part_prompt()))
        now = (
            N_("Right: {shape}. Now the differential.")
            if self.part == AnswerKind.DIFFERENTIAL
            else N_("Right: {shape}. Now the value.")
        )
        self.box.verdict.show_verdict(verdict, self.t(now, shape=verdict.answer_shape or ""))

    def _show_history(self, current: str) -> None:
        """The answers before the one just judged (whose verdict is under the box)."""
        history = self.query_one("#question-history", Static)
        history.update(history_text(self.parts, self.history, self.t, current))
        earlier = sum(len(answers) for answers in self.history.values()) > 1
        history.set_class(not earlier, "hidden")

    # --- finishing ------------------------------------------------------------------------------

    def _done(self, revealed: bool, walked: str | None = None) -> None:
        """Show the solution and explanation; the next key moves on."""
        self._state = DONE
        self.revealed = revealed
        t = self.t
        shape = (
            self.engine.expected_shape(self.question)
            if self.question.asks(AnswerKind.SHAPE)
            else None
        )
        text = solution_text(self.question, self.t, self.lang, revealed, shape, bool(walked))
        solution = self.query_one("#question-solution", Static)
        solution.update(text)
        solution.remove_class("hidden")
        self.box.close()
        outcome = REVEALED if revealed else self._solved_outcome()
        result = self._result(outcome)
        more = (
            t("Press any key for the next question.")
            if self.number < self.total or comes_back(result, self.returning)
            else t("Press any key for the summary.")
        )
        view = self.box.verdict
        if revealed:
            view.show_text(t.join(t("Revealed."), more), "-invalid")
        else:
            done = walked or t("✓ Correct.")
            view.show_text(Text(t.join(done, more), style="bold"), "-correct")
        self.query_one("#question-body", VerticalScroll).scroll_end(animate=False)
        self.post_message(QuestionFinished(result, move_on=False))

    def move_on(self) -> None:
        self._move_on()

    def _solved_outcome(self) -> str:
        return solved_outcome(self.hint_used, self.attempts, self.correct)

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
            tuple(self.parts),
            self.walk_missed,
        )

    def _finish(self, outcome: str, end_session: bool = False) -> None:
        """Leave a question that is not done (a skip): recorded, and on at once."""
        self._state = FINISHED
        self.post_message(QuestionFinished(self._result(outcome), end_session))

    def _move_on(self, end_session: bool = False) -> None:
        """Leave a done question, recorded when it was done."""
        self._state = FINISHED
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
        view.update(headed(self.t("Hint:"), hint.rstrip(), self.t))
        view.remove_class("hidden")
        view.scroll_visible(animate=False)

    def action_reveal(self) -> None:
        """The first ctrl+r only asks (it sits next to the hint's key); the second reveals."""
        if self.state not in (ANSWERING, CHECKING):
            return
        if not self.reveal_asked:
            self.reveal_asked = True
            self.box.verdict.show_text(self.t("Press ctrl+r again to reveal the solution."))
            return
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

        # the expected values are the answer in numbers: shown once it was tried or revealed
        expected = self.last_wrong is not None or self.state in (DONE, FINISHED)
        if expected and self.state in (ANSWERING, CHECKING):
            self.hint_used = True
        self.app.push_screen(InstanceScreen(self.question, self.last_wrong, expected))

    def action_graph(self) -> None:
        from trainer.app.screens.graph import GraphScreen

        self.app.push_screen(
            GraphScreen(self.question, with_gradients=self.state in (DONE, FINISHED))
        )

    def action_walkthrough(self) -> None:
        """Work backward through the forward pass one node at a time."""
        from trainer.app.screens.walkthrough import WalkthroughScreen

        if self.state not in (ANSWERING, CHECKING):
            self.notify(self.t("This question is done: press any key for the next one."))
            return
        walked = [a for a in self.restored if a.part.startswith("walk:")]
        self.restored = []
        self.app.push_screen(WalkthroughScreen(self.question, walked), self._walked)

    def _walked(self, walked: Walked | None) -> None:
        """The walkthrough ended: the question is answered when every step was done."""
        if walked is None or self.state not in (ANSWERING, CHECKING):
            return
        self.walk_missed = walked.missed
        if not walked.first_try:
            self.hint_used = True  # right after help: a hard recall
        self.attempts += 1
        self.correct += 1
        self._done(revealed=False, walked=self.t("✓ Walked through to the end."))
