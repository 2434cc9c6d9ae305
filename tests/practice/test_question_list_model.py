"""The question list: states from the review schedule, filters, search in the run's language,
and the sitting started from a row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.practice.practice_bank import PracticeBank
from trainer.practice.question_list import (
    DUE,
    MASTERED,
    MISSED,
    NEW,
    SEEN,
    ListFilter,
    QuestionList,
    question_state,
    sitting_from,
)
from trainer.practice.scheduler import AGAIN, GOOD, HARD
from trainer.practice.store import CardRecord
from trainer.questions import Deck, Question

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def question(qid: str, title: str, level: int = 1, tags: tuple[str, ...] = ()) -> Question:
    return Question(
        id=qid,
        deck="",
        title={"en": title, "zh": f"题 {title}"},
        prompt={"en": ""},
        level=level,
        tags=tags,
    )


def card(qid: str, rating: int, stability: float, due_in_days: float) -> CardRecord:
    due = NOW + timedelta(days=due_in_days)
    return CardRecord(qid, "{}", due, stability, 2, rating, NOW - timedelta(days=1))


BANK = PracticeBank(
    [
        Deck(
            "basics",
            {"en": "Basics", "zh": "基础"},
            None,
            Path(),
            [
                question("b-sum", "Sum of a vector", 1, ("sum",)),
                question("b-dot", "Dot product", 1, ("linear",)),
            ],
        ),
        Deck(
            "attention",
            {"en": "Attention"},
            None,
            Path(),
            [
                question("att-scores", "Attention scores", 2, ("attention", "softmax")),
                question("att-values", "Weighted values", 3, ("attention",)),
            ],
        ),
    ]
)
CARDS = {
    "b-sum": card("b-sum", GOOD, 2.3, 2),
    "b-dot": card("b-dot", AGAIN, 0.5, 0),
    "att-scores": card("att-scores", GOOD, 1.0, 0),
}


def listed(lang: str = "en") -> QuestionList:
    return QuestionList.build(BANK, CARDS, NOW, lang)


def ids(rows: object) -> list[str]:
    return [row.question_id for row in rows]  # type: ignore[attr-defined]


def test_every_question_is_listed_in_bank_order_with_its_deck_and_state() -> None:
    rows = listed().rows
    assert ids(rows) == ["b-sum", "b-dot", "att-scores", "att-values"]
    assert [row.state for row in rows] == [MASTERED, MISSED, SEEN, NEW]
    assert [row.due for row in rows] == [False, True, True, False]
    assert rows[2].deck_title == "Attention" and rows[2].tags == ("attention", "softmax")


def test_a_question_after_help_is_missed_and_one_never_rated_is_new() -> None:
    assert question_state(card("q", HARD, 1.3, 1)) == MISSED
    assert question_state(None) == NEW


def test_filters_by_deck_tag_level_and_state_combine() -> None:
    questions = listed()
    assert ids(questions.filtered(ListFilter(deck="attention"))) == ["att-scores", "att-values"]
    assert ids(questions.filtered(ListFilter(tag="softmax"))) == ["att-scores"]
    assert ids(questions.filtered(ListFilter(level=1))) == ["b-sum", "b-dot"]
    assert ids(questions.filtered(ListFilter(state=DUE))) == ["b-dot", "att-scores"]
    assert ids(questions.filtered(ListFilter(state=MISSED))) == ["b-dot"]
    assert ids(questions.filtered(ListFilter(state=NEW))) == ["att-values"]
    assert ids(questions.filtered(ListFilter(deck="basics", state=DUE))) == ["b-dot"]
    assert questions.filtered(ListFilter(deck="attention", level=1)) == []


def test_search_finds_every_word_in_the_id_or_the_title_in_any_case() -> None:
    questions = listed()
    assert ids(questions.filtered(ListFilter(text="ATTENTION"))) == ["att-scores"]
    assert ids(questions.filtered(ListFilter(text="att- values"))) == ["att-values"]
    assert ids(questions.filtered(ListFilter(text="b-dot"))) == ["b-dot"]
    assert questions.filtered(ListFilter(text="dot scores")) == []
    assert len(questions.filtered(ListFilter(text="  "))) == 4


def test_search_reads_the_title_in_the_run_language() -> None:
    chinese = listed("zh")
    assert ids(chinese.filtered(ListFilter(text="题 dot"))) == ["b-dot"]
    assert chinese.rows[0].deck_title == "基础"
    assert chinese.rows[2].deck_title == "Attention"  # no Chinese title: the English one


def test_the_controls_offer_the_decks_tags_and_levels_listed() -> None:
    questions = listed()
    assert questions.decks() == [("basics", "Basics"), ("attention", "Attention")]
    assert questions.tags() == ["attention", "linear", "softmax", "sum"]
    assert questions.levels() == [1, 2, 3]


def test_a_sitting_starts_on_the_chosen_row_and_goes_on_down_the_list() -> None:
    rows = listed().filtered(ListFilter(tag="attention"))
    assert sitting_from(rows, "att-scores") == ("att-scores", "att-values")
    assert sitting_from(rows, "att-values") == ("att-values",)
    assert sitting_from(rows, "b-sum") == ("b-sum",)
