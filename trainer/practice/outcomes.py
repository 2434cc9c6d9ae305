"""How one question of a session ended, as the summary counts it and the scheduler rates it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

FIRST_TRY = "first_try"  # every part right on the first attempt, no hint
AFTER_HELP = "after_help"  # right in the end, after a hint, an instance or a wrong attempt
REVEALED = "revealed"  # the learner asked for the solution
SKIPPED = "skipped"  # moved on without a right answer

OUTCOMES = (FIRST_TRY, AFTER_HELP, REVEALED, SKIPPED)


def count_answers(verdicts: Iterable[str]) -> tuple[int, int]:
    """(answers checked, answers right) of a run of verdicts, for the summary and Statistics
    alike: every answer the checker judged counts once, whether to a part of a question or to
    one step of a walkthrough (each step is typed and judged like any answer, and a wrong step
    is a slip worth seeing in the numbers); a revealed step or an answer that could not be
    read is no answer."""
    checked = right = 0
    for verdict in verdicts:
        if verdict == "invalid":
            continue
        checked += 1
        right += verdict == "correct"
    return checked, right


@dataclass(frozen=True)
class QuestionResult:
    """One finished question: its outcome and the attempts that led to it."""

    question_id: str
    deck: str
    outcome: str
    tags: tuple[str, ...] = ()
    attempts: int = 0  # checked attempts (invalid answers do not count)
    correct: int = 0  # of those, the right ones
    hint_used: bool = False
    parts: tuple[str, ...] = field(default_factory=tuple)  # what the question asked
    walk_missed: bool = False  # a walkthrough step answered wrong or revealed on the way

    @property
    def failed(self) -> bool:
        """Skipped after at least one wrong attempt: a lapse, unlike a skip unseen."""
        return self.outcome == SKIPPED and self.attempts > self.correct

    @property
    def lapsed(self) -> bool:
        """A wrong answer or a reveal on the way (a hint alone is none): the question comes
        back later in the same session, to be worked out again while the lesson is fresh."""
        return self.outcome == REVEALED or self.attempts > self.correct or self.walk_missed

    @property
    def unanswered(self) -> bool:
        """Skipped with no wrong answer: neither right nor wrong anywhere (not missed, not in
        the accuracy of its tags, not rated)."""
        return self.outcome == SKIPPED and not self.failed

    @property
    def missed(self) -> bool:
        """Answered, but not right first time: the summary offers these for practice again."""
        return self.outcome != FIRST_TRY and not self.unanswered


def solved_outcome(hint_used: bool, attempts: int, correct: int) -> str:
    """A question answered in the end: right first time only with no hint and no wrong try."""
    return AFTER_HELP if hint_used or attempts > correct else FIRST_TRY


def step_part(node: str) -> str:
    """How an attempt at a walkthrough step is recorded: `walk:NODE`."""
    return f"walk:{node}"


@dataclass
class StepRecord:
    """How one walkthrough step went: the answer that finished it, and whether it needed help."""

    answer: str | None = None
    attempts: int = 0
    helped: bool = False  # a hint, a wrong attempt or a reveal
    revealed: bool = False
    hints: int = 0  # hints asked: each one shows one more local rule
    missed: bool = False  # a wrong attempt or a reveal (not a hint)


@dataclass(frozen=True)
class Walked:
    """How a finished walkthrough went: right first time only if no step needed help; missed
    when a step was answered wrong or revealed (the question then comes back)."""

    first_try: bool
    missed: bool


def walked(records: list[StepRecord]) -> Walked:
    return Walked(
        first_try=not any(record.helped for record in records),
        missed=any(record.missed for record in records),
    )
