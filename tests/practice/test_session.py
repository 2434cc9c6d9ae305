"""Session order (due first, then new by level) and the summary's arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from trainer.practice.outcomes import AFTER_HELP, FIRST_TRY, REVEALED, SKIPPED, QuestionResult
from trainer.practice.session import MIXED_SIZE, Session, plan_deck, plan_due, plan_mixed, summarise
from trainer.practice.store import CardRecord
from trainer.questions import Question

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def question(qid: str, level: int = 1, deck: str = "d", tags: tuple[str, ...] = ()) -> Question:
    return Question(id=qid, deck=deck, title={"en": qid}, prompt={"en": ""}, level=level, tags=tags)


def card(qid: str, due: datetime) -> CardRecord:
    return CardRecord(qid, "{}", due, 1.0, 2, 2, due - timedelta(days=1))


def test_a_deck_starts_with_what_is_due_then_new_by_level_then_the_rest() -> None:
    questions = [
        question("hard-new", 3),
        question("seen"),
        question("easy-new", 1),
        question("due-later"),
        question("due-first"),
        question("mid-new", 2),
    ]
    cards = {
        "seen": card("seen", NOW + timedelta(days=5)),
        "due-later": card("due-later", NOW - timedelta(hours=1)),
        "due-first": card("due-first", NOW - timedelta(days=2)),
    }
    order = [q.id for q in plan_deck(questions, cards, NOW)]
    assert order == ["due-first", "due-later", "easy-new", "mid-new", "hard-new", "seen"]
    assert [q.id for q in plan_due(questions, cards, NOW)] == ["due-first", "due-later"]


def test_mixed_practice_interleaves_decks_level_by_level() -> None:
    first = [question("a1", 1, "a"), question("a2", 2, "a"), question("a1b", 1, "a")]
    second = [question("b1", 1, "b"), question("b2", 2, "b")]
    due = {"b2": card("b2", NOW)}
    order = [q.id for q in plan_mixed([first, second], due, NOW)]
    assert order == ["b2", "a1", "b1", "a1b", "a2"]
    many = [[question(f"q{i}") for i in range(50)]]
    assert len(plan_mixed(many, {}, NOW)) == MIXED_SIZE


def test_the_summary_counts_outcomes_tags_time_and_misses() -> None:
    results = [
        QuestionResult("q1", "d", FIRST_TRY, ("chain",), attempts=2, correct=2),
        QuestionResult("q2", "d", AFTER_HELP, ("chain", "linear"), attempts=3, correct=2),
        QuestionResult("q3", "d", REVEALED, ("linear",)),
        QuestionResult("q4", "d", SKIPPED, ()),
    ]
    verdicts = ["correct", "correct", "wrong_value", "invalid", "correct", "correct"]
    summary = summarise(results, 95.0, verdicts)
    assert summary.counts == {FIRST_TRY: 1, AFTER_HELP: 1, REVEALED: 1, SKIPPED: 1}
    assert summary.tag_accuracy == {"chain": (1, 2), "linear": (0, 2)}
    assert (summary.attempts, summary.correct, summary.seconds) == (5, 4, 95.0)
    assert summary.missed == ["q2", "q3"]


def test_a_skip_without_a_wrong_answer_is_neither_right_nor_wrong() -> None:
    """Not missed, not in its tags' accuracy; a skip after a wrong answer is a miss."""
    results = [
        QuestionResult("unseen", "d", SKIPPED, ("chain",)),
        QuestionResult("half", "d", SKIPPED, ("chain",), attempts=1, correct=1),  # shape only
        QuestionResult("failed", "d", SKIPPED, ("linear",), attempts=2, correct=1),
    ]
    summary = summarise(results, 1.0)
    assert summary.missed == ["failed"]
    assert summary.tag_accuracy == {"linear": (0, 1)}
    assert summary.counts[SKIPPED] == 3 and summary.total == 3
    assert [r.unanswered for r in results] == [True, True, False]


def test_a_session_drops_questions_found_invalid_later() -> None:
    session = Session("deck", [question("a"), question("b"), question("c")], NOW)
    session.drop(["a", "c"])  # "a" is being asked: it stays
    assert [q.id for q in session.questions] == ["a", "b"]
    session.record(QuestionResult("a", "d", FIRST_TRY))
    assert session.current is not None and session.current.id == "b"
    session.record(QuestionResult("b", "d", SKIPPED))
    assert session.finished
    assert session.summary(NOW + timedelta(minutes=2)).seconds == 120


def test_the_summary_and_statistics_count_answers_by_one_rule() -> None:
    """A walkthrough's steps are answers like any other: the count is of verdicts, and an
    answer that could not be read is none."""
    from trainer.practice.outcomes import count_answers

    assert count_answers(["correct", "wrong_shape", "invalid", "wrong_value", "correct"]) == (4, 2)
    assert count_answers([]) == (0, 0)
    walked = QuestionResult("q", "d", AFTER_HELP, attempts=1, correct=1)  # one walkthrough
    steps = ["correct", "wrong_value", "correct", "correct"]
    assert (summarise([walked], 1.0, steps).attempts, summarise([walked], 1.0, steps).correct) == (
        4,
        3,
    )


def test_a_lapse_comes_back_after_a_few_others_and_is_rated_once() -> None:
    """Relearning: a wrong answer or a reveal brings the question back `RELEARN_GAP`
    questions later (minutes, not a day), once; its return is not rated again."""
    from trainer.practice.session import RELEARN_GAP

    session = Session("deck", [question(q) for q in "abcdef"], NOW)
    assert RELEARN_GAP == 3
    assert session.record(QuestionResult("a", "d", AFTER_HELP, attempts=3, correct=2))
    assert [q.id for q in session.questions] == list("abcdaef")
    assert session.record(QuestionResult("b", "d", AFTER_HELP, hint_used=True))  # a hint alone
    assert session.record(QuestionResult("c", "d", REVEALED))
    assert [q.id for q in session.questions] == list("abcdaecf")
    assert not session.returning
    assert session.record(QuestionResult("d", "d", SKIPPED))  # unseen: no lapse
    assert session.returning and session.current is not None and session.current.id == "a"
    assert not session.record(QuestionResult("a", "d", REVEALED))  # a return: not rated
    assert [q.id for q in session.questions] == list("abcdaecf")  # not a third time
    summary = session.summary(NOW)
    assert summary.total == 4 and summary.missed == ["a", "b", "c"]
    assert (summary.came_back, summary.came_back_right) == (1, 0)


def test_a_lapse_near_the_end_comes_back_at_the_end() -> None:
    session = Session("deck", [question("a"), question("b")], NOW)
    session.record(QuestionResult("a", "d", FIRST_TRY))
    walked = QuestionResult("b", "d", AFTER_HELP, attempts=1, correct=1, walk_missed=True)
    session.record(walked)  # a walkthrough with a step wrong or revealed
    assert [q.id for q in session.questions] == ["a", "b", "b"] and not session.finished
    session.record(QuestionResult("b", "d", FIRST_TRY))
    assert session.finished
    assert session.summary(NOW).came_back_right == 1
