"""Progress as the screens read it: what counts, over every review kept."""

from __future__ import annotations

from datetime import UTC, datetime

from trainer.practice.outcomes import AFTER_HELP, FIRST_TRY, SKIPPED, QuestionResult
from trainer.practice.progress import Progress
from trainer.practice.store import Store
from trainer.questions import Question

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def question(qid: str, tags: tuple[str, ...]) -> Question:
    return Question(id=qid, deck="d", title={"en": qid}, prompt={"en": ""}, level=1, tags=tags)


def test_tag_accuracy_leaves_out_skips_without_a_wrong_answer() -> None:
    """A skip unseen is neither right nor wrong: every tag does not read 0% after skipping."""
    progress = Progress(Store.open(None), lambda: NOW)
    bank = [question("a", ("dot",)), question("b", ("dot", "linear")), question("c", ("sum",))]
    progress.finish(QuestionResult("a", "d", FIRST_TRY, ("dot",), 2, 2), None)
    progress.finish(QuestionResult("b", "d", SKIPPED, ("dot", "linear")), None)
    progress.finish(QuestionResult("c", "d", SKIPPED, ("sum",), 2, 1), None)  # a failed skip
    progress.finish(QuestionResult("b", "d", AFTER_HELP, ("dot", "linear"), 2, 1), None)
    assert progress.tag_accuracy(bank) == {"dot": (1, 2), "linear": (0, 1), "sum": (0, 1)}
    assert [q for q, _ in progress.statistics([("d", bank)]).most_missed] == ["c", "b"]


def test_a_session_cut_short_is_found_again_but_not_one_still_running(tmp_path) -> None:
    """This run's own sessions and a living process's are not taken over; a dead one's is,
    at its question, with what was answered of it."""
    import os
    import subprocess
    import sys

    from trainer.practice.practice_bank import PracticeBank
    from trainer.practice.resume import find_resumable, so_far
    from trainer.questions import Deck

    path = tmp_path / "p.sqlite3"
    questions = [question("a", ()), question("b", ())]
    deck = Deck(id="d", title={"en": "d"}, description={}, path=tmp_path, questions=questions)
    bank = PracticeBank([deck])
    first = Progress(Store.open(path), lambda: NOW)
    sid = first.start_session("deck", ["a", "b"])
    first.finish(QuestionResult("a", "d", FIRST_TRY, (), 1, 1), sid)
    first.record_attempt(bank.questions()[1], "shape", "(n,)", "correct", True, 1.0, sid)
    assert find_resumable(first, bank) is None  # its own run

    first.store.take_over(sid, os.getppid())  # as if another trainer, alive, ran it
    assert find_resumable(Progress(Store.open(path), lambda: NOW), bank) is None
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    first.store.take_over(sid, int(gone.stdout))  # its process is gone: killed
    later = Progress(Store.open(path), lambda: NOW)
    resumed = find_resumable(later, bank)
    assert resumed is not None and resumed.session.current is not None
    assert resumed.session.current.id == "b" and [a.answer for a in resumed.attempts] == ["(n,)"]
    assert [r.question_id for r in resumed.session.results] == ["a"]
    assert sid in later.own_sessions  # taken over by this run
    done = so_far(["shape", "value"], resumed.attempts)
    assert (done.part_index, done.attempts, done.hint_used) == (1, 1, True)
