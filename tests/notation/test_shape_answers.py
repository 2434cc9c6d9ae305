"""Shape answers: every spelling of the spec's "Shape answers" paragraph, judged by the oracle."""

from __future__ import annotations

import pytest

from trainer.errors import NotationError
from trainer.notation.shapes import parse_shape

DIMS = frozenset({"m", "n"})


@pytest.mark.parametrize(
    "text",
    ["(m, n)", "[m, n]", "m x n", "m×n", "m × n", "m, n", "(m,n)", " ( m , n ) ", "(m x n)"],
)
def test_two_dimensional_spellings(text: str) -> None:
    shape = parse_shape(text, DIMS)
    assert shape.components == ("m", "n")
    assert shape.text == "(m, n)"


@pytest.mark.parametrize("text", ["(n,)", "(n)", "n", "[n]", "n,", " n "])
def test_one_dimensional_spellings(text: str) -> None:
    shape = parse_shape(text, DIMS)
    assert shape.components == ("n",)
    assert shape.text == "(n,)"


@pytest.mark.parametrize("text", ["()", "[]", "scalar", "Scalar", " () "])
def test_scalar_spellings(text: str) -> None:
    shape = parse_shape(text, DIMS)
    assert shape.components == ()
    assert shape.text == "()"


@pytest.mark.parametrize(
    ("text", "components"),
    [
        ("3x4", ("3", "4")),
        ("3 x 4", ("3", "4")),
        ("m x 4", ("m", "4")),
        ("3×n", ("3", "n")),
        ("(1, n)", ("1", "n")),
        ("(n, 1)", ("n", "1")),
        ("(2, m, n)", ("2", "m", "n")),
    ],
)
def test_integers_and_x_between_digits(text: str, components: tuple[str, ...]) -> None:
    assert parse_shape(text, DIMS).components == components


def test_sizes_follow_the_trial_dimensions() -> None:
    assert parse_shape("(m, 3, n)", DIMS).sizes({"m": 2, "n": 5}) == (2, 3, 5)


@pytest.mark.parametrize("text", ["(m, k)", "k", "k x n", "(m, W)", "x"])
def test_other_names_are_invalid_and_the_message_lists_the_dimensions(text: str) -> None:
    with pytest.raises(NotationError) as error:
        parse_shape(text, DIMS)
    assert error.value.msg.key == "shape_unknown"
    assert "m, n" in error.value.text()


@pytest.mark.parametrize("text", ["(m n)", "((m, n))", "(m, n", "m,,n", "3x", "m*", "m**n", "(,)"])
def test_unreadable_shapes_are_invalid(text: str) -> None:
    with pytest.raises(NotationError):
        parse_shape(text, DIMS)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_an_empty_shape_answer_is_invalid_not_a_scalar(text: str) -> None:
    """Only (), [] and scalar spell 0-D; nothing typed at all is not an answer."""
    with pytest.raises(NotationError):
        parse_shape(text, DIMS)


def test_a_shape_answer_longer_than_the_limit_is_refused() -> None:
    with pytest.raises(NotationError) as error:
        parse_shape("(" + ", ".join(["m"] * 400) + ")", DIMS)
    assert error.value.msg.key == "too_long"


# --- judged by the oracle -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["(m, n)", "[m, n]", "m x n", "m×n", "m, n"])
def test_every_spelling_is_judged_correct(oracle_for, text: str) -> None:
    verdict = oracle_for("lin-dw").judge_shape(text)
    assert verdict.verdict == "correct", verdict.message_text()
    assert verdict.answer_shape == "(m, n)"


@pytest.mark.parametrize("text", ["(n,)", "(n)", "n"])
def test_one_dimensional_spellings_are_judged_correct(oracle_for, text: str) -> None:
    assert oracle_for("xtx").judge_shape(text).verdict == "correct"


@pytest.mark.parametrize("text", ["()", "[]", "scalar"])
def test_scalar_spellings_are_judged_correct(oracle_for, text: str) -> None:
    assert oracle_for("scalar-s").judge_shape(text).verdict == "correct"


def test_one_by_n_is_not_n(oracle_for) -> None:
    verdict = oracle_for("xtx").judge_shape("(1, n)")
    assert verdict.verdict == "wrong_shape"
    assert verdict.expected_shape == "(n,)"
    assert verdict.answer_shape == "(1, n)"
    assert "(n,)" in verdict.message_text()


def test_n_by_one_is_not_n(oracle_for) -> None:
    assert oracle_for("xtx").judge_shape("(n, 1)").verdict == "wrong_shape"


def test_one_is_not_scalar(oracle_for) -> None:
    assert oracle_for("scalar-s").judge_shape("(1,)").verdict == "wrong_shape"
    assert oracle_for("row-one").judge_shape("()").verdict == "wrong_shape"
    assert oracle_for("row-one").judge_shape("(1,)").verdict == "correct"
    assert oracle_for("row-one").judge_shape("1").verdict == "correct"


def test_integer_components_are_judged_by_size(oracle_for) -> None:
    """vjp-literal's x is [3]: (3,) is right and so is 3."""
    assert oracle_for("vjp-literal").judge_shape("(3,)").verdict == "correct"
    assert oracle_for("vjp-literal").judge_shape("(2,)").verdict == "wrong_shape"


def test_a_fixed_dimension_equals_its_integer(oracle_for) -> None:
    """fixed-dims has k = 3 fixed: the gradient of B is (m, n) and a number never names m."""
    assert oracle_for("fixed-dims").judge_shape("(m, n)").verdict == "correct"
    assert oracle_for("fixed-dims").judge_shape("(n, m)").verdict == "wrong_shape"


def test_a_right_number_for_a_ranged_dimension_is_not_right_in_every_trial(oracle_for) -> None:
    oracle = oracle_for("lin-dw")
    m = oracle.trials[0].dims["m"]
    assert oracle.judge_shape(f"({m}, n)").verdict == "wrong_shape"


def test_unknown_names_are_invalid_with_the_dimension_list(oracle_for) -> None:
    verdict = oracle_for("lin-dw").judge_shape("(m, k)")
    assert verdict.verdict == "invalid"
    assert "k" in verdict.message_text()
    assert "m, n" in verdict.message_text()


def test_transposed_shape_is_named(oracle_for) -> None:
    verdict = oracle_for("lin-dw-bare").judge_shape("(n, m)")
    assert verdict.verdict == "wrong_shape"
    assert verdict.message.key == "transposed_shape"
    assert "(m, n)" in verdict.message_text() and "(n, m)" in verdict.message_text()


def test_a_listed_shape_mistake_gives_its_text(oracle_for) -> None:
    verdict = oracle_for("shape-only").judge_shape("n x m")
    assert verdict.verdict == "wrong_shape"
    assert verdict.message_text() == "Transposed, says the author."
    assert oracle_for("shape-only").judge_shape("(n,)").message_text() == (
        "That is the shape of x."
    )


def test_a_value_mistake_never_answers_a_shape_answer(oracle_for) -> None:
    """lin-dw lists `x` as a value mistake, whose text is about the value: at the shape step a
    shape (n,) (x's shape) gets the shape rungs' message, never a text that may show the value."""
    verdict = oracle_for("lin-dw").judge_shape("(n,)")
    assert verdict.verdict == "wrong_shape"
    assert verdict.message_text() == "The gradient has W's shape (m, n); you wrote (n,)."
    assert not verdict.listed


@pytest.mark.parametrize(
    ("text", "column"),
    [("(q,)", 2), ("  (m, q)", 7), ("(n, 1", 1), ("n)", 2), ("(m,,n)", 4), ("(n,)abc", 5)],
)
def test_shape_errors_give_the_column_for_the_preview_caret(text: str, column: int) -> None:
    with pytest.raises(NotationError) as error:
        parse_shape(text, {"m", "n"})
    assert error.value.column == column


@pytest.mark.parametrize("text", ["(n,)abc", "(m, n) and more", "[n] x"])
def test_text_after_a_closed_shape_is_named_not_an_unclosed_bracket(text: str) -> None:
    with pytest.raises(NotationError) as error:
        parse_shape(text, {"m", "n"})
    assert error.value.msg.key == "after_shape"
