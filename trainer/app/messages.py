"""Messages between the app's workers, screens and the app itself.

Workers run in threads and talk back only by posting these (or `workers.EngineReply`); screens
tell the app what the learner chose with them, so the app alone owns sessions and progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from trainer.practice.outcomes import QuestionResult
from trainer.questions import Problem, Question


@dataclass
class TorchLoaded(Message):
    """The background import of PyTorch finished; `error` says why it failed, if it did."""

    error: str | None = None


@dataclass
class BankValidated(Message):
    """The checks that run a question ran on all; `invalid` ids were dropped, `problems` say why."""

    problems: list[Problem] = field(default_factory=list)
    invalid: frozenset[str] = frozenset()


@dataclass
class StartSession(Message):
    """The learner asked for a session: a deck, what is due, mixed practice, or given ids."""

    mode: str
    deck_id: str | None = None
    question_ids: tuple[str, ...] = ()


@dataclass
class AttemptMade(Message):
    """A checked answer (or walkthrough step), for the progress database."""

    question: Question
    step: str  # shape, value, choice, or walk:NODE
    answer: str
    verdict: str
    hint_used: bool
    seconds: float


@dataclass
class QuestionFinished(Message):
    """The question is over (solved, revealed or skipped). The app records it at once, so that
    quitting while the solution is shown loses nothing; it moves on now when `move_on` (a skip),
    or at the learner's `MoveOn` (once the solution is read); to the summary when
    `end_session`."""

    result: QuestionResult
    end_session: bool = False
    move_on: bool = True


@dataclass
class MoveOn(Message):
    """The learner is done reading a finished question's solution: on to the next question,
    or to the summary when `end_session`."""

    end_session: bool = False


@dataclass
class EndSession(Message):
    """The learner left the session early; the app shows the summary of what was done."""
