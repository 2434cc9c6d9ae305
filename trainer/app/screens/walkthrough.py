"""The backward walkthrough: reverse accumulation of the question, one node at a time.

At the top, the forward pass in the order backward visits it, with the seed (`dloss = 1`);
each done step stays there with its answer, so the whole chain rule ends up written out. Under
it, one input for the current step with the same live preview and verdicts as the question
screen. A right or revealed step moves to the next; after the last one, any key returns to the
question, which then counts as answered (right first time only if every step was).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Static

from trainer.app.messages import AttemptMade
from trainer.app.screens.base import AnsweringScreen
from trainer.app.text import plain
from trainer.app.widgets.answer_input import AnswerInput
from trainer.app.widgets.preview import AnswerPreview
from trainer.app.widgets.verdict import VerdictView
from trainer.app.workers import EngineReply, run_engine
from trainer.oracle import AnswerKind, Instance, Reference, Step, Verdict
from trainer.practice.i18n import N_
from trainer.questions import Question


@dataclass
class StepRecord:
    """How one step went: the answer that finished it, and whether it needed help."""

    answer: str | None = None
    attempts: int = 0
    helped: bool = False  # a hint, a wrong attempt or a reveal
    revealed: bool = False


class WalkthroughScreen(AnsweringScreen[bool | None]):
    """Dismisses with True (every step right first time), False (done with help) or None."""

    AUTO_FOCUS = "#step-answer"
    BODY = "#walk-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "hint", N_("Hint")),
        Binding("ctrl+r", "reveal", N_("Reveal step")),
        Binding("escape", "leave", N_("Back to the question")),
        Binding("question_mark", "app.help", N_("Help"), key_display="?", priority=True),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question
        self.engine = self.app.engine
        self.walkthrough = self.engine.walkthrough(question)
        self.steps: tuple[Step, ...] = self.walkthrough.steps
        self.records = [StepRecord() for _ in self.steps]
        self.index = 0
        self.checking = False
        self.finished = False
        self.started = self.app.now()
        self.judging = ""  # the answer being checked

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="walk-body"):
            yield Static(plain(self.question.text("title", self.app.lang), "bold"), id="walk-title")
            yield Static(self._chain(), id="walk-chain")
            yield Static(id="walk-hint", classes="hidden")
        with Vertical(id="answer-area"):
            yield Label(self._prompt(), id="step-label")
            yield AnswerInput(placeholder=self._placeholder(), id="step-answer")
            yield AnswerPreview(self.t, id="step-preview")
            yield VerdictView(self.t, id="step-verdict")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.t("Walk through: backward one node at a time")

    def _chain(self) -> Text:
        """The graph in backward order, the seed first, each done step with its answer."""
        t = self.t
        w = self.walkthrough
        text = Text(
            t("Backward from {of} to {wrt}", of=w.of, wrt=self.question.wrt or "") + "\n",
            style="bold",
        )
        of_line = next(line for line in self.question.forward if line.name == w.of)
        text.append_text(plain(f"  {of_line.name} = {of_line.expression}"))
        text.append(f"   {w.adjoint_name(w.of)} = {w.seed}\n", style="green")
        for number, (step, record) in enumerate(zip(self.steps, self.records, strict=True)):
            line = step.line or t("{node} (given)", node=step.node)
            text.append_text(plain(f"  {line}"))
            if record.answer is not None:
                mark = "✓" if not record.helped else "·"
                text.append(f"   {mark} {step.name} = ", style="green")
                text.append_text(plain(record.answer, "green"))
                if record.revealed:
                    text.append("  (" + t("revealed") + ")", style="dim")
            elif number == self.index and not self.finished:
                text.append(f"   ← {step.name} ?", style="bold yellow")
            text.append("\n")
        text.rstrip()
        return text

    def _prompt(self) -> Text:
        if self.finished:
            return Text(self.t("Every step is done."))
        step = self.current
        text = Text(
            self.t(
                "Step {number} of {total}: {name}, the adjoint of {node} — shape {shape}",
                number=self.index + 1,
                total=len(self.steps),
                name=step.name,
                node=step.node,
                shape=step.shape,
            )
        )
        users = ", ".join(step.users)
        text.append(
            "\n"
            + self.t(
                "used by {users}; you may use {names}", users=users, names=", ".join(step.uses)
            ),
            style="dim",
        )
        return text

    def _placeholder(self) -> str:
        return self.t("this step's adjoint, in the names above — ? for help")

    def _refresh(self) -> None:
        self.query_one("#walk-chain", Static).update(self._chain())
        self.query_one("#step-label", Label).update(self._prompt())

    # --- typing, submitting, judging ------------------------------------------------------------

    @on(Input.Changed, "#step-answer")
    def _changed(self, event: Input.Changed) -> None:
        preview = None
        if event.value.strip() and not self.finished:
            preview = self.engine.step_preview(self.question, self.current.node, event.value)
        self.query_one(AnswerPreview).show_for(preview, self.query_one(AnswerInput), "value")

    @on(Input.Submitted, "#step-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.checking and not self.finished:
            self._submit(event.value.strip())

    def _submit(self, typed: str) -> None:
        if not typed:
            return
        node = self.current.node
        preview = self.engine.step_preview(self.question, node, typed)
        if preview.error is not None:  # invalid costs nothing
            verdict = Verdict.invalid(
                self.question.id,
                AnswerKind.STEP,
                typed,
                preview.error,
                column=preview.column,
                step=node,
            )
            self.query_one(AnswerInput).remember(typed)
            self.query_one(VerdictView).show_verdict(verdict)
            return
        self.query_one(AnswerInput).hand_in(typed)
        self.judging = typed
        self.checking = True
        # a check takes milliseconds: say so only if this one is slow (one layout pass, not two)
        self.set_timer(0.15, self._show_waiting)
        question, engine = self.question, self.engine
        run_engine(
            self, "step", lambda: engine.judge(question, typed, "step", node), "Checking a step"
        )

    def _show_waiting(self) -> None:
        if self.checking:
            waiting = self.t("Checking {answer}…", answer=self.judging)
            self.query_one(VerdictView).show_text(waiting, "-waiting")

    @on(EngineReply)
    def _replied(self, message: EngineReply) -> None:
        if message.key == "step":
            self._judged(message)
        elif message.key == "reveal":
            self._revealed(message)

    def _judged(self, message: EngineReply) -> None:
        self.checking = False
        judged = self._show_judged(message)
        queued = self.query_one(AnswerInput).checked(judged)
        if queued is not None and not self.finished:
            self._submit(queued)

    def _show_judged(self, message: EngineReply) -> bool:
        """Show and record the step's verdict; False when it could not be judged."""
        verdict = self.query_one(VerdictView).show_reply(message)
        if verdict is None:
            return False
        record = self.records[self.index]
        record.attempts += 1
        now = self.app.now()
        seconds, self.started = (now - self.started).total_seconds(), now
        step = f"walk:{self.current.node}"
        self.post_message(
            AttemptMade(self.question, step, self.judging, verdict.verdict, record.helped, seconds)
        )
        if not verdict.correct:
            record.helped = True
            return True
        record.answer = self.judging
        self._advance()
        return True

    def _advance(self) -> None:
        answer = self.query_one(AnswerInput)
        answer.set_history([])
        self.query_one("#walk-hint", Static).add_class("hidden")
        if self.index + 1 < len(self.steps):
            self.index += 1
        else:
            self.finished = True
            answer.disabled = True
            self.set_focus(None)
            self.query_one(VerdictView).show_text(
                Text(
                    self.t("✓ The chain rule is written out. Press any key to go back."),
                    style="bold",
                ),
                "-correct",
            )
        self._refresh()

    # --- help -------------------------------------------------------------------------------

    def action_hint(self) -> None:
        if self.finished:
            return
        self.records[self.index].helped = True
        hint = self.engine.step_hint(self.question, self.current.node)
        view = self.query_one("#walk-hint", Static)
        view.update(Text(self.t("Hint") + ": ", style="bold") + plain(hint.text(self.app.lang)))
        view.remove_class("hidden")

    def action_reveal(self) -> None:
        if self.finished or self.checking:
            return
        self.checking = True
        question, engine, node = self.question, self.engine, self.current.node

        def reveal() -> tuple[Reference, Instance | None]:
            reference = engine.reference(question, node)
            instance = engine.instance(question, None, node) if reference.text is None else None
            return reference, instance

        run_engine(self, "reveal", reveal, "Revealing a step")

    def _revealed(self, message: EngineReply) -> None:
        self.checking = False
        if not isinstance(message.result, tuple):
            self.query_one(VerdictView).show_text(plain(message.error or ""), "-invalid")
            return
        reference, instance = message.result
        record = self.records[self.index]
        record.helped = record.revealed = True
        shown = reference.text or (instance.expected if instance is not None else "?")
        record.answer = shown
        self.query_one(VerdictView).show_text(
            plain(self.t("Revealed: {answer}", answer=shown)), "-invalid"
        )
        self._advance()

    def action_leave(self) -> None:
        self.dismiss(self._result() if self.finished else None)

    def _result(self) -> bool:
        return not any(record.helped for record in self.records)

    def on_key(self, event: events.Key) -> None:
        if self.finished and event.key not in (
            "question_mark",
            "pageup",
            "pagedown",
            "ctrl+q",
            "ctrl+p",
        ):
            event.stop()
            event.prevent_default()
            self.dismiss(self._result())
