"""tidy.py's promise: every rewrite keeps the value and the shape of the expression. Hypothesis
builds random expressions of the kind the rules produce (products with ones(...), numbers,
negations, transposes, sums and means, eye), tidies them, and evaluates both in float64."""

from __future__ import annotations

import os

import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trainer.errors import NotationError
from trainer.notation import Evaluator, Value, parse
from trainer.notation.nodes import render
from trainer.notation.tidy import tidy

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

F64 = torch.float64
DIMS = {"m": 3, "n": 4}
LABELS = {"a": ("m", "n"), "b": ("n",), "c": ("m",), "s": (), "p": ("n",)}


def _tensors() -> dict[str, torch.Tensor]:
    generator = torch.Generator().manual_seed(11)
    out = {}
    for name, labels in LABELS.items():
        shape = tuple(DIMS[d] for d in labels)
        out[name] = torch.randn(shape, generator=generator, dtype=F64)
    out["p"] = 0.5 + torch.rand(4, generator=generator, dtype=F64)  # a safe divisor
    return out


TENSORS = _tensors()
VALUES = {n: Value(tuple(t.shape), LABELS[n], t) for n, t in TENSORS.items()}
VALUES |= {"dy": VALUES["a"], "dv": VALUES["b"]}  # adjoint names, as a derivation has them
SHAPES = {n: Value(v.shape, v.labels) for n, v in VALUES.items()}


def labels(node) -> tuple[str, ...] | None:
    """The shape rule tidy asks: the expression's labels, or None where it does not evaluate."""
    try:
        return Evaluator(SHAPES, DIMS, build=False).evaluate(node).labels
    except NotationError:
        return None


leaves = st.sampled_from(
    ["a", "b", "c", "s", "ones(m, n)", "ones(n)", "ones(m)", "ones(1, n)", "eye(n)", "eye(m)",
     "0", "1", "2", "0.5", "-1", "dy", "dv"]
)  # fmt: skip


def _grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        st.builds(lambda ab, op: f"({ab[0]} {op} {ab[1]})", pair, st.sampled_from("+-*@")),
        st.builds(lambda x: f"({x} / p)", children),
        st.builds(lambda x: f"({x} / 2)", children),
        st.builds(lambda x: f"-({x})", children),
        st.builds(lambda x: f"({x}).T", children),
        st.builds(lambda x: f"sum({x})", children),
        st.builds(lambda x, d: f"sum({x}, {d})", children, st.sampled_from("01")),
        st.builds(lambda x: f"(sum({x}, 1) / n)", children),
        st.builds(lambda x: f"outer({x}, ones(n))", children),
        st.builds(lambda x: f"outer(ones(m), {x})", children),
    )


expressions = st.recursive(leaves, _grow, max_leaves=8)


def evaluate(node) -> torch.Tensor:
    value = Evaluator(VALUES, DIMS).evaluate(node)
    if value.const is not None:
        return torch.tensor(value.const, dtype=F64)
    return value.tensor


@settings(
    max_examples=int(os.environ.get("TRAINER_TIDY_EXAMPLES", 200)),
    derandomize="TRAINER_TIDY_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(text=expressions)
def test_tidy_keeps_value_and_shape(text: str) -> None:
    tree = parse(text).tree
    before_labels = labels(tree)
    assume(before_labels is not None)
    tidied = tidy(tree, labels)
    assert labels(tidied) == before_labels, f"{text} → {render(tidied)}"
    before, after = evaluate(tree), evaluate(tidied)
    assert after.shape == before.shape, f"{text} → {render(tidied)}"
    assert torch.allclose(after, before, rtol=1e-9, atol=1e-12, equal_nan=True), (
        f"{text} → {render(tidied)}"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dy * 1 + 0", "dy"),
        ("dy.T.T", "dy"),
        ("-(-dy)", "dy"),
        ("dv.T", "dv"),
        ("sum(dy, 1) / n", "mean(dy, 1)"),
        ("outer(ones(m), ones(n))", "ones(m, n)"),
        ("dy @ eye(n)", "dy"),
    ],
)
def test_tidy_examples(text: str, expected: str) -> None:

    tidied = tidy(parse(text).tree, labels)
    assert render(tidied) == expected
    assert labels(tidied) == labels(parse(text).tree)


@pytest.mark.parametrize(
    "text",
    ["ones(m, n) * ones(m, n)", "1 * ones(m, n) * ones(m, n)", "ones(n) + ones(n)",
     "ones(n) - ones(n)", "-(ones(n) * ones(n))", "(ones(m, n) * ones(m, n)) @ ones(n)"],
)  # fmt: skip
def test_ones_beside_ones_keeps_the_shape(text: str) -> None:
    """Each ones(...) may go where the other side has the result's shape, but not both: the
    rules produce `g * ones(...)` with g itself ones(...) for `loss = sum(a * ones(m, n))`."""
    tree = parse(text).tree
    tidied = tidy(tree, labels)
    assert labels(tidied) == labels(tree), f"{text} → {render(tidied)}"
    assert torch.equal(evaluate(tidied), evaluate(tree))
