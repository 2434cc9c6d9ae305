"""Hypothesis properties: random text, random grammar expressions and random Python ASTs never
raise anything but the trainer's own errors, finish in bounded time, and read back the same."""

from __future__ import annotations

import ast
import json
import random
import time

import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trainer.errors import NotationError
from trainer.notation import Evaluator, Value, parse
from trainer.notation.functions import FUNCTIONS
from trainer.notation.shapes import parse_shape
from trainer.questions.dims import can_draw_distinct, draw_dims
from trainer.questions.model import DimRange

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

BOUND = 2.0  # seconds per example
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

F64 = torch.float64
DIMS = {"m": 3, "n": 4}
LABELS = {"W": ("m", "n"), "x": ("n",), "b": ("m",), "S": ("n", "n"), "s": ()}


def _tensors() -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(7)
    out = {
        name: torch.randn(tuple(DIMS[d] for d in labels), generator=g, dtype=F64)
        for name, labels in LABELS.items()
    }
    a = torch.randn(4, 4, generator=g, dtype=F64)
    out["S"] = a @ a.T / 4 + torch.eye(4, dtype=F64)
    return out


TENSORS = _tensors()


def tensor_env() -> dict[str, Value]:
    return {n: Value(tuple(t.shape), LABELS[n], t) for n, t in TENSORS.items()}


def shape_env() -> dict[str, Value]:
    return {n: Value(tuple(t.shape), LABELS[n]) for n, t in TENSORS.items()}


def run(text: str, build: bool) -> Value | None:
    """Parse and evaluate; None for a NotationError. Anything else fails the property."""
    start = time.perf_counter()
    try:
        names = tensor_env() if build else shape_env()
        return Evaluator(names, DIMS, build=build).evaluate(parse(text).tree)
    except NotationError as error:
        assert error.text()
        assert error.column is None or error.column >= 1
        return None
    finally:
        assert time.perf_counter() - start < BOUND, text


# --- strategies ---------------------------------------------------------------------------------

NAMES = st.sampled_from(["x", "W", "b", "S", "s", "m", "n", "q", "Wx", "xb", "torch", "T"])
NUMBERS = st.one_of(
    st.integers(0, 20).map(str),
    st.integers(0, 10**6).map(str),
    st.floats(0, 100, allow_nan=False).map(lambda f: f"{f:g}"),
    st.sampled_from(["1e3", "1e-3", "0.5", "1e400", "2.", ".5", "007", "1_000"]),
)
BINARY = st.sampled_from(
    ["+", "-", "*", "/", "@", "**", "⊙", "∘", "^", ">", "<", ">=", "<=", " ", "==", "//", "%"]
)
FUNCTION_NAMES = st.sampled_from(
    [*FUNCTIONS, *(f"torch.{f}" for f in ("outer", "sum", "exp")), "foo", "torch.foo"]
)
SUFFIXES = st.sampled_from(
    [".T", "ᵀ", "^T", ".t()", ".sum()", ".sum(dim=0)", ".sum(dim=1)", ".mean()", ".detach()",
     ".mean(dim=-1)", ".foo()", ".shape", "[0]"]
)  # fmt: skip


def _list_literal(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, BINARY, inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        inner.map(lambda e: f"-{e}"),
        inner.map(lambda e: f"({e})"),
        st.tuples(inner, SUFFIXES).map(lambda t: f"({t[0]}){t[1]}"),
        st.tuples(FUNCTION_NAMES, st.lists(inner, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.lists(inner, min_size=1, max_size=3).map(_list_literal),
    )


EXPRESSIONS = st.recursive(st.one_of(NAMES, NUMBERS), _extend, max_leaves=12)

NOTATION_CHARS = list("xWbSsmnq0123456789 +-*/@^().,[]<>=_:ᵀ⊙∘T'\"\\{}!~%&|;#e")
TEXT = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(NOTATION_CHARS), max_size=80),
)


# --- random Python ASTs, including everything the allow-list must refuse ----------------------

_AST_LEAVES = st.one_of(
    NAMES.filter(str.isidentifier).map(lambda n: ast.Name(id=n, ctx=ast.Load())),
    st.sampled_from(["__import__", "os", "open", "__class__", "eval"]).map(
        lambda n: ast.Name(id=n, ctx=ast.Load())
    ),
    st.one_of(
        st.integers(-5, 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=5),
        st.binary(max_size=3),
        st.booleans(),
        st.none(),
        st.complex_numbers(max_magnitude=10, allow_nan=False),
    ).map(lambda v: ast.Constant(value=v)),
)
_AST_BINOPS = st.sampled_from(
    [ast.Add, ast.Sub, ast.Mult, ast.Div, ast.MatMult, ast.Pow, ast.FloorDiv, ast.Mod,
     ast.BitXor, ast.BitOr, ast.LShift]
)  # fmt: skip
_AST_CMPOPS = st.sampled_from([ast.Gt, ast.Lt, ast.GtE, ast.LtE, ast.Eq, ast.Is, ast.In])
_AST_ATTRS = st.sampled_from(["T", "t", "sum", "mean", "detach", "__class__", "__mro__", "shape"])


def _ast_extend(inner: st.SearchStrategy[ast.expr]) -> st.SearchStrategy[ast.expr]:
    load = ast.Load()
    return st.one_of(
        st.builds(lambda a, op, b: ast.BinOp(a, op(), b), inner, _AST_BINOPS, inner),
        st.builds(
            lambda op, a: ast.UnaryOp(op(), a),
            st.sampled_from([ast.USub, ast.UAdd, ast.Not, ast.Invert]),
            inner,
        ),
        st.builds(
            lambda a, ops, bs: ast.Compare(a, [o() for o in ops], bs[: len(ops)] or [a]),
            inner,
            st.lists(_AST_CMPOPS, min_size=1, max_size=2),
            st.lists(inner, min_size=2, max_size=2),
        ),
        st.builds(lambda v, attr: ast.Attribute(v, attr, load), inner, _AST_ATTRS),
        st.builds(
            lambda f, args, kw: ast.Call(
                f, args, [ast.keyword(arg=k, value=args[0] if args else f) for k in kw]
            ),
            st.one_of(
                FUNCTION_NAMES.filter(str.isidentifier).map(lambda n: ast.Name(n, load)),
                st.builds(lambda v, attr: ast.Attribute(v, attr, load), inner, _AST_ATTRS),
                inner,
            ),
            st.lists(inner, max_size=3),
            st.lists(st.sampled_from(["dim", "axis", "keepdim"]), max_size=1),
        ),
        st.builds(lambda items: ast.List(items, load), st.lists(inner, max_size=3)),
        st.builds(lambda items: ast.Tuple(items, load), st.lists(inner, max_size=3)),
        st.builds(lambda v, i: ast.Subscript(v, i, load), inner, inner),
        st.builds(
            lambda body: ast.Lambda(
                ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
                body,
            ),
            inner,
        ),
        st.builds(lambda a, b: ast.BoolOp(ast.And(), [a, b]), inner, inner),
        st.builds(lambda a, b, c: ast.IfExp(a, b, c), inner, inner, inner),
        st.builds(lambda a, b: ast.Dict([a], [b]), inner, inner),
        st.builds(
            lambda elt, it: ast.ListComp(
                elt, [ast.comprehension(ast.Name("i", ast.Store()), it, [], 0)]
            ),
            inner,
            inner,
        ),
    )


PY_ASTS = st.recursive(_AST_LEAVES, _ast_extend, max_leaves=10)


def _unparse(node: ast.expr) -> str | None:
    try:
        return ast.unparse(ast.fix_missing_locations(ast.Expression(node)))
    except Exception:  # some random trees cannot be printed; those are not inputs
        return None


# --- properties ---------------------------------------------------------------------------------


@PROPERTY
@given(TEXT)
def test_random_text_raises_only_notation_errors(text: str) -> None:
    run(text, build=False)
    run(text, build=True)


@PROPERTY
@given(EXPRESSIONS)
def test_grammar_expressions_raise_only_notation_errors(text: str) -> None:
    shape_only = run(text, build=False)
    built = run(text, build=True)
    if shape_only is not None and built is not None:
        # the preview's shape is the real shape
        assert tuple(built.shape) == tuple(shape_only.shape)
        assert built.labels == shape_only.labels
        if built.tensor is not None:
            assert tuple(built.tensor.shape) == tuple(built.shape)
    if built is not None:
        assert shape_only is not None, "built but the preview refused it"


@PROPERTY
@given(PY_ASTS)
def test_random_python_asts_raise_only_notation_errors(node: ast.expr) -> None:
    text = _unparse(node)
    assume(text is not None)
    run(text, build=False)
    run(text, build=True)


def _as_tensor(value: Value) -> torch.Tensor:
    return torch.tensor(value.const, dtype=F64) if value.const is not None else value.tensor


@PROPERTY
@given(EXPRESSIONS)
def test_normalised_text_is_a_fixed_point_with_the_same_value(text: str) -> None:
    try:
        expression = parse(text)
    except NotationError:
        return
    again = parse(expression.text)
    assert again.text == expression.text
    original = run(text, build=True)
    if original is None:
        return
    normalised = run(expression.text, build=True)
    assert normalised is not None, f"{text!r} evaluates but its normalised text does not"
    a, b = _as_tensor(original), _as_tensor(normalised)
    assert_same_values(a, b)


def assert_same_values(a: torch.Tensor, b: torch.Tensor) -> None:
    """The same shape, NaN where and only where the other has NaN, every other entry close."""
    assert a.shape == b.shape
    assert torch.equal(a.isnan(), b.isnan()), f"NaN in different places: {a} and {b}"
    numbers = ~a.isnan()
    assert torch.allclose(a[numbers], b[numbers]), f"different values: {a} and {b}"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([1.0, 2.0], [1.0, 2.5]),  # no NaN anywhere, a value differs
        ([float("nan"), 2.0], [float("nan"), 3.0]),  # NaN in the same place, a value differs
        ([float("nan"), 2.0], [1.0, 2.0]),  # NaN on one side only
        ([float("inf")], [float("-inf")]),
        ([1.0, 2.0], [[1.0, 2.0]]),
    ],
)
def test_the_value_comparison_fails_on_a_difference(a: list, b: list) -> None:
    with pytest.raises(AssertionError):
        assert_same_values(torch.tensor(a, dtype=F64), torch.tensor(b, dtype=F64))


def test_the_value_comparison_passes_on_the_same_values() -> None:
    nan, inf = float("nan"), float("inf")
    same = torch.tensor([[nan, 1.0], [inf, -2.0]], dtype=F64)
    assert_same_values(same, same.clone() + torch.tensor([[0.0, 1e-12], [0.0, 0.0]], dtype=F64))


@PROPERTY
@given(st.floats(allow_nan=False, allow_infinity=True, min_value=0))
def test_number_literals_normalise_to_text_that_reads_back(number: float) -> None:
    text = repr(number)
    try:
        expression = parse(text)
    except NotationError:
        return
    assert parse(expression.text).text == expression.text


# --- shapes ---------------------------------------------------------------------------------------

COMPONENT = st.one_of(st.sampled_from(["m", "n", "k"]), st.integers(1, 64).map(str))


@PROPERTY
@given(st.lists(COMPONENT, min_size=2, max_size=4), st.data())
def test_every_spelling_of_a_shape_reads_the_same(components: list[str], data) -> None:
    dims = frozenset({"m", "n", "k"})
    spellings = [
        "(" + ", ".join(components) + ")",
        "[" + ", ".join(components) + "]",
        ", ".join(components),
        " x ".join(components),
        "×".join(components),
    ]
    for spelling in spellings:
        assert parse_shape(spelling, dims).components == tuple(components), spelling


@PROPERTY
@given(COMPONENT)
def test_one_dimensional_spellings_read_the_same(component: str) -> None:
    dims = frozenset({"m", "n", "k"})
    for spelling in (f"({component},)", f"({component})", component, f"[{component}]"):
        assert parse_shape(spelling, dims).components == (component,)


@PROPERTY
@given(TEXT)
def test_random_shape_text_raises_only_notation_errors(text: str) -> None:
    try:
        shape = parse_shape(text, frozenset({"m", "n"}))
    except NotationError:
        return
    assert all(c in ("m", "n") or c.isdigit() for c in shape.components)


# --- dimensions -------------------------------------------------------------------------------

RANGES = st.tuples(st.integers(1, 12), st.integers(0, 6)).map(lambda t: DimRange(t[0], t[0] + t[1]))


@PROPERTY
@given(
    st.dictionaries(st.sampled_from(list("abcdefg")), RANGES, max_size=6),
    st.sets(st.integers(1, 12), max_size=3),
    st.integers(0, 2**32),
)
def test_drawn_dimensions_are_distinct_and_in_range(dims, literal_sizes, seed) -> None:
    fixed = [d.low for d in dims.values() if d.fixed]
    if not can_draw_distinct(dims, literal_sizes):
        return
    drawn = draw_dims(dims, literal_sizes, random.Random(seed))
    assert set(drawn) == set(dims)
    for name, size in drawn.items():
        assert dims[name].low <= size <= dims[name].high
    ranged = [drawn[n] for n, d in dims.items() if not d.fixed]
    assert len(set(ranged)) == len(ranged)
    assert not set(ranged) & (set(fixed) | set(literal_sizes))
    assert draw_dims(dims, literal_sizes, random.Random(seed)) == drawn  # deterministic


@PROPERTY
@given(st.integers(2, 20), st.integers(0, 3))
def test_dimension_ranges_that_cannot_be_distinct_are_detected(width: int, extra: int) -> None:
    # `width + extra` dimensions share a range of `width` sizes
    dims = {f"d{i}": DimRange(1, width) for i in range(width + extra)}
    assert can_draw_distinct(dims, set()) == (extra == 0)


# --- the oracle and the batch grader ------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(EXPRESSIONS, TEXT))
def test_the_oracle_judges_any_text_without_raising(oracle_for, text: str) -> None:
    oracle = oracle_for("relu-dw")
    start = time.perf_counter()
    verdict = oracle.judge_value(text)
    assert verdict.verdict in ("correct", "wrong_shape", "wrong_value", "invalid")
    assert verdict.correct == (verdict.verdict == "correct")
    if verdict.verdict != "correct":
        assert verdict.message_text()
    preview = oracle.preview(text)
    if not preview.ok:
        assert verdict.verdict == "invalid", "the preview refused what the oracle judged"
    shape_verdict = oracle.judge_shape(text)
    assert shape_verdict.verdict in ("correct", "wrong_shape", "invalid")
    json.dumps(verdict.as_json())
    assert time.perf_counter() - start < 3 * BOUND


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(), inner)),
    max_leaves=8,
)
GRADE_ITEMS = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["xtx", "memory-choice", "nope"]), JSON_VALUES),
        "answer": st.one_of(EXPRESSIONS, st.sampled_from(["2 * x", "2", "(n,)"]), JSON_VALUES),
        "shape": st.one_of(st.booleans(), JSON_VALUES),
        "seed": st.one_of(st.integers(0, 3), JSON_VALUES),
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(GRADE_ITEMS.map(json.dumps), TEXT, JSON_VALUES.map(json.dumps)))
def test_any_grade_line_gets_one_verdict_object(valid_bank, line: str) -> None:
    from trainer.json_lines import judge_line
    from trainer.oracle import Judge

    result = judge_line(Judge(valid_bank.questions), line).as_json()
    assert set(result) == {
        "id", "kind", "answer", "verdict", "correct", "message", "expected_shape", "answer_shape",
        "diagnosis", "listed",
    } | ({"step"} if "step" in result else set())  # fmt: skip
    assert result["verdict"] in ("correct", "wrong_shape", "wrong_value", "invalid")
    assert isinstance(result["message"], str)
    json.dumps(result)


@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_trials_sizes_are_all_distinct(oracle_for, seed: int) -> None:
    for qid in ("lin-dw", "batch-dw", "fixed-dims", "inits"):
        for trial in oracle_for(qid, seed).trials:
            sizes = list(trial.dims.values())
            assert len(set(sizes)) == len(sizes), (qid, trial.dims)
            assert all(1 <= s <= 64 for s in sizes)


def test_ranged_dims_avoid_integer_sizes_in_shapes(oracle_for) -> None:
    for seed in range(5):
        for trial in oracle_for("fixed-dims", seed).trials:
            assert trial.dims["k"] == 3
            assert not {trial.dims["m"], trial.dims["n"]} & {3, 4}
