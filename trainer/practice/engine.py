"""The practice engine: everything the screens ask of the oracle, in plain Python (no Textual).

It owns torch's readiness (and why it failed), a `Judge` that keeps one oracle and walkthrough
per question at the run's seed (the trials a question is validated on are the trials it is
judged on), and one lock per question, so that checking the bank in the background never keeps
a learner's answer to another question waiting. Work that needs torch goes through `run`, which
waits for torch and turns every failure into an `EngineError` with a message to show: the
screens never see a traceback. `judge` goes further and never raises: an answer that does not
read, or that could not be checked, comes back as an `invalid` verdict that says why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from trainer.messages import Msg, msg

if TYPE_CHECKING:  # the oracle (and torch) load after the first screen is drawn, the question
    # model (long dataclasses, slow to build) when the bank is read
    from trainer.oracle import Instance, Oracle, Preview, Reference, Verdict, Walkthrough
    from trainer.oracle.graph import Graph
    from trainer.oracle.judge import Judge, Request
    from trainer.questions import Problem, Question
    from trainer.questions.model import AnswerKind

T = TypeVar("T")


class EngineError(Exception):
    """Engine work that could not be done; `text` says why, in the app's language."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class PracticeEngine:
    def __init__(self, seed: int, lang: str) -> None:
        self.seed = seed
        self.lang = lang
        self.torch_ready = threading.Event()
        self.torch_error: str | None = None
        self._judge: Judge | None = None
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()  # over the judge's creation and the locks only

    # --- torch -------------------------------------------------------------------------------

    def load_torch(self) -> str | None:
        """Import torch (over a second); returns why it failed, or None."""
        try:
            from trainer.notation import torch_module

            torch_module()
        except Exception as error:  # any failure to import is reported, not raised
            self.torch_error = f"{type(error).__name__}: {error}"
        finally:
            self.torch_ready.set()
        return self.torch_error

    # --- oracles -----------------------------------------------------------------------------

    @property
    def judging(self) -> Judge:
        """The judge of this run (made on first use: the oracle loads after the first screen)."""
        with self._guard:
            if self._judge is None:
                from trainer.oracle.judge import Judge

                self._judge = Judge(bounded=False)  # a learner's questions stay warm
            return self._judge

    def _oracle(self, question: Question) -> Oracle:
        return self.judging.oracle(question, self.seed)

    def _lock(self, question: Question) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(question.id, threading.Lock())

    def forget(self, question_ids: Iterable[str]) -> None:
        """Drop the oracles of questions found invalid."""
        for question_id in question_ids:
            self.judging.forget(question_id)

    def run(self, question: Question, work: Callable[[Oracle], T]) -> T:
        """`work(oracle)` once torch is ready, under the question's lock (call from a worker)."""
        from trainer.errors import TrainerError

        self.torch_ready.wait()
        if self.torch_error:
            raise EngineError(self._text("PyTorch could not be loaded: {error}", self.torch_error))
        oracle, lock = self._oracle(question), self._lock(question)
        try:
            with lock:
                return work(oracle)
        except TrainerError as error:
            raise EngineError(error.text(self.lang)) from None
        except Exception as error:  # an engine bug must not leave a screen "Checking…" forever
            raise EngineError(f"{type(error).__name__}: {error}") from None

    def _text(self, label: str, error: str) -> str:
        from trainer.practice.i18n import Labels

        return Labels(self.lang)(label, error=error)

    # --- without torch (the UI thread) ---------------------------------------------------------

    def preview(self, question: Question, text: str, kind: str) -> Preview:
        return self._oracle(question).preview(text, kind)

    def expected_shape(self, question: Question) -> str:
        return self._oracle(question).expected_shape

    def walkthrough(self, question: Question) -> Walkthrough:
        """The question's walkthrough (its steps need no torch; judging them does)."""
        walkthrough = self.judging.walkthrough(question, self.seed)
        if walkthrough is None:
            raise ValueError(f"{question.id} has no walkthrough")
        return walkthrough

    def step_preview(self, question: Question, node: str, text: str) -> Preview:
        return self.walkthrough(question).preview(node, text)

    def step_hint(self, question: Question, node: str, level: int = 0) -> Msg:
        """The hint of a step: its first `level + 1` local rules."""
        return self.walkthrough(question).hint(node, level)

    def step_why(self, question: Question, node: str) -> Msg:
        """Why a revealed step holds: the hint with every local rule."""
        walkthrough = self.walkthrough(question)
        return walkthrough.hint(node, len(walkthrough.hint_rules(node)))

    # --- with torch (workers) ------------------------------------------------------------------

    def validate(self, question: Question) -> list[Problem]:
        from trainer.oracle import validate

        return self.run(question, lambda oracle: validate(self.judging, question, self.seed))

    def judge(
        self, question: Question, text: str, kind: AnswerKind | str, node: str | None = None
    ) -> Verdict:
        """The verdict on an answer (to the step of `node`, when given); never raises. Text that
        does not read is judged at once, without waiting for torch; work that fails comes back
        as an `invalid` verdict whose message says why."""
        from trainer.oracle import Verdict
        from trainer.oracle.judge import Request
        from trainer.questions.model import AnswerKind

        kind = AnswerKind.STEP if node is not None else AnswerKind(kind)
        request = Request(question, text, kind, self.seed, node)
        try:
            refused = self.judging.refusal(request)  # the gates need no torch
            if refused is not None:
                return self.judging.refused(refused, request)
            preview = self._read(request)
        except Exception as error:  # a bug in reading must not stop the check either
            failure = _said(f"{type(error).__name__}: {error}")
            return Verdict.invalid(question.id, kind, text, failure, step=node)
        if preview is not None and preview.error is not None:
            return Verdict.invalid(
                question.id, kind, text, preview.error, column=preview.column, step=node
            )
        try:
            return self.run(question, lambda oracle: self.judging.judge(request))
        except EngineError as error:
            return Verdict.invalid(question.id, kind, text, _said(error.text), step=node)

    def _read(self, request: Request) -> Preview | None:
        """How the answer reads (None for a choice, which has nothing to read)."""
        from trainer.questions.model import AnswerKind

        assert not isinstance(request.question, str)
        if request.node is not None:
            return self.step_preview(request.question, request.node, request.text)
        if request.kind in (AnswerKind.SHAPE, AnswerKind.VALUE, AnswerKind.DIFFERENTIAL):
            return self.preview(request.question, request.text, request.kind)
        return None

    def instance(
        self, question: Question, answer: str | None, node: str | None = None, limit: int = 16
    ) -> Instance:
        return self.run(question, lambda oracle: oracle.instance(answer, node, limit))

    def graph(self, question: Question, with_gradients: bool) -> Graph:
        from trainer.oracle.graph import build_graph

        return self.run(question, lambda oracle: build_graph(oracle, with_gradients))

    def reference(self, question: Question, node: str) -> Reference:
        walkthrough = self.walkthrough(question)
        return self.run(question, lambda oracle: walkthrough.reference(node))

    def composed(self, question: Question) -> str | None:
        """The walkthrough's steps composed into the question's answer (None when they cannot
        be written as one answer)."""
        from trainer.oracle.composed import composed

        walkthrough = self.walkthrough(question)
        return self.run(question, lambda oracle: composed(walkthrough))


def _said(text: str) -> Msg:
    """A text already in the app's language, as a verdict's message (shown as it is)."""
    return msg("mistake", says=text)
