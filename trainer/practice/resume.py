"""Going on with a session cut short (the process killed, the terminal closed): its questions,
the ones finished, and what was answered of the one being asked, all from the progress database
(every attempt is committed as it is made).

A session is resumable when it was never ended, keeps its plan (a trainer of schema version 3
or later wrote it), and its process is gone: not this run's own sessions, nor one another
trainer still runs on the same database.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trainer.practice.outcomes import QuestionResult
from trainer.practice.practice_bank import PracticeBank
from trainer.practice.progress import Progress
from trainer.practice.session import Session
from trainer.practice.store import Attempt, StoredSession
from trainer.questions.model import AnswerKind

if TYPE_CHECKING:
    from trainer.oracle import Verdict


@dataclass
class Resumed:
    session: Session
    attempts: list[Attempt]  # what was answered of the current question, in order


@dataclass(frozen=True)
class SoFar:
    """What was answered of a question before the cut, as a question's prompt takes it up."""

    attempts: int
    correct: int
    part_index: int  # the parts before it were right
    hint_used: bool
    answered: tuple[Attempt, ...]  # to its parts, in order
    walked: tuple[Attempt, ...]  # to its walkthrough's steps


def recorded_verdict(question_id: str, attempt: Attempt) -> Verdict:
    """The verdict an attempt was given, as the store kept it (its kind, no message): what a
    screen lists among the earlier answers of a question taken up again."""
    from trainer.oracle import Verdict
    from trainer.oracle.verdicts import VerdictKind

    kind = AnswerKind(attempt.part)
    return Verdict(question_id, kind, attempt.answer, VerdictKind(attempt.verdict), None)


def so_far(parts: Sequence[str], attempts: Sequence[Attempt]) -> SoFar:
    answered = tuple(a for a in attempts if a.part in parts)
    index = 0
    for attempt in answered:
        if attempt.verdict == "correct" and attempt.part == parts[index] and index + 1 < len(parts):
            index += 1
    return SoFar(
        attempts=len(answered),
        correct=sum(a.verdict == "correct" for a in answered),
        part_index=index,
        hint_used=any(a.hint_used for a in attempts),
        answered=answered,
        walked=tuple(a for a in attempts if a.part.startswith("walk:")),
    )


def _running(stored: StoredSession, own: set[int]) -> bool:
    if stored.session_id in own:
        return True
    if stored.pid is None:
        return False
    if stored.pid == os.getpid():
        return False  # this process's earlier run (a test's app closed without its exit path)
    try:
        os.kill(stored.pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def find_resumable(progress: Progress, bank: PracticeBank) -> Resumed | None:
    """The latest session cut short, rebuilt; None when there is none to go on with."""
    for stored in progress.guarded(lambda s: s.unfinished_sessions()):
        if _running(stored, progress.own_sessions):
            continue
        resumed = _rebuild(progress, bank, stored)
        if resumed is not None:
            return resumed
        progress.end_session(stored.session_id)  # nothing left to ask: closed for good
    return None


def _rebuild(progress: Progress, bank: PracticeBank, stored: StoredSession) -> Resumed | None:
    questions = [q for q in (bank.question(i) for i in stored.plan) if q is not None]
    sid = stored.session_id
    attempts = [a for a in progress.guarded(lambda s: s.attempts()) if a.session_id == sid]
    reviews = [r for r in progress.guarded(lambda s: s.reviews()) if r.session_id == sid]
    results = []
    for review in reviews:
        question = bank.question(review.question_id)
        mine = [a for a in attempts if a.question_id == review.question_id]
        parts = [a for a in mine if not a.part.startswith("walk:")]
        results.append(
            QuestionResult(
                review.question_id,
                review.deck,
                review.outcome,
                question.tags if question else (),
                len(parts),
                sum(a.verdict == "correct" for a in parts),
                any(a.hint_used for a in mine),
            )
        )
    session = Session(stored.mode, questions, stored.started, sid, results)
    session.verdicts = [a.verdict for a in attempts]
    current = session.current
    if current is None:
        return None
    progress.take_over(sid)
    if session.returning:  # its first asking's answers are not this asking's
        return Resumed(session, [])
    return Resumed(session, [a for a in attempts if a.question_id == current.id])
