"""The backward walkthrough: reverse accumulation of the question, one node at a time.

At the top, the forward pass in the order backward visits it, with the seed (`dloss = 1`);
each done step stays there with its answer, so the whole chain rule ends up written out. Under
it, the same answer box as the question screen's (`AnswerBox`) for the current step. A right
or revealed step moves to the next; after the last one, any key returns to the question,
which then counts as answered (right first time only if every step was).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.widgets import Header, Label, Static

from trainer.app.messages import AttemptMade, StepRevealed, StepsComposed
from trainer.app.screens.base import AnsweringScreen
from trainer.app.text import headed, plain
from trainer.app.widgets.answer_box import AnswerBox, Asking
from trainer.app.widgets.footer import FittingFooter
from trainer.messages import pick_text
from trainer.oracle import Preview, Step, Verdict
from trainer.practice.engine import EngineError, PracticeEngine
from trainer.practice.i18n import N_
from trainer.practice.outcomes import StepRecord, Walked, step_part, walked
from trainer.questions import Question
from trainer.questions.model import AnswerKind

CHAIN_HEAD = 2
"""Lines of the chain above its first step: its heading and the seed's line."""


class WalkthroughScreen(AnsweringScreen[Walked | None]):
    """Dismisses with how the finished walkthrough went, or None when left before the end."""

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
        self.revealing = False
        self.finished = False
        self.started = self.app.now()

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    @property
    def checking(self) -> bool:
        """An answer is being judged, or the step revealed."""
        boxes = self.query(AnswerBox)
        return self.revealing or (bool(boxes) and boxes.first().checking is not None)

    @property
    def box(self) -> AnswerBox:
        return self.query_one(AnswerBox)

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="walk-body"):
            yield Static(plain(self.question.text("title", self.app.lang), "bold"), id="walk-title")
            yield Static(self._chain(), id="walk-chain")
            yield Static(id="walk-hint", classes="hidden")
        with Vertical(id="answer-area"):
            yield Label(self._prompt(), id="step-label")
            yield AnswerBox(
                self.t,
                self._asking(),
                self._answered,
                ready=self.engine.torch_ready.is_set,
                prefix="step-",
            )
        yield FittingFooter()

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
                    text.append("  " + t("({note})", note=t("revealed")), style="dim")
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
        lang = self.app.lang
        users, names = pick_text(step.shown_users, lang), pick_text(step.shown_uses, lang)
        shown = self.t("used by {users}; you may use {names}", users=users, names=names)
        text.append("\n" + shown, style="dim")
        return text

    def _asking(self) -> Asking:
        """The current step: its preview (the adjoints before it bound) and its judge."""
        question, engine, node = self.question, self.engine, self.current.node

        def preview(text: str) -> Preview:
            return engine.step_preview(question, node, text)

        def judge(text: str) -> Verdict:
            return engine.judge(question, text, AnswerKind.STEP, node)

        placeholder = self.t("this step's adjoint, in the names above — ? for help")
        return Asking(AnswerKind.STEP, preview, judge, placeholder)

    def _refresh(self) -> None:
        chain = self._chain()
        self.query_one("#walk-chain", Static).update(chain)
        self.query_one("#step-label", Label).update(self._prompt())
        if not self.finished:
            self.call_after_refresh(self._show_current, chain)

    def _show_current(self, chain: Text) -> None:
        """Scroll the chain so that the step being asked is in view: on a small terminal a
        long chain runs past the body's height after a few steps."""
        view = self.query_one("#walk-chain", Static)
        width = max(1, view.content_size.width)
        lines = chain.split("\n")[: CHAIN_HEAD + self.index]  # the heading, the seed, steps
        row = sum(max(1, -(-cell_len(line.plain) // width)) for line in lines)
        place = Region(0, view.virtual_region.y + row, 1, 1)
        self.query_one("#walk-body", VerticalScroll).scroll_to_region(place, animate=False)

    # --- what was answered ---------------------------------------------------------------------

    def _answered(self, answer: str, verdict: Verdict) -> None:
        """Record a judged step (the box shows its verdict); on to the next step when right."""
        record = self.records[self.index]
        record.attempts += 1
        now = self.app.now()
        seconds, self.started = (now - self.started).total_seconds(), now
        part = step_part(self.current.node)
        self.post_message(
            AttemptMade(self.question, part, answer, verdict.verdict, record.helped, seconds)
        )
        if not verdict.correct:
            record.helped = record.missed = True
            return
        record.answer = answer
        step = self.current
        self._advance()
        if not self.finished:  # the verdict is on the step before: said so, as history
            earlier = self.t(
                "✓ {name} = {answer} was right; now {next}.",
                name=step.name,
                answer=answer,
                next=self.current.name,
            )
            self.box.verdict.show_text(plain(earlier), "-earlier")

    def _advance(self) -> None:
        self.query_one("#walk-hint", Static).add_class("hidden")
        if self.index + 1 < len(self.steps):
            self.index += 1
            self.box.ask(self._asking())
        else:
            self.finished = True
            self.box.input.set_history([])
            self.box.close()
            self._show_finished(None)
            self._compose_steps(self.engine, self.question)
        self._refresh()

    def _show_finished(self, answer: str | None) -> None:
        text = Text(self.t("✓ The chain rule is written out. Press any key to go back."))
        text.stylize("bold")
        if answer is not None:
            composed = self.t("Composed, the steps give the answer: {answer}", answer=answer)
            text.append("\n" + composed)
        self.box.verdict.show_text(text, "-correct")

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="compose",
        description="Composing the steps",
    )
    def _compose_steps(self, engine: PracticeEngine, question: Question) -> None:
        try:
            answer = engine.composed(question)
        except EngineError:
            return
        self.post_message(StepsComposed(answer))

    @on(StepsComposed)
    def _composed(self, message: StepsComposed) -> None:
        if message.answer is not None and self.finished:
            self._show_finished(message.answer)

    # --- help -------------------------------------------------------------------------------

    def action_hint(self) -> None:
        if self.finished:
            return
        record = self.records[self.index]
        record.helped = True
        hint = self.engine.step_hint(self.question, self.current.node, record.hints)
        record.hints += 1
        view = self.query_one("#walk-hint", Static)
        view.update(headed(self.t("Hint:"), hint.text(self.app.lang), self.t))
        view.remove_class("hidden")

    def action_reveal(self) -> None:
        if self.finished or self.checking:
            return
        self.revealing = self.box.held = True
        self._reveal(self.engine, self.question, self.current.node)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="reveal",
        description="Revealing a step",
    )
    def _reveal(self, engine: PracticeEngine, question: Question, node: str) -> None:
        try:
            reference = engine.reference(question, node)
            instance = engine.instance(question, None, node) if reference.text is None else None
        except EngineError as error:
            self.post_message(StepRevealed(error=error.text))
            return
        self.post_message(StepRevealed(reference, instance))

    @on(StepRevealed)
    def _revealed(self, message: StepRevealed) -> None:
        self.revealing = self.box.held = False
        if message.reference is None:
            self.box.verdict.show_text(plain(message.error or ""), "-invalid")
            return
        reference, instance = message.reference, message.instance
        record = self.records[self.index]
        record.helped = record.revealed = record.missed = True
        shown = reference.text or (instance.expected if instance is not None else "?")
        record.answer = shown
        said = self.t("Revealed: {answer}", answer=shown)
        if reference.reason is not None:  # a bound it could not be written out within
            said = self.t.join(reference.reason.text(self.app.lang), said)
        why = self.engine.step_why(self.question, self.current.node).text(self.app.lang)
        said += "\n" + self.t("Why: {reason}", reason=why)
        self.box.verdict.show_text(plain(said), "-invalid")
        self._advance()

    def action_leave(self) -> None:
        self.dismiss(self._result() if self.finished else None)

    def _result(self) -> Walked:
        return walked(self.records)

    @property
    def answering_over(self) -> bool:
        return self.finished

    def move_on(self) -> None:
        self.dismiss(self._result())
