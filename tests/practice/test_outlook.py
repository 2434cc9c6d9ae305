"""What comes next: today's reviews, the next review's date, and the weakest tags."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from trainer.practice.i18n import Labels
from trainer.practice.outlook import outlook, plan_next, review_text, weakest_tags, weakest_text
from trainer.practice.store import CardRecord
from trainer.questions import Question

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()


def question(qid: str, tags: tuple[str, ...] = (), level: int = 1) -> Question:
    return Question(id=qid, deck="d", title={"en": qid}, prompt={"en": ""}, level=level, tags=tags)


def card(qid: str, days: float, stability: float = 1.0) -> CardRecord:
    due = NOW + timedelta(days=days)
    return CardRecord(qid, "{}", due, stability, 2, 2, NOW)


def test_the_next_review_is_the_first_day_after_today_with_its_count() -> None:
    questions = [question(q) for q in "abcd"]
    cards = {"a": card("a", 1), "b": card("b", 1), "c": card("c", 4), "gone": card("gone", 1)}
    seen = outlook(questions, cards, {}, NOW)
    assert (seen.due_today, seen.next_count) == (0, 2)  # a card of no question is not counted
    assert seen.next_review == (NOW + timedelta(days=1)).astimezone().date()
    en, zh = Labels("en"), Labels("zh")
    assert review_text(seen, TODAY, en) == (
        "Nothing is due today. Next review tomorrow: 2 question(s)."
    )
    assert review_text(seen, TODAY, zh) == "今天没有待复习的题目。下次复习：明天，2 道题。"
    later = outlook(questions, {"c": card("c", 4)}, {}, NOW)
    assert review_text(later, TODAY, en) == (
        f"Nothing is due today. Next review on {later.next_review}: 1 question(s)."
    )
    due = outlook(questions, {"a": card("a", -1)}, {}, NOW)
    assert review_text(due, TODAY, en) == "Due today: 1 question(s)."
    assert review_text(outlook(questions, {}, {}, NOW), TODAY, en) == (
        "Nothing is due today, and no review is scheduled yet."
    )
    assert isinstance(seen.next_review, date)


def test_the_weakest_tags_are_those_with_misses_lowest_share_first() -> None:
    accuracy = {"dot": (1, 2), "linear": (0, 1), "sum": (3, 3), "relu": (1, 4), "mlp": (0, 3)}
    assert [tag for tag, _, _ in weakest_tags(accuracy)] == ["mlp", "linear", "relu"]
    seen = outlook([], {}, accuracy, NOW)
    assert weakest_text(seen, Labels("en")) == "Weakest tags: mlp (0/3), linear (0/1), relu (1/4)."
    assert (
        weakest_text(seen, Labels("zh")) == "最薄弱的标签：mlp（0/3）、linear（0/1）、relu（1/4）。"
    )
    assert weakest_text(outlook([], {}, {"sum": (3, 3)}, NOW), Labels("en")) == ""


def test_what_comes_next_starts_with_the_weakest_tags_unmastered_questions() -> None:
    questions = [
        question("new", ("sum",)),
        question("weak-mastered", ("linear",)),
        question("weak", ("linear",)),
        question("weaker", ("mlp",)),
        question("fine", ("sum",)),
    ]
    cards = {
        "weak-mastered": card("weak-mastered", 5, stability=9.0),
        "weak": card("weak", 2),
        "weaker": card("weaker", 3),
        "fine": card("fine", 1),
    }
    accuracy = {"linear": (1, 2), "mlp": (0, 1), "sum": (1, 1)}
    order = [q.id for q in plan_next(questions, cards, accuracy, NOW)]
    assert order == ["weaker", "weak", "new", "fine", "weak-mastered"]
    assert plan_next(questions, cards, {}, NOW)[0].id == "new"  # no miss yet
