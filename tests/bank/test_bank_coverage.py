"""The bundled question bank covers what the bank issues ask for.

Decks, counts, levels, English and Chinese in every text field, at least two mistakes per
question, no two questions asking for the same gradient of the same forward pass, and a bank
that loads and passes the oracle's validity rules with zero problems.

Second edition: the new topics are tagged (two questions or more per tag), no hint contains
its question's reference answer (as written, normalised by the notation, or in the ⊙ / ᵀ
spelling of the explanations), and the explanations do not all open the same way.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from spellings import answer_spellings, is_bare_name, leaked, squeeze

from trainer.oracle import validate_bank
from trainer.questions import bundled_bank_path, load_bank

DECKS = (
    "vectors",
    "linear",
    "activations",
    "losses",
    "matrix-identities",
    "autograd",
    "shapes",
    "concepts",
    "layers",
    "attention",
)
NEW_TAGS = (
    "layernorm",
    "attention",
    "batched-matmul",
    "embedding",
    "dropout",
    "residual",
    "weight-decay",
    "huber",
    "silu",
    "d2l-exercise",
    "least-squares",
)
LANGUAGES = ("en", "zh")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def bank():
    return load_bank([bundled_bank_path()])


@pytest.fixture(scope="module")
def decks(bank):
    return {deck.id: deck for deck in bank.decks}


@pytest.fixture(scope="module")
def questions(bank):
    return [question for deck in bank.decks for question in deck.questions]


def _texts(bank):
    """Every (where, text) pair the issue requires in English and Chinese."""
    for deck in bank.decks:
        yield f"deck {deck.id} title", deck.title
        for question in deck.questions:
            for name in ("title", "prompt", "hint", "explain"):
                yield f"{question.id} {name}", getattr(question, name)
            for number, mistake in enumerate(question.mistakes, 1):
                yield f"{question.id} mistake {number} says", mistake.says


def test_loading_gives_zero_problems(bank):
    assert [problem.format() for problem in bank.problems] == []


def test_the_oracle_accepts_every_question(bank):
    assert [problem.format() for problem in validate_bank(bank)] == []


def test_every_deck_is_present(decks):
    assert set(DECKS) <= set(decks)


@pytest.mark.parametrize("deck_id", DECKS)
def test_each_deck_has_enough_questions(decks, deck_id):
    assert len(decks[deck_id].questions) >= (15 if deck_id == "shapes" else 8)


def test_the_bank_has_at_least_80_questions(questions):
    assert len(questions) >= 80


def test_shape_drills_only_ask_shapes(decks):
    assert all(q.ask == ("shape",) for q in decks["shapes"].questions)


def test_concepts_only_ask_choices(decks):
    concepts = decks["concepts"].questions
    assert all(q.ask == ("choice",) for q in concepts)
    for question in concepts:
        assert len(question.choices) >= 3, question.id
        bilingual = all(choice.get("en") and choice.get("zh") for choice in question.choices)
        assert bilingual, question.id


def test_levels_span_one_to_five(questions):
    assert {q.level for q in questions} == {1, 2, 3, 4, 5}


@pytest.mark.parametrize("deck_id", DECKS)
def test_each_deck_uses_three_levels(decks, deck_id):
    assert len({q.level for q in decks[deck_id].questions}) >= 3


def test_every_text_has_english_and_chinese(bank):
    missing = []
    for where, text in _texts(bank):
        if not text or not (text.get("en") or "").strip():
            missing.append(f"{where}: no en")
        elif not CJK.search(text.get("zh") or ""):
            missing.append(f"{where}: no Chinese zh")
    assert missing == []


def test_every_question_has_two_mistakes(questions):
    assert [q.id for q in questions if len(q.mistakes) < 2] == []


def test_choice_mistakes_name_other_choices(decks):
    for question in decks["concepts"].questions:
        right = int(question.answer)
        for mistake in question.mistakes:
            assert int(mistake.answer) != right, question.id
            assert 1 <= int(mistake.answer) <= len(question.choices), question.id


def test_no_two_questions_share_forward_and_wrt(questions):
    def key(question):
        lines = tuple((line.name, re.sub(r"\s+", "", line.expression)) for line in question.forward)
        return lines, question.wrt

    counts = Counter(key(q) for q in questions if not q.is_choice)
    duplicated = [q.id for q in questions if not q.is_choice and counts[key(q)] > 1]
    assert duplicated == []


def test_mistakes_differ_from_each_other_and_the_answer(questions):
    for question in questions:
        answers = [re.sub(r"\s+", "", str(m.answer)) for m in question.mistakes]
        assert len(answers) == len(set(answers)), question.id
        if question.answer is not None:
            assert re.sub(r"\s+", "", str(question.answer)) not in answers, question.id


# --- second edition -----------------------------------------------------------------------------


@pytest.mark.parametrize("tag", NEW_TAGS)
def test_each_new_topic_has_two_tagged_questions(questions, tag):
    tagged = [q.id for q in questions if tag in q.tags]
    assert len(tagged) >= (1 if tag == "least-squares" else 2), (tag, tagged)


def _squeeze(text: str) -> str:
    return squeeze(text)


def test_no_hint_contains_its_reference_answer(questions):
    leaks = []
    for question in questions:
        if question.is_choice or question.answer is None or not question.hint:
            continue
        answer = str(question.answer)
        if is_bare_name(answer):
            continue
        spellings = answer_spellings(answer)
        for language in LANGUAGES:
            if leaked(question.hint.get(language) or "", spellings):
                leaks.append(f"{question.id} ({language})")
    assert leaks == []


def _opening(text: str, language: str) -> str:
    """The first four words of an English text; for Chinese, which has no spaces between
    words, its first six characters (about four words)."""
    if language == "zh":
        return _squeeze(text)[:6]
    words = [w.strip(".,:;()").casefold() for w in text.split()]
    return " ".join(words[:4])


@pytest.mark.parametrize("language", LANGUAGES)
def test_explanations_do_not_all_open_the_same_way(questions, language):
    openings = Counter(_opening(q.explain.get(language) or "", language) for q in questions)
    limit = 0.15 * len(questions)
    assert [(o, n) for o, n in openings.most_common() if n > limit] == []


def test_no_explanation_opens_with_the_old_shape_template(questions):
    old = [
        f"{q.id} ({language})"
        for q in questions
        for language in LANGUAGES
        if re.match(r"\s*(Rule:|规则：)", q.explain.get(language) or "")
    ]
    assert old == []


def test_chinese_terms(bank):
    """因数 is a divisor (the texts mean 因子 or 系数), and 上一层 is the layer towards the
    input (the texts mean the one the upstream gradient comes from)."""
    texts = list(_texts(bank))
    for question in bank.questions.values():
        texts.extend((f"{question.id} choice", choice) for choice in question.choices or ())
    found = []
    for where, text in texts:
        for word in ("因数", "上一层", "下一层"):
            if word in (text.get("zh") or ""):
                found.append(f"{where}: {word}")
    assert found == []


def test_hints_in_every_language(questions):
    missing = []
    for question in questions:
        for language in LANGUAGES:
            if not (question.hint or {}).get(language, "").strip():
                missing.append(f"{question.id} hint: no {language}")
    assert missing == []


def test_a_definition_is_not_hard(decks):
    concepts = {q.id: q for q in decks["concepts"].questions}
    assert concepts["c-vjp-meaning"].level <= 2


def test_shape_drills_are_quick(decks):
    """Shape drills are one rule each: none is marked as hard as a chain of three."""
    assert [q.id for q in decks["shapes"].questions if q.level > 3] == []
