"""Format v1.1 of the notation (sin, cos, keepdim, softmax along a dimension) and the tokenizer
rule of section 2: what Python would read but the notation does not list is refused."""

from __future__ import annotations

import pytest
import torch
from notation_env import DIMS, NotationEnv

from trainer.errors import NotationError
from trainer.messages import closest_hint
from trainer.notation import Evaluator, Value, parse, shape_text
from trainer.notation.limits import LimitError, SizeTooLarge, TooMuchWork

F64 = torch.float64
LABELS = {"X": ("m", "n"), "x": ("n",), "T3": ("k", "m", "n"), "g": ("m",)}


ENV = NotationEnv(LABELS, seed=7)
NAMES = ENV.names
T = ENV.tensors
ev = ENV.ev
shape_of = ENV.shape_of
error_of = ENV.error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sin(x)", lambda: torch.sin(T["x"])),
        ("cos(X)", lambda: torch.cos(T["X"])),
        ("torch.sin(x)", lambda: torch.sin(T["x"])),
        ("sum(X, 1, keepdim=True)", lambda: T["X"].sum(1, keepdim=True)),
        ("X.sum(dim=1, keepdim=True)", lambda: T["X"].sum(1, keepdim=True)),
        ("mean(X, 0, keepdim=True)", lambda: T["X"].mean(0, keepdim=True)),
        ("X.mean(dim=1, keepdim=True)", lambda: T["X"].mean(1, keepdim=True)),
        ("sum(X, 1, keepdim=False)", lambda: T["X"].sum(1)),
        ("X - mean(X, 1, keepdim=True)", lambda: T["X"] - T["X"].mean(1, keepdim=True)),
        ("logsumexp(X, 1, keepdim=True)", lambda: torch.logsumexp(T["X"], 1, keepdim=True)),
        ("logsumexp(X, 0)", lambda: torch.logsumexp(T["X"], 0)),
        ("softmax(X, 0)", lambda: torch.softmax(T["X"], 0)),
        ("softmax(X)", lambda: torch.softmax(T["X"], -1)),
        ("X.softmax(dim=0)", lambda: torch.softmax(T["X"], 0)),
        ("log_softmax(T3, 1)", lambda: torch.log_softmax(T["T3"], 1)),
        ("X.log_softmax(dim=-1)", lambda: torch.log_softmax(T["X"], -1)),
        ("X.logsumexp(dim=1, keepdim=True)", lambda: torch.logsumexp(T["X"], 1, keepdim=True)),
    ],
)
def test_v11_values_match_torch(text: str, expected) -> None:
    value = ev(text)
    assert value.tensor.shape == expected().shape
    assert torch.allclose(value.tensor, expected(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("sum(X, 1, keepdim=True)", "(m, 1)"),
        ("sum(X, 0, keepdim=True)", "(1, n)"),
        ("mean(T3, 1, keepdim=True)", "(k, 1, n)"),
        ("logsumexp(X, 1, keepdim=True)", "(m, 1)"),
        ("logsumexp(X, 1)", "(m,)"),
        ("softmax(T3, 1)", "(k, m, n)"),
        ("sin(x)", "(n,)"),
    ],
)
def test_the_preview_shows_the_kept_one(text: str, shape: str) -> None:
    assert shape_of(text) == shape
    assert shape_text(ev(text).labels) == shape


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("X.sum(dim=1, keepdim=True)", "sum(X, 1, keepdim=True)"),
        ("X.mean(dim=0, keepdim=False)", "mean(X, 0)"),
        ("X.softmax(dim=0)", "softmax(X, 0)"),
        ("torch.cos(x)", "cos(x)"),
    ],
)
def test_both_spellings_normalise_to_one(typed: str, normalised: str) -> None:
    assert parse(typed).text == normalised
    assert parse(normalised).text == normalised


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("sum(X, keepdim=__import__)", "keepdim_value"),
        ("sum(X, 1, keepdim=1)", "keepdim_value"),
        ("sum(X, 1, keepdim=x)", "keepdim_value"),
        ("sum(X, keepdim=True)", "keepdim_needs_dim"),
        ("X.sum(keepdim=True)", "keepdim_needs_dim"),
        ("softmax(X, 1, keepdim=True)", "keyword"),
        ("relu(x, keepdim=True)", "keyword"),
        ("sum(X, axis=1)", "keyword"),
        ("sum(X, 1, out=X)", "keyword"),
        ("sum(X, **x)", "keyword"),
        ("True", "bool_outside_keepdim"),
        ("x * False", "bool_outside_keepdim"),
        ("sum(X, True)", "bool_outside_keepdim"),
        ("softmax(X, 2)", "reduce_dim"),
        ("sin(x, x)", "arity"),
    ],
)
def test_hostile_keywords_and_booleans_are_refused(text: str, key: str) -> None:
    assert error_of(text).msg.key == key


@pytest.mark.parametrize(
    ("text", "key", "column"),
    [
        ("x # a comment", "comment", 3),
        ("x#", "comment", 2),
        ("0x1 * x", "number_spelling", 1),
        ("x * 0b1", "number_spelling", 5),
        ("1_0 * x", "number_spelling", 1),
        ("x * 1_000", "number_spelling", 5),
        ("x²", "superscript", 2),
        ("x³ + 1", "superscript", 2),
        ("||x||", "bars", 1),
        ("2 * |x|", "bars", 5),
        ("x / ‖x‖", "bars", 5),
        ("a | b", "bars", 3),
        ("ｘ", "bad_character", 1),
        ("ﬁ", "bad_character", 1),
    ],
)
def test_what_the_table_does_not_list_is_refused(text: str, key: str, column: int) -> None:
    with pytest.raises(NotationError) as caught:
        parse(text)
    assert caught.value.msg.key == key
    assert caught.value.column == column


def test_python_warnings_never_reach_the_learner(recwarn: pytest.WarningsRecorder) -> None:
    with pytest.raises(NotationError):
        parse("1if x else 2")
    assert not [w for w in recwarn if issubclass(w.category, SyntaxWarning)]


def test_the_closest_name_ignores_case() -> None:
    hint = closest_hint("G", ["g", "W", "x"])
    assert "Did you mean g?" in str(hint)
    assert "Did you mean W?" in str(closest_hint("w", ["W", "x"]))
    assert closest_hint("zzz", ["g"]) == ""


@pytest.mark.parametrize("text", ["zeros(0, 10**9)", "ones(0, 10**16)", "zeros(2000000, 0)"])
def test_an_empty_tensor_with_a_huge_side_is_refused(text: str) -> None:
    with pytest.raises(SizeTooLarge):
        ev(text)


def test_reading_inputs_is_work_too() -> None:
    """norm of a big tensor costs its elements, not one unit (a forward pass of norms adds up)."""
    evaluator = Evaluator(NAMES, DIMS, build=False)
    evaluator.evaluate_text("norm(ones(1000, 1000))")
    assert evaluator.work >= 2_000_000
    with pytest.raises(TooMuchWork):
        Evaluator(NAMES, DIMS, build=False).evaluate_text(
            " + ".join(["norm(ones(1000, 1000))"] * 26)
        )


def test_batched_inverses_cost_every_matrix() -> None:
    big = {"B": Value((244, 64, 64), ("b", "n", "n"))}
    with pytest.raises(TooMuchWork):
        Evaluator(big, {}, build=False).evaluate_text("inv(B)")
    assert issubclass(TooMuchWork, LimitError)
