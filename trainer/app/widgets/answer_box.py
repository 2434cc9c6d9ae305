"""The answering cycle, once for every screen that takes answers: the box, the live preview
under it, the verdict, and type-ahead.

A screen says what is being asked (`Asking`: the kind of answer, a preview callable and a judge
callable) and hears back each verdict that counts through `answered`. An answer that does not
read is judged at once on the UI thread (the judge answers it from the preview, with no torch);
any other is handed in and judged in a thread worker, which posts a `VerdictJudged`. Meanwhile
the box is free: what is typed is the next answer, and an Enter on it submits it after the
verdict. An answer that could not be judged comes back to the box to be fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from trainer.app.messages import VerdictJudged
from trainer.app.widgets.answer_input import AnswerInput
from trainer.app.widgets.preview import AnswerPreview
from trainer.app.widgets.verdict import VerdictScroll, VerdictView
from trainer.oracle import INVALID
from trainer.practice.i18n import Labels
from trainer.questions.model import AnswerKind

if TYPE_CHECKING:
    from trainer.oracle import Preview, Verdict

WAITING_DELAY = 0.15
"""Seconds before a check in progress is announced: a check takes milliseconds once torch is
loaded, so the verdict is usually the next thing drawn (one layout pass instead of two)."""


@dataclass(frozen=True)
class Asking:
    """What the box is asking for now."""

    kind: AnswerKind
    preview: Callable[[str], Preview | None]  # on the UI thread at every keystroke: no torch
    judge: Callable[[str], Verdict]  # never raises; may wait for torch (called in a worker)
    placeholder: str


class AnswerBox(Vertical):
    """The input (`{prefix}answer`), its preview (`{prefix}preview`) and the verdict
    (`{prefix}verdict`)."""

    DEFAULT_CSS = """
    AnswerBox { height: auto; }
    """

    def __init__(
        self,
        labels: Labels,
        asking: Asking,
        answered: Callable[[str, Verdict], None],
        *,
        ready: Callable[[], bool] = lambda: True,
        prefix: str = "",
    ) -> None:
        """`answered(answer, verdict)` hears each verdict that counts as an attempt (not an
        invalid one); `ready` says whether torch is loaded (else a check waits for it)."""
        super().__init__(id=f"{prefix}answer-box")
        self.labels = labels
        self.asking = asking
        self.answered = answered
        self.ready = ready
        self.prefix = prefix
        self.checking: str | None = None  # the answer handed in, while it is judged
        self.held = False  # the screen is busy with other engine work: Enter does nothing

    def compose(self) -> ComposeResult:
        p = self.prefix
        yield AnswerInput(placeholder=self.asking.placeholder, id=f"{p}answer")
        yield AnswerPreview(self.labels, id=f"{p}preview")
        with VerdictScroll(id=f"{p}verdict-scroll"):
            yield VerdictView(self.labels, id=f"{p}verdict")

    def on_mount(self) -> None:
        self.fit(self.app.size.height)

    def fit(self, terminal_height: int) -> None:
        """Keep the verdict within its share of a terminal `terminal_height` lines tall."""
        self.query_one(VerdictScroll).fit(terminal_height)

    @property
    def input(self) -> AnswerInput:
        return self.query_one(AnswerInput)

    @property
    def verdict(self) -> VerdictView:
        return self.query_one(VerdictView)

    def ask(self, asking: Asking, history: Sequence[str] = ()) -> None:
        """Ask for something else (the next part, the next step); up-arrow recalls `history`."""
        self.asking = asking
        self.input.placeholder = asking.placeholder
        self.input.set_history(history)

    def close(self) -> None:
        """Answering is over: the box takes no more, and a check still running is forgotten."""
        self.checking = None
        self.input.disabled = True
        self.screen.set_focus(None)

    # --- typing and the preview ------------------------------------------------------------------

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        preview = self.asking.preview(event.value) if event.value.strip() else None
        kind = self.asking.kind
        self.query_one(AnswerPreview).show_for(preview, self.input, kind)

    # --- submitting and judging ------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.checking is None and not self.held and not self.input.disabled:
            self.submit(event.value.strip())

    def submit(self, typed: str) -> None:
        if not typed:
            return
        asking = self.asking
        preview = asking.preview(typed)
        if preview is not None and preview.error is not None:  # shown at once, never an attempt
            self.input.remember(typed)
            self.input.select_all()  # typing replaces it; an arrow key keeps it to fix
            self.verdict.show_verdict(asking.judge(typed))
            return
        self.input.hand_in(typed)
        self.checking = typed
        if self.ready():
            self.set_timer(WAITING_DELAY, self._show_waiting)
        else:
            self._show_waiting()
        self._judge(typed, asking.judge)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="judge",
        description="Checking an answer",
    )
    def _judge(self, typed: str, judge: Callable[[str], Verdict]) -> None:
        self.post_message(VerdictJudged(typed, judge(typed)))

    def _show_waiting(self) -> None:
        if self.checking is None:
            return
        t = self.labels
        waiting = t("Checking {answer}…", answer=self.checking)
        if not self.ready():
            waiting = t("Checking {answer} as soon as PyTorch has loaded…", answer=self.checking)
        self.verdict.show_text(waiting, "-waiting")

    @on(VerdictJudged)
    def _judged(self, message: VerdictJudged) -> None:
        message.stop()
        if self.checking != message.answer:  # forgotten (the question was revealed meanwhile)
            return
        self.checking = None
        verdict = message.verdict
        self.verdict.show_verdict(verdict)
        counted = verdict.verdict != INVALID
        if counted:
            self.answered(message.answer, verdict)
        queued = self.input.checked(counted)
        if queued is not None and not self.input.disabled:
            self.submit(queued)
