"""The question screen: the question, then its steps (shape, value or choice) one at a time.

State machine: ANSWERING -> (submit) CHECKING -> ANSWERING again after a wrong answer, the next
step after a right one, or DONE after the last; reveal and skip lead to DONE / away at any time.
In DONE the explanation is shown and any key moves on.

Checking runs in a thread worker that first waits for PyTorch: an answer typed before torch is
loaded is queued there and checked as soon as it is.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Markdown, Static

from trainer.app.i18n import N_, translate_bindings
from trainer.app.messages import AnswerJudged, EndSession, QuestionFinished
from trainer.app.outcomes import AFTER_HELP, FIRST_TRY, REVEALED, SKIPPED, QuestionResult
from trainer.app.widgets.answer_input import AnswerInput
from trainer.app.widgets.preview import AnswerPreview
from trainer.app.widgets.verdict import VerdictView
from trainer.catalog import pick_text
from trainer.errors import TrainerError
from trainer.notation import shape_text
from trainer.oracle import Verdict
from trainer.questions import Question

ANSWERING, CHECKING, DONE, FINISHED = "answering", "checking", "done", "finished"
WAITING_DELAY = 0.15  # seconds before a check in progress is announced

INIT_NAMES = {
    "positive": N_("positive entries"),
    "unit": N_("entries in (0, 1)"),
    "spd": N_("symmetric positive definite"),
    "onehot": N_("one-hot"),
    "sign": N_("entries ±1"),
}


STEP_NAMES = {"shape": N_("Shape"), "value": N_("Value"), "choice": N_("Choice")}
VERDICT_NAMES = {
    "correct": N_("correct"),
    "wrong_shape": N_("wrong shape"),
    "wrong_value": N_("wrong value"),
    "invalid": N_("invalid"),
}


def gradient_name(question: Question) -> str:
    """∂loss/∂W for one scalar `of`; W.grad when backward is seeded, repeated or summed."""
    if len(question.of) == 1 and question.upstream is None and question.backward == 1:
        return f"∂{question.of[0]}/∂{question.wrt}"
    return f"{question.wrt}.grad"


class QuestionScreen(Screen):
    AUTO_FOCUS = "#answer"
    # ctrl keys, because every printable key belongs to the answer box
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "hint", N_("Hint")),
        Binding("ctrl+r", "reveal", N_("Reveal")),
        Binding("ctrl+n", "instance", N_("Numbers")),
        Binding("ctrl+g", "graph", N_("Graph")),
        Binding("ctrl+s", "skip", N_("Skip")),
        Binding("escape", "end_session", N_("End session")),
        # "?" is never part of an answer (AnswerInput leaves it free), so it opens help while typing
        Binding("question_mark", "app.help", N_("Help"), key_display="?", priority=True),
        Binding("f1", "app.help", N_("Help"), show=False),
        # the answer box has the focus, so the question above it scrolls by page keys
        Binding("pageup", "scroll_body('page_up')", show=False),
        Binding("pagedown", "scroll_body('page_down')", show=False),
    ]
    KEEP_KEYS: ClassVar[frozenset[str]] = frozenset(
        {
            "ctrl+t",
            "ctrl+r",
            "ctrl+n",
            "ctrl+g",
            "ctrl+s",
            "escape",
            "question_mark",
            "f1",
            "pageup",
            "pagedown",
            "ctrl+q",
            "ctrl+p",
            "ctrl+c",
            "tab",
            "shift+tab",
        }
    )
    """Keys that keep their meaning once the question is done; any other key moves on."""

    def __init__(self, question: Question, number: int, total: int) -> None:
        super().__init__()
        self.question = question
        self.number = number
        self.total = total
        self.t = self.app.labels
        self.lang = self.app.lang
        self.oracle = self.app.oracle_for(question)
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
        translate_bindings(self, self.t)

    @property
    def step(self) -> str:
        return self.steps[self.step_index]

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        q = self.question
        t = self.t
        yield Header()
        with VerticalScroll(id="question-body"):
            yield Static(self._title_text(), id="question-title")
            yield Static(self._meta_text(), id="question-meta")
            yield Markdown(q.text("prompt", self.lang), id="question-prompt")
            if q.given:
                yield Static(self._given_text(), id="question-given")
            if q.forward:
                yield Static(self._forward_text(), id="question-forward")
            if q.is_choice:
                yield Static(self._choices_text(), id="question-choices")
            yield Static(id="question-hint", classes="hidden")
            yield Static(id="question-history", classes="hidden")
            yield Static(id="question-solution", classes="hidden")
        with Vertical(id="answer-area"):
            yield Label(self._step_prompt(), id="step-label")
            yield AnswerInput(placeholder=self._placeholder(), id="answer")
            yield AnswerPreview(t, id="preview")
            yield VerdictView(t, id="verdict")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.t(
            "Question {number} of {total}", number=self.number, total=self.total
        )
        self.query_one(AnswerInput).focus()

    def _title_text(self) -> Text:
        deck = self.app.bank.deck(self.question.deck)
        deck_title = pick_text(deck.title, self.lang) if deck else self.question.deck
        text = Text(deck_title + " · ", style="dim")
        text.append(self.question.text("title", self.lang), style="bold")
        return text

    def _meta_text(self) -> str:
        t = self.t
        parts = [t("level {level}", level=self.question.level)]
        if self.question.tags:
            parts.append(t("tags: {tags}", tags=", ".join(self.question.tags)))
        return " · ".join(parts)

    def _given_text(self) -> Text:
        q = self.question
        t = self.t
        text = Text(t("Given") + "\n", style="bold")
        for name, spec in q.given.items():
            text.append(f"  {name}", style="bold cyan")
            text.append(f"  {shape_text(spec.shape)}")
            if spec.value is not None:
                text.append(f"  = {spec.value}", style="dim")
            elif spec.init in INIT_NAMES:
                text.append(f"  ({t(INIT_NAMES[spec.init])})", style="dim")
            if name == q.wrt:
                text.append("  ← " + t("wrt"), style="bold yellow")
            text.append("\n")
        if q.dims:
            sizes = ", ".join(
                f"{name} = {r.low}" if r.fixed else f"{name} ∈ {r.low}..{r.high}"
                for name, r in q.dims.items()
            )
            text.append(t("Sizes: {sizes}", sizes=sizes), style="dim")
        text.rstrip()
        return text

    def _forward_text(self) -> Text:
        text = Text(self.t("Forward pass") + "\n", style="bold")
        for line in self.question.forward:
            text.append(f"  {line.name} = {line.expression}\n")
        text.rstrip()
        return text

    def _choices_text(self) -> str:
        choices = self.question.choices
        return "\n".join(f"{i}. {pick_text(c, self.lang)}" for i, c in enumerate(choices, 1))

    def _step_prompt(self) -> str:
        t = self.t
        grad = gradient_name(self.question)
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
            return t("an expression, e.g. outer(ones(m), x) — ? for help")
        return t("the number of a choice")

    # --- typing and the preview -----------------------------------------------------------------

    @on(Input.Changed, "#answer")
    def _changed(self, event: Input.Changed) -> None:
        self._update_preview(event.value)

    def _update_preview(self, typed: str) -> None:
        preview = None
        if typed.strip() and self.step in ("shape", "value"):
            preview = self.oracle.preview(typed, self.step)
        answer = self.query_one(AnswerInput)
        offset = answer.styles.gutter.left - int(answer.scroll_offset.x)
        self.query_one(AnswerPreview).show(preview, typed, self.step, offset)

    # --- submitting and judging ---------------------------------------------------------------

    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if self.state != ANSWERING or not typed:
            return
        answer = self.query_one(AnswerInput)
        answer.remember(typed)
        if self.step in ("shape", "value"):
            preview = self.oracle.preview(typed, self.step)
            if preview.error is not None:  # invalid: shown at once, never an attempt
                verdict = Verdict(
                    self.question.id,
                    self.step,
                    typed,
                    "invalid",
                    preview.error,
                    column=preview.column,
                )
                self.query_one(VerdictView).show_verdict(verdict)
                return
        self.state = CHECKING
        if self.app.torch_ready.is_set():
            # a check takes milliseconds: say "Checking…" only if this one is slow, so that the
            # verdict is the next thing drawn (one layout pass instead of two)
            self.set_timer(WAITING_DELAY, self._show_waiting)
        else:
            self._show_waiting()
        self.judge(typed, self.step)

    def _show_waiting(self) -> None:
        if self.state != CHECKING:
            return
        waiting = self.t("Checking…")
        if not self.app.torch_ready.is_set():
            waiting = self.t("Checking as soon as PyTorch has loaded…")
        self.query_one(VerdictView).show_text(waiting, "-waiting")

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="judge",
        description="Checking an answer",
    )
    def judge(self, answer: str, step: str) -> None:
        """Wait for torch (the queue of early answers), then ask the oracle; post the verdict."""
        self.app.torch_ready.wait()
        if self.app.torch_error:
            error = self.t("PyTorch could not be loaded: {error}", error=self.app.torch_error)
            self.post_message(AnswerJudged(step, answer, error=error))
            return
        try:
            with self.app.oracle_lock:
                verdict = self.oracle.judge(answer, step)
        except TrainerError as error:
            self.post_message(AnswerJudged(step, answer, error=error.text(self.lang)))
            return
        self.post_message(AnswerJudged(step, answer, verdict=verdict))

    @on(AnswerJudged)
    def _judged(self, message: AnswerJudged) -> None:
        if self.state != CHECKING or message.step != self.step:
            return
        self.state = ANSWERING
        view = self.query_one(VerdictView)
        if message.verdict is None:
            view.show_text(message.error or "", "-invalid")
            return
        verdict = message.verdict
        view.show_verdict(verdict)
        if verdict.verdict == "invalid":
            return
        now = self.app.now()
        seconds = (now - self.step_started).total_seconds()
        self.step_started = now
        self.attempts += 1
        self.correct += verdict.correct
        self.history[self.step].append((message.answer, verdict))
        self.app.record_attempt(
            self.question, self.step, message.answer, verdict.verdict, self.hint_used, seconds
        )
        self._show_history()
        if not verdict.correct:
            if self.step == "value":
                self.last_wrong = message.answer
            self.query_one(AnswerInput).value = ""  # try again; up-arrow brings it back
            return
        if self.step_index + 1 < len(self.steps):
            self._next_step(verdict)
        else:
            self._done(revealed=False)

    def _next_step(self, verdict: Verdict) -> None:
        self.step_index += 1
        answer = self.query_one(AnswerInput)
        answer.value = ""
        answer.placeholder = self._placeholder()
        answer.set_history([a for a, _ in self.history.get(self.step, [])])
        self.query_one("#step-label", Label).update(self._step_prompt())
        self.query_one(VerdictView).show_verdict(
            verdict, self.t("Right: {shape}. Now the value.", shape=verdict.answer_shape or "")
        )

    def _show_history(self) -> None:
        t = self.t
        text = Text(t("Your answers") + "\n", style="bold")
        for step in self.steps:
            for number, (answer, verdict) in enumerate(self.history[step], 1):
                mark = "✓" if verdict.correct else "✗"
                text.append(f"  {mark} {t(STEP_NAMES[step])} {number}: ", style="dim")
                text.append(answer)
                text.append(f"  ({t(VERDICT_NAMES[verdict.verdict])})\n", style="dim")
        text.rstrip()
        history = self.query_one("#question-history", Static)
        history.update(text)
        history.remove_class("hidden")

    # --- finishing ------------------------------------------------------------------------------

    def _done(self, revealed: bool) -> None:
        """Show the solution and explanation; the next key moves on."""
        self.state = DONE
        self.revealed = revealed
        q = self.question
        t = self.t
        text = Text()
        if revealed:
            text.append(t("Solution") + "\n", style="bold")
            if "shape" in self.steps:
                text.append(t("  shape: {shape}", shape=self.oracle.expected_shape) + "\n")
            if q.is_choice:
                choice = q.choices[int(str(q.answer)) - 1] if q.answer else {}
                text.append(f"  {q.answer}. {pick_text(choice, self.lang)}\n")
            elif q.answer is not None:
                text.append(t("  value: {answer}", answer=q.answer) + "\n")
        elif q.answer is not None and not q.is_choice and "value" in self.steps:
            text.append(t("Reference answer: {answer}", answer=q.answer) + "\n", style="bold")
        explain = q.text("explain", self.lang)
        if explain:
            text.append(explain.rstrip() + "\n")
        text.rstrip()
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
            view.show_text(Text(t("✓ Correct.") + " " + more, style="bold"), "-correct")
        self.query_one("#question-body", VerticalScroll).scroll_end(animate=False)

    def on_key(self, event: events.Key) -> None:
        if self.state == DONE and event.key not in self.KEEP_KEYS:
            event.stop()
            event.prevent_default()
            self._finish(REVEALED if self.revealed else self._solved_outcome())

    def _solved_outcome(self) -> str:
        helped = self.hint_used or self.attempts > self.correct
        return AFTER_HELP if helped else FIRST_TRY

    def _finish(self, outcome: str, end_session: bool = False) -> None:
        q = self.question
        result = QuestionResult(
            q.id,
            q.deck,
            outcome,
            q.tags,
            self.attempts,
            self.correct,
            self.hint_used,
            tuple(self.steps),
        )
        self.state = FINISHED
        self.post_message(QuestionFinished(result, end_session))

    # --- keys -------------------------------------------------------------------------------

    def action_hint(self) -> None:
        hint = self.question.text("hint", self.lang)
        view = self.query_one("#question-hint", Static)
        if not hint:
            self.notify(self.t("This question has no hint."))
            return
        if self.state not in (DONE, FINISHED):
            self.hint_used = True
        view.update(Text(self.t("Hint") + ": ", style="bold") + Text(hint.rstrip()))
        view.remove_class("hidden")
        view.scroll_visible(animate=False)

    def action_reveal(self) -> None:
        if self.state in (ANSWERING, CHECKING):
            self._done(revealed=True)

    def action_skip(self) -> None:
        if self.state in (ANSWERING, CHECKING):
            self._finish(SKIPPED)
        elif self.state == DONE:
            self._finish(REVEALED if self.revealed else self._solved_outcome())

    def action_end_session(self) -> None:
        """Leave for the summary; a question already answered or revealed still counts, and so
        does one with checked answers, as a skip (a lapse when one of them was wrong)."""
        if self.state == DONE:
            self._finish(REVEALED if self.revealed else self._solved_outcome(), end_session=True)
        elif self.state != FINISHED and self.attempts:
            self._finish(SKIPPED, end_session=True)
        elif self.state != FINISHED:
            self.post_message(EndSession())

    def action_scroll_body(self, direction: str) -> None:
        """Scroll the question (a long solution on a small terminal), keeping the focus."""
        body = self.query_one("#question-body", VerticalScroll)
        if direction == "page_up":
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    def action_instance(self) -> None:
        from trainer.app.screens.instance import InstanceScreen

        if self.question.is_choice:
            self.notify(self.t("A choice question has no numbers."))
            return
        if self.state in (ANSWERING, CHECKING):
            self.hint_used = True  # the expected values are the answer, in numbers
        self.app.push_screen(InstanceScreen(self.oracle, self.last_wrong))

    def action_graph(self) -> None:
        from trainer.app.screens.graph import GraphScreen

        if self.question.is_choice:
            self.notify(self.t("A choice question has no computation graph."))
            return
        self.app.push_screen(
            GraphScreen(self.oracle, with_gradients=self.state in (DONE, FINISHED))
        )
