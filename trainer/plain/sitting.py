"""What a plain session shares with each prompt: the opened practice, the terminal, the labels,
the session being recorded, and torch loading (then the questions' checks) beside the prompts."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from trainer.plain.commands import COMMANDS, Next
from trainer.plain.render import accuracy_lines
from trainer.plain.terminal import Terminal
from trainer.practice.engine import PracticeEngine
from trainer.practice.i18n import Labels
from trainer.practice.opening import OpenedPractice
from trainer.practice.outcomes import QuestionResult
from trainer.practice.session import Session
from trainer.practice.sitting import Checked, check_questions, finish_question
from trainer.questions import Question


@dataclass
class Sitting:
    opened: OpenedPractice
    terminal: Terminal
    session: Session
    labels: Labels
    stopping: threading.Event = field(default_factory=threading.Event)
    checked: Checked | None = None
    _worker: threading.Thread | None = None

    @property
    def engine(self) -> PracticeEngine:
        return self.opened.engine

    def now(self) -> datetime:
        return self.opened.progress.clock()

    def say(self, text: str = "", tone: str | None = None) -> None:
        self.terminal.say(text, tone)

    # --- the background -------------------------------------------------------------------

    def start_background(self) -> None:
        """Load torch, then check the session's questions (the app checks its bank so too)."""

        def work() -> None:
            if self.engine.load_torch() is None:
                questions = list(self.session.questions)
                self.checked = check_questions(self.engine, questions, self.stopping.is_set)

        self._worker = threading.Thread(target=work, name="trainer-plain-torch", daemon=True)
        self._worker.start()

    def stop_background(self) -> None:
        self.stopping.set()
        if self._worker is not None:
            self._worker.join()

    def drop_invalid(self) -> None:
        """Questions the checks refused leave the rest of the session (as in the app)."""
        checked = self.checked
        if checked is not None and checked.invalid:
            self.session.drop(checked.invalid)
            self.opened.bank.drop(checked.invalid, checked.problems)
            self.engine.forget(checked.invalid)
            self.checked = Checked([], frozenset())

    # --- recording ------------------------------------------------------------------------

    def record_attempt(
        self, question: Question, part: str, answer: str, verdict: str, hint: bool, seconds: float
    ) -> None:
        self.opened.progress.record_attempt(
            question, part, answer, verdict, hint, seconds, self.session.session_id
        )

    def finish(self, result: QuestionResult) -> None:
        finish_question(self.session, self.opened.progress, result)

    # --- what every prompt answers alike -------------------------------------------------------

    def help(self) -> Next:
        t = self.labels
        lines = [t("Type the answer at the prompt, or one of these commands:")]
        lines += [f"  {command.name}  {t(command.about)}" for command in COMMANDS]
        self.say("\n".join(lines))
        return Next.ASK

    def skills(self) -> Next:
        accuracy = self.opened.progress.tag_accuracy(self.opened.bank.questions())
        self.say(accuracy_lines(accuracy, self.labels))
        return Next.ASK

    def unknown(self, reply: str) -> None:
        t = self.labels
        names = ", ".join(command.name for command in COMMANDS)
        self.say(
            t(
                "Unknown command {command}. Commands: {commands}.",
                command=reply.strip()[:40],
                commands=names,
            ),
            "note",
        )
