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
