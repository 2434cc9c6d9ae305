"""Messages between the app's workers, screens and the app itself.

Workers run in threads and talk back only by posting these, one kind of message per kind of
reply; screens tell the app what the learner chose with them, so the app alone owns sessions
and progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the oracle (and torch) load after the first screen is drawn, the model
    # with the bank
    from trainer.oracle import Instance, Reference, Verdict
    from trainer.oracle.graph import Graph
    from trainer.practice.outcomes import QuestionResult
    from trainer.practice.practice_bank import PracticeBank
    from trainer.questions import Problem, Question


@dataclass
class BankLoaded(Message):
    """The bank was read after the first frame; `error` says why it could not be, if so."""

    bank: PracticeBank
    error: str | None = None


@dataclass
class TorchLoaded(Message):
    """The background import of PyTorch finished; `error` says why it failed, if it did."""

    error: str | None = None


@dataclass
class BankValidated(Message):
    """The checks that run a question ran on all; `invalid` ids were dropped, `problems` say why."""

    problems: list[Problem] = field(default_factory=list)
    invalid: frozenset[str] = frozenset()


# --- replies of engine work (each worker posts exactly one) ----------------------------------


@dataclass
class VerdictJudged(Message):
    """An answer handed in was judged: `verdict` is every outcome, an engine failure included."""

    answer: str
    verdict: Verdict


@dataclass
class InstanceBuilt(Message):
    """A small numeric instance of the question, or the `error` that stopped it."""

    instance: Instance | None = None
    error: str | None = None


@dataclass
class GraphBuilt(Message):
    """The computation graph of the question, or the `error` that stopped it."""

    graph: Graph | None = None
    error: str | None = None


@dataclass
class StepRevealed(Message):
    """A walkthrough step's reference (with a numeric instance when it has no text), or the
    `error` that stopped it."""

    reference: Reference | None = None
    instance: Instance | None = None
    error: str | None = None


@dataclass
class StepsComposed(Message):
    """The finished walkthrough's steps composed into the question's answer (None: they could
    not be written as one)."""

    answer: str | None = None


# --- what the learner chose -------------------------------------------------------------------


@dataclass
class StartSession(Message):
    """The learner asked for a session: a deck, what is due, mixed practice, or given ids."""

    mode: str
    deck_id: str | None = None
    question_ids: tuple[str, ...] = ()


@dataclass
class AttemptMade(Message):
    """A checked answer (to a part, or to a walkthrough step), for the progress database."""

    question: Question
    part: str  # shape, value, choice, or walk:NODE for a walkthrough step
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
