"""The practice engine: everything the screens ask of the oracle, in plain Python (no Textual).

It owns torch's readiness (and why it failed), one oracle per question at the run's seed (the
trials a question is validated on are the trials it is judged on), and one lock per question,
so that checking the bank in the background never keeps a learner's answer to another question
waiting. Work that needs torch goes through `run`, which waits for torch and turns every
failure into an `EngineError` with a message to show: the screens never see a traceback.
`judge` is the one way an answer is judged, and it never raises: every outcome is a `Verdict`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from trainer.messages import Msg
from trainer.questions import Problem, Question
from trainer.questions.model import AnswerKind

if TYPE_CHECKING:  # the oracle (and torch) load after the first screen is drawn
    from trainer.oracle import Instance, Oracle, Preview, Reference, Verdict, Walkthrough
    from trainer.oracle.graph import Graph

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
        self._oracles: dict[str, tuple[Oracle, threading.Lock, Walkthrough]] = {}
        self._guard = threading.Lock()  # over the two dictionaries only

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

    def _entry(self, question: Question) -> tuple[Oracle, threading.Lock, Walkthrough]:
        from trainer.oracle import Oracle, Walkthrough

        with self._guard:
            if question.id not in self._oracles:
                oracle = Oracle(question, self.seed)
                self._oracles[question.id] = (oracle, threading.Lock(), Walkthrough(oracle))
            return self._oracles[question.id]

    def forget(self, question_ids: Iterable[str]) -> None:
        """Drop the oracles of questions found invalid."""
        with self._guard:
            for question_id in question_ids:
                self._oracles.pop(question_id, None)

    def run(self, question: Question, work: Callable[[Oracle], T]) -> T:
        """`work(oracle)` once torch is ready, under the question's lock (call from a worker)."""
        from trainer.errors import TrainerError

        self.torch_ready.wait()
        if self.torch_error:
            raise EngineError(self._text("PyTorch could not be loaded: {error}", self.torch_error))
        oracle, lock, _ = self._entry(question)
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
        return self._entry(question)[0].preview(text, kind)

    def expected_shape(self, question: Question) -> str:
        return self._entry(question)[0].expected_shape

    def walkthrough(self, question: Question) -> Walkthrough:
        """The question's walkthrough (its steps need no torch; judging them does)."""
        return self._entry(question)[2]

    def step_preview(self, question: Question, node: str, text: str) -> Preview:
        return self.walkthrough(question).preview(node, text)

    def step_hint(self, question: Question, node: str) -> Msg:
        return self.walkthrough(question).hint(node)

    # --- with torch (workers) ------------------------------------------------------------------

    def validate(self, question: Question) -> list[Problem]:
        from trainer.oracle import validate

        return self.run(question, validate)

    def judge(
        self, question: Question, text: str, kind: AnswerKind | str, node: str | None = None
    ) -> Verdict:
        """The verdict on one answer (a walkthrough step when `node` is given); never raises.

        An answer that does not read is `invalid` at once, from the preview (no waiting for
        torch); an engine failure is an `invalid` verdict whose message says why.
        """
        from trainer.oracle import Verdict

        kind = AnswerKind(kind)
        try:
            if kind in (AnswerKind.SHAPE, AnswerKind.VALUE, AnswerKind.STEP):
                preview = (
                    self.step_preview(question, node, text)
                    if node is not None
                    else self.preview(question, text, kind)
                )
                if preview.error is not None:
                    return Verdict.invalid(
                        question.id, kind, text, preview.error, column=preview.column, step=node
                    )
            if node is not None:
                walkthrough = self.walkthrough(question)
                return self.run(question, lambda oracle: walkthrough.judge(node, text))
            return self.run(question, lambda oracle: oracle.judge(text, kind))
        except EngineError as error:
            return Verdict.invalid(question.id, kind, text, _said(error.text), step=node)
        except Exception as error:  # a bug in the preview must not leave a screen waiting
            failure = _said(f"{type(error).__name__}: {error}")
            return Verdict.invalid(question.id, kind, text, failure, step=node)

    def instance(self, question: Question, answer: str | None, node: str | None = None) -> Instance:
        return self.run(question, lambda oracle: oracle.instance(answer, node))

    def graph(self, question: Question, with_gradients: bool) -> Graph:
        from trainer.oracle.graph import build_graph

        return self.run(question, lambda oracle: build_graph(oracle, with_gradients))

    def reference(self, question: Question, node: str) -> Reference:
        walkthrough = self.walkthrough(question)
        return self.run(question, lambda oracle: walkthrough.reference(node))


def _said(text: str) -> Msg:
    """A message already in the app's language, as a verdict carries it (the "{says}" template
    renders its text as it is)."""
    return Msg("mistake", {"says": text})
