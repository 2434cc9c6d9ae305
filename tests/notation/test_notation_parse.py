"""Reading the notation: normalised text, shapes in dimension names, limits, error messages."""

from __future__ import annotations

import pytest

from trainer.errors import NotationError, TrainerError
from trainer.notation import Evaluator, Value, parse, shape_text

DIMS = {"m": 3, "n": 4}
SHAPES = {"W": ("m", "n"), "x": ("n",), "b": ("m",), "v": ("n",), "S": ("n", "n"), "s": ()}


def shapes_env(dims: dict[str, int] = DIMS) -> dict[str, Value]:
    return {name: Value(tuple(dims[d] for d in labels), labels) for name, labels in SHAPES.items()}


def shape_of(text: str, dims: dict[str, int] = DIMS) -> str:
    """The shape of an expression in dimension names, as the preview shows it (no torch)."""
    value = Evaluator(shapes_env(dims), dims, build=False).evaluate(parse(text).tree)
    return shape_text(value.labels)


def error_of(text: str, dims: dict[str, int] = DIMS) -> NotationError:
    with pytest.raises(NotationError) as caught:
        Evaluator(shapes_env(dims), dims, build=False).evaluate(parse(text).tree)
    return caught.value


# --- normalised text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("W@x+b", "W @ x + b"),
        ("  W @ x  ", "W @ x"),
        ("x ⊙ v", "x * v"),
        ("x ∘ v", "x * v"),
        ("Wᵀ", "W.T"),
        ("W^T", "W.T"),
        ("W.T", "W.T"),
        ("W.t()", "W.T"),
        ("x^2", "x**2"),
        ("x ^ 2", "x**2"),
        ("x**2", "x**2"),
        ("S^-1", "S**-1"),
        ("torch.outer(x, v)", "outer(x, v)"),
        ("torch.sum(W)", "sum(W)"),
        ("x.sum()", "sum(x)"),
        ("W.sum(dim=0)", "sum(W, 0)"),
        ("W.sum(0)", "sum(W, 0)"),
        ("W.mean(dim=1)", "mean(W, 1)"),
        ("sum(W, dim=1)", "sum(W, 1)"),
        ("x.detach()", "detach(x)"),
        ("((x))", "x"),
        ("(x + v) * 2", "(x + v) * 2"),
        ("x + (v * 2)", "x + v * 2"),
        ("x - (v - x)", "x - (v - x)"),
        ("(x - v) - x", "x - v - x"),
        ("-(x)", "-x"),
        ("(-x)**2", "(-x)**2"),
        ("-x**2", "-x**2"),
        ("(W @ x).T", "(W @ x).T"),
        ("(2**3)**2", "(2**3)**2"),
        ("2**3**2", "2**3**2"),
        ("x > 0", "x > 0"),
        ("[1,2,  3]", "[1, 2, 3]"),
        ("outer( ones(m) ,x )", "outer(ones(m), x)"),
        ("x\n+ v", "x + v"),
        ("W.T ⊙ W^T", "W.T * W.T"),
    ],
)
def test_normalised_text(typed: str, normalised: str) -> None:
    assert parse(typed).text == normalised


def test_normalised_text_reads_back_the_same() -> None:
    for typed in ["Wᵀ @ b ⊙ b", "x.sum(dim=0) * 2", "(x + v)^2", "-(-x)", "torch.exp(x) / 2"]:
        once = parse(typed).text
        assert parse(once).text == once


@pytest.mark.parametrize("typed", ["(0).T", "(2).T + x", "-(1).T", "1e400", "1e400 * x"])
def test_normalised_numbers_read_back(typed: str) -> None:
    """The normalised text is shown as "read as ..." and must itself be valid notation."""
    once = parse(typed).text
    assert parse(once).text == once
    assert shape_of(once) == shape_of(typed)  # and it means the same thing


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("W @ x", "(m,)"),
        ("W.T", "(n, m)"),
        ("Wᵀ @ b", "(n,)"),
        ("outer(b, x)", "(m, n)"),
        ("outer(x, ones(m))", "(n, m)"),
        ("ones(m, 1) * x", "(m, n)"),
        ("x + ones(4)", "(n,)"),  # a digit equal to a dimension still reads as the dimension
        ("sum(W, 0)", "(n,)"),
        ("sum(W)", "()"),
        ("eye(n)", "(n, n)"),
        ("ones(m, n)", "(m, n)"),
        ("zeros(2, n)", "(2, n)"),
        ("[1, 2, 3]", "(3,)"),
        ("[[1, 2], [3, 4]]", "(2, 2)"),
        ("2", "()"),
        ("m", "()"),
        ("s * W", "(m, n)"),
        ("diag(x)", "(n, n)"),
        ("diag(S)", "(n,)"),
        ("logsumexp(W)", "(m,)"),
        ("softmax(W)", "(m, n)"),
        ("W @ S @ x", "(m,)"),
        ("x.sum(dim=0)", "()"),
    ],
)
def test_shape_in_dimension_names(text: str, shape: str) -> None:
    assert shape_of(text) == shape


# --- limits ------------------------------------------------------------------------------------


def _expression_of_length(length: int) -> str:
    text = "x" + " " * (length - len("x+1") - 1) + "+ 1"
    assert len(text) == length
    return text


def test_length_limit_is_1000_after_trimming() -> None:
    assert parse(_expression_of_length(1000)).text == "x + 1"
    assert parse("   \n" + _expression_of_length(1000) + "  \t ").text == "x + 1"
    with pytest.raises(NotationError) as error:
        parse(_expression_of_length(1001))
    assert error.value.msg.key == "too_long"
    assert "1001" in error.value.text() and "1000" in error.value.text()


def test_depth_limit_is_50_brackets_as_typed() -> None:
    assert parse("(" * 50 + "x" + ")" * 50).text == "x"
    assert parse("sum(" * 25 + "[" * 25 + "1" + "]" * 25 + ")" * 25)
    with pytest.raises(NotationError) as error:
        parse("(" * 51 + "x" + ")" * 51)  # redundant brackets count too
    assert error.value.msg.key == "too_deep"
    assert "51" in error.value.text() and "50" in error.value.text()
    with pytest.raises(NotationError) as error:
        parse("sum(" * 26 + "[" * 25 + "1" + "]" * 25 + ")" * 26)  # ( and [ count alike
    assert error.value.msg.key == "too_deep"


@pytest.mark.parametrize("exponent", ["16", "-16", "0", "0.5", "-0.5", "m", "-m", "(8 + 8)"])
def test_exponents_within_bounds_are_allowed(exponent: str) -> None:
    assert shape_of(f"x ** {exponent}") == "(n,)"


@pytest.mark.parametrize(
    "exponent", ["17", "-17", "16.5", "-16.01", "99999999", "1e400", "(9 + 8)"]
)
def test_exponents_out_of_bounds_are_refused(exponent: str) -> None:
    error = error_of(f"x ** {exponent}")
    assert error.msg.key == "exponent"
    assert "[-16, 16]" in error.text()


def test_dimension_names_as_exponents_are_bounded_too() -> None:
    dims = {"m": 17, "n": 4}
    assert error_of("x ** m", dims).msg.key == "exponent"
    assert error_of("x ^ m", dims).msg.key == "exponent"
    assert shape_of("x ** n", dims) == "(n,)"


def test_a_tensor_exponent_is_elementwise_and_allowed() -> None:
    assert shape_of("x ** (100 * ones(n))") == "(n,)"
    assert shape_of("x ** x") == "(n,)"


def test_exactly_a_million_elements_is_allowed() -> None:
    assert shape_of("ones(1000, 1000)") == "(1000, 1000)"
    assert shape_of("ones(1000000)") == "(1000000,)"
    assert shape_of("eye(1000)") == "(1000, 1000)"
    assert shape_of("outer(ones(1000), ones(1000))") == "(1000, 1000)"


@pytest.mark.parametrize(
    "text",
    [
        "ones(1000001)",
        "ones(1000, 1001)",
        "zeros(1001, 1000)",
        "eye(1001)",
        "eye(1000, 1001)",
        "outer(ones(1000), ones(1001))",
        "ones(1001, 1) * ones(1, 1000)",  # a broadcast result
        "sum(ones(1001, 1000))",  # an intermediate result, though the answer is a scalar
        "diag(ones(1001))",
        "ones(100, 100, 100, 2)",
    ],
)
def test_more_than_a_million_elements_is_refused(text: str) -> None:
    error = error_of(text)
    assert error.msg.key == "too_many_elements"
    assert "1000000" in error.text()


def test_the_element_limit_is_checked_before_anything_is_built() -> None:
    """With build=True a 10^10-element tensor would take 80 GB: it must be refused first."""
    names = {"x": Value((4,), ("n",), None)}
    with pytest.raises(NotationError):
        Evaluator(names, DIMS, build=True).evaluate_text("ones(100000, 100000)")


# --- error messages that say what to do -------------------------------------------------------


def test_unknown_name_lists_known_names_and_the_closest() -> None:
    error = error_of("W2 @ x")
    assert error.msg.key == "unknown_name"
    text = error.text()
    assert "W2" in text
    assert "Did you mean W?" in text
    for name in ("W", "x", "b", "m", "n"):
        assert name in text
    assert error.column == 1


def test_unknown_name_without_a_close_one_still_lists_the_known_names() -> None:
    text = error_of("zzz").text()
    assert "Did you mean" not in text
    assert "W, " in text or "W," in text


def test_unknown_function_suggests_the_closest() -> None:
    with pytest.raises(NotationError) as error:
        parse("sigmod(x)")
    assert "Did you mean sigmoid?" in error.value.text()


@pytest.mark.parametrize(
    ("text", "suggestion", "column"),
    [("2x", "2*x", 1), ("W @ 2x", "2*x", 5), ("0.5W", "0.5*W", 1), ("3b + x", "3*b", 1)],
)
def test_number_before_a_name_suggests_a_product(text: str, suggestion: str, column: int) -> None:
    with pytest.raises(NotationError) as error:
        parse(text)
    assert error.value.msg.key == "implicit_number"
    assert suggestion in error.value.text()
    assert error.value.column == column


@pytest.mark.parametrize(
    ("text", "suggestion"), [("Wx", "W @ x"), ("Wx + b", "W @ x"), ("Wb", "W @ b")]
)
def test_two_names_written_together_suggest_matmul(text: str, suggestion: str) -> None:
    error = error_of(text)
    assert error.msg.key == "implicit_product"
    assert f"Did you mean {suggestion}?" in error.text()
    assert error.column == 1


def test_size_mismatch_is_written_in_dimension_names() -> None:
    error = error_of("W @ b")
    assert error.text() == (
        "@ needs matching inner sizes: (m, n) @ (m,). With W transposed they would match."
    )
    assert error.column == 3


@pytest.mark.parametrize(
    ("answer", "named"),
    [("x @ W", True), ("(W + 0) @ b", False), ("x @ (W + 0)", False)],
)
def test_a_product_that_fits_transposed_names_the_factor(answer: str, named: bool) -> None:
    """Only a factor written as a name, whose transpose would make the sizes fit, is named."""
    text = error_of(answer).text()
    assert text.startswith("@ needs matching inner sizes:")
    assert ("transposed they would match" in text) == named


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("W @ W", "(m, n) @ (m, n)"),
        ("x @ W", "(n,) @ (m, n)"),
        ("x + b", "(n,) + (m,)"),
        ("W * W.T", "(m, n) * (n, m)"),
        ("W ⊙ S", "(m, n) * (n, n)"),
        ("dot(x, b)", "(n,) and (m,)"),
        ("inv(W)", "(m, n)"),
    ],
)
def test_other_mismatches_name_the_shapes_too(text: str, shown: str) -> None:
    assert shown in error_of(text).text()


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("x + * 2", 5),
        ("W @ @ x", 5),
        ("x $ 2", 3),
        ("x ⊙ ⊙ x", 5),  # columns count the characters as typed, before rewriting ⊙
        ("Wᵀ @ @ x", 6),
        ("x = 1", 3),
        ("sum(x,", 4),  # the bracket never closed
        ("x + 1)", 6),  # the closing bracket without an opening one
    ],
)
def test_syntax_errors_give_the_column(text: str, column: int) -> None:
    with pytest.raises(NotationError) as error:
        parse(text)
    assert error.value.column == column
    assert error.value.text()


def test_syntax_error_at_the_end_points_at_the_end() -> None:
    """`x +` is missing its right operand: the column is the `+` or just after it, not 1."""
    with pytest.raises(NotationError) as error:
        parse("x +")
    assert error.value.column in (3, 4)


def test_columns_count_leading_white_space_as_typed() -> None:
    """NotationError.column is 1-based "in the text as typed": leading spaces count."""
    with pytest.raises(NotationError) as error:
        parse("  x + * 2")
    assert error.value.column == 7


def test_a_character_outside_the_notation_is_named() -> None:
    with pytest.raises(NotationError) as error:
        parse("x € 2")
    assert "€" in error.value.text()
    assert error.value.column == 3


def test_an_invisible_character_is_named_by_its_code_point() -> None:
    """A zero-width space pasted from a web page: the message must say which character."""
    with pytest.raises(NotationError) as error:
        parse("x\u200b+ 1")
    text = error.value.text()
    assert "'U'" not in text
    assert "200B" in text.upper() or "\u200b" in text


def test_empty_answer_is_an_error() -> None:
    for text in ["", "   ", "\n\t"]:
        with pytest.raises(NotationError) as error:
            parse(text)
        assert error.value.msg.key == "empty"


def test_errors_are_trainer_errors_that_render_in_english_by_default() -> None:
    with pytest.raises(TrainerError) as error:
        parse("lambda: 1")
    assert isinstance(error.value, NotationError)
    assert error.value.text("en") == str(error.value)
